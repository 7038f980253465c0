"""The built site in a real headless Chromium: charts, search, checklists, safety, print."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from .browser import watched_page
from .conftest import KITCHEN_SINK, copy_manual, with_settings
from .sites import ARTIFACTS, build_ok, copy_sample, serve

pytestmark = [pytest.mark.browser, pytest.mark.requires_dot]  # they drive a built site


@pytest.fixture(scope="module")
def sample_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = copy_sample(tmp_path_factory.mktemp("sample") / "manual")
    build_ok(root)
    with serve(root / "public") as url:
        yield url


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    with watched_page(browser, 1400, 1000) as tab:
        yield tab


def shot(page: Any, name: str, *, full: bool = False) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full)


def test_procedure_chart_node_links_to_its_step(page: Any, sample_url: str) -> None:
    page.goto(sample_url + "procedures/individual-account-opening/")
    chart = page.locator("svg.om-chart")
    assert chart.count() == 1
    assert chart.get_attribute("role") == "img"
    lanes = page.locator("svg.om-chart rect.om-lane")
    assert lanes.count() == 5
    shot(page, "procedure-individual-account-opening", full=True)
    page.locator("#node-verify-identity a").first.click()
    page.wait_for_function("location.hash === '#verify-identity'")
    top = page.evaluate("document.getElementById('verify-identity').getBoundingClientRect().top")
    assert 0 <= top < 400  # scrolled to the step


def test_a_wide_chart_on_a_phone_can_be_fitted_and_restored(page: Any, sample_url: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(sample_url + "procedures/individual-account-opening/")
    button = page.locator("[data-om-fit]")
    scroll = page.locator(".om-chart-scroll")
    width = "document.querySelector('svg.om-chart').getBoundingClientRect().width"
    natural = page.evaluate(width)
    assert button.is_visible() and natural > 390
    button.click()
    assert button.get_attribute("aria-pressed") == "true" and button.inner_text() == "原始大小"
    box = scroll.bounding_box()
    assert box and abs(page.evaluate(width) - box["width"]) <= 3  # the whole chart is in view
    shot(page, "chart-fitted-phone")
    button.click()
    assert page.evaluate(width) == natural and button.inner_text() == "缩放至页面宽度"
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(sample_url + "procedures/customer-info-change/")  # fits: no button
    assert not page.locator("[data-om-fit]").is_visible()


def test_chinese_search_finds_dual_review(page: Any, sample_url: str) -> None:
    page.goto(sample_url)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").fill("双岗复核")
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15000)
    hrefs = [a.get_attribute("href") or "" for a in page.locator(".md-search-result__link").all()]
    shot(page, "search-dual-review")
    assert any("dual-post-review" in h or "second-confirmation" in h for h in hrefs), hrefs


def test_checklist_tick_survives_reload_and_reset_clears(page: Any, sample_url: str) -> None:
    page.goto(sample_url + "checklists/procedures/individual-account-opening/")
    box = page.locator("input[data-om-item='verify-identity#1']")
    box.check()
    page.reload()
    box = page.locator("input[data-om-item='verify-identity#1']")
    assert box.is_checked()
    key = page.locator("[data-om-checklist]").get_attribute("data-om-checklist")
    assert key is not None and re.fullmatch(
        r"opsmanual:individual-account-opening@\d+\.\d+\.\d+", key
    )
    shot(page, "checklist-ticked")
    page.locator("[data-om-reset]").click()
    assert not box.is_checked()
    page.reload()
    assert not page.locator("input[data-om-item='verify-identity#1']").is_checked()


def test_print_of_a_checklist_hides_navigation(page: Any, sample_url: str) -> None:
    page.goto(sample_url + "checklists/procedures/individual-account-opening/")
    page.emulate_media(media="print")
    assert not page.locator(".md-header").is_visible()
    assert not page.locator(".md-sidebar--primary").is_visible()
    assert page.locator(".om-signoff").is_visible()
    assert page.locator(".om-print-only").first.is_visible()
    shot(page, "checklist-print", full=True)
    pdf = page.pdf(format="A4")
    assert pdf[:4] == b"%PDF"
    (ARTIFACTS / "checklist.pdf").write_bytes(pdf)


@pytest.mark.parametrize("path", ["controls/matrix/", "raci/"])
def test_wide_tables_print_on_landscape_pages_whole(page: Any, sample_url: str, path: str) -> None:
    page.goto(sample_url + path)
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 1123, "height": 794})  # A4 landscape at 96 dpi
    table = page.locator(".om-wide table")
    box, last = table.bounding_box(), table.locator("thead th").last.bounding_box()
    assert box and last and last["x"] + last["width"] <= 1123  # the last column is on the page
    assert page.locator(".om-actions").first.is_hidden()
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    sizes = set(re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf))
    assert sizes and all(float(w) > float(h) for w, h in sizes), sizes  # every page landscape
    (ARTIFACTS / f"{path.strip('/').replace('/', '-')}.pdf").write_bytes(pdf)


INJECTIONS = {
    "Open a personal account": "<script>window.__pwned=1</script>Open {{ 7*7 }}",
    "Receive the application": '<img id="pwned" src=x onerror="window.__pwned=2">Receive',
    "Open a personal account for a **verified** customer.": (
        "[click me](javascript:window.__pwned=3) <b id='pwned-b'>x</b> <script>alert(1)</script>"
    ),
    "Verify identity": 'Verify {: onclick="window.__pwned=4" #pwned-h }',
    "Teller is certified": '"><svg onload=window.__pwned=5>',
}


@pytest.fixture(scope="module")
def injected_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = copy_manual(KITCHEN_SINK, tmp_path_factory.mktemp("inject") / "ks")
    path = root / "procedures/account-opening.yml"
    text = path.read_text(encoding="utf-8")
    for old, new in INJECTIONS.items():
        assert old in text
        quoted = new.replace("\\", "\\\\").replace('"', '\\"')
        text = text.replace(old, f'"{quoted}"', 1)
    path.write_text(text, encoding="utf-8")
    role = root / "roles/teller.yml"
    role.write_text(
        role.read_text(encoding="utf-8").replace(
            "name: Teller",
            'name: "</title><script>window.__pwned=6</script><i id=pwned-r>Teller</i>"',
        ),
        encoding="utf-8",
    )
    with_settings(root, "training: {trainer_pages: true}\n")  # a trainer build: its pages too
    build_ok(root)
    with serve(root / "public") as url:
        yield url


@pytest.mark.parametrize(
    "path",
    [
        "procedures/account-opening/",
        "roles/teller/",
        "checklists/procedures/account-opening/",
        "",
        "training/procedures/account-opening/",
        "training/roles/teller/",
        "training/trainer/procedures/account-opening/",
        "checklists/roles/teller/",
        "training/trainer/roles/teller/",
        "training/exams/teller/",
    ],
)
def test_injected_author_text_runs_no_script(page: Any, injected_url: str, path: str) -> None:
    dialogs: list[str] = []

    def dismiss(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.goto(injected_url + path)
    page.wait_for_timeout(300)
    for node in page.locator("#node-verify-identity a, a[href^='javascript']").all():
        node.click(no_wait_after=True) if node.get_attribute("href", timeout=1000) else None
    for question in page.locator(".om-q:not([hidden])").all():  # quiz feedback is script-built
        if question.locator("input[type=radio]").count():
            question.locator("input[type=radio]").first.check()
        if question.locator("[data-om-check]").count():
            question.locator("[data-om-check]").click()
    assert page.evaluate("window.__pwned") is None
    assert dialogs == []
    for element in ("pwned", "pwned-b", "pwned-h", "pwned-r"):
        assert page.locator(f"#{element}").count() == 0
    assert page.locator("[onclick], [onerror], [onload]").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    if "procedures/" in path:  # the injected title is shown, as text
        assert "{{ 7*7 }}" in page.content()
    if "roles/" in path:  # Material's <title> un-escapes entities (mkdocs_hooks.py)
        assert "</title><script>" in page.title()
    if path.startswith("procedures"):
        shot(page, "injection-procedure", full=True)
