"""Exports, proved by third parties: QTI against the IMS XSDs, GIFT through pygiftparser,
Moodle XML through an XML parser and Moodle's grade list; plus CSV, JSON, HTML, Markdown."""

from __future__ import annotations

import csv
import dataclasses
import html
import io
import json
import os
import re
import shutil
import warnings
import xml.etree.ElementTree as ET
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import xmlschema

from generator.quiz.bank import build_bank
from generator.quiz.model import AnswerForm
from generator.render.quizformats import FORMATS
from generator.render.quizformats.common import Kit, Quiz, make_quiz, presented
from generator.render.templating import environment
from generator.source.loader import load_manual
from generator.source.messages import translator
from generator.source.presentation import default_presentation

from .conftest import KITCHEN_SINK, ROOT

# The official IMS QTI 2.1 and Content Packaging XSDs, kept as test data with their IMS
# notices (tests/data/qti-xsd/README.md); OPSMANUAL_QTI_XSD points to another copy.
XSD = Path(os.environ.get("OPSMANUAL_QTI_XSD") or ROOT / "tests" / "data" / "qti-xsd")
# Moodle's grade list (question_bank::fraction_options_full), in percent
MOODLE_FRACTIONS = {
    "100", "90", "83.33333", "80", "75", "70", "66.66667", "60", "50", "40", "33.33333",
    "30", "25", "20", "16.66667", "14.28571", "12.5", "11.11111", "10", "5", "0",
}  # fmt: skip
SPECIAL = r"Check {A} = B ~ C # 1: <x> & y \ z"
SPECIAL_PROCEDURE = f"""id: special-chars
title: "Sonderzeichen {{=~#:}} <b>&amp;\n$CATEGORY: evil\n特殊字符"
category: Accounts
summary: Text with GIFT and XML syntax in every field.
owner: branch-manager
version: 2.0.1
effective: 2026-11-01
review:
  cycle_months: 12
  last_reviewed: 2026-10-20
  approver: compliance-officer
trigger: Anything.
steps:
  - id: first
    title: '{SPECIAL}'
    owner: teller
    controls: [document-check]
  - id: second
    title: 核对“证件”{{有效期}} -> 下一步
    owner: reviewer
    controls: [dual-review]
  - id: third
    title: "]]> CDATA end & <![CDATA["
    owner: branch-manager
    controls: [approval]
  - id: done
    kind: end
    title: Done
history:
  - version: 2.0.1
    date: 2026-10-20
    summary: First release
    approved_by: compliance-officer
"""


@cache
def quiz(language: str = "en") -> Quiz:
    root = Path(_special_root())
    manual, findings = load_manual(root)
    assert manual is not None, [f.as_text() for f in findings]
    t = translator(language)
    return make_quiz(manual, build_bank(manual, t), "Quiz {x} <&>", 5)


@cache
def _special_root() -> str:
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="quiz-special-")) / "ks"
    shutil.copytree(KITCHEN_SINK, root, ignore=shutil.ignore_patterns("site", "public", ".cache"))
    (root / "procedures" / "special-chars.yml").write_text(SPECIAL_PROCEDURE, encoding="utf-8")
    return str(root)


def export(fmt: str, language: str = "en", the_quiz: Quiz | None = None) -> dict[str, bytes]:
    t = translator(language)
    return FORMATS[fmt](
        the_quiz or quiz(language), Kit(t, environment(language, default_presentation()))
    )


def test_the_special_procedure_is_in_the_quiz() -> None:
    stems = [q.stem for q in quiz().questions]
    assert any(SPECIAL in s for s in stems)
    assert any("]]> CDATA end" in s for s in stems)


@cache
def schemas() -> tuple[xmlschema.XMLSchema, xmlschema.XMLSchema]:
    if not (XSD / "imscp_v1p1.xsd").is_file():
        pytest.fail(
            f"the IMS QTI 2.1 XSDs are not at {XSD}: they ship in tests/data/qti-xsd; "
            "OPSMANUAL_QTI_XSD, when set, must name a folder holding "
            "qtiv2p1/imsqti_v2p1.xsd and imscp_v1p1.xsd"
        )
    return (
        xmlschema.XMLSchema(str(XSD / "qtiv2p1" / "imsqti_v2p1.xsd")),
        xmlschema.XMLSchema(str(XSD / "imscp_v1p1.xsd")),
    )


