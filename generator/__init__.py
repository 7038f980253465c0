"""opsmanual: an operations manual kept as code (YAML → validated model → MkDocs site)."""

from generator.api import load_and_check
from generator.checks import check
from generator.load import load_manual

__all__ = ["check", "load_and_check", "load_manual"]
