"""A new manual, the JSON Schemas editors read, and a copy of a manual's sources.

Layer: pipeline. ``scaffold`` writes the starter manual of ``opsmanual init``;
``write_schemas`` the schemas of ``opsmanual schema``, from the source models.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from pydantic import BaseModel

from generator.source.models import ControlCatalogue, FaqTopic, Procedure, Role, Settings

SCAFFOLD_DIR = Path(__file__).resolve().parent.parent / "defaults" / "scaffold"

SCHEMAS: dict[str, type[BaseModel]] = {
    "procedure": Procedure,
    "role": Role,
    "controls": ControlCatalogue,
    "faq": FaqTopic,
    "settings": Settings,
}


# What a manual is made of, without what the generator makes from it (site/, public/)
SOURCES = ("procedures", "roles", "controls", "faq", "templates", "mkdocs.yml", "opsmanual.yml")


def copy_sources(source: Path, target: Path) -> Path:
    """Copy the manual in ``source`` (its sources only) into ``target``; returns ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for name in SOURCES:
        path = source / name
        if path.is_dir():
            shutil.copytree(path, target / name)
        elif path.is_file():
            shutil.copyfile(path, target / name)
    return target


def schema_texts() -> dict[str, str]:
    """JSON Schema text of each source file kind, keyed by file name."""
    texts = {}
    for name, model in SCHEMAS.items():
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        texts[f"{name}.schema.json"] = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    return texts


def write_schemas(folder: Path, *, check_only: bool = False) -> list[str]:
    """Write (or with ``check_only`` compare) the schemas; return the stale file names."""
    stale = []
    for name, text in schema_texts().items():
        target = folder / name
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            stale.append(name)
            if not check_only:
                folder.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
    return stale


# Scaffold lines that depend on the manual's language (the files are written in English)
LOCALISED = {
    "opsmanual.yml": {"zh": {"language: en": "language: zh"}},
    "mkdocs.yml": {
        "zh": {
            "  language: en": "  language: zh",
            "permalink_title: Link to this section": "permalink_title: 本节链接",
            "site_name: Example Bank Operations Manual": "site_name: 示例银行操作手册",
        }
    },
}


def scaffold(target: Path, language: str) -> list[Path]:
    """Copy the starter manual into ``target`` (which must be new or empty)."""
    if target.exists() and any(target.iterdir()):
        raise FileExistsError(f"{target} is not empty")
    written = []
    for source in sorted(SCAFFOLD_DIR.rglob("*")):
        if source.is_dir():
            continue
        dest = target / source.relative_to(SCAFFOLD_DIR)
        dest.parent.mkdir(parents=True, exist_ok=True)
        if source.name in LOCALISED:
            text = source.read_text(encoding="utf-8")
            for english, local in LOCALISED[source.name].get(language, {}).items():
                text = text.replace(english, local)
            dest.write_text(text, encoding="utf-8")
        else:
            shutil.copyfile(source, dest)
        written.append(dest)
    for folder, text in schema_texts().items():
        (target / "schema").mkdir(exist_ok=True)
        (target / "schema" / folder).write_text(text, encoding="utf-8")
        written.append(target / "schema" / folder)
    return written
