"""The training section of the site: quiz pages, exam pages, trainer pages, downloads.

Layer: render (pure), listed in ``render.RENDERERS``. Every active procedure gets a
practice quiz page, and so does every role that takes part (R, A or C) in a step of one;
every role with an exam blueprint gets an exam page that states the blueprint and holds
no question and no key: exams are taken in the LMS (SCORM, Moodle, QTI) or on paper.

Trainer pages (each bank with its answer key, and a file in every export format, drawn
with seed 0 so that the page, the printed sheet and the LMS files show the same letters)
are published only with ``training: {trainer_pages: true}`` in opsmanual.yml, the
setting of a separate trainer build: the staff site carries no answer key beyond the
practice quizzes' own.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from generator.quiz import exam as exams
from generator.quiz.bank import build_bank, counts
from generator.quiz.model import Question
from generator.quiz.select import Selection, select
from generator.render.context import Files, RenderContext
from generator.render.quizformats import FORMATS
from generator.render.quizformats.common import Item, Kit, Quiz, items_of, make_quiz, quiz_digest
from generator.render.views import Views
from generator.source import addresses as links
from generator.source.addresses import Ref

ATTEMPT_SIZE = 10  # questions per attempt on a quiz page
# A quiz page carries a balanced draw of at most this many questions of its bank: the
# bank of a role accountable for every step has 500+ questions, a 700 KB page that
# slowed the site build fourfold. Trainer pages and downloads carry the whole bank.
PAGE_POOL = 40
OVERVIEW = "training/index.md"
TRAINER = "training/trainer/index.md"
EXAMS = "training/exams"
DOWNLOADS = "training/downloads"
SEED = 0


@dataclass(frozen=True)
class SiteBank:
    """The questions of one procedure, one role, or the whole manual."""

    kind: str  # procedures | roles | all
    id: str
    title: str
    back: Ref | None
    questions: tuple[Question, ...]

    @property
    def page(self) -> str:
        """The quiz page."""
        return links.quiz_page(self.kind, self.id)

    @property
    def trainer_page(self) -> str:
        """The trainer page."""
        return f"training/trainer/{self.kind}/{self.id}.md"

    @property
    def storage_key(self) -> str:
        """Browser storage key: changes with the bank, so a new version starts clean."""
        digest = hashlib.sha256(" ".join(q.id for q in self.questions).encode()).hexdigest()
        return f"opsmanual-quiz:{self.kind}/{self.id}:{digest[:10]}"

    @property
    def js_seed(self) -> int:
        """Base seed of the page's attempts (differs between pages)."""
        return int(hashlib.sha256(self.page.encode()).hexdigest()[:8], 16)


@dataclass(frozen=True)
class Download:
    """One export file of a bank."""

    label: str
    path: str


def banks(views: Views, t: Callable[..., str], bank: tuple[Question, ...]) -> list[SiteBank]:
    """The banks with a page: active procedures (nav order), then taking-part roles."""
    in_force = {p.id for p in views.manual.active}
    out = [
        SiteBank(
            "procedures", v.proc.id, v.proc.title, v.ref, select(bank, Selection((v.proc.id,)))
        )
        for v in views.procedures()
        if v.proc.id in in_force
    ]
    for role in views.manual.role_order:
        if role.id in views.manual.learner_roles:
            chosen = select(bank, Selection(roles=(role.id,)))
            out.append(SiteBank("roles", role.id, role.name, views.role(role.id), chosen))
    return out


def _items(ctx: RenderContext, questions: tuple[Question, ...], title: str) -> list[Item]:
    return items_of(make_quiz(ctx.manual, questions, title, SEED))


def _downloads(ctx: RenderContext, quiz: Quiz, name: str) -> tuple[Files, list[Download]]:
    if not quiz.questions:
        return {}, []
    kit = Kit(ctx.t, ctx.env, ctx.assets)

    def make() -> dict[str, bytes]:
        return {
            f"{fmt}|{suffix}": data
            for fmt, export in FORMATS.items()
            for suffix, data in export(quiz, kit).items()
        }

    # every export of a bank at once, kept by the content of the quiz: an edit elsewhere
    # in the manual reuses them
    exports = ctx.memo.fetch(f"quiz-exports {quiz_digest(quiz)}", make)
    files: Files = {}
    found = []
    for tag, data in exports.items():
        fmt, suffix = tag.split("|", 1)
        # a .md file in site/ would become a page: Markdown downloads are .md.txt
        suffix += ".txt" if suffix.endswith(".md") else ""
        path = f"{DOWNLOADS}/{name}{suffix}"
        files[PurePosixPath(path)] = data
        label = ctx.t("quiz_format_key" if suffix.startswith("-key") else f"quiz_format_{fmt}")
        found.append(Download(label, path))
    return files, found


def _hrefs(page: str, downloads: list[Download]) -> list[tuple[str, str]]:
    return [(d.label, links.url(page, d.path)) for d in downloads]


def _tally(questions: tuple[Question, ...]) -> list[tuple[str, int]]:
    return [(kind.value, n) for kind, n in counts(questions).items() if n]


def js_labels(t: Callable[..., str]) -> dict[str, str]:
    """The UI strings quiz.js shows, keyed without the ``quiz_js_`` prefix."""
    keys = ("attempt", "exam_attempt", "progress", "exam_progress", "right", "wrong", "pick")
    more = ("result", "unanswered", "confirm", "passed", "failed", "result_pct")
    return {k: t(f"quiz_js_{k}") for k in (*keys, *more)}


