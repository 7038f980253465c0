"""Helpers for end-to-end tests: copy a manual, build it, serve public/ on localhost."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.pipeline.build import BuildResult, build
from generator.pipeline.scaffold import copy_sources

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
BUILD_DAY = dt.date(2026, 11, 23)


def copy_sample(target: Path) -> Path:
    """Copy the sample manual's sources (not its generated folders) into ``target``."""
    return copy_sources(ROOT, target)


def build_ok(root: Path) -> BuildResult:
    """Build and insist on success."""
    result = build(root, BUILD_DAY)
    errors = [f.as_text() for f in result.findings if f.severity.value == "error"]
    assert not errors, errors
    assert result.generated is not None or result.unchanged
    return result


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on a free localhost port; yields the base URL."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
