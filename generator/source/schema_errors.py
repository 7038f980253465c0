"""pydantic's validation errors → findings at the offending node, with what to do.

Layer: source (part of the loader). Each kind of error gets a message an author can
act on ("write YYYY-MM-DD", "quote the value"), and unknown fields a "did you mean".
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from generator.source.findings import Finding
from generator.source.models import Settings
from generator.source.yamlfile import Marks, Path_


def without_echoes(errors: list[ErrorDetails]) -> list[ErrorDetails]:
    """Drop 'too short' on a list whose items already failed: it only echoes them."""
    locs = [tuple(e["loc"]) for e in errors]
    return [
        err
        for err, loc in zip(errors, locs, strict=True)
        if err["type"] != "too_short" or not any(o[: len(loc)] == loc and o != loc for o in locs)
    ]


def schema_finding(marks: Marks, err: ErrorDetails, model: type[BaseModel]) -> Finding:
    """The finding of one pydantic error of a file validated against ``model``."""
    loc: Path_ = tuple(p for p in err["loc"] if isinstance(p, str | int))
    kind = err["type"]
    field = str(loc[-1]) if loc else ""
    if kind == "extra_forbidden":
        allowed = _allowed_fields(model, loc[:-1])
        hint = did_you_mean(field, allowed)
        return Finding(
            marks.at(loc, key=True),
            "E010",
            f"unknown field '{field}'{hint}; allowed here: {', '.join(allowed)}",
        )
    if kind == "missing":
        return Finding(marks.at(loc[:-1]), "E010", f"missing required field '{field}'")
    if kind == "string_pattern_mismatch" and loc[:1] == ("sources",) and model is Settings:
        where = marks.at(loc[:-1], key=True) if field == "[key]" else marks.at(loc)
        return Finding(where, "E010", _source_message(err, field))
    message = _MESSAGES.get(kind, _default_message)(err, field)
    id_error = kind == "reserved_name" or (
        kind == "string_pattern_mismatch" and _is_id_field(field)
    )
    code = "E011" if id_error else "E010"
    return Finding(marks.at(loc), code, message)


def _source_message(err: ErrorDetails, field: str) -> str:
    value = err.get("input")
    if field == "page":
        return (
            f"page '{value}' must be a page of the site, path/to/page.md with an optional "
            "#anchor (e.g. guide/regulations.md#reg-{ident})"
        )
    return f"source code '{value}' must be capitals and digits, e.g. REG, S2 or ADD"


TEAM_FIELDS = ("review_team", "compliance_team")


def _is_id_field(field: str) -> bool:
    return field not in ("version", "refs", *TEAM_FIELDS) and not field.isdigit()


def _default_message(err: ErrorDetails, field: str) -> str:
    return f"'{field}': {err['msg']}"


def _pattern_message(err: ErrorDetails, field: str) -> str:
    value = err.get("input")
    if field == "version":
        return f"version '{value}' is not MAJOR.MINOR.PATCH: write e.g. \"1.0.0\""
    if field in TEAM_FIELDS:
        return (
            f'\'{field}\' must be one GitHub owner: "@org/team", "@user" or an e-mail '
            f'address, quoted (e.g. "@demo-bank/compliance"), not {value!r}'
        )
    if field == "refs" or "#" in str(value):
        return f"reference '{value}' must be procedure-id#step-id, e.g. account-opening#verify"
    return (
        f"invalid id '{value}': use lowercase letters, digits and single hyphens, "
        "starting with a letter (e.g. second-review)"
    )


def _reserved_message(err: ErrorDetails, field: str) -> str:
    return (
        f"id '{err.get('input')}' is a reserved file name on Windows (con, prn, aux, nul, "
        "com0-9, lpt0-9), and ids become file names: choose another, e.g. "
        f"'{err.get('input')}-desk'"
    )


def _enum_message(err: ErrorDetails, field: str) -> str:
    expected = (err.get("ctx") or {}).get("expected", "")
    return f"'{field}' is '{err.get('input')}', which is not one of {expected}"


def _date_message(err: ErrorDetails, field: str) -> str:
    return f"'{field}' is '{err.get('input')}', not a real date: write YYYY-MM-DD"


def _seq_message(err: ErrorDetails, field: str) -> str:
    return f"'{field}' must be a list: write [a, b] or one '- item' per line"


def _str_message(err: ErrorDetails, field: str) -> str:
    return f"'{field}' must be text, not a list or mapping"


def _bool_message(err: ErrorDetails, field: str) -> str:
    return f"'{field}' is '{err.get('input')}': write true or false"


def _int_message(err: ErrorDetails, field: str) -> str:
    return f"'{field}' is '{err.get('input')}': write a whole number"


def _short_message(err: ErrorDetails, field: str) -> str:
    return f"'{field}' is empty: write a value or remove the field"


def _long_message(err: ErrorDetails, field: str) -> str:
    limit = (err.get("ctx") or {}).get("max_length")
    return f"'{field}' is too long (over {limit} characters): shorten it"


def _model_message(err: ErrorDetails, field: str) -> str:
    return f"'{field}' must be a mapping of fields (key: value)"


def _few_items_message(err: ErrorDetails, field: str) -> str:
    least = (err.get("ctx") or {}).get("min_length")
    return f"'{field}' needs at least {least} item{'s' * (least != 1)}"


def _range_message(err: ErrorDetails, field: str) -> str:
    return f"'{field}' is '{err.get('input')}': {err['msg'].lower()}"


_MESSAGES: dict[str, Callable[[ErrorDetails, str], str]] = {
    "string_pattern_mismatch": _pattern_message,
    "reserved_name": _reserved_message,
    "enum": _enum_message,
    "date_from_datetime_parsing": _date_message,
    "date_from_datetime_inexact": _date_message,  # 20261101 read as a number
    "date_parsing": _date_message,
    "date_type": _date_message,
    "tuple_type": _seq_message,
    "string_type": _str_message,
    "bool_parsing": _bool_message,
    "bool_type": _bool_message,
    "int_parsing": _int_message,
    "int_type": _int_message,
    "int_from_float": _int_message,
    "string_too_short": _short_message,
    "string_too_long": _long_message,
    "model_type": _model_message,
    "model_attributes_type": _model_message,
    "too_short": _few_items_message,
    "greater_than_equal": _range_message,
    "less_than_equal": _range_message,
}


def _allowed_fields(model: type[BaseModel], loc: Path_) -> list[str]:
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part) if _is_model(current) else None
        if info is None:
            return []
        current = _inner_model(info.annotation)
    return sorted(current.model_fields) if _is_model(current) else []


def _is_model(obj: Any) -> bool:
    return isinstance(obj, type) and issubclass(obj, BaseModel)


def _inner_model(annotation: Any) -> Any:
    if _is_model(annotation):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def did_you_mean(word: str, options: list[str]) -> str:
    """Return ' (did you mean 'x'?)' for the closest option, or ''."""
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
