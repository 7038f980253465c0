"""One test per rule: a few lines changed in the rule tests' manual, the exact code and place.

The manual is inline YAML of this suite's own (``tests/rules_manual.py``): its line numbers
are the ones asserted here.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.rules import RULES
from generator.source.findings import CODES

from .conftest import Findings
from .rules_manual import FILES

PROC = "procedures/account-opening.yml"
CTRL = "controls/controls.yml"
FAQ = "faq/accounts.yml"


def scaffold(rel: str, *pairs: tuple[str, str]) -> str:
    """A file of the rule tests' manual (tests/rules_manual.py) with some text replaced."""
    text = FILES[rel]
    for old, new in pairs:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def proc(*pairs: tuple[str, str]) -> dict[str, str]:
    return {PROC: scaffold(PROC, *pairs)}


LOADER_CODES = {
    "E001",
    "E002",
    "E003",
    "E004",
    "E005",
    "E006",
    "E007",
    "E010",
    "E011",
    "W065",
}  # the loader finds these
SINCE_CODES = {"E070", "E071", "E072", "E073", "E074"}  # the version rules of check --since
PAGE_CODES = {"E024"}  # hand-written pages rendered by load_and_check


def test_every_code_has_a_rule_or_loader_and_every_rule_a_docstring() -> None:
    from generator.changes.since import since_rules
    from generator.source.manual import Manual
    from generator.source.models import Settings

    for rule in RULES:
        assert rule.code in CODES and rule.summary, rule.name
    since = since_rules(Manual(Settings()))
    assert all(rule.summary for rule in since)
    assert {rule.code for rule in since} == SINCE_CODES
    assert {r.code for r in RULES} | LOADER_CODES | SINCE_CODES | PAGE_CODES == set(CODES)


def test_a_rule_that_yields_another_code_is_a_bug_named_as_such() -> None:
    import datetime as dt
    from collections.abc import Iterator

    import pytest

    from generator.rules.engine import Rule, RuleError, run_rules
    from generator.source.findings import Finding, Location
    from generator.source.manual import Manual
    from generator.source.models import Settings

    def lying(manual: Manual, today: dt.date) -> Iterator[Finding]:
        yield Finding(Location("x.yml"), "E030", "not what the rule says it finds")

    with pytest.raises(RuleError, match="lying"):
        run_rules(Manual(Settings()), dt.date(2026, 1, 1), [Rule("E031", lying)])
    with pytest.raises(RuleError, match="E999"):
        Rule("E999", lying)


def test_e011_id_differs_from_file_name(findings: Findings) -> None:
    found = findings(proc(("id: account-opening", "id: account-open")), messages=True)
    assert (
        "procedures/account-opening.yml:2:5: E011 error: id 'account-open' differs from the "
        "file name 'account-opening': rename one to match"
    ) in found


def test_e012_duplicate_step_id(findings: Findings) -> None:
    found = findings(proc(("  - id: verify-identity", "  - id: receive-application")))
    assert "procedures/account-opening.yml:34:9 E012" in found


def test_e012_duplicate_procedure_id_across_folders(findings: Findings) -> None:
    files = {"procedures/sub/account-opening.yml": scaffold(PROC)}
    assert findings(files) == ["procedures/sub/account-opening.yml:2:5 E012"]


def test_e020_unknown_role_with_suggestion(findings: Findings) -> None:
    found = findings(proc(("    owner: reviewer", "    owner: reviewr")), messages=True)
    assert found == [
        "procedures/account-opening.yml:40:12: E020 error: unknown role 'reviewr' "
        "(did you mean 'reviewer'?)",
        "roles/reviewer.yml:2:5: W061 warning: role 'reviewer' is never used",
    ]


def test_e020_unknown_control_step_risk_and_procedure(findings: Findings) -> None:
    files = proc(
        ("    controls: [identity-verification]", "    controls: [identity-check]"),
        ("        next: returned", "        next: return"),
    )
    files[CTRL] = scaffold(
        CTRL,
        ("risks: [identity-fraud]\n    evidence: Ticked", "risks: [fraud]\n    evidence: Ticked"),
    )
    found = findings(files)
    assert found == [
        "controls/controls.yml:17:10 E040",
        "controls/controls.yml:29:13 E020",
        "procedures/account-opening.yml:33:15 E020",
        "procedures/account-opening.yml:37:16 E020",
        "procedures/account-opening.yml:47:9 E033",
    ]


