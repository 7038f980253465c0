"""Citations resolve: every regulation a tag or a procedure names is in ``opsmanual.yml``.

Layer: rules. A tag of a code with ``regulations: true`` (``[REG:CDD2025 §5]``) and every
entry of a procedure's ``regulations:`` must name an entry of ``regulations`` (E026);
those entries have distinct ids (E012); and where ``sources`` lists codes, a tag with a
code it does not list would reach readers as a bare code (W066).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from pydantic import BaseModel

from generator.source.citations import named_regulation, parse_tag, regulation_by_id, tags_of
from generator.source.findings import Finding
from generator.source.manual import Manual
from generator.source.schema_errors import did_you_mean

_ADD_IT = "add it to `regulations` in opsmanual.yml"


def _cited(manual: Manual) -> Iterator[BaseModel]:
    """Everything that carries provenance tags."""
    for proc in manual.procedures:
        yield proc
        yield from proc.steps
    yield from manual.controls
    yield from manual.risks
    yield from (entry for _topic, entry in manual.faq_entries)


def tagged_regulations_exist(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """A tag such as [REG:CDD2025 §5] names a regulation listed in opsmanual.yml."""
    known = regulation_by_id(manual.settings)
    for obj, i, text in tags_of(_cited(manual)):
        tag = parse_tag(text)
        label = manual.settings.sources.get(tag.code) if tag else None
        if tag is None or label is None or not label.regulations:
            continue
        if tag.ident is None:
            problem = f"'{text}' names no regulation: write [{tag.code}:<id> …]"
        elif tag.ident not in known:
            hint = did_you_mean(tag.ident, sorted(known))
            problem = f"unknown regulation '{tag.ident}' in '{text}'{hint}: {_ADD_IT}"
        else:
            continue
        yield Finding(manual.where(obj, "sources", i), "E026", problem)


def named_regulations_exist(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """A procedure's regulations name, by id or full title, a regulation of opsmanual.yml."""
    settings = manual.settings
    if not settings.regulations:
        return  # a manual without the list keeps its regulations as free text
    titles = sorted({r.title for r in settings.regulations})
    for proc in manual.procedures:
        for i, name in enumerate(proc.regulations):
            if named_regulation(settings, name) is None:
                yield Finding(
                    manual.where(proc, "regulations", i),
                    "E026",
                    f"unknown regulation '{name}'{did_you_mean(name, titles)}: write its id "
                    f"or its full title, or {_ADD_IT}",
                )


def regulation_ids_unique(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """Each regulation of opsmanual.yml has its own id."""
    seen: set[str] = set()
    for regulation in manual.settings.regulations:
        if regulation.id in seen:
            yield Finding(
                manual.where(regulation, "id"),
                "E012",
                f"duplicate regulation id '{regulation.id}': citations could not tell them apart",
            )
        seen.add(regulation.id)


def source_codes_listed(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """Where opsmanual.yml lists provenance codes, every tag's code is among them."""
    listed = manual.settings.sources
    if not listed:
        return
    for obj, i, text in tags_of(_cited(manual)):
        tag = parse_tag(text)
        if tag is not None and tag.code not in listed:
            hint = did_you_mean(tag.code, sorted(listed))
            yield Finding(
                manual.where(obj, "sources", i),
                "W066",
                f"provenance code '{tag.code}' of '{text}' is not in `sources` of "
                f"opsmanual.yml{hint}: readers would see the bare code",
            )
