"""Characters author text may not hold, where they are, and how a message shows them.

Layer: source (the lowest: findings use it). A control character (other than tab and
newline), a lone surrogate, U+FFFE/U+FFFF or a line or paragraph separator in author
text breaks an output later — XML 1.0 cannot carry it, openpyxl refuses it, Graphviz
stops, a message splits over two lines — so the loader refuses it at its line and
column, and messages show any such character as an escape.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

#: forbidden in a value: C0 and C1 controls but tab and newline, DEL, surrogates,
#: the non-characters U+FFFE/U+FFFF, and the Unicode line and paragraph separators
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u2028\u2029]")
#: forbidden in a file's text: the same, but a carriage return ends a line there
FORBIDDEN_IN_FILE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u2028\u2029]"
)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
#: what one line of a message may not hold: every character of FORBIDDEN, and newline
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u2028\u2029]")


def name(char: str) -> str:
    """``U+0001``, or ``U+2028 (LINE SEPARATOR)`` where Unicode names the character."""
    described = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" ({described})" if described else "")


def escaped(char: str) -> str:
    r"""A character as a Python-style escape: ``\n``, ``\x01``, ``\u2028``."""
    return repr(char)[1:-1] if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def printable(text: str) -> str:
    """``text`` on one line: every newline or control character shown as an escape."""
    return _UNPRINTABLE.sub(lambda m: escaped(m[0]), text)


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of ``offset`` in ``text``; CR LF, CR and LF end lines."""
    line, start = 1, 0
    for brk in _LINE_BREAK.finditer(text, 0, offset):
        line, start = line + 1, brk.end()
    return line, offset - start + 1


def within(text: str, line: int, col: int) -> tuple[int, int]:
    """(line, column) moved back into ``text``.

    A parser may mark the end of a file one line past its last, when the file does not
    end with a newline.
    """
    lines = _LINE_BREAK.split(text)
    if line > len(lines):
        return len(lines), len(lines[-1]) + 1
    return line, min(col, len(lines[line - 1]) + 1)


def first_forbidden(text: str, *, in_file: bool = False) -> tuple[int, str] | None:
    """(offset, character) of the first forbidden character of ``text``, or None."""
    found = (FORBIDDEN_IN_FILE if in_file else FORBIDDEN).search(text)
    return (found.start(), found[0]) if found else None


def control_problems(text: str, most: int = 5) -> list[tuple[int, int, str]]:
    """(line, column, message) of the first ``most`` lines of a file holding a control character."""
    found: list[tuple[int, int, str]] = []
    for line, col, char, count in forbidden_lines(text):
        if len(found) == most:
            break
        more = f" (and {count - 1} more on this line)" if count > 1 else ""
        found.append(
            (
                line,
                col,
                f"control character {name(char)}{more}: delete it (an editor may show it as "
                "a box or not at all); only tab and newline are allowed",
            )
        )
    return found


def forbidden_lines(text: str) -> Iterator[tuple[int, int, str, int]]:
    """(line, column, first character, how many on the line) of each line holding any."""
    starts = [0, *(brk.end() for brk in _LINE_BREAK.finditer(text))]
    for number, start in enumerate(starts, start=1):
        end = starts[number] if number < len(starts) else len(text)
        found = FORBIDDEN_IN_FILE.findall(text, start, end)
        if found:
            first = FORBIDDEN_IN_FILE.search(text, start, end)
            assert first is not None
            yield number, first.start() - start + 1, found[0], len(found)
