"""``make bench``: speed measured as ratios within one run (the machine is shared and noisy).

Layer: cli (a tool over the pipeline). It copies the manual to a temporary folder
and times, in the same run: load + check; a cold build (no chart cache); a warm rebuild
with nothing changed; a rebuild after editing one procedure. It prints seconds and the
ratios that matter — a one-procedure edit should cost a small fraction of a cold build.
"""

from __future__ import annotations

import datetime as dt
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from generator.pipeline.build import build
from generator.pipeline.checking import load_and_check
from generator.pipeline.scaffold import copy_sources


def _time(action: Callable[[], object], repeat: int = 1) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def measure(root: Path, today: dt.date) -> dict[str, float]:
    """Seconds of each phase on the manual in ``root`` (a copy: it is edited)."""

    def load_check() -> None:
        manual, _ = load_and_check(root, today)
        assert manual is not None

    def cold_generate() -> None:
        shutil.rmtree(root / ".cache")
        build(root, today, mkdocs=False)

    first = sorted((root / "procedures").glob("*.yml"))[0]
    text = first.read_text(encoding="utf-8")

    def edit_one() -> None:
        first.write_text(text.replace("title:", "title: 修订", 1), encoding="utf-8")
        build(root, today)

    return {
        "load + check": _time(load_check, repeat=5),
        "cold build (no chart cache, with mkdocs)": _time(lambda: build(root, today)),
        "generate site/, cold chart cache": _time(cold_generate),
        "generate site/, warm (nothing changed)": _time(
            lambda: build(root, today, mkdocs=False), repeat=3
        ),
        "warm build, nothing changed (with mkdocs)": _time(lambda: build(root, today)),
        "rebuild after editing one procedure (with mkdocs)": _time(edit_one),
    }


def main(source: Path = Path()) -> None:
    """Run the benchmark on the manual in ``source`` and print the results."""
    with tempfile.TemporaryDirectory() as tmp:
        root = copy_sources(source.resolve(), Path(tmp) / "manual")
        seconds = measure(root, dt.date.today())
    for label, value in seconds.items():
        print(f"{label:52s} {value:7.3f} s")
    cold, gen = (
        seconds["cold build (no chart cache, with mkdocs)"],
        seconds["generate site/, cold chart cache"],
    )
    ratios = {
        "ratio load+check / cold build": seconds["load + check"] / cold,
        "ratio warm generate / cold generate (chart cache)": seconds[
            "generate site/, warm (nothing changed)"
        ]
        / gen,
        "ratio one-procedure rebuild / cold build": seconds[
            "rebuild after editing one procedure (with mkdocs)"
        ]
        / cold,
    }
    for label, value in ratios.items():
        print(f"{label:52s} {value:7.3f}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path())
