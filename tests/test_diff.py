"""Semantic diff on pairs of small manuals: every change kind and severity, renames."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.changes.diff import ChangeSet, Severity, diff_manuals
from generator.changes.model import Bump
from generator.source.loader import load_manual
from generator.source.manual import Manual

from .conftest import KITCHEN_SINK, TODAY

PROC = "procedures/account-opening.yml"
CASE = "procedures/suspicious-case.yml"
CAT = "controls/catalogue.yml"
FAQ = "faq/accounts.yml"
HIGH, MEDIUM, LOW = Severity.HIGH, Severity.MEDIUM, Severity.LOW

Files = dict[str, str | None]
Compare = Callable[..., ChangeSet]


def edit(rel: str, *pairs: tuple[str, str]) -> str:
    """The kitchen-sink file ``rel`` with each ``old`` replaced (exactly once) by ``new``."""
    text = (KITCHEN_SINK / rel).read_text(encoding="utf-8")
    for old, new in pairs:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def build(target: Path, files: Files) -> Manual:
    shutil.copytree(KITCHEN_SINK, target)
    for rel, text in files.items():
        path = target / rel
        if text is None:
            path.unlink()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    manual, findings = load_manual(target)
    assert manual is not None, findings
    return manual


@pytest.fixture
def compare(tmp_path: Path) -> Compare:
    def run(head: Files, base: Files | None = None) -> ChangeSet:
        pair = Path(tempfile.mkdtemp(dir=tmp_path))
        return diff_manuals(build(pair / "base", base or {}), build(pair / "head", head), TODAY)

    return run


def kinds(changes: ChangeSet) -> list[tuple[str | None, ...]]:
    """Every change as (area, action, target, field, severity, reason)."""
    return [
        (c.area, c.action, c.target, c.field, c.severity.value, c.reason) for c in changes.all()
    ]


def test_identical_manuals_have_no_change(compare: Compare) -> None:
    changes = compare({})
    assert kinds(changes) == []
    assert changes.counts() == {HIGH: 0, MEDIUM: 0, LOW: 0}
    assert changes.roles == () and changes.quiz.questions == ()


def test_removed_control_and_new_owner_are_both_high(compare: Compare) -> None:
    changes = compare(
        {
            PROC: edit(
                PROC,
                (
                    "    owner: teller\n    accountable: teller",
                    "    owner: reviewer\n    accountable: teller",
                ),
                ("[identity-verification, watchlist-screening]", "[identity-verification]"),
            )
        }
    )
    assert kinds(changes) == [
        ("step", "changed", "verify-identity", "owner", "high", "owner_changed_controlled"),
        ("step", "changed", "verify-identity", "controls", "high", "control_removed"),
        ("finding", "added", "E036", None, "high", "sod_conflict"),
    ]
    owner, controls = changes.procedures[0].changes
    assert (owner.before, owner.after) == ("teller", "reviewer")
    assert controls.before == ("identity-verification", "watchlist-screening")
    assert controls.after == ("identity-verification",)
    assert owner.roles == ("reviewer", "teller")
    assert [(r.role, r.severity) for r in changes.roles] == [("reviewer", HIGH), ("teller", HIGH)]
    assert changes.roles[0].places == (("step", "account-opening#verify-identity"),)
    delta = changes.procedures[0]
    assert delta.highlight_before == {"verify-identity": "changed"}
    assert (delta.bump, delta.required) == (Bump.NONE, Bump.MINOR)


def test_added_control_accountable_consulted_informed(compare: Compare) -> None:
    changes = compare(
        {
            PROC: edit(
                PROC,
                ("    controls: [approval]", "    controls: [approval, document-check]"),
                ("    informed: [teller]\n", "    informed: [teller, reviewer]\n"),
                (
                    "    owner: reviewer\n    consulted: [teller]",
                    "    owner: reviewer\n    consulted: []",
                ),
                (
                    "    accountable: branch-manager\n    consulted: [teller]",
                    "    accountable: teller\n    consulted: [teller]",
                ),
            )
        }
    )
    assert kinds(changes) == [
        (
            "step",
            "changed",
            "receive-application",
            "accountable",
            "high",
            "owner_changed_controlled",
        ),
        ("step", "changed", "second-review", "consulted", "medium", "responsibility_changed"),
        ("step", "changed", "approve", "informed", "medium", "responsibility_changed"),
        ("step", "changed", "approve", "controls", "medium", "control_added"),
    ]
    informed = changes.procedures[0].changes[2]
    assert informed.roles == ("branch-manager", "reviewer")  # R/A of the step and the new I


def test_owner_change_on_uncontrolled_step_is_medium(compare: Compare) -> None:
    changes = compare(
        {
            CASE: edit(
                CASE,
                (
                    "    owner: compliance-officer\n    informed",
                    "    owner: branch-manager\n    informed",
                ),
            )
        }
    )
    assert kinds(changes) == [
        ("step", "changed", "report", "owner", "medium", "responsibility_changed")
    ]


def test_waivers_added_removed_and_reworded(compare: Compare) -> None:
    new_step = (
        "  - id: closed\n",
        "  - id: archive\n    title: Archive the file\n    owner: compliance-officer\n"
        "    control_waiver: Filing only\n  - id: closed\n",
    )
    reworded = ("checked in the analysis step", "checked when analysing")
    changes = compare({CASE: edit(CASE, new_step, reworded)})
    assert kinds(changes) == [
        ("step", "changed", "report", "control_waiver", "low", "wording"),
        ("step", "changed", "report", "next", "medium", "flow_changed"),
        ("step", "added", "archive", None, "high", "waiver_added"),
    ]
    lifted = (
        "    control_waiver: Reporting itself is the outcome; it is checked in the analysis step",
        "    controls: [watchlist-screening]",
    )
    changes = compare({CASE: edit(CASE, lifted)})
    assert kinds(changes) == [
        ("step", "changed", "report", "controls", "medium", "control_added"),
        ("step", "changed", "report", "control_waiver", "medium", "waiver_removed"),
    ]
    changes = compare({}, base={CASE: edit(CASE, lifted)})
    assert ("step", "changed", "report", "control_waiver", "high", "waiver_added") in kinds(changes)


def test_step_rename_is_one_change_not_remove_and_add(compare: Compare) -> None:
    changes = compare(
        {
            PROC: edit(
                PROC,
                ("  - id: verify-identity", "  - id: check-identity"),
                ("next: verify-identity", "next: check-identity"),
                ("checks: verify-identity", "checks: check-identity"),
            )
        }
    )
    assert kinds(changes) == [("step", "renamed", "check-identity", "id", "low", "renamed")]
    change = changes.procedures[0].changes[0]
    assert (change.before, change.after) == ("verify-identity", "check-identity")
    assert changes.procedures[0].highlight_after == {"check-identity": "changed"}
    assert changes.quiz.steps == ("account-opening#check-identity",)


def test_rename_with_other_changes_is_remove_and_add(compare: Compare) -> None:
    changes = compare(
        {
            PROC: edit(
                PROC,
                (
                    "  - id: verify-identity\n    title: Verify identity",
                    "  - id: check-identity\n    title: Check identity",
                ),
                ("next: verify-identity", "next: check-identity"),
                ("checks: verify-identity", "checks: check-identity"),
            )
        }
    )
    assert kinds(changes) == [
        ("step", "changed", "documents-complete", "next", "medium", "flow_changed"),
        ("step", "added", "check-identity", None, "medium", "step_added"),
        ("step", "changed", "second-review", "checks", "medium", "checker_changed"),
        ("step", "removed", "verify-identity", None, "high", "control_removed"),
    ]


def test_moved_step_keeps_its_flow(compare: Compare) -> None:
    block = (KITCHEN_SINK / PROC).read_text(encoding="utf-8")
    start = block.index("  - id: investigate")
    end = block.index("  - id: opened")
    moved = block[:start] + block[end:].replace("exceptions:", block[start:end] + "exceptions:")
    changes = compare({PROC: moved})
    assert kinds(changes) == [("step", "moved", "investigate", None, "medium", "order_changed")]
    change = changes.procedures[0].changes[0]
    assert (change.before, change.after) == ("6", "9")


def test_removed_checker_and_wording(compare: Compare) -> None:
    changes = compare(
        {
            PROC: edit(
                PROC,
                ("    checks: verify-identity\n", ""),
                ("    title: Second review", "    title: Second look"),
                ("      2. Check it is complete and signed.", "      2. Check it is complete."),
            )
        }
    )
    assert kinds(changes) == [
        ("step", "changed", "receive-application", "instructions", "low", "wording"),
        ("step", "changed", "second-review", "title", "low", "wording"),
        ("step", "changed", "second-review", "checks", "high", "checker_removed"),
    ]


def test_procedure_metadata(compare: Compare) -> None:
    changes = compare(
        {
            PROC: edit(
                PROC,
                (
                    "owner: branch-manager\nversion: 1.1.0",
                    "owner: compliance-officer\nversion: 1.2.0",
                ),
                ("effective: 2026-11-01", "effective: 2026-12-01"),
                ("  cycle_months: 12", "  cycle_months: 6"),
                ("scope: All branches.", "scope: All branches and agencies."),
                (
                    "  - version: 1.1.0",
                    "  - version: 1.2.0\n    date: 2026-10-20\n    summary: Owner\n    approved_by: compliance-officer\n  - version: 1.1.0",
                ),
            )
        }
    )
    assert kinds(changes) == [
        ("procedure", "changed", "account-opening", "owner", "high", "owner_changed_controlled"),
        ("procedure", "changed", "account-opening", "version", "low", "version"),
        ("procedure", "changed", "account-opening", "effective", "medium", "effective_changed"),
        ("procedure", "changed", "account-opening", "cycle_months", "medium", "review_changed"),
        ("procedure", "changed", "account-opening", "scope", "medium", "scope_changed"),
    ]
    delta = changes.procedures[0]
    assert (delta.bump, delta.required, delta.severity) == (Bump.MINOR, Bump.MINOR, HIGH)
    assert changes.procedures[0].changes[0].roles == ("branch-manager", "compliance-officer")


def test_procedures_added_removed_and_renamed(compare: Compare) -> None:
    old = (KITCHEN_SINK / "procedures/old-process.yml").read_text(encoding="utf-8")
    new = "id: night-process\ntitle: Night safe\n" + old.split("\n", 2)[2].replace(
        "status: retired\n", ""
    )
    changes = compare(
        {
            "procedures/old-process.yml": None,
            "procedures/legacy-process.yml": old.replace("id: old-process", "id: legacy-process"),
            "procedures/night-process.yml": new.replace("title: Old paper process\n", ""),
        },
    )
    assert kinds(changes) == [
        ("procedure", "renamed", "legacy-process", "id", "low", "renamed"),
        ("procedure", "added", "night-process", None, "medium", "procedure_added"),
    ]
    assert [d.status for d in changes.procedures] == ["renamed", "added"]
    assert changes.procedures[1].changes[0].roles == ("branch-manager", "teller")
    changes = compare({"procedures/old-process.yml": None})
    assert kinds(changes) == [
        ("procedure", "removed", "old-process", None, "high", "procedure_removed")
    ]


def test_control_catalogue_changes(compare: Compare) -> None:
    changes = compare(
        {
            CAT: edit(
                CAT,
                (
                    "    type: detective\n    automation: automated",
                    "    type: preventive\n    automation: automated",
                ),
                ("    risks: [money-laundering, identity-fraud]", "    risks: [identity-fraud]"),
                ("    evidence: Approval record", "    evidence: Signed approval record"),
                ("    title: Document check", "    title: Documents check"),
                ("    key: true\n    owner: reviewer", "    owner: reviewer"),
            )
        }
    )
    assert kinds(changes) == [
        ("control", "changed", "watchlist-screening", "type", "medium", "control_design_changed"),
        ("control", "changed", "watchlist-screening", "risks", "high", "risk_coverage_lost"),
        ("control", "changed", "document-check", "title", "low", "wording"),
        ("control", "changed", "dual-review", "key", "high", "key_control_lost"),
        ("control", "changed", "approval", "evidence", "medium", "records_changed"),
        ("matrix", "changed", "money-laundering", "controls", "medium", "coverage_reduced"),
    ]
    # the control's owner and the performers of the steps that apply it
    assert changes.catalogue[0].roles == ("compliance-officer", "teller")


def test_controls_and_risks_added_and_removed(compare: Compare) -> None:
    extra_risk = "  - id: data-leak\n    title: Data leak\n    rating: medium\n"
    extra_control = (
        "  - id: clean-desk\n    title: Clean desk\n    objective: No papers left.\n"
        "    type: preventive\n    automation: manual\n    owner: teller\n"
        "    risks: [data-leak]\n    evidence: Checklist\n"
    )
    base = {CAT: edit(CAT, ("controls:\n", extra_risk + "controls:\n")) + extra_control}
    changes = compare({CAT: edit(CAT, ("    rating: low", "    rating: medium"))}, base=base)
    assert kinds(changes) == [
        ("control", "removed", "clean-desk", None, "high", "control_removed"),
        ("risk", "changed", "slow-service", "rating", "medium", "rating_changed"),
        ("risk", "removed", "data-leak", None, "medium", "risk_removed"),
        ("finding", "removed", "W061", None, "low", "finding_resolved"),
    ]
    changes = compare(base)
    assert kinds(changes) == [
        ("control", "added", "clean-desk", None, "medium", "control_added"),
        ("risk", "added", "data-leak", None, "medium", "risk_added"),
        ("finding", "added", "W061", None, "medium", "finding_introduced"),
    ]
    assert changes.findings[0].where == "controls/catalogue.yml:70:9"


def test_matrix_key_control_unapplied_and_risk_uncovered(compare: Compare) -> None:
    changes = compare(
        {
            PROC: edit(
                PROC, ("[identity-verification, watchlist-screening]", "[watchlist-screening]")
            ),
            CAT: edit(
                CAT, ("    risks: [slow-service, identity-fraud]", "    risks: [identity-fraud]")
            ),
        }
    )
    assert kinds(changes) == [
        ("step", "changed", "verify-identity", "controls", "high", "control_removed"),
        ("control", "changed", "document-check", "risks", "high", "risk_coverage_lost"),
        ("matrix", "changed", "identity-fraud", "controls", "medium", "coverage_reduced"),
        ("matrix", "changed", "slow-service", "controls", "high", "risk_uncovered"),
        ("matrix", "changed", "identity-verification", "applied", "high", "key_control_unapplied"),
        ("finding", "added", "E040", None, "high", "finding_introduced"),
    ]


def test_quiz_questions_of_a_changed_step_disappear(compare: Compare) -> None:
    changes = compare(
        {
            PROC: edit(
                PROC,
                (
                    "    owner: reviewer\n    consulted: [teller]",
                    "    owner: branch-manager\n    consulted: [teller]",
                ),
            )
        }
    )
    removed = [q for q in changes.quiz.questions if q.status == "removed"]
    assert removed and all(q.procedure == "account-opening" for q in removed)
    assert any("Second review" in q.stem for q in removed)
    assert changes.quiz.steps == ("account-opening#second-review",)


def test_json_form_is_stable(compare: Compare) -> None:
    changes = compare(
        {CASE: edit(CASE, ("title: Handle a suspicious case", "title: Handle a case"))}
    )
    data = changes.as_dict()
    assert data["counts"] == {"high": 0, "medium": 0, "low": 1}
    assert data["procedures"][0]["changes"][0] == {
        "action": "changed",
        "after": "Handle a case",
        "area": "procedure",
        "before": "Handle a suspicious case",
        "field": "title",
        "procedure": "suspicious-case",
        "reason": "wording",
        "roles": [],
        "severity": "low",
        "target": "suspicious-case",
        "where": None,
    }
    assert (data["procedures"][0]["bump"], data["procedures"][0]["required"]) == ("none", "patch")


def test_retiring_a_procedure_and_a_new_one_with_a_waiver_are_high(compare: Compare) -> None:
    text = (KITCHEN_SINK / PROC).read_text(encoding="utf-8")
    retired = text.replace("version:", "status: retired\nversion:", 1)
    changes = compare({PROC: retired})
    assert ("procedure", "changed", "account-opening", "status", "high", "procedure_retired") in (
        kinds(changes)
    )
    assert changes.procedures[0].required is Bump.MINOR
    new = text.replace("id: account-opening", "id: night-opening", 1).replace(
        "title: Open a personal account", "title: Night opening", 1
    )
    new = new.replace("    controls: [document-check]\n", "    control_waiver: Night desk\n", 1)
    changes = compare({"procedures/night-opening.yml": new})
    assert kinds(changes) == [
        ("procedure", "added", "night-opening", None, "medium", "procedure_added"),
        ("step", "added", "receive-application", "control_waiver", "high", "waiver_added"),
    ]
