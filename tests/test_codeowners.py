"""CODEOWNERS from the model: generation, subfolder prefix, --check, the committed file."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli
from generator.pipeline.codeowners import write_codeowners
from generator.render.codeowners import codeowners_text
from generator.source.loader import load_manual
from generator.source.manual import Manual

from .conftest import KITCHEN_SINK, ROOT, copy_manual
from .test_review import make_repo


def loaded(root: Path) -> Manual:
    manual, findings = load_manual(root)
    assert manual is not None, findings
    return manual


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["-C", str(root), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def test_procedure_files_owned_by_owner_team_and_compliance() -> None:
    text = codeowners_text(loaded(KITCHEN_SINK))
    assert text.splitlines()[4:] == [
        "/.github/ @ks-bank/compliance",
        "/controls/ @ks-bank/compliance",
        "/roles/ @ks-bank/compliance",
        "/faq/ @ks-bank/compliance",
        "/templates/ @ks-bank/compliance",  # pages and their templates
        "/opsmanual.yml @ks-bank/compliance",
        "/mkdocs.yml @ks-bank/compliance",  # its hooks run code
        "/generator/ @ks-bank/compliance",  # the rules that protect procedures
        "/tests/ @ks-bank/compliance",
        "/schema/ @ks-bank/compliance",
        "/.ci/ @ks-bank/compliance",
        "/Makefile @ks-bank/compliance",
        "/pyproject.toml @ks-bank/compliance",
        "/procedures/ @ks-bank/compliance",
        "/procedures/account-opening.yml @ks-bank/branch-ops @ks-bank/compliance",
        "/procedures/old-process.yml @ks-bank/branch-ops @ks-bank/compliance",
        "/procedures/suspicious-case.yml @ks-bank/compliance",  # owner's team is compliance
    ]


def test_manual_in_a_subfolder_gets_a_prefix(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo", "ops manual")
    target, stale = write_codeowners(root, loaded(root))
    assert (target, stale) == ((tmp_path / "repo" / ".github" / "CODEOWNERS").resolve(), True)
    lines = target.read_text(encoding="utf-8").splitlines()
    assert "/.github/ @ks-bank/compliance" in lines
    assert "/ops\\ manual/controls/ @ks-bank/compliance" in lines
    assert "/ops\\ manual/procedures/suspicious-case.yml @ks-bank/compliance" in lines


def test_check_fails_when_out_of_date(tmp_path: Path) -> None:
    root = copy_manual(KITCHEN_SINK, tmp_path / "m")
    assert run(root, "codeowners", "--check")[0] == 1
    code, out = run(root, "codeowners")
    assert code == 0 and out.startswith("wrote ") and (root / ".github/CODEOWNERS").is_file()
    assert run(root, "codeowners", "--check") == (0, f"checked {root / '.github/CODEOWNERS'}\n")
    role = root / "roles" / "branch-manager.yml"
    role.write_text(role.read_text().replace("@ks-bank/branch-ops", "@ks-bank/ops"))
    code, out = run(root, "codeowners", "--check")
    assert code == 1 and "CODEOWNERS is out of date: run `opsmanual codeowners`" in out


def test_compliance_team_is_required(tmp_path: Path) -> None:
    root = copy_manual(KITCHEN_SINK, tmp_path / "m")
    (root / "opsmanual.yml").write_text("language: en\n", encoding="utf-8")
    code, out = run(root, "codeowners")
    assert code == 1
    assert 'Error: set `compliance_team: "@org/team"` in opsmanual.yml' in out


def test_committed_codeowners_of_the_sample_manual_is_current() -> None:
    _target, stale = write_codeowners(ROOT, loaded(ROOT), check_only=True)
    assert not stale, "run `opsmanual codeowners` and commit .github/CODEOWNERS"


def test_a_review_team_is_one_owner_and_cannot_add_rules(tmp_path: Path) -> None:
    root = copy_manual(KITCHEN_SINK, tmp_path / "m")
    role = root / "roles" / "branch-manager.yml"
    text = role.read_text(encoding="utf-8")
    role.write_text(
        text.replace('"@ks-bank/branch-ops"', '"@ks-bank/ops\\n/controls/ @attacker"'),
        encoding="utf-8",
    )
    code, out = run(root, "codeowners")
    assert code == 1 and not (root / ".github/CODEOWNERS").exists()
    assert "roles/branch-manager.yml:" in out and "E010" in out
    assert "'review_team' must be one GitHub owner" in out
    for good in ("@ks-bank/ops.team", "@someone", "ops@bank.example"):
        role.write_text(text.replace('"@ks-bank/branch-ops"', f'"{good}"'), encoding="utf-8")
        assert run(root, "codeowners")[0] == 0
        assert f"/procedures/account-opening.yml {good} @ks-bank/compliance" in (
            root / ".github/CODEOWNERS"
        ).read_text(encoding="utf-8")
    settings = root / "opsmanual.yml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace(
            "@ks-bank/compliance", "@ks-bank/compliance @everyone"
        ),
        encoding="utf-8",
    )
    code, out = run(root, "codeowners")
    assert code == 1 and "opsmanual.yml:" in out and "'compliance_team' must be one" in out
