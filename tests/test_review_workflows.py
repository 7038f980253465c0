"""The GitHub workflows: schema-valid, no security finding, and calling commands that exist."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

from generator.cli import cli
from generator.render.review.report import MARKER

from .conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent


def lint(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


def test_workflows_match_the_github_actions_schema() -> None:
    assert [p.name for p in WORKFLOWS] == ["publish.yml", "pull-request.yml", "reviews.yml"]
    done = lint(
        str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
        *map(str, WORKFLOWS),
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


def test_workflows_pass_the_zizmor_security_audit() -> None:
    done = lint(str(BIN / "zizmor"), "--offline", "--no-progress", ".github/workflows")
    assert done.returncode == 0, done.stdout + done.stderr


def test_workflows_call_existing_commands_and_the_report_marker() -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in WORKFLOWS)
    used = set(re.findall(r"\.venv/bin/opsmanual (\w+)", text))
    assert used == {"build", "check", "diff", "reviews"}
    assert used <= set(cli.commands)
    assert f'const marker = "{MARKER}";' in text
    pull = yaml.safe_load((ROOT / ".github/workflows/pull-request.yml").read_text(encoding="utf-8"))
    runs = [s.get("run", "") for s in pull["jobs"]["review"]["steps"]]
    assert '.venv/bin/opsmanual check --since "origin/$BASE_REF" --format github' in runs
    assert "make test" in runs and "make check" in runs


def test_pull_request_template_has_the_reviewer_checklist() -> None:
    text = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    for item in ("E070", "版本", "CODEOWNERS", "- [ ]"):
        assert item in text
