"""The only disk writer: {path: content} → a folder, and DOT → SVG through a cache.

Pipeline position: render → **write** → mkdocs. Nothing here knows what a procedure
is. ``write_tree`` rewrites only the files whose bytes changed (so MkDocs' live
reload sees just the real edits) and removes files that are no longer generated; a
first write goes to a temporary folder that is renamed into place. ``render_svgs``
runs one ``dot`` process per chart — deterministic, unlike one process fed many
graphs — in parallel, and caches each SVG under a hash of (DOT source, Graphviz
version, font), so a rebuild after one change re-renders one chart.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePosixPath

Content = str | bytes


class GraphvizError(Exception):
    """Graphviz is missing or failed on a chart; carries dot's stderr."""


@dataclass(frozen=True)
class WriteReport:
    """What a write changed."""

    written: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: int


def _as_bytes(content: Content) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content


def write_tree(target: Path, files: Mapping[PurePosixPath, Content]) -> WriteReport:
    """Make ``target`` hold exactly ``files``, touching only what changed."""
    if not target.exists():
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
        for rel, content in files.items():
            _write_file(staging / rel, _as_bytes(content))
        staging.rename(target)
        return WriteReport(tuple(sorted(str(p) for p in files)), (), 0)
    written, unchanged = [], 0
    for rel, content in sorted(files.items()):
        data = _as_bytes(content)
        path = target / rel
        if path.is_file() and path.read_bytes() == data:
            unchanged += 1
            continue
        _write_file(path, data)
        written.append(str(rel))
    wanted = {target / rel for rel in files}
    removed = []
    for path in sorted(target.rglob("*"), reverse=True):
        if path.is_file() and path not in wanted:
            path.unlink()
            removed.append(path.relative_to(target).as_posix())
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return WriteReport(tuple(written), tuple(removed), unchanged)


def _write_file(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    Path(tmp).replace(path)


def replace_dir(source: Path, target: Path) -> None:
    """Swap a freshly built folder into place; the old one is removed afterwards."""
    old = target.with_name(f".{target.name}-old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    source.rename(target)
    if old.exists():
        shutil.rmtree(old)


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
    _write_file(cached, svg.encode())
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
