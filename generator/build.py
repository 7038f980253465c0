"""Site generation: validated Manual → site/ (Markdown, SVG, assets) → MkDocs → public/.

Pipeline position: orchestration of render → write → mkdocs. ``generate`` is pure
apart from the cached Graphviz call; ``build`` writes nothing when there is an error
finding, and otherwise writes the pages into a staged copy of site/ and builds public/
in a temporary folder: both replace the old ones only when MkDocs succeeded, so a
failed build leaves the previous site/ and public/ intact, and says why it failed.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from generator.api import load_and_check
from generator.findings import Finding, Severity
from generator.manual import Manual
from generator.quiz import site as quiz_site
from generator.render import Files, RenderContext, assets, checklist, links, pages, raci
from generator.render.flowchart import FONT, Geometry, chart_dot, finish_svg
from generator.render.nav import build_nav
from generator.render.views import Views
from generator.templating import environment, translator
from generator.write import WriteReport, render_svgs, replace_dir, write_tree

RENDERERS = (pages.render, raci.render, checklist.render, quiz_site.render, assets.render)
REQUIRED_EXTENSIONS = ("attr_list", "toc")
# The generated pages' own style sheets and scripts (quiz.js before opsmanual.js, which
# calls it); a mkdocs.yml written before the quizzes existed would silently lose them.
REQUIRED_ASSETS = {
    "extra_css": ("assets/opsmanual.css", "assets/quiz.css"),
    "extra_javascript": ("assets/quiz.js", "assets/opsmanual.js"),
}
HOOKS = Path(__file__).parent / "mkdocs_hooks.py"
Progress = Callable[[str], None]


class BuildError(Exception):
    """The site could not be built (MkDocs configuration or MkDocs itself)."""


@dataclass(frozen=True)
class Generated:
    """Output of ``generate``: the files of site/ and the navigation."""

    files: Files
    nav: list[Any]
    charts: int


def _charts(manual: Manual, t: Callable[..., str]) -> dict[str, tuple[str, Geometry]]:
    """DOT source and geometry of every procedure's chart."""
    charts: dict[str, tuple[str, Geometry]] = {}
    for proc in manual.procedures:
        page = links.procedure_page(proc.id)
        hrefs, tips = {}, {}
        for step in proc.steps:
            target = (
                links.url(page, links.procedure_page(step.procedure))
                if step.procedure
                else f"#{step.id}"
            )
            hrefs[step.id] = target
            owner = manual.role_by_id.get(step.owner or "")
            codes = [
                manual.control_by_id[c].code or c
                for c in step.controls
                if c in manual.control_by_id
            ]
            tips[step.id] = " · ".join(
                x for x in (step.title, owner.name if owner else "", " ".join(codes)) if x
            )
        charts[proc.id] = chart_dot(
            manual, proc, start_label=t("start"), tooltips=tips, hrefs=hrefs
        )
    return charts


def generate(
    root: Path, manual: Manual, today: dt.date, progress: Progress = lambda _m: None
) -> Generated:
    """Render every page of the manual (the only I/O is the cached Graphviz call)."""
    language = manual.settings.language.value
    t = translator(language)
    env = environment(language, root / "templates")
    views = Views(manual, today, t)
    charts = _charts(manual, t)
    raw = render_svgs(
        {k: (dot, ("neato", "-n2")) for k, (dot, _g) in charts.items()},
        root / ".cache" / "svg",
        FONT,
        progress=lambda done, total: (
            progress(f"diagrams rendered: {done}/{total}") if done == total else None
        ),
    )
    svgs = {}
    for proc in manual.procedures:
        geometry = charts[proc.id][1]
        desc = t("chart_desc", title=proc.title, steps=len(proc.steps), lanes=len(geometry.lanes))
        svgs[proc.id] = finish_svg(raw[proc.id], geometry, proc.title, desc)
    pages_dir = root / "templates" / "pages"
    ctx = RenderContext(
        manual, env, views, today, t, svgs, str(pages_dir) if pages_dir.is_dir() else None
    )
    files: Files = {}
    for renderer in RENDERERS:
        files |= renderer(ctx)
    for code, label in sorted(manual.settings.sources.items()):
        target = (label.page or "").partition("#")[0]
        if label.page and PurePosixPath(target) not in files:
            raise BuildError(
                f"opsmanual.yml: sources {code} links to '{target}', which is not a page of "
                "the site: name a generated page or a hand-written one (templates/pages/x.md "
                "is guide/x.md)"
            )
    guide = [
        (_page_title(files, p), str(p))
        for p in sorted(files)
        if str(p).startswith("guide/") and str(p) != pages.RULES
    ]
    nav = build_nav(views, t, guide_pages=guide, extra=quiz_site.nav_entries(views, t))
    return Generated(files, nav, len(svgs))


def _page_title(files: Files, path: Any) -> str:
    text = files[path]
    first = (text if isinstance(text, str) else text.decode()).lstrip().splitlines()[0]
    return first.lstrip("# ").strip() if first.startswith("#") else str(path)


