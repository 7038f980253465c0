"""Templates and assets as source: read once, so that rendering never touches the disk.

Hand-written pages (``templates/pages/``) are part of the manual (see ``pages``), not of
its presentation.

Layer: source. The project's ``templates/`` are the defaults; a manual may override any
single template or asset with a file of the same name in its own ``templates/``. Each
template keeps the path errors name (``templates/procedure.md.j2``); a manual's file
that is not UTF-8 is a finding at its path, not an error in the middle of a build.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from generator.source.findings import Finding, Location
from generator.source.pages import PAGES_DIR
from generator.source.tree import list_folder

DEFAULT_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
TEMPLATE_SUFFIXES = (".j2", ".md", ".html")
ASSETS = "assets"


@dataclass(frozen=True)
class Template:
    """The text of one template and the path that errors name."""

    text: str
    path: str


@dataclass(frozen=True)
class Presentation:
    """Every template (name → source) and asset (name → bytes) a build may use."""

    templates: Mapping[str, Template] = field(default_factory=dict)
    assets: Mapping[str, bytes] = field(default_factory=dict)


def load_presentation(root: Path) -> tuple[Presentation, list[Finding]]:
    """The defaults overlaid with the manual's own ``templates/`` (its files win)."""
    base = default_presentation()
    own = root / "templates"
    if own.resolve() == DEFAULT_TEMPLATES:
        return base, []
    paths, findings = list_folder(root, "templates", _is_presentation, skip={PAGES_DIR})
    templates, assets, problems = _read(own, "templates", paths)
    findings += problems
    return Presentation({**base.templates, **templates}, {**base.assets, **assets}), findings


def _is_presentation(rel: str) -> bool:
    """Files of ``templates/`` that are read: templates, and every file of ``assets/``."""
    return rel.startswith(f"templates/{ASSETS}/") or rel.endswith(TEMPLATE_SUFFIXES)


@cache
def default_presentation() -> Presentation:
    """The project's own templates and assets."""
    paths = sorted(p for p in DEFAULT_TEMPLATES.rglob("*") if p.is_file())
    templates, assets, _findings = _read(DEFAULT_TEMPLATES, "templates", paths)
    return Presentation(templates, assets)


def _read(
    folder: Path, shown: str, paths: list[Path]
) -> tuple[dict[str, Template], dict[str, bytes], list[Finding]]:
    templates: dict[str, Template] = {}
    assets: dict[str, bytes] = {}
    findings: list[Finding] = []
    for path in paths:
        name = path.relative_to(folder).as_posix()
        if name.startswith("pages/"):
            continue
        rel = f"{shown}/{name}"
        try:
            raw = path.read_bytes()
        except OSError as exc:
            findings.append(Finding(Location(rel), "E004", f"cannot read file: {exc.strerror}"))
            continue
        if name.startswith(f"{ASSETS}/"):
            assets[name.removeprefix(f"{ASSETS}/")] = raw
        elif path.suffix in TEMPLATE_SUFFIXES:
            try:
                templates[name] = Template(raw.decode("utf-8"), rel)
            except UnicodeDecodeError as exc:
                findings.append(
                    Finding(
                        Location(rel), "E004", f"not UTF-8 (byte {exc.start}): save it as UTF-8"
                    )
                )
    return templates, assets, findings
