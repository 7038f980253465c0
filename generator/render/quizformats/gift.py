"""GIFT (Moodle's text format): multiple choice, true/false, ordering as matching.

Layer: render (quiz exports), pure. Text is written as ``[html]``: author text is
HTML-escaped; a backslash becomes ``&#92;`` (GIFT cannot escape it) and braces become
``&#123;`` / ``&#125;`` (Moodle reads an escaped brace well, but pygiftparser and other regex
parsers end an answer block at the first ``}``, escaped or not); then every GIFT
metacharacter left (``~ = # :``) is escaped with a backslash. Newlines become spaces:
a blank line would end the question.
"""

from __future__ import annotations

import html

from generator.quiz.model import AnswerForm
from generator.render.quizformats.common import Kit, Presented, Quiz, category, presented
from generator.render.xmltext import legal

_GIFT_META = "~=#:"


def escape(text: str) -> str:
    """Author text → GIFT ``[html]`` text."""
    flat = " ".join(legal(text).split())
    escaped = html.escape(flat, quote=False).replace("\\", "&#92;")
    escaped = escaped.replace("{", "&#123;").replace("}", "&#125;")
    return "".join("\\" + c if c in _GIFT_META else c for c in escaped)


def category_path(root: str, *names: str) -> str:
    """``$course$/top/root/name…``: one line, HTML-escaped, a slash in a name doubled.

    Moodle shows category names as HTML and expects a name's own slash doubled; a newline
    in a title would start a new GIFT directive.
    """
    parts = (html.escape(" ".join(legal(p).split())).replace("/", "//") for p in (root, *names))
    return "/".join(("$course$", "top", *parts))


def _answers(p: Presented, kit: Kit) -> list[str]:
    q = p.question
    if q.form is AnswerForm.TRUE_FALSE:
        return ["TRUE" if q.correct == (0,) else "FALSE"]
    if q.form is AnswerForm.ORDERING:
        # "->" separates the pair in GIFT matching and cannot be escaped
        return [
            f"={escape(q.options[i].replace('->', '→'))} -> {escape(kit.t('quiz_position', n=n))}"
            for n, i in enumerate(q.correct, start=1)
        ]
    if q.form is AnswerForm.MULTIPLE:
        share = {2: "50", 3: "33.33333", 4: "25", 5: "20", 6: "16.66667"}[len(p.answer)]
        return [
            f"~%{share if i in p.answer else '-' + share}%{escape(text)}"
            for i, text in enumerate(p.options)
        ]
    return [("=" if i in p.answer else "~") + escape(text) for i, text in enumerate(p.options)]


def question(p: Presented, kit: Kit) -> str:
    """One GIFT question, general feedback = explanation and reference."""
    q = p.question
    feedback = escape(f"{q.explanation} {kit.t('quiz_see')}{q.link.text}")
    lines = [f"::{q.id}::[html]{escape(q.stem)} {{", *_answers(p, kit), f"####{feedback}", "}"]
    return "\n".join(lines)


def export(quiz: Quiz, kit: Kit) -> dict[str, bytes]:
    """The quiz as one GIFT file, with a ``$CATEGORY`` line per procedure."""
    root = kit.t("quiz_category_root")
    parts = [f"// {' '.join(quiz.title.split())} · {kit.t('quiz_seed')} {quiz.seed}"]
    current = None
    for p in presented(quiz):
        name = category(quiz, p.question, kit.t)
        if name != current:
            parts.append(f"$CATEGORY: {category_path(root, name)}")
            current = name
        parts.append(question(p, kit))
    return {".gift.txt": ("\n\n".join(parts) + "\n").encode()}