def test_e020_faq_ref_to_unknown_step(findings: Findings) -> None:
    files = {FAQ: scaffold(FAQ, ("account-opening#receive-application", "account-opening#receive"))}
    found = findings(files, messages=True)
    assert found == [
        "faq/accounts.yml:7:12: E020 error: unknown step of 'account-opening' 'receive'"
    ]


def test_e030_step_without_owner(findings: Findings) -> None:
    assert findings(proc(("    owner: reviewer\n", ""))) == [
        "procedures/account-opening.yml:38:5 E030",
        "roles/reviewer.yml:2:5 W061",
    ]


def test_e031_no_control_no_waiver(findings: Findings) -> None:
    found = findings(proc(("    controls: [dual-review]\n", "")))
    assert found == [
        "controls/controls.yml:37:10 E040",
        "procedures/account-opening.yml:38:5 E031",
    ]


def test_e031_both_control_and_waiver(findings: Findings) -> None:
    found = findings(
        proc(
            (
                "    controls: [dual-review]\n",
                "    controls: [dual-review]\n    control_waiver: none\n",
            )
        )
    )
    assert found == ["procedures/account-opening.yml:43:5 E031"]


def test_e032_decision_with_one_branch(findings: Findings) -> None:
    found = findings(proc(('      - when: "No"\n        next: returned\n', "")))
    assert "procedures/account-opening.yml:24:5 E032" in found


def test_e032_two_branches_with_the_same_answer(findings: Findings) -> None:
    found = findings(proc(('      - when: "No"\n', '      - when: " yes"\n')))
    assert found == ["procedures/account-opening.yml:32:15 E032"]


def test_e033_unreachable_step(findings: Findings) -> None:
    found = findings(proc(("        next: returned\n", "        next: opened\n")))
    assert found == ["procedures/account-opening.yml:47:9 E033"]


def test_e034_no_end_reachable(findings: Findings) -> None:
    found = findings(proc(("    next: opened\n", "    next: verify-identity\n")))
    assert found == [
        "procedures/account-opening.yml:34:5 E034",
        "procedures/account-opening.yml:38:5 E034",
        "procedures/account-opening.yml:44:9 E033",
    ]


def test_e034_last_step_is_not_an_end(findings: Findings) -> None:
    text = scaffold(
        PROC,
        (
            "  - id: returned\n    kind: end\n",
            "  - id: returned\n    owner: teller\n    controls: [dual-review]\n",
        ),
    )
    found = findings({PROC: text})
    assert found == ["procedures/account-opening.yml:47:5 E034"]


def test_e035_end_with_owner(findings: Findings) -> None:
    found = findings(
        proc(
            (
                "    kind: end\n    title: Account opened\n",
                "    kind: end\n    title: Account opened\n    owner: teller\n",
            )
        ),
        messages=True,
    )
    assert found == [
        "procedures/account-opening.yml:47:5: E035 error: end step 'opened' cannot have owner: remove it"
    ]


def test_e036_maker_checker_same_owner(findings: Findings) -> None:
    found = findings(proc(("    owner: reviewer", "    owner: teller")))
    assert found[0] == "procedures/account-opening.yml:40:12 E036"


def test_e036_checking_an_end_step(findings: Findings) -> None:
    found = findings(proc(("    checks: verify-identity", "    checks: opened")), messages=True)
    assert found == [
        "procedures/account-opening.yml:41:13: E036 error: step 'second-review' checks "
        "'opened', an end step nobody performs: point `checks` at the step whose work is "
        "reviewed"
    ]


def test_e038_hand_over_to_a_retired_procedure(tmp_path: Path) -> None:
    from generator.pipeline.checking import load_and_check

    from .conftest import KITCHEN_SINK, copy_manual

    root = copy_manual(KITCHEN_SINK, tmp_path / "ks")
    path = root / "procedures" / "account-opening.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("procedure: suspicious-case", "procedure: old-process"), encoding="utf-8"
    )
    _manual, found = load_and_check(root, dt.date(2026, 11, 23))
    assert [f.as_text() for f in found if f.code == "E038"] == [
        "procedures/account-opening.yml:62:16: E038 error: step 'investigate' hands over to "
        "'old-process', which is retired: name the procedure that replaced it"
    ]


def test_e037_accountable_not_staff(findings: Findings) -> None:
    found = findings(
        proc(("    owner: reviewer", "    owner: reviewer\n    accountable: customer")),
        messages=True,
    )
    assert found[0].startswith(
        "procedures/account-opening.yml:41:18: E037 error: accountable 'customer'"
    )


