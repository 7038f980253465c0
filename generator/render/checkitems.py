"""What a person ticks: the checks of a step and the evidence of a step.

Layer: render (pure), read by ``checklist``. A step's checks come from its Markdown
instructions: every top-level ordered-list item is one check, labelled by its text up
to the first "：" or "。"; items under the outcomes heading (``**判断与处理**``) are the
decision's outcomes, ticked once as one row; items under a bold paragraph that names a
role belong to that role. A step's evidence is its own records and its controls'
evidence, each form (``F-12``) once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from generator.source.markdown import make_parser
from generator.source.models import Control, Role, Step, StepKind

LABEL_MAX = 40  # an item shorter than this is its own label
LEAD_MIN = 8  # a lead-in before "：" shorter than this is not a label by itself
_CLAUSE_END = re.compile(r"[，；。,;]")
_OPEN, _CLOSE = "（《“(「", "）》”)」"
_LABEL_END = re.compile(r"[：。]|:\s|\.\s")
_MARKER = re.compile(r"^\s*\d+[.)]\s*")
_FORM = re.compile(r"F-\d+")
_EVIDENCE_SEP = re.compile(r"([；、])")
_WIDE = re.compile(r"[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]")


@dataclass(frozen=True)
class Check:
    """One line to tick: ``n`` numbers it within its step (``ck-<proc>-<step>-<n>``)."""

    n: int
    label: str
    text: str  # the whole item as plain text: the tooltip
    detail: str | None  # the whole item as Markdown, when the label is shorter
    role: str | None  # the role that does it
    decision: bool = False
    by: str | None = None  # that role's name, when it is not the step's owner


@dataclass(frozen=True)
class Words:
    """The words of the manual's language the instructions are read with."""

    outcomes_heading: str  # 判断与处理
    decision: str  # 判断: an item so labelled is the decision itself
    decided: Callable[[str], str]  # "判断：{outcomes}"


@cache
def _parser() -> MarkdownIt:
    return make_parser()


def step_checks(step: Step, roles: Iterable[Role], words: Words) -> tuple[Check, ...]:
    """The checks of ``step``: its ordered-list items, the decision row, or its title."""
    roles = tuple(roles)
    names = {r.id: r.name for r in roles}
    checks: list[Check] = []
    for heading_role, item, source, titled in _items(step, _role_names(roles), words):
        label = _label(item, titled)
        if _is_outcome(step, item, label, words):
            continue
        role = heading_role or step.owner
        detail = source if label != _bare(item) or "\n" in source else None
        by = names.get(role) if role and role != step.owner else None
        checks.append(Check(len(checks) + 1, label, item, detail, role, by=by))
    if step.kind is StepKind.DECISION:
        label = words.decided(" / ".join(b.when for b in step.branches))
        checks.append(Check(len(checks) + 1, label, label, None, step.owner, decision=True))
    if not checks:
        checks.append(Check(1, step.title, step.title, None, step.owner))
    return tuple(checks)


def _is_outcome(step: Step, item: str, label: str, words: Words) -> bool:
    """An item of a decision that routes ("… → 「X」", "**批准**：…") or is the decision."""
    if step.kind is not StepKind.DECISION:
        return False
    return "→" in item or label == words.decision or label in {b.when for b in step.branches}


def _items(
    step: Step, roles: Mapping[str, str], words: Words
) -> Iterable[tuple[str | None, str, str, bool]]:
    """(role of its heading, plain text, Markdown, opens bold) of each top-level ordered item."""
    text = step.instructions or ""
    tokens = _parser().parse(text)
    lines = text.splitlines()
    role: str | None = None
    outcomes = ordered = False
    for i, token in enumerate(tokens):
        if token.level == 0 and token.type == "paragraph_open":
            heading = _bold_only(tokens[i + 1])
            if heading is not None:
                outcomes = heading == words.outcomes_heading
                role = roles.get(_first_word(heading))
        elif token.level == 0 and token.type in ("ordered_list_open", "bullet_list_open"):
            ordered = token.type == "ordered_list_open"
        elif token.level == 1 and token.type == "list_item_open" and ordered and not outcomes:
            first = _first_inline(tokens, i)
            opening = [c for c in first.children or () if c.type != "text" or c.content]
            bold = bool(opening) and opening[0].type == "strong_open"
            yield role, _plain(first), _source(lines, token), bold


