"""What every command shares: the ``--today`` option, paths, loading, printing findings.

Layer: cli. ``ctx.obj`` of every command is the manual folder, set by the group (``-C``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from generator.pipeline.checking import load_and_check
from generator.pipeline.codeowners import repository_prefix, repository_root
from generator.render.codeowners import CodeownersError
from generator.source.findings import Finding, Severity, summary, to_json
from generator.source.loader import load_manual, require_manual
from generator.source.manual import Manual

F = TypeVar("F", bound=Callable[..., Any])


def today_option(func: F) -> F:
    """``--today YYYY-MM-DD``: the date of review deadlines and effective dates."""
    option = click.option(
        "--today",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        default=None,
        help="Date used for review deadlines and effective dates (default: today).",
    )
    return option(func)


def day(today: dt.datetime | None) -> dt.date | None:
    """The date of a ``--today`` value."""
    return today.date() if today else None


def at_root(root: Path, path: Path) -> Path:
    """A path from the command line: relative ones are in the manual folder, as with ``-C``."""
    return path if path.is_absolute() else root / path


def print_findings(findings: list[Finding], fmt: str = "text", root: Path = Path()) -> None:
    """Findings as text lines, GitHub annotations (paths from the repository) or JSON."""
    if fmt == "json":
        click.echo(to_json(findings), nl=False)
        return
    prefix = ""
    if fmt == "github":
        with contextlib.suppress(CodeownersError):  # no git: paths from the manual folder
            prefix = repository_prefix(root, repository_root(root))
    for finding in findings:
        click.echo(finding.as_github(prefix) if fmt == "github" else finding.as_text())
    click.echo(summary(findings), err=fmt == "github")


def checked_manual(root: Path, today: dt.date | None = None) -> Manual:
    """The manual, loaded and checked; on an error finding print them all and exit 1."""
    manual, findings = load_and_check(root, today)
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if manual is None or errors:
        for finding in errors or findings:
            click.echo(finding.as_text(), err=True)
        click.echo(summary(findings), err=True)
        raise SystemExit(1)
    return manual


def loaded_manual(root: Path) -> Manual:
    """The manual as it loads, before the rules (for commands that report on any manual)."""
    require_manual(root)
    manual, findings = load_manual(root)
    if manual is None:
        for finding in findings:
            click.echo(finding.as_text(), err=True)
        raise click.ClickException(f"the manual does not load: {summary(findings)}")
    return manual