@pytest.mark.parametrize("language", ["en", "zh"])
def test_qti_package_validates_against_the_ims_xsds(language: str) -> None:
    items, manifest = schemas()
    data = export("qti", language)[".qti.zip"]
    package = zipfile.ZipFile(io.BytesIO(data))
    names = package.namelist()
    assert names == sorted(names) and "imsmanifest.xml" in names
    manifest.validate(package.read("imsmanifest.xml").decode())
    hrefs = re.findall(r'<file href="([^"]+)"', package.read("imsmanifest.xml").decode())
    assert sorted(hrefs) == sorted(n for n in names if n != "imsmanifest.xml")
    assert len(hrefs) == len(quiz(language).questions)
    shown = {p.question.id: p for p in presented(quiz(language))}
    for name in hrefs:
        text = package.read(name).decode()
        items.validate(text)
        root = ET.fromstring(text)
        ns = {"q": "http://www.imsglobal.org/xsd/imsqti_v2p1"}
        p = shown[root.get("identifier") or ""]
        prompt = root.find(".//q:prompt", ns)
        assert prompt is not None and prompt.text == p.question.stem
        choices = [c.text for c in root.iterfind(".//q:simpleChoice", ns)]
        assert choices == list(p.options)
        correct = [v.text for v in root.iterfind(".//q:correctResponse/q:value", ns)]
        assert correct == ["ABCDEF"[i] for i in p.answer]


def test_qti_rejects_what_it_should() -> None:
    """The validator itself can fail: an item with an element QTI does not define."""
    items, _ = schemas()
    package = zipfile.ZipFile(io.BytesIO(export("qti")[".qti.zip"]))
    name = next(n for n in package.namelist() if n.startswith("items/"))
    broken = (
        package.read(name)
        .decode()
        .replace("<prompt>", "<question>")
        .replace("</prompt>", "</question>")
    )
    with pytest.raises(xmlschema.XMLSchemaValidationError):
        items.validate(broken)


