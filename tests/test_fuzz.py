"""The fuzzer in the suite: a fixed-seed sample of mutated manuals, every property checked.

``make fuzz`` runs the same fuzzer over 5,000 cases and prints the counts by mutation
kind (``tests/fuzz_check.py``); this sample keeps the properties in every ``make test``.
Its budget is a number of examples, not a time: a fixed seed, no database, no shrinking
surprises between runs. Each failure the fuzzer found became a case of its own below.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, seed, settings

from .fuzz import plans
from .fuzz_check import Outcome, Plan, run_case

pytestmark = pytest.mark.requires_dot  # generation draws the charts with Graphviz

EXAMPLES = 200


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@seed(20261123)
@settings(
    max_examples=EXAMPLES,
    database=None,
    deadline=None,
    phases=[Phase.generate, Phase.shrink],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=plans())
def test_mutated_manuals_keep_every_property(workdir: Path, plan: Plan) -> None:
    outcome = run_case(workdir / "case", plan, workdir / "charts")
    assert not outcome.failed, f"{outcome.result}: {plan!r}\n{outcome.detail}"


#: failures the long run found, kept as cases (plan, the result it must have now)
REGRESSIONS: list[tuple[str, Plan, str]] = [
    # libyaml marks an unclosed flow list at the line after the last when the file does not
    # end with a newline: the finding named a line the file does not have
    ("end of file without a newline", [("truncate", ("roles/teller.yml", 1000000))], "refused"),
    # a file nothing reads (W065, a warning) made the loader drop the whole manual
    ("a warning of the loader", [("file", ("roles", "not-yaml", 0))], "built"),
    # 1,190 nested mappings: refused (E006) before anything recursed (the fuzzer's own YAML
    # edit after it recursed in PyYAML's composer and stopped the long run)
    (
        "deep nesting, then a YAML-aware edit",
        [
            ("tree", ("faq/accounts.yml", 982, "delete", 1)),
            ("nest", ("faq/accounts.yml", 982, 1190, "{")),
            ("tree", ("faq/accounts.yml", 982, "delete", 1)),
        ],
        "refused",
    ),
]


@pytest.mark.parametrize(
    ("plan", "result"), [(p, r) for _n, p, r in REGRESSIONS], ids=[n for n, _p, _r in REGRESSIONS]
)
def test_what_the_fuzzer_found(workdir: Path, plan: Plan, result: str) -> None:
    outcome: Outcome = run_case(workdir / "case", plan, workdir / "charts")
    assert (outcome.result, outcome.detail) == (result, ""), outcome.detail
