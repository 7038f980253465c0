"""A manual whose every author-text field holds an attack: script, attribute and link
injection, a template expression, a spreadsheet formula, GIFT and XML syntax.

Which fields are text is read from the models (a ``str`` field without a pattern: ids,
enums, dates, versions and teams are left alone), so a text field added to the source
format is attacked too without touching this file. Control characters are not in the
payload: the loader refuses them (E005); the output functions' own guard against them is
tested on the functions (``tests/test_inert_outputs.py``).
"""

from __future__ import annotations

import types
import typing
from itertools import count
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, StringConstraints

from generator.source.loader import FOLDERS, SETTINGS_FILE
from generator.source.models import Settings

from .conftest import KITCHEN_SINK, copy_manual

#: the start of a field's text: each formula trigger of a spreadsheet in turn
STARTS = ('=HYPERLINK("http://evil.example/?{n}","x")', "+1+{n}", "-{n}", "@SUM(A{n})")
ATTACK = (
    ' <script>window.__pwned=1</script> "><img src=x onerror="window.__pwned=2" id=pwned>'
    " {{{{ 7*7 }}}} {{% raw %}} ~=#:{{}}\\ -> ]]> <![CDATA[ &amp; '"
    ' [j](javascript:window.__pwned=3) [p](//evil.example/) {{: onclick="window.__pwned=4"'
    " #pwned-h }} <svg onload=window.__pwned=5> F{n}"
)


def payload(n: int) -> str:
    """The attack of field number ``n`` (numbers keep titles, branches, options distinct)."""
    return STARTS[n % len(STARTS)].format(n=n) + ATTACK.format(n=n)


def hostile_manual(target: Path) -> Path:
    """The kitchen-sink manual with every text field replaced by an attack."""
    root = copy_manual(KITCHEN_SINK, target)
    numbers = count(1)
    files: list[tuple[Path, type[BaseModel]]] = [(root / SETTINGS_FILE, Settings)]
    files += [
        (p, model) for folder, model in FOLDERS.items() for p in (root / folder).glob("*.yml")
    ]
    for path, model in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        _attack(data, model, numbers)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return root


def _attack(data: Any, model: type[BaseModel], numbers: count[int]) -> None:
    for name, value in list(data.items()):
        info = model.model_fields.get(name)
        if info is not None:
            data[name] = _replaced(value, info.annotation, info.metadata, numbers)


def _replaced(value: Any, annotation: Any, metadata: list[Any], numbers: count[int]) -> Any:
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return _replaced(value, args[0], [*metadata, *args[1:]], numbers)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return _replaced(value, inner[0], metadata, numbers) if value is not None else value
    if origin is tuple and isinstance(value, list):
        return [_replaced(v, args[0], [], numbers) for v in value]
    if origin is dict and isinstance(value, dict):
        return {k: _replaced(v, args[1], [], numbers) for k, v in value.items()}
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if isinstance(value, dict):
            _attack(value, annotation, numbers)
        return value
    text = annotation is str and not any(
        isinstance(m, StringConstraints) and m.pattern for m in metadata
    )
    return payload(next(numbers)) if text and isinstance(value, str) else value
