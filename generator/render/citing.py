"""Citations as readers see them: each source once, by its short name, the full title on hover.

Layer: render (pure), used by ``views`` and the regulations page. Tags are read by
``source.citations``, the same functions the rules (E026, W066) use. A step citing
``[S2 §4.1(三)]``, ``[S2 §5.2]`` and ``[REG:ATF §16]`` reads "《公开户操作规范化》 §4.1(三)、§5.2；
《反电信网络诈骗法》 §16", each name linked to its row on the regulations page.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from generator.source import addresses as links
from generator.source.citations import named_regulation, parse_tag, regulation_by_id
from generator.source.models import Regulation, RegulationStatus, Settings, SourceLabel


@dataclass(frozen=True)
class SourceView:
    """One source cited: its short name, the parts of it cited, its full title for the tooltip."""

    text: str
    details: tuple[str, ...]
    title: str
    page: str | None
    anchor: str | None
    tags: tuple[str, ...]  # as written

    def href(self, from_page: str) -> str | None:
        """Relative URL of the page explaining the source, if any."""
        return links.url(from_page, self.page, self.anchor) if self.page else None

    @property
    def gap(self) -> str:
        """What separates the name from the parts cited: nothing after 《…》 or Chinese."""
        return "" if _WIDE.match(self.text[-1:]) else " "


_WIDE = re.compile(r"[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]")


@dataclass
class _Group:
    text: str
    title: str
    target: tuple[str | None, str | None]
    details: list[str]
    tags: list[str]


def cite(settings: Settings, tags: Iterable[str], t: Callable[..., str]) -> tuple[SourceView, ...]:
    """Provenance tags grouped by source, in the order first cited; free text as written."""
    regulations = regulation_by_id(settings)
    groups: dict[tuple[str, ...], _Group] = {}
    for tag in tags:
        parsed = parse_tag(tag)
        label = settings.sources.get(parsed.code) if parsed else None
        if parsed is None or label is None:
            groups.setdefault(("", tag), _Group(tag, tag, (None, None), [], [])).tags.append(tag)
            continue
        ident, rest = parsed.ident or "", parsed.rest
        regulation = regulations.get(ident) if label.regulations else None
        if label.regulations:
            key: tuple[str, ...] = (parsed.code, ident)
            detail = rest
        else:
            key = (parsed.code, ident) if "{ident}" in (label.page or "") else (parsed.code,)
            detail = " ".join(x for x in (ident, rest) if x)
        if key not in groups:
            groups[key] = _group(label, regulation, ident, t)
        group = groups[key]
        if detail and detail not in group.details:
            group.details.append(detail)
        group.tags.append(tag)
    return tuple(
        SourceView(g.text, tuple(g.details), g.title, *g.target, tuple(g.tags))
        for g in groups.values()
    )


def _group(
    label: SourceLabel, regulation: Regulation | None, ident: str, t: Callable[..., str]
) -> _Group:
    page, _, anchor = (label.page or "").partition("#")
    target = (page or None, anchor.replace("{ident}", ident) or None)
    if regulation is not None:
        return _Group(regulation.short, regulation_title(regulation, t), target, [], [])
    if label.regulations:  # an unknown id: E026 stops the build before a reader sees it
        return _Group(f"{label.label} {ident}".strip(), label.label, target, [], [])
    title = " · ".join(x for x in (label.title or label.label, label.issuer) if x)
    return _Group(label.label, title, target, [], [])


def regulation_title(regulation: Regulation, t: Callable[..., str]) -> str:
    """The tooltip of a regulation: full title, issuer and number, when, and if not in force."""
    when = (
        t("regulation_effective", date=regulation.effective.isoformat())
        if regulation.effective
        else regulation.effective_note
    )
    status = (
        t(f"regulation_status_{regulation.status.value}")
        if regulation.status is not RegulationStatus.IN_FORCE
        else None
    )
    issued = " ".join(x for x in (regulation.issuer, regulation.number) if x)
    return " · ".join(x for x in (regulation.title, issued, when, status) if x)


def named(
    settings: Settings, names: Iterable[str], t: Callable[..., str]
) -> tuple[SourceView, ...]:
    """A procedure's ``regulations:`` by short name, linked; names not listed as written."""
    code = next((c for c, label in sorted(settings.sources.items()) if label.regulations), None)
    out = []
    for name in names:
        found = named_regulation(settings, name)
        if found is None:
            out.append(SourceView(name, (), name, None, None, (name,)))
            continue
        regulation, remark = found
        label = settings.sources[code] if code else None
        target = _group(label, regulation, regulation.id, t).target if label else (None, None)
        title = regulation_title(regulation, t) + (f" · {remark}" if remark else "")
        out.append(SourceView(regulation.short, (), title, *target, (name,)))
    return tuple(out)


RECENT_YEARS = 5  # "近年施行": took effect within this many years before the build date


@dataclass(frozen=True)
class RegulationRow:
    """A regulation on the regulations page: its anchor, when it took effect, its status."""

    regulation: Regulation
    anchor: str
    when: str
    status: str


@dataclass(frozen=True)
class SourceRow:
    """A provenance code on the regulations page, with the anchor its citations link to."""

    code: str
    label: SourceLabel
    anchor: str | None


@dataclass(frozen=True)
class RegulationsPage:
    """What the regulations page lists, all from ``opsmanual.yml``."""

    in_force: tuple[RegulationRow, ...]
    lapsed: tuple[RegulationRow, ...]  # repealed or never in force
    recent: tuple[RegulationRow, ...]  # in force from the last RECENT_YEARS years, oldest first
    sources: tuple[SourceRow, ...]  # the codes that are not regulations


def regulations_page(settings: Settings, today: dt.date, t: Callable[..., str]) -> RegulationsPage:
    """The rows of the regulations page, in the order of ``opsmanual.yml``."""
    code = next((c for c, label in sorted(settings.sources.items()) if label.regulations), None)
    pattern = (settings.sources[code].page or "").partition("#")[2] if code else ""
    rows = [
        RegulationRow(
            r,
            (pattern or "reg-{ident}").replace("{ident}", r.id),
            r.effective.isoformat() if r.effective else (r.effective_note or ""),
            t(f"regulation_status_{r.status.value}"),
        )
        for r in settings.regulations
    ]
    live = [r for r in rows if r.regulation.status is RegulationStatus.IN_FORCE]
    since = today.replace(year=today.year - RECENT_YEARS, day=min(today.day, 28))
    recent = sorted(
        (r for r in live if r.regulation.effective and since <= r.regulation.effective <= today),
        key=lambda r: (r.regulation.effective, r.regulation.id),
    )
    sources = tuple(
        SourceRow(c, label, (label.page or "").partition("#")[2] or None)
        for c, label in settings.sources.items()
        if not label.regulations
    )
    lapsed = tuple(r for r in rows if r not in live)
    return RegulationsPage(tuple(live), lapsed, tuple(recent), sources)
