"""SCORM 1.2 packages: the manifest against the ADL/IMS XSDs, the SCO under a real runtime
(scorm-again's SCORM 1.2 API in headless Chromium) reporting score and status."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import xmlschema

from generator.quiz import exam as exams
from generator.quiz.bank import build_bank
from generator.render.quizformats import FORMATS
from generator.render.quizformats.common import Kit, make_quiz
from generator.render.scorm import Sco, manifest
from generator.render.templating import environment
from generator.source.loader import load_manual
from generator.source.messages import translator
from generator.source.presentation import default_presentation

from .browser import watched_page
from .conftest import ROOT
from .jstools import scorm_launch

XSD = ROOT / "tests" / "data" / "scorm12-xsd"
XML_XSD = ROOT / "tests" / "data" / "qti-xsd" / "w3" / "xml.xsd"
CP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    with watched_page(browser, 1280, 900) as tab:
        yield tab


@cache
def cp_schema() -> Any:
    adlcp = xmlschema.XMLSchema(
        str(XSD / "adlcp_rootv1p2.xsd"),
        locations=[
            ("http://www.w3.org/XML/1998/namespace", str(XML_XSD)),
            (CP, str(XSD / "imscp_rootv1p1p2.xsd")),
        ],
    )
    return adlcp.maps.namespaces[CP][0]


@cache
def teller_exam() -> bytes:
    manual, findings = load_manual(ROOT)
    assert manual is not None, findings
    t = translator("zh")
    plan = exams.blueprint(manual, "teller")
    assert plan is not None and plan.pass_mark == 80
    questions, exam = exams.draw(manual, build_bank(manual, t), plan, 0, 10)
    quiz = make_quiz(manual, questions, "考试：柜员", 0, exam)
    presentation = default_presentation()
    kit = Kit(t, environment("zh", presentation), presentation.assets)
    return FORMATS["scorm"](quiz, kit)[".scorm.zip"]


def test_manifest_validates_against_the_scorm_12_xsds() -> None:
    package = zipfile.ZipFile(io.BytesIO(teller_exam()))
    text = package.read("imsmanifest.xml").decode()
    cp_schema().validate(text)
    assert "<adlcp:masteryscore>80</adlcp:masteryscore>" in text
    assert "<adlcp:maxtimeallowed>0001:00:00</adlcp:maxtimeallowed>" in text
    assert sorted(package.namelist()) == [
        "imsmanifest.xml", "index.html", "quiz.css", "quiz.js", "scorm12.js",
    ]  # fmt: skip
    assert teller_exam() == teller_exam()  # deterministic


def test_the_xsds_refuse_a_broken_manifest() -> None:
    sco = Sco("x", "T <&>", "index.html", {"index.html": b""}, 80, 30)
    good = manifest(sco)
    assert cp_schema().is_valid(good)
    assert not cp_schema().is_valid(good.replace('adlcp:scormtype="sco"', 'adlcp:scormtype="x"'))
    assert not cp_schema().is_valid(good.replace("</schemaversion>", "</schemaversion><x/>"))


def _answer(frame: Any, right: int) -> int:
    """Answer the first ``right`` questions correctly and the rest wrongly; their count."""
    items = frame.locator("li.om-q:not([hidden])")
    total: int = items.count()
    for n in range(total):
        item = items.nth(n)
        form = item.get_attribute("data-om-form")
        good = n < right
        if form == "ordering":
            selects = item.locator("select")
            k = selects.count()
            for i in range(k):
                rank = selects.nth(i).get_attribute("data-om-rank") or "1"
                value = rank if good else str(k - int(rank) + 1 if k > 1 else 1)
                selects.nth(i).select_option(value)
            if not good and k > 1:  # a reversed order can be right only for k == 1
                continue
        elif form == "multiple":
            boxes = item.locator("input[type=checkbox]")
            for i in range(boxes.count()):
                correct = boxes.nth(i).get_attribute("data-om-correct") is not None
                if correct == good:
                    boxes.nth(i).check()
        else:
            pick = "[data-om-correct]" if good else ":not([data-om-correct])"
            item.locator(f"input{pick}").first.check()
    return total


@pytest.mark.browser
def test_the_exam_runs_under_scorm_again_and_reports_score_and_status(
    page: Any, tmp_path: Path
) -> None:
    archive = tmp_path / "teller.scorm.zip"
    archive.write_bytes(teller_exam())
    with scorm_launch(page, archive) as run:
        frame = run.sco
        frame.locator("[data-om-submit]").wait_for()
        assert run.initialized()
        # submitting with nothing answered asks first, and "keep answering" goes back
        frame.locator("[data-om-submit]").click()
        assert frame.locator("[data-om-confirm]").is_visible()
        assert "10" in frame.locator("[data-om-confirm-text]").inner_text()
        frame.locator("[data-om-confirm-no]").click()
        assert not frame.locator("[data-om-confirm]").is_visible() and not run.finished()
        total = _answer(frame, 9)
        assert total == 10
        frame.locator("[data-om-submit]").click()
        run.wait_finished()
        result = frame.locator("[data-om-result]")
        assert "90 分" in result.inner_text() and "通过" in result.inner_text()
        assert run.get("cmi.core.score.raw") == "90"
        assert run.get("cmi.core.score.max") == "100"
        assert run.get("cmi.core.lesson_status") == "passed"
        calls = [c["call"] for c in run.calls()]
        assert calls[0] == "LMSInitialize" and calls[-2:] == ["LMSCommit", "LMSFinish"]
        assert all(c["error"] == "0" for c in run.calls()), run.calls()


@pytest.mark.browser
def test_a_failed_exam_reports_failed(page: Any, tmp_path: Path) -> None:
    archive = tmp_path / "teller.scorm.zip"
    archive.write_bytes(teller_exam())
    with scorm_launch(page, archive) as run:
        frame = run.sco
        frame.locator("[data-om-submit]").wait_for()
        _answer(frame, 5)
        frame.locator("[data-om-submit]").click()
        run.wait_finished()
        assert run.get("cmi.core.score.raw") == "50"
        assert run.get("cmi.core.lesson_status") == "failed"
        assert "未通过" in frame.locator("[data-om-result]").inner_text()
