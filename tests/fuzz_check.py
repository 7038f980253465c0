"""The fuzzer's properties, and ``make fuzz``: run N cases and print the counts by kind.

Properties of every case (issue 17): ``check`` never raises; every finding is one line
``path:line:col: CODE severity: message`` at a path that exists and a line the file has;
and when ``check`` finds no error, generation succeeds — the charts drawn by a real
Graphviz (``generate.draw_charts``, cached by content in one folder for every case),
every page rendered (``render_site``: ``generate.generate`` without its cache folder
inside the manual) and every generated SVG, XML, JSON, CSV and XLSX file parsed — and so
does every quiz export over the whole question bank. ``make fuzz`` adds a watchdog: a
case still running after ``HANG_SECONDS`` counts as a hang.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import traceback
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from openpyxl import load_workbook

from generator.pipeline.checking import load_and_check
from generator.pipeline.generate import draw_charts, render_site
from generator.quiz.bank import build_bank
from generator.quiz.select import Selection, select
from generator.render.quizformats import FORMATS
from generator.render.quizformats.common import Kit, make_quiz
from generator.render.templating import environment
from generator.source.findings import Finding, Severity
from generator.source.loader import ManualError
from generator.source.manual import Manual
from generator.source.messages import translator
from generator.source.presentation import load_presentation

from .conftest import TODAY
from .fuzz import Mutation, base_manual
from .fuzz_apply import SECRET, apply

FINDING_LINE = re.compile(r"^[^\n\r]+:\d+:\d+: [EW]\d{3} (error|warning): [^\n\r]+$")
LINE_BREAK = re.compile(rb"\r\n|\r|\n")
HANG_SECONDS = 120
Plan = list[tuple[str, Mutation]]


@dataclass(frozen=True)
class Outcome:
    """What one case did: ``refused`` or ``built`` when the properties held, else a failure."""

    kinds: tuple[str, ...]
    result: str  # refused | built | traceback | location | generation | hang
    detail: str = ""

    @property
    def failed(self) -> bool:
        """Whether a property failed."""
        return self.result not in ("refused", "built")


def location_problem(root: Path, finding: Finding) -> str | None:
    """Why a finding does not name a real place, or None."""
    text = finding.as_text()
    if not FINDING_LINE.match(text):
        return f"not one finding line: {text!r}"
    loc = finding.location
    path = root / loc.path
    if not os.path.lexists(path):
        if (finding.code, loc.path) == ("E023", "mkdocs.yml"):  # mkdocs.yml is missing: said so
            return None
        return f"no such file: {text}"
    if path.is_file() and not path.is_symlink():
        lines = LINE_BREAK.split(path.read_bytes())
        if loc.line > len(lines) or loc.col > len(lines[loc.line - 1]) + 1:
            return f"no such line or column ({len(lines)} lines): {text}"
    return None


def run_case(work: Path, plan: Plan, charts: Path) -> Outcome:
    """Mutate a fresh copy of the base manual by ``plan`` and check every property."""
    kinds = tuple(kind for kind, _args in plan)
    shutil.rmtree(work, ignore_errors=True)
    root = base_manual(work / "manual")
    (work / "outside").mkdir()
    try:
        apply(root, work / "outside", plan)
    except Exception:  # a bug of the fuzzer itself: counted, so that a long run goes on
        return Outcome(kinds, "harness", traceback.format_exc(limit=-4))
    try:
        manual, findings = load_and_check(root, TODAY)
    except ManualError:
        return Outcome(kinds, "refused", "not a manual")
    except Exception:  # the property: check never raises
        return Outcome(kinds, "traceback", traceback.format_exc(limit=-6))
    for finding in findings:
        problem = location_problem(root, finding)
        if problem:
            return Outcome(kinds, "location", problem)
    if manual is None or any(f.severity is Severity.ERROR for f in findings):
        return Outcome(kinds, "refused")
    try:
        generate_everything(root, manual, charts)
    except Exception:  # the property: what check passed, generation and exports handle
        return Outcome(kinds, "generation", traceback.format_exc(limit=-8))
    return Outcome(kinds, "built")


def generate_everything(root: Path, manual: Manual, charts: Path) -> None:
    """Every page and every quiz export of a checked manual, each output parsed."""
    presentation, problems = load_presentation(root)
    assert not [p for p in problems if p.severity is Severity.ERROR], problems
    language = manual.settings.language.value
    t = translator(language)
    generated = render_site(manual, presentation, TODAY, draw_charts(manual, t, charts))
    for path, content in generated.files.items():
        validate(str(path), content)
    questions = select(build_bank(manual, t), Selection())
    if questions:
        quiz = make_quiz(manual, questions, "Fuzz", 7)
        kit = Kit(t, environment(language, presentation))
        for name, export in FORMATS.items():
            for suffix, data in export(quiz, kit).items():
                validate(f"quiz-{name}{suffix}", data)


def validate(name: str, content: str | bytes) -> None:
    """Parse one output by its suffix; every text must be UTF-8 and hold no secret."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    assert SECRET.encode().strip() not in data, f"{name} publishes a file from outside the manual"
    if name.endswith((".svg", ".xml")):
        ElementTree.fromstring(data)
    elif name.endswith(".json"):
        json.loads(data)
    elif name.endswith(".csv"):
        list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    elif name.endswith(".xlsx"):
        load_workbook(io.BytesIO(data), read_only=True).close()
    elif name.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for member in zf.namelist():
                validate(member, zf.read(member))
    else:
        data.decode("utf-8")


