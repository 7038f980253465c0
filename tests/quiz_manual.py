"""The kitchen-sink manual with what staff must know: facts, a case and a teller exam.

The quiz tests use this copy (``knowledge_sink()``) rather than editing the shared
kitchen sink, whose line numbers other suites assert on.
"""

from __future__ import annotations

import shutil
import tempfile
from functools import cache
from pathlib import Path

from .conftest import KITCHEN_SINK

FACTS = """    controls: [identity-verification, watchlist-screening]
    facts:
      - statement: Identity records are kept for at least 10 years after the relationship ends.
        value: 10 years
        source: "[ADD]"
      - statement: Face matching alone never proves who a customer is.
        false_statement: Face matching alone is enough to prove who a customer is.
        source: "[ADD]"
    cases:
      - situation: A companion answers every question for the customer.
        right: Stop quietly and refer the case
        wrong:
          - Ask the customer to answer and carry on if he can
          - Let the companion sign as a guarantor
          - Tell the customer you suspect he is being used
        why: Coached applicants are a sign of account trading.
        source: "[ADD]"
"""
EXAMS = """exams:
  - role: teller
    title: Teller exam
    count: 10
    pass_mark: 80
    time_limit: 20
    procedures: {account-opening: 100}
    source: "[ADD]"
history:
"""


def add_knowledge(root: Path) -> Path:
    """Add the facts, the case, the exam and the ``[ADD]`` source code to a kitchen sink."""
    proc = root / "procedures" / "account-opening.yml"
    text = proc.read_text(encoding="utf-8")
    text = text.replace("    controls: [identity-verification, watchlist-screening]\n", FACTS, 1)
    text = text.replace("history:\n", EXAMS, 1)
    proc.write_text(text, encoding="utf-8")
    settings = root / "opsmanual.yml"
    extra = "sources:\n  ADD: {label: Bank standard}\n"
    settings.write_text(settings.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return root


@cache
def knowledge_sink() -> Path:
    """A copy of the kitchen sink with the knowledge above (made once per test run)."""
    root = Path(tempfile.mkdtemp(prefix="knowledge-sink-")) / "ks"
    shutil.copytree(KITCHEN_SINK, root, ignore=shutil.ignore_patterns("site", "public", ".cache"))
    return add_knowledge(root)
