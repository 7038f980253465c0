"""Review end to end: git revisions, `check --since`, the report and its charts, `reviews`."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.pipeline.review import compare, markdown, write_report
from generator.source.revisions import ReviewError, Side

from .conftest import KITCHEN_SINK, ROOT, TODAY, Snapshot, copy_manual
from .test_diff import CASE, CAT, PROC, edit

OWNER_AND_CONTROL = (
    (
        "    owner: teller\n    accountable: teller",
        "    owner: branch-manager\n    accountable: teller",
    ),
    ("[identity-verification, watchlist-screening]", "[identity-verification]"),
)


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.email=t@t", "-c", "user.name=t", *args],
        cwd=repo, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return done.stdout


def make_repo(repo: Path, manual_dir: str = ".") -> Path:
    """A git repository whose first commit holds the kitchen-sink manual (in ``manual_dir``)."""
    root = repo / manual_dir
    root.parent.mkdir(parents=True, exist_ok=True)
    copy_manual(KITCHEN_SINK, root)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    return root


def write(root: Path, rel: str, text: str) -> None:
    (root / rel).write_text(text, encoding="utf-8")


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["-C", str(root), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def test_git_revisions_in_a_repository_with_two_commits(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    write(root, PROC, edit(PROC, *OWNER_AND_CONTROL))
    git(root, "commit", "-q", "-am", "change")
    (root / "procedures" / "account-opening.yml").unlink()  # the working tree is not read
    cmp = compare(root, "HEAD~1", "HEAD", TODAY)
    assert (cmp.base.label, cmp.head.label) == ("HEAD~1", "HEAD")
    assert [(c.target, c.field, c.severity.value) for c in cmp.changes.procedures[0].changes] == [
        ("verify-identity", "owner", "high"),
        ("verify-identity", "controls", "high"),
    ]
    assert compare(root, "main", "main", TODAY).changes.procedures == ()


def test_manual_in_a_subfolder_against_the_working_tree(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo", "docs/manual")
    write(root, CASE, edit(CASE, ("title: Handle a suspicious case", "title: Handle a case")))
    cmp = compare(root, "main", None, TODAY)
    assert cmp.head.label == "working tree"
    assert [(d.id, d.status) for d in cmp.changes.procedures] == [("suspicious-case", "changed")]


def test_a_folder_is_a_side_too(tmp_path: Path) -> None:
    head = copy_manual(KITCHEN_SINK, tmp_path / "head")
    write(head, CASE, edit(CASE, ("title: Handle a suspicious case", "title: Handle a case")))
    cmp = compare(head, str(KITCHEN_SINK), None, TODAY)
    assert [c.field for c in cmp.changes.all()] == ["title"]


def test_bad_revision_is_a_clear_error_naming_it(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    code, out = run(root, "diff", "no-such-branch")
    assert code == 1
    assert "Error: unknown revision 'no-such-branch': not a folder, nor a branch" in out
    code, out = run(root, "check", "--since", "no-such-branch")
    assert code == 1 and "--since no-such-branch: unknown revision 'no-such-branch'" in out
    outside = copy_manual(KITCHEN_SINK, tmp_path / "plain")
    with pytest.raises(ReviewError, match="revision 'main': '.*plain' is not in a git repository"):
        compare(outside, "main", None, TODAY)


def test_base_revision_that_does_not_load_is_named(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    write(root, "roles/teller.yml", "id: teller\nname: [Teller\n")
    git(root, "commit", "-q", "-am", "broken")
    with pytest.raises(
        ReviewError,
        match=r"the manual at 'HEAD' does not load \(1 errors; first: roles/teller.yml:3:1: E001",
    ):
        compare(root, "HEAD", None, TODAY)


def test_check_since_without_version_bump_fails_at_the_version_line(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    write(root, PROC, edit(PROC, *OWNER_AND_CONTROL))
    git(root, "commit", "-q", "-am", "change")
    code, out = run(root, "check", "--since", "main~1", "--today", "2026-11-23")
    assert code == 1
    assert out.splitlines() == [
        "procedures/account-opening.yml:6:10: E070 error: 'account-opening' changed since the "
        "base revision but its version 1.1.0 did not increase: bump it (at least MINOR, see "
        "docs/review.md) and add a history entry",
        "✖ 1 error, 0 warnings in 1 file",
    ]
    code, out = run(
        root, "check", "--since", "main~1", "--format", "github", "--today", "2026-11-23"
    )
    assert out.splitlines()[0].startswith(
        "::error file=procedures/account-opening.yml,line=6,col=10,title=E070::'account-opening'"
    )
    code, out = run(root, "check", "--since", "main", "--today", "2026-11-23")
    assert code == 0, out


HISTORY = "history:\n  - version: 1.1.0"


def since(tmp_path: Path, *pairs: tuple[str, str]) -> list[str]:
    root = make_repo(tmp_path / "repo")
    write(root, PROC, edit(PROC, *pairs))
    code, out = run(root, "check", "--since", "main", "--today", "2026-11-23")
    return [line.split(" error: ")[0] for line in out.splitlines()[:-1]]


def entry(version: str, date: str, approver: str) -> str:
    return f"history:\n  - version: {version}\n    date: {date}\n    summary: S\n    approved_by: {approver}\n  - version: 1.1.0"


def test_since_new_version_without_history_entry(tmp_path: Path) -> None:
    found = since(
        tmp_path,
        ("\nversion: 1.1.0", "\nversion: 1.2.0"),
        ("title: Verify identity", "title: Check identity"),
    )
    # one finding: E050 asks for the entry; E071 does not say the same thing twice
    assert found == ["procedures/account-opening.yml:6:10: E050"]


def test_since_history_entry_must_match_the_review(tmp_path: Path) -> None:
    found = since(
        tmp_path,
        ("\nversion: 1.1.0", "\nversion: 1.2.0"),
        (HISTORY, entry("1.2.0", "2026-10-25", "branch-manager")),
        ("title: Verify identity", "title: Check identity"),
    )
    assert found == [
        "procedures/account-opening.yml:80:11: E071",
        "procedures/account-opening.yml:82:18: E071",
    ]


def test_since_earlier_history_must_stay(tmp_path: Path) -> None:
    found = since(
        tmp_path,
        ("\nversion: 1.1.0", "\nversion: 1.2.0"),
        (HISTORY, entry("1.2.0", "2026-10-20", "compliance-officer")),
        ("summary: Added screening", "summary: Screening"),
    )
    assert found == ["procedures/account-opening.yml:78:1: E071"]


def test_since_high_change_as_patch_release(tmp_path: Path) -> None:
    found = since(
        tmp_path,
        ("\nversion: 1.1.0", "\nversion: 1.1.1"),
        (HISTORY, entry("1.1.1", "2026-10-20", "compliance-officer")),
        *OWNER_AND_CONTROL,
    )
    assert found == ["procedures/account-opening.yml:6:10: E072"]


def test_since_minor_release_with_entry_passes_and_lower_version_fails(tmp_path: Path) -> None:
    assert (
        since(
            tmp_path,
            ("\nversion: 1.1.0", "\nversion: 1.2.0"),
            (HISTORY, entry("1.2.0", "2026-10-20", "compliance-officer")),
            *OWNER_AND_CONTROL,
        )
        == []
    )
    shutil.rmtree(tmp_path / "repo")
    found = since(
        tmp_path,
        ("\nversion: 1.1.0", "\nversion: 1.0.1"),
        ("  - version: 1.1.0", "  - version: 1.0.1"),
    )
    assert "procedures/account-opening.yml:6:10: E070" in found


def report_pair(tmp_path: Path) -> tuple[Path, Path]:
    base = copy_manual(KITCHEN_SINK, tmp_path / "base")
    head = copy_manual(KITCHEN_SINK, tmp_path / "head")
    write(
        head,
        PROC,
        edit(
            PROC,
            *OWNER_AND_CONTROL,
            (
                "      2. Check it is complete and signed.",
                "      2. Check it is complete, signed and dated.",
            ),
            (
                "  - id: investigate",
                "  - id: log\n    title: Log the case | <b>now</b>\n    owner: teller\n    control_waiver: Logging only\n    next: investigate\n  - id: investigate",
            ),
            ("        next: investigate", "        next: log"),
        ),
    )
    write(head, CAT, edit(CAT, ("    key: true\n    owner: reviewer", "    owner: reviewer")))
    return base, head


def test_report_snapshot(tmp_path: Path, snapshot: Snapshot) -> None:
    base, head = report_pair(tmp_path)
    cmp = compare(head, str(base), None, TODAY)
    cmp = dataclasses.replace(cmp, base=Side(cmp.base.manual, "main"))  # no tmp path in it
    text = markdown(cmp, "review-charts")
    snapshot("review.md", text)
    assert "Log the case &#124; &#60;b&#62;now&#60;/b&#62;" in text  # author text stays text
    assert text.startswith("<!-- opsmanual-review -->\n# Change review\n")


def test_a_title_with_newlines_stays_in_its_table_row(tmp_path: Path) -> None:
    base, head = report_pair(tmp_path)
    text = (head / PROC).read_text(encoding="utf-8")
    (head / PROC).write_text(
        text.replace(
            "title: Log the case | <b>now</b>", 'title: "Log it\\n\\n## injected\\n| x |"'
        ),
        encoding="utf-8",
    )
    report = markdown(compare(head, str(base), None, TODAY), "review-charts")
    assert "Log it" in report
    assert not any(line.startswith(("## injected", "| x |")) for line in report.splitlines())
    rows = [line for line in report.splitlines() if "Log it" in line and line.startswith("|")]
    assert rows and all(line.endswith("|") for line in rows)


@pytest.mark.requires_dot
def test_report_writes_highlighted_before_and_after_charts(tmp_path: Path) -> None:
    base, head = report_pair(tmp_path)
    cmp = compare(head, str(base), None, TODAY)
    written = write_report(cmp, tmp_path / "out" / "review.md", tmp_path / "cache")
    names = sorted(p.relative_to(tmp_path / "out").as_posix() for p in written)
    assert names == [
        "review-charts/account-opening-after.svg",
        "review-charts/account-opening-before.svg",
        "review.md",
    ]
    before = (tmp_path / "out/review-charts/account-opening-before.svg").read_text(encoding="utf-8")
    after = (tmp_path / "out/review-charts/account-opening-after.svg").read_text(encoding="utf-8")
    assert before.startswith("<svg") and after.startswith("<svg")
    assert 'id="node-verify-identity"' in before and "#ffcc80" in before  # changed
    assert re.search(r'id="node-log".*?fill="#c8e6c9"', after, re.DOTALL)  # added
    report = (tmp_path / "out/review.md").read_text(encoding="utf-8")
    assert "](review-charts/account-opening-after.svg)" in report


def test_sample_manual_report_shows_both_high_changes_and_roles(tmp_path: Path) -> None:
    root = tmp_path / "sample"
    for part in ("procedures", "roles", "controls", "faq"):
        shutil.copytree(ROOT / part, root / part)
    shutil.copyfile(ROOT / "opsmanual.yml", root / "opsmanual.yml")
    base = copy_manual(root, tmp_path / "base")
    rel = "procedures/individual-account-opening.yml"
    text = (root / rel).read_text(encoding="utf-8")
    old = "    owner: teller\n    accountable: branch-supervisor\n    controls: [customer-identification, multi-factor-identity-verification, online-id-verification]"
    assert text.count(old) == 1
    write(
        root,
        rel,
        text.replace(
            old,
            old.replace("teller", "customer-manager").replace(
                " multi-factor-identity-verification,", ""
            ),
        ),
    )
    text = markdown(compare(root, str(base), None, TODAY), None)
    assert "| 🔴 高 | 2 |" in text
    assert (
        "| 🔴 高 | 步骤「身份验证」 | 负责人／执行人 | 柜员 | 客户经理 | 受控步骤的执行人或负责人变更 |"
        in text
    )
    assert "~~◆ CP&#45;02 多重身份验证" in text and "| 移除控制点 |" in text
    assert "**受影响角色** (3): 营业主管、客户经理、柜员" in text
    assert "| 个人客户开户 | 1.2.0 | 未升级 | 次版本 | ✖ 不符合 |" in text


@pytest.mark.requires_dot
def test_diff_cli_formats(tmp_path: Path) -> None:
    base, head = report_pair(tmp_path)
    code, out = run(head, "diff", str(base), "--format", "json", "--today", "2026-11-23")
    data = json.loads(out)
    assert code == 0 and data["counts"] == {"high": 4, "medium": 1, "low": 1}
    assert data["head"] == "working tree"
    code, out = run(head, "diff", str(base), "--today", "2026-11-23")
    assert "Flowcharts are drawn only when the report is written to a file (-o)." in out
    code, out = run(head, "diff", str(base), "-o", str(tmp_path / "r" / "x.md"))
    assert code == 0 and (tmp_path / "r" / "x-charts" / "account-opening-after.svg").is_file()


def test_reviews_due(tmp_path: Path, snapshot: Snapshot) -> None:
    code, out = run(KITCHEN_SINK, "reviews", "--today", "2027-04-10")
    assert code == 0
    assert out == "2027-04-01 suspicious-case: 🔴 overdue (-9)\n"
    code, out = run(
        KITCHEN_SINK, "reviews", "--today", "2027-04-10", "--within", "365", "--format", "md"
    )
    snapshot("review_due.md", out)
    code, out = run(KITCHEN_SINK, "reviews", "--today", "2026-11-23")
    assert out == "As of 2026-11-23, no review is overdue or due within 30 days.\n"


def test_revision_before_the_manual_existed_makes_everything_new(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "commit", "-q", "--allow-empty", "-m", "empty")
    root = copy_manual(KITCHEN_SINK, repo / "manual")
    cmp = compare(root, "main", None, TODAY)
    assert [(d.id, d.status, d.required) for d in cmp.changes.procedures] == [
        ("account-opening", "added", None),
        ("old-process", "added", None),
        ("suspicious-case", "added", None),
    ]
    assert run(root, "check", "--since", "main", "--today", "2026-11-23")[0] == 0


def test_a_folder_without_a_manual_is_refused(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    code, out = run(KITCHEN_SINK, "diff", str(tmp_path / "empty"))
    assert code == 1 and "holds no manual: none of procedures/, roles/" in out


def test_github_annotations_name_paths_from_the_repository_top(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo", "ops, manual")
    write(root, PROC, edit(PROC, *OWNER_AND_CONTROL))
    code, out = run(root, "check", "--since", "HEAD", "--format", "github")
    assert code == 1
    assert "::error file=ops%2C manual/procedures/account-opening.yml,line=" in out
    outside = copy_manual(KITCHEN_SINK, tmp_path / "plain")  # not in git: the manual folder
    write(
        outside,
        PROC,
        edit(
            PROC,
            (
                "    owner: teller\n    accountable: teller",
                "    owner: nobody\n    accountable: teller",
            ),
        ),
    )
    code, out = run(outside, "check", "--format", "github")
    assert code == 1 and "::error file=procedures/account-opening.yml,line=" in out


def test_a_link_out_of_the_manual_is_refused_in_a_revision_and_on_disk(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    (root / "procedures" / "evil.yml").symlink_to("/etc/hostname")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "link")
    code, out = run(root, "diff", "HEAD~1", "HEAD")
    assert code == 1
    assert "'procedures/evil.yml' in revision 'HEAD' links to a file outside the manual" in out
    code, out = run(root, "check")
    assert code == 1
    assert "procedures/evil.yml:1:1: E004 error: this file is a link to a file outside" in out
