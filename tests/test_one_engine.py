"""One rule engine: the command line, the library and the pull-request report agree."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import generator
from generator.cli import cli
from generator.pipeline.review import compare
from generator.pipeline.scaffold import copy_sources

from .conftest import KITCHEN_SINK, ROOT, TODAY

BROKEN_PAGE = "# Guide\n\nAsk the [teller](role:teller) or [nobody](role:nobody).\n"


def _cli_findings(root: Path) -> list[tuple[str, str, str]]:
    result = CliRunner().invoke(
        cli, ["-C", str(root), "check", "--format", "json", "--today", TODAY.isoformat()]
    )
    return sorted(
        (f"{f['path']}:{f['line']}:{f['col']}", f["code"], f["message"])
        for f in json.loads(result.output)
    )


def _library_findings(root: Path) -> list[tuple[str, str, str]]:
    _manual, found = generator.load_and_check(root, TODAY)
    return sorted((str(f.location), f.code, f.message) for f in found)


@pytest.mark.parametrize("source", ["sample", "broken page"])
def test_cli_library_and_review_report_give_the_same_findings(tmp_path: Path, source: str) -> None:
    base = copy_sources(ROOT if source == "sample" else KITCHEN_SINK, tmp_path / "base")
    head = copy_sources(base, tmp_path / "head")
    if source == "broken page":
        (head / "templates" / "pages").mkdir(parents=True, exist_ok=True)
        (head / "templates" / "pages" / "guide.md").write_text(BROKEN_PAGE, encoding="utf-8")
    on_cli, in_library = _cli_findings(head), _library_findings(head)
    assert on_cli == in_library
    changes = compare(tmp_path, "base", "head", TODAY).changes
    introduced = sorted(
        (c.where or "", c.target, str(c.after)) for c in changes.findings if c.action == "added"
    )
    if source == "sample":
        assert on_cli == [] and introduced == []
    else:
        expected = (
            "templates/pages/guide.md:3:43",
            "E021",
            "link 'role:nobody' points at nothing: check the id "
            "(procedure:ID#step, role:ID, control:ID, risk:ID, faq:ID)",
        )
        assert expected in on_cli
        assert introduced == [f for f in on_cli if f not in _cli_findings(base)]
        assert expected in introduced
