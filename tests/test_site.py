"""End to end: the real sample manual and the English manual build with mkdocs --strict."""

from __future__ import annotations

import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from generator.pipeline.build import build

from .conftest import KITCHEN_SINK, copy_manual, with_settings
from .sites import BUILD_DAY, build_ok, copy_sample

pytestmark = pytest.mark.requires_dot  # every test here builds a site: Graphviz draws


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        # a canonical link names the page's published address (site_url); it loads nothing
        kind = "a" if tag == "link" and values.get("rel") == "canonical" else tag
        for name in ("href", "src", "xlink:href"):
            if values.get(name):
                self.refs.append((kind, name, str(values[name])))


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _target(public: Path, page: Path, url: str) -> Path:
    path = unquote(urlsplit(url).path)
    resolved = (page.parent / path).resolve() if path else page
    if resolved.is_dir():
        resolved = resolved / "index.html"
    return resolved


def check_links(public: Path) -> list[str]:
    """Every relative link and anchor of the built site resolves; nothing leaves the origin."""
    problems: list[str] = []
    parsed = {
        p: _parse(p) for p in public.rglob("*.html") if p.name != "404.html"
    }  # 404 uses absolute URLs
    for page, links in parsed.items():
        for tag, attr, url in links.refs:
            parts = urlsplit(url)
            if parts.scheme or url.startswith("//"):
                if tag != "a":
                    problems.append(f"{page}: {tag} {attr} loads {url} from outside the site")
                continue
            if url.startswith(("mailto:", "javascript:")):
                continue
            target = _target(public, page, url)
            if not target.exists():
                problems.append(f"{page.relative_to(public)}: broken {url}")
            elif parts.fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else _parse(target).ids
                if unquote(parts.fragment) not in ids:
                    problems.append(f"{page.relative_to(public)}: missing anchor {url}")
    return problems


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_sample(tmp_path_factory.mktemp("sample") / "manual")
    build_ok(root)
    return root


def test_sample_manual_builds_every_page(sample_site: Path) -> None:
    public = sample_site / "public"
    for page in (
        "index.html",
        "procedures/individual-account-opening/index.html",
        "roles/teller/index.html",
        "controls/customer-identification/index.html",
        "controls/matrix/index.html",
        "checklists/roles/teller/index.html",
        "raci/raci.xlsx",
        "guide/rules/index.html",
    ):
        assert (public / page).is_file(), page
    html = (public / "procedures/individual-account-opening/index.html").read_text(encoding="utf-8")
    assert html.count('class="om-chart"') == 1 and '<desc id="chart-desc">' in html
    assert 'lang="zh"' in html


def test_sample_site_links_and_anchors_resolve(sample_site: Path) -> None:
    assert check_links(sample_site / "public") == []


def test_no_request_outside_the_site(sample_site: Path) -> None:
    for page in (sample_site / "public").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, page
        assert "Made with" not in text and "Permanent link" not in text, page  # all Chinese


def test_search_previews_separate_terms_from_their_values(sample_site: Path) -> None:
    import json

    index = json.loads((sample_site / "public/search/search_index.json").read_text("utf-8"))
    text = next(d["text"] for d in index["docs"] if d["location"] == "controls/dual-post-review/")
    plain = text.replace("\u200b", "")
    assert "控制类型：" in plain and "控制类型检查性" not in plain


def test_every_step_has_an_anchor_and_a_chart_node(sample_site: Path) -> None:
    from generator.source.loader import load_manual

    manual, _ = load_manual(sample_site)
    assert manual is not None
    for proc in manual.procedures:
        html = (sample_site / "public/procedures" / proc.id / "index.html").read_text(
            encoding="utf-8"
        )
        for step in proc.steps:
            assert f'id="{step.id}"' in html, (proc.id, step.id)
            assert f'id="node-{step.id}"' in html, (proc.id, step.id)


def test_english_manual_builds_an_english_site(tmp_path: Path) -> None:
    root = copy_manual(KITCHEN_SINK, tmp_path / "ks")
    build_ok(root)
    html = (root / "public/procedures/account-opening/index.html").read_text(encoding="utf-8")
    assert 'lang="en"' in html and "Responsible (R)" in html and "负责" not in html
    assert check_links(root / "public") == []


def test_a_chinese_scaffold_builds_a_site_without_english_chrome(tmp_path: Path) -> None:
    from generator.pipeline.scaffold import scaffold

    root = tmp_path / "new"
    scaffold(root, "zh")
    build_ok(root)
    html = (root / "public/index.html").read_text(encoding="utf-8")
    assert 'lang="zh"' in html and 'title="本节链接"' in html
    assert "Made with" not in html and "Permanent link" not in html
    assert check_links(root / "public") == []


def test_a_custom_theme_main_html_works_and_titles_stay_escaped(tmp_path: Path) -> None:
    root = copy_manual(KITCHEN_SINK, tmp_path / "ks")
    (root / "overrides").mkdir()
    (root / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}{% block announce %}CUSTOM-MARKER{% endblock %}',
        encoding="utf-8",
    )
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  name: material\n", "  name: material\n  custom_dir: overrides\n"
        ),
        encoding="utf-8",
    )
    role = root / "roles" / "teller.yml"
    role.write_text(
        role.read_text(encoding="utf-8").replace("name: Teller", 'name: "T </title><b>x"'),
        encoding="utf-8",
    )
    build_ok(root)
    html = (root / "public/roles/teller/index.html").read_text(encoding="utf-8")
    assert "CUSTOM-MARKER" in html
    assert "<title>T &lt;/title&gt;&lt;b&gt;x - " in html and "</title><b>" not in html