def mkdocs_config(root: Path, nav: list[Any], **overrides: Any) -> Any:
    """Load the manual's mkdocs.yml with the generated nav; check what the pages need."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        raise BuildError(f"{config_file} is missing: run `opsmanual init` to see a complete one")
    try:
        config = load_config(config_file=str(config_file), nav=nav, **overrides)
    except (ConfigurationError, Abort) as exc:
        raise BuildError(f"mkdocs.yml: {exc}") from exc
    names = {getattr(e, "__module__", str(e)).split(".")[-1] for e in config["markdown_extensions"]}
    names |= {str(e).split(".")[-1] for e in config["markdown_extensions"]}
    missing = [e for e in REQUIRED_EXTENSIONS if e not in names]
    if missing:
        raise BuildError(
            f"mkdocs.yml: the generated pages need markdown_extensions {', '.join(missing)}: add "
            + ", ".join(f"`- {e}`" for e in missing)
        )
    for key, wanted in REQUIRED_ASSETS.items():
        present = [str(getattr(e, "path", e)) for e in config[key]]
        if [w for w in present if w in wanted] != list(wanted):
            raise BuildError(
                f"mkdocs.yml: {key} must list, in this order: "
                + ", ".join(f"`- {w}`" for w in wanted)
            )
    staged = "docs_dir" in overrides  # build() hands MkDocs a staged copy of site/
    if not staged and Path(config["docs_dir"]).resolve() != (root / "site").resolve():
        raise BuildError("mkdocs.yml: set `docs_dir: site` (the generator writes there)")
    if config["theme"].name != "material":
        raise BuildError("mkdocs.yml: the generated pages need `theme: name: material`")
    return config


def with_hooks(root: Path, nav: list[Any], **overrides: Any) -> dict[str, Any]:
    """Overrides for MkDocs' load_config that add the generator's hooks to the manual's."""
    config = mkdocs_config(root, nav, **overrides)
    return {**overrides, "nav": nav, "hooks": [*config["hooks"], str(HOOKS)]}


class _Warnings(logging.Handler):
    """Collects MkDocs' warnings: in strict mode they are why a build fails."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(" ".join(record.getMessage().split()))


def run_mkdocs(root: Path, nav: list[Any], docs_dir: Path | None = None) -> Path:
    """``mkdocs build --strict`` into a temporary folder, then swap it into public/.

    ``docs_dir`` replaces site/ as MkDocs' input (a staged copy, see ``build``).
    """
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import MkDocsException

    target = root / "public"
    staging = Path(tempfile.mkdtemp(prefix=".public-", dir=root))
    logger = logging.getLogger("mkdocs")
    warnings = _Warnings()
    logger.addHandler(warnings)
    try:
        docs = {"docs_dir": str(docs_dir)} if docs_dir else {}
        overrides = with_hooks(root, nav, site_dir=str(staging), strict=True, **docs)
        config = mkdocs_config(root, **overrides)
        logger.setLevel(logging.WARNING)
        mkdocs_build(config)
    except MkDocsException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        why = "".join(f"\n  - {m}" for m in warnings.messages)
        raise BuildError(f"mkdocs build failed: {exc}{why}") from exc
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        logger.removeHandler(warnings)
    replace_dir(staging, target)
    return target


@dataclass(frozen=True)
class BuildResult:
    """What a build did."""

    findings: list[Finding]
    report: WriteReport | None
    generated: Generated | None
    seconds: float


def build(
    root: Path,
    today: dt.date | None = None,
    *,
    progress: Progress = lambda _m: None,
    mkdocs: bool = True,
) -> BuildResult:
    """Check → generate site/ → mkdocs build --strict → public/. Nothing is written on errors."""
    started = time.perf_counter()
    day = today or dt.date.today()
    manual, findings = load_and_check(root, day)
    if manual is None or any(f.severity is Severity.ERROR for f in findings):
        return BuildResult(findings, None, None, time.perf_counter() - started)
    generated = generate(root, manual, day, progress)
    if mkdocs:  # a bad mkdocs.yml fails before any page is written
        (root / "site").mkdir(exist_ok=True)  # MkDocs requires docs_dir to exist
        mkdocs_config(root, generated.nav)
    if not mkdocs:
        report = write_tree(root / "site", generated.files)
        _written(report, progress)
        return BuildResult(findings, report, generated, time.perf_counter() - started)
    # site/ and public/ change together or not at all: the pages go to a copy of site/
    # (hard links: writes replace files, never edit them) that replaces site/ only once
    # MkDocs succeeded
    docs = Path(tempfile.mkdtemp(prefix=".site-", dir=root))
    try:
        shutil.copytree(root / "site", docs, copy_function=os.link, dirs_exist_ok=True)
        report = write_tree(docs, generated.files)
        _written(report, progress)
        run_mkdocs(root, generated.nav, docs_dir=docs)
    except BaseException:
        shutil.rmtree(docs, ignore_errors=True)
        raise
    replace_dir(docs, root / "site")
    progress("site built: public/")
    return BuildResult(findings, report, generated, time.perf_counter() - started)


def _written(report: WriteReport, progress: Progress) -> None:
    progress(
        f"pages written: {len(report.written)} changed, {report.unchanged} unchanged, "
        f"{len(report.removed)} removed"
    )
