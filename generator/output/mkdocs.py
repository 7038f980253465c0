"""MkDocs: load the manual's ``mkdocs.yml`` with the generated navigation, and build.

Layer: output. The one place that imports MkDocs. ``run_mkdocs`` builds into a
temporary folder and swaps it into ``public/`` only when MkDocs succeeded, so a failed
build leaves the previous site intact and says why it failed (MkDocs' warnings).
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.output import incremental, safety

HOOKS = Path(__file__).parent / "mkdocs_hooks.py"
#: plugins that cope with pages left unread by an incremental build (others: clean builds)
INCREMENTAL_PLUGINS = frozenset({"search"})


class BuildError(Exception):
    """The site could not be built (MkDocs configuration or MkDocs itself)."""


def mkdocs_config(root: Path, nav: list[Any], **overrides: Any) -> Any:
    """Load the manual's mkdocs.yml with the generated nav.

    What the pages need from it (extensions, assets, theme, ``docs_dir``) the rules have
    checked (E023); what is left are MkDocs' own objections.
    """
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        raise BuildError(f"{config_file} is missing: run `opsmanual init` to see a complete one")
    try:
        config = load_config(config_file=str(config_file), nav=nav, **overrides)
    except (ConfigurationError, Abort) as exc:
        raise BuildError(f"mkdocs.yml: {exc}") from exc
    return config


def with_hooks(root: Path, nav: list[Any], **overrides: Any) -> dict[str, Any]:
    """Overrides for MkDocs' load_config that add the generator's hooks to the manual's."""
    config = mkdocs_config(root, nav, **overrides)
    return {**overrides, "nav": nav, "hooks": [*config["hooks"], str(HOOKS)]}


class _Warnings(logging.Handler):
    """Collects MkDocs' warnings: in strict mode they are why a build fails."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(" ".join(record.getMessage().split()))


@dataclass(frozen=True)
class MkDocsRun:
    """What a build of the site engine did."""

    pages: int
    rebuilt: tuple[str, ...]
    removed: tuple[str, ...]
    #: url → {"hash", "entries"}: the search entries to keep for the next build
    search: dict[str, dict[str, Any]]


def run_mkdocs(
    root: Path,
    nav: list[Any],
    docs_dir: Path,
    site_dir: Path,
    search_cache: dict[str, dict[str, Any]],
) -> MkDocsRun:
    """``mkdocs build --strict`` of ``docs_dir`` into ``site_dir``, incrementally.

    ``site_dir`` may hold the last build (a hard-linked copy): then only what changed is
    built again (see ``output.incremental``), and the result is what a clean build gives.
    Raises :class:`BuildError` with MkDocs' reasons when it fails.
    """
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import MkDocsException

    logger = logging.getLogger("mkdocs")
    warnings = _Warnings()
    logger.addHandler(warnings)
    overrides = with_hooks(root, nav, site_dir=str(site_dir), strict=True, docs_dir=str(docs_dir))
    config = mkdocs_config(root, **overrides)
    plugins = {name.split("/")[-1] for name in config.plugins if str(HOOKS) != name}
    # dirty mode even into an empty folder: the hooks decide what is built (all of it,
    # then) and link static files instead of copying them
    dirty = plugins <= INCREMENTAL_PLUGINS
    session = incremental.Session(site_key(root, nav, config), dirty, search_cache)
    incremental.ACTIVE = session if dirty else None
    build_log = logging.getLogger("mkdocs.commands.build")
    build_log.addFilter(_not_the_dirty_warning)
    try:
        logger.setLevel(logging.WARNING)
        mkdocs_build(config, dirty=dirty)
    except MkDocsException as exc:
        why = "".join(f"\n  - {m}" for m in warnings.messages)
        raise BuildError(f"mkdocs build failed: {exc}{why}") from exc
    finally:
        incremental.ACTIVE = None
        build_log.removeFilter(_not_the_dirty_warning)
        logger.removeHandler(warnings)
    expected = incremental.expected_outputs(session, config, site_dir)
    removed = incremental.remove_stale(site_dir, expected)
    return MkDocsRun(len(session.hashes), tuple(session.rebuilt), tuple(removed), session.entries)


def _not_the_dirty_warning(record: logging.LogRecord) -> bool:
    """MkDocs warns that a dirty build may be inaccurate: ours is not (see incremental)."""
    return not record.getMessage().startswith("A 'dirty' build is being performed")


def site_key(root: Path, nav: list[Any], config: Any) -> str:
    """What every page depends on: mkdocs.yml, the navigation, theme, engine, hooks, tool."""
    from importlib.metadata import version

    import mkdocs

    parts = [
        (root / "mkdocs.yml").read_bytes(),
        json.dumps(nav, ensure_ascii=False, sort_keys=True).encode(),
        f"{mkdocs.__version__} {version('mkdocs-material')}".encode(),
        HOOKS.read_bytes(),
        Path(incremental.__file__).read_bytes(),
        Path(safety.__file__).read_bytes(),
    ]
    custom = config["theme"].custom_dir
    if custom:
        parts += [f.read_bytes() for f in sorted(Path(custom).rglob("*")) if f.is_file()]
    return incremental.digest(b"\0".join(parts))
