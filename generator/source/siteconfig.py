"""The parts of ``mkdocs.yml`` the generated pages rely on, read with their places.

Layer: source. MkDocs itself reads ``mkdocs.yml`` when the site is built (in the output
layer); the rules check here, before anything is built, what the pages need from it —
the Markdown extensions, the style sheets and scripts, the theme, ``docs_dir`` — so a
manual that ``check`` passed is never refused by the build for its configuration.
Tags such as ``!ENV`` are MkDocs' own: the reader keeps their values as text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.source.findings import Finding, Location
from generator.source.tree import single_file
from generator.source.yamlfile import Data, Marks, read_yaml

CONFIG_FILE = "mkdocs.yml"


@dataclass(frozen=True)
class SiteConfig:
    """What the generated pages need from ``mkdocs.yml``, as written."""

    extensions: tuple[str, ...] = ()
    extra_css: tuple[str, ...] = ()
    extra_javascript: tuple[str, ...] = ()
    docs_dir: str | None = None
    theme: str | None = None
    marks: Marks = field(default_factory=lambda: Marks(CONFIG_FILE))

    def where(self, *key: str) -> Location:
        """Location of a top-level key (or of the file's start when it is absent)."""
        return self.marks.at(key, key=True)


def load_site_config(root: Path) -> tuple[SiteConfig | None, list[Finding]]:
    """``mkdocs.yml`` of the manual in ``root``: None (and a finding) when it is missing."""
    path, findings = single_file(root, CONFIG_FILE)
    if path is None:  # absent: the rules say so (E023); unusable: a finding already says why
        return None, findings
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Finding(Location(CONFIG_FILE), "E004", f"cannot read file: {exc.strerror}")]
    data, marks, findings = read_yaml(CONFIG_FILE, raw, any_tag=True)
    if not isinstance(data, dict) or marks is None or findings:
        return None, findings
    theme = data.get("theme")
    return (
        SiteConfig(
            extensions=tuple(_names(data.get("markdown_extensions"))),
            extra_css=tuple(_names(data.get("extra_css"), "path")),
            extra_javascript=tuple(_names(data.get("extra_javascript"), "path")),
            docs_dir=_text(data.get("docs_dir")),
            theme=_text(theme.get("name") if isinstance(theme, dict) else theme),
            marks=marks,
        ),
        [],
    )


def _names(value: Data, key: str | None = None) -> list[str]:
    """The names of a list's entries: plain names, or mappings.

    A mapping is named by ``key`` (``- path: x.js``) or, without a key, by its one key
    (``- toc: {permalink: true}``).
    """
    if not isinstance(value, list):
        return []
    found: list[str] = []
    for item in value:
        if isinstance(item, dict):
            found += [str(k) for k in item] if key is None else [str(item.get(key) or "")]
        elif isinstance(item, str):
            found.append(item)
    return [name for name in found if name]


def _text(value: Data) -> str | None:
    return value if isinstance(value, str) else None
