"""``opsmanual serve``: build, then MkDocs' live-reload server, regenerating on edits.

Layer: pipeline. A polling thread watches the YAML
sources, opsmanual.yml and templates/; on a change it reloads and checks the
manual and, when no error stands, rewrites only the pages that changed — MkDocs
sees those files change in site/ and reloads the browser. Polling keeps this
dependency-free and works on network shares where file events do not.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2

from generator.output.files import write_tree
from generator.output.mkdocs import with_hooks
from generator.pipeline.checking import load_and_check
from generator.pipeline.generate import generate
from generator.render.templating import describe_template_error
from generator.source.findings import Finding, Severity, summary
from generator.source.loader import FOLDERS, SETTINGS_FILE
from generator.source.presentation import load_presentation

WATCHED = (*FOLDERS, "templates", SETTINGS_FILE)


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


def regenerate(root: Path, nav: list[Any], echo: Callable[[str], None]) -> list[Finding]:
    """Reload, check and rewrite site/; the previous site stays when an error stands."""
    today = dt.date.today()
    manual, findings = load_and_check(root, today)
    for finding in findings:
        echo(finding.as_text())
    if manual is None or any(f.severity is Severity.ERROR for f in findings):
        echo(summary(findings) + " — site not updated")
        return findings
    presentation, _problems = load_presentation(root)
    generated = generate(root, manual, presentation, today, echo)
    nav[:] = generated.nav  # MkDocs re-reads its config with this very list on each rebuild
    report = write_tree(root / "site", generated.files)
    echo(f"regenerated: {len(report.written)} page(s) changed, {len(report.removed)} removed")
    return findings


def watch(root: Path, nav: list[Any], echo: Callable[[str], None], stop: threading.Event) -> None:
    """Poll the sources twice a second and regenerate on change."""
    seen = snapshot(root)
    while not stop.wait(0.5):
        now = snapshot(root)
        if now != seen:
            time.sleep(0.2)  # let an editor finish writing
            seen = snapshot(root)
            try:
                regenerate(root, nav, echo)
            except jinja2.TemplateError as exc:
                echo(f"regeneration failed: {describe_template_error(exc)}")
            except Exception as exc:  # noqa: BLE001 - keep serving; show what broke
                echo(f"regeneration failed: {exc}")


def serve(root: Path, nav: list[Any], dev_addr: str, echo: Callable[[str], None]) -> None:
    """Run MkDocs' live-reload server on site/ with a regenerating watcher."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    options = with_hooks(root, nav)  # fails early, with our message, on a bad mkdocs.yml
    stop = threading.Event()
    thread = threading.Thread(target=watch, args=(root, nav, echo, stop), daemon=True)
    thread.start()
    try:
        mkdocs_serve(
            config_file=str(root / "mkdocs.yml"), dev_addr=dev_addr, livereload=True, **options
        )
    finally:
        stop.set()
