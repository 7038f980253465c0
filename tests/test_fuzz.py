"""The fuzzer in the suite: a fixed-seed sample of mutated manuals, every property checked.

``make fuzz`` runs the same fuzzer over 5,000 cases and prints the counts by mutation
kind (``tests/fuzz_check.py``); this sample keeps the properties in every ``make test``.
Its budget is a number of examples, not a time: a fixed seed, no database, no shrinking
surprises between runs. Each failure the fuzzer found became a case of its own below.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from generator.source import yamlfile

from .fuzz import KINDS, base_manual, plans
from .fuzz_apply import apply
from .fuzz_check import Outcome, Plan, run_case

pytestmark = pytest.mark.requires_dot  # generation draws the charts with Graphviz

EXAMPLES = 100


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


YAML_KINDS = [k for k in KINDS if k not in ("file", "page")]


Read = tuple[object, list[tuple[object, str, str]]]


def _read_both(path: str, raw: bytes) -> tuple[Read, Read]:
    results: list[Read] = []
    for loader in (yaml.CSafeLoader, yaml.SafeLoader):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(yamlfile, "_Loader", loader)
            data, _marks, findings = yamlfile.read_yaml(path, raw)
        results.append((data, [(f.location, f.code, f.message) for f in findings]))
    return results[0], results[1]


@seed(17)
@settings(
    max_examples=100,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    plan=st.lists(
        st.sampled_from(YAML_KINDS).flatmap(lambda k: KINDS[k].map(lambda a: (k, a))),
        min_size=1,
        max_size=3,
    )
)
def test_both_pyyaml_parsers_read_fuzzed_files_alike(workdir: Path, plan: Plan) -> None:
    """The same data and findings from PyYAML's C parser and its pure-Python one.

    Syntax errors (E001) and libyaml's own nesting limit (E006 past 1,000 levels) are the
    two parsers' own words and places: there both must refuse the file, with that code.
    """
    work = workdir / "parity"
    shutil.rmtree(work, ignore_errors=True)
    root = base_manual(work / "manual")
    (work / "outside").mkdir()
    apply(root, work / "outside", plan)
    for rel in sorted({args[0] for _kind, args in plan}):  # the files the plan changed
        path = root / rel
        if not path.is_file():
            continue
        (c_data, c_found), (py_data, py_found) = _read_both(rel, path.read_bytes())
        codes = {code for _l, code, _m in c_found} | {code for _l, code, _m in py_found}
        if codes & {"E001", "E006"}:
            assert c_data is None and py_data is None, rel
            assert [c for _l, c, _m in c_found] == [c for _l, c, _m in py_found], (
                rel,
                c_found,
                py_found,
            )
        else:
            assert (c_data, c_found) == (py_data, py_found), rel
