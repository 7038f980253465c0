"""The JavaScript test tools (tests/jstools.py) and the BPMN XSDs (tests/validators.py)
work here, and each can fail: bpmnlint, bpmn-js, axe-core and scorm-again, on small
hand-written inputs."""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import xmlschema

from .browser import watched_page
from .jstools import ScormRun, axe_run, axe_summary, bpmn_js_import, run_bpmnlint, scorm_launch
from .validators import bpmn_schema

DATA = Path(__file__).resolve().parent / "data" / "bpmn"
VALID = DATA / "account-opening.bpmn"
NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "dc": "http://www.omg.org/spec/DD/20100524/DC",
    "di": "http://www.omg.org/spec/DD/20100524/DI",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
for _prefix, _uri in NS.items():
    ET.register_namespace(_prefix, _uri)


def without(xml: str, *ids: str) -> str:
    """The diagram with the elements ``ids`` taken out: their model element, their shape
    or edge, and every reference to them (incoming, outgoing, flowNodeRef, default)."""
    root = ET.fromstring(xml)
    removed: list[str] = []
    for parent in root.iter():
        for child in list(parent):
            tag = child.tag.rsplit("}", 1)[-1]
            if (
                child.get("id") in ids
                or child.get("bpmnElement") in ids
                or (tag in ("incoming", "outgoing", "flowNodeRef") and child.text in ids)
            ):
                parent.remove(child)
                removed.append(tag)
        if parent.get("default") in ids:
            del parent.attrib["default"]
    assert removed, ids
    return ET.tostring(root, encoding="unicode")


def broken_path(tmp_path: Path) -> Path:
    path = tmp_path / "task-without-incoming.bpmn"
    path.write_text(without(VALID.read_text(encoding="utf-8"), "Flow_to_verify"), "utf-8")
    return path


# bpmnlint -------------------------------------------------------------------------------


def test_bpmnlint_passes_the_valid_sample() -> None:
    code, output = run_bpmnlint(VALID)
    assert (code, output) == (0, "")


def test_bpmnlint_fails_a_task_with_no_incoming_flow(tmp_path: Path) -> None:
    code, output = run_bpmnlint(broken_path(tmp_path))
    assert code == 1, output
    assert "Task_verify_identity" in output and "no-implicit-start" in output, output
    assert "Start_application" in output and "no-disconnected" in output, output


def test_bpmnlint_counts_warnings_as_failures_unless_told(tmp_path: Path) -> None:
    # without its "no" branch the gateway has one way in and one way out: superfluous,
    # a warning of the recommended rules, not an error
    path = tmp_path / "superfluous-gateway.bpmn"
    path.write_text(without(VALID.read_text(encoding="utf-8"), "Flow_no", "End_refused"), "utf-8")
    code, output = run_bpmnlint(path)
    assert code == 1 and "superfluous-gateway" in output and "0 errors" in output, output
    assert run_bpmnlint(path, max_warnings=None)[0] == 0


# BPMN XSDs (spiffworkflow's copy) -------------------------------------------------------


def test_the_valid_sample_validates_against_the_bpmn_xsds() -> None:
    bpmn_schema().validate(VALID.read_text(encoding="utf-8"))


def test_the_bpmn_xsds_reject_an_element_bpmn_does_not_define() -> None:
    xml = VALID.read_text(encoding="utf-8").replace("<bpmn:task ", "<bpmn:job ")
    xml = xml.replace("</bpmn:task>", "</bpmn:job>")
    with pytest.raises(xmlschema.XMLSchemaValidationError):
        bpmn_schema().validate(xml)
    reasons = [str(e.reason) for e in bpmn_schema().iter_errors(xml)]
    assert "Unexpected child with tag 'bpmn:job' at position 3." in reasons, reasons


def test_the_bpmn_xsds_reject_a_flow_without_its_target() -> None:
    xml = VALID.read_text(encoding="utf-8").replace(' targetRef="End_opened"', "")
    with pytest.raises(xmlschema.XMLSchemaValidationError, match="targetRef"):
        bpmn_schema().validate(xml)


# in Chromium ----------------------------------------------------------------------------


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    with watched_page(browser, 1280, 900) as tab:
        yield tab


@pytest.mark.browser
def test_bpmn_js_imports_the_valid_sample_and_renders_its_shapes(page: Any) -> None:
    page.set_content("<!doctype html><title>bpmn-js</title>")
    result = bpmn_js_import(page, VALID.read_text(encoding="utf-8"))
    assert result["warnings"] == []
    shapes = {s["id"]: s for s in result["shapes"]}
    assert shapes["Task_verify_identity"] == {
        "id": "Task_verify_identity",
        "type": "bpmn:Task",
        "name": "Verify identity",
        "parent": "Participant_branch",
        "lane": "Lane_teller",
        "rendered": True,
    }
    assert shapes["Task_open_account"]["lane"] == "Lane_supervisor"
    assert shapes["Gateway_identity_ok"]["type"] == "bpmn:ExclusiveGateway"
    assert shapes["Lane_teller"]["type"] == "bpmn:Lane"
    assert shapes["Participant_branch"]["type"] == "bpmn:Participant"
    assert len(shapes) == 9 and all(s["rendered"] for s in shapes.values())
    flows = {c["id"]: c for c in result["connections"]}
    assert flows["Flow_yes"]["source"] == "Gateway_identity_ok"
    assert flows["Flow_yes"]["target"] == "Task_open_account"
    assert len(flows) == 5 and all(c["rendered"] for c in flows.values())


