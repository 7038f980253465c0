"""The two sides of a comparison: a folder, or a git revision read into a temporary folder.

Layer: source (beside the loader). A revision is materialised with ``git archive`` of
the manual's own folder (the manual may live in a subfolder of the repository),
keeping only the files the loader reads; nothing in the work tree is touched, so
it works with uncommitted changes and in a CI checkout alike.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.source.findings import Severity
from generator.source.loader import ManualError, load_manual, manual_entries, require_manual
from generator.source.manual import Manual
from generator.source.pages import PAGES_DIR
from generator.source.siteconfig import CONFIG_FILE

WORKING_TREE = "working tree"
#: what the loader reads: everything else of the revision is left out
WANTED = (*manual_entries(), f"{PAGES_DIR}/", CONFIG_FILE)


class ReviewError(Exception):
    """A side of the comparison cannot be read: unknown revision, no manual, or errors."""


@dataclass(frozen=True)
class Side:
    """One loaded side of a comparison and how to name it in a report."""

    manual: Manual
    label: str


def load_side(root: Path, spec: str | None) -> Side:
    """Load a side: ``None`` is the working tree of ``root``, a folder, or a git revision.

    A folder wins over a revision of the same name. Raises :class:`ReviewError` with a
    message naming ``spec`` when it cannot be read or its manual does not load.
    """
    if spec is not None and not spec.strip():
        raise ReviewError(
            "an empty revision names nothing (the manual would be compared with itself): "
            "give a branch, tag or commit such as origin/main, or a folder"
        )
    folder = root if spec is None else Path(spec) if Path(spec).is_absolute() else root / spec
    if spec is None or folder.is_dir():
        try:
            require_manual(folder, spec or str(root))
        except ManualError as exc:
            raise ReviewError(str(exc)) from None
        return Side(_load(folder, spec or WORKING_TREE), spec or WORKING_TREE)
    with tempfile.TemporaryDirectory(prefix="opsmanual-rev-") as tmp:
        materialise(root, spec, Path(tmp))
        return Side(_load(Path(tmp), spec), spec)


def load_base(root: Path, spec: str) -> Side:
    """The base of ``check --since``: a revision or another folder, never the manual itself.

    ``--since .`` (or the manual's own path) would compare the working tree with itself and
    pass whatever changed.
    """
    folder = Path(spec) if Path(spec).is_absolute() else root / spec
    if spec.strip() and folder.is_dir() and folder.resolve() == root.resolve():
        raise ReviewError(
            f"'{spec}' is the manual's own folder: comparing it with itself finds no change; "
            "give the base revision, e.g. --since origin/main"
        )
    return load_side(root, spec)


def _load(folder: Path, label: str) -> Manual:
    manual, findings = load_manual(folder)
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if manual is None:
        first = errors[0].as_text() if errors else "no manual"
        raise ReviewError(
            f"the manual at '{label}' does not load ({len(errors)} errors; first: {first})"
        )
    return manual


def materialise(root: Path, ref: str, target: Path) -> None:
    """Write the manual files of revision ``ref`` (of the repository holding ``root``)."""
    if ref.startswith("-"):
        raise ReviewError(f"'{ref}' is not a revision: a revision cannot start with '-'")
    top = _git(root, ref, "rev-parse", "--show-toplevel").decode().strip()
    prefix = _git(root, ref, "rev-parse", "--show-prefix").decode().strip()
    commit = _commit(root, ref, top)
    try:
        _git(root, ref, "cat-file", "-e", f"{commit}:{prefix}")
    except ReviewError:
        return  # the manual did not exist yet: everything in it is new
    # from the top: in a subfolder, git archive would only take the part below it
    data = _git(Path(top), ref, "archive", "--format=tar", f"{commit}:{prefix}")
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        members = [m for m in archive.getmembers() if m.name.startswith(WANTED)]
        for member in members:
            if not _stays_inside(member):  # a link out of the manual, as in tree.py
                raise ReviewError(
                    f"'{prefix}{member.name}' in revision '{ref}' links to a file outside the "
                    "manual: manual files must be the files themselves"
                )
        if hasattr(tarfile, "data_filter"):  # Python 3.11.4+, and 3.14 warns without it
            archive.extractall(target, members=members, filter="data")
        else:  # Debian 12's Python 3.11.2: checked above, member by member
            archive.extractall(target, members=members)


def _stays_inside(member: tarfile.TarInfo) -> bool:
    """Whether a member of ``git archive`` is a file or folder inside the archive.

    What ``filter="data"`` refuses, checked by hand where the filter does not exist: an
    absolute or ``..`` path, a link (symbolic or hard) whose target leaves the archive,
    and anything but a file, a folder or a link (git archives hold nothing else).
    """
    name = PurePosixPath(member.name)
    if name.is_absolute() or ".." in name.parts:
        return False
    if member.issym() or member.islnk():
        base = name.parent if member.issym() else PurePosixPath()
        target = PurePosixPath(member.linkname)
        if target.is_absolute():
            return False
        depth = 0
        for part in (*base.parts, *target.parts):
            depth += -1 if part == ".." else 0 if part == "." else 1
            if depth < 0:
                return False
        return True
    return member.isfile() or member.isdir()


def _commit(root: Path, ref: str, top: str) -> str:
    try:
        out = _git(root, ref, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except ReviewError:
        raise ReviewError(
            f"unknown revision '{ref}': not a folder, nor a branch, tag or commit of the "
            f"repository {top} (in CI, fetch it first: git fetch origin <branch>)"
        ) from None
    return out.decode().strip()


def _git(root: Path, ref: str, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, check=False)
    except OSError as exc:
        raise ReviewError(f"cannot read revision '{ref}': git is not available ({exc})") from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = message[-1] if message else f"git {args[0]} failed"
        if "not a git repository" in detail:
            detail = f"'{root}' is not in a git repository"
        raise ReviewError(f"cannot read revision '{ref}': {detail}")
    return done.stdout
