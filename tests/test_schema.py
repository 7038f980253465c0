"""The JSON Schemas (for editors) accept the sample manual and reject unknown fields."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from generator.pipeline.scaffold import schema_texts

ROOT = Path(__file__).resolve().parent.parent
KINDS = {"procedures": "procedure", "roles": "role", "controls": "controls", "faq": "faq"}


def _plain(value: Any) -> Any:
    """YAML as an editor sees it: dates stay strings."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def _validator(kind: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(schema_texts()[f"{kind}.schema.json"]))


def test_committed_schemas_are_current() -> None:
    for name, text in schema_texts().items():
        assert (ROOT / "schema" / name).read_text(encoding="utf-8") == text, name


@pytest.mark.parametrize("folder", sorted(KINDS))
def test_schema_accepts_every_sample_file(folder: str) -> None:
    validator = _validator(KINDS[folder])
    files = sorted((ROOT / folder).glob("*.yml"))
    assert files
    for path in files:
        data = _plain(yaml.safe_load(path.read_text(encoding="utf-8")))
        errors = [e.message for e in validator.iter_errors(data)]
        assert errors == [], path
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../schema/{KINDS[folder]}.schema.json", (
            path
        )


def test_schema_rejects_an_unknown_field() -> None:
    data = _plain(yaml.safe_load((ROOT / "roles/teller.yml").read_text(encoding="utf-8")))
    data["responsibilites"] = ["typo"]
    errors = list(_validator("role").iter_errors(data))
    assert errors and "responsibilites" in errors[0].message
