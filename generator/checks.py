"""Cross-reference and compliance rules: small named functions, each with a stable code.

Pipeline position: load → **checks** → render. ``check(manual)`` runs every rule of
``RULES`` and returns the findings sorted by location. One engine serves
``opsmanual check``, ``opsmanual build`` and the content tests.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import PurePosixPath

from pydantic import BaseModel

from generator.findings import Finding
from generator.load import did_you_mean
from generator.manual import (
    XREF_SCHEME,
    Manual,
    accountable,
    markdown_texts,
    next_review,
    normalise,
    successors,
    unresolved,
    xref,
)
from generator.models import (
    Control,
    FaqEntry,
    Procedure,
    Rating,
    Risk,
    Role,
    RoleKind,
    Status,
    Step,
    StepKind,
)
from generator.templating import link_targets

Rule = Callable[[Manual, dt.date], Iterator[Finding]]


def _unknown(kind: str, ref: str, known: Iterable[str]) -> str:
    return f"unknown {kind} '{ref}'{did_you_mean(ref, sorted(known))}"


def ids_match_files(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """E011: a procedure or role file is named after the id it holds."""
    named: tuple[Procedure | Role, ...] = (*manual.procedures, *manual.roles)
    for obj in named:
        stem = PurePosixPath(manual.file_of(obj)).stem
        if stem != obj.id:
            yield Finding(
                manual.where(obj, "id"),
                "E011",
                f"id '{obj.id}' differs from the file name '{stem}': rename one to match",
            )


def ids_unique(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """E012: ids are unique per kind across the manual, step ids within their procedure."""
    groups: tuple[tuple[str, Sequence[Procedure | Role | Control | Risk | FaqEntry | Step]], ...]
    groups = (
        ("procedure", manual.procedures),
        ("role", manual.roles),
        ("control", manual.controls),
        ("risk", manual.risks),
        ("FAQ entry", tuple(e for _t, e in manual.faq_entries)),
        *((f"step of '{p.id}'", p.steps) for p in manual.procedures),
    )
    for kind, items in groups:
        seen: dict[str, str] = {}
        for item in items:
            loc = manual.where(item, "id")
            if item.id in seen:
                yield Finding(
                    loc, "E012", f"duplicate {kind} id '{item.id}' (also at {seen[item.id]})"
                )
            else:
                seen[item.id] = f"{loc.path}:{loc.line}"


def references_resolve(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """E020: every role, control, risk, procedure and step reference exists."""
    controls = manual.control_by_id
    for proc in manual.procedures:
        yield from _role_refs(manual, proc, "owner", [proc.owner])
        yield from _role_refs(manual, proc.review, "approver", [proc.review.approver])
        for release in proc.history:
            yield from _role_refs(manual, release, "approved_by", [release.approved_by])
        step_ids = [s.id for s in proc.steps]
        for step in proc.steps:
            for name in ("owner", "accountable", "consulted", "informed"):
                value = getattr(step, name)
                yield from _role_refs(
                    manual, step, name, value if isinstance(value, tuple) else [value]
                )
            for i, ref in enumerate(step.controls):
                if ref not in controls:
                    yield Finding(
                        manual.where(step, "controls", i),
                        "E020",
                        _unknown("control", ref, controls),
                    )
            targets: list[tuple[BaseModel, str, str | None]]
            targets = [(step, "next", step.next), (step, "checks", step.checks)]
            targets += [(b, "next", b.next) for b in step.branches]
            for obj, name, target in targets:
                if target is not None and target not in step_ids:
                    yield Finding(
                        manual.where(obj, name), "E020", _unknown("step", target, step_ids)
                    )
            if step.procedure and step.procedure not in manual.procedure_by_id:
                yield Finding(
                    manual.where(step, "procedure"),
                    "E020",
                    _unknown("procedure", step.procedure, manual.procedure_by_id),
                )
    for control in manual.controls:
        yield from _role_refs(manual, control, "owner", [control.owner])
        for i, ref in enumerate(control.risks):
            if ref not in manual.risk_by_id:
                yield Finding(
                    manual.where(control, "risks", i),
                    "E020",
                    _unknown("risk", ref, manual.risk_by_id),
                )
    for risk in manual.risks:
        yield from _role_refs(manual, risk, "owner", [risk.owner])
    for _topic, entry in manual.faq_entries:
        yield from _role_refs(manual, entry, "roles", entry.roles)
        for i, ref in enumerate(entry.refs):
            problem = _step_ref_problem(manual, ref)
            if problem:
                yield Finding(manual.where(entry, "refs", i), "E020", problem)


def _role_refs(
    manual: Manual, obj: BaseModel, name: str, refs: Iterable[str | None]
) -> Iterator[Finding]:
    known = manual.role_by_id
    for i, ref in enumerate(refs):
        if ref is not None and ref not in known:
            sub: tuple[str | int, ...] = (
                (name, i) if name in ("consulted", "informed", "roles") else (name,)
            )
            yield Finding(manual.where(obj, *sub), "E020", _unknown("role", ref, known))


def _step_ref_problem(manual: Manual, ref: str) -> str | None:
    proc_id, _, step_id = ref.partition("#")
    proc = manual.procedure_by_id.get(proc_id)
    if proc is None:
        return _unknown("procedure", proc_id, manual.procedure_by_id)
    ids = [s.id for s in proc.steps]
    return None if step_id in ids else _unknown(f"step of '{proc_id}'", step_id, ids)


def _live_steps(manual: Manual) -> Iterator[tuple[Procedure, Step]]:
    for proc, step in manual.steps():
        if step.kind is not StepKind.END:
            yield proc, step


def steps_have_owner(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """E030: every step but an end names the role that performs it."""
    for _proc, step in _live_steps(manual):
        if step.owner is None:
            yield Finding(
                manual.where(step),
                "E030",
                f"step '{step.id}' has no owner (R): add `owner: <role>`",
            )


def steps_have_control(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """E031: every step but an end applies a control or states why it needs none."""
    for _proc, step in _live_steps(manual):
        if step.controls and step.control_waiver:
            yield Finding(
                manual.where(step, "control_waiver", key=True),
                "E031",
                f"step '{step.id}' has both controls and a control_waiver: keep one",
            )
        elif not step.controls and not step.control_waiver:
            yield Finding(
                manual.where(step),
                "E031",
                f"step '{step.id}' has no control: add `controls: [...]` or a "
                "`control_waiver:` with the reason",
            )


def decisions_branch(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """E032: a decision has at least two branches, each its own answer; others have none."""
    for _proc, step in manual.steps():
        if step.kind is StepKind.DECISION and len(step.branches) < 2:
            yield Finding(
                manual.where(step), "E032", f"decision '{step.id}' needs at least two branches"
            )
        seen: set[str] = set()
        for i, branch in enumerate(step.branches):
            label = normalise(branch.when)
            if label in seen:
                yield Finding(
                    manual.where(step, "branches", i, "when"),
                    "E032",
                    f"decision '{step.id}' has two branches for '{branch.when}': a reader "
                    "cannot tell which to take; merge them or word each answer differently",
                )
            seen.add(label)
        if step.kind is not StepKind.DECISION and step.branches:
            yield Finding(
                manual.where(step, "branches", key=True),
                "E032",
                f"step '{step.id}' has branches but is not a decision: add `kind: decision`",
            )
        if step.kind is StepKind.DECISION and step.next:
            yield Finding(
                manual.where(step, "next", key=True),
                "E032",
                f"decision '{step.id}' uses branches, not `next`: remove `next`",
            )


def subprocess_fields(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """E038: a subprocess names the procedure it calls; other steps do not."""
    for _proc, step in manual.steps():
        if step.kind is StepKind.SUBPROCESS and not step.procedure:
            yield Finding(
                manual.where(step),
                "E038",
                f"subprocess '{step.id}' must name the procedure it calls: add `procedure: <id>`",
            )
        if step.kind is not StepKind.SUBPROCESS and step.procedure:
            yield Finding(
                manual.where(step, "procedure", key=True),
                "E038",
                f"step '{step.id}' names a procedure but is not a subprocess: "
                "add `kind: subprocess`",
            )
    for proc in manual.published:
        for step in proc.steps:
            called = manual.procedure_by_id.get(step.procedure or "")
            if called is not None and called.status is Status.RETIRED:
                yield Finding(
                    manual.where(step, "procedure"),
                    "E038",
                    f"step '{step.id}' hands over to '{called.id}', which is retired: name "
                    "the procedure that replaced it",
                )


def _graph(proc: Procedure) -> dict[str, tuple[str, ...]]:
    ids = {s.id for s in proc.steps}
    return {
        step.id: tuple(t for t in successors(proc, i) if t in ids)
        for i, step in enumerate(proc.steps)
    }


def _reach(graph: dict[str, tuple[str, ...]], start: Iterable[str]) -> set[str]:
    seen: set[str] = set()
    stack = list(start)
    while stack:
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            stack.extend(graph.get(node, ()))
    return seen


def steps_reachable(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """E033: every step can be reached from the first step."""
    for proc in manual.procedures:
        reached = _reach(_graph(proc), [proc.steps[0].id])
        for step in proc.steps:
            if step.id not in reached:
                yield Finding(
                    manual.where(step, "id"),
                    "E033",
                    f"step '{step.id}' cannot be reached from the start '{proc.steps[0].id}': "
                    "point a `next` or branch at it, or remove it",
                )


def ends_reachable(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """E034: from every step some end can be reached."""
    for proc in manual.procedures:
        graph = _graph(proc)
        ends = {s.id for s in proc.steps if s.kind is StepKind.END}
        for i, step in enumerate(proc.steps):
            if step.kind is StepKind.END:
                continue
            if not successors(proc, i):
                yield Finding(
                    manual.where(step),
                    "E034",
                    f"step '{step.id}' is the last step but not an end: add `next:` or an end step",
                )
            elif ends and not (_reach(graph, [step.id]) & ends):
                yield Finding(
                    manual.where(step), "E034", f"no end step can be reached from '{step.id}'"
                )


def ends_well_formed(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """E035: a procedure has an end; an end step has no owner, controls or successors."""
    for proc in manual.procedures:
        if not any(s.kind is StepKind.END for s in proc.steps):
            yield Finding(
                manual.where(proc, "steps"),
                "E035",
                f"procedure '{proc.id}' has no end step: add one with `kind: end`",
            )
        for step in proc.steps:
            if step.kind is not StepKind.END:
                continue
            extra = [
                name
                for name in ("owner", "accountable", "next", "checks", "control_waiver")
                if getattr(step, name)
            ] + [
                name
                for name in ("branches", "controls", "consulted", "informed")
                if getattr(step, name)
            ]
            if extra:
                yield Finding(
                    manual.where(step, extra[0], key=True),
                    "E035",
                    f"end step '{step.id}' cannot have {', '.join(extra)}: remove "
                    f"{'it' if len(extra) == 1 else 'them'}",
                )


def maker_checker_separated(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """E036: the checker of a step is a different role from its maker."""
    for proc in manual.procedures:
        by_id = {s.id: s for s in proc.steps}
        for step in proc.steps:
            maker = by_id.get(step.checks or "")
            if maker is not None and maker.kind is StepKind.END:
                yield Finding(
                    manual.where(step, "checks"),
                    "E036",
                    f"step '{step.id}' checks '{maker.id}', an end step nobody performs: point "
                    "`checks` at the step whose work is reviewed",
                )
            elif maker is not None and maker.owner is not None and maker.owner == step.owner:
                yield Finding(
                    manual.where(step, "owner"),
                    "E036",
                    f"step '{step.id}' checks '{maker.id}' but both are owned by '{step.owner}': "
                    "segregation of duties needs a different checker role",
                )


def accountable_is_staff(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """E037: the accountable role of a step (and a procedure's owner, approver) is staff."""
    roles = manual.role_by_id

    def bad(role_id: str | None) -> bool:
        role = roles.get(role_id or "")
        return role is not None and role.kind is not RoleKind.STAFF

    for proc in manual.procedures:
        for obj, name, value in (
            (proc, "owner", proc.owner),
            (proc.review, "approver", proc.review.approver),
        ):
            if bad(value):
                yield Finding(
                    manual.where(obj, name), "E037", f"{name} '{value}' is not a staff role"
                )
        for step in proc.steps:
            if step.kind is not StepKind.END and bad(accountable(proc, step)) and step.accountable:
                yield Finding(
                    manual.where(step, "accountable"),
                    "E037",
                    f"accountable '{step.accountable}' of step '{step.id}' is not a staff role: "
                    "the customer or an outside party can be R, never A",
                )


def key_controls_applied(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """E040: every key control is applied by at least one step of a live procedure."""
    live = {p.id for p in manual.published}
    applied = {c for p, s in manual.steps() if p.id in live for c in s.controls}
    for control in manual.controls:
        if control.key and control.id not in applied:
            yield Finding(
                manual.where(control, "key"),
                "E040",
                f"key control '{control.id}' is applied by no step of a live procedure: apply "
                "it or set key: false",
            )


def high_risks_covered(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """E041: every high-rated risk is mitigated by at least one control."""
    for risk in manual.risks:
        if risk.rating is Rating.HIGH and risk.id not in manual.controls_by_risk:
            yield Finding(
                manual.where(risk, "rating"),
                "E041",
                f"high-rated risk '{risk.id}' has no control: list it under a control's `risks`",
            )


def history_consistent(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """E050: history is newest first and its first entry is the current version."""
    for proc in manual.procedures:
        head = proc.history[0]
        if head.version != proc.version:
            yield Finding(
                manual.where(proc, "version"),
                "E050",
                f"version {proc.version} differs from history[0].version {head.version}: "
                "add a history entry for this version at the top",
            )
        for newer, older in zip(proc.history, proc.history[1:], strict=False):
            if _semver(newer.version) <= _semver(older.version) or newer.date < older.date:
                yield Finding(
                    manual.where(older, "version"),
                    "E050",
                    f"history is not newest-first: {older.version} ({older.date}) comes after "
                    f"{newer.version} ({newer.date})",
                )


def effective_after_approval(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """E051: the current version cannot take effect before it was approved."""
    for proc in manual.procedures:
        approved = proc.history[0].date
        if proc.effective < approved:
            yield Finding(
                manual.where(proc, "effective"),
                "E051",
                f"effective {proc.effective} precedes the approval of {proc.version} on {approved}",
            )


def no_self_calls(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """E039: a subprocess step does not call its own procedure.

    Procedures may hand off to each other both ways (an information change may refer a
    suspicion to abnormal-case handling, which may ask for a data correction): those are
    hand-offs, not recursion, so only a procedure calling itself is an error.
    """
    for proc in manual.procedures:
        for step in proc.steps:
            if step.procedure == proc.id:
                yield Finding(
                    manual.where(step, "procedure"),
                    "E039",
                    f"step '{step.id}' calls its own procedure '{proc.id}': link another "
                    "procedure or use `next`",
                )


def reviews_current(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """W060: a procedure's review is not overdue."""
    for proc in manual.procedures:
        due = next_review(proc)
        if due < today:
            yield Finding(
                manual.where(proc.review, "last_reviewed"),
                "W060",
                f"review of '{proc.id}' was due on {due}: review it and update last_reviewed",
            )


def everything_used(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """W061: every control is applied somewhere and every role is used."""
    for control in manual.controls:
        if not control.key and control.id not in manual.steps_by_control:
            yield Finding(
                manual.where(control, "id"), "W061", f"control '{control.id}' is applied by no step"
            )
    used = _used_roles(manual)
    for role in manual.roles:
        if role.id not in used:
            yield Finding(manual.where(role, "id"), "W061", f"role '{role.id}' is never used")


def _used_roles(manual: Manual) -> set[str]:
    used: set[str] = set()
    for proc in manual.procedures:
        used |= {proc.owner, proc.review.approver, *(h.approved_by for h in proc.history)}
        for step in proc.steps:
            used |= {r for r in (step.owner, step.accountable) if r}
            used |= {*step.consulted, *step.informed}
    used |= {c.owner for c in manual.controls} | {r.owner for r in manual.risks if r.owner}
    used |= {r for _t, e in manual.faq_entries for r in e.roles}
    return used


def quiz_distractors_distinct(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """W062: a FAQ quiz distractor differs from the correct answer and from the others."""
    for _topic, entry in manual.faq_entries:
        if entry.quiz is None:
            continue
        # compared as the question bank compares them: case and spacing do not count
        correct = normalise(entry.quiz.correct)
        counts = Counter([correct, *map(normalise, entry.quiz.distractors)])
        for i, text in enumerate(entry.quiz.distractors):
            if counts[normalise(text)] > 1:
                yield Finding(
                    manual.where(entry.quiz, "distractors", i),
                    "W062",
                    f"distractor '{text}' of '{entry.id}' repeats "
                    + ("the correct answer" if normalise(text) == correct else "another option")
                    + " (case and spacing aside): the quiz drops it; write a different one",
                )


def step_titles_distinct(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """W064: the steps of a procedure have different titles."""
    for proc in manual.procedures:
        seen: dict[str, str] = {}
        for step in proc.steps:
            first = seen.setdefault(normalise(step.title), step.id)
            if first != step.id:
                yield Finding(
                    manual.where(step, "title"),
                    "W064",
                    f"step '{step.id}' has the title of step '{first}' ('{step.title}'): "
                    "readers, the chart and the quiz cannot tell them apart; name each "
                    "for what it does",
                )


def markdown_links(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """E021: Markdown links to things that exist; W063: no relative links.

    A relative link cannot resolve on the site: the text is shown on pages at other depths.
    Links are found as the renderer finds them (reference links too, not code spans).
    """
    for obj, name, text in markdown_texts(manual):
        for target in link_targets(text):
            if XREF_SCHEME.match(target):
                if xref(manual, target) is None:
                    yield Finding(
                        manual.where(obj, name),
                        "E021",
                        unresolved(target, name),
                    )
            elif not re.match(r"^([a-zA-Z][\w+.-]*:|#)", target):
                yield Finding(
                    manual.where(obj, name),
                    "W063",
                    f"relative link '{target}' in '{name}' will not resolve on the site: "
                    "write procedure:ID, procedure:ID#step, role:ID, control:ID, risk:ID, "
                    "faq:ID or a full https:// address",
                )


def _semver(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))


RULES: tuple[Rule, ...] = (
    ids_match_files,
    ids_unique,
    references_resolve,
    steps_have_owner,
    steps_have_control,
    decisions_branch,
    subprocess_fields,
    steps_reachable,
    ends_reachable,
    ends_well_formed,
    maker_checker_separated,
    accountable_is_staff,
    no_self_calls,
    key_controls_applied,
    high_risks_covered,
    history_consistent,
    effective_after_approval,
    reviews_current,
    everything_used,
    quiz_distractors_distinct,
    markdown_links,
    step_titles_distinct,
)


def check(manual: Manual, today: dt.date | None = None) -> list[Finding]:
    """Run every rule; findings sorted by location, then code."""
    day = today or dt.date.today()
    return sorted({f for rule in RULES for f in rule(manual, day)})
