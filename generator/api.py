"""Public API used by the CLI and the tests: load + check, schemas, scaffold, build.

Pipeline position: orchestration over load → checks → render → write. Functions
here wire the stages together; each stage stays pure and testable on its own.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from pydantic import BaseModel

from generator.checks import check
from generator.findings import Finding, Location
from generator.load import ManualError, load_manual, require_manual
from generator.manual import Manual, unresolved, xref
from generator.models import ControlCatalogue, FaqTopic, Procedure, Role, Settings
from generator.render.pages import page_link_targets

__all__ = ["ManualError", "load_and_check", "scaffold", "write_schemas"]

PACKAGE_DIR = Path(__file__).resolve().parent
SCAFFOLD_DIR = PACKAGE_DIR / "defaults" / "scaffold"

SCHEMAS: dict[str, type[BaseModel]] = {
    "procedure": Procedure,
    "role": Role,
    "controls": ControlCatalogue,
    "faq": FaqTopic,
    "settings": Settings,
}


def at_root(root: Path, path: Path) -> Path:
    """A path from the command line: relative ones are in the manual folder, as with ``-C``."""
    return path if path.is_absolute() else root / path


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


def load_and_check(root: Path, today: dt.date | None = None) -> tuple[Manual | None, list[Finding]]:
    """Load the manual in ``root`` and run every rule on it.

    Returns:
        ``(manual, findings)``; the manual is ``None`` when a file could not be loaded.
    """
    require_manual(root)
    manual, findings = load_manual(root)
    if manual is None:
        return None, findings
    return manual, sorted(check(manual, today) + page_findings(root, manual))


def page_findings(root: Path, manual: Manual) -> list[Finding]:
    """E021 for links by id in the hand-written pages (templates/pages/*.md)."""
    found = []
    for path in sorted((root / "templates" / "pages").glob("*.md")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # the build names a page it cannot read
        rel = path.relative_to(root).as_posix()
        for line, col, target in page_link_targets(text):
            if xref(manual, target) is None:
                found.append(
                    Finding(
                        Location(rel, line, col),
                        "E021",
                        unresolved(target),
                    )
                )
    return found


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
