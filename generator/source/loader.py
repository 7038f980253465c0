"""Folders of YAML and hand-written pages → a validated :class:`Manual`, or findings.

Layer: source. Reading is delegated to ``yamlfile`` (safe YAML with marks); this module
finds the files, validates each against its model (``schema_errors`` maps pydantic's
errors back to the offending node) and reads the hand-written pages.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.source.findings import Finding, Location, Severity
from generator.source.manual import Manual
from generator.source.models import ControlCatalogue, FaqTopic, Procedure, Role, Settings
from generator.source.pages import PAGES_DIR, Page, is_page, read_page
from generator.source.schema_errors import schema_finding, without_echoes
from generator.source.siteconfig import load_site_config
from generator.source.tree import list_folder, single_file
from generator.source.yamlfile import MAX_BYTES, Marks, Path_, read_yaml

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


def is_yaml(rel: str) -> bool:
    """Whether a file of a source folder is read."""
    return rel.endswith((".yml", ".yaml"))


def source_files(root: Path) -> tuple[dict[str, list[Path]], list[Finding]]:
    """The YAML files of each source folder, sorted (subfolders allowed), and what is not read."""
    found: dict[str, list[Path]] = {}
    findings: list[Finding] = []
    for folder in FOLDERS:
        found[folder], problems = list_folder(root, folder, is_yaml)
        findings += problems
    return found, findings


def load_manual(root: Path) -> tuple[Manual | None, list[Finding]]:
    """Read and validate the manual in ``root``.

    Returns:
        ``(manual, findings)``. The manual is ``None`` when any file failed to load (an
        error): cross-reference rules on a partial manual would only report echoes.
    """
    if not root.is_dir():
        raise ManualError(f"{root} is not a directory")
    findings: list[Finding] = []
    origins: dict[int, tuple[Marks, Path_]] = {}
    settings = Settings()
    settings_path, problems = single_file(root, SETTINGS_FILE)
    findings += problems
    if settings_path is not None:
        loaded = _load_file(root, settings_path, Settings, origins, findings)
        settings = loaded if isinstance(loaded, Settings) else settings
    objects = _load_objects(root, origins, findings)
    pages = _load_pages(root, findings)
    site, problems = load_site_config(root)
    findings.extend(problems)
    if any(f.severity is Severity.ERROR for f in findings):
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
    return manual, sorted(findings)  # warnings only: a file nothing reads


def _load_objects(
    root: Path, origins: dict[int, tuple[Marks, Path_]], findings: list[Finding]
) -> dict[str, list[BaseModel]]:
    """The validated model of every YAML file, by source folder."""
    objects: dict[str, list[BaseModel]] = {folder: [] for folder in FOLDERS}
    files, problems = source_files(root)
    findings += problems
    for folder, paths in files.items():
        for path in paths:
            obj = _load_file(root, path, FOLDERS[folder], origins, findings)
            if obj is not None:
                objects[folder].append(obj)
    return objects


def _load_pages(root: Path, findings: list[Finding]) -> tuple[Page, ...]:
    """The hand-written pages (``templates/pages/*.md``), in name order."""
    pages = []
    paths, problems = list_folder(root, PAGES_DIR, is_page, recursive=False)
    findings += problems
    for path in paths:
        rel = path.relative_to(root).as_posix()
        raw = read_bytes(path, rel, findings)
        if raw is None:
            continue
        page, problems = read_page(path.name, rel, raw)
        findings += problems
        if page is not None:
            pages.append(page)
    return tuple(pages)


def read_bytes(path: Path, rel: str, findings: list[Finding]) -> bytes | None:
    """A file's bytes (listed by ``tree``, so inside the manual), or None with a finding."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:  # not read at all: the limit is there for memory too
            message = f"file is {size} bytes, over the 1 MiB limit: split it"
            findings.append(Finding(Location(rel), "E004", message))
            return None
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
    raw = read_bytes(path, rel, findings)
    if raw is None:
        return None
    obj, file_origins, problems = _parsed(rel, raw, model)
    findings.extend(problems)
    origins.update(file_origins)
    return obj


#: about the files of a manual of 2,000 procedures
PARSED_FILES = 4096


@lru_cache(maxsize=PARSED_FILES)
def _parsed(
    rel: str, raw: bytes, model: type[BaseModel]
) -> tuple[BaseModel | None, dict[int, tuple[Marks, Path_]], tuple[Finding, ...]]:
    """One file's validated model, where each of its parts came from, and its findings.

    Cached by the file's bytes: a file read before (a re-check under ``opsmanual serve``,
    the second side of a comparison) is neither parsed nor validated again. The model is
    frozen, so the same object serves every manual that holds the file.
    """
    data, marks, problems = read_yaml(rel, raw)
    if data is None or marks is None or problems:
        return None, {}, tuple(problems)
    if model is FaqTopic and isinstance(data, dict) and "id" not in data:
        data["id"] = PurePosixPath(rel).stem
    try:
        obj = model.model_validate(data)
    except ValidationError as exc:
        errors = without_echoes(exc.errors())
        return None, {}, tuple(schema_finding(marks, err, model) for err in errors)
    origins: dict[int, tuple[Marks, Path_]] = {}
    _record_origins(obj, (), marks, origins)
    return obj, origins, ()


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