def test_e038_subprocess_without_procedure(findings: Findings) -> None:
    found = findings(
        proc(("    title: Verify identity\n", "    title: Verify identity\n    kind: subprocess\n"))
    )
    assert found == ["procedures/account-opening.yml:34:5 E038"]


def test_e039_call_cycle(findings: Findings) -> None:
    found = findings(
        proc(
            (
                "    title: Verify identity\n",
                "    title: Verify identity\n    kind: subprocess\n    procedure: account-opening\n",
            )
        )
    )
    assert found == ["procedures/account-opening.yml:37:16 E039"]


def test_e040_key_control_not_applied(findings: Findings) -> None:
    found = findings(
        proc(("    controls: [dual-review]", "    controls: [document-check]")), messages=True
    )
    assert found == [
        "controls/controls.yml:37:10: E040 error: key control 'dual-review' is applied by no step "
        "of a live procedure: apply it or set key: false"
    ]


def test_e040_a_retired_procedure_applies_nothing(tmp_path: Path) -> None:
    from generator.pipeline.checking import load_and_check

    from .conftest import KITCHEN_SINK, copy_manual

    root = copy_manual(KITCHEN_SINK, tmp_path / "ks")
    path = root / "procedures" / "account-opening.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("status: active", "status: retired")
        if "status: active" in path.read_text(encoding="utf-8")
        else path.read_text(encoding="utf-8").replace("version:", "status: retired\nversion:", 1),
        encoding="utf-8",
    )
    _manual, found = load_and_check(root, dt.date(2026, 11, 23))
    e040 = [f.as_text() for f in found if f.code == "E040"]
    assert any("'dual-review' is applied by no step of a live procedure" in f for f in e040)


def test_e041_high_risk_without_control(findings: Findings) -> None:
    text = scaffold(
        CTRL,
        (
            "    description: Forged",
            "  - id: tipping-off\n    title: Tipping off\n    rating: high\n    description: Forged",
        ),
    ).replace(
        "    title: Tipping off\n    rating: high\n    description: Forged",
        "    title: Tipping off\n    rating: high\n  - id: x\n    title: X\n    rating: low\n    description: Forged",
        1,
    )
    found = findings({CTRL: text})
    assert "controls/controls.yml:11:13 E041" in found


def test_e050_history_does_not_match_version(findings: Findings) -> None:
    found = findings(proc(("\nversion: 1.0.0", "\nversion: 1.1.0")), messages=True)
    assert found == [
        "procedures/account-opening.yml:7:10: E050 error: version 1.1.0 differs from "
        "history[0].version 1.0.0: add a history entry for this version at the top"
    ]


def test_e050_history_not_newest_first(findings: Findings) -> None:
    older_first = "  - version: 0.9.0\n    date: 2026-01-01\n    summary: Draft\n    approved_by: branch-manager\n"
    text = scaffold(PROC) + older_first.replace("0.9.0", "1.2.0")
    assert findings({PROC: text}) == ["procedures/account-opening.yml:55:14 E050"]


def test_e051_effective_before_approval(findings: Findings) -> None:
    assert findings(proc(("effective: 2026-12-01", "effective: 2026-11-01"))) == [
        "procedures/account-opening.yml:8:12 E051"
    ]


def test_w060_review_overdue_uses_today(findings: Findings) -> None:
    assert findings({}, today=dt.date(2027, 11, 16)) == []
    found = findings({}, today=dt.date(2027, 11, 17), messages=True)
    assert found == [
        "procedures/account-opening.yml:11:18: W060 warning: review of 'account-opening' was due "
        "on 2027-11-16: review it and update last_reviewed"
    ]


def test_a_review_date_at_the_end_of_the_calendar_does_not_crash(findings: Findings) -> None:
    far = proc(("  last_reviewed: 2026-11-16", "  last_reviewed: 9999-12-31"))
    assert "W060" not in " ".join(findings(far))


def test_w061_unused_role_and_control(findings: Findings) -> None:
    files = {"roles/auditor.yml": "id: auditor\nname: Auditor\n"}
    files[CTRL] = (
        scaffold(CTRL)
        + "  - id: spare\n    title: Spare\n    objective: x\n    type: detective\n    automation: manual\n    owner: teller\n    risks: [identity-fraud]\n    evidence: log\n"
    )
    assert findings(files) == ["controls/controls.yml:41:9 W061", "roles/auditor.yml:1:5 W061"]


