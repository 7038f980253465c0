"""Findings: what the loader and the rules report, and the table of every code.

Layer: source. Made by the loader and the rules, printed by the CLI. The ``CODES`` table is the
single source of the rule list published in the docs (``opsmanual codes``), so the
documentation cannot drift from the code.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from generator.source.characters import printable


class Severity(StrEnum):
    """How bad a finding is: errors stop the build, warnings fail only with --strict."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file; line and column are 1-based."""

    path: str
    line: int = 1
    col: int = 1

    def __post_init__(self) -> None:
        # a file name may hold a newline: it must not split or forge a finding line
        object.__setattr__(self, "path", printable(self.path))

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True, order=True)
class Finding:
    """One problem found in the manual."""

    location: Location
    code: str
    message: str

    def __post_init__(self) -> None:
        # messages quote author text: one finding is one line whatever the text holds
        object.__setattr__(self, "message", printable(self.message))

    @property
    def severity(self) -> Severity:
        """Severity of the finding, from its code."""
        return CODES[self.code][0]

    def as_text(self) -> str:
        """Compiler-style line: ``path:line:col: CODE severity: message``."""
        return f"{self.location}: {self.code} {self.severity}: {self.message}"

    def as_github(self, prefix: str = "") -> str:
        """GitHub Actions workflow command (an inline annotation on the pull request).

        ``prefix`` is the manual's folder in the repository: GitHub places annotations by
        paths from the repository's top.
        """
        kind = "error" if self.severity is Severity.ERROR else "warning"
        loc = self.location
        file = _escape_property(prefix + loc.path)
        props = f"file={file},line={loc.line},col={loc.col},title={self.code}"
        return f"::{kind} {props}::{_escape_data(self.message)}"

    def as_dict(self) -> dict[str, str | int]:
        """Stable JSON form."""
        loc = self.location
        return {
            "path": loc.path,
            "line": loc.line,
            "col": loc.col,
            "code": self.code,
            "severity": str(self.severity),
            "message": self.message,
        }


E, W = Severity.ERROR, Severity.WARNING

#: code → (severity, what it means). Keep codes stable: tools and CI grep for them.
CODES: dict[str, tuple[Severity, str]] = {
    "E001": (E, "YAML syntax error"),
    "E002": (E, "duplicate key in a mapping"),
    "E003": (E, "anchors and aliases are not allowed"),
    "E004": (
        E,
        "file not UTF-8, over 1 MiB, empty, or its top level is not a mapping; a file or "
        "folder that cannot be read, is a link out of the manual or to nothing, or is not a "
        "regular file",
    ),
    "E005": (E, "control character in a file or a value (only tab and newline are allowed)"),
    "E006": (E, "YAML nested too deep"),
    "E007": (E, "YAML tag other than plain text, list or mapping (!!python/…, !!binary, !x)"),
    "E010": (E, "schema violation: unknown field, wrong type, missing field, bad value or date"),
    "E011": (
        E,
        "invalid id, an id that is a reserved file name (con, nul, com1…), or an id that "
        "differs from the file name",
    ),
    "E012": (E, "duplicate id"),
    "E020": (E, "unknown role, control, risk, procedure or step reference"),
    "E021": (
        E,
        "link in Markdown text to a procedure, step, role, control, risk or FAQ entry "
        "that does not exist",
    ),
    "E022": (E, "a provenance code's page in opsmanual.yml is not a page of the site"),
    "E023": (E, "mkdocs.yml missing, or without what the generated pages need"),
    "E024": (E, "hand-written page that does not render as a template (a Jinja error)"),
    "E025": (E, "hand-written page linking to a page or image the site does not have"),
    "E026": (
        E,
        "a citation names a regulation that opsmanual.yml `regulations` does not list: a tag "
        "such as [REG:ID §5], or an entry of a procedure's `regulations:` (by id or full title)",
    ),
    "E030": (E, "step without an owner (R)"),
    "E031": (
        E,
        "step without a control and without a waiver, with both, or with a waiver that gives "
        "no reason",
    ),
    "E032": (
        E,
        "decision with fewer than two branches or two with the same `when`, or branches on "
        "a non-decision step",
    ),
    "E033": (E, "step unreachable from the start"),
    "E034": (E, "step from which no end can be reached"),
    "E035": (E, "end step with an owner, controls, next or branches; or procedure without an end"),
    "E036": (
        E,
        "maker-checker: a step that checks another has the same owner (SoD), or checks an end",
    ),
    "E037": (E, "accountable role (or procedure owner, approver) is not a staff role"),
    "E038": (
        E,
        "subprocess step without `procedure`, `procedure` on another kind of step, or a hand-over "
        "to a retired procedure",
    ),
    "E039": (E, "subprocess step that calls its own procedure"),
    "E040": (E, "key control not applied by any step"),
    "E041": (E, "high-rated risk with no control"),
    "E050": (E, "history[0].version differs from version, or history not newest-first"),
    "E051": (E, "effective date precedes the approval date of the current version"),
    "E080": (E, "a case's right action is also listed as wrong (or a wrong action twice)"),
    "E081": (E, "a fact or case cites a source code that opsmanual.yml `sources` does not list"),
    "E082": (
        E,
        "a fact's value is not in its statement, cannot be varied, or its false variant repeats it",
    ),
    "E083": (E, "an exam blueprint's weights do not add up to 100, or a role has two blueprints"),
    "E070": (E, "procedure changed since the base revision but its version did not increase"),
    "E071": (
        E,
        "new version's history entry does not match its review (date, approver) "
        "or rewrites earlier entries",
    ),
    "E072": (
        E,
        "high-severity change or changed flow released as a PATCH version: bump MINOR or MAJOR",
    ),
    "E073": (E, "flow rerouted around a maker-checker step released below MAJOR: bump MAJOR"),
    "E074": (E, "procedure deleted since the base revision instead of retired"),
    "W060": (W, "review overdue (last_reviewed + cycle_months is before today)"),
    "W061": (W, "control not applied by any step, or role never used"),
    "W062": (W, "FAQ quiz distractor equals the correct answer or another distractor"),
    "W063": (
        W,
        "link in Markdown text that the site cannot resolve (relative) or does not publish "
        "(javascript:, //host …)",
    ),
    "W064": (W, "two steps of one procedure with the same title"),
    "W065": (W, "a file in a folder of the manual that nothing reads (not YAML, not a page)"),
    "W066": (W, "provenance tag with a code that opsmanual.yml `sources` does not list"),
}


def count(findings: Iterable[Finding]) -> tuple[int, int]:
    """Return (errors, warnings)."""
    errors = warnings = 0
    for finding in findings:
        if finding.severity is Severity.ERROR:
            errors += 1
        else:
            warnings += 1
    return errors, warnings


def summary(findings: list[Finding]) -> str:
    """One-line summary such as ``✖ 3 errors, 1 warning in 2 files``."""
    errors, warnings = count(findings)
    if not findings:
        return "✔ no problems found"
    files = len({f.location.path for f in findings})
    mark = "✖" if errors else "⚠"
    return (
        f"{mark} {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
        f" in {files} file{'s' * (files != 1)}"
    )


def to_json(findings: list[Finding]) -> str:
    """Stable JSON list of findings."""
    return json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