def _first_inline(tokens: list[Token], item: int) -> Token:
    """The first line of text of the item at ``item`` (its first paragraph)."""
    level = tokens[item].level
    for token in tokens[item + 1 :]:
        if token.type == "list_item_close" and token.level == level:
            break
        if token.type == "inline":
            return token
    return Token("inline", "", 0)


def _bold_only(inline: Token) -> str | None:
    """The text of a paragraph that is one bold phrase (a heading), else None."""
    children = [
        c for c in inline.children or () if not (c.type == "text" and not c.content.strip())
    ]
    if (
        len(children) < 3
        or children[0].type != "strong_open"
        or children[-1].type != "strong_close"
    ):
        return None
    if any(c.type in ("strong_open", "strong_close") for c in children[1:-1]):
        return None
    return _plain(inline).strip() or None


def _plain(inline: Token) -> str:
    """The text of an inline token, without Markdown; line breaks joined as a reader would."""
    out = ""
    for child in inline.children or ():
        if child.type in ("text", "code_inline"):
            out += child.content
        elif child.type in ("softbreak", "hardbreak"):
            out += "" if out and _WIDE.match(out[-1]) else " "
    return out.strip()


def _source(lines: list[str], item: Token) -> str:
    """The Markdown of a list item, its marker removed and its lines dedented."""
    start, end = item.map or (0, 0)
    first = lines[start]
    marker = _MARKER.match(first)
    width = marker.end() if marker else 0
    body = [first[width:]]
    for line in lines[start + 1 : end]:
        indent = len(line) - len(line.lstrip(" "))
        body.append(line[min(indent, width) :])
    return "\n".join(body).strip()


def _bare(text: str) -> str:
    """Text without the punctuation that ends it."""
    return text.rstrip("；;，,。.：: ")


def _label(item: str, titled: bool = False) -> str:
    """The check's label: a short item whole, a long one up to its first "：" or "。".

    A lead-in too short to say what is checked ("向客户告知：…") keeps its first clause
    after the colon; a bold lead-in ("**名单筛查**：…") is a title and stands alone.
    """
    whole = _bare(item)
    if len(whole) <= LABEL_MAX:
        return whole
    cut, rest = _split_outside_brackets(item, _LABEL_END)
    if rest is not None and len(cut) < LEAD_MIN and not titled:
        clause = _split_outside_brackets(rest, _CLAUSE_END)[0]
        return f"{cut}：{clause}" if clause else cut
    return cut or whole


def _split_outside_brackets(text: str, at: re.Pattern[str]) -> tuple[str, str | None]:
    """``text`` cut at the first match of ``at`` that is not inside （）《》“” or ()."""
    depth = 0
    for i, char in enumerate(text):
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth = max(depth - 1, 0)
        elif depth == 0:
            found = at.match(text, i)
            if found:
                return text[:i].strip(), text[found.end() :]
    return text.strip(), None


def _first_word(heading: str) -> str:
    return re.split(r"[（(]", heading, maxsplit=1)[0].strip()


def _role_names(roles: Iterable[Role]) -> dict[str, str]:
    """Role name (and its first word before a parenthesis) → role id."""
    names: dict[str, str] = {}
    for role in roles:
        names.setdefault(role.name, role.id)
        names.setdefault(_first_word(role.name), role.id)
    return names


def step_evidence(step: Step, controls: Iterable[Control]) -> tuple[str, ...]:
    """The step's records, then what its controls' evidence adds, each form once.

    A form code (``F-12``) is kept by the first item naming it; the step's own wording
    comes first, so it wins over a control's generic one. Other items are kept once by
    their exact text. A control's evidence is split on "；" and "、" only to find what it
    repeats; what remains is printed with its own separators.
    """
    codes: set[str] = set()
    texts: set[str] = set()
    out: list[str] = []

    def fresh(part: str) -> bool:
        found = set(_FORM.findall(part))
        new = (not found or not found <= codes) and part not in texts
        codes.update(found)
        texts.add(part)
        return new

    for record in step.records:
        if fresh(record.strip()):
            out.append(record)
    for control in controls:
        kept = _kept_parts(control.evidence, fresh)
        if kept:
            out.append(kept)
    return tuple(out)


def _kept_parts(evidence: str, fresh: Callable[[str], bool]) -> str:
    pieces = _EVIDENCE_SEP.split(evidence)
    kept = ""
    for i in range(0, len(pieces), 2):
        part = pieces[i].strip()
        if part and fresh(part):
            kept += (pieces[i - 1] if kept and i else "") + part
    return kept
