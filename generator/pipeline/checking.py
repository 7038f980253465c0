"""Load and check: the one way a manual is validated, for every command and the library.

Layer: pipeline. ``load_and_check`` is what ``opsmanual check``, ``generator.check``,
the build, ``serve``, ``quiz`` and the benchmark run; with ``since`` it adds the version
rules of the changes since a git revision (``check --since``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.changes.since import since_rules
from generator.render import guide
from generator.render.templating import environment
from generator.rules import check
from generator.rules.engine import run_rules
from generator.source.findings import Finding
from generator.source.loader import load_manual, require_manual
from generator.source.manual import Manual
from generator.source.presentation import load_presentation
from generator.source.revisions import load_base


def load_and_check(
    root: Path, today: dt.date | None = None, *, since: str | None = None
) -> tuple[Manual | None, list[Finding]]:
    """Load the manual in ``root`` and run every rule on it.

    Args:
        root: the manual folder.
        today: the date of date-dependent rules (default: today).
        since: a git revision (or a folder) to compare with: adds the version and
            approval rules of the changes since then.

    Returns:
        ``(manual, findings)``; the manual is ``None`` when a file could not be loaded.

    Raises:
        ReviewError: ``since`` cannot be read, or its manual does not load.
    """
    require_manual(root)
    manual, findings = load_manual(root)
    presentation, problems = load_presentation(root)  # a template that cannot be read
    if manual is None:
        return None, sorted({*findings, *problems})
    day = today or dt.date.today()
    env = environment(manual.settings.language.value, presentation, manual.pages)
    pages = guide.page_findings(env, manual, day)
    found = sorted({*findings, *check(manual, day), *problems, *pages})
    if since is not None:
        base = load_base(root, since).manual
        found = sorted({*found, *run_rules(manual, day, since_rules(base))})
    return manual, found