@pytest.mark.browser
def test_bpmn_js_reports_import_warnings(page: Any) -> None:
    page.set_content("<!doctype html><title>bpmn-js</title>")
    xml = VALID.read_text(encoding="utf-8").replace(
        'targetRef="End_opened"', 'targetRef="End_nowhere"'
    )
    result = bpmn_js_import(page, xml)
    assert any("End_nowhere" in w for w in result["warnings"]), result["warnings"]


GOOD_PAGE = """<!doctype html><html lang="en"><head><title>Good page</title></head>
<body><main><h1>Opening an account</h1>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="The bank's logo" width="1" height="1">
<p>Bring your identity card.</p></main></body></html>"""
BAD_PAGE = GOOD_PAGE.replace(' alt="The bank\'s logo"', "")


@pytest.mark.browser
def test_axe_finds_an_image_without_alt(page: Any) -> None:
    page.set_content(BAD_PAGE)
    violations = axe_run(page)
    assert [v["id"] for v in violations] == ["image-alt"], axe_summary(violations)
    assert violations[0]["nodes"][0]["target"] == ["img"]


@pytest.mark.browser
def test_axe_finds_nothing_on_a_good_page(page: Any) -> None:
    page.set_content(GOOD_PAGE)
    violations = axe_run(page)
    assert violations == [], axe_summary(violations)


MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="tiny-sco" version="1.0"
    xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="org">
    <organization identifier="org"><title>Tiny</title>
      <item identifier="item" identifierref="res"><title>Tiny SCO</title></item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="res" type="webcontent" adlcp:scormtype="sco" href="sco/index.html">
      <file href="sco/index.html"/>
    </resource>
  </resources>
</manifest>
"""
SCO = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Tiny SCO</title>
<script>
  // The standard SCORM 1.2 API discovery: the nearest window.API up the frames.
  function findAPI(win) {
    for (let tries = 0; win && tries < 10; tries++, win = win.parent) {
      if (win.API) return win.API;
      if (win === win.parent) break;
    }
    return null;
  }
  window.addEventListener("load", () => {
    const api = findAPI(window);
    api.LMSInitialize("");
    api.LMSSetValue("cmi.core.lesson_status", "finished");  // not SCORM 1.2 vocabulary
    api.LMSSetValue("cmi.core.score.raw", "80");
    api.LMSSetValue("cmi.core.lesson_status", "passed");
    api.LMSCommit("");
    api.LMSFinish("");
    document.body.textContent = "done";
  });
</script></head><body>running</body></html>
"""


def tiny_package(folder: Path) -> Path:
    (folder / "sco").mkdir(parents=True)
    (folder / "imsmanifest.xml").write_text(MANIFEST, encoding="utf-8")
    (folder / "sco" / "index.html").write_text(SCO, encoding="utf-8")
    return folder


@pytest.mark.browser
@pytest.mark.parametrize("packed", [False, True], ids=["folder", "zip"])
def test_scorm_again_runs_a_sco_and_keeps_its_score(
    page: Any, tmp_path: Path, packed: bool
) -> None:
    package = tiny_package(tmp_path / "package")
    if packed:
        archive = tmp_path / "tiny-sco.zip"
        with zipfile.ZipFile(archive, "w") as z:
            for path in sorted(package.rglob("*")):
                if path.is_file():
                    z.write(path, path.relative_to(package).as_posix())
        package = archive
    with scorm_launch(page, package) as run:
        run.wait_finished()
        assert isinstance(run, ScormRun) and run.finished()
        assert run.sco.locator("body").inner_text() == "done"
        assert run.get("cmi.core.score.raw") == "80"
        assert run.get("cmi.core.lesson_status") == "passed"
        calls = [(c["call"], *c["args"], c["result"], c["error"]) for c in run.calls()]
    assert calls == [
        ("LMSInitialize", "", "true", "0"),
        ("LMSSetValue", "cmi.core.lesson_status", "finished", "false", "405"),
        ("LMSSetValue", "cmi.core.score.raw", "80", "true", "0"),
        ("LMSSetValue", "cmi.core.lesson_status", "passed", "true", "0"),
        ("LMSCommit", "", "true", "0"),
        ("LMSFinish", "", "true", "0"),
    ]
