"""Text in charts: how wide a label is and where it breaks.

Layer: render (pure). Widths are in em of the chart font: the layout sizes its boxes
with them, so a label and its box always agree.
"""

from __future__ import annotations

import re
import unicodedata

FONT = "Noto Sans CJK SC"
FONT_STACK = "'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC',sans-serif"


def text_width(text: str) -> float:
    """Width of ``text`` in em: wide (CJK) characters 1, others about 0.55."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.56 for c in text)


def wrap(text: str, max_em: float, *, balance: bool = True) -> list[str]:
    """Break a label into lines of at most ``max_em``; CJK breaks anywhere, words at spaces.

    With ``balance`` the lines are made about equally long, so a seven-character title
    wraps 4 + 3, not 6 + 1.
    """
    total = text_width(text)
    if balance and total > max_em:
        n_lines = -(-total // max_em)
        max_em = min(max_em, total / n_lines + 0.99)
    tokens = re.findall(r"[A-Za-z0-9_\-./()%:◆◇]+\s*|\s+|.", text)
    lines, current = [], ""
    for token in tokens:
        if current and text_width(current + token.rstrip()) > max_em:
            lines.append(current.rstrip())
            current = token.lstrip()
        else:
            current += token
    if current.strip():
        lines.append(current.rstrip())
    return lines or [""]
