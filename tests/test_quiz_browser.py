"""The quiz page in headless Chromium: feedback, score, exam mode, attempts, instant navigation."""

from __future__ import annotations

import functools
import http.server
import shutil
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from .browser import watched_page
from .quiz_manual import knowledge_sink
from .sites import build_ok

KITCHEN_SINK = knowledge_sink()  # the kitchen sink with facts, a case and an exam

pytestmark = [pytest.mark.browser, pytest.mark.requires_dot]  # they drive a built site

QUIZ = "training/procedures/account-opening/"
VISIBLE = ".om-q:not([hidden])"


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("quiz-site") / "ks"
    shutil.copytree(KITCHEN_SINK, root, ignore=shutil.ignore_patterns("site", "public", ".cache"))
    # Material's instant navigation takes the internal links from sitemap.xml, whose URLs
    # come from site_url; it maps their host onto the page's but keeps their port, so the
    # site is built for the very port it is served on.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    config = root / "mkdocs.yml"
    config.write_text(f"site_url: {url}\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    build_ok(root)
    handler = functools.partial(Quiet, directory=str(root / "public"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


@pytest.fixture
def page(browser: Any, site_url: str) -> Iterator[Any]:
    with watched_page(browser, 1440, 900, origin=site_url) as tab:
        yield tab


def open_quiz(page: Any, site_url: str) -> None:
    page.goto(site_url + QUIZ)
    page.wait_for_selector("[data-om-bar]:not([hidden])")


def visible_ids(page: Any) -> list[str]:
    ids = page.eval_on_selector_all(VISIBLE, "els => els.map(e => e.id)")
    return [str(i) for i in ids]


def single(page: Any, index: int = 0) -> Any:
    return page.locator(f'{VISIBLE}[data-om-form="single"]').nth(index)


def test_answer_right_and_wrong_shows_feedback_and_score(page: Any, site_url: str) -> None:
    open_quiz(page, site_url)
    assert len(visible_ids(page)) == 10
    assert page.locator("[data-om-attempt]").inner_text() == "Attempt 1"
    first = single(page, 0)
    first.locator("input[data-om-correct]").check()
    first.locator("[data-om-check]").click()
    feedback = first.locator("[data-om-feedback]")
    assert feedback.is_visible()
    assert feedback.inner_text().startswith("✔ Right")
    link = feedback.locator("a")
    assert "/procedures/account-opening/#" in link.get_attribute(
        "href"
    ) or "/controls/" in link.get_attribute("href")
    assert first.locator("input[type=radio]").first.is_disabled()  # no second try after checking
    second = single(page, 1)
    second.locator("input[type=radio]:not([data-om-correct])").first.check()
    second.locator("[data-om-check]").click()
    assert second.locator("[data-om-feedback]").inner_text().startswith("✘ Wrong")
    assert second.locator(".om-q-row.om-right").count() == 1
    assert second.locator(".om-q-row.om-wrong").count() == 1
    assert page.locator("[data-om-progress]").inner_text() == "2 of 10 answered, 1 right"


def test_check_without_an_answer_asks_for_one(page: Any, site_url: str) -> None:
    open_quiz(page, site_url)
    question = single(page, 0)
    question.locator("[data-om-check]").click()
    assert question.locator("[data-om-feedback]").inner_text() == "Pick an answer first."
    assert not question.locator("input[type=radio]").first.is_disabled()


def test_exam_mode_shows_nothing_until_submit(page: Any, site_url: str) -> None:
    open_quiz(page, site_url)
    page.locator("[data-om-exam]").check()
    assert page.locator("[data-om-attempt]").inner_text() == "Attempt 2 · exam mode"
    assert page.locator(f"{VISIBLE} [data-om-check]:visible").count() == 0
    for i in range(3):
        single(page, i).locator("input[data-om-correct]").check()
    assert page.locator(f"{VISIBLE} [data-om-feedback]:visible").count() == 0
    assert page.locator(".om-q-row.om-right").count() == 0
    assert not page.locator("[data-om-result]").is_visible()
    assert "the score appears when you submit" in page.locator("[data-om-progress]").inner_text()
    # 7 of 10 unanswered: submitting asks first; "keep answering" goes back to the first
    page.locator("[data-om-submit]").click()
    confirm = page.locator("[data-om-confirm]")
    assert confirm.is_visible() and confirm.inner_text().startswith("7 questions are not answered")
    assert not page.locator("[data-om-result]").is_visible()
    page.locator("[data-om-confirm-no]").click()
    assert not confirm.is_visible() and page.locator("[data-om-submit]").is_visible()
    page.locator("[data-om-submit]").click()
    page.locator("[data-om-confirm-yes]").click()
    result = page.locator("[data-om-result]")
    assert result.is_visible() and result.inner_text().startswith("Score: ")
    score = int(result.inner_text().split(": ")[1].split(" / ")[0])
    assert 3 <= score <= 10 and "/ 10 questions" in result.inner_text()
    # the score is at the top: above the first question, and in view
    first = page.locator(VISIBLE).first.bounding_box()
    assert result.bounding_box()["y"] < first["y"]
    assert page.evaluate("document.activeElement.hasAttribute('data-om-result')")
    assert page.locator(f"{VISIBLE} [data-om-feedback]:visible").count() == 10  # the answer sheet
    assert page.locator("[data-om-submit]").is_hidden()


def test_a_role_exam_attempt_is_marked_against_the_pass_mark(page: Any, site_url: str) -> None:
    page.goto(site_url + "training/roles/teller/")
    page.wait_for_selector("[data-om-bar]:not([hidden])")
    page.locator("[data-om-exam]").check()
    items = page.locator(VISIBLE)
    for i in range(items.count()):  # every answer wrong, or left out
        wrong = items.nth(i).locator("input[type=radio]:not([data-om-correct])")
        if wrong.count():
            wrong.first.check()
    page.locator("[data-om-submit]").click()
    if page.locator("[data-om-confirm]").is_visible():
        page.locator("[data-om-confirm-yes]").click()
    result = page.locator("[data-om-result]")
    assert "Pass mark 80: not passed" in result.inner_text(), result.inner_text()
    assert "om-failed" in (result.get_attribute("class") or "")


def test_new_attempt_draws_another_sample_and_order(page: Any, site_url: str) -> None:
    open_quiz(page, site_url)
    first = visible_ids(page)
    single(page, 0).locator("input[data-om-correct]").check()
    page.locator("[data-om-new]").click()
    second = visible_ids(page)
    assert len(second) == 10 and second != first
    assert page.locator("[data-om-attempt]").inner_text() == "Attempt 2"
    assert page.locator(f"{VISIBLE} input:checked").count() == 0


def test_options_are_reshuffled_between_attempts(page: Any, site_url: str) -> None:
    open_quiz(page, site_url)
    orders = set()
    for _ in range(4):
        for qid in visible_ids(page):
            texts = page.locator(f"#{qid} .om-q-row").all_inner_texts()
            if len(texts) == 4:
                orders.add((qid, tuple(texts)))
        page.locator("[data-om-new]").click()
    by_question: dict[str, set[tuple[str, ...]]] = {}
    for qid, texts in orders:
        by_question.setdefault(qid, set()).add(texts)
    assert any(len(v) > 1 for v in by_question.values())


def test_progress_survives_a_reload(page: Any, site_url: str) -> None:
    open_quiz(page, site_url)
    page.locator("[data-om-new]").click()
    ids = visible_ids(page)
    question = single(page, 0)
    qid = question.get_attribute("id")
    question.locator("input[data-om-correct]").check()
    question.locator("[data-om-check]").click()
    page.reload()
    page.wait_for_selector("[data-om-bar]:not([hidden])")
    assert visible_ids(page) == ids
    assert page.locator("[data-om-attempt]").inner_text() == "Attempt 2"
    assert page.locator(f"#{qid} input[data-om-correct]").is_checked()
    assert page.locator(f"#{qid} [data-om-feedback]").inner_text().startswith("✔ Right")


def test_keyboard_only(page: Any, site_url: str) -> None:
    open_quiz(page, site_url)
    question = single(page, 0)
    question.locator("input[type=radio]").first.focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    for _ in range(6):  # tab past the group to the question's Check button
        if page.evaluate("document.activeElement.hasAttribute('data-om-check')"):
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert question.locator("[data-om-feedback]").is_visible()
    assert question.locator("[data-om-feedback]").get_attribute("role") == "status"
    assert question.locator("legend").inner_text()


def test_works_after_instant_navigation(page: Any, site_url: str) -> None:
    page.goto(site_url)
    # Material intercepts a click only once it has read sitemap.xml: a click before that
    # is an ordinary page load, and the test would race the fetch
    page.wait_for_load_state("networkidle")
    page.evaluate("window.__sameDocument = true")
    page.locator("a.md-tabs__link", has_text="Training & quizzes").click()
    page.wait_for_url("**/training/")
    page.wait_for_load_state("networkidle")
    page.locator("article a", has_text="Open a personal account").first.click()
    page.wait_for_url("**/" + QUIZ)
    page.wait_for_selector("[data-om-bar]:not([hidden])")
    assert page.evaluate("window.__sameDocument === true")  # no page load happened
    question = single(page, 0)
    question.locator("input[data-om-correct]").check()
    question.locator("[data-om-check]").click()
    assert question.locator("[data-om-feedback]").inner_text().startswith("✔ Right")


def test_without_script_the_page_is_a_readable_quiz(browser: Any, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(site_url + QUIZ)
    questions = tab.locator(".om-q")
    assert questions.count() > 20 and tab.locator(".om-q[hidden]").count() == 0
    answer = questions.first.locator("details")
    answer.locator("summary").click()
    assert answer.locator("a").is_visible()
    context.close()
