"""The build: check → generate site/ → ``mkdocs build --strict`` → public/.

Layer: pipeline. Nothing is written while an error finding stands; otherwise the pages
go to a staged copy of site/ and MkDocs builds public/ in a temporary folder, and both
replace the old ones only when MkDocs succeeded, so a failed build leaves the previous
site/ and public/ intact and says why it failed.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from generator.output.files import WriteReport, replace_dir, write_tree
from generator.output.mkdocs import mkdocs_config, run_mkdocs
from generator.pipeline.checking import load_and_check
from generator.pipeline.generate import Generated, Progress, generate
from generator.source.findings import Finding, Severity
from generator.source.presentation import load_presentation


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
    presentation, _problems = load_presentation(root)  # its problems are among the findings
    if manual is None or any(f.severity is Severity.ERROR for f in findings):
        return BuildResult(findings, None, None, time.perf_counter() - started)
    generated = generate(root, manual, presentation, day, progress)
    if not mkdocs:
        report = write_tree(root / "site", generated.files)
        _written(report, progress)
        return BuildResult(findings, report, generated, time.perf_counter() - started)
    (root / "site").mkdir(exist_ok=True)  # MkDocs requires docs_dir to exist
    mkdocs_config(root, generated.nav)  # MkDocs' own objections, before any page is written
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
