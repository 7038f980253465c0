"""The JavaScript test tools in node_modules (package.json), for the Python tests.

`make bootstrap` installs them with `npm ci` from package-lock.json:

- bpmnlint, a BPMN 2.0 linter (command line), with its ``recommended`` rules;
- bpmn-js, the BPMN viewer: imports a diagram in a Playwright page and lists the shapes;
- scorm-again, a SCORM 1.2 runtime: ``window.API`` for a SCO run in Chromium;
- axe-core, accessibility rules run in a Playwright page.

Each ``*_path()`` function fails the test, naming `make bootstrap`, when its file is missing.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html import escape as html_escape
from pathlib import Path
from typing import Any

import pytest

from .sites import serve

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
BPMNLINTRC = ROOT / "tests" / "data" / "bpmn" / "bpmnlintrc.json"  # extends bpmnlint:recommended
BPMN_JS_BUNDLES = {
    "viewer": "bpmn-viewer.production.min.js",  # global BpmnJS: import and render only
    "navigated-viewer": "bpmn-navigated-viewer.production.min.js",
    "modeler": "bpmn-modeler.production.min.js",
}


def _installed(relative: str, what: str) -> Path:
    path = NODE_MODULES / relative
    if not path.is_file():
        pytest.fail(
            f"{what} is not installed: {path} is missing. Run `make bootstrap` (it runs "
            "`npm ci`, installing the JavaScript test tools of package-lock.json).",
            pytrace=False,
        )
    return path


def bpmnlint_path() -> Path:
    """node_modules/.bin/bpmnlint, the linter's command line."""
    return _installed(".bin/bpmnlint", "bpmnlint")


def bpmn_js_path(bundle: str = "viewer") -> Path:
    """A prebuilt bpmn-js bundle from node_modules/bpmn-js/dist (global ``BpmnJS``)."""
    return _installed(f"bpmn-js/dist/{BPMN_JS_BUNDLES[bundle]}", "bpmn-js")


def bpmn_js_css_paths() -> list[Path]:
    """The stylesheets the bpmn-js bundles expect (only looks matter: screenshots)."""
    return [
        _installed("bpmn-js/dist/assets/diagram-js.css", "bpmn-js"),
        _installed("bpmn-js/dist/assets/bpmn-js.css", "bpmn-js"),
    ]


def scorm_again_path() -> Path:
    """scorm-again's SCORM 1.2 bundle (global ``Scorm12API``)."""
    return _installed("scorm-again/dist/scorm12.min.js", "scorm-again")


def axe_path() -> Path:
    """axe-core's browser build, axe.min.js (global ``axe``)."""
    return _installed("axe-core/axe.min.js", "axe-core")


# bpmnlint ------------------------------------------------------------------------------


def run_bpmnlint(
    path: Path | str, *, config: Path = BPMNLINTRC, max_warnings: int | None = 0
) -> tuple[int, str]:
    """Lint one BPMN file; returns ``(returncode, output)``.

    The rules are bpmnlint's ``recommended`` set (``config``). With ``max_warnings=0``
    (the default) a warning fails the run like an error; ``None`` lets warnings pass.
    """
    command = [str(bpmnlint_path()), "--config", str(config)]
    if max_warnings is not None:
        command.append(f"--max-warnings={max_warnings}")
    command.append(str(Path(path).resolve()))
    # cwd: a folder with no .bpmnlintrc of its own, so only `config` applies
    with tempfile.TemporaryDirectory(prefix="bpmnlint-") as cwd:
        done = subprocess.run(
            command, cwd=cwd, capture_output=True, text=True, timeout=120, check=False
        )
    return done.returncode, (done.stdout + done.stderr).strip()


# bpmn-js -------------------------------------------------------------------------------

