"""The rules: cross-reference and compliance checks, each a ``Rule(code, function)``.

Layer: rules (above source, below everything else). ``check(manual, today)`` runs every
rule of ``RULES``; a rule is a small named function in the module of its family.
"""

from __future__ import annotations

import datetime as dt

from generator.rules import (
    citations,
    coverage,
    duties,
    flow,
    history,
    identity,
    knowledge,
    links,
    quiz,
    references,
    site,
)
from generator.rules import steps as step_rules
from generator.rules.engine import Rule, run_rules
from generator.source.findings import Finding
from generator.source.manual import Manual

RULES: tuple[Rule, ...] = (
    Rule("E011", identity.ids_match_files),
    Rule("E012", identity.ids_unique),
    Rule("E012", citations.regulation_ids_unique),
    Rule("E020", references.references_resolve),
    Rule("E020", knowledge.knowledge_references),
    Rule("E021", links.markdown_links_resolve),
    Rule("E021", links.page_links_resolve),
    Rule("E022", links.source_pages_exist),
    Rule("E025", links.page_files_exist),
    Rule("E023", site.site_config_complete),
    Rule("E026", citations.tagged_regulations_exist),
    Rule("E026", citations.named_regulations_exist),
    Rule("E030", step_rules.steps_have_owner),
    Rule("E031", step_rules.steps_have_control),
    Rule("E032", flow.decisions_branch),
    Rule("E033", flow.steps_reachable),
    Rule("E034", flow.ends_reachable),
    Rule("E035", step_rules.ends_well_formed),
    Rule("E036", duties.maker_checker_separated),
    Rule("E037", duties.accountable_is_staff),
    Rule("E038", flow.subprocess_fields),
    Rule("E039", flow.no_self_calls),
    Rule("E040", coverage.key_controls_applied),
    Rule("E041", coverage.high_risks_covered),
    Rule("E050", history.history_consistent),
    Rule("E051", history.effective_after_approval),
    Rule("E080", knowledge.case_right_not_wrong),
    Rule("E081", knowledge.knowledge_sources_known),
    Rule("E082", knowledge.facts_well_formed),
    Rule("E083", knowledge.blueprints_add_up),
    Rule("W060", history.reviews_current),
    Rule("W061", coverage.everything_used),
    Rule("W062", quiz.quiz_distractors_distinct),
    Rule("W063", links.markdown_links_absolute),
    Rule("W064", step_rules.step_titles_distinct),
    Rule("W066", citations.source_codes_listed),
)


def check(manual: Manual, today: dt.date | None = None) -> list[Finding]:
    """Run every rule; findings sorted by location, then code."""
    return run_rules(manual, today or dt.date.today(), RULES)


__all__ = ["RULES", "Rule", "check", "run_rules"]
