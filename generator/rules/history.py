"""Versions and reviews: history newest first, in effect after approval, reviews on time.

Layer: rules. The version rules of a change (E070–E072) compare two revisions and live
with the change sets (``changes.since``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from generator.source.findings import Finding
from generator.source.manual import Manual, next_review


def history_consistent(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """History is newest first and its first entry is the current version."""
    for proc in manual.procedures:
        head = proc.history[0]
        if head.version != proc.version:
            yield Finding(
                manual.where(proc, "version"),
                "E050",
                f"version {proc.version} differs from history[0].version {head.version}: "
                "add a history entry for this version at the top",
            )
        for newer, older in zip(proc.history, proc.history[1:], strict=False):
            if _semver(newer.version) <= _semver(older.version) or newer.date < older.date:
                yield Finding(
                    manual.where(older, "version"),
                    "E050",
                    f"history is not newest-first: {older.version} ({older.date}) comes after "
                    f"{newer.version} ({newer.date})",
                )


def effective_after_approval(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """The current version cannot take effect before it was approved."""
    for proc in manual.procedures:
        approved = proc.history[0].date
        if proc.effective < approved:
            yield Finding(
                manual.where(proc, "effective"),
                "E051",
                f"effective {proc.effective} precedes the approval of {proc.version} on {approved}",
            )


def reviews_current(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """A procedure's review is not overdue."""
    for proc in manual.procedures:
        due = next_review(proc)
        if due < today:
            yield Finding(
                manual.where(proc.review, "last_reviewed"),
                "W060",
                f"review of '{proc.id}' was due on {due}: review it and update last_reviewed",
            )


def _semver(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))