def parse_gift(text: str) -> list[Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # pygiftparser calls getdefaultlocale
        from pygiftparser import parser, utils
    questions = parser.parseFile(io.StringIO(text))
    for q in questions:
        q.plain = html.unescape(utils.transformSpecials(q.text))
    return list(questions)


def gift_text(value: str) -> str:
    from pygiftparser import utils

    return html.unescape(utils.transformSpecials(value))


@pytest.mark.parametrize("language", ["en", "zh"])
def test_gift_parses_with_pygiftparser_into_the_same_questions(language: str) -> None:
    text = export("gift", language)[".gift.txt"].decode()
    parsed = parse_gift(text)
    shown = presented(quiz(language))
    assert len(parsed) == len(shown)
    for q, p in zip(parsed, shown, strict=True):
        assert q.valid, q.source
        assert q.title == p.question.id
        assert q.markup == "html"
        assert q.plain == " ".join(p.question.stem.split())
        answers = q.answers
        kind = type(answers).__name__
        if p.question.form is AnswerForm.TRUE_FALSE:
            assert kind == "TrueFalseSet" and answers.answer is (p.question.correct == (0,))
        elif p.question.form is AnswerForm.ORDERING:
            assert kind == "MatchingSet"
            pairs = [
                (gift_text(a.question).strip(), gift_text(a.answer).strip())
                for a in answers.answers
            ]
            expected = [t.replace("->", "→") for t in p.question.answer_texts]
            assert [left for left, _right in pairs] == expected
            assert [right for _left, right in pairs] == [
                translator(language)("quiz_position", n=n) for n in range(1, len(expected) + 1)
            ]
        elif p.question.form is AnswerForm.MULTIPLE:
            assert kind == "MultipleChoicesSet"
            got = [(gift_text(a.answer), round(a.fraction)) for a in answers.answers]
            share = 100 / len(p.answer)
            assert got == [
                (o, round(share if i in p.answer else -share)) for i, o in enumerate(p.options)
            ]
        else:
            assert kind == "SelectSet"
            got = [(gift_text(a.answer), a.fraction) for a in answers.answers]
            assert got == [(o, 100 if i in p.answer else 0) for i, o in enumerate(p.options)]
        assert p.question.explanation.split()[0] in gift_text(q.generalFeedback)


def test_gift_escapes_every_metacharacter() -> None:
    text = export("gift")[".gift.txt"].decode()
    line = next(x for x in text.splitlines() if "Check" in x and "B" in x and "::" in x)
    assert r"Check &\#123;A&\#125; \= B \~ C \# 1\: &lt;x&gt; &amp; y &\#92; z" in line
    # the category is one line (a newline in the title would start a new directive),
    # escaped like the question text
    assert (
        "$CATEGORY: $course$/top/Operations manual quiz/"
        "Sonderzeichen {=~#:} &lt;b&gt;&amp;amp; $CATEGORY: evil 特殊字符\n"
    ) in text
    assert not any(line.startswith("$CATEGORY: evil") for line in text.splitlines())


def test_moodle_xml_is_well_formed_with_grade_list_fractions_and_escaped_text() -> None:
    data = export("moodle")[".moodle.xml"]
    root = ET.fromstring(data)
    shown = {p.question.id: p for p in presented(quiz())}
    categories = [c.findtext("category/text") for c in root.iterfind("question[@type='category']")]
    assert "$course$/top/Operations manual quiz/Open a personal account" in categories
    assert "$course$/top/Operations manual quiz/Controls" in categories
    assert (
        "$course$/top/Operations manual quiz/Sonderzeichen {=~#:} &lt;b&gt;&amp;amp; "
        "$CATEGORY: evil 特殊字符"
    ) in categories
    questions = [q for q in root.iterfind("question") if q.get("type") != "category"]
    assert len(questions) == len(shown)
    for q in questions:
        p = shown[q.findtext("idnumber") or ""]
        assert (q.findtext("name/text") or "").strip()
        assert (
            html.unescape(re.sub(r"</?p>", "", q.findtext("questiontext/text") or ""))
            == p.question.stem
        )
        fractions = [a.get("fraction") for a in q.iterfind("answer")]
        assert {f.lstrip("-") for f in fractions if f} <= MOODLE_FRACTIONS
        if q.get("type") == "matching":
            subs = [
                html.unescape(re.sub(r"</?p>", "", s.findtext("text") or ""))
                for s in q.iterfind("subquestion")
            ]
            assert subs == list(p.question.answer_texts)
        elif p.question.form is AnswerForm.MULTIPLE:
            assert q.findtext("single") == "false"
            right = [f for f in fractions if f and not f.startswith("-")]
            assert len(right) == len(p.answer) >= 2 and len(set(right)) == 1
            assert abs(sum(float(f) for f in right) - 100) < 0.001
        else:
            assert fractions.count("100") == 1
            expected = {"multichoice": "multichoice", "truefalse": "truefalse"}[q.get("type") or ""]
            assert expected == (
                "truefalse" if p.question.form is AnswerForm.TRUE_FALSE else "multichoice"
            )
    assert b"<p>]]&gt; CDATA end &amp; &lt;![CDATA[</p>" in data  # escaped before CDATA wraps it


def test_csv_table() -> None:
    text = export("csv")[".csv"].decode()
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    shown = presented(quiz())
    assert len(rows) == len(shown)
    for row, p in zip(rows, shown, strict=True):
        assert row["id"] == p.question.id and row["question"] == p.question.stem
        letters = row["answer"].split(",")
        assert [row[f"option_{x.lower()}"] for x in letters] == [p.options[i] for i in p.answer]


def test_json_answers_point_at_the_options() -> None:
    data = json.loads(export("json")[".json"])
    assert data["seed"] == 5 and data["count"] == len(quiz().questions)
    for item in data["questions"]:
        assert [item["options"][i] for i in item["answer"]] == item["answer_text"]
        assert item["reference"]["url"].startswith(("procedures/", "controls/", "faq/"))


def test_html_sheet_and_key_are_standalone_a4_and_agree() -> None:
    files = export("html", "zh")
    sheet, key = files[".html"].decode(), files["-key.html"].decode()
    for page in (sheet, key):
        assert "@page { size: A4" in page and "<script" not in page
        assert "http://" not in page and "https://" not in page
        assert "<b>&amp;" not in page and "&lt;b&gt;&amp;amp;" in page  # author HTML is text
    assert "姓名" in sheet and "答案" in key
    shown = presented(quiz("zh"))
    letters = re.findall(r'<td class="om-answer">([^<]+)</td>', key)
    assert letters == [p.answer_letters for p in shown]
    assert sheet.count('<section class="om-q">') == len(shown)


def test_markdown_escapes_author_text() -> None:
    text = export("md")[".md"].decode()
    assert r"Check \{A\} = B \~ C \# 1: \<x\> \& y \\ z" in text
    assert r"\<b\>\&amp;" in text  # an entity the author wrote stays as written
    assert "## Answer key" in text


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_same_seed_same_bytes_other_seed_other_order(fmt: str) -> None:
    assert export(fmt) == export(fmt)
    other = dataclasses.replace(quiz(), seed=6)
    assert export(fmt, the_quiz=other) != export(fmt)


def test_real_manual_exports_in_chinese() -> None:
    manual, _ = load_manual(ROOT)
    assert manual is not None
    t = translator("zh")
    drawn = make_quiz(manual, build_bank(manual, t)[:60], "全手册", 1)
    kit = Kit(t, environment("zh", default_presentation()))
    parsed = parse_gift(FORMATS["gift"](drawn, kit)[".gift.txt"].decode())
    assert [q.plain for q in parsed] == [" ".join(q.stem.split()) for q in drawn.questions]
    items, _ = schemas()
    package = zipfile.ZipFile(io.BytesIO(FORMATS["qti"](drawn, kit)[".qti.zip"]))
    for name in package.namelist()[:20]:
        if name.startswith("items/"):
            items.validate(package.read(name).decode())


def test_an_faq_question_with_many_options_exports_everywhere(tmp_path: Path) -> None:
    from generator.render import RenderContext
    from generator.render import training as site
    from generator.render.views import Views

    from .conftest import TODAY

    root = tmp_path / "ks"
    shutil.copytree(KITCHEN_SINK, root, ignore=shutil.ignore_patterns("site", "public", ".cache"))
    wrong = ", ".join(f"Wrong answer {n}" for n in range(1, 8))
    (root / "faq" / "many.yml").write_text(
        "topic: Many\nentries:\n  - id: many-options\n    question: Which one is right?\n"
        "    answer: The right one.\n    roles: [teller]\n    quiz:\n"
        f"      correct: The right one\n      distractors: [{wrong}]\n",
        encoding="utf-8",
    )
    manual, findings = load_manual(root)
    assert manual is not None, [f.as_text() for f in findings]
    t = translator("en")
    many = [q for q in build_bank(manual, t) if q.stem == "Which one is right?"]
    assert len(many) == 1 and len(many[0].options) == 8
    the_quiz = make_quiz(manual, tuple(many), "Many", 3)
    outputs = {fmt: export(fmt, the_quiz=the_quiz) for fmt in FORMATS}
    table = list(csv.reader(io.StringIO(outputs["csv"][".csv"].decode("utf-8-sig"))))
    assert "option_h" in table[0] and table[1][table[0].index("option_h")].startswith("Wrong")
    assert re.search(r"H\. (The right one|Wrong answer \d)", outputs["html"][".html"].decode())
    env = environment("en", default_presentation())
    training = manual.settings.training.model_copy(update={"trainer_pages": True})
    publish = manual.settings.model_copy(update={"training": training})
    manual = dataclasses.replace(manual, settings=publish)  # a trainer build
    files = site.render(RenderContext(manual, env, Views(manual, TODAY, t), TODAY, t, {}))
    trainer = files[next(p for p in files if str(p) == "training/trainer/roles/teller.md")]
    assert "H. " in (trainer if isinstance(trainer, str) else trainer.decode())
