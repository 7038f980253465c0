"""The only disk writer of generated files: {path: content} → a folder.

Layer: output. Nothing here knows what a procedure is. ``write_tree`` rewrites only the
files whose bytes changed (so MkDocs' live reload sees just the real edits) and
removes files that are no longer generated; a first write goes to a temporary folder
that is renamed into place.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

Content = str | bytes


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
            write_file(staging / rel, _as_bytes(content))
        staging.rename(target)
        return WriteReport(tuple(sorted(str(p) for p in files)), (), 0)
    written, unchanged = [], 0
    for rel, content in sorted(files.items()):
        data = _as_bytes(content)
        path = target / rel
        if path.is_file() and path.read_bytes() == data:
            unchanged += 1
            continue
        write_file(path, data)
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


def write_file(path: Path, data: bytes) -> None:
    """Write one file atomically (a temporary file renamed over it)."""
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
