"""opsmanual: an operations manual kept as code (YAML → validated model → MkDocs site).

The library's entry points, imported lazily so that importing one layer (say
``generator.rules``) does not pull in the layers above it:

- ``load_manual(root)`` → ``(manual, findings)``: read and validate the files;
- ``check(manual, today)`` → findings: run every rule;
- ``load_and_check(root, today)`` → ``(manual, findings)``: both, as ``opsmanual check``;
- ``build(root, today)``: check, generate and build the site, as ``opsmanual build``.
"""

from __future__ import annotations

import importlib
from typing import Any

_ENTRY_POINTS = {
    "load_manual": "generator.source.loader",
    "check": "generator.rules",
    "load_and_check": "generator.pipeline.checking",
    "build": "generator.pipeline.build",
}

__all__ = sorted(_ENTRY_POINTS)


def __getattr__(name: str) -> Any:
    """The entry point ``name``, imported from its layer on first use."""
    if name not in _ENTRY_POINTS:
        raise AttributeError(f"module 'generator' has no attribute {name!r}")
    return getattr(importlib.import_module(_ENTRY_POINTS[name]), name)
