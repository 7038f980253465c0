"""Citations: provenance tags (``[S2 §4.1]``, ``[REG:CDD2025 §5]``) and regulations by name.

Layer: source. A tag is ``[CODE rest]`` or ``[CODE:ident rest]``; a code listed in
``opsmanual.yml`` ``sources`` is shown by its label, and a code with
``regulations: true`` names, after its colon, an entry of ``regulations``. A procedure's
``regulations:`` names entries by id or by full title (``《中华人民共和国反洗钱法》``,
maybe followed by a remark such as ``（2026年1月1日起施行）``). The rules and the pages
read tags and names with these functions, so what ``check`` passes is what readers see.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from pydantic import BaseModel

from generator.source.models import Regulation, RegulationStatus, Settings

# [CODE rest] or [CODE:ident rest]; the ident goes into an anchor, so it is a word
_TAG = re.compile(r"^\[(?P<code>[A-Z][A-Z0-9]*)(?::(?P<ident>[\w.-]+))?(?P<rest>(?:\s[^\]]*)?)\]$")
_TITLE = re.compile(r"《[^》]+》")


@dataclass(frozen=True)
class Tag:
    """A provenance tag taken apart: ``[REG:ATF §16]`` is REG, ATF and §16."""

    code: str
    ident: str | None
    rest: str


def parse_tag(tag: str) -> Tag | None:
    """The parts of a provenance tag, or None for free text."""
    found = _TAG.match(tag.strip())
    if found is None:
        return None
    return Tag(found["code"], found["ident"], found["rest"].strip())


def regulation_by_id(settings: Settings) -> dict[str, Regulation]:
    """The regulations of ``opsmanual.yml`` by id (the first of a duplicated id)."""
    found: dict[str, Regulation] = {}
    for regulation in settings.regulations:
        found.setdefault(regulation.id, regulation)
    return found


def named_regulation(settings: Settings, name: str) -> tuple[Regulation, str] | None:
    """The regulation a procedure's ``regulations:`` entry names, and the remark after it.

    By id (``CDD2025``), by the full title in 《》 with an optional remark
    (``《…管理办法》（2026年1月1日起施行）``), or by the whole title as written (a title
    without 《》); of two with one title, the one in force.
    """
    by_id = regulation_by_id(settings)
    if name.strip() in by_id:
        return by_id[name.strip()], ""
    found = _TITLE.search(name)
    title = found.group(0) if found else name.strip()
    remark = (name[: found.start()] + name[found.end() :]).strip() if found else ""
    matches = [r for r in settings.regulations if title in (_first_title(r.title), r.title)]
    matches.sort(key=lambda r: r.status is not RegulationStatus.IN_FORCE)
    return (matches[0], remark) if matches else None


def _first_title(text: str) -> str:
    found = _TITLE.search(text)
    return found.group(0) if found else text


def tags_of(objects: Iterable[BaseModel]) -> Iterator[tuple[BaseModel, int, str]]:
    """(object, index, tag) of every provenance tag in ``sources`` of ``objects``."""
    for obj in objects:
        for i, tag in enumerate(getattr(obj, "sources", ())):
            yield obj, i, tag
