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
# //host (or \\host, /\host: browsers read a backslash as a slash) is another site, not a
# relative link: a reader would follow it to wherever the author pointed
_OTHER_SITE = re.compile(r"^[/\\]{2}|^(%5c){2}", re.IGNORECASE)
# links between the manual's own pages, resolved per page by the renderer
XREF_LINK = re.compile(rf"^({XREF_KINDS}):\S*$")


def validate_link(url: str) -> bool:
    """Whether a link target may appear in the site: http(s), mailto, relative, or by id."""
    target = url.strip()
    if _OTHER_SITE.match(target):
        return False
    return bool(_SAFE_LINK.match(target) or XREF_LINK.match(target))


def make_parser() -> MarkdownIt:
    """A new parser: CommonMark and tables, raw HTML off, unsafe links dropped."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.validateLink = validate_link  # type: ignore[method-assign]
    return md


@cache
def _parser() -> MarkdownIt:
    return make_parser()


@cache
def _permissive() -> MarkdownIt:
    """The same parser keeping every link: to find those the sanitiser drops."""
    md = make_parser()
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


def link_targets(text: str) -> tuple[str, ...]:
    """Every link target of author Markdown as the renderer sees it.

    Inline, reference and autolinks; not code spans or blocks, not images, not links
    the sanitiser drops.
    """
    return _links(_parser(), text)


def dropped_links(text: str) -> list[str]:
    """Link targets of author Markdown that the sanitiser drops (they show as text).

    ``javascript:`` and every other scheme but http(s) and mailto, and ``//host``.
    """
    return [url for url in _links(_permissive(), text) if not validate_link(url)]


@lru_cache(maxsize=16384)
def _links(parser: MarkdownIt, text: str) -> tuple[str, ...]:
    """Link targets a parser finds, each text parsed once for all the rules that ask.

    Most texts hold no link: without ``](``, ``]:`` or ``<`` (the marks every kind of link
    needs; bare addresses are not links, linkify is off) a text is not parsed at all.
    """
    if "](" not in text and "]:" not in text and "<" not in text:
        return ()
    found = []
    for token in parser.parse(text):
        for child in token.children or ():
            if child.type == "link_open":
                found.append(str(child.attrGet("href") or ""))
    return tuple(found)
