"""The rule engine: a rule is a code and a function; one function runs them all.

Layer: rules. ``run_rules`` is the only way findings of the rules are made: the
``check`` command, the library's ``check``, the build, the pull-request review and the
benchmark all call it (through ``rules.check``), so they can never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from generator.source.findings import CODES, Finding
from generator.source.manual import Manual

Check = Callable[[Manual, dt.date], Iterator[Finding]]


class RuleError(Exception):
    """A rule yielded a finding of another code: a bug in the rule, not in the manual."""


@dataclass(frozen=True)
class Rule:
    """One rule: the code of every finding it yields and the function that finds them."""

    code: str
    check: Check

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise RuleError(f"rule {self.name} has code {self.code}, which CODES does not list")

    @property
    def name(self) -> str:
        """The function's name, for messages and test ids."""
        return self.check.__name__

    @property
    def summary(self) -> str:
        """What the rule asks for: the first line of its function's docstring."""
        return (self.check.__doc__ or "").strip().splitlines()[0]


def run_rules(manual: Manual, today: dt.date, rules: Iterable[Rule]) -> list[Finding]:
    """Run ``rules`` over ``manual``; findings sorted by location, then code, without repeats."""
    found: set[Finding] = set()
    for rule in rules:
        for finding in rule.check(manual, today):
            if finding.code != rule.code:
                raise RuleError(f"rule {rule.name} ({rule.code}) yielded a {finding.code}")
            found.add(finding)
    return sorted(found)
