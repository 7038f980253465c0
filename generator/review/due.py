"""Procedure reviews overdue or due soon: the weekly report of ``opsmanual reviews``.

Pipeline position: render (pure) from the Manual and a date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.manual import Manual, next_review
from generator.models import Status
from generator.review.names import Names
from generator.templating import environment, translator


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
    names = Names(manual, manual, {})
    found = []
    for proc in manual.procedures:
        due = next_review(proc)
        days = (due - today).days
        if proc.status is not Status.RETIRED and days <= within:
            found.append(
                DueReview(
                    proc.id, proc.title, names.role(proc.owner), names.role(proc.review.approver),
                    proc.review.last_reviewed, due, days,
                )
            )  # fmt: skip
    return tuple(sorted(found, key=lambda r: (r.due, r.id)))


def render_due(
    manual: Manual, reviews: tuple[DueReview, ...], today: dt.date, within: int, fmt: str
) -> str:
    """The report as Markdown (``md``) or one line per procedure (``text``)."""
    language = manual.settings.language.value
    if fmt == "md":
        template = environment(language).get_template("review_due.md.j2")
        return template.render(reviews=reviews, today=today.isoformat(), days=within)
    t = translator(language)
    if not reviews:
        return t("review_due_none", today=today.isoformat(), days=within) + "\n"
    return "".join(
        f"{r.due.isoformat()} {r.id}: "
        f"{t('review_due_overdue' if r.overdue else 'review_due_soon')} ({r.days:+d})\n"
        for r in reviews
    )