def test_a_sources_page_that_does_not_exist_is_a_finding_of_check(tmp_path: Path) -> None:
    root = copy_manual(KITCHEN_SINK, tmp_path / "ks")
    with_settings(root, 'sources:\n  REG: {label: Regulation, page: "guide/nope.md#reg-{ident}"}\n')
    result = build(root, BUILD_DAY)
    found = [f.as_text() for f in result.findings]
    assert result.generated is None and not (root / "public").exists()
    assert any(
        f.startswith("opsmanual.yml:") and " E022 error: sources REG links to 'guide/nope.md'" in f
        for f in found
    ), found


def _digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return digest.hexdigest()


def test_failed_build_leaves_previous_site_intact(tmp_path: Path) -> None:
    root = copy_manual(KITCHEN_SINK, tmp_path / "ks")
    build_ok(root)
    before = (_digest(root / "site"), _digest(root / "public"))
    proc = root / "procedures/account-opening.yml"
    proc.write_text(
        proc.read_text(encoding="utf-8").replace("owner: reviewer", "owner: nobody"),
        encoding="utf-8",
    )
    result = build(root, BUILD_DAY)
    assert [f.code for f in result.findings if f.severity.value == "error"] == ["E020"]
    assert result.generated is None
    assert (_digest(root / "site"), _digest(root / "public")) == before


def test_a_page_mkdocs_refuses_says_why_and_leaves_site_and_public_intact(
    tmp_path: Path,
) -> None:
    from generator.output.mkdocs import BuildError

    root = copy_manual(KITCHEN_SINK, tmp_path / "ks")
    build_ok(root)
    before = (_digest(root / "site"), _digest(root / "public"))
    pages = root / "templates" / "pages"
    pages.mkdir(parents=True, exist_ok=True)
    # a link check cannot judge (E025 knows the hand-written pages and the assets, not every
    # generated page): MkDocs --strict refuses it
    link = "[missing](../training/nope.md)"
    (pages / "extra.md").write_text(f"# Extra\n\nSee {link}.\n", encoding="utf-8")
    with pytest.raises(BuildError, match=r"(?s)strict mode.*\n  - .*nope\.md"):
        build(root, BUILD_DAY)
    assert (_digest(root / "site"), _digest(root / "public")) == before
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".")) == [".cache"]


def test_second_build_rewrites_nothing_and_one_edit_one_chart(tmp_path: Path) -> None:
    root = copy_manual(KITCHEN_SINK, tmp_path / "ks")
    build_ok(root)
    again = build(root, BUILD_DAY, mkdocs=False)
    assert again.report is not None and again.report.written == ()
    charts_before = set((root / ".cache/svg").iterdir())
    proc = root / "procedures/suspicious-case.yml"
    proc.write_text(
        proc.read_text(encoding="utf-8").replace("Analyse the case", "Analyse the file"),
        encoding="utf-8",
    )
    edited = build(root, BUILD_DAY, mkdocs=False)
    assert edited.report is not None
    assert "procedures/suspicious-case.md" in edited.report.written
    assert "procedures/account-opening.md" not in edited.report.written
    assert len(set((root / ".cache/svg").iterdir()) - charts_before) == 1  # one chart re-rendered


def test_missing_markdown_extension_is_a_finding_of_check(tmp_path: Path) -> None:
    root = copy_manual(KITCHEN_SINK, tmp_path / "ks")
    config = root / "mkdocs.yml"
    config.write_text(
        re.sub(r"  - attr_list.*\n", "", config.read_text(encoding="utf-8")), encoding="utf-8"
    )
    result = build(root, BUILD_DAY)
    found = [f.as_text() for f in result.findings]
    assert any(
        f.startswith("mkdocs.yml:")
        and "E023 error: the generated pages need markdown_extensions attr_list" in f
        for f in found
    ), found


def test_missing_quiz_script_is_a_finding_of_check(tmp_path: Path) -> None:
    root = copy_manual(KITCHEN_SINK, tmp_path / "ks")
    config = root / "mkdocs.yml"
    config.write_text(
        re.sub(r"  - assets/quiz\.js.*\n", "", config.read_text(encoding="utf-8")), encoding="utf-8"
    )
    result = build(root, BUILD_DAY)
    assert [f.code for f in result.findings] == ["E023"]
    assert re.search(r"extra_javascript must list.*assets/quiz\.js", result.findings[0].message)
    assert not (root / "site").exists() and not (root / "public").exists()  # nothing written


def test_a_chart_graphviz_cannot_finish_is_a_named_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    from generator.output import graphviz as write

    monkeypatch.setattr(write, "RENDER_TIMEOUT", 0.5)
    hang = (sys.executable, "-c", "import time; time.sleep(30)")
    with pytest.raises(write.GraphvizError, match=r"flowchart of 'slow' did not render within"):
        write.render_svgs({"slow": ("digraph {}", hang)}, tmp_path / "cache", "font")
    fail = (sys.executable, "-c", "import sys; sys.stderr.write('syntax error'); sys.exit(1)")
    monkeypatch.setattr(write, "RENDER_TIMEOUT", 60)  # a busy machine starts Python slowly
    with pytest.raises(write.GraphvizError, match=r"flowchart of 'bad': syntax error"):
        write.render_svgs({"bad": ("digraph {", fail)}, tmp_path / "cache", "font")
    assert not (tmp_path / "cache").exists()  # nothing cached from a failed render