_BPMN_JS_IMPORT = """async (xml) => {
  let container = document.getElementById('bpmn-js-canvas');
  if (!container) {
    container = document.createElement('div');
    container.id = 'bpmn-js-canvas';
    container.style.cssText = 'width: 1200px; height: 800px';
    document.body.appendChild(container);
  }
  container.innerHTML = '';
  const viewer = new BpmnJS({ container });
  window.bpmnViewer = viewer;
  const { warnings } = await viewer.importXML(xml);
  const registry = viewer.get('elementRegistry');
  const laneOf = {};
  for (const lane of registry.filter((e) => e.type === 'bpmn:Lane')) {
    for (const ref of lane.businessObject.flowNodeRef || []) laneOf[ref.id] = lane.id;
  }
  const rendered = (id) =>
    !!container.querySelector(`.djs-element[data-element-id="${CSS.escape(id)}"]`);
  const all = registry.getAll().filter((e) => e.type !== 'label' && e.parent);
  return {
    warnings: warnings.map((w) => String(w.message || w)),
    shapes: all.filter((e) => !e.waypoints).map((e) => ({
      id: e.id,
      type: e.type,
      name: e.businessObject.name || null,
      parent: e.parent.id,
      lane: laneOf[e.id] || null,
      rendered: rendered(e.id),
    })),
    connections: all.filter((e) => e.waypoints).map((e) => ({
      id: e.id,
      type: e.type,
      source: e.source ? e.source.id : null,
      target: e.target ? e.target.id : null,
      rendered: rendered(e.id),
    })),
  };
}"""


def bpmn_js_import(page: Any, xml: str, *, bundle: str = "viewer") -> dict[str, Any]:
    """Import ``xml`` in a bpmn-js viewer inside the Playwright ``page``.

    Returns ``{"warnings": [str], "shapes": [...], "connections": [...]}``. Each shape is
    ``{id, type, name, parent, lane, rendered}``: ``parent`` is the diagram element it
    sits in (the participant, for a flow node in a pool), ``lane`` the lane whose
    ``flowNodeRef`` lists it (or None), ``rendered`` whether its SVG is in the page.
    Each connection is ``{id, type, source, target, rendered}``. An XML bpmn-js cannot
    import at all raises Playwright's Error. The viewer stays as ``window.bpmnViewer``.
    """
    if not page.evaluate("typeof BpmnJS !== 'undefined'"):
        for css in bpmn_js_css_paths():
            page.add_style_tag(path=str(css))
        page.add_script_tag(path=str(bpmn_js_path(bundle)))
    result: dict[str, Any] = page.evaluate(_BPMN_JS_IMPORT, xml)
    return result


# axe-core ------------------------------------------------------------------------------


def axe_run(
    page: Any, context: Any = None, options: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """Run axe-core on the page (or on ``context``, an axe context such as a selector).

    Returns axe's ``violations``: each has ``id`` (the rule), ``impact``, ``help`` and
    ``nodes`` (``target`` selectors and ``html``). ``options`` go to ``axe.run``
    unchanged, e.g. ``{"runOnly": ["wcag2a", "wcag2aa"]}``.
    """
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_path()))
    violations: list[dict[str, Any]] = page.evaluate(
        """async ([context, options]) =>
             (await axe.run(context || document, options || {})).violations""",
        [context, options or {}],
    )
    return violations


def axe_summary(violations: list[dict[str, Any]]) -> list[str]:
    """One readable line per violation, for assertion messages."""
    return [
        f"{v['id']} ({v.get('impact')}): {v['help']} — "
        + ", ".join(" ".join(n["target"]) for n in v["nodes"])
        for v in violations
    ]


# scorm-again ---------------------------------------------------------------------------

_LAUNCHER = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>SCORM 1.2 launcher (scorm-again)</title>
<script src="scorm-again/scorm12.min.js"></script>
<script>
  // The LMS side: scorm-again's SCORM 1.2 runtime as window.API, where a SCO looks for
  // it (in its parent frames). No lmsCommitUrl: commits stay in the page. Every call of
  // the SCO is recorded with its result and the error code it left.
  window.API = new Scorm12API(__SETTINGS__);
  window.scormCalls = [];
  for (const name of ["LMSInitialize", "LMSGetValue", "LMSSetValue", "LMSCommit", "LMSFinish"]) {
    const real = window.API[name];
    window.API[name] = (...args) => {
      const result = real.apply(window.API, args);
      window.scormCalls.push({
        call: name, args: args.map(String), result: String(result),
        error: String(window.API.lastErrorCode),
      });
      return result;
    };
  }
