"""Procedure reviews overdue or due soon: what the weekly ``opsmanual reviews`` lists.

Layer: domain. Pure, from the Manual and a date; ``render.review.due`` words it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.source.manual import Manual, next_review
from generator.source.models import Status


@dataclass(frozen=True)
class DueReview:
    """A procedure whose review is overdue or due within the window."""

    id: str
    title: str
    owner: str
    approver: str
    last_reviewed: dt.date
    due: dt.date
    days: int

    @property
    def overdue(self) -> bool:
        """The due date has passed."""
        return self.days < 0


def due_reviews(manual: Manual, today: dt.date, within: int) -> tuple[DueReview, ...]:
    """Procedures not retired whose next review is before ``today + within`` days, soonest first."""
    found = []
    for proc in manual.procedures:
        due = next_review(proc)
        days = (due - today).days
        if proc.status is not Status.RETIRED and days <= within:
            found.append(
                DueReview(
                    proc.id, proc.title, _name(manual, proc.owner),
                    _name(manual, proc.review.approver), proc.review.last_reviewed, due, days,
                )
            )  # fmt: skip
    return tuple(sorted(found, key=lambda r: (r.due, r.id)))


def _name(manual: Manual, role_id: str) -> str:
    role = manual.role_by_id.get(role_id)
    return role.name if role else role_id
