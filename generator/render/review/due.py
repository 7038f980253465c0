"""The weekly report of procedure reviews overdue or due soon, as Markdown or text lines.

Layer: render (pure).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import cast

import jinja2

from generator.changes.due import DueReview


def render_due(
    env: jinja2.Environment, reviews: tuple[DueReview, ...], today: dt.date, within: int, fmt: str
) -> str:
    """The report as Markdown (``md``) or one line per procedure (``text``)."""
    if fmt == "md":
        template = env.get_template("review_due.md.j2")
        return template.render(reviews=reviews, today=today.isoformat(), days=within)
    t = cast(Callable[..., str], env.globals["t"])
    if not reviews:
        return t("review_due_none", today=today.isoformat(), days=within) + "\n"
    return "".join(
        f"{r.due.isoformat()} {r.id}: "
        f"{t('review_due_overdue' if r.overdue else 'review_due_soon')} ({r.days:+d})\n"
        for r in reviews
    )
