"""The sample site as staff read it, in headless Chromium: accessibility (axe-core), tables
that fit the screen, checklists that work on a phone, citations by name."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .browser import chromium
from .jstools import axe_run, axe_summary
from .sites import build_ok, copy_sample, serve

pytestmark = [pytest.mark.browser, pytest.mark.requires_dot]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

#: one page of each type staff and trainers open
PAGE_TYPES = {
    "home": "",
    "procedure": "procedures/individual-account-opening/",
    "role": "roles/teller/",
    "control": "controls/online-id-verification/",
    "checklist": "checklists/procedures/individual-account-opening/",
    "matrix": "controls/matrix/",
    "raci": "raci/",
    "faq": "faq/individual-accounts/",
    "quiz": "training/procedures/individual-account-opening/",
    "trainer": "training/trainer/procedures/individual-account-opening/",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = copy_sample(tmp_path_factory.mktemp("reading") / "manual")
    build_ok(root)
    with serve(root / "public") as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


def open_page(browser: Any, url: str, viewport: dict[str, int]) -> Any:
    """A new tab at ``url`` with the page's scripts run (Material attaches on load)."""
    tab = browser.new_context(viewport=viewport).new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.goto(url)
    tab.wait_for_load_state("networkidle")
    assert errors == [], errors
    return tab


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_no_serious_accessibility_violation(
    browser: Any, site: str, kind: str, viewport: dict[str, int]
) -> None:
    tab = open_page(browser, site + PAGE_TYPES[kind], viewport)
    try:
        violations = axe_run(tab)
    finally:
        tab.context.close()
    serious = [v for v in violations if v.get("impact") in ("serious", "critical")]
    assert serious == [], axe_summary(serious)