def _publish(ctx: RenderContext) -> bool:
    return ctx.manual.settings.training.trainer_pages


def render_bank(ctx: RenderContext, bank: SiteBank) -> Files:
    """The quiz page and, in a trainer build, the trainer page and downloads of one bank."""
    title = ctx.t(f"quiz_title_{bank.kind}", name=bank.title)
    role = bank.id if bank.kind == "roles" else None
    pass_mark = exams.pass_mark(ctx.manual, role)
    pool = bank.questions
    if len(pool) > PAGE_POOL:
        pool = select(pool, Selection(count=PAGE_POOL, seed=SEED, exam=True))
    publish = _publish(ctx)
    files = ctx.page(
        "quiz.md.j2",
        bank.page,
        bank=bank,
        title=title,
        items=_items(ctx, pool, title),
        size=ATTEMPT_SIZE,
        trainer_href=links.url(bank.page, bank.trainer_page) if publish else "",
        labels=js_labels(ctx.t),
        pass_mark=pass_mark,
    )
    if not publish:
        return files
    quiz = make_quiz(ctx.manual, bank.questions, title, SEED, pass_mark=pass_mark)
    extra, downloads = _downloads(ctx, quiz, f"{bank.kind}-{bank.id}")
    files |= extra
    if role:
        extra, exam_downloads = _exam_downloads(ctx, role)
        files |= extra
        downloads += exam_downloads
    items = _items(ctx, bank.questions, title)
    files |= ctx.page(
        "quiz_trainer.md.j2",
        bank.trainer_page,
        bank=bank,
        title=ctx.t("quiz_trainer_title", name=bank.title),
        items=items,
        downloads=_hrefs(bank.trainer_page, downloads),
        tally=_tally(bank.questions),
        quiz_href=links.url(bank.trainer_page, bank.page),
    )
    return files


def _exam_downloads(ctx: RenderContext, role: str) -> tuple[Files, list[Download]]:
    """The role's exam, drawn by its blueprint with seed 0, in every format (trainer build)."""
    plan = exams.blueprint(ctx.manual, role)
    if plan is None:
        return {}, []
    questions, exam = exams.draw(ctx.manual, build_bank(ctx.manual, ctx.t), plan, SEED)
    quiz = make_quiz(ctx.manual, questions, ctx.t("quiz_title_exam", name=exam.title), SEED, exam)
    files, downloads = _downloads(ctx, quiz, f"exam-{role}")
    label = ctx.t("quiz_exam_download")
    return files, [Download(f"{label} · {d.label}", d.path) for d in downloads]


def exam_page(role: str) -> str:
    """Source path of a role's exam page."""
    return f"{EXAMS}/{role}.md"


def exam_pages(ctx: RenderContext, bank: tuple[Question, ...]) -> tuple[Files, list[Any]]:
    """One page per role exam: the blueprint, how it is sat; no question, no key."""
    files: Files = {}
    found = []
    for role in ctx.manual.role_order:
        plan = exams.blueprint(ctx.manual, role.id)
        if plan is None or role.id not in ctx.manual.learner_roles:
            continue
        _questions, exam = exams.draw(ctx.manual, bank, plan, SEED)
        found.append((role, exam))
        practice = links.url(exam_page(role.id), links.quiz_page("roles", role.id))
        files |= ctx.page(
            "quiz_exam.md.j2", exam_page(role.id), role=role, exam=exam, practice=practice
        )
    return files, found


def render(ctx: RenderContext) -> Files:
    """Every page and file of the training section."""
    bank = build_bank(ctx.manual, ctx.t)
    found = banks(ctx.views, ctx.t, bank)
    files: Files = {}
    for b in found:
        files |= render_bank(ctx, b)
    extra, exam_list = exam_pages(ctx, bank)
    files |= extra
    publish = _publish(ctx)
    common = {"banks": found, "tally": _tally(bank), "links_url": links.url}
    files |= ctx.page(
        "quiz_index.md.j2",
        OVERVIEW,
        trainer=TRAINER if publish else "",
        exams=[(role, exam, exam_page(role.id)) for role, exam in exam_list],
        **common,
    )
    if publish:
        title = ctx.t("quiz_title_all")
        extra, downloads = _downloads(ctx, make_quiz(ctx.manual, bank, title, SEED), "all-manual")
        files |= extra
        files |= ctx.page(
            "quiz_trainer_index.md.j2", TRAINER, downloads=_hrefs(TRAINER, downloads), **common
        )
    return files


def nav_entries(views: Views, t: Callable[..., str]) -> list[Any]:
    """The "Training" section of the navigation."""
    found = banks(views, t, ())  # which banks have pages does not depend on their questions
    procs = [{b.title: b.page} for b in found if b.kind == "procedures"]
    roles = [{b.title: b.page} for b in found if b.kind == "roles"]
    manual = views.manual
    exam_roles = [
        {t("quiz_exam_nav", name=r.name): exam_page(r.id)}
        for r in manual.role_order
        if r.id in manual.learner_roles and exams.blueprint(manual, r.id) is not None
    ]
    section: list[Any] = [{t("quiz_overview"): OVERVIEW}]
    section += [{t("quiz_nav_procedures"): procs}] if procs else []
    section += [{t("quiz_nav_roles"): roles}] if roles else []
    section += [{t("quiz_nav_exams"): exam_roles}] if exam_roles else []
    if manual.settings.training.trainer_pages:
        section += [{t("quiz_nav_trainer"): TRAINER}]
    return [{t("training"): section}]
