"""``make bench``: the authoring loop measured at 100, 300 and 1,000 procedures.

Layer: cli (a tool over the pipeline). The machine is shared and noisy, so every goal is
a ratio of two figures measured in the same run, never a wall-clock limit. For each size
a synthetic manual (``benchdata``: the sample's procedures replicated, deterministic) is
written to a temporary folder and measured:

- check: cold ÷ a bare PyYAML C-loader parse of the same files; warm (one file changed)
  ÷ cold;
- charts: all charts drawn cold ÷ bare ``neato`` on the same DOT sources, one process
  per core; ``dot`` calls of a warm build;
- builds (each in a fresh process): no change ÷ cold; one procedure edited ÷ cold; the
  generator's share of a cold build; seconds per page at the largest size ÷ at the
  smallest; peak memory;
- serve: start to first page ÷ cold build, and seconds from an edit to the new page.

``BENCH_SIZES=100,300`` chooses the sizes. Goals are printed beside the figures, each
marked met or not.
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import yaml

from generator.cli.benchdata import synthetic_manual
from generator.pipeline.checking import load_and_check
from generator.render import flowchart
from generator.source.loader import load_manual, source_files
from generator.source.markdown import _links
from generator.source.messages import translator

TODAY = dt.date(2026, 12, 4)


@dataclass(frozen=True)
class Figure:
    """One measured figure, with its goal (a bound on the value) where it has one."""

    label: str
    value: float
    unit: str = ""
    goal: float | None = None
    at_most: bool = True

    def line(self) -> str:
        """``label  value  goal  met``."""
        shown = f"{self.value:10.3f} {self.unit}".rstrip()
        if self.goal is None:
            return f"  {self.label:58s} {shown}"
        sign = "≤" if self.at_most else "≥"
        met = self.value <= self.goal if self.at_most else self.value >= self.goal
        verdict = "met" if met else "NOT MET"
        return f"  {self.label:58s} {shown:14s} goal {sign} {self.goal:g}  {verdict}"


def _seconds(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _raw_parse(root: Path) -> None:
    for paths in source_files(root)[0].values():
        for path in paths:
            yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)  # noqa: S506 - safe loader


def measure_check(root: Path) -> list[Figure]:
    """Cold and warm check against a bare parse."""
    raw = _seconds(lambda: _raw_parse(root))
    _links.cache_clear()
    cold = _seconds(lambda: load_and_check(root, TODAY))
    first = sorted((root / "procedures").glob("*.yml"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    warm = _seconds(lambda: load_and_check(root, TODAY))
    return [
        Figure("check, cold", cold, "s"),
        Figure("check cold ÷ bare PyYAML C-loader parse", cold / raw, "", 1.2),
        Figure("check after one file changed ÷ cold check", warm / cold, "", 0.1),
    ]


def measure_charts(root: Path, cache: Path) -> list[Figure]:
    """Every chart drawn cold against bare Graphviz on the same sources."""
    manual, _ = load_manual(root)
    assert manual is not None
    t = translator(manual.settings.language.value)
    charts = [flowchart.site_chart(manual, p, t("start")).dot for p in manual.procedures]

    def bare() -> None:
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            list(pool.map(lambda dot: subprocess.run(
                [*flowchart.COMMAND, "-Tsvg"], input=dot.encode(), capture_output=True,
                check=True,
            ), charts))  # fmt: skip

    from generator.pipeline.generate import draw_charts

    cold = _seconds(lambda: draw_charts(manual, t, cache))
    bare_seconds = _seconds(bare)
    with mock.patch.object(subprocess, "run", wraps=subprocess.run) as calls:
        draw_charts(manual, t, cache)
    return [
        Figure("charts cold ÷ bare neato, one process per core", cold / bare_seconds, "", 1.2),
        Figure("dot calls of a warm build", calls.call_count, "", 0),
    ]


@dataclass(frozen=True)
class BuildRun:
    """A build in a fresh process: its seconds, when generation ended, peak memory."""

    seconds: float
    generated: float
    memory_kib: int


def _build(root: Path) -> BuildRun:
    """``opsmanual build`` in a fresh process, timed from its own progress lines."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "-C", str(root), "build", "--today",
         TODAY.isoformat()],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    generated = 0.0
    assert process.stderr is not None
    for line in process.stderr:
        if line.startswith(("pages written", "nothing changed")):
            generated = time.perf_counter() - started
    if process.wait() != 0:
        raise SystemExit(f"the build of {root} failed")
    seconds = time.perf_counter() - started
    memory = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return BuildRun(seconds, generated or seconds, memory)


