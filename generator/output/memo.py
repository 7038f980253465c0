"""A memo on disk for costly render outputs, keyed by everything they depend on.

Layer: output. Renderers ask ``fetch(key, make)`` (``render.context.Memo``); the key names
the inputs of the output (say the content of a bank's questions), and the memo's own
namespace the rest (the tool's code, the templates, the messages), so a kept output is
exactly what ``make`` would return. Entries are plain zip files (no pickle: nothing in
``.cache`` is ever run); what a build did not use is removed after it.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

from generator.output.files import write_file


class DiskMemo:
    """Blobs kept in ``folder``, one zip file an entry."""

    def __init__(self, folder: Path, namespace: str) -> None:
        self.folder = folder
        self.namespace = namespace
        self.used: set[str] = set()

    def _path(self, key: str) -> Path:
        name = hashlib.sha256(f"{self.namespace}\0{key}".encode()).hexdigest()[:40]
        return self.folder / f"{name}.zip"

    def fetch(self, key: str, make: Callable[[], dict[str, bytes]]) -> dict[str, bytes]:
        """The blobs kept under ``key``, or made now and kept."""
        path = self._path(key)
        self.used.add(path.name)
        try:
            with zipfile.ZipFile(path) as archive:
                return {name: archive.read(name) for name in archive.namelist()}
        except (OSError, zipfile.BadZipFile, KeyError):
            pass
        blobs = make()
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
            for name, data in blobs.items():
                archive.writestr(name, data)
        write_file(path, out.getvalue())
        return blobs

    def prune(self) -> None:
        """Remove the entries this build did not use."""
        if self.folder.is_dir():
            for path in self.folder.glob("*.zip"):
                if path.name not in self.used:
                    path.unlink(missing_ok=True)
