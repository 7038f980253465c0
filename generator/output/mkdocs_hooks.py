"""MkDocs hooks the generator adds to every manual's configuration: conveniences only.

Layer: output; runs inside MkDocs, after the generator wrote the pages. The manual's
mkdocs.yml does not name this file: ``output.mkdocs.with_hooks`` appends it to the hooks
the manual may have. Nothing here is needed for safety — the escaping of page titles is
a step of our own over the built HTML (``output.safety``), so it holds on any engine. The
hooks make builds incremental (``output.incremental``), tune the search index
(``output.search_tuning``) and keep jieba's log quiet; on an engine that ignores hooks the
site is the same but for search ranking, only built from scratch each time.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from mkdocs.plugins import event_priority

from generator.output import incremental, search_tuning


def on_config(config: Any) -> Any:
    """Keep the log of jieba (Chinese search) loading its dictionary out of the output."""
    with contextlib.suppress(ImportError):
        import jieba

        jieba.setLogLevel(logging.WARNING)
    return config


def on_files(files: Any, config: Any) -> Any:
    """Decide, by content, which pages and files this build writes again."""
    session = incremental.ACTIVE
    if session is not None:
        incremental.decide(session, files, config)
    return files


def on_page_context(context: Any, page: Any, config: Any, nav: Any) -> Any:
    """Keep the search entries the search plugin just made for this page (it ran first)."""
    session, index = incremental.ACTIVE, _search_index(config)
    if session is not None and index is not None:
        session.entries[page.url] = {
            "hash": session.hashes[page.file.src_uri],
            "entries": index.entries[session.mark :],
        }
        session.mark = len(index.entries)
    return context


def on_post_page(output: str, page: Any, config: Any) -> str:
    """Mark the page with what it was built from, so the next build can keep it."""
    session = incremental.ACTIVE
    if session is None:
        return output
    session.rebuilt.append(page.file.src_uri)
    return output.replace("<head>", "<head>\n" + session.meta(page.file.src_uri), 1)


@event_priority(100)  # before the search plugin writes the index
def on_post_build(config: Any) -> None:
    """The search index holds every page's entries, in page order, built again or not."""
    session, index = incremental.ACTIVE, _search_index(config)
    if session is not None and index is not None:
        index.entries = list(incremental.ordered_entries(session))
    if index is not None:
        index.entries = search_tuning.tune(index.entries)


def _search_index(config: Any) -> Any:
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    return getattr(plugin, "search_index", None)
