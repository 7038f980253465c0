"""The loader against hostile or broken input (issue 17): a finding at the right place, never a
traceback, and the same verdict whichever way PyYAML was built.

Each test is a case the hardening review found; the message or location it asserts is what
an author needs to fix the file.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from generator.pipeline.checking import load_and_check
from generator.source import yamlfile
from generator.source.loader import load_manual
from generator.source.yamlfile import read_yaml

from .conftest import ROOT, TODAY, Findings, write_manual
from .rules_manual import FILES

PROC = "procedures/account-opening.yml"
ROLE = "roles/teller.yml"
FINDING_LINE = re.compile(r"^[^\n:]+:\d+:\d+: [EW]\d{3} (error|warning): [^\n]+$")


def _procedure(old: str, new: str) -> str:
    text = FILES[PROC]
    assert old in text
    return text.replace(old, new, 1)


@pytest.fixture(params=["C", "pure"])
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Run the test with PyYAML's C parser, then with its pure-Python one."""
    if request.param == "C":
        monkeypatch.setattr(yamlfile, "_Loader", yaml.CSafeLoader)
    else:
        monkeypatch.setattr(yamlfile, "_Loader", yaml.SafeLoader)
    yield request.param


# --- nulls: the verdict does not depend on how PyYAML was built ---------------------------


@pytest.mark.parametrize("null", ["~", "null", "Null", "NULL", ""])
def test_a_null_waiver_is_no_waiver(loader: str, findings: Findings, null: str) -> None:
    text = _procedure("    controls: [identity-verification]\n", f"    control_waiver: {null}\n")
    found = findings({PROC: text}, messages=True)
    assert (
        "procedures/account-opening.yml:34:5: E031 error: step 'verify-identity' has no "
        "control: add `controls: [...]` or a `control_waiver:` with the reason"
    ) in found


@pytest.mark.parametrize("empty", ['""', "''", '"   "', "' \t '"])
def test_an_empty_or_blank_waiver_is_no_waiver(loader: str, findings: Findings, empty: str) -> None:
    text = _procedure("    controls: [identity-verification]\n", f"    control_waiver: {empty}\n")
    found = findings({PROC: text})
    assert "procedures/account-opening.yml:37:21 E010" in found  # 'control_waiver' is empty


def test_null_category_and_sla_are_absent(loader: str, tmp_path: Path) -> None:
    text = _procedure("category: Accounts", "category: null").replace(
        "    sla: On the spot", "    sla: ~"
    )
    manual, found = load_and_check(write_manual(tmp_path / "m", {PROC: text}), TODAY)
    assert found == [] and manual is not None
    proc = manual.procedures[0]
    assert proc.category is None  # not a navigation section called "null"
    assert proc.steps[0].sla is None  # not a time limit "~"


def _models(root: Path) -> tuple[list[object], list[str]]:
    manual, found = load_manual(root)
    assert manual is not None, found
    objects = [*manual.procedures, *manual.roles, *manual.controls, *manual.risks, *manual.faq]
    return [o.model_dump(mode="json") for o in objects], [f.as_text() for f in found]


def test_the_sample_reads_the_same_with_both_parsers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlfile, "_Loader", yaml.CSafeLoader)
    with_c = _models(ROOT)
    monkeypatch.setattr(yamlfile, "_Loader", yaml.SafeLoader)
    assert _models(ROOT) == with_c


# --- nesting, control characters, tags -------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ("entries: " + "[" * 600 + "]" * 600, "faq/deep.yml:2:41"),
        (
            "entries:\n" + "".join(" " * i + f"k{i}:\n" for i in range(1000)) + " " * 1000 + "x",
            "faq/deep.yml:35:33",
        ),
    ],
    ids=["lists", "mappings"],
)
def test_deep_nesting_is_a_finding_not_a_recursion_error(
    loader: str, findings: Findings, body: str, where: str
) -> None:
    found = findings({"faq/deep.yml": "topic: Deep\n" + body + "\n"}, messages=True)
    assert found == [
        f"{where}: E006 error: nested more than 32 levels deep: a manual file never needs "
        "this; close the brackets or un-indent"
    ]


def test_a_raw_control_character_is_reported_at_its_line_and_column(
    loader: str, findings: Findings
) -> None:
    found = findings({PROC: _procedure("title: Verify identity", "title: Verify\x01 identity")})
    assert found == ["procedures/account-opening.yml:35:18 E005"]


@pytest.mark.parametrize(
    "escape",
    [
        "\\0",
        "\\a",
        "\\b",
        "\\v",
        "\\e",
        "\\x01",
        "\\uFFFE",
        "\\uFFFF",
        "\\x7f",
        "\\x85",
        "\\u2028",
        "\\r",
    ],
)
def test_an_escaped_control_character_in_a_title_is_refused(
    loader: str, findings: Findings, escape: str
) -> None:
    text = _procedure("title: Verify identity", f'title: "Verify {escape}identity"')
    found = findings({PROC: text}, messages=True)
    assert len(found) == 1
    assert found[0].startswith(
        "procedures/account-opening.yml:35:20: E005 error: control character U+"
    )


