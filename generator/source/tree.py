"""The files of a manual's folders, and a finding for every entry that is not read.

Layer: source (used by the loader and ``presentation``). Nothing a folder holds is passed
over in silence: a link out of the manual (a file or a folder, which could publish
``/proc/self/environ`` or a private key), a link to nothing, a pipe, socket or device,
a folder that cannot be read, a folder named like a file, and a file nothing reads are
each a finding at their path. Links that stay inside the manual are followed, each
folder once.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

from generator.source.findings import Finding, Location
from generator.source.models import RESERVED_NAMES

#: whether the file at a path (relative to the manual, as posix) is read
Wanted = Callable[[str], bool]


@dataclass
class _Walk:
    root: Path
    real_root: Path
    wanted: Wanted
    recursive: bool
    skip: Collection[str]
    files: list[Path] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    seen: set[Path] = field(default_factory=set)

    def problem(self, path: Path, code: str, message: str) -> None:
        self.findings.append(Finding(Location(self.rel(path)), code, message))

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def inside(self, path: Path) -> Path | None:
        """The real path of ``path`` when it stays in the manual; else None, with a finding."""
        try:
            real = path.resolve()
            present = real.exists()
        except (OSError, RuntimeError):  # a loop of links, or a folder on the way unreadable
            present = False
        if not present:
            self.problem(path, "E004", "this is a link to nothing: delete it or fix its target")
            return None
        if not real.is_relative_to(self.real_root):
            kind = "folder" if real.is_dir() else "file"
            self.problem(
                path,
                "E004",
                f"this {kind} is a link to a {kind} outside the manual: put the {kind} itself here "
                "(a link could publish any file of the machine that builds the site)",
            )
            return None
        return real

    def folder(self, path: Path) -> None:
        real = self.inside(path)
        if real is None or real in self.seen:
            return
        self.seen.add(real)
        try:
            entries = sorted(os.scandir(path), key=lambda e: e.name)
        except OSError as exc:
            self.problem(
                path, "E004", f"cannot read this folder: {exc.strerror}; fix its permissions"
            )
            return
        for entry in entries:
            self.entry(Path(entry.path))

    def entry(self, path: Path) -> None:
        if self.rel(path) in self.skip:
            return
        if path.is_symlink() and self.inside(path) is None:
            return
        try:
            mode = path.stat().st_mode
        except OSError as exc:
            self.problem(path, "E004", f"cannot read this entry: {exc.strerror}")
            return
        if stat.S_ISDIR(mode):
            self.subfolder(path)
        elif not stat.S_ISREG(mode):
            self.problem(
                path,
                "E004",
                "this is not a regular file (a pipe, socket or device): delete it",
            )
        elif self.wanted(self.rel(path)):
            self.file(path)
        else:
            self.problem(path, "W065", "nothing reads this file: " + _NOT_READ)

    def subfolder(self, path: Path) -> None:
        if "." in path.name.strip(".") and self.wanted(self.rel(path)):
            self.problem(
                path, "E004", "this is a folder named like a file: rename it or make it a file"
            )
        elif self.recursive:
            self.folder(path)
        else:
            self.problem(path, "W065", "nothing reads the files of this folder: " + _NOT_READ)

    def file(self, path: Path) -> None:
        stem = path.name.partition(".")[0].lower()
        if stem in RESERVED_NAMES:
            self.problem(
                path,
                "E011",
                f"'{path.name}' is a reserved file name on Windows (con, prn, aux, nul, "
                "com0-9, lpt0-9): a checkout there fails; rename it",
            )
        else:
            self.files.append(path)


_NOT_READ = (
    "YAML sources are .yml or .yaml files, hand-written pages templates/pages/*.md; "
    "move or delete it"
)


def list_folder(
    root: Path,
    folder: str,
    wanted: Wanted,
    *,
    recursive: bool = True,
    skip: Collection[str] = (),
) -> tuple[list[Path], list[Finding]]:
    """The files of ``root/folder`` that ``wanted`` names, and findings for all the rest.

    Args:
        root: the manual's folder.
        folder: the folder to list, relative to ``root`` (it need not exist).
        wanted: whether the file at this path (relative to ``root``) is read.
        recursive: read subfolders (else each is a finding: nothing reads it).
        skip: entries (relative to ``root``) listed elsewhere: neither read nor reported.

    Returns:
        ``(files, findings)``; files in name order, depth first.
    """
    walk = _Walk(root, root.resolve(), wanted, recursive, skip)
    base = root / folder
    if not os.path.lexists(base):
        return [], []
    if not base.is_symlink() and base.exists() and not base.is_dir():
        walk.problem(base, "E004", f"'{folder}' must be a folder: move this file away")
    else:
        walk.folder(base)
    return walk.files, walk.findings


def single_file(root: Path, name: str) -> tuple[Path | None, list[Finding]]:
    """``root/name`` when it is a regular file inside the manual; None if absent or unusable."""
    path = root / name
    if not os.path.lexists(path):
        return None, []
    walk = _Walk(root, root.resolve(), lambda _n: True, False, ())
    walk.entry(path)
    return (path if walk.files else None), walk.findings