def test_w062_distractor_equals_correct(findings: Findings) -> None:
    files = {
        FAQ: scaffold(
            FAQ,
            ("        - Yes, with the manager's approval", "        - No, a valid ID is required"),
        )
    }
    assert findings(files) == ["faq/accounts.yml:13:11 W062"]


def test_w062_compares_as_the_quiz_does_case_and_spacing_aside(findings: Findings) -> None:
    files = {
        FAQ: scaffold(
            FAQ,
            (
                "        - Yes, with the manager's approval",
                "        - 'no,  A VALID id is required'",
            ),
        )
    }
    assert findings(files) == ["faq/accounts.yml:13:11 W062"]


def test_e021_w063_links_in_markdown(findings: Findings) -> None:
    found = findings(
        proc(
            (
                "summary: Open a personal account for a verified customer.",
                "summary: See [verify](procedure:account-opening#verify-identity), "
                "[x](procedure:account-opening#nope), [t](role:teller), [c](control:nope), "
                "[f](../roles/teller.md) and [w](https://example.org/a)",
            )
        ),
        messages=True,
    )
    assert [f.split(": ", 1)[1] for f in found] == [
        "E021 error: link 'control:nope' in 'summary' points at nothing: check the id "
        "(procedure:ID#step, role:ID, control:ID, risk:ID, faq:ID)",
        "E021 error: link 'procedure:account-opening#nope' in 'summary' points at nothing: "
        "check the id (procedure:ID#step, role:ID, control:ID, risk:ID, faq:ID)",
        "W063 warning: relative link '../roles/teller.md' in 'summary' will not resolve on "
        "the site: write procedure:ID, procedure:ID#step, role:ID, control:ID, risk:ID, "
        "faq:ID or a full https:// address",
    ]


def test_e021_w063_see_links_as_the_renderer_does(findings: Findings) -> None:
    text = (
        "ref [r1][1], [r2][2], <procedure:nope>, [bad](procedure:account-opening#a#b), "
        "`[code](procedure:ID)`, ![img](img/x.png) and `[c](../x.md)`\n\n"
        "    [block](procedure:also-code)\n\n"
        "[1]: ../roles/teller.md\n[2]: procedure:doesnotexist"
    )
    quoted = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    found = findings(
        proc(("summary: Open a personal account for a verified customer.", f'summary: "{quoted}"')),
        messages=True,
    )
    targets = sorted(f.split("link '")[1].split("'")[0] + " " + f.split(": ")[1][:4] for f in found)
    assert targets == [
        "../roles/teller.md W063",
        "procedure:account-opening#a#b E021",
        "procedure:doesnotexist E021",
        "procedure:nope E021",
    ]


def test_w064_two_steps_with_one_title(findings: Findings) -> None:
    found = findings(proc(("    title: Second review", "    title: verify  IDENTITY")))
    assert found == ["procedures/account-opening.yml:39:12 W064"]


# --- what staff must know: facts, cases, blueprints (issue 12) ----------------------------

KNOWLEDGE = """    controls: [identity-verification]
    facts:
      - statement: Records are kept for at least 10 years.
        value: 10 years
        source: "[ADD]"
      - statement: A second ID is checked.
        source: "[VERIFY]"
    cases:
      - situation: A companion answers for the customer.
        right: Stop and refer the case
        wrong: [Carry on, Stop and refer the case]
        source: "[ADD]"
"""
SOURCES = 'compliance_team: "@example-bank/compliance"\nsources:\n  ADD: {label: Bank standard}\n'


def knowledge_manual(*pairs: tuple[str, str]) -> dict[str, str]:
    files = proc(("    controls: [identity-verification]\n", KNOWLEDGE), *pairs)
    files["opsmanual.yml"] = scaffold(
        "opsmanual.yml", ('compliance_team: "@example-bank/compliance"\n', SOURCES)
    )
    return files


def test_e080_case_right_action_also_listed_as_wrong(findings: Findings) -> None:
    found = findings(knowledge_manual(), messages=True)
    assert (
        "procedures/account-opening.yml:47:27: E080 error: wrong action 'Stop and refer the "
        "case' of a case at step 'verify-identity' repeats the right action (case and spacing "
        "aside): a question cannot mark one answer both right and wrong; write the mistake "
        "people really make"
    ) in found, found


