"""``opsmanual serve``: the last good site at once, rebuilt on every edit, reloaded live.

Layer: pipeline. The server answers as soon as it listens — with the last built site
(``public/``), or a page saying it is being built — while the first build runs behind
it. A watcher polls the sources twice a second; on a change it runs the same
incremental build as ``opsmanual build``, so only what changed is made again. Pages are
served with a small script (added on the way out, never written into ``public/``) that
asks the server for its state: after a good build the page reloads; while an error
stands the page shows it (``file:line: CODE message``, as text) over the last good site,
and the overlay goes away with the next good save. Polling keeps this free of
dependencies and works on network shares where file events do not.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from generator.output.graphviz import GraphvizError
from generator.output.lock import BuildLocked
from generator.output.mkdocs import BuildError
from generator.pipeline.build import build
from generator.render.templating import describe_template_error
from generator.source.findings import Severity, summary
from generator.source.loader import FOLDERS, SETTINGS_FILE
from generator.source.messages import MessageError, translator
from generator.source.siteconfig import CONFIG_FILE
from generator.source.yamlfile import read_yaml

WATCHED = (*FOLDERS, "templates", SETTINGS_FILE, CONFIG_FILE)
LIVE = "/.opsmanual/"
POLL = 0.5
LIVE_JS = (Path(__file__).parent / "live.js").read_bytes()


@dataclass
class LiveState:
    """What the pages ask the server: the build generation and the problems standing."""

    generation: int = 0
    building: bool = True
    problems: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def as_json(self, title: str) -> bytes:
        """The state for live.js."""
        with self.lock:
            data = {
                "generation": self.generation,
                "building": self.building,
                "problems": self.problems,
                "title": title,
            }
        return json.dumps(data, ensure_ascii=False).encode()


def snapshot(root: Path) -> dict[str, float]:
    """Modification times of every watched file."""
    stamps: dict[str, float] = {}
    for name in WATCHED:
        path = root / name
        files = [path] if path.is_file() else path.rglob("*") if path.is_dir() else []
        for file in files:
            if file.is_file():
                stamps[str(file)] = file.stat().st_mtime
    return stamps


def rebuild(root: Path, state: LiveState, echo: Callable[[str], None]) -> None:
    """One build; the state says whether the pages reload or show what stands in the way."""
    with state.lock:
        state.building = True
    problems: list[str] = []
    changed = False
    try:
        result = build(root, progress=echo, for_serve=True)
        errors = [f for f in result.findings if f.severity is Severity.ERROR]
        for finding in result.findings:
            echo(finding.as_text())
        if errors:
            echo(summary(result.findings) + " — site not updated")
            problems = [f.as_text() for f in errors]
        changed = not result.unchanged and not errors
    except jinja2.TemplateError as exc:
        problems = [describe_template_error(exc)]
    except (BuildError, BuildLocked, GraphvizError, MessageError, OSError) as exc:
        problems = [str(exc)]
    except Exception as exc:  # noqa: BLE001 - keep serving; show what broke
        problems = [f"build failed: {type(exc).__name__}: {exc}"]
    for problem in problems:
        echo(problem)
    with state.lock:
        state.building = False
        state.problems = problems
        state.generation += int(changed)


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Files of public/, pages with live.js added, and the live endpoints."""

    state: LiveState
    title: str

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        """Serve the live endpoints, pages with live.js, and every other file as it is."""
        path = self.path.split("?")[0]
        if path == LIVE + "state":
            return self._send(self.state.as_json(self.title), "application/json")
        if path == LIVE + "live.js":
            return self._send(LIVE_JS, "text/javascript")
        target = Path(self.translate_path(path))
        if target.is_dir():
            target = target / "index.html"
        built = Path(self.directory).is_dir()
        if not built or (path.endswith("/") and not target.is_file()):  # not built yet
            return self._send(_with_live(_WAITING.encode()), "text/html; charset=utf-8")
        if target.suffix == ".html" and target.is_file():
            return self._send(_with_live(target.read_bytes()), "text/html; charset=utf-8")
        return super().do_GET()

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


_WAITING = "<!doctype html><meta charset=utf-8><title>…</title><p>⏳</p>"


def _with_live(page: bytes) -> bytes:
    tag = f'<script src="{LIVE}live.js" defer></script>'.encode()
    at = page.rfind(b"</body>")
    return page[:at] + tag + page[at:] if at >= 0 else page + tag


def serve(root: Path, dev_addr: str, echo: Callable[[str], None]) -> None:
    """Serve ``root/public`` on ``dev_addr`` (host:port) and rebuild on every edit."""
    host, _, port = dev_addr.rpartition(":")
    state = LiveState()
    settings_language = _language(root)
    handler = functools.partial(_Handler, directory=str(root / "public"))
    _Handler.state = state
    _Handler.title = translator(settings_language)("serve_problems")
    server = http.server.ThreadingHTTPServer((host or "127.0.0.1", int(port)), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    echo(f"serving on http://{host or '127.0.0.1'}:{server.server_address[1]}/ (Ctrl+C stops)")
    try:
        seen = snapshot(root)
        rebuild(root, state, echo)
        while True:
            time.sleep(POLL / 2)
            now = snapshot(root)
            if now != seen:
                time.sleep(0.1)  # let an editor finish writing
                seen = snapshot(root)
                rebuild(root, state, echo)
    except KeyboardInterrupt:
        echo("stopped")
    finally:
        server.shutdown()
        server.server_close()


def _language(root: Path) -> str:
    """The manual's UI language (before any build: the overlay speaks it from the start)."""
    settings = root / SETTINGS_FILE
    data = read_yaml(SETTINGS_FILE, settings.read_bytes())[0] if settings.is_file() else None
    language = data.get("language") if isinstance(data, dict) else None
    return language if language in ("zh", "en") else "zh"
