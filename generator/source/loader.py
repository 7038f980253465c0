"""Folders of YAML and hand-written pages → a validated :class:`Manual`, or findings.

Layer: source. Reading is delegated to ``yamlfile`` (safe YAML with marks); this module
finds the files, validates each against its model (``schema_errors`` maps pydantic's
errors back to the offending node) and reads the hand-written pages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.source.findings import Finding, Location
from generator.source.manual import Manual
from generator.source.models import ControlCatalogue, FaqTopic, Procedure, Role, Settings
from generator.source.pages import PAGES_DIR, Page
from generator.source.schema_errors import schema_finding, without_echoes
from generator.source.siteconfig import load_site_config
from generator.source.yamlfile import Marks, Path_, read_yaml

SETTINGS_FILE = "opsmanual.yml"
#: source folder → the model each of its YAML files holds
FOLDERS: dict[str, type[BaseModel]] = {
    "procedures": Procedure,
    "roles": Role,
    "controls": ControlCatalogue,
    "faq": FaqTopic,
}


class ManualError(Exception):
    """The manual folder itself is unusable (not a directory)."""


def manual_entries() -> tuple[str, ...]:
    """What makes a folder a manual: any of its source folders or its settings file."""
    return (*(f"{folder}/" for folder in FOLDERS), SETTINGS_FILE)


def require_manual(root: Path, label: str | None = None) -> None:
    """Raise :class:`ManualError` when ``root`` holds none of a manual's entries.

    Without this, ``check`` on a wrong folder (a typo in ``-C``) finds nothing to
    object to and passes.
    """
    if not any((root / name).exists() for name in manual_entries()):
        raise ManualError(
            f"'{label or root}' holds no manual: none of {', '.join(manual_entries())}; "
            "point -C at the manual's folder, or start one with `opsmanual init DIR`"
        )


def source_files(root: Path) -> dict[str, list[Path]]:
    """The YAML files of each source folder, sorted (subfolders allowed)."""
    found: dict[str, list[Path]] = {}
    for folder in FOLDERS:
        base = root / folder
        files = [p for p in base.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file()]
        found[folder] = sorted(files)
    return found


def load_manual(root: Path) -> tuple[Manual | None, list[Finding]]:
    """Read and validate the manual in ``root``.

    Returns:
        ``(manual, findings)``. The manual is ``None`` when any file failed to load:
        cross-reference rules on a partial manual would only report echoes.
    """
    if not root.is_dir():
        raise ManualError(f"{root} is not a directory")
    findings: list[Finding] = []
    origins: dict[int, tuple[Marks, Path_]] = {}
    settings = Settings()
    settings_path = root / SETTINGS_FILE
    if settings_path.is_file():
        loaded = _load_file(root, settings_path, Settings, origins, findings)
        settings = loaded if isinstance(loaded, Settings) else settings
    objects = _load_objects(root, origins, findings)
    pages = _load_pages(root, findings)
    site, problems = load_site_config(root)
    findings.extend(problems)
    if findings:
        return None, sorted(findings)
    catalogues = [c for c in objects["controls"] if isinstance(c, ControlCatalogue)]
    manual = Manual(
        settings=settings,
        procedures=tuple(p for p in objects["procedures"] if isinstance(p, Procedure)),
        roles=tuple(r for r in objects["roles"] if isinstance(r, Role)),
        risks=tuple(r for c in catalogues for r in c.risks),
        controls=tuple(k for c in catalogues for k in c.controls),
        faq=tuple(t for t in objects["faq"] if isinstance(t, FaqTopic)),
        pages=pages,
        site=site,
        origins=origins,
    )
    return manual, []


def _load_objects(
    root: Path, origins: dict[int, tuple[Marks, Path_]], findings: list[Finding]
) -> dict[str, list[BaseModel]]:
    """The validated model of every YAML file, by source folder."""
    objects: dict[str, list[BaseModel]] = {folder: [] for folder in FOLDERS}
    for folder, paths in source_files(root).items():
        for path in paths:
            obj = _load_file(root, path, FOLDERS[folder], origins, findings)
            if obj is not None:
                objects[folder].append(obj)
    return objects


def _load_pages(root: Path, findings: list[Finding]) -> tuple[Page, ...]:
    """The hand-written pages (``templates/pages/*.md``), in name order."""
    pages = []
    for path in sorted((root / PAGES_DIR).glob("*.md")):
        rel = path.relative_to(root).as_posix()
        raw = _read_bytes(root, path, rel, findings)
        if raw is None:
            continue
        try:
            pages.append(Page(path.name, rel, raw.decode("utf-8")))
        except UnicodeDecodeError as exc:
            before = raw[: exc.start]
            where = Location(rel, before.count(b"\n") + 1, exc.start - before.rfind(b"\n"))
            message = f"not UTF-8 (byte {exc.start}): save it as UTF-8"
            findings.append(Finding(where, "E004", message))
    return tuple(pages)


def _read_bytes(root: Path, path: Path, rel: str, findings: list[Finding]) -> bytes | None:
    """A file's bytes, or None with a finding: a link out of the manual, or unreadable."""
    if path.is_symlink() and not path.resolve().is_relative_to(root.resolve()):
        findings.append(
            Finding(
                Location(rel),
                "E004",
                "this file is a link to a file outside the manual: put the file itself here",
            )
        )
        return None
    try:
        return path.read_bytes()
    except OSError as exc:
        findings.append(Finding(Location(rel), "E004", f"cannot read file: {exc.strerror}"))
        return None


def _load_file(
    root: Path,
    path: Path,
    model: type[BaseModel],
    origins: dict[int, tuple[Marks, Path_]],
    findings: list[Finding],
) -> BaseModel | None:
    rel = path.relative_to(root).as_posix()
    raw = _read_bytes(root, path, rel, findings)
    if raw is None:
        return None
    data, marks, problems = read_yaml(rel, raw)
    findings.extend(problems)
    if data is None or marks is None or problems:
        return None
    if model is FaqTopic and isinstance(data, dict) and "id" not in data:
        data["id"] = path.stem
    try:
        obj = model.model_validate(data)
    except ValidationError as exc:
        errors = without_echoes(exc.errors())
        findings.extend(schema_finding(marks, err, model) for err in errors)
        return None
    _record_origins(obj, (), marks, origins)
    return obj


def _record_origins(
    obj: Any, path: Path_, marks: Marks, origins: dict[int, tuple[Marks, Path_]]
) -> None:
    if isinstance(obj, BaseModel):
        origins[id(obj)] = (marks, path)
        for name in type(obj).model_fields:
            _record_origins(getattr(obj, name), (*path, name), marks, origins)
    elif isinstance(obj, tuple):
        for i, item in enumerate(obj):
            _record_origins(item, (*path, i), marks, origins)
    elif isinstance(obj, dict):  # settings' sources: code → label
        for key, item in obj.items():
            _record_origins(item, (*path, key), marks, origins)