</script>
</head>
<body>
<iframe id="sco" title="SCO" src="__SCO__" style="width: 100%; height: 90vh; border: 0"></iframe>
</body>
</html>
"""


@dataclass
class ScormRun:
    """A SCO running in a Playwright page under scorm-again's SCORM 1.2 ``window.API``."""

    page: Any

    def get(self, element: str) -> str:
        """A value of the runtime's data model, e.g. ``cmi.core.score.raw``, whatever the
        session state (it still answers after LMSFinish, unlike ``LMSGetValue``)."""
        value: str = self.page.evaluate("(e) => String(window.API.getCMIValue(e))", element)
        return value

    def calls(self) -> list[dict[str, Any]]:
        """The SCO's LMSInitialize, LMSGetValue, LMSSetValue, LMSCommit and LMSFinish
        calls in order, each ``{call, args, result, error}``: ``result`` as the SCO got it
        ("true"/"false" or the value read), ``error`` the error code it left ("0": none)."""
        calls: list[dict[str, Any]] = self.page.evaluate("window.scormCalls")
        return calls

    def cmi(self) -> dict[str, Any]:
        """The whole data model as JSON (``renderCMIToJSONObject``)."""
        data: dict[str, Any] = self.page.evaluate(
            "JSON.parse(JSON.stringify(window.API.renderCMIToJSONObject()))"
        )
        return data

    def initialized(self) -> bool:
        """Whether LMSInitialize has been called (and LMSFinish not yet)."""
        return bool(self.page.evaluate("window.API.isInitialized()"))

    def finished(self) -> bool:
        """Whether the SCO has called LMSFinish."""
        return bool(self.page.evaluate("window.API.isTerminated()"))

    def wait_finished(self, timeout_ms: float = 10_000) -> None:
        """Wait until the SCO calls LMSFinish (Playwright's TimeoutError otherwise)."""
        self.page.wait_for_function("window.API.isTerminated()", timeout=timeout_ms)

    @property
    def sco(self) -> Any:
        """The SCO's iframe (a Playwright FrameLocator), to click through its pages."""
        return self.page.frame_locator("#sco")


SCORM12_SETTINGS: dict[str, Any] = {"autocommit": False, "logLevel": 4}


def sco_href(package: Path) -> str:
    """The launch file of a SCORM 1.2 package folder: the resource of the first item of
    the default organisation in imsmanifest.xml (a resource of scormtype sco)."""
    manifest = ET.parse(package / "imsmanifest.xml").getroot()

    def local(tag: str) -> str:
        return tag.rsplit("}", 1)[-1]

    def find_all(node: ET.Element, name: str) -> list[ET.Element]:
        return [e for e in node.iter() if local(e.tag) == name]

    resources = {r.get("identifier"): r for r in find_all(manifest, "resource")}
    organizations = find_all(manifest, "organizations")
    default = organizations[0].get("default") if organizations else None
    orgs = find_all(manifest, "organization")
    org = next((o for o in orgs if o.get("identifier") == default), orgs[0] if orgs else None)
    items = [i for i in find_all(org, "item") if i.get("identifierref")] if org is not None else []
    if items:
        resource = resources[items[0].get("identifierref")]
    else:  # no organisation: the first SCO resource
        resource = next(r for r in resources.values() if (_scormtype(r) or "").lower() == "sco")
    href = resource.get("href")
    assert href, f"resource {resource.get('identifier')} has no href"
    return (resource.get("{http://www.w3.org/XML/1998/namespace}base") or "") + href


def _scormtype(resource: ET.Element) -> str | None:
    for key, value in resource.attrib.items():
        if key.rsplit("}", 1)[-1].lower() == "scormtype":
            return value
    return None


@contextmanager
def scorm_launch(
    page: Any,
    package: Path,
    *,
    sco: str | None = None,
    settings: dict[str, Any] | None = None,
) -> Iterator[ScormRun]:
    """Run a SCORM 1.2 package in ``page``: serve it on localhost beside a launcher page
    that sets ``window.API = new Scorm12API(settings)`` and opens the SCO in an iframe.

    ``package`` is a folder or a .zip holding imsmanifest.xml; ``sco`` overrides the
    launch file found in the manifest. Yields a :class:`ScormRun` once the launcher has
    loaded; the server stops when the block ends.
    """
    with tempfile.TemporaryDirectory(prefix="scorm-run-") as tmp:
        root = Path(tmp)
        content = root / "package"
        if package.is_file():
            with zipfile.ZipFile(package) as archive:
                archive.extractall(content)
        else:
            shutil.copytree(package, content)
        (root / "scorm-again").mkdir()
        shutil.copyfile(scorm_again_path(), root / "scorm-again" / "scorm12.min.js")
        launch = "package/" + (sco or sco_href(content))
        html = _LAUNCHER.replace(
            "__SETTINGS__", json.dumps({**SCORM12_SETTINGS, **(settings or {})})
        ).replace("__SCO__", html_escape(launch, quote=True))
        (root / "launcher.html").write_text(html, encoding="utf-8")
        with serve(root) as url:
            page.goto(url + "launcher.html")
            yield ScormRun(page)
