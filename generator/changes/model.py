"""The change set: what a semantic diff of two manuals produces.

Layer: domain (change sets). The data passed from ``changes.diff`` to the report, the JSON
output and the ``--since`` rules. Everything is frozen and holds plain values (ids,
text), so the JSON form is a direct dump and the report resolves names itself.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

Value = str | tuple[str, ...] | None


class Severity(StrEnum):
    """How much a change matters to compliance (not a finding's severity)."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        """0 for high, 2 for low: sorts the most important first."""
        return ("high", "medium", "low").index(self.value)


class Bump(StrEnum):
    """How a version moved between the two revisions."""

    MAJOR = "major"
    MINOR = "minor"
    PATCH = "patch"
    NONE = "none"
    LOWER = "lower"


@dataclass(frozen=True)
class Change:
    """One semantic change.

    Attributes:
        area: procedure | step | control | risk | matrix | finding.
        action: added | removed | renamed | moved | changed.
        target: id of what changed (step, control, risk id; finding code).
        severity: high | medium | low, by the policy in ``docs/review.md``.
        reason: stable key of why it has that severity (``control_removed`` …).
        field: the field that changed, for ``changed``.
        before: the value before (ids, text, or a tuple of them).
        after: the value after.
        procedure: id of the procedure concerned (the new id when renamed).
        roles: staff roles whose duties this change touches.
        where: ``path:line:col`` in the new revision (findings only).
    """

    area: str
    action: str
    target: str
    severity: Severity
    reason: str
    field: str | None = None
    before: Value = None
    after: Value = None
    procedure: str | None = None
    roles: tuple[str, ...] = ()
    where: str | None = None


@dataclass(frozen=True)
class ProcedureDelta:
    """The changes of one procedure, with what its flowcharts should highlight.

    ``status`` is added | removed | renamed | changed. ``highlight_before`` and
    ``highlight_after`` map step ids to added | removed | changed.
    """

    id: str
    base_id: str | None
    status: str
    title: str
    base_version: str | None
    head_version: str | None
    changes: tuple[Change, ...]
    highlight_before: Mapping[str, str] = field(default_factory=dict)
    highlight_after: Mapping[str, str] = field(default_factory=dict)

    @property
    def severity(self) -> Severity | None:
        """The highest severity of its changes."""
        return highest(self.changes)

    @property
    def content_changed(self) -> bool:
        """True when something other than the version and review bookkeeping changed."""
        return any(c.field not in BOOKKEEPING for c in self.changes)

    @property
    def bump(self) -> Bump:
        """How the version moved."""
        return classify_bump(self.base_version, self.head_version)

    @property
    def required(self) -> Bump | None:
        """The smallest bump this change needs (docs/review.md).

        MAJOR for a maker-checker rerouted; MINOR for a high-severity change or a changed
        flow (a branch rerouted, a step added, removed or bypassed); else PATCH.
        """
        if not self.content_changed or self.status in ("added", "removed"):
            return None
        reasons = {c.reason for c in self.changes}
        if reasons & MAJOR_REASONS:
            return Bump.MAJOR
        if self.severity is Severity.HIGH or reasons & MINOR_REASONS:
            return Bump.MINOR
        return Bump.PATCH


#: fields that record a release rather than change the procedure
BOOKKEEPING = frozenset({"version", "last_reviewed"})
#: reasons of a change that needs a MAJOR release: a maker-checker pair rerouted
MAJOR_REASONS = frozenset({"checker_rerouted"})
#: reasons of a change that needs at least a MINOR release whatever its severity: the flow
MINOR_REASONS = frozenset({"flow_changed", "order_changed", "step_added", "step_removed"})


@dataclass(frozen=True)
class RoleImpact:
    """A staff role whose duties changed: who must re-read or retrain, and where."""

    role: str
    severity: Severity
    #: (area, id) of each place: ("step", "proc#step"), ("procedure", id), ("control", id) …
    places: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class QuizQuestion:
    """A training question that changed (same id, new wording) or was removed.

    A bank question's id hashes the fact it tests, so a changed fact shows as the old
    question removed (and a new one added, which needs no review).
    """

    id: str
    status: str
    stem: str
    procedure: str


@dataclass(frozen=True)
class QuizImpact:
    """Quiz questions that changed or disappeared, and the steps behind them.

    ``questions`` come from the question bank (``generator.quiz.bank``): questions
    generated from steps, controls and the FAQ. ``steps`` lists every
    ``procedure#step`` whose quiz-relevant facts (owner, accountable, controls, flow)
    changed or that was removed or renamed: trainers re-check what they built on them.
    """

    questions: tuple[QuizQuestion, ...] = ()
    steps: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChangeSet:
    """Everything that changed between two manuals."""

    procedures: tuple[ProcedureDelta, ...]
    catalogue: tuple[Change, ...]
    matrix: tuple[Change, ...]
    findings: tuple[Change, ...]
    roles: tuple[RoleImpact, ...]
    quiz: QuizImpact

    def all(self) -> Iterator[Change]:
        """Every change, procedures first."""
        for delta in self.procedures:
            yield from delta.changes
        yield from self.catalogue
        yield from self.matrix
        yield from self.findings

    def counts(self) -> dict[Severity, int]:
        """Number of changes per severity (every severity present, possibly 0)."""
        found = dict.fromkeys(Severity, 0)
        for change in self.all():
            found[change.severity] += 1
        return found

    def as_dict(self) -> dict[str, Any]:
        """Stable JSON-ready form (a procedure also carries its severity and bumps)."""
        data: dict[str, Any] = {k: _plain(v) for k, v in asdict(self).items()}
        for item, delta in zip(data["procedures"], self.procedures, strict=True):
            item.update(
                severity=_plain(delta.severity),
                bump=delta.bump.value,
                required=_plain(delta.required),
            )
        return {"counts": {str(k): v for k, v in self.counts().items()}, **data}


def highest(changes: tuple[Change, ...] | list[Change]) -> Severity | None:
    """The highest severity among ``changes``, or None when there are none."""
    return min((c.severity for c in changes), key=lambda s: s.rank, default=None)


def semver(version: str | None) -> tuple[int, int, int] | None:
    """``"1.2.3"`` → ``(1, 2, 3)``; None when absent."""
    if version is None:
        return None
    major, minor, patch = (int(p) for p in version.split("."))
    return major, minor, patch


def classify_bump(before: str | None, after: str | None) -> Bump:
    """Classify the move from one version to another."""
    old, new = semver(before), semver(after)
    if old is None or new is None or new == old:
        return Bump.NONE
    if new < old:
        return Bump.LOWER
    if new[0] > old[0]:
        return Bump.MAJOR
    return Bump.MINOR if new[1] > old[1] else Bump.PATCH


def _plain(value: Any) -> Any:
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in sorted(value.items())}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value
