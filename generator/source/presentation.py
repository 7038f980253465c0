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
    if not own.is_dir() or own.resolve() == DEFAULT_TEMPLATES:
        return base, []
    templates, assets, findings = _read(own, "templates")
    return Presentation({**base.templates, **templates}, {**base.assets, **assets}), findings


@cache
def default_presentation() -> Presentation:
    """The project's own templates and assets."""
    templates, assets, _findings = _read(DEFAULT_TEMPLATES, "templates")
    return Presentation(templates, assets)


def _read(folder: Path, shown: str) -> tuple[dict[str, Template], dict[str, bytes], list[Finding]]:
    templates: dict[str, Template] = {}
    assets: dict[str, bytes] = {}
    findings: list[Finding] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = path.relative_to(folder).as_posix()
        if name.startswith("pages/"):
            continue
        if name.startswith(f"{ASSETS}/"):
            assets[name.removeprefix(f"{ASSETS}/")] = path.read_bytes()
        elif path.suffix in TEMPLATE_SUFFIXES:
            rel = f"{shown}/{name}"
            try:
                templates[name] = Template(path.read_bytes().decode("utf-8"), rel)
            except UnicodeDecodeError as exc:
                findings.append(
                    Finding(
                        Location(rel), "E004", f"not UTF-8 (byte {exc.start}): save it as UTF-8"
                    )
                )
    return templates, assets, findings
