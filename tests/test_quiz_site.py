"""The training section: quiz pages, trainer pages, downloads, navigation."""

from __future__ import annotations

import dataclasses
import posixpath
import re
import shutil
from pathlib import Path, PurePosixPath

from generator.render import Files, RenderContext
from generator.render import training as site
from generator.render.templating import environment
from generator.render.views import Views
from generator.source import addresses as links
from generator.source.loader import load_manual
from generator.source.manual import Manual
from generator.source.messages import translator
from generator.source.models import TrainingSettings
from generator.source.presentation import default_presentation

from .conftest import TODAY
from .quiz_manual import knowledge_sink

KITCHEN_SINK = knowledge_sink()  # the kitchen sink with facts, a case and an exam


def context(root: Path, *, trainer: bool = False) -> RenderContext:
    """The render context; ``trainer``: a trainer build (training.trainer_pages: true)."""
    manual, findings = load_manual(root)
    assert manual is not None, [f.as_text() for f in findings]
    if trainer:
        publish = TrainingSettings(trainer_pages=True)
        manual = dataclasses.replace(
            manual, settings=manual.settings.model_copy(update={"training": publish})
        )
    t = translator(manual.settings.language.value)
    env = environment(manual.settings.language.value, default_presentation())
    return RenderContext(manual, env, Views(manual, TODAY, t), TODAY, t, {})


def render(root: Path = KITCHEN_SINK, *, trainer: bool = False) -> tuple[Manual, Files]:
    ctx = context(root, trainer=trainer)
    return ctx.manual, site.render(ctx)


def text(files: Files, path: str) -> str:
    value = files[PurePosixPath(path)]
    return value if isinstance(value, str) else value.decode()


def test_pages_for_active_procedures_and_roles_taking_part() -> None:
    manual, files = render()
    quiz_pages = sorted(
        str(p) for p in files if re.fullmatch(r"training/(procedures|roles)/[\w-]+\.md", str(p))
    )
    assert quiz_pages == [
        "training/procedures/account-opening.md",
        "training/procedures/suspicious-case.md",
        "training/roles/branch-manager.md",
        "training/roles/compliance-officer.md",
        "training/roles/customer.md",
        "training/roles/reviewer.md",
        "training/roles/teller.md",
    ]  # no retired old-process; the regulator is only informed
    for page in quiz_pages:
        kind, item = page.split("/")[1], page.split("/")[2][:-3]
        assert links.quiz_page(kind, item) == page
    assert {p.id for p in manual.active} == {"account-opening", "suspicious-case"}
    assert "regulator" not in manual.learner_roles and "teller" in manual.learner_roles
    assert "training/index.md" in {str(p) for p in files}
    # the staff site: no trainer page, no answer key beyond the practice quizzes' own
    assert not [p for p in files if str(p).startswith(("training/trainer/", "training/downloads/"))]
    _manual, trainer_build = render(trainer=True)
    assert "training/trainer/index.md" in {str(p) for p in trainer_build}


def test_quiz_page_is_real_html_readable_without_script() -> None:
    _manual, files = render()
    page = text(files, "training/procedures/account-opening.md")
    assert page.startswith(
        "---\nsearch:\n  exclude: true\n---\n# Quiz&#58; Open a personal account"
    )
    items = re.findall(r'<li class="om-q" id="(q\w+)" data-om-q="\1" data-om-form="(\w+)"', page)
    assert len(items) == page.count("<fieldset>") > 20
    for qid, form in items:
        body = page.split(f'id="{qid}"')[1].split("</li>")[0]
        if form == "ordering":
            ranks = sorted(int(r) for r in re.findall(r'data-om-rank="(\d+)"', body))
            assert ranks == list(range(1, len(ranks) + 1))
        elif form == "multiple":
            assert body.count("data-om-correct") >= 2
            assert body.count('type="checkbox"') == body.count("<label")
        else:
            assert body.count("data-om-correct") == 1
            assert body.count('type="radio"') == (
                2 if form == "truefalse" else body.count("<label")
            )
        assert "<details" in body and "<summary>Show the answer</summary>" in body
    assert 'href="../../../procedures/account-opening/#verify-identity"' in page
    assert 'data-om-labels="{&quot;attempt&quot;: &quot;Attempt {n}&quot;' in page


