"""The build: check → generate site/ → ``mkdocs build --strict`` → public/.

Layer: pipeline. One build of a manual at a time (a lock in ``.cache/``). Nothing is
written while an error finding stands. Otherwise both trees are staged in
``.cache/stage/<id>/`` — hard-linked copies of the last ``site/`` and ``public/``, where
only what changed is written again — and swapped in when everything succeeded:
``public/`` first, in one atomic exchange (``output.files.swap_in``), then ``site/``.
A build killed at any point leaves ``public/`` whole (the old site or the new one) and
a stage folder that the next build removes; ``site/`` may then lag behind ``public/``,
which no later build trusts: what MkDocs builds again is decided by content, from the
pages of ``public/`` themselves (``output.incremental``). With nothing changed since the
last build (sources, templates, date, tool), nothing is done.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import signal
import time
from dataclasses import dataclass
from pathlib import Path

from generator.output import safety
from generator.output.files import (
    DIR_MODE,
    FILE_MODE,
    WriteReport,
    linked_copy,
    make_dirs,
    swap_in,
    write_file,
    write_tree,
)
from generator.output.incremental import load_cache
from generator.output.lock import build_lock
from generator.output.mkdocs import BuildError, MkDocsRun, mkdocs_config, run_mkdocs
from generator.pipeline.checking import load_and_check
from generator.pipeline.generate import Generated, Progress, generate
from generator.pipeline.scaffold import SOURCES
from generator.source.findings import Finding, Severity
from generator.source.presentation import load_presentation

CACHE = ".cache"
#: leftovers of builds of earlier versions, removed like stale stages
LEGACY_STAGES = (".site-*", ".public-*")
TOOL = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class BuildResult:
    """What a build did."""

    findings: list[Finding]
    report: WriteReport | None
    generated: Generated | None
    seconds: float
    site: MkDocsRun | None = None
    unchanged: bool = False


def build(
    root: Path,
    today: dt.date | None = None,
    *,
    progress: Progress = lambda _m: None,
    mkdocs: bool = True,
    for_serve: bool = False,
) -> BuildResult:
    """Check → generate site/ → mkdocs build --strict → public/. Nothing is written on errors.

    ``for_serve``: the site is for ``opsmanual serve`` on this machine, so a loopback
    ``site_url`` is right (otherwise it is warned about: the canonical links and the
    sitemap of a published site would point there).
    """
    started = time.perf_counter()
    day = today or dt.date.today()
    with build_lock(root / CACHE):
        remove_stale_stages(root)
        manual, findings = load_and_check(root, day)
        if manual is None or any(f.severity is Severity.ERROR for f in findings):
            return BuildResult(findings, None, None, time.perf_counter() - started)
        stamp = inputs_stamp(root, day)
        if mkdocs and _unchanged(root, stamp):
            progress("nothing changed since the last build: site/ and public/ are up to date")
            return BuildResult(findings, None, None, time.perf_counter() - started, unchanged=True)
        presentation, _problems = load_presentation(root)  # its problems are findings above
        generated = generate(root, manual, presentation, day, progress)
        if not mkdocs:
            report = write_tree(root / "site", generated.files)
            _written(report, progress)
            return BuildResult(findings, report, generated, time.perf_counter() - started)
        (root / "site").mkdir(exist_ok=True)  # MkDocs requires docs_dir to exist
        config = mkdocs_config(root, generated.nav)  # MkDocs' objections, before any staging
        if not for_serve and is_loopback(str(config["site_url"] or "")):
            progress(LOOPBACK_WARNING.format(url=config["site_url"]))
        report, run = _staged_build(root, generated, progress)
        _record(root, stamp)
    progress("site built: public/")
    return BuildResult(findings, report, generated, time.perf_counter() - started, run)


LOOPBACK_WARNING = (
    "warning: site_url is {url}, an address of this machine only: the canonical links and "
    "the sitemap of public/ point there; set OPSMANUAL_SITE_URL to the address the site is "
    "published at (see README, Deploying the site)"
)


def is_loopback(url: str) -> bool:
    """Whether a site URL names this machine only (localhost, 127.0.0.0/8, ::1)."""
    import ipaddress
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _staged_build(
    root: Path, generated: Generated, progress: Progress
) -> tuple[WriteReport, MkDocsRun]:
    stage = root / CACHE / "stage" / f"{os.getpid()}-{time.time_ns()}"
    make_dirs(stage)
    try:
        docs, site = stage / "site", stage / "public"
        _start_from(root / "site", docs)
        report = write_tree(docs, generated.files)
        _written(report, progress)
        checkpoint("staged-pages")
        _start_from(root / "public", site)
        cache_file = root / CACHE / "search-entries.json"
        run = run_mkdocs(root, generated.nav, docs, site, load_cache(cache_file))
        progress(f"site pages built: {len(run.rebuilt)} of {run.pages}")
        secure_site(site, generated, [site / _html_path(src) for src in run.rebuilt])
        _normal_permissions(docs, site)
        _writable_or_fail(root / "public", root / "site")
        checkpoint("before-swap")
        swap_in(site, root / "public")
        checkpoint("between-swaps")
        swap_in(docs, root / "site")
        checkpoint("after-swaps")
        write_file(cache_file, json.dumps(run.search, ensure_ascii=False).encode())
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return report, run


def secure_site(site: Path, generated: Generated, pages: list[Path] | None = None) -> list[str]:
    """Our own safety step over a built site, whatever engine built it (``output.safety``).

    ``pages``: the HTML files to go over (default: every one).
    """
    headings = [_heading(text) for text in generated.files.values()]
    titles = safety.risky_titles(generated.nav, [h for h in headings if h])
    return safety.escape_titles(site, pages or sorted(site.rglob("*.html")), titles)


def checkpoint(name: str) -> None:
    """Fault injection for the kill test: ``OPSMANUAL_KILL_AT=name`` kills the build here."""
    if os.environ.get("OPSMANUAL_KILL_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)


def _start_from(previous: Path, target: Path) -> None:
    """A stage starts as a hard-linked copy of the last tree (or empty)."""
    if previous.is_dir():
        linked_copy(previous, target)
    else:
        make_dirs(target)


def remove_stale_stages(root: Path) -> None:
    """Remove what killed builds left behind (we hold the lock: nothing else is building)."""
    shutil.rmtree(root / CACHE / "stage", ignore_errors=True)
    for pattern in LEGACY_STAGES:
        for path in root.glob(pattern):
            shutil.rmtree(path, ignore_errors=True)


def inputs_stamp(root: Path, today: dt.date) -> str:
    """A hash of everything a build reads: the manual's sources, the date, the tool itself."""
    engines = " ".join(_version(name) for name in ("mkdocs", "mkdocs-material", "jinja2"))
    digest = hashlib.sha256(f"{today.isoformat()} {engines}".encode())
    for base in (*(root / name for name in SOURCES), TOOL, TOOL.parent / "templates"):
        paths = sorted(base.rglob("*")) if base.is_dir() else [base]
        for path in paths:
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _version(distribution: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return "-"


def _unchanged(root: Path, stamp: str) -> bool:
    record = root / CACHE / "last-build"
    exists = (root / "site").is_dir() and (root / "public" / "index.html").is_file()
    return exists and record.is_file() and record.read_text(encoding="utf-8") == stamp


def _record(root: Path, stamp: str) -> None:
    write_file(root / CACHE / "last-build", stamp.encode())


def _heading(text: str | bytes) -> str | None:
    """The plain text of a generated page's first heading (``# …``, after front matter)."""
    import html

    if isinstance(text, bytes):
        return None
    lines = text.lstrip().splitlines()
    if lines and lines[0] == "---":  # front matter
        lines = lines[lines.index("---", 1) + 1 :] if "---" in lines[1:] else []
    first = next((line for line in lines if line.startswith("# ")), None)
    return html.unescape(first[2:]).split(" { #")[0].strip() if first else None


def _html_path(src_uri: str) -> Path:
    """Where MkDocs writes a page (``use_directory_urls``): a/b.md → a/b/index.html."""
    path = Path(src_uri)
    if path.stem == "index":
        return path.with_suffix(".html")
    return path.with_suffix("") / "index.html"


def _normal_permissions(*trees: Path) -> None:
    """Folders and files of the staged trees readable by a web server of another user."""
    for tree in trees:
        tree.chmod(DIR_MODE)
        for folder, dirs, files in os.walk(tree):
            for name in dirs:
                (Path(folder) / name).chmod(DIR_MODE)
            for name in files:
                (Path(folder) / name).chmod(FILE_MODE)


def _writable_or_fail(*trees: Path) -> None:
    """Refuse, before anything is replaced, trees this build could not remove afterwards.

    Each folder is probed with a file created and removed (permission bits do not stop
    root, an immutable folder or a read-only mount do).
    """
    for tree in trees:
        if not tree.exists():
            continue
        for folder in [tree.parent, tree, *(p for p in tree.rglob("*") if p.is_dir())]:
            probe = folder / f".opsmanual-probe-{os.getpid()}"
            try:
                probe.touch(exist_ok=False)
                probe.unlink()
            except OSError:
                raise BuildError(
                    f"{folder} is read-only, so the new site cannot replace {tree.name}/: make "
                    f"it writable (chmod -R u+w {tree.name}; chattr -R -i {tree.name} if it is "
                    "immutable) and build again; nothing was replaced"
                ) from None


def _written(report: WriteReport, progress: Progress) -> None:
    progress(
        f"pages written: {len(report.written)} changed, {report.unchanged} unchanged, "
        f"{len(report.removed)} removed"
    )
