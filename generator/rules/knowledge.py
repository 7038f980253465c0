"""What staff must know, as authors state it: facts, cases, sequences and exam blueprints.

Layer: rules. The quiz asks these as rule, number, scenario and ordering questions and
draws role exams by the blueprints; a fact or case that is wrong here would be a wrong
question there.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from generator.rules.references import unknown
from generator.source.findings import Finding
from generator.source.manual import Manual, normalise
from generator.source.models import SOURCE_TAG, ExamBlueprint, Procedure, Status

_DIGIT = re.compile(r"\d")


def _knowledge(manual: Manual) -> Iterator[tuple[Procedure, str, object]]:
    """Every fact and case of the manual, with its procedure and kind."""
    for proc in manual.procedures:
        for step in proc.steps:
            for fact in step.facts:
                yield proc, "fact", fact
            for case in step.cases:
                yield proc, "case", case


def case_right_not_wrong(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """A case's right action is not also listed among its wrong actions (nor twice)."""
    for proc in manual.procedures:
        for step in proc.steps:
            for case in step.cases:
                right = normalise(case.right)
                seen: set[str] = set()
                for i, text in enumerate(case.wrong):
                    said = normalise(text)
                    if said == right or said in seen:
                        what = "the right action" if said == right else "another wrong action"
                        yield Finding(
                            manual.where(case, "wrong", i),
                            "E080",
                            f"wrong action '{text}' of a case at step '{step.id}' repeats {what}"
                            " (case and spacing aside): a question cannot mark one answer both"
                            " right and wrong; write the mistake people really make",
                        )
                    seen.add(said)


def knowledge_sources_known(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """A fact or case cites a provenance code of opsmanual.yml ``sources``."""
    known = sorted(manual.settings.sources)
    for proc, kind, item in _knowledge(manual):
        tag: str = getattr(item, "source")  # noqa: B009 - Fact and Case both have it
        found = SOURCE_TAG.match(tag.strip())
        if found is not None and found["code"] in manual.settings.sources:
            continue
        code = found["code"] if found else tag
        hint = (
            "a figure still to verify is never stated as a rule: leave it out, or state it as "
            "the bank's own standard with [ADD]"
            if code == "VERIFY"
            else f"use one of {', '.join(known) or '(none: add `sources` to opsmanual.yml)'}"
        )
        yield Finding(
            manual.where(item, "source"),  # type: ignore[arg-type]
            "E081",
            f"{kind} in '{proc.id}' cites unknown source '{tag}': {hint}",
        )


def facts_well_formed(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """A fact's value is written in its statement; its false variant differs from it."""
    for proc in manual.procedures:
        for step in proc.steps:
            for fact in step.facts:
                if fact.value is not None and fact.value not in fact.statement:
                    yield Finding(
                        manual.where(fact, "value"),
                        "E082",
                        f"value '{fact.value}' of a fact at step '{step.id}' is not in its "
                        "statement: write it exactly as the statement does",
                    )
                elif fact.value and not fact.wrong_values and not _DIGIT.search(fact.value):
                    yield Finding(
                        manual.where(fact, "value"),
                        "E082",
                        f"value '{fact.value}' has no figure to derive wrong ones from: "
                        "give `wrong_values`",
                    )
                if fact.false_statement and normalise(fact.false_statement) == normalise(
                    fact.statement
                ):
                    yield Finding(
                        manual.where(fact, "false_statement"),
                        "E082",
                        f"false_statement of a fact at step '{step.id}' repeats the statement",
                    )


def _weights(manual: Manual, exam: ExamBlueprint, field: str) -> Iterator[Finding]:
    weights: dict[str, int] = getattr(exam, field)
    total = sum(weights.values())
    if weights and total != 100:
        yield Finding(
            manual.where(exam, field, key=True),
            "E083",
            f"exam of '{exam.role}': the {field} weights add up to {total}, not 100 ("
            + ", ".join(f"{k} {v}" for k, v in weights.items())
            + ")",
        )


def blueprints_add_up(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """An exam blueprint's weights add up to 100, and each role has one blueprint."""
    seen: set[str] = set()
    for proc in manual.procedures:
        for exam in proc.exams:
            yield from _weights(manual, exam, "procedures")
            yield from _weights(manual, exam, "types")
            if exam.role in seen:
                yield Finding(
                    manual.where(exam, "role"),
                    "E083",
                    f"a second exam blueprint for '{exam.role}': one role, one exam",
                )
            seen.add(exam.role)


def knowledge_references(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """Sequences name steps of their procedure; blueprints name roles and active procedures."""
    for proc in manual.procedures:
        ids = {s.id for s in proc.steps}
        for seq in proc.sequences:
            for i, ref in enumerate(seq.steps):
                if ref not in ids:
                    yield Finding(manual.where(seq, "steps", i), "E020", unknown("step", ref, ids))
        for exam in proc.exams:
            if exam.role not in manual.role_by_id:
                yield Finding(
                    manual.where(exam, "role"),
                    "E020",
                    unknown("role", exam.role, manual.role_by_id),
                )
            for ref in exam.procedures:
                target = manual.procedure_by_id.get(ref)
                if target is None:
                    message = unknown("procedure", ref, manual.procedure_by_id)
                elif target.status is not Status.ACTIVE:
                    message = (
                        f"procedure '{ref}' is {target.status.value}: an exam covers active ones"
                    )
                else:
                    continue
                yield Finding(manual.where(exam, "procedures", ref, key=True), "E020", message)
