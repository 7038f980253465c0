"""Safety of the built site, enforced by a step of our own over the built HTML.

Layer: output. Site engines write page titles into ``<title>``; Material writes
``{{ page.title | striptags }}``, and ``striptags`` turns the entities of an escaped
title back into markup: a role named ``</title><script>…`` would run as script. This step
knows every title the generator gave the engine (navigation titles and page headings);
wherever one that holds markup characters stands raw right after ``<title>``, it is
replaced by its escaped form. It reads only the built files, so the protection holds
whatever engine built them (MkDocs, ProperDocs, a theme's own ``main.html``).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from generator.output.files import write_file

_MARKUP = ("<", ">", "&", '"')


def risky_titles(nav: Any, headings: Iterable[str]) -> tuple[str, ...]:
    """The titles, as plain text, that an engine writing them raw would turn into markup.

    ``nav`` is the navigation given to the engine (titles HTML-escaped); ``headings`` the
    pages' first headings as plain text. Longest first: a title that contains another is
    replaced whole.
    """
    plain = {html.unescape(t) for t in _nav_titles(nav)} | set(headings)
    # engines may fold white space (Material's striptags does): both forms are looked for
    found = plain | {" ".join(t.split()) for t in plain}
    return tuple(sorted((t for t in found if any(c in t for c in _MARKUP)), key=len, reverse=True))


def _nav_titles(nav: Any) -> Iterator[str]:
    if isinstance(nav, list):
        for item in nav:
            yield from _nav_titles(item)
    elif isinstance(nav, dict):
        for title, value in nav.items():
            yield str(title)
            yield from _nav_titles(value)


def escape_titles(site_dir: Path, pages: Iterable[Path], titles: tuple[str, ...]) -> list[str]:
    """Escape every raw risky title in the ``<title>`` of ``pages``; the pages changed."""
    if not titles:
        return []
    changed = []
    for path in pages:
        text = path.read_text(encoding="utf-8")
        fixed = escape_title(text, titles)
        if fixed != text:
            write_file(path, fixed.encode("utf-8"))
            changed.append(path.relative_to(site_dir).as_posix())
    return changed


def escape_title(document: str, titles: tuple[str, ...]) -> str:
    """``document`` with a raw risky title after its ``<title>`` escaped."""
    start = document.find("<title>")
    if start < 0:
        return document
    at = start + len("<title>")
    for title in titles:
        if document.startswith(title, at):
            return document[:at] + html.escape(title, quote=False) + document[at + len(title) :]
    return document
