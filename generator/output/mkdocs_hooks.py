"""MkDocs hooks the generator adds to every manual's configuration (build and serve).

Layer: output; runs inside MkDocs, after the generator wrote site/. The manual's
mkdocs.yml does not name this file: ``build.with_hooks`` appends it to the ``hooks``
the manual may have, so the protection holds whatever mkdocs.yml says, a theme
``custom_dir`` with its own ``main.html`` included.
"""

from __future__ import annotations

import contextlib
import html
import logging
from typing import Any

from markupsafe import Markup


def on_config(config: Any) -> Any:
    """Keep the log of jieba (Chinese search) loading its dictionary out of the output."""
    with contextlib.suppress(ImportError):
        import jieba

        jieba.setLogLevel(logging.WARNING)
    return config


def on_post_page(output: str, page: Any, config: Any) -> str:
    """Escape the page's ``<title>``, which Material writes unescaped.

    Material writes ``{{ page.title | striptags }}``, and ``striptags`` turns the
    entities of an escaped title back into markup: a role named ``</title><script>…``
    would run as script. The title Material wrote is found exactly as it wrote it and
    replaced by its escaped form (a custom ``main.html`` keeps working).
    """
    site = str(config["site_name"])
    written = [str(Markup(page.title).striptags())] if page.title else []
    if page.meta and page.meta.get("title"):
        written.insert(0, str(page.meta["title"]))
    for text in written:
        raw = f"<title>{text} - {site}</title>"
        if raw in output:
            return output.replace(
                raw, f"<title>{html.escape(text, quote=False)} - {site}</title>", 1
            )
    return output
