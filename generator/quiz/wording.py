"""What explanations quote and cite, and how alike two texts are: shared by the builders.

Layer: domain (quiz bank), pure. An explanation quotes the step's own instruction (the
line about what is asked, or its first sentence) or the fact's statement, and cites its
provenance as readers see it on the site (the label of ``opsmanual.yml`` ``sources``:
``[ADD]`` reads 本行标准).
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt

from generator.source.models import SOURCE_TAG, Settings, Step

QUOTE_CHARS = 90
EXPLANATION_CHARS = 160
_TEXT = ("text", "code_inline")
_CJK = "\u3000-\u9fff\uff00-\uffef"
_CJK_GAP = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")  # line breaks inside Chinese text


#: one parser for every summary (a parser per call cost more than the parsing)
_COMMONMARK = MarkdownIt("commonmark")


@lru_cache(maxsize=16384)
def summary(markdown: str) -> str:
    """The FAQ answer as plain text (Markdown marks dropped), cut at a sentence if long."""
    words = [
        child.content if child is not None and child.type in _TEXT else " "
        for token in _COMMONMARK.parse(markdown)
        if token.type == "inline"
        for child in [*(token.children or ()), None]
        if child is None or child.type in ("text", "code_inline", "softbreak", "hardbreak")
    ]
    text = _CJK_GAP.sub("", " ".join("".join(words).split()))
    if len(text) <= EXPLANATION_CHARS:
        return text
    cut = text[:EXPLANATION_CHARS]
    end = max(cut.rfind(mark) for mark in "。；.;")
    return cut[: end + 1] if end > EXPLANATION_CHARS // 2 else cut.rstrip() + "…"


_MARKS = re.compile(r"[*_`>#]|^\s*(?:[-+]|\d+\.)\s+", re.MULTILINE)
_SENTENCE = re.compile(r"(?<=[。；！？])")
# characters that say nothing about an answer: punctuation, spaces, the commonest particles
_NOISE = set(" \t\n，。、；：？！“”‘’（）()《》〈〉【】[]·—-/…的了和与或在是为及由对将应须")


def source_label(settings: Settings, tag: str) -> str:
    """A provenance tag as readers see it: ``[ADD]`` → 本行标准, ``[S0 §3.1]`` → its label §3.1."""
    found = SOURCE_TAG.match(tag.strip())
    label = settings.sources.get(found["code"]) if found else None
    if found is None or label is None:
        return tag.strip()
    detail = " ".join(x for x in (found["ident"], (found["rest"] or "").strip()) if x)
    return f"{label.label} {detail}" if detail else label.label


def known_source(settings: Settings, tag: str) -> bool:
    """Whether a tag is well formed and its code is one of ``opsmanual.yml`` ``sources``."""
    found = SOURCE_TAG.match(tag.strip())
    return found is not None and found["code"] in settings.sources


def instruction_lines(step: Step) -> list[str]:
    """The step's instructions as plain sentences (Markdown marks and list numbers dropped)."""
    if not step.instructions:
        return []
    lines = []
    for raw in step.instructions.splitlines():
        plain = " ".join(_MARKS.sub("", raw).split())
        lines += [s for s in _SENTENCE.split(plain) if len(s) > 3]
    return lines


def quote(step: Step, *keywords: str, strict: bool = False) -> str:
    """The instruction sentence naming one of ``keywords`` (else the first), cut to length.

    ``strict``: only a sentence naming a keyword (a case's explanation quotes nothing
    rather than a sentence about something else).
    """
    lines = instruction_lines(step)
    words = [k for k in keywords if k]
    first = "" if strict or not lines else lines[0]
    chosen = next((x for x in lines if any(k in x for k in words)), first)
    text = summary(chosen) if chosen else ""
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1].rstrip() + "…"


_HAN = re.compile(r"[\u3400-\u9fff]")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'-]*|\d+")
_STOP = {"the", "and", "for", "with", "who", "which", "what", "does", "this", "that", "step"}


@lru_cache(maxsize=65536)
def chars(text: str) -> frozenset[str]:
    """The meaningful tokens of a text: each CJK character, each word or number (casefolded)."""
    cjk = {c for c in _HAN.findall(text) if c not in _NOISE}
    words = {w.casefold() for w in _WORD.findall(text)}
    return frozenset(cjk | {w for w in words if (len(w) > 2 or w.isdigit()) and w not in _STOP})


def overlap(option: str, stem: str) -> int:
    """How many meaningful tokens an option shares with the stem."""
    return len(chars(option) & chars(stem))


def terms(text: str) -> set[str]:
    """Two-character terms of the CJK text (词), and the long words of the rest."""
    han = "".join(c if _HAN.match(c) and c not in _NOISE else " " for c in text)
    pairs = {w[i : i + 2] for w in han.split() for i in range(len(w) - 1)}
    return pairs | {w.casefold() for w in _WORD.findall(text) if len(w) > 3}


def shared_run(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` share a term: a run of four CJK characters or a long word."""
    return not run_terms(a).isdisjoint(run_terms(b))


@lru_cache(maxsize=65536)
def run_terms(text: str) -> frozenset[str]:
    """A text's runs of four CJK characters and its words of six letters or more.

    Punctuation is left out of the runs, words are casefolded; two texts share a term
    when these meet. Cached: asked of the same step and option texts many times.
    """
    plain = "".join(_HAN.findall(text))
    runs = {plain[i : i + 4] for i in range(len(plain) - 3)}
    return frozenset(runs | {w.casefold() for w in _WORD.findall(text) if len(w) > 5})
