"""Search that ranks, measured in real Chromium on the built sample site.

Each query of ``search_eval.QUERIES`` (more than twenty, as staff type them: procedure,
role and control names, codes, variant spellings) must bring one of its pages into the
top three results of the site's own search box. A result followed carries the whole
query to the page it opens, which highlights it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .browser import chromium
from .search_eval import QUERIES, rank, results
from .sites import build_ok, copy_sample, serve

pytestmark = [pytest.mark.browser, pytest.mark.requires_dot]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Any]]:
    root = copy_sample(tmp_path_factory.mktemp("search") / "manual")
    build_ok(root)
    with serve(root / "public") as url, chromium() as browser:
        page = browser.new_page()
        yield url, page


def test_there_are_enough_queries() -> None:
    assert len(QUERIES) >= 20


@pytest.mark.parametrize(("query", "expected"), QUERIES, ids=[q for q, _ in QUERIES])
def test_the_page_sought_is_in_the_top_three(
    site: tuple[str, Any], query: str, expected: tuple[str, ...]
) -> None:
    base, page = site
    found = results(page, base, query)
    place = rank(found, expected)
    assert place is not None and place <= 3, (query, found[:5])


def test_a_result_followed_highlights_the_whole_query(site: tuple[str, Any]) -> None:
    base, page = site
    results(page, base, "身份核验")
    page.locator(".md-search-result__link").first.click()
    page.wait_for_url("**h=*")
    assert "h=%E8%BA%AB%E4%BB%BD%E6%A0%B8%E9%AA%8C" in page.url or "h=身份核验" in page.url
