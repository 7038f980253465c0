"""The change report for a compliance reviewer: a view model and its Markdown rendering.

Layer: render (pure). ``report_view`` resolves ids to the
names a reviewer knows (role names, control codes, step titles) and translates the
change kinds; the template ``review.md.j2`` only loops and fills cells, escaping
every author string. The same report is the job summary and the pull-request
comment, so it is GitHub-flavoured Markdown.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

import jinja2

from generator.changes.model import Bump, Change, ChangeSet, ProcedureDelta, Severity, Value
from generator.render.review.charts import chart_names
from generator.render.review.names import Names
from generator.source.manual import Manual

#: fields whose values are Markdown text: shown as a line diff, not in a cell
TEXT_FIELDS = frozenset(
    {"summary", "scope", "instructions", "exceptions", "objective", "description"}
)
BUMP_ORDER = (Bump.LOWER, Bump.NONE, Bump.PATCH, Bump.MINOR, Bump.MAJOR)
MARKER = "<!-- opsmanual-review -->"


@dataclass(frozen=True)
class Item:
    """One value in a cell; ``mark`` is del (removed), ins (added) or empty."""

    text: str
    mark: str = ""


@dataclass(frozen=True)
class Row:
    """One change as a table row."""

    severity: str
    subject: str
    change: str
    before: tuple[Item, ...]
    after: tuple[Item, ...]
    reason: str


@dataclass(frozen=True)
class TextDiff:
    """A unified diff of a Markdown field, in a fenced block."""

    subject: str
    fence: str
    diff: str


@dataclass(frozen=True)
class Section:
    """One changed procedure."""

    title: str
    id: str
    status: str
    severity: str
    version: str
    rows: tuple[Row, ...]
    diffs: tuple[TextDiff, ...]
    before_chart: str | None
    after_chart: str | None


@dataclass(frozen=True)
class VersionRow:
    """Version verdict of one changed procedure."""

    title: str
    version: str
    bump: str
    required: str
    ok: bool


@dataclass(frozen=True)
class ReportView:
    """Everything the report template shows."""

    base: str
    head: str
    counts: tuple[tuple[str, int], ...]
    procedures: tuple[str, ...]
    roles: tuple[tuple[str, str, tuple[str, ...]], ...]
    versions: tuple[VersionRow, ...]
    sections: tuple[Section, ...]
    catalogue: tuple[Row, ...]
    matrix: tuple[Row, ...]
    introduced: tuple[tuple[str, str, str, str], ...]
    resolved: tuple[tuple[str, str, str, str], ...]
    questions: tuple[tuple[str, str, str], ...]
    quiz_steps: tuple[str, ...]
    charts_dir: str | None
    charts_omitted: bool
    empty: bool


def report_view(
    base: Manual, head: Manual, changes: ChangeSet, labels: tuple[str, str],
    t: Callable[..., str], charts_dir: str | None,
) -> ReportView:  # fmt: skip
    """Build the view of a change set; ``charts_dir`` is where the SVGs are (None: none)."""
    names = Names(base, head, {d.id: d.base_id for d in changes.procedures if d.base_id})
    fmt = _Formatter(names, t)
    sections = tuple(fmt.section(d, charts_dir) for d in changes.procedures)
    return ReportView(
        base=labels[0],
        head=labels[1],
        counts=tuple((t(f"review_sev_{s.value}"), n) for s, n in changes.counts().items()),
        procedures=tuple(s.title for s in sections),
        roles=tuple(
            (names.role(r.role), t(f"review_sev_{r.severity.value}"), names.places(r.places))
            for r in changes.roles
        ),
        versions=tuple(
            fmt.version(d) for d in changes.procedures if d.status in ("changed", "renamed")
        ),
        sections=sections,
        catalogue=tuple(fmt.row(c) for c in changes.catalogue),
        matrix=tuple(fmt.row(c) for c in changes.matrix),
        introduced=tuple(fmt.finding(c) for c in changes.findings if c.action == "added"),
        resolved=tuple(fmt.finding(c) for c in changes.findings if c.action == "removed"),
        questions=tuple(
            (t(f"review_quiz_status_{q.status}"), names.procedure(q.procedure) or "—", q.stem)
            for q in changes.quiz.questions
        ),
        quiz_steps=names.places(tuple(("step", s) for s in changes.quiz.steps)),
        charts_dir=quote(charts_dir) if charts_dir is not None else None,
        charts_omitted=charts_dir is None and any(any(chart_names(d)) for d in changes.procedures),
        empty=not any(True for _ in changes.all()),
    )


def render_report(view: ReportView, env: jinja2.Environment) -> str:
    """The Markdown report (starts with a marker so CI can find and update its comment)."""
    return env.get_template("review.md.j2").render(r=view, marker=MARKER)


class _Formatter:
    """Turns changes into rows with names, translated labels and marked list items."""

    def __init__(self, names: Names, t: Callable[..., str]) -> None:
        self.names = names
        self.t = t

    def section(self, delta: ProcedureDelta, charts_dir: str | None) -> Section:
        rows = tuple(self.row(c) for c in delta.changes if c.field not in TEXT_FIELDS)
        diffs = tuple(self.text_diff(c) for c in delta.changes if c.field in TEXT_FIELDS)
        before, after = chart_names(delta) if charts_dir is not None else (None, None)
        status = self.t(f"review_status_{delta.status}", **(
            {"old": delta.base_id} if delta.status == "renamed" else {}
        ))  # fmt: skip
        severity = delta.severity or Severity.LOW
        return Section(
            delta.title, delta.id, status, self.t(f"review_sev_{severity.value}"),
            _arrow(delta.base_version, delta.head_version), rows, diffs, before, after,
        )  # fmt: skip

    def version(self, delta: ProcedureDelta) -> VersionRow:
        required = delta.required
        ok = required is None or BUMP_ORDER.index(delta.bump) >= BUMP_ORDER.index(required)
        return VersionRow(
            delta.title,
            _arrow(delta.base_version, delta.head_version),
            self.t(f"review_bump_{delta.bump.value}"),
            self.t(f"review_bump_{required.value}") if required else "—",
            ok,
        )

    def row(self, change: Change) -> Row:
        t = self.t
        what = t(f"review_field_{change.field}") if change.action == "changed" else ""
        label = what or t(f"review_action_{change.action}")
        before, after = self.cells(change)
        return Row(
            t(f"review_sev_{change.severity.value}"), self.subject(change), label, before, after,
            t(f"review_reason_{change.reason}"),
        )  # fmt: skip

    def subject(self, change: Change) -> str:
        if change.area == "step":
            title = self.names.step(change.procedure or "", change.target)
            return self.t("review_subject_step", title=title)
        if change.area == "control" or (change.area == "matrix" and change.field == "applied"):
            return self.t("review_subject_control", name=self.names.control(change.target))
        if change.area in ("risk", "matrix"):
            return self.t("review_subject_risk", name=self.names.risk(change.target))
        return self.t("review_subject_procedure")

    def cells(self, change: Change) -> tuple[tuple[Item, ...], tuple[Item, ...]]:
        show = self._display(change)
        if change.action == "moved":
            return (
                (Item(self.t("review_moved_to", n=change.before)),),
                (Item(self.t("review_moved_to", n=change.after)),),
            )
        before, after = _items(change.before), _items(change.after)
        if isinstance(change.before, tuple) or isinstance(change.after, tuple):
            gone, new = set(before) - set(after), set(after) - set(before)
            return (
                tuple(Item(show(x), "del" if x in gone else "") for x in before),
                tuple(Item(show(x), "ins" if x in new else "") for x in after),
            )
        return tuple(Item(show(x)) for x in before), tuple(Item(show(x)) for x in after)

    def _display(self, change: Change) -> Callable[[str], str]:
        field, names = change.field, self.names
        if field in ("owner", "accountable", "consulted", "informed", "approver"):
            return names.role
        if field == "controls":
            return names.control
        if field == "risks":
            return names.risk
        if field in ("next", "checks") or (change.area == "step" and field == "id"):
            proc = change.procedure or ""
            return lambda x: names.flow(proc, x)
        if field in ("key", "applied"):
            return lambda x: self.t(f"review_{x}")
        if field is None and change.area in ("step", "procedure", "control", "risk"):
            return lambda x: x
        return lambda x: re.sub(r"\s+", " ", x).strip()

    def text_diff(self, change: Change) -> TextDiff:
        old = str(change.before or "").splitlines()
        new = str(change.after or "").splitlines()
        lines = list(difflib.unified_diff(old, new, lineterm="", n=1))[2:]
        body = "\n".join(lines)
        longest = max((len(m) for m in re.findall(r"`+", body)), default=0)
        added = sum(1 for x in lines if x.startswith("+"))
        removed = sum(1 for x in lines if x.startswith("-"))
        label = self.t(f"review_field_{change.field}")
        subject = f"{self.subject(change)} · {label} · " + self.t(
            "review_text_changed", added=added, removed=removed
        )
        return TextDiff(subject, "`" * max(3, longest + 1), body)

    def finding(self, change: Change) -> tuple[str, str, str, str]:
        message = change.after if change.action == "added" else change.before
        return (
            self.t(f"review_sev_{change.severity.value}"),
            change.target,
            change.where or "",
            str(message or ""),
        )


def _items(value: Value) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _arrow(before: str | None, after: str | None) -> str:
    if before == after:
        return before or "—"
    return f"{before or '—'} → {after or '—'}"
