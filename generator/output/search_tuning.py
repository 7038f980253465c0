"""The search index tuned for staff: pages first for their own titles, variant spellings.

Layer: output (applied by the MkDocs hooks to Material's index before it is written).
Material's client matches every word of a query, each as a prefix, and ranks by field
(the title weighs most) and by the page's ``search.boost``. Two things it cannot know:

- a page's own title (the entry without ``#``) names what the page is about, where a
  step heading of another page only mentions it: page entries weigh ``PAGE_WEIGHT``
  times their page's boost, so 个人客户开户 comes before a step "开户资料预审";
- staff type variant spellings (身分 for 身份): every entry that holds a word gets its
  variants appended as index words, from the table ``data/search-variants.yml``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

PAGE_WEIGHT = 3.0
ZWSP = "\u200b"  # the separator Material's Chinese segmentation puts between words
VARIANTS = Path(__file__).parent / "data" / "search-variants.yml"


@cache
def variants() -> dict[str, tuple[str, ...]]:
    """Word → the variant spellings a reader may type for it."""
    data = yaml.safe_load(VARIANTS.read_text(encoding="utf-8")) or {}
    return {str(k): tuple(str(v) for v in vs) for k, vs in data.items()}


def tune(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The entries with page weights and variant words (new dicts: the cache keeps its own)."""
    return [_tuned(entry) for entry in entries]


def _tuned(entry: dict[str, Any]) -> dict[str, Any]:
    out = dict(entry)
    if "#" not in str(entry.get("location", "")):
        out["boost"] = float(entry.get("boost", 1)) * PAGE_WEIGHT
    words = f"{entry.get('title', '')} {entry.get('text', '')}"
    extra = [v for word, forms in variants().items() if word in words for v in forms]
    if extra:
        out["text"] = str(entry.get("text", "")) + ZWSP + ZWSP.join(extra)
    return out
