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


def main(source: Path = Path()) -> None:
    """Run the benchmark on the manual in ``source`` and print the results."""
    today = dt.date.today()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "manual"
        copy_sources(source.resolve(), root)

        def load_check() -> None:
            manual, _ = load_and_check(root, today)
            assert manual is not None

        t_check = _time(load_check, repeat=5)
        t_cold = _time(lambda: build(root, today))

        def cold_generate() -> None:
            shutil.rmtree(root / ".cache")
            build(root, today, mkdocs=False)

        t_cold_gen = _time(cold_generate)
        t_warm_gen = _time(lambda: build(root, today, mkdocs=False), repeat=3)
        t_warm = _time(lambda: build(root, today))
        first = sorted((root / "procedures").glob("*.yml"))[0]
        text = first.read_text(encoding="utf-8")

        def edit_one() -> None:
            first.write_text(text.replace("title:", "title: 修订", 1), encoding="utf-8")
            build(root, today)

        t_edit = _time(edit_one)
    rows = [
        ("load + check", t_check),
        ("cold build (no chart cache, with mkdocs)", t_cold),
        ("generate site/, cold chart cache", t_cold_gen),
        ("generate site/, warm (nothing changed)", t_warm_gen),
        ("warm build, nothing changed (with mkdocs)", t_warm),
        ("rebuild after editing one procedure (with mkdocs)", t_edit),
    ]
    for label, seconds in rows:
        print(f"{label:52s} {seconds:7.3f} s")
    print(f"{'ratio load+check / cold build':52s} {t_check / t_cold:7.3f}")
    print(
        f"{'ratio warm generate / cold generate (chart cache)':52s} {t_warm_gen / t_cold_gen:7.3f}"
    )
    print(f"{'ratio one-procedure rebuild / cold build':52s} {t_edit / t_cold:7.3f}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path())
