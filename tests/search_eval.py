"""Search measured as staff use it: queries typed into the site's search box in Chromium.

Each query names the page that must come in the top three. ``ranks`` types every query
into Material's search dialog of a served site and returns the rank of the expected page
among the results (``None``: not in the first ten).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

IAO = "procedures/individual-account-opening/"
CAO = "procedures/corporate-account-opening/"
#: query → the pages (site paths) a member of staff looking for it needs: one of them
#: must come in the top three
QUERIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("开户", (IAO, CAO)),
    ("个人开户", (IAO,)),
    ("对公开户", (CAO,)),
    ("企业开户", (CAO,)),
    ("反洗钱", ("roles/aml-officer/", "controls/large-suspicious-reporting/")),
    ("反洗钱岗", ("roles/aml-officer/",)),
    ("身份核验", (IAO, "controls/online-id-verification/", "controls/customer-identification/")),
    ("身分核验", (IAO, "controls/online-id-verification/", "controls/customer-identification/")),
    ("双岗复核", ("controls/dual-post-review/",)),
    ("柜员", ("roles/teller/",)),
    ("营业主管", ("roles/branch-supervisor/",)),
    ("受益所有人", ("controls/beneficial-owner-identification/",)),
    ("联网核查", ("controls/online-id-verification/",)),
    ("CP-14", ("controls/dual-post-review/",)),
    ("名单筛查", ("controls/watchlist-screening/",)),
    ("大额可疑交易报告", ("controls/large-suspicious-reporting/",)),
    ("客户信息变更", ("procedures/customer-info-change/",)),
    ("信息变更", ("procedures/customer-info-change/",)),
    ("投诉", ("procedures/customer-feedback-complaint/",)),
    ("应急预案", ("procedures/incident-emergency-response/",)),
    ("超限额", ("procedures/over-limit-approval/",)),
    ("操作权限", ("procedures/operator-permission-management/",)),
    ("上岗资格", ("procedures/staff-training-certification/",)),
    ("身份证过期", ("faq/individual-accounts/",)),
    ("定期复核", ("procedures/periodic-customer-review/",)),
    ("个人帐户", ("faq/individual-accounts/", IAO)),
)


def results(page: Any, base: str, query: str) -> list[str]:
    """The result links (site paths, anchors dropped) the search dialog shows for ``query``.

    The query is typed key by key, as a reader types it, into the search box of a freshly
    loaded home page.
    """
    page.goto(base)
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query, delay=20)
    page.wait_for_function(
        """() => {
          const meta = document.querySelector('.md-search-result__meta');
          const text = meta ? meta.textContent : '';
          return text && !['初始化', '键入', 'Initializing', 'Type to'].some(w => text.includes(w));
        }""",
        timeout=60_000,
    )
    # the worker answers each keystroke in turn: read once the answers stop changing
    read = "els => els.map(e => e.href).join(' ') + document.querySelector('.md-search-result__meta').textContent"
    last, stable = None, 0
    while stable < 3:
        page.wait_for_timeout(300)
        now = page.eval_on_selector_all(".md-search-result__item > a.md-search-result__link", read)
        stable = stable + 1 if now == last else 0
        last = now
    hrefs = page.eval_on_selector_all(
        ".md-search-result__item > a.md-search-result__link", "els => els.map(e => e.href)"
    )
    out: list[str] = []
    for href in hrefs:
        path = urlsplit(str(href)).path.removeprefix(urlsplit(base).path)
        if path not in out:
            out.append(path)
    return out


def rank(found: list[str], expected: tuple[str, ...]) -> int | None:
    """1-based rank of the first expected page among the results, or None."""
    ranks = [found.index(page) + 1 for page in expected if page in found]
    return min(ranks) if ranks else None


def ranks(page: Any, base: str) -> dict[str, int | None]:
    """The rank of each query's expected page."""
    return {q: rank(results(page, base, q), want) for q, want in QUERIES}
