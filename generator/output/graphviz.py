"""Graphviz: DOT sources → SVG, one ``dot`` process per chart, in parallel, cached.

Layer: output. One process per chart, because one process fed many graphs is faster
but not deterministic (ids, cluster order and even edge routes change between runs).
Each SVG is cached under a hash of (DOT source, command, Graphviz version, font), so a
rebuild after one change draws one chart.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

from generator.output.files import write_file


class GraphvizError(Exception):
    """Graphviz is missing or failed on a chart; carries dot's stderr."""


@cache
def graphviz_version() -> str:
    """``dot -V`` output, part of every cache key."""
    try:
        done = subprocess.run(["dot", "-V"], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        raise GraphvizError(
            "Graphviz 'dot' is not installed: run `make serve` (it installs it) or "
            "`apt-get install graphviz`"
        ) from exc
    return (done.stderr or done.stdout).strip()


# A chart Graphviz cannot lay out in this time is an error, not a build that hangs.
RENDER_TIMEOUT = 120.0


def _render_one(
    name: str, dot_source: str, command: tuple[str, ...], cache_dir: Path, font: str
) -> str:
    key = hashlib.sha256(
        "\0".join((dot_source, *command, graphviz_version(), font)).encode()
    ).hexdigest()
    cached = cache_dir / f"{key}.svg"
    if cached.is_file():
        return cached.read_text(encoding="utf-8")
    try:
        done = subprocess.run(
            [*command, "-Tsvg"],
            input=dot_source.encode(),
            capture_output=True,
            check=False,
            timeout=RENDER_TIMEOUT,
        )
    except subprocess.TimeoutExpired as exc:
        raise GraphvizError(
            f"the flowchart of '{name}' did not render within {RENDER_TIMEOUT:g} s: "
            "simplify its flow (fewer crossing branches) or report it with the procedure file"
        ) from exc
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip() or "Graphviz failed"
        raise GraphvizError(f"the flowchart of '{name}': {detail}")
    svg = done.stdout.decode("utf-8")
    cache_dir.mkdir(parents=True, exist_ok=True)
    write_file(cached, svg.encode())
    return svg


def render_svgs(
    charts: Mapping[str, tuple[str, tuple[str, ...]]],
    cache_dir: Path,
    font: str,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, str]:
    """Render {name: (dot source, command)} to {name: svg text}, in parallel, cached.

    The command is the Graphviz program and its options, e.g. ``("neato", "-n2")``.
    """
    names = sorted(charts)
    results: dict[str, str] = {}
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        futures = {
            name: pool.submit(_render_one, name, charts[name][0], charts[name][1], cache_dir, font)
            for name in names
        }
        for done_count, name in enumerate(names, start=1):
            results[name] = futures[name].result()
            if progress:
                progress(done_count, len(names))
    return results
