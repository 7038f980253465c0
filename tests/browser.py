"""Headless Chromium (Debian's /usr/bin/chromium) driven by Playwright, for browser tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextmanager
def chromium() -> Iterator[Any]:
    """A launched browser; Playwright never downloads one (there is no network here)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def watched_page(
    browser: Any, width: int = 1280, height: int = 900, origin: str | None = None
) -> Iterator[Any]:
    """A new tab that fails the test when it closes if a script of the page raised.

    With ``origin``: also if the page asked for anything outside it but ``data:`` and
    ``blob:`` addresses (the site must load nothing from elsewhere).
    """
    context = browser.new_context(viewport={"width": width, "height": height})
    tab = context.new_page()
    errors: list[str] = []
    outside: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    if origin is not None:
        own = (origin, "data:", "blob:")
        tab.on("request", lambda r: None if r.url.startswith(own) else outside.append(r.url))
    yield tab
    context.close()
    assert errors == [], errors
    assert outside == [], outside
