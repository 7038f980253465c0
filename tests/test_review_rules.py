"""The review rules that close the pull-request gaps of issue 17: a deleted procedure, a
changed flow released as a PATCH, a flow rerouted around a maker-checker, and a ``--since``
that names nothing or the manual itself.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from generator.pipeline.review import compare

from .conftest import TODAY
from .sites import copy_sample
from .test_diff import PROC, edit
from .test_review import HISTORY, entry, git, make_repo, run, write

ENTRY_PATCH = (HISTORY, entry("1.1.1", "2026-10-20", "compliance-officer"))
PATCH = ("\nversion: 1.1.0", "\nversion: 1.1.1")
MINOR = ("\nversion: 1.1.0", "\nversion: 1.2.0")
ENTRY_MINOR = (HISTORY, entry("1.2.0", "2026-10-20", "compliance-officer"))
#: verify-identity (the maker) may go straight to approve, past its checker second-review
BYPASS = (
    "    controls: [identity-verification, watchlist-screening]\n",
    "    controls: [identity-verification, watchlist-screening]\n    kind: decision\n"
    "    branches:\n      - when: Clear\n        next: approve\n"
    "      - when: Doubtful\n        next: second-review\n",
)
#: the refused and the suspicious applications swap their ends: a flow change, no checker
REROUTED = (
    ('      - when: "No"\n        next: returned', '      - when: "No"\n        next: referred'),
    (
        "    controls: [watchlist-screening]\n    next: referred",
        "    controls: [watchlist-screening]\n    next: returned",
    ),
)


def check_since(root: Path, base: str = "main") -> tuple[int, list[str]]:
    code, out = run(root, "check", "--since", base, "--today", "2026-11-23")
    return code, out.splitlines()


def codes(lines: list[str]) -> list[str]:
    return [line.split(" error: ")[0] for line in lines if " error: " in line]


def test_deleting_a_procedure_is_an_error_retiring_it_is_the_way(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    (root / "procedures/suspicious-case.yml").unlink()
    code, lines = check_since(root)
    assert code == 1
    assert (
        "procedures/suspicious-case.yml:1:1: E074 error: procedure 'suspicious-case' (Handle a "
        "suspicious case) was deleted since the base revision: restore the file and retire it "
        "instead (`status: retired`, a MAJOR version and a history entry), so audit references "
        "keep resolving"
    ) in lines


def test_deleting_a_retired_procedure_is_allowed(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    (root / "procedures/old-process.yml").unlink()
    code, lines = check_since(root)
    assert "E074" not in "\n".join(lines) and code == 0, lines


def test_a_changed_flow_released_as_a_patch_is_an_error(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    write(root, PROC, edit(PROC, PATCH, ENTRY_PATCH, *REROUTED))
    code, lines = check_since(root)
    assert code == 1 and codes(lines) == ["procedures/account-opening.yml:6:10: E072"], lines
    assert "flow_changed" in lines[0]


def test_a_changed_flow_released_as_minor_passes(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    write(root, PROC, edit(PROC, MINOR, ENTRY_MINOR, *REROUTED))
    assert check_since(root)[0] == 0


@pytest.mark.parametrize("bump", ["patch", "minor"])
def test_bypassing_a_checker_below_major_is_an_error(tmp_path: Path, bump: str) -> None:
    root = make_repo(tmp_path / "repo")
    version, history = (PATCH, ENTRY_PATCH) if bump == "patch" else (MINOR, ENTRY_MINOR)
    write(root, PROC, edit(PROC, version, history, BYPASS))
    code, lines = check_since(root)
    assert code == 1
    assert "procedures/account-opening.yml:6:10: E073" in codes(lines), lines
    e073 = next(line for line in lines if "E073" in line)
    assert "reroutes the flow around the maker-checker step second-review" in e073


def test_bypassing_a_checker_as_major_passes(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    major = ("\nversion: 1.1.0", "\nversion: 2.0.0")
    write(
        root,
        PROC,
        edit(PROC, major, (HISTORY, entry("2.0.0", "2026-10-20", "compliance-officer")), BYPASS),
    )
    code, lines = check_since(root)
    assert code == 0, lines


def test_the_diff_rates_a_rerouted_checker_high(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    write(root, PROC, edit(PROC, BYPASS))
    delta = compare(root, "main", None, TODAY).changes.procedures[0]
    rerouted = [c for c in delta.changes if c.reason == "checker_rerouted"]
    assert [(c.target, c.severity.value) for c in rerouted] == [("second-review", "high")]
    assert delta.required is not None and delta.required.value == "major"


def test_rerouting_the_review_error_branch_to_release_is_major(tmp_path: Path) -> None:
    """The sample's 复核有误 branch sent straight to release, as a PATCH: refused."""
    repo = tmp_path / "repo"
    root = copy_sample(repo)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    path = root / "procedures/over-limit-approval.yml"
    text = path.read_text(encoding="utf-8")
    version = re.search(r"^version: (\d+)\.(\d+)\.(\d+)$", text, re.M)
    assert version is not None
    now = f"{version[1]}.{version[2]}.{version[3]}"
    patch = f"{version[1]}.{version[2]}.{int(version[3]) + 1}"
    reviewed = re.search(r"last_reviewed: (\S+)", text)
    assert reviewed is not None
    for old, new in (
        (
            "      - when: 复核有误\n        next: execute-with-review",
            "      - when: 复核有误\n        next: log-and-monitor",
        ),
        (f"version: {now}\nstatus", f"version: {patch}\nstatus"),
        (
            "history:\n",
            f"history:\n  - version: {patch}\n    date: {reviewed[1]}\n    summary: 复核有误直接放行\n    approved_by: senior-management\n",
        ),
    ):
        assert old in text
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    code, out = run(root, "check", "--since", "main", "--today", "2026-12-20")
    found = codes(out.splitlines())
    assert code == 1
    assert "procedures/over-limit-approval.yml:10:10: E072" in found, out
    assert "procedures/over-limit-approval.yml:10:10: E073" in found, out
    delta = compare(root, "main", None, TODAY).changes.procedures[0]
    assert {c.severity.value for c in delta.changes if c.reason == "checker_rerouted"} == {"high"}


