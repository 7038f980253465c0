"""Author Markdown as the site reads it: one parser configuration, and the links it finds.

Layer: source. The renderer (``render.templating``) sanitises and renders Markdown fields
with a parser made by ``make_parser``; the rules find links with the same configuration,
so a link the rules check is exactly a link the reader gets: reference links and
autolinks count, code spans and images do not, and links the sanitiser drops are gone.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from markdown_it import MarkdownIt

from generator.source.xrefs import XREF_KINDS

_SAFE_LINK = re.compile(r"^(https?:|mailto:|[^:]*$)", re.IGNORECASE)
# links between the manual's own pages, resolved per page by the renderer
XREF_LINK = re.compile(rf"^({XREF_KINDS}):\S*$")


def validate_link(url: str) -> bool:
    """Whether a link target may appear in the site: http(s), mailto, relative, or by id."""
    return bool(_SAFE_LINK.match(url.strip()) or XREF_LINK.match(url.strip()))


def make_parser() -> MarkdownIt:
    """A new parser: CommonMark and tables, raw HTML off, unsafe links dropped."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.validateLink = validate_link  # type: ignore[method-assign]
    return md


@cache
def _parser() -> MarkdownIt:
    return make_parser()


@lru_cache(maxsize=8192)
def link_targets(text: str) -> tuple[str, ...]:
    """Every link target of author Markdown as the renderer sees it.

    Inline, reference and autolinks; not code spans or blocks, not images, not links
    the sanitiser drops. Most texts hold no link: without ``](``, ``]:`` or ``<`` (the
    marks every kind of link needs; bare addresses are not links, linkify is off) the
    text is not parsed at all, and a text is parsed once for all the rules that ask.
    """
    if "](" not in text and "]:" not in text and "<" not in text:
        return ()
    found = []
    for token in _parser().parse(text):
        for child in token.children or ():
            if child.type == "link_open":
                found.append(str(child.attrGet("href") or ""))
    return tuple(found)