def test_trainer_page_has_the_bank_a_collapsed_key_and_every_download() -> None:
    _manual, files = render(trainer=True)
    page = text(files, "training/trainer/procedures/account-opening.md")
    assert page.startswith(
        "---\nsearch:\n  exclude: true\n---\n# For trainers&#58; Open a personal account"
    )
    assert '<details class="om-quiz-key">' in page and "<details open" not in page
    hrefs = re.findall(r'<a class="md-button om-quiz-dl" href="([^"]+)" download>', page)
    assert len(hrefs) == 9
    base = "training/trainer/procedures/account-opening.md"
    for href in hrefs:
        assert PurePosixPath(posixpath.normpath(links.served_dir(base) + href)) in files, href
    suffixes = sorted(h.split("account-opening")[-1] for h in hrefs)
    assert suffixes == [
        "-key.html",
        ".csv",
        ".gift.txt",
        ".html",
        ".json",
        ".md.txt",
        ".moodle.xml",
        ".qti.zip",
        ".scorm.zip",
    ]
    grid = page.split('<p class="om-quiz-grid">')[1].split("</p>")[0]
    assert grid.count("<b>") == page.count('<p class="om-quiz-stem">')


def test_author_text_stays_text(tmp_path: Path) -> None:
    root = tmp_path / "ks"
    shutil.copytree(KITCHEN_SINK, root, ignore=shutil.ignore_patterns("site", "public", ".cache"))
    source = root / "procedures" / "account-opening.yml"
    evil = "'<script>alert(1)</script> {{ 7*7 }} *x*'"
    source.write_text(
        source.read_text(encoding="utf-8").replace("title: Verify identity", f"title: {evil}"),
        encoding="utf-8",
    )
    _manual, files = render(root, trainer=True)
    for path in (
        "training/procedures/account-opening.md",
        "training/trainer/procedures/account-opening.md",
    ):
        page = text(files, path)
        assert (
            "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} *x*" in page
        )


def test_navigation_section_and_determinism() -> None:
    ctx = context(KITCHEN_SINK)
    nav = site.nav_entries(ctx.views, ctx.t)
    assert nav == [
        {
            "Training & quizzes": [
                {"Overview": "training/index.md"},
                {
                    "Procedure quizzes": [
                        {"Open a personal account": "training/procedures/account-opening.md"},
                        {"Handle a suspicious case": "training/procedures/suspicious-case.md"},
                    ]
                },
                {
                    "Role quizzes": [
                        {"Branch manager": "training/roles/branch-manager.md"},
                        {"Compliance officer": "training/roles/compliance-officer.md"},
                        {"Second reviewer": "training/roles/reviewer.md"},
                        {"Teller": "training/roles/teller.md"},
                        {"Customer": "training/roles/customer.md"},
                    ]
                },
                {"Role exams": [{"Teller exam": "training/exams/teller.md"}]},
            ]
        }
    ]  # the staff site lists no trainer page
    assert site.render(ctx) == site.render(context(KITCHEN_SINK))
    trainer = context(KITCHEN_SINK, trainer=True)
    section = site.nav_entries(trainer.views, trainer.t)[0]["Training & quizzes"]
    assert section[-1] == {"For trainers": "training/trainer/index.md"}


def test_procedure_and_role_pages_link_to_their_quiz() -> None:
    from generator.render import procedures, roles

    ctx = context(KITCHEN_SINK)
    files = procedures.render(ctx) | roles.render(ctx)
    quiz_site = site.render(ctx)
    for kind, item, page in (
        ("procedures", "account-opening", links.procedure_page("account-opening")),
        ("roles", "teller", links.role_page("teller")),
        ("procedures", "old-process", links.procedure_page("old-process")),
        ("roles", "regulator", links.role_page("regulator")),
    ):
        target = links.quiz_page(kind, item)
        href = links.url(page, target)
        linked = f'href="{href}"' in text(files, page)
        assert linked == (PurePosixPath(target) in quiz_site), (page, href)


def test_a_quiz_page_drawn_from_a_larger_bank_says_so_with_the_same_count() -> None:
    from .conftest import ROOT

    _manual, files = render(ROOT, trainer=True)
    quiz = text(files, "training/procedures/individual-account-opening.md")
    trainer = text(files, "training/trainer/procedures/individual-account-opening.md")
    bank = trainer.count('<p class="om-quiz-stem">')
    shown = quiz.count('<li class="om-q"')
    assert bank > shown == 40
    found = re.search(r"本页收录的 (\d+) 道题是从该题库 (\d+) 道题中均衡抽取的", quiz)
    assert found and (int(found[1]), int(found[2])) == (shown, bank)
    assert '<a href="../../trainer/procedures/individual-account-opening/">培训师页面</a>' in quiz
    staff = text(render(ROOT)[1], "training/procedures/individual-account-opening.md")
    assert "培训师页面" not in staff and "trainer/" not in staff
    small = text(render()[1], "training/procedures/suspicious-case.md")
    assert "均衡抽取" not in small and "balanced draw" not in small  # the whole bank is there
