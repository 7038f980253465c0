"""``opsmanual quiz``: options, formats, outputs and refusals."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli

from .conftest import KITCHEN_SINK, write_manual


def run(root: Path, *args: str) -> tuple[int, str, bytes]:
    result = CliRunner().invoke(cli, ["-C", str(root), "quiz", *args])
    return result.exit_code, result.stderr + result.output, result.stdout_bytes


def test_json_to_stdout_with_procedure_type_count_and_seed() -> None:
    code, _out, data = run(
        KITCHEN_SINK, "--procedure", "account-opening", "--type", "responsible", "--type", "branch",
        "--count", "4", "--seed", "2", "--format", "json",
    )  # fmt: skip
    assert code == 0
    quiz = json.loads(data)
    assert quiz["title"] == "Quiz: Open a personal account" and quiz["count"] == 4
    assert {q["type"] for q in quiz["questions"]} <= {"responsible", "branch"}
    assert all(q["procedure"] == "account-opening" for q in quiz["questions"])
    again = run(KITCHEN_SINK, "--procedure", "account-opening", "--type", "responsible", "--type",
                "branch", "--count", "4", "--seed", "2", "--format", "json")[2]  # fmt: skip
    assert again == data


def test_role_exam_in_gift() -> None:
    code, _out, data = run(
        KITCHEN_SINK, "--role", "teller", "--exam", "--count", "6", "--format", "gift"
    )
    text = data.decode()
    assert code == 0 and text.startswith("// Exam: Teller")
    assert text.count("::q") == 6


def test_html_needs_output_and_writes_sheet_and_key(tmp_path: Path) -> None:
    code, out, _data = run(KITCHEN_SINK, "--format", "html")
    assert (
        code == 2 and "--format html writes a sheet and a separate answer key: give -o PATH" in out
    )
    code, out, _data = run(
        KITCHEN_SINK, "--format", "html", "-o", str(tmp_path / "out" / "quiz.html")
    )
    assert code == 0, out
    assert (
        (tmp_path / "out" / "quiz.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    )
    assert "Answer key" in (tmp_path / "out" / "quiz-key.html").read_text(encoding="utf-8")


def test_qti_writes_a_zip(tmp_path: Path) -> None:
    code, out, _data = run(KITCHEN_SINK, "--format", "qti", "-o", str(tmp_path / "q.zip"))
    assert code == 0, out
    assert (tmp_path / "q.zip").read_bytes()[:2] == b"PK"


def test_unknown_and_retired_procedures_are_refused() -> None:
    code, out, _ = run(KITCHEN_SINK, "--procedure", "acount-opening", "--format", "md")
    assert (
        code == 2 and "unknown procedure 'acount-opening' (did you mean 'account-opening'?)" in out
    )
    code, out, _ = run(KITCHEN_SINK, "--procedure", "old-process", "--format", "md")
    assert code == 2 and "procedure 'old-process' is retired" in out
    code, out, _ = run(KITCHEN_SINK, "--role", "regulator", "--format", "md")
    assert code == 1 and "no question matches this selection" in out


def test_refuses_a_manual_with_errors_and_prints_them(tmp_path: Path) -> None:
    root = write_manual(
        tmp_path / "m", {"roles/teller.yml": "id: teller\nname: Teller\nkind: employee\n"}
    )
    code, out, _ = run(root, "--format", "md")
    assert code == 1
    assert "roles/teller.yml:3:7: E010 error" in out and "✖ 1 error" in out


def test_scaffold_manual_in_csv(tmp_path: Path) -> None:
    code, out, data = run(write_manual(tmp_path / "m", {}), "--format", "csv")
    assert code == 0, out
    assert data.decode().startswith("\ufeffid,type,procedure,version,question,option_a")