def test_a_control_character_message_is_one_line_without_the_parsers_position(
    findings: Findings,
) -> None:
    found = findings({ROLE: "id: teller\nname: Tel\x00ler\n"}, messages=True)
    assert found == [
        "roles/teller.yml:2:10: E005 error: control character U+0000: delete it (an editor "
        "may show it as a box or not at all); only tab and newline are allowed"
    ]


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object:os.system",
        "!!python/name:os.system",
        "!!binary",
        "!custom",
        "!!set",
        "!<tag:example.com,2000:x>",
    ],
)
def test_a_foreign_tag_is_refused_not_dropped(loader: str, findings: Findings, tag: str) -> None:
    found = findings({ROLE: f"id: teller\nname: {tag} Teller\n"}, messages=True)
    assert len(found) == 1 and found[0].startswith("roles/teller.yml:2:7: E007 error: the tag ")


def test_mkdocs_keeps_its_own_tags(findings: Findings) -> None:
    mkdocs = FILES["mkdocs.yml"] + "extra:\n  key: !ENV [SITE_KEY, none]\n"
    assert findings({"mkdocs.yml": mkdocs}) == []


def test_plain_tags_are_text(findings: Findings) -> None:
    assert findings({ROLE: "id: teller\nname: !!str Teller\nsummary: ! Tells\n"}) == []


# --- ids and messages ----------------------------------------------------------------------


def test_an_id_with_a_newline_cannot_forge_a_finding(findings: Findings) -> None:
    forged = 'id: "teller\\nroles/x.yml:1:1: E999 error: forged"\nname: Teller\n'
    found = findings({ROLE: forged}, messages=True)
    assert len(found) == 1
    assert all(FINDING_LINE.match(line) for line in found), found
    assert "teller\\nroles/x.yml" in found[0]  # the newline shown as an escape


