"""Links resolve: links by id in Markdown fields and hand-written pages, pages in settings.

Layer: rules. Links are found as the renderer finds them (``source.markdown`` for
fields, ``source.pages`` for hand-written pages), so what passes here is what a reader
gets: a link by id that points at nothing stops the build before it is published.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Iterator

from generator.source import addresses
from generator.source.findings import Finding, Location
from generator.source.manual import Manual
from generator.source.markdown import dropped_links, link_targets
from generator.source.pages import file_targets as page_file_targets
from generator.source.pages import link_targets as page_link_targets
from generator.source.xrefs import XREF_SCHEME, markdown_texts, unresolved, xref

_ABSOLUTE = re.compile(r"^([a-zA-Z][\w+.-]*:|#)")


def markdown_links_resolve(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """Links by id in Markdown fields point at something that exists."""
    for obj, name, text in markdown_texts(manual):
        for target in link_targets(text):
            if XREF_SCHEME.match(target) and xref(manual, target) is None:
                yield Finding(manual.where(obj, name), "E021", unresolved(target, name))


def markdown_links_absolute(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """No relative links (they break on pages at other depths), no links that are dropped."""
    for obj, name, text in markdown_texts(manual):
        for target in dropped_links(text):
            yield Finding(
                manual.where(obj, name),
                "W063",
                f"link '{target}' in '{name}' will not be a link on the site (it shows as "
                "text): links go to https://, http:// or mailto: addresses written in full, "
                "or by id (procedure:ID, role:ID …)",
            )
        for target in link_targets(text):
            if not XREF_SCHEME.match(target) and not _ABSOLUTE.match(target):
                yield Finding(
                    manual.where(obj, name),
                    "W063",
                    f"relative link '{target}' in '{name}' will not resolve on the site: "
                    "write procedure:ID, procedure:ID#step, role:ID, control:ID, risk:ID, "
                    "faq:ID or a full https:// address",
                )


def page_links_resolve(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """Links by id in hand-written pages point at something that exists."""
    for page in manual.pages:
        for line, col, target in page_link_targets(page.text):
            if xref(manual, target) is None:
                yield Finding(Location(page.path, line, col), "E021", unresolved(target))


def page_files_exist(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """A hand-written page links only to pages and images the site has (MkDocs --strict).

    Checked where the answer is certain: another hand-written page (``other.md``, in
    ``guide/``) and an image, which the site has only among the assets.
    """
    pages = {page.site_path for page in manual.pages}
    for page in manual.pages:
        for line, col, target, image in page_file_targets(page.text):
            path = posixpath.normpath(posixpath.join("guide", target.split("#")[0].split("?")[0]))
            missing_page = path.startswith("guide/") and path.endswith(".md") and path not in pages
            if missing_page or (image and not path.startswith("assets/")):
                what = "image" if image else "page"
                yield Finding(
                    Location(page.path, line, col),
                    "E025",
                    f"{what} '{target}' is not in the site ({path}): MkDocs refuses the build; "
                    + (
                        "put images in templates/assets/ and write ../assets/<name>"
                        if image
                        else "link a hand-written page by its file name (other.md), or by id"
                    ),
                )


def source_pages_exist(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """A provenance code's ``page`` in opsmanual.yml is a page of the site."""
    known = addresses.reference_pages(manual)
    for code, label in sorted(manual.settings.sources.items()):
        target = (label.page or "").partition("#")[0]
        if label.page and target not in known:
            yield Finding(
                manual.where(label, "page"),
                "E022",
                f"sources {code} links to '{target}', which is not a page of the site: name "
                "a generated page (e.g. controls/matrix.md) or a hand-written one "
                "(templates/pages/x.md is guide/x.md)",
            )
