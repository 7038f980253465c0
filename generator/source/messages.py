"""UI strings: the message catalogue of each language, and a translator over it.

Layer: source. ``generator/i18n/<language>.yml`` holds the site's strings; each feature
may add its own ``<feature>.<language>.yml`` beside it. The quiz bank words its
questions with these strings, the renderers their pages.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import yaml

I18N_DIR = Path(__file__).resolve().parent.parent / "i18n"


class MessageError(Exception):
    """A message catalogue is broken or lacks a key (a bug in the tool, not in the manual)."""


@cache
def catalogue(language: str) -> dict[str, str]:
    """The UI strings of one language.

    ``generator/i18n/<language>.yml`` holds the site's strings; each feature may add its
    own ``<feature>.<language>.yml`` beside it. A key defined twice is an error.
    """
    messages: dict[str, str] = {}
    paths = [I18N_DIR / f"{language}.yml", *sorted(I18N_DIR.glob(f"*.{language}.yml"))]
    for path in paths:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise MessageError(f"{path} must be a mapping of message keys")
        for key, value in data.items():
            if not isinstance(key, str) or key in messages:
                raise MessageError(f"{path}: message key {key!r} is not text or defined twice")
            messages[key] = str(value)
    return messages


def translator(language: str) -> Callable[..., str]:
    """``t(key, **values)``: a UI string with ``{name}`` placeholders filled in."""
    messages = catalogue(language)

    def t(key: str, **values: Any) -> str:
        try:
            text = messages[key]
        except KeyError:
            raise MessageError(f"message '{key}' missing from i18n/{language}.yml") from None
        return text.format(**values) if values else text

    return t
