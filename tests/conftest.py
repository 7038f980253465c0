"""Shared fixtures: small manuals written from inline YAML, and the real sample manual."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.api import SCAFFOLD_DIR, load_and_check
from generator.findings import Finding

ROOT = Path(__file__).resolve().parent.parent
KITCHEN_SINK = ROOT / "tests" / "manuals" / "kitchen-sink"
TODAY = dt.date(2026, 11, 23)

Findings = Callable[..., list[str]]


def write_manual(target: Path, files: dict[str, str], base: Path = SCAFFOLD_DIR) -> Path:
    """Copy ``base`` into ``target`` and overwrite/add ``files`` (None deletes)."""
    shutil.copytree(base, target, dirs_exist_ok=True)
    for rel, text in files.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return target


def describe(findings: list[Finding]) -> list[str]:
    """Findings as 'path:line:col CODE' strings, the form the tests assert on."""
    return [f"{f.location} {f.code}" for f in findings]


@pytest.fixture
def findings(tmp_path: Path) -> Findings:
    """Run load + check over the scaffold manual with some files replaced."""

    def run(files: dict[str, str], *, messages: bool = False, today: dt.date = TODAY) -> list[str]:
        root = write_manual(tmp_path / "manual", files)
        _manual, found = load_and_check(root, today)
        return [f.as_text() for f in found] if messages else describe(found)

    return run
