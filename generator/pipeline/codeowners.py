"""Writing ``.github/CODEOWNERS`` at the top of the repository that holds the manual.

Layer: pipeline. CODEOWNERS paths are relative to the repository root, found with git, so
a manual kept in a subfolder gets its folder as a prefix (``render.codeowners``).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from generator.render.codeowners import FILE, CodeownersError, codeowners_text
from generator.source.manual import Manual


def repository_root(root: Path) -> Path:
    """The git work tree holding ``root`` (``root`` itself outside git)."""
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"], cwd=root, capture_output=True, text=True,
            check=False,
        )  # fmt: skip
    except FileNotFoundError as exc:
        raise CodeownersError(
            "git is not installed or not on PATH: CODEOWNERS paths are relative to the "
            "repository, so install git (apt-get install git) and run again"
        ) from exc
    return Path(done.stdout.strip()).resolve() if done.returncode == 0 else root.resolve()


def repository_prefix(root: Path, top: Path) -> str:
    """The manual's folder in the repository whose top is ``top``: ``""`` or ``"a/b/"``."""
    rel = root.resolve().relative_to(top).as_posix()
    return "" if rel == "." else rel + "/"


def write_codeowners(root: Path, manual: Manual, *, check_only: bool = False) -> tuple[Path, bool]:
    """Write (or compare) the repository's CODEOWNERS; return (path, whether it was stale)."""
    top = repository_root(root)
    text = codeowners_text(manual, repository_prefix(root, top))
    target = top / FILE
    stale = not target.is_file() or target.read_text(encoding="utf-8") != text
    if stale and not check_only:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return target, stale
