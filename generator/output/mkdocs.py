"""MkDocs: load the manual's ``mkdocs.yml`` with the generated navigation, and build.

Layer: output. The one place that imports MkDocs. ``run_mkdocs`` builds into a
temporary folder and swaps it into ``public/`` only when MkDocs succeeded, so a failed
build leaves the previous site intact and says why it failed (MkDocs' warnings).
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from generator.output.files import replace_dir

HOOKS = Path(__file__).parent / "mkdocs_hooks.py"


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


def run_mkdocs(root: Path, nav: list[Any], docs_dir: Path | None = None) -> Path:
    """``mkdocs build --strict`` into a temporary folder, then swap it into public/.

    ``docs_dir`` replaces site/ as MkDocs' input (a staged copy, see ``build``).
    """
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import MkDocsException

    target = root / "public"
    staging = Path(tempfile.mkdtemp(prefix=".public-", dir=root))
    logger = logging.getLogger("mkdocs")
    warnings = _Warnings()
    logger.addHandler(warnings)
    try:
        docs = {"docs_dir": str(docs_dir)} if docs_dir else {}
        overrides = with_hooks(root, nav, site_dir=str(staging), strict=True, **docs)
        config = mkdocs_config(root, **overrides)
        logger.setLevel(logging.WARNING)
        mkdocs_build(config)
    except MkDocsException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        why = "".join(f"\n  - {m}" for m in warnings.messages)
        raise BuildError(f"mkdocs build failed: {exc}{why}") from exc
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        logger.removeHandler(warnings)
    replace_dir(staging, target)
    return target
