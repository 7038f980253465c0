"""Authored quiz questions: distractors that differ from the answer and each other.

Layer: rules.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator

from generator.source.findings import Finding
from generator.source.manual import Manual, normalise


def quiz_distractors_distinct(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """A FAQ quiz distractor differs from the correct answer and from the others."""
    for _topic, entry in manual.faq_entries:
        if entry.quiz is None:
            continue
        # compared as the question bank compares them: case and spacing do not count
        correct = normalise(entry.quiz.correct)
        counts = Counter([correct, *map(normalise, entry.quiz.distractors)])
        for i, text in enumerate(entry.quiz.distractors):
            if counts[normalise(text)] > 1:
                yield Finding(
                    manual.where(entry.quiz, "distractors", i),
                    "W062",
                    f"distractor '{text}' of '{entry.id}' repeats "
                    + ("the correct answer" if normalise(text) == correct else "another option")
                    + " (case and spacing aside): the quiz drops it; write a different one",
                )