@pytest.mark.parametrize("spec", ["", " ", ".", "./", "{root}"])
def test_since_naming_nothing_or_the_manual_itself_is_an_error(tmp_path: Path, spec: str) -> None:
    root = make_repo(tmp_path / "repo")
    write(root, PROC, edit(PROC, BYPASS))  # a change --since must not wave through
    code, out = run(root, "check", "--since", spec.format(root=root), "--today", "2026-11-23")
    assert code == 1 and out.startswith(f"Error: --since {spec.format(root=root)}: "), out
    assert "compared with itself" in out or "the manual's own folder" in out, out
    assert "E0" not in out  # refused before any rule ran: nothing passes by comparing with itself


def test_since_a_tree_or_blob_is_not_a_commit(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    code, out = run(root, "check", "--since", "HEAD^{tree}", "--today", "2026-11-23")
    assert code == 1 and "unknown revision 'HEAD^{tree}'" in out, out


@pytest.mark.parametrize("has_filter", [True, False], ids=["python-3.11.4+", "python-3.11.2"])
def test_revisions_are_read_safely_with_or_without_tar_filters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, has_filter: bool
) -> None:
    import tarfile

    if not has_filter:  # Debian 12's stock Python 3.11.2 has no extraction filters
        monkeypatch.delattr(tarfile, "data_filter", raising=False)
        extract = tarfile.TarFile.extractall

        def extractall(self: tarfile.TarFile, path: str | Path = ".", members: Any = None) -> None:
            extract(self, path, members)  # no `filter` keyword: a TypeError, as on 3.11.2

        monkeypatch.setattr(tarfile.TarFile, "extractall", extractall)
    root = make_repo(tmp_path / "repo")
    (root / "roles" / "inside.yml").symlink_to("teller.yml")  # a link inside stays allowed
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "link inside")
    assert compare(root, "HEAD~1", "HEAD", TODAY).changes.procedures == ()
    (root / "roles" / "inside.yml").unlink()
    (root / "procedures" / "evil.yml").symlink_to("../../../../etc/hostname")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "link out")
    code, out = run(root, "diff", "HEAD~1", "HEAD")
    assert code == 1
    assert "'procedures/evil.yml' in revision 'HEAD' links to a file outside the manual" in out
