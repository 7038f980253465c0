"""Builds that are incremental yet equal a clean build, and that survive being killed.

An incremental build starts from the last site and rebuilds only what changed: for every
kind of input (a step title, a role name shown on many pages, a template, mkdocs.yml, a
hand-written page) it must give byte for byte what a clean build of the same sources
gives. A build killed at any point — while generating, with the pages staged, right
before, between and after the swaps — leaves public/ whole, the old site or the new; the
next build removes what it left and gives the clean result. Builds do not run twice at
once, refuse to replace what they could not remove, and write ordinary permissions.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.pipeline.build import build, is_loopback

from .conftest import KITCHEN_SINK, copy_manual
from .sites import BUILD_DAY, build_ok

pytestmark = pytest.mark.requires_dot


def digest(folder: Path) -> str:
    sha = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            sha.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return sha.hexdigest()


def differences(a: Path, b: Path) -> list[str]:
    names = {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
    names |= {p.relative_to(b) for p in b.rglob("*") if p.is_file()}
    return sorted(
        str(n) for n in names if not (a / n).is_file() or not (b / n).is_file()
        or (a / n).read_bytes() != (b / n).read_bytes()
    )  # fmt: skip


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


EDITS: dict[str, Callable[[Path], None]] = {
    "step title": lambda r: _replace(
        r / "procedures/account-opening.yml", "title: Verify identity", "title: Verify the ID"
    ),
    "role name": lambda r: _replace(r / "roles/teller.yml", "name: Teller", "name: Counter clerk"),
    "template": lambda r: _replace(
        r / "templates/procedure.md.j2", '{{ t("flowchart") }}', '{{ t("flowchart") }} ·'
    ),
    "mkdocs.yml": lambda r: _replace(r / "mkdocs.yml", "site_name: ", "site_name: New "),
    "hand-written page": lambda r: _replace(
        r / "templates/pages/guide.md", "See the teller.", "Ask the [teller](role:teller)."
    ),
}


def _with_templates(root: Path) -> Path:
    """The kitchen sink with its own copy of the templates (so a template can change)."""
    shutil.copytree(
        KITCHEN_SINK.parents[2] / "templates", root / "templates",
        ignore=shutil.ignore_patterns("pages"),
    )  # fmt: skip
    (root / "templates/pages").mkdir()
    (root / "templates/pages/guide.md").write_text("# Guide\n\nSee the teller.\n", "utf-8")
    return root


@pytest.mark.parametrize("kind", list(EDITS))
def test_an_incremental_build_equals_a_clean_build(tmp_path: Path, kind: str) -> None:
    warm = _with_templates(copy_manual(KITCHEN_SINK, tmp_path / "warm"))
    build_ok(warm)
    EDITS[kind](warm)
    result = build_ok(warm)
    assert result.site is not None
    cold = _with_templates(copy_manual(KITCHEN_SINK, tmp_path / "cold"))
    EDITS[kind](cold)
    build_ok(cold)
    assert differences(warm / "public", cold / "public") == []
    assert differences(warm / "site", cold / "site") == []
    if kind in ("step title", "hand-written page"):  # the navigation is the same
        assert 0 < len(result.site.rebuilt) < result.site.pages


def test_nothing_changed_nothing_done(tmp_path: Path) -> None:
    root = copy_manual(KITCHEN_SINK, tmp_path / "ks")
    build_ok(root)
    before = digest(root / "public")
    again = build_ok(root)
    assert again.unchanged and again.site is None and digest(root / "public") == before


def _run_build(root: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", "-C", str(root), "build", "--today",
         BUILD_DAY.isoformat()],
        capture_output=True, text=True, env={**os.environ, **env}, check=False,
    )  # fmt: skip


@pytest.mark.parametrize(
    "point", ["staged-pages", "before-swap", "between-swaps", "after-swaps", "random"]
)
def test_a_killed_build_leaves_a_whole_site_and_the_next_build_is_clean(
    tmp_path: Path, point: str
) -> None:
    root = copy_manual(KITCHEN_SINK, tmp_path / "ks")
    build_ok(root)
    old = digest(root / "public")
    EDITS["step title"](root)
    reference = copy_manual(root, tmp_path / "reference")
    build_ok(reference)
    new = digest(reference / "public")
    assert new != old
    if point == "random":  # kill -9 at moments spread over a build
        for delay in (0.3, 0.8, 1.5, 2.5):
            process = subprocess.Popen(
                [sys.executable, "-m", "generator.cli", "-C", str(root), "build"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            time.sleep(delay)
            process.send_signal(signal.SIGKILL)
            process.wait()
            assert digest(root / "public") in (old, new)
    else:
        done = _run_build(root, OPSMANUAL_KILL_AT=point)
        assert done.returncode == -signal.SIGKILL
        assert digest(root / "public") == (old if point in ("staged-pages", "before-swap") else new)
    assert _run_build(root).returncode == 0
    assert differences(root / "public", reference / "public") == []
    assert differences(root / "site", reference / "site") == []
    assert not (root / ".cache/stage").exists() or not any((root / ".cache/stage").iterdir())


def test_a_second_build_at_the_same_time_is_refused_clearly(tmp_path: Path) -> None:
    root = copy_manual(KITCHEN_SINK, tmp_path / "ks")
    cmd = [sys.executable, "-m", "generator.cli", "-C", str(root), "build"]
    runs = [subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    outcomes = [(p.returncode, p.communicate()[1]) for p in runs]
    outcomes = [(p.returncode, err) for p, (_code, err) in zip(runs, outcomes, strict=True)]
    assert sum(code == 0 for code, _ in outcomes) >= 1
    for code, err in outcomes:
        assert code == 0 or "another build of this manual is running" in err, err
        assert "Traceback" not in err
    reference = copy_manual(KITCHEN_SINK, tmp_path / "reference")
    build_ok(reference)
    _run_build(root)  # whatever ran, a build now gives the clean site
    assert differences(root / "public", reference / "public") == []
    assert not any((root / ".cache/stage").iterdir())


def test_public_has_ordinary_permissions(tmp_path: Path) -> None:
    root = copy_manual(KITCHEN_SINK, tmp_path / "ks")
    build_ok(root)
    for path in [root / "public", *(root / "public").rglob("*")]:
        mode = path.stat().st_mode & 0o777
        assert mode == (0o755 if path.is_dir() else 0o644), (path, oct(mode))


def test_a_public_folder_that_cannot_be_replaced_is_refused_before_anything_changes(
    tmp_path: Path,
) -> None:
    root = copy_manual(KITCHEN_SINK, tmp_path / "ks")
    build_ok(root)
    EDITS["step title"](root)
    before = digest(root / "public")
    locked = root / "public/assets"
    # root writes through permission bits: an immutable folder stops it as read-only
    # permissions stop anyone else
    lock = ["chattr", "+i", str(locked)] if os.geteuid() == 0 else ["chmod", "555", str(locked)]
    unlock = ["chattr", "-i", str(locked)] if os.geteuid() == 0 else ["chmod", "755", str(locked)]
    subprocess.run(lock, check=True)
    try:
        done = _run_build(root)
    finally:
        subprocess.run(unlock, check=True)
    assert done.returncode == 1, done.stderr
    assert "is read-only, so the new site cannot replace public/" in done.stderr
    assert "nothing was replaced" in done.stderr and "Traceback" not in done.stderr
    assert digest(root / "public") == before
    assert _run_build(root).returncode == 0 and digest(root / "public") != before


@pytest.mark.parametrize(
    ("url", "loopback"),
    [
        ("http://127.0.0.1:8000/", True),
        ("http://localhost/ops/", True),
        ("http://[::1]:8000/", True),
        ("http://127.1.2.3/", True),
        ("https://manual.bank.example/ops/", False),
        ("http://10.0.0.8/", False),
        ("", False),
    ],
)
def test_loopback_addresses(url: str, loopback: bool) -> None:
    assert is_loopback(url) is loopback


def test_a_loopback_site_url_is_warned_about_except_for_serve(tmp_path: Path) -> None:
    root = copy_manual(KITCHEN_SINK, tmp_path / "ks")
    config = root / "mkdocs.yml"
    original = config.read_text("utf-8")

    def messages(url: str, *, for_serve: bool = False) -> list[str]:
        config.write_text(f"{original}\nsite_url: {url}\n", "utf-8")
        said: list[str] = []
        result = build(root, BUILD_DAY, progress=said.append, for_serve=for_serve)
        assert result.report is not None  # built (the config changed each time)
        return [m for m in said if m.startswith("warning: site_url")]

    warned = messages("http://127.0.0.1:8000/")
    assert len(warned) == 1 and "OPSMANUAL_SITE_URL" in warned[0]
    assert messages("https://manual.bank.example/ops/") == []
    assert messages("http://127.0.0.1:8000/", for_serve=True) == []
