"""`opsmanual serve`: edits to the YAML regenerate the site and MkDocs serves the new page."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import KITCHEN_SINK, copy_manual

pytestmark = pytest.mark.requires_dot  # every test here builds a site: Graphviz draws


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(url: str, needle: str, timeout: float = 90) -> str:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                last = str(response.read().decode("utf-8"))
            if needle in last:
                return last
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{needle!r} never appeared at {url}")


def test_serve_regenerates_on_edit_and_keeps_site_on_error(tmp_path: Path) -> None:
    root = copy_manual(KITCHEN_SINK, tmp_path / "ks")
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator.cli",
            "-C",
            str(root),
            "serve",
            "--dev-addr",
            f"127.0.0.1:{port}",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/procedures/suspicious-case/"
    try:
        _wait_for(url, "Analyse the case")
        source = root / "procedures/suspicious-case.yml"
        text = source.read_text(encoding="utf-8")
        text = text.replace("title: Handle a suspicious case", 'title: "Handle </title><b>it"')
        source.write_text(
            text.replace("Analyse the case", "Analyse the whole file"), encoding="utf-8"
        )
        page = _wait_for(url, "Analyse the whole file")
        # the served site has the generator's hooks too: its <title> stays escaped
        assert "<title>Handle &lt;/title&gt;&lt;b&gt;it - " in page
        assert "</title><b>" not in page
        source.write_text(
            text.replace("owner: compliance-officer\n    controls", "owner: nobody\n    controls"),
            encoding="utf-8",
        )
        deadline = time.monotonic() + 30
        while "site not updated" not in (tmp_path / "serve.log").read_text(encoding="utf-8"):
            assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text(encoding="utf-8")
            time.sleep(0.5)
        assert "Analyse the whole file" in _wait_for(url, "Analyse the whole file")
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()
    assert "E020" in (tmp_path / "serve.log").read_text(encoding="utf-8")


@pytest.mark.browser
def test_serve_shows_an_edit_and_an_error_in_the_open_page_then_clears_it(
    tmp_path: Path,
) -> None:
    from .browser import chromium

    root = copy_manual(KITCHEN_SINK, tmp_path / "ks")
    port = _free_port()
    log_path = tmp_path / "serve.log"
    log = log_path.open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "-C", str(root), "serve", "--dev-addr",
         f"127.0.0.1:{port}"],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    source = root / "procedures/suspicious-case.yml"
    text = source.read_text(encoding="utf-8")
    try:
        deadline = time.monotonic() + 30
        while "serving on" not in log_path.read_text(encoding="utf-8"):
            assert time.monotonic() < deadline, log_path.read_text(encoding="utf-8")
            time.sleep(0.1)
        # the address is given before the first build has finished
        assert "site built" not in log_path.read_text(encoding="utf-8")
        url = f"http://127.0.0.1:{port}/procedures/suspicious-case/"
        _wait_for(url, "Analyse the case")
        with chromium() as browser:
            page = browser.new_page()
            page.goto(url)
            page.wait_for_selector("h3:has-text('Analyse the case')")
            source.write_text(text.replace("Analyse the case", "Study the whole file"), "utf-8")
            page.wait_for_selector("h3:has-text('Study the whole file')", timeout=60_000)
            source.write_text(
                text.replace("  - id: analyse\n", "  - id: analyse\n  - :\n"), "utf-8"
            )
            problems = page.wait_for_selector("#opsmanual-problems", timeout=60_000)
            assert "procedures/suspicious-case.yml:" in problems.inner_text()
            assert "E001" in problems.inner_text()
            assert page.locator("h3:has-text('Study the whole file')").count() == 1  # old site
            source.write_text(text.replace("Analyse the case", "Analyse it again"), "utf-8")
            page.wait_for_selector("h3:has-text('Analyse it again')", timeout=60_000)
            assert page.locator("#opsmanual-problems").count() == 0
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()
