"""One build of a manual at a time: an advisory lock on ``.cache/build.lock``.

Layer: output. The lock is the kernel's (``flock``): it goes with the process, so a build
that is killed leaves no stale lock behind. A second build says who holds it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from generator.output.files import make_dirs


class BuildLocked(Exception):
    """Another build of the same manual is running."""


@contextlib.contextmanager
def build_lock(cache: Path) -> Iterator[None]:
    """Hold the manual's build lock for the ``with`` block, or raise :class:`BuildLocked`."""
    make_dirs(cache)
    path = cache / "build.lock"
    with path.open("a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise BuildLocked(
                f"another build of this manual is running ({holder}): wait for it to "
                "finish, or stop it, then build again"
            ) from None
        handle.seek(0)
        handle.truncate()
        started = dt.datetime.now().isoformat(timespec="seconds")
        handle.write(f"pid {os.getpid()}, started {started}")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)
