"""Every page of a site whose every author-text field is an attack, run in Chromium (issue 17).

The attacks (``tests/hostile_manual.py``) try a script element, an image's ``onerror``, an
SVG's ``onload``, ``javascript:`` and ``//evil.example`` links and an attr_list
``onclick``: on no page may a dialog open, ``window.__pwned`` be set, an injected element
exist or a link lead off the site. The printed quiz sheet and its key are opened too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.quiz.bank import build_bank
from generator.render.quizformats import FORMATS
from generator.render.quizformats.common import Kit, make_quiz
from generator.render.templating import environment
from generator.source.loader import load_manual
from generator.source.messages import translator
from generator.source.presentation import load_presentation

from .hostile_manual import hostile_manual
from .sites import build_ok, serve

pytestmark = [pytest.mark.browser, pytest.mark.requires_dot]

PROBE = """() => ({
  pwned: window.__pwned === undefined ? null : String(window.__pwned),
  injected: document.querySelectorAll('#pwned, #pwned-h').length
    + [...document.scripts].filter(s => s.textContent.includes('__pwned')
        && s.type !== 'application/json').length,
  handlers: document.querySelectorAll('[onerror], [onload], [onclick], [onmouseover]').length,
  offsite: [...document.querySelectorAll('a[href], img[src]')].map(e => e.getAttribute('href') ?? e.getAttribute('src'))
    .filter(u => /^\\s*(javascript:|data:|vbscript:|\\/\\/|[a-z]+:\\/\\/evil)/i.test(u)),
})"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = hostile_manual(tmp_path_factory.mktemp("hostile-site") / "ks")
    build_ok(root)
    return root


def visit(browser: Any, url: str) -> dict[str, Any]:
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []

    def dismiss(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.route(
        "**/*",
        lambda route: route.abort() if "evil.example" in route.request.url else route.continue_(),
    )
    page.goto(url)
    page.wait_for_timeout(150)  # let an injected onerror or onload fire, if any
    for question in page.locator(".om-q:not([hidden])").all()[:3]:  # feedback is script-built
        if question.locator("input[type=radio]").count():
            question.locator("input[type=radio]").first.check()
        if question.locator("[data-om-check]").count():
            question.locator("[data-om-check]").click()
    found = dict(page.evaluate(PROBE))
    found["dialogs"] = dialogs
    context.close()
    return found


CLEAN: dict[str, Any] = {"pwned": None, "injected": 0, "handlers": 0, "offsite": [], "dialogs": []}


def test_no_page_of_the_site_runs_an_attack(site: Path, browser: Any) -> None:
    pages = sorted((site / "public").rglob("index.html"))
    assert len(pages) > 30
    dirty = {}
    with serve(site / "public") as url:
        for path in pages:
            rel = path.parent.relative_to(site / "public").as_posix()
            found = visit(browser, url + ("" if rel == "." else rel + "/"))
            if found != CLEAN:
                dirty[rel] = found
    assert dirty == {}


def test_the_printed_quiz_runs_no_attack(site: Path, browser: Any, tmp_path: Path) -> None:
    manual, _findings = load_manual(site)
    assert manual is not None
    t = translator(manual.settings.language.value)
    quiz = make_quiz(manual, build_bank(manual, t), "<script>window.__pwned=9</script>", 1)
    presentation, _ = load_presentation(site)
    sheets = FORMATS["html"](
        quiz, Kit(t, environment(manual.settings.language.value, presentation))
    )
    for suffix, data in sheets.items():
        target = tmp_path / f"quiz{suffix}"
        target.write_bytes(data)
        assert visit(browser, target.as_uri()) == CLEAN, suffix
