"""Markdown: the questions, then the answer key, for wikis and plain-text review.

Layer: render (quiz exports), pure. Author text is backslash-escaped, so a title
such as ``*urgent*`` or ``[x](y)`` stays literal.
"""

from __future__ import annotations

import re

from generator.quiz.model import AnswerForm, letter
from generator.render.quizformats.common import Kit, Presented, Quiz, presented
from generator.render.xmltext import legal

_META = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~&])")  # & too: "&amp;" stays literal


def escape(text: str) -> str:
    """Author text with every Markdown metacharacter escaped."""
    return _META.sub(r"\\\1", " ".join(legal(text).split()))


def _question(p: Presented, kit: Kit) -> list[str]:
    q = p.question
    lines = [f"### {p.number}. {escape(q.stem)}", ""]
    if q.form is AnswerForm.ORDERING:
        lines += [kit.t("quiz_order_hint"), ""]
    elif q.form is AnswerForm.MULTIPLE:
        lines += [kit.t("quiz_multi_hint"), ""]
    lines += [f"- {letter(i)}\\. {escape(o)}" for i, o in enumerate(p.options)]
    return [*lines, ""]


def _key(p: Presented, kit: Kit) -> str:
    q = p.question
    answer = escape(kit.t("list_sep").join(p.options[i] for i in p.answer))
    see = escape(kit.t("quiz_see") + q.link.text)
    return f"{p.number}. **{p.answer_letters}** — {answer}. {escape(q.explanation)} {see}"


def export(quiz: Quiz, kit: Kit) -> dict[str, bytes]:
    """The quiz and its answer key as one Markdown document."""
    shown = presented(quiz)
    lines = [f"# {escape(quiz.title)}", "", kit.t("quiz_sheet_intro", count=len(shown)), ""]
    for p in shown:
        lines += _question(p, kit)
    lines += [f"## {kit.t('quiz_answer_key')}", ""]
    lines += [_key(p, kit) for p in shown]
    return {".md": ("\n".join(lines) + "\n").encode()}