def test_e081_fact_with_an_unknown_source_tag(findings: Findings) -> None:
    found = findings(knowledge_manual(), messages=True)
    assert (
        "procedures/account-opening.yml:43:17: E081 error: fact in 'account-opening' cites "
        "unknown source '[VERIFY]': a figure still to verify is never stated as a rule: leave "
        "it out, or state it as the bank's own standard with [ADD]"
    ) in found, found
    assert [f for f in found if "E081" in f and "[ADD]'" in f] == []


def test_e082_fact_value_not_in_its_statement(findings: Findings) -> None:
    files = knowledge_manual(("        value: 10 years\n", "        value: ten years\n"))
    found = findings(files, messages=True)
    assert (
        "procedures/account-opening.yml:40:16: E082 error: value 'ten years' of a fact at step "
        "'verify-identity' is not in its statement: write it exactly as the statement does"
    ) in found, found


BLUEPRINT = """    approved_by: branch-manager
exams:
  - role: teller
    count: 20
    pass_mark: 80
    time_limit: 30
    procedures: {account-opening: 90, nowhere: 5}
    types: {rule: 50, scenario: 40}
"""


def test_e083_blueprint_weights_that_do_not_add_up(findings: Findings) -> None:
    files = proc(("    approved_by: branch-manager\n", BLUEPRINT))
    found = findings(files, messages=True)
    assert found == [
        "procedures/account-opening.yml:60:5: E083 error: exam of 'teller': the procedures "
        "weights add up to 95, not 100 (account-opening 90, nowhere 5)",
        "procedures/account-opening.yml:60:39: E020 error: unknown procedure 'nowhere'",
        "procedures/account-opening.yml:61:5: E083 error: exam of 'teller': the types weights "
        "add up to 90, not 100 (rule 50, scenario 40)",
    ], found


CITING = (
    "sources:\n"
    "  REG: {label: Regulation, regulations: true}\n"
    "  OWN: {label: Our standard}\n"
    "regulations:\n"
    "  - {id: AML, short: AML Act, title: 《Anti-Money Laundering Act》}\n"
    "  - {id: KYC, short: KYC Rule, title: 《Customer Due Diligence Rule》}\n"
)


def cited(*tags: str, regulations: str = "") -> dict[str, str]:
    """The rule tests' manual citing ``tags`` at its first step (and ``regulations``)."""
    listed = ", ".join(f'"{t}"' for t in tags)
    return {
        "opsmanual.yml": FILES["opsmanual.yml"] + CITING,
        PROC: scaffold(
            PROC,
            ("    sla: On the spot\n", f"    sla: On the spot\n    sources: [{listed}]\n"),
            ("trigger: A customer", f"{regulations}trigger: A customer"),
        ),
    }


def test_e024_a_tag_names_a_regulation_that_is_not_listed(findings: Findings) -> None:
    found = findings(cited("[REG:AML §5]", "[REG:KYX]", "[REG]", "[OWN]"), messages=True)
    assert found == [
        f"{PROC}:22:31: E026 error: unknown regulation 'KYX' in '[REG:KYX]' (did you mean "
        "'KYC'?): add it to `regulations` in opsmanual.yml",
        f"{PROC}:22:44: E026 error: '[REG]' names no regulation: write [REG:<id> …]",
    ]


def test_e024_a_procedures_regulation_by_id_or_full_title(findings: Findings) -> None:
    named = "regulations: [AML, 《Customer Due Diligence Rule》（2026）, 《Banking Act》]\n"
    found = findings(cited(regulations=named), messages=True)
    assert found == [
        f"{PROC}:13:57: E026 error: unknown regulation '《Banking Act》': write its id or its "
        "full title, or add it to `regulations` in opsmanual.yml",
    ]


def test_e012_two_regulations_with_one_id(findings: Findings) -> None:
    files = cited()
    files["opsmanual.yml"] += "  - {id: AML, short: Old, title: 《Old Act》, status: repealed}\n"
    assert findings(files) == ["opsmanual.yml:12:10 E012"]


def test_w065_a_code_that_sources_does_not_list(findings: Findings) -> None:
    found = findings(cited("[OWN]", "[OWM §2]"), messages=True)
    assert found == [
        f"{PROC}:22:24: W066 warning: provenance code 'OWM' of '[OWM §2]' is not in `sources` "
        "of opsmanual.yml (did you mean 'OWN'?): readers would see the bare code",
    ]
