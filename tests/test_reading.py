"""The sample site as staff read it, in headless Chromium: accessibility (axe-core), tables
that fit the screen, checklists that work on a phone, citations by name."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from .jstools import axe_run, axe_summary
from .sites import ARTIFACTS, build_ok, copy_sample, serve

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
    # beyond the ten: a step with a control waiver, a role's own sheet, the regulations page
    "waiver": "procedures/customer-info-security/",
    "role-checklist": "checklists/roles/post-review-officer/",
    "regulations": "guide/regulations/",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = copy_sample(tmp_path_factory.mktemp("reading") / "manual")
    build_ok(root)
    ARTIFACTS.mkdir(exist_ok=True)
    with serve(root / "public") as url:
        yield url


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


def _fits(tab: Any) -> list[str]:
    """Tables wider than their box, or reaching past the window: none should be."""
    found: list[str] = tab.evaluate(
        """() => [...document.querySelectorAll('.md-typeset table')].filter(t => {
             const box = t.parentElement.closest('.om-table-scroll, .md-typeset__scrollwrap')
               || t.parentElement;
             return t.scrollWidth > box.clientWidth + 1
               || t.getBoundingClientRect().right > document.documentElement.clientWidth + 1;
           }).map(t => `${t.className || 'table'} ${t.scrollWidth}px`)"""
    )
    return found


@pytest.mark.parametrize("path", ["controls/matrix/", "raci/"])
def test_wide_tables_show_every_column_at_1280_with_headers_that_stay(
    browser: Any, site: str, path: str
) -> None:
    tab = open_page(browser, site + path, DESKTOP)
    try:
        assert _fits(tab) == []
        heads = tab.locator(".om-wide thead tr:last-child th").all_inner_texts()
        assert len(heads) >= 15  # 17 risks, or 15 procedures
        assert all(re.search("[\u4e00-\u9fff]{2}", t) for t in heads), heads  # names, not codes
        if path == "controls/matrix/":
            assert all(re.match(r"R-\d+\s", t) for t in heads), heads  # code, then name
            rows = tab.locator(".om-matrix tbody th").all_inner_texts()
            assert len(rows) == 52 and all(re.match(r"[◆◇] CP-\d+ \S", t) for t in rows)
        border = tab.evaluate(
            "getComputedStyle(document.querySelector('.om-wide tbody td')).borderBottomWidth"
        )
        assert border == "1px"  # grid lines on screen
        tab.mouse.wheel(0, 600)  # past the top of the table (the RACI page is short)
        tab.wait_for_function("window.scrollY > 400")
        top = tab.evaluate("document.querySelector('.om-wide thead').getBoundingClientRect().top")
        header = tab.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")
        assert abs(top - header) <= 2  # the column headers stay under the site header
        tab.screenshot(path=str(ARTIFACTS / f"{path.strip('/').replace('/', '-')}-scrolled.png"))
    finally:
        tab.context.close()


def test_raci_cells_are_shaded_by_their_strongest_letter(browser: Any, site: str) -> None:
    tab = open_page(browser, site + "raci/", DESKTOP)
    try:
        shades = tab.evaluate(
            """() => Object.fromEntries([...document.querySelectorAll('.om-raci td')]
                 .filter(td => td.textContent).map(td =>
                   [td.textContent, getComputedStyle(td).backgroundColor]))"""
        )
        legend = tab.evaluate(
            """() => Object.fromEntries([...document.querySelectorAll('.om-raci-legend span')]
                 .map(s => [s.textContent[0], getComputedStyle(s).backgroundColor]))"""
        )
    finally:
        tab.context.close()
    assert set(legend) == set("ARCI") and len(set(legend.values())) == 4
    for cell, colour in shades.items():
        strongest = next(x for x in "ARCI" if x in cell.split("/"))
        assert colour == legend[strongest], (cell, colour)


def test_a_checklist_on_a_phone_is_cards_with_a_box_beside_each_line(
    browser: Any, site: str
) -> None:
    tab = open_page(browser, site + PAGE_TYPES["checklist"], PHONE)
    try:
        assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        card = tab.locator("tbody.om-ck-step").first
        assert card.evaluate("e => getComputedStyle(e).display") == "block"
        row = card.locator("tr.om-ck").first
        box = row.locator("input").bounding_box()
        label = row.locator("label").bounding_box()
        assert box and label and label["x"] > box["x"] + box["width"]  # beside, not above
        assert abs(label["y"] - box["y"]) < 12
        tab.screenshot(path=str(ARTIFACTS / "checklist-phone.png"), full_page=True)
    finally:
        tab.context.close()


@pytest.mark.parametrize("path", ["", "procedures/"])
def test_lists_of_procedures_fit_a_phone(browser: Any, site: str, path: str) -> None:
    tab = open_page(browser, site + path, PHONE)
    try:
        assert _fits(tab) == []
        assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        tab.context.close()


def test_a_citation_names_its_source_and_leads_to_its_row(browser: Any, site: str) -> None:
    tab = open_page(browser, site + PAGE_TYPES["procedure"], DESKTOP)
    try:
        link = tab.locator("#verify-identity ~ .om-flow .om-sources a").first
        title = link.get_attribute("title") or ""
        assert link.inner_text().startswith("《") and len(title) > len(link.inner_text())
        link.click()
        tab.wait_for_load_state("networkidle")
        anchor = tab.evaluate("location.hash.slice(1)")
        assert anchor and tab.locator(f"[id='{anchor}']").count() == 1
    finally:
        tab.context.close()


def test_a_printed_checklist_shows_each_check_in_full(browser: Any, site: str) -> None:
    tab = open_page(browser, site + PAGE_TYPES["checklist"], DESKTOP)
    try:
        tab.emulate_media(media="print")
        detail = tab.locator("details.om-ck-more .om-md").first
        assert detail.is_visible()  # closed on screen, open on paper
        pdf = tab.pdf(format="A4")
        assert pdf[:4] == b"%PDF"
        (ARTIFACTS / "checklist-full.pdf").write_bytes(pdf)
    finally:
        tab.context.close()
