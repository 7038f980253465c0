"""The only writer of generated files: {path: content} → a folder, folders swapped whole.

Layer: output. Nothing here knows what a procedure is.

- ``write_tree`` makes a folder hold exactly the generated files, rewriting only the files
  whose bytes changed (each through a temporary file renamed over it, so a hard link to
  the old file keeps the old bytes) and removing the files no longer generated.
- ``linked_copy`` copies a tree as hard links: a build starts from the last one at almost
  no cost, and since every write replaces a file instead of editing it, the live tree the
  links came from is never touched.
- ``swap_in`` puts a staged folder in place in one atomic step (Linux ``renameat2`` with
  ``RENAME_EXCHANGE``): there is no moment without the folder, and a reader sees the old
  tree or the new one, never a mixture.
- Everything is created with the permissions the umask allows (folders 0755 and files
  0644 under the usual 022), so a web server running as another user can read the site.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

Content = str | bytes


def _umask() -> int:
    mask = os.umask(0o022)  # read once, at import (single-threaded then), and restore
    os.umask(mask)
    return mask


UMASK = _umask()
FILE_MODE = 0o666 & ~UMASK
DIR_MODE = 0o777 & ~UMASK


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
    target.mkdir(parents=True, exist_ok=True)
    written, unchanged = [], 0
    for rel, content in sorted(files.items()):
        data = _as_bytes(content)
        path = target / rel
        if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
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
    """Write one file atomically: a temporary file, given normal permissions, renamed over it."""
    make_dirs(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        Path(tmp).chmod(FILE_MODE)  # mkstemp makes 0600
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def make_dirs(path: Path) -> None:
    """``mkdir -p`` with the umask's permissions."""
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)


def linked_copy(source: Path, target: Path) -> None:
    """Copy the tree ``source`` into the new folder ``target`` as hard links."""
    shutil.copytree(source, target, copy_function=os.link)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; False where the system cannot (then nothing happened)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    done = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if done == 0:
        return True
    errno = ctypes.get_errno()
    if errno in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: not on this file system
        return False
    raise OSError(errno, os.strerror(errno), str(b))


def swap_in(staged: Path, target: Path) -> None:
    """Put the folder ``staged`` at ``target``; the old ``target`` is deleted afterwards.

    With ``renameat2(RENAME_EXCHANGE)`` the swap is one atomic step. Where the file
    system cannot exchange (not Linux, some network shares) it is two renames with a
    moment between them in which ``target`` is missing.
    """
    if not target.exists():
        staged.rename(target)
        return
    if _exchange(staged, target):
        shutil.rmtree(staged)  # now the old tree
        return
    old = target.with_name(f".{target.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    target.rename(old)
    staged.rename(target)
    shutil.rmtree(old)
