"""Moodle XML: multichoice, truefalse, and ordering as matching; a category per procedure.

Layer: render (quiz exports), pure. Every text is HTML (escaped author text)
inside CDATA, so Chinese, ``<`` and ``&`` survive. Only fractions of Moodle's grade
list are used (100 and 0: every question has exactly one right answer), and each
question carries its stable id as ``idnumber``.
"""

from __future__ import annotations

import html

from generator.quiz.model import AnswerForm
from generator.render.quizformats.common import Kit, Presented, Quiz, category, presented
from generator.render.quizformats.gift import category_path
from generator.render.xmltext import cdata, legal

PENALTY = {AnswerForm.SINGLE: "0.3333333", AnswerForm.TRUE_FALSE: "1.0000000"}
# Moodle's grade list, by the number of right options of a multi-select question: each
# right option earns its share, each wrong one costs as much (Moodle stops at 0)
SHARES = {1: "100", 2: "50", 3: "33.33333", 4: "25", 5: "20", 6: "16.66667"}


def para(text: str) -> str:
    """Author text as an HTML paragraph (legal in XML: it goes into CDATA)."""
    return f"<p>{html.escape(legal(text), quote=False)}</p>"


def _text(tag: str, content: str, fmt: str = "html") -> str:
    return f'<{tag} format="{fmt}"><text>{cdata(content)}</text></{tag}>'


def _head(p: Presented, kit: Kit, kind: str, grade: str) -> list[str]:
    q = p.question
    name = f"{p.number:03d} {q.type.value} {q.id}"
    feedback = para(q.explanation) + para(kit.t("quiz_see") + q.link.text)
    return [
        f'  <question type="{kind}">',
        f"    <name><text>{cdata(name)}</text></name>",
        "    " + _text("questiontext", para(q.stem)),
        "    " + _text("generalfeedback", feedback),
        f"    <defaultgrade>{grade}</defaultgrade>",
        f"    <penalty>{PENALTY.get(q.form, '0.3333333')}</penalty>",
        "    <hidden>0</hidden>",
        f"    <idnumber>{q.id}</idnumber>",
    ]


def _answer(fraction: int | str, content: str, fmt: str = "html") -> str:
    return (
        f'    <answer fraction="{fraction}" format="{fmt}"><text>{cdata(content)}</text>'
        '<feedback format="html"><text></text></feedback></answer>'
    )


def _multichoice(p: Presented, kit: Kit, grade: str) -> list[str]:
    lines = _head(p, kit, "multichoice", grade)
    lines += [
        "    <single>true</single>",
        "    <shuffleanswers>true</shuffleanswers>",
        "    <answernumbering>abc</answernumbering>",
        "    <showstandardinstruction>0</showstandardinstruction>",
    ]
    lines += [_answer(100 if i in p.answer else 0, para(o)) for i, o in enumerate(p.options)]
    return lines


def _multiresponse(p: Presented, kit: Kit, grade: str) -> list[str]:
    share = SHARES[len(p.answer)]
    lines = _head(p, kit, "multichoice", grade)
    lines += [
        "    <single>false</single>",
        "    <shuffleanswers>true</shuffleanswers>",
        "    <answernumbering>abc</answernumbering>",
        "    <showstandardinstruction>1</showstandardinstruction>",
    ]
    lines += [
        _answer(share if i in p.answer else f"-{share}", para(o)) for i, o in enumerate(p.options)
    ]
    return lines


def _truefalse(p: Presented, kit: Kit, grade: str) -> list[str]:
    true = p.question.correct == (0,)
    lines = _head(p, kit, "truefalse", grade)
    lines += [_answer(100 if true else 0, "true", "moodle_auto_format")]
    lines += [_answer(0 if true else 100, "false", "moodle_auto_format")]
    return lines


def _matching(p: Presented, kit: Kit, grade: str) -> list[str]:
    q = p.question
    lines = [*_head(p, kit, "matching", grade), "    <shuffleanswers>true</shuffleanswers>"]
    for n, i in enumerate(q.correct, start=1):
        lines.append(
            '    <subquestion format="html">'
            f"<text>{cdata(para(q.options[i]))}</text>"
            f"<answer><text>{cdata(kit.t('quiz_position', n=n))}</text></answer></subquestion>"
        )
    return lines


BUILDERS = {
    AnswerForm.SINGLE: _multichoice,
    AnswerForm.TRUE_FALSE: _truefalse,
    AnswerForm.ORDERING: _matching,
    AnswerForm.MULTIPLE: _multiresponse,
}


def _category(path: str, info: str = "") -> list[str]:
    """A category "question": its path and, for an exam, the blueprint as its description."""
    lines = ['  <question type="category">', f"    <category><text>{cdata(path)}</text></category>"]
    if info:
        lines.append(f'    <info format="html"><text>{cdata(info)}</text></info>')
    return [*lines, "  </question>"]


def blueprint_html(quiz: Quiz, kit: Kit) -> str:
    """The exam's settings for the Moodle quiz, and its weights, as the category's text.

    Moodle XML carries questions, not quiz settings: the trainer sets the pass mark and
    the time limit from this text (and can add "random questions" per subcategory).
    """
    exam = quiz.exam
    if exam is None:
        return ""
    t = kit.t
    head = t("quiz_blueprint_settings", count=exam.count, pass_mark=exam.pass_mark,
             minutes=exam.time_limit, points=f"{exam.points:g}")  # fmt: skip
    procs = [
        t("quiz_blueprint_weight", name=n, weight=w, drawn=d) for _i, n, w, d in exam.procedures
    ]
    types = [
        t("quiz_blueprint_weight", name=t("quiz_type_" + k), weight=w, drawn=d)
        for k, w, d in exam.types
    ]
    items = "".join(f"<li>{html.escape(x)}</li>" for x in procs + types)
    return para(head) + f"<ul>{legal(items)}</ul>"


def export(quiz: Quiz, kit: Kit) -> dict[str, bytes]:
    """The quiz as one Moodle XML file; an exam as its own category with its blueprint."""
    root = kit.t("quiz_category_root")
    grade = f"{quiz.exam.points:.7f}" if quiz.exam else "1.0000000"
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>"]
    parents = (quiz.title,) if quiz.exam else ()
    if quiz.exam:
        lines += _category(category_path(root, *parents), blueprint_html(quiz, kit))
    current = None
    for p in presented(quiz):
        name = category(quiz, p.question, kit.t)
        if name != current:
            lines += _category(category_path(root, *parents, name))
            current = name
        lines += [*BUILDERS[p.question.form](p, kit, grade), "  </question>"]
    lines.append("</quiz>")
    return {".moodle.xml": ("\n".join(lines) + "\n").encode()}