def test_check_prints_one_line_per_finding(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from generator.cli import cli

    root = write_manual(
        tmp_path / "m", {ROLE: 'id: "teller\\r\\nroles/x.yml:1:1: E999 error: forged"\nname: T\n'}
    )
    result = CliRunner().invoke(cli, ["-C", str(root), "check"])
    lines = result.output.splitlines()
    assert result.exit_code == 1 and len(lines) == 2, result.output
    assert FINDING_LINE.match(lines[0]) and "E999" not in lines[0].split(":")[3]


@pytest.mark.parametrize("name", ["con", "nul", "aux", "prn", "com1", "lpt9"])
def test_reserved_file_names_are_refused_as_ids(findings: Findings, name: str) -> None:
    faq = FILES["faq/accounts.yml"].replace("id: expired-id", f"id: {name}")
    found = findings({"faq/accounts.yml": faq}, messages=True)
    assert found[0].startswith(
        f"faq/accounts.yml:4:9: E011 error: id '{name}' is a reserved file name"
    )


def test_a_reserved_file_name_is_refused(findings: Findings) -> None:
    found = findings({"roles/aux.yml": "id: aux\nname: Aux\n"})
    assert found == ["roles/aux.yml:1:1 E011"]


# --- files and folders -----------------------------------------------------------------------


@pytest.fixture
def manual(tmp_path: Path) -> Path:
    return write_manual(tmp_path / "m", {})


def _check(root: Path) -> list[str]:
    return [f"{f.location} {f.code}" for f in load_and_check(root, TODAY)[1]]


def test_a_page_linking_out_of_the_manual_is_refused(manual: Path) -> None:
    (manual / "templates/pages").mkdir(parents=True)
    (manual / "templates/pages/env.md").symlink_to("/proc/self/environ")
    assert _check(manual) == ["templates/pages/env.md:1:1 E004"]


def test_an_asset_linking_out_of_the_manual_is_refused(manual: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("API_KEY=42\n")
    (manual / "templates/assets").mkdir(parents=True)
    (manual / "templates/assets/extra.css").symlink_to(secret)
    assert _check(manual) == ["templates/assets/extra.css:1:1 E004"]


def test_a_folder_linking_out_of_the_manual_is_refused(manual: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside-roles"
    (manual / "roles").rename(outside)
    (manual / "roles").symlink_to(outside)
    found = load_and_check(manual, TODAY)[1]
    assert [f"{f.location} {f.code}" for f in found] == ["roles:1:1 E004"]
    assert "this folder is a link to a folder outside the manual" in found[0].message


def test_mkdocs_yml_linking_out_of_the_manual_is_refused(manual: Path, tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(FILES["mkdocs.yml"])
    (manual / "mkdocs.yml").unlink()
    (manual / "mkdocs.yml").symlink_to(tmp_path / "mkdocs.yml")
    assert _check(manual) == ["mkdocs.yml:1:1 E004"]


def test_a_folder_named_like_a_yaml_file_is_reported(manual: Path) -> None:
    (manual / "roles/auditor.yml").mkdir()
    assert _check(manual) == ["roles/auditor.yml:1:1 E004"]


def test_a_fifo_is_reported_and_never_opened(manual: Path) -> None:
    os.mkfifo(manual / "roles/auditor.yml")  # opening it would block the check forever
    assert _check(manual) == ["roles/auditor.yml:1:1 E004"]


def test_a_dangling_link_is_reported(manual: Path) -> None:
    (manual / "roles/auditor.yml").symlink_to(manual / "roles/nobody.yml")
    assert _check(manual) == ["roles/auditor.yml:1:1 E004"]


def test_a_link_loop_is_reported(manual: Path) -> None:
    (manual / "roles/a.yml").symlink_to(manual / "roles/b.yml")
    (manual / "roles/b.yml").symlink_to(manual / "roles/a.yml")
    assert _check(manual) == ["roles/a.yml:1:1 E004", "roles/b.yml:1:1 E004"]


def test_a_link_inside_the_manual_is_followed(manual: Path) -> None:
    (manual / "shared").mkdir()
    (manual / "roles/customer.yml").rename(manual / "shared/customer.yml")
    (manual / "roles/customer.yml").symlink_to(manual / "shared/customer.yml")
    assert _check(manual) == []


def test_an_unreadable_folder_is_reported_not_empty(
    manual: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_scandir = os.scandir

    def scandir(path: str | os.PathLike[str]) -> object:
        if Path(path).name == "procedures":  # chmod 000 does not stop root: refuse as it would
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = load_and_check(manual, TODAY)[1]
    assert [f"{f.location} {f.code}" for f in found] == ["procedures:1:1 E004"]
    assert "cannot read this folder: Permission denied" in found[0].message


def test_an_unreadable_file_is_reported(manual: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "teller.yml":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    assert _check(manual) == ["roles/teller.yml:1:1 E004"]


def test_a_file_nothing_reads_is_a_warning(manual: Path) -> None:
    (manual / "procedures/notes.txt").write_text("to do\n")
    (manual / "templates/pages/drafts").mkdir(parents=True)
    assert _check(manual) == ["procedures/notes.txt:1:1 W065", "templates/pages/drafts:1:1 W065"]


@pytest.mark.parametrize("name", ["Guide.md", "my page.md", "con.md", "a\nb.md"])
def test_a_page_name_that_cannot_be_an_address_is_refused(manual: Path, name: str) -> None:
    (manual / "templates/pages").mkdir(parents=True)
    (manual / "templates/pages" / name).write_text("# Page\n")
    found = load_and_check(manual, TODAY)[1]
    assert [f.code for f in found] == ["E011"]
    assert "\n" not in found[0].as_text()


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("# P\n\n{{ nothing }}\n", 3),
        ("# P\n{% if %}\n", 2),
        ("# P\n\n\n{{ 1 // 0 }}\n", 4),
        ("{{ t.__globals__ }}\n", 1),
    ],
    ids=["undefined", "syntax", "zero-division", "sandbox"],
)
def test_a_page_that_does_not_render_is_a_finding(manual: Path, text: str, line: int) -> None:
    (manual / "templates/pages").mkdir(parents=True)
    (manual / "templates/pages/p.md").write_text(text)
    assert _check(manual) == [f"templates/pages/p.md:{line}:1 E024"]


def test_a_page_may_still_use_the_template_globals(manual: Path) -> None:
    (manual / "templates/pages").mkdir(parents=True)
    (manual / "templates/pages/p.md").write_text("# P\n\n{{ t('start') }} {{ today }} {{ 7*7 }}\n")
    assert _check(manual) == []


def test_garbage_in_every_loader_path_never_raises(manual: Path) -> None:
    samples = [b"\x00\x01", b"\xff\xfe", b"a: [" * 50, b"\t- x", b"!!binary x", b"a: *b", b"\r\r\r"]
    for i, raw in enumerate(samples):
        for rel in (f"roles/x{i}.yml", f"templates/pages/p{i}.md", "mkdocs.yml", "opsmanual.yml"):
            path = manual / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(raw)
    found = load_and_check(manual, dt.date(2026, 11, 23))[1]
    assert found and all(FINDING_LINE.match(f.as_text()) for f in found)


def test_read_yaml_of_a_huge_nesting_costs_nothing() -> None:
    data, _marks, problems = read_yaml("x.yml", b"a: " + b"[" * 100_000)
    assert data is None and [p.code for p in problems] == ["E006"]


def test_a_page_linking_to_a_missing_page_or_image_is_a_finding(manual: Path) -> None:
    """MkDocs --strict refuses these: check says so first, at the link."""
    (manual / "templates/pages").mkdir(parents=True)
    (manual / "templates/pages/other.md").write_text("# Other\n")
    (manual / "templates/pages/p.md").write_text(
        "# P\n\n[ok](other.md) [ok too](other.md#top) ![logo](../assets/logo.png)\n"
        "[gone](missing.md) and ![pic](pic.png) `[code](nope.md)`\n\n[ref]: gone-too.md\n"
    )
    assert _check(manual) == [
        "templates/pages/p.md:4:8 E025",
        "templates/pages/p.md:4:31 E025",
        "templates/pages/p.md:6:8 E025",
    ]
