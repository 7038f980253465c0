"""Hand-written pages (``templates/pages/*.md``): read as source, scanned for links by id.

Layer: source. A page is Markdown that is also a Jinja template (it may use ``t`` and
``today``); it is published as ``guide/<name>``. The rules check its links by id
(``procedure:ID#step``, ``role:ID`` …) at their line and column, and the renderer
resolves the same links, found the same way, into URLs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from generator.source import characters
from generator.source.findings import Finding, Location
from generator.source.models import ID_PATTERN, RESERVED_NAMES
from generator.source.xrefs import XREF_KINDS

PAGES_DIR = "templates/pages"
_PAGE_NAME = re.compile(ID_PATTERN.removesuffix("$") + r"\.md$")
#: a link by id in an inline link ``](procedure:…)`` or a definition ``[x]: role:…``
_PAGE_XREF = re.compile(rf"(\]\(\s*|^\[[^\]]+\]:\s*)((?:{XREF_KINDS}):[^)\s]*)")


@dataclass(frozen=True)
class Page:
    """One hand-written page."""

    name: str  # file name, e.g. regulations.md
    path: str  # relative to the manual, e.g. templates/pages/regulations.md
    text: str

    @property
    def title(self) -> str:
        """Its first heading (``# 总则``), or its file name without ``.md``."""
        first = self.text.lstrip().partition("\n")[0]
        return first.lstrip("# ").strip() if first.startswith("#") else self.name[:-3]

    @property
    def site_path(self) -> str:
        """Where the page is published in the site: ``guide/<name>``."""
        return f"guide/{self.name}"


def is_page(rel: str) -> bool:
    """Whether a file of ``templates/pages`` is read as a page."""
    return rel.endswith(".md")


def read_page(name: str, rel: str, raw: bytes) -> tuple[Page | None, list[Finding]]:
    """A page from its file's bytes, or None and why: its name, its encoding, its characters.

    The name becomes the page's address (``guide/<name>/``): like an id, it is lowercase
    letters, digits and hyphens, and not a name Windows reserves.
    """
    if not _PAGE_NAME.match(name) or name[:-3] in RESERVED_NAMES:
        message = (
            f"page name '{name}' cannot be an address of the site: use lowercase letters, "
            "digits and single hyphens, not a reserved name (con, nul, com1…), e.g. "
            "general-principles.md"
        )
        return None, [Finding(Location(rel), "E011", message)]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        where = Location(rel, before.count(b"\n") + 1, exc.start - before.rfind(b"\n"))
        return None, [Finding(where, "E004", f"not UTF-8 (byte {exc.start}): save it as UTF-8")]
    problems = characters.control_problems(text)
    if problems:
        return None, [Finding(Location(rel, line, col), "E005", m) for line, col, m in problems]
    return Page(name, rel, text.removeprefix("\ufeff")), []


def link_targets(text: str) -> Iterator[tuple[int, int, str]]:
    """(line, column, target) of each link by id of a page; code is left out."""
    for number, (line, code) in enumerate(_prose(text), start=1):
        if code:
            continue
        offset = 0
        for i, part in enumerate(line.split("`")):
            if i % 2 == 0:
                for m in _PAGE_XREF.finditer(part):
                    yield number, offset + m.start(2) + 1, m[2]
            offset += len(part) + 1


#: a link or image to a file: ``[x](other.md)``, ``![x](pic.png)``, ``[x]: other.md``
_FILE_LINK = re.compile(r"(!?)\[[^\]]*\]\(\s*<?([^)\s>]+)|^\[[^\]]+\]:\s*(\S+)")
_NOT_A_FILE = re.compile(rf"^([a-zA-Z][\w+.-]*:|//|#|({XREF_KINDS}):)")


def file_targets(text: str) -> Iterator[tuple[int, int, str, bool]]:
    """(line, column, target, is an image) of each link of a page to a file of the site.

    Links by id, addresses with a scheme, ``//host`` and ``#anchor`` are left out; so is
    code, as in ``link_targets``.
    """
    for number, (line, code) in enumerate(_prose(text), start=1):
        if code:
            continue
        offset = 0
        for i, part in enumerate(line.split("`")):
            if i % 2 == 0:
                for m in _FILE_LINK.finditer(part):
                    target, group = (m[2], 2) if m[2] else (m[3], 3)
                    if not _NOT_A_FILE.match(target):
                        yield number, offset + m.start(group) + 1, target, m[1] == "!"
            offset += len(part) + 1


def replace_links(text: str, resolve: Callable[[str], str | None]) -> str:
    """``text`` with each link by id replaced by ``resolve(target)`` (kept when None).

    The rules refuse a page whose links point at nothing (E021), so a build never meets one.
    """
    out = []
    for line, code in _prose(text):
        if code:
            out.append(line)
            continue
        parts = line.split("`")
        for i in range(0, len(parts), 2):  # outside code spans
            parts[i] = _PAGE_XREF.sub(lambda m: m[1] + (resolve(m[2]) or m[2]), parts[i])
        out.append("`".join(parts))
    return "".join(out)


def _prose(text: str) -> Iterator[tuple[str, bool]]:
    """Each line of Markdown and whether it is code (fenced or indented)."""
    fenced = False
    for line in text.splitlines(keepends=True):
        fence = line.lstrip().startswith(("```", "~~~"))
        if fence:
            fenced = not fenced
        yield line, fence or fenced or line.startswith("    ")
