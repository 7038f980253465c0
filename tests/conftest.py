"""Shared fixtures: small manuals written from inline YAML, and the real sample manual."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.pipeline.checking import load_and_check
from generator.pipeline.generate import Generated, generate, render_site
from generator.source.findings import Finding
from generator.source.manual import Manual
from generator.source.presentation import load_presentation
from tests import rules_manual

ROOT = Path(__file__).resolve().parent.parent
KITCHEN_SINK = ROOT / "tests" / "manuals" / "kitchen-sink"
TODAY = dt.date(2026, 11, 23)

Findings = Callable[..., list[str]]
Snapshot = Callable[[str, str], None]


def write_manual(target: Path, files: dict[str, str], base: Path | None = None) -> Path:
    """Write the rule tests' manual (or copy ``base``) into ``target``, then ``files``."""
    if base is None:
        files = {**rules_manual.FILES, **files}
    else:
        shutil.copytree(base, target, dirs_exist_ok=True)
    for rel, text in files.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return target


def render_pages(root: Path, manual: Manual, today: dt.date = TODAY) -> Generated:
    """Every page of a manual without Graphviz: each chart is a placeholder SVG.

    Renderers are pure: the charts arrive drawn, so tests of pages inject them.
    """
    presentation, problems = load_presentation(root)
    assert not problems, problems
    svgs = {p.id: f'<svg class="om-chart" data-test="{p.id}"></svg>\n' for p in manual.procedures}
    return render_site(manual, presentation, today, svgs)


def draw_pages(root: Path, manual: Manual, today: dt.date = TODAY) -> Generated:
    """Every page of a manual with its charts drawn by Graphviz (tests marked requires_dot)."""
    presentation, problems = load_presentation(root)
    assert not problems, problems
    return generate(root, manual, presentation, today)


def describe(findings: list[Finding]) -> list[str]:
    """Findings as 'path:line:col CODE' strings, the form the tests assert on."""
    return [f"{f.location} {f.code}" for f in findings]


@pytest.fixture
def findings(tmp_path: Path) -> Findings:
    """Run load + check over the rule tests' manual with some files replaced."""

    def run(files: dict[str, str], *, messages: bool = False, today: dt.date = TODAY) -> list[str]:
        root = write_manual(tmp_path / "manual", files)
        _manual, found = load_and_check(root, today)
        return [f.as_text() for f in found] if messages else describe(found)

    return run


SNAPSHOTS = ROOT / "tests" / "snapshots"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-snapshots",
        action="store_true",
        help="Rewrite tests/snapshots from the current output.",
    )


@pytest.fixture
def snapshot(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Compare text with tests/snapshots/<name>; --update-snapshots rewrites it."""
    update = bool(request.config.getoption("--update-snapshots"))

    def compare(name: str, text: str) -> None:
        path = SNAPSHOTS / name
        if update or not path.exists():
            if not update:
                pytest.fail(f"snapshot {name} is missing: run pytest --update-snapshots")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return
        expected = path.read_text(encoding="utf-8")
        if text != expected:
            import difflib

            diff = "".join(
                difflib.unified_diff(
                    expected.splitlines(keepends=True),
                    text.splitlines(keepends=True),
                    "snapshot",
                    "now",
                    n=2,
                )
            )
            pytest.fail(
                f"{name} differs from its snapshot (pytest --update-snapshots to accept):\n{diff[:6000]}"
            )

    return compare


def copy_manual(source: Path, target: Path) -> Path:
    """Copy a manual without its generated folders."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("site", "public", ".cache"))
    return target


def with_settings(root: Path, extra: str) -> Path:
    """Append YAML lines to a manual's opsmanual.yml; returns the file."""
    settings = root / "opsmanual.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return settings


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium for the browser tests of one module (launched when asked for)."""
    from tests.browser import chromium

    with chromium() as launched:
        yield launched
