"""MkDocs hooks the generator adds to every manual's configuration (build and serve).

Pipeline position: inside MkDocs, after the generator wrote site/. The manual's
mkdocs.yml does not name this file: ``build.mkdocs_config`` and ``serve`` append it to
the ``hooks`` the manual may have, so the protection holds whatever mkdocs.yml says.
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path
from typing import Any

# Templates that take precedence over the theme's and the manual's custom_dir: they
# close holes through which author text could become markup (see theme/main.html).
THEME_OVERRIDES = Path(__file__).parent / "theme"


def on_config(config: Any) -> Any:
    """Put the generator's template overrides first in the theme's search path."""
    dirs = config["theme"].dirs
    if str(THEME_OVERRIDES) not in dirs:
        dirs.insert(0, str(THEME_OVERRIDES))
    _quiet_jieba()
    return config


def _quiet_jieba() -> None:
    """Keep the log of jieba (Chinese search) loading its dictionary out of the output."""
    with contextlib.suppress(ImportError):
        import jieba

        jieba.setLogLevel(logging.WARNING)