def measure_builds(root: Path) -> tuple[list[Figure], float]:
    """Cold, no-change and one-edit builds; returns the figures and seconds a page."""
    cold = _build(root)
    unchanged = _build(root)
    proc = sorted((root / "procedures").glob("*.yml"))[0]
    text = proc.read_text(encoding="utf-8")
    proc.write_text(text.replace("    title: ", "    title: 修订·", 1), encoding="utf-8")
    edited = _build(root)
    pages = sum(1 for _ in (root / "public").rglob("*.html"))
    figures = [
        Figure("cold build", cold.seconds, "s"),
        Figure("pages", pages),
        Figure("no-change build ÷ cold build", unchanged.seconds / cold.seconds, "", 0.1),
        Figure("one-procedure edit ÷ cold build", edited.seconds / cold.seconds, "", 0.15),
        Figure(
            "generator share of a cold build (check, charts, pages)",
            cold.generated / cold.seconds,
            "",
            0.2,
        ),  # fmt: skip
        Figure("peak memory of the cold build", cold.memory_kib / 1024, "MiB", 1024),
        Figure("site size", _size(root / "public") / 2**20, "MiB", 500),
    ]
    return figures, cold.seconds / max(pages, 1)


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def measure_serve(root: Path, cold: float) -> list[Figure]:
    """Start to first page, and edit to the new page, of ``opsmanual serve``."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    base = f"http://127.0.0.1:{port}"
    proc = sorted((root / "procedures").glob("*.yml"))[0]
    page = f"{base}/procedures/{proc.stem}/"
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "-C", str(root), "serve", "--dev-addr",
         f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        _wait(lambda: "<h1" in _get(page))
        first = time.perf_counter() - started
        _wait(lambda: '"building": false' in _get(f"{base}/.opsmanual/state"))
        text = proc.read_text(encoding="utf-8")
        proc.write_text(text.replace("    title: ", "    title: 再修订·", 1), encoding="utf-8")
        edited = time.perf_counter()
        _wait(lambda: "再修订·" in _get(page))
        reload_seconds = time.perf_counter() - edited
    finally:
        process.terminate()
        process.wait()
    return [
        Figure("serve: start to first page ÷ cold build", first / cold, ""),
        Figure("serve: edit to the new page", reload_seconds, "s", 2.0),
        Figure("serve: edit to the new page ÷ cold build", reload_seconds / cold, "", 0.05),
    ]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def _wait(ready: Callable[[], bool]) -> None:
    while not ready():
        time.sleep(0.05)


def bench_size(source: Path, size: int, folder: Path) -> float:
    """Measure one size; returns seconds a page."""
    root = synthetic_manual(source, folder / f"m{size}", size)
    print(f"\n{size} procedures")
    figures = measure_check(root)
    figures += measure_charts(root, folder / f"charts{size}")
    builds, per_page = measure_builds(root)
    figures += builds
    cold = next(f.value for f in builds if f.label == "cold build")
    figures += measure_serve(root, cold)
    for figure in figures:
        print(figure.line())
    return per_page


def main(source: Path = Path()) -> None:
    """Run the benchmark at every size and print the figures."""
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "100,300,1000").split(",")]
    per_page: dict[int, float] = {}
    with tempfile.TemporaryDirectory(prefix="opsmanual-bench-") as tmp:
        for size in sizes:
            per_page[size] = bench_size(source.resolve(), size, Path(tmp))
    if len(sizes) > 1:
        ratio = per_page[max(sizes)] / per_page[min(sizes)]
        label = f"seconds a page at {max(sizes)} ÷ at {min(sizes)} procedures"
        print("\n" + Figure(label, ratio, "", 1.5).line())


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path())
