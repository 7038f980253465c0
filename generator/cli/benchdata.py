"""A synthetic manual of any size for ``make bench``: the sample's procedures, replicated.

Layer: cli (a tool beside the pipeline). Procedures come in groups of the sample's 15:
group 0 is the sample itself; group ``g`` holds copies whose ids end in ``-g<g>``, whose
titles name the group and whose categories are shared by four groups (so a category
holds about a dozen procedures), calling the procedures of their own group
(or the sample's, where the group is cut short). Roles, controls, risks, FAQ, templates
and settings are the sample's, so a manual of 1,000 procedures has the sample's shape:
Chinese text, 12–20 steps, decisions, hand-overs, maker–checker steps. Deterministic:
the same size always writes the same bytes.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.pipeline.scaffold import copy_sources

_ID = re.compile(r"^(?P<key>id|procedure): (?P<id>[a-z0-9-]+)$", re.MULTILINE)
#: a top-level ``exams:`` block, up to the next top-level key
_EXAMS = re.compile(r"^exams:\n(?:[ \t]+.*\n|\n)*", re.MULTILINE)
_XREF = re.compile(r"procedure:(?P<id>[a-z0-9-]+)")


def synthetic_manual(source: Path, target: Path, procedures: int) -> Path:
    """Write a manual of ``procedures`` procedures into ``target`` (a new folder)."""
    copy_sources(source, target)
    originals = sorted((target / "procedures").glob("*.yml"))
    texts = {p.stem: p.read_text(encoding="utf-8") for p in originals}
    ids = sorted(texts)
    for index in range(len(ids), procedures):
        group, member = divmod(index, len(ids))
        members = set(ids[: procedures - group * len(ids)])
        proc_id = ids[member]
        text = _renamed(texts[proc_id], group, members, proc_id)
        (target / "procedures" / f"{proc_id}-g{group}.yml").write_text(text, encoding="utf-8")
    for extra in originals[procedures:]:
        extra.unlink()  # a manual smaller than the sample: the first procedures only
    return target


def _renamed(text: str, group: int, members: set[str], own: str) -> str:
    """A copy of one sample procedure for ``group``: ids, calls, links, title, category."""

    def rename(proc_id: str) -> str:
        return f"{proc_id}-g{group}" if proc_id in members else proc_id

    def line(match: re.Match[str]) -> str:
        key, ident = match["key"], match["id"]
        return f"{key}: {rename(ident)}" if key == "procedure" or ident == own else match[0]

    text = _ID.sub(line, text)
    text = _XREF.sub(lambda m: f"procedure:{rename(m['id'])}", text)
    text = re.sub(r"^title: (.+)$", rf"title: \1（第{group}组）", text, count=1, flags=re.M)
    # a category holds a dozen procedures or so, as a large bank's would
    volume = group // 4 + 1
    text = re.sub(r"^category: (.+)$", rf"category: \1（第{volume}册）", text, count=1, flags=re.M)
    # one exam per role (E083): the blueprints stay with the sample's own procedure
    return _EXAMS.sub("", text)
