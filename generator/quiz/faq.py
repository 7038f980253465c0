"""Authored questions: FAQ entries with a ``quiz`` block.

Layer: domain (quiz bank), pure. The author's distractors go through the same
rules as generated ones: one equal to the correct answer (W062) or to another
distractor is dropped, and an entry left with fewer than two is skipped. An entry
that refers only to draft or retired procedures is left out with them.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.quiz.distractors import Candidate, pick
from generator.quiz.facts import Facts, learners, single
from generator.quiz.model import Question, QuestionType
from generator.quiz.wording import summary
from generator.source import addresses as links
from generator.source.addresses import Ref


def faq_questions(f: Facts) -> Iterator[Question]:
    """One question per FAQ entry with a quiz block."""
    active = {p.id: p for p in f.procedures}
    for topic, entry in f.manual.faq_entries:
        if entry.quiz is None:
            continue
        refs = [ref.partition("#") for ref in entry.refs]
        live = [(active[p], s) for p, _h, s in refs if p in active]
        if refs and not live:
            continue
        roles = set(entry.roles)
        for proc, step_id in live:
            step = next((s for s in proc.steps if s.id == step_id), None)
            roles.update(learners(f.manual, step) if step else ())
        answer = Candidate("correct", entry.quiz.correct)
        authored = [Candidate(f"d{i}", d) for i, d in enumerate(entry.quiz.distractors)]
        wrong = pick([answer], authored, salt=f"F:{entry.id}", wanted=len(authored))
        if wrong is None:
            continue
        wrong.sort(key=lambda c: int(c.key[1:]))  # canonical order: the author's
        yield single(
            QuestionType.FAQ,
            (entry.id,),
            entry.quiz.question or entry.question,
            Candidate(entry.quiz.correct, entry.quiz.correct),
            wrong,
            summary(entry.answer),
            Ref(entry.id, entry.question, links.faq_page(topic.id or ""), entry.id),
            (None, tuple(dict.fromkeys(p.id for p, _s in live)), roles),
        )
