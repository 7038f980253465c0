"""The CLI: formats, exit codes, schema, init."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli

from .conftest import KITCHEN_SINK, ROOT, copy_manual, write_manual

BROKEN = {"roles/teller.yml": "id: teller\nname: Teller\nkind: employee\n"}


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["-C", str(root), *args])
    return result.exit_code, result.output


def test_check_clean_exits_zero(tmp_path: Path) -> None:
    code, out = run(write_manual(tmp_path / "m", {}), "check", "--today", "2026-11-23")
    assert code == 0 and "no problems found" in out


def test_check_text_format_and_exit_one(tmp_path: Path) -> None:
    code, out = run(write_manual(tmp_path / "m", BROKEN), "check")
    assert code == 1
    assert out.splitlines()[0].startswith("roles/teller.yml:3:7: E010 error: 'kind' is 'employee'")
    assert out.splitlines()[-1] == "✖ 1 error, 0 warnings in 1 file"


def test_check_github_format(tmp_path: Path) -> None:
    code, out = run(write_manual(tmp_path / "m", BROKEN), "check", "--format", "github")
    assert code == 1
    assert out.startswith(
        "::error file=roles/teller.yml,line=3,col=7,title=E010::'kind' is 'employee'"
    )


def test_check_json_format_is_stable(tmp_path: Path) -> None:
    code, out = run(write_manual(tmp_path / "m", BROKEN), "check", "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert list(data[0]) == ["path", "line", "col", "code", "severity", "message"]
    assert data[0]["code"] == "E010" and data[0]["line"] == 3


def test_strict_fails_on_warnings_only_when_asked(tmp_path: Path) -> None:
    root = write_manual(tmp_path / "m", {"roles/auditor.yml": "id: auditor\nname: Auditor\n"})
    assert run(root, "check", "--today", "2026-11-23")[0] == 0
    code, out = run(root, "check", "--strict", "--today", "2026-11-23")
    assert code == 1 and "W061" in out


def test_missing_directory_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["-C", str(tmp_path / "nope"), "check"])
    assert result.exit_code == 2 and "no such directory" in result.output


def test_init_scaffolds_a_manual_that_passes_check(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "new"), "--language", "zh"])
    assert result.exit_code == 0
    assert (tmp_path / "new/schema/procedure.schema.json").is_file()
    assert "language: zh" in (tmp_path / "new/opsmanual.yml").read_text(encoding="utf-8")
    mkdocs = (tmp_path / "new/mkdocs.yml").read_text(encoding="utf-8")
    assert "  language: zh" in mkdocs and "permalink_title: 本节链接" in mkdocs
    code, out = run(tmp_path / "new", "check", "--strict", "--today", "2026-11-23")
    assert code == 0, out
    again = CliRunner().invoke(cli, ["init", str(tmp_path / "new")])
    assert again.exit_code == 1 and "not empty" in again.output


def test_schema_check_detects_stale_schemas(tmp_path: Path) -> None:
    root = write_manual(tmp_path / "m", {})
    assert run(root, "schema")[0] == 0
    assert run(root, "schema", "--check")[0] == 0
    (root / "schema/role.schema.json").write_text("{}", encoding="utf-8")
    code, _out = run(root, "schema", "--check")
    assert code == 1


def test_codes_table_lists_every_code() -> None:
    from generator.source.findings import CODES

    out = CliRunner().invoke(cli, ["codes"]).output
    for code in CODES:
        assert f"| {code} |" in out


def test_an_unwritable_output_is_a_clear_error_not_a_traceback(tmp_path: Path) -> None:
    root = copy_manual(KITCHEN_SINK, tmp_path / "m")
    base = copy_manual(KITCHEN_SINK, tmp_path / "base")
    blocker = tmp_path / "file.txt"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    for args in (
        ["quiz", "--format", "json", "-o", str(blocker / "q.json")],
        ["diff", str(base), "-o", str(blocker / "r.md")],
        ["diff", str(base), "--format", "json", "-o", str(blocker / "r.json")],
        ["schema", "-o", str(blocker / "schemas")],
    ):
        result = CliRunner().invoke(cli, ["-C", str(root), *args])
        assert isinstance(result.exception, SystemExit), (args, result.exception)
        assert result.exit_code == 1, (args, result.output)
        assert "file.txt" in result.output and "check the path" in result.output, args


def test_relative_paths_are_in_the_manual_folder_as_with_dash_c(tmp_path: Path) -> None:
    root = copy_manual(KITCHEN_SINK, tmp_path / "m")
    copy_manual(KITCHEN_SINK, tmp_path / "base")
    code, out = run(root, "diff", "../base", "--format", "json", "-o", "out/diff.json")
    assert code == 0, out
    assert json.loads((root / "out/diff.json").read_text(encoding="utf-8"))["base"] == "../base"
    assert run(root, "quiz", "--format", "json", "-o", "out/quiz.json")[0] == 0
    assert (root / "out/quiz.json").is_file()


def test_codeowners_without_git_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_manual(KITCHEN_SINK, tmp_path / "m")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = CliRunner().invoke(cli, ["-C", str(root), "codeowners"])
    assert isinstance(result.exception, SystemExit) and result.exit_code == 1
    assert "git is not installed or not on PATH" in result.output


@pytest.mark.requires_dot
@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "pages/e1.md",
            b"# Page\n\n{{ nope.x }}\n",
            # a page is checked (E024): the build stops before anything is generated
            "templates/pages/e1.md:3:1: E024 error: the page does not render as a template: "
            "'nope' is undefined",
        ),
        ("pages/e2.md", b"# Page\n\n{% if %}\n", "templates/pages/e2.md:3:1: E024 error: "),
        (
            "pages/e3.md",
            b"# Page \xff\xfe\n",
            "templates/pages/e3.md:1:8: E004 error: not UTF-8 (byte 7)",
        ),
        ("procedure.md.j2", b'{% extends "nope.j2" %}\n', "template 'nope.j2' not found"),
        ("procedure.md.j2", b"{{ proc.nonexistent }}\n", "templates/procedure.md.j2:1: "),
    ],
)
def test_a_broken_template_is_named_with_its_line(
    tmp_path: Path, name: str, text: bytes, expected: str
) -> None:
    root = copy_manual(KITCHEN_SINK, tmp_path / "m")
    target = root / "templates" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(text)
    result = CliRunner().invoke(cli, ["-C", str(root), "build"])
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1 and expected in result.output, result.output
    assert "Traceback" not in result.output and "check the path" not in result.output
    assert not (root / "public").exists()


@pytest.mark.parametrize(
    "command", [["check"], ["build"], ["reviews"], ["quiz", "--format", "json"]]
)
def test_a_folder_that_is_not_a_manual_fails_instead_of_passing(
    tmp_path: Path, command: list[str]
) -> None:
    for folder in (tmp_path / "empty", KITCHEN_SINK / "procedures"):
        folder.mkdir(exist_ok=True)
        result = CliRunner().invoke(cli, ["-C", str(folder), *command])
        assert isinstance(result.exception, SystemExit), result.exception
        assert result.exit_code == 1, result.output
        assert f"'{folder}' holds no manual: none of procedures/" in result.output


@pytest.mark.requires_dot
def test_hand_written_pages_link_by_id_and_a_bad_id_is_named(tmp_path: Path) -> None:
    root = copy_manual(KITCHEN_SINK, tmp_path / "m")
    pages = root / "templates" / "pages"
    pages.mkdir(parents=True, exist_ok=True)
    (pages / "notes.md").write_text(
        "# Notes\n\nSee [opening](procedure:account-opening#verify-identity), [teller][t]"
        " and `[code](procedure:ID)`.\n\n```\n[block](procedure:ID)\n```\n\n"
        "[t]: role:teller\n",
        encoding="utf-8",
    )
    assert run(root, "build", "--today", "2026-11-23")[0] == 0
    html = (root / "public/guide/notes/index.html").read_text(encoding="utf-8")
    assert 'href="../../procedures/account-opening/#verify-identity"' in html
    assert 'href="../../roles/teller/"' in html
    assert "[code](procedure:ID)" in html and "[block](procedure:ID)" in html
    (pages / "notes.md").write_text(
        "# Notes\n\n[x](procedure:nope) and `[y](role:nope)`\n", encoding="utf-8"
    )
    for command in ("check", "build"):  # check finds it too, where it is written
        code, out = run(root, command, "--today", "2026-11-23")
        assert code == 1
        assert out.splitlines()[0] == (
            "templates/pages/notes.md:3:5: E021 error: link 'procedure:nope' points at "
            "nothing: check the id (procedure:ID#step, role:ID, control:ID, risk:ID, faq:ID)"
        ), out
        assert "role:nope" not in out


def test_the_benchmark_manual_is_a_clean_manual_of_the_size_asked(tmp_path: Path) -> None:
    """``make bench`` measures a manual that builds: the copies pass every rule."""
    from generator.cli.benchdata import synthetic_manual

    root = synthetic_manual(ROOT, tmp_path / "m40", 40)
    assert len(list((root / "procedures").glob("*.yml"))) == 40
    code, out = run(root, "check", "--strict", "--today", "2026-11-23")
    assert code == 0, out
    again = synthetic_manual(ROOT, tmp_path / "again", 40)
    assert all(
        (again / p.relative_to(root)).read_bytes() == p.read_bytes()
        for p in (root / "procedures").glob("*.yml")
    )