# --- make fuzz ----------------------------------------------------------------------------


class _Hang(Exception):
    pass


def _alarm(_signum: int, _frame: Any) -> None:
    raise _Hang


def main(argv: list[str] | None = None) -> int:
    """``python -m tests.fuzz_check --cases N``: run N cases, print counts, exit 1 on a failure."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args(argv)
    from hypothesis import HealthCheck, Phase, given, seed, settings

    from .fuzz import plans

    outcomes: list[Outcome] = []
    tmp = Path(tempfile.mkdtemp(prefix="opsmanual-fuzz-"))
    signal.signal(signal.SIGALRM, _alarm)

    @seed(args.seed)
    @settings(max_examples=args.cases, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(plans())
    def case(plan: Plan) -> None:
        signal.alarm(HANG_SECONDS)
        try:
            outcome = run_case(tmp / "case", plan, tmp / "charts")
        except _Hang:
            outcome = Outcome(tuple(k for k, _a in plan), "hang", repr(plan))
        finally:
            signal.alarm(0)
        outcomes.append(outcome)
        if outcome.failed:
            print(
                f"FAILED {outcome.result} {plan!r}\n{outcome.detail}", file=sys.stderr, flush=True
            )
        if len(outcomes) % 250 == 0:
            print(f"{len(outcomes)} cases…", file=sys.stderr, flush=True)

    try:
        case()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(report(outcomes))
    return 1 if any(o.failed for o in outcomes) else 0


def report(outcomes: list[Outcome]) -> str:
    """The counts: per mutation kind, cases refused by check, built, and failed by property."""
    results = ("refused", "built", "traceback", "hang", "location", "generation", "harness")
    by_kind: dict[str, Counter[str]] = {}
    for outcome in outcomes:
        for kind in set(outcome.kinds):
            by_kind.setdefault(kind, Counter())[outcome.result] += 1
    rows = [f"{'kind':<10} {'cases':>6} " + " ".join(f"{r:>10}" for r in results)]
    for kind, counts in sorted(by_kind.items()):
        cells = " ".join(f"{counts[r]:>10}" for r in results)
        rows.append(f"{kind:<10} {sum(counts.values()):>6} {cells}")
    total = Counter(o.result for o in outcomes)
    rows.append(f"{'all':<10} {len(outcomes):>6} " + " ".join(f"{total[r]:>10}" for r in results))
    return "\n".join(rows)


if __name__ == "__main__":
    sys.exit(main())
