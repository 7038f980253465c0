"""Distractor rules: plausible wrong answers, never a correct one, never padded.

Layer: domain (quiz bank), pure. The rules of the quiz issue, in one place:

- candidates come from the same procedure first (``near``), then from the same kind
  across the manual (``far``);
- a candidate is refused when its key is among the ``excluded`` keys (every correct
  answer of the fact, e.g. both controls of a step) or when its text equals, after
  normalisation, the text of a correct answer or of an option already chosen;
- when fewer than ``minimum`` distractors remain the caller skips the question.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from generator.quiz.model import seeded_key
from generator.quiz.wording import overlap
from generator.source.manual import normalise

WANTED = 3  # four options when the manual offers enough plausible ones
MINIMUM = 2  # at least three options in all


@dataclass(frozen=True)
class Candidate:
    """A possible option: the id of what it names and its display text."""

    key: str
    text: str


def pick(
    correct: Iterable[Candidate],
    near: Iterable[Candidate],
    far: Iterable[Candidate] = (),
    *,
    salt: str,
    excluded: Iterable[str] = (),
    wanted: int = WANTED,
    minimum: int = MINIMUM,
    stem: str = "",
) -> list[Candidate] | None:
    """Distractors for one question, or ``None`` when too few plausible ones exist.

    Within each pool the order is a hash of ``salt`` and the key, so that the choice is
    stable between runs yet varies between questions. With a ``stem``, candidates sharing
    more of its characters come first: an answer that repeats words of the stem is then
    not the only option that does (a guess by word matching finds nothing).
    """
    answers = list(correct)
    keys = {c.key for c in answers} | set(excluded)
    texts = {normalise(c.text) for c in answers}
    chosen: list[Candidate] = []
    for pool in (near, far):
        ranked = sorted(pool, key=lambda c: (-overlap(c.text, stem), seeded_key(0, salt, c.key)))
        for cand in ranked:
            if len(chosen) == wanted:
                break
            if cand.key in keys or normalise(cand.text) in texts or not cand.text.strip():
                continue
            chosen.append(cand)
            keys.add(cand.key)
            texts.add(normalise(cand.text))
    return chosen if len(chosen) >= minimum else None
