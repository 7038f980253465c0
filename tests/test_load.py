"""Loader defects: each one a finding with the right code at the right file:line:col."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.source.loader import load_manual
from generator.source.yamlfile import read_yaml

from .conftest import Findings
from .rules_manual import FILES

ROLE = "roles/teller.yml"


def test_scaffold_manual_is_clean(findings: Findings) -> None:
    assert findings({}) == []


def test_yaml_syntax_error_points_at_the_problem(findings: Findings) -> None:
    text = "id: teller\nname: Teller\nsummary: [unclosed\n"
    found = findings({ROLE: text})
    assert len(found) == 1 and found[0].endswith("E001")
    assert found[0].startswith("roles/teller.yml:4:")


def test_unquoted_colon_gets_advice(findings: Findings) -> None:
    found = findings({ROLE: "id: teller\nname: Teller: counter\n"}, messages=True)
    assert found[0].startswith("roles/teller.yml:2:13: E001")
    assert "must be quoted" in found[0]


def test_duplicate_key(findings: Findings) -> None:
    found = findings({ROLE: "id: teller\nname: Teller\nname: Clerk\n"}, messages=True)
    assert found == [
        "roles/teller.yml:3:1: E002 error: duplicate key 'name' (first at line 2): keep one of them"
    ]


def test_anchor_and_alias_rejected(findings: Findings) -> None:
    found = findings({ROLE: "id: teller\nname: &n Teller\nsummary: *n\n"})
    assert found == ["roles/teller.yml:2:7 E003"]


def test_alias_bomb_refused_before_anything_is_built(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 30):
        lines.append(
            f"a{i}: &a{i} [*a{'' if i == 1 else i - 1}" + f",*a{'' if i == 1 else i - 1}" * 8 + "]"
        )

    def no_compose(*args: object, **kwargs: object) -> None:
        raise AssertionError("the document was composed: aliases would have been expanded")

    # refused from the event stream: no node (and no expansion) is ever built
    monkeypatch.setattr(yaml, "compose", no_compose)
    data, _marks, problems = read_yaml("bomb.yml", "\n".join(lines).encode())
    assert data is None
    assert [p.code for p in problems] == ["E003"]


def test_non_utf8_bytes(findings: Findings, tmp_path: Path) -> None:
    root = tmp_path / "manual"
    findings({})  # writes the base manual
    (root / ROLE).write_bytes(b"id: teller\nname: Kassierer \xe4\n")
    from generator.pipeline.checking import load_and_check

    _m, found = load_and_check(root)
    assert [f"{f.location} {f.code}" for f in found] == ["roles/teller.yml:2:17 E004"]


def test_file_over_one_mib(findings: Findings) -> None:
    found = findings({ROLE: "id: teller\nname: Teller\nsummary: " + "x" * (1024 * 1024) + "\n"})
    assert found == ["roles/teller.yml:1:1 E004"]


def test_empty_file(findings: Findings) -> None:
    assert findings({ROLE: "# nothing but a comment\n"}) == ["roles/teller.yml:1:1 E004"]


def test_top_level_not_a_mapping(findings: Findings) -> None:
    assert findings({ROLE: "- id: teller\n"}) == ["roles/teller.yml:1:1 E004"]


def test_unknown_field_with_suggestion(findings: Findings) -> None:
    found = findings({ROLE: "id: teller\nname: Teller\nresponsibilites: [a]\n"}, messages=True)
    assert found[0].startswith("roles/teller.yml:3:1: E010 error: unknown field 'responsibilites'")
    assert "did you mean 'responsibilities'?" in found[0]


def test_wrong_type(findings: Findings) -> None:
    found = findings({ROLE: "id: teller\nname: Teller\nresponsibilities: receive\n"})
    assert found == ["roles/teller.yml:3:19 E010"]


def test_missing_field(findings: Findings) -> None:
    found = findings({ROLE: "id: teller\nsummary: x\n"}, messages=True)
    assert found == ["roles/teller.yml:1:1: E010 error: missing required field 'name'"]


def test_bad_enum(findings: Findings) -> None:
    found = findings({ROLE: "id: teller\nname: Teller\nkind: employee\n"}, messages=True)
    assert found[0].startswith("roles/teller.yml:3:7: E010 error: 'kind' is 'employee'")
    assert "'staff', 'customer' or 'external'" in found[0]


def _procedure(**replace: str) -> str:
    text = FILES["procedures/account-opening.yml"]
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new)
    return text


PROC = "procedures/account-opening.yml"


def test_impossible_date(findings: Findings) -> None:
    found = findings(
        {PROC: _procedure(**{"effective: 2026-12-01": "effective: 2026-02-30"})}, messages=True
    )
    assert found[0].startswith(
        "procedures/account-opening.yml:8:12: E010 error: 'effective' is '2026-02-30'"
    )


def test_date_without_dashes_gets_advice(findings: Findings) -> None:
    found = findings(
        {PROC: _procedure(**{"effective: 2026-12-01": "effective: 20261101"})}, messages=True
    )
    assert found == [
        "procedures/account-opening.yml:8:12: E010 error: 'effective' is '20261101', not a "
        "real date: write YYYY-MM-DD"
    ]


def test_version_read_as_number_gets_advice(findings: Findings) -> None:
    found = findings({PROC: _procedure(**{"\nversion: 1.0.0": "\nversion: 1.0"})}, messages=True)
    assert found == [
        "procedures/account-opening.yml:7:10: E010 error: version '1.0' is not "
        'MAJOR.MINOR.PATCH: write e.g. "1.0.0"'
    ]


def test_unquoted_yes_no_in_labels_work_as_meant(findings: Findings, tmp_path: Path) -> None:
    text = _procedure(**{'when: "Yes"': "when: yes", 'when: "No"': "when: no"})
    assert findings({PROC: text}) == []
    from generator.source.loader import load_manual

    manual, _ = load_manual(tmp_path / "manual")
    assert manual is not None
    labels = [b.when for b in manual.procedures[0].steps[1].branches]
    assert labels == ["yes", "no"]


def test_boolean_field_accepts_yaml_booleans(findings: Findings) -> None:
    text = FILES["controls/controls.yml"]
    assert findings({"controls/controls.yml": text.replace("key: true", "key: yes", 1)}) == []
    found = findings(
        {"controls/controls.yml": text.replace("key: true", "key: maybe", 1)}, messages=True
    )
    assert found[0].startswith(
        "controls/controls.yml:17:10: E010 error: 'key' is 'maybe': write true or false"
    )


def test_invalid_id(findings: Findings) -> None:
    found = findings({ROLE: "id: Teller_1\nname: Teller\n"}, messages=True)
    assert found[0].startswith("roles/teller.yml:1:5: E011 error: invalid id 'Teller_1'")


def test_every_problem_of_a_file_is_reported(findings: Findings) -> None:
    found = findings(
        {ROLE: "id: teller\nname: Teller\nkind: employee\nresponsibilities: x\nfoo: 1\n"}
    )
    assert found == [
        "roles/teller.yml:3:7 E010",
        "roles/teller.yml:4:19 E010",
        "roles/teller.yml:5:1 E010",
    ]


def test_garbage_never_raises() -> None:
    samples = [
        b"\x00\x01",
        b"{",
        b"- - - [",
        b"a: b: c",
        b"? [a]\n: b",
        b"a: !!python/object x",
        b"\t- x",
        b"key: 'unterminated",
        b"%YAML 9.9\n---\na: 1",
        b"a: 1\n---\nb: 2",
    ]
    for raw in samples:
        data, _marks, problems = read_yaml("x.yml", raw)
        if data is None:
            assert problems, raw
            assert {p.code for p in problems} <= {"E001", "E003", "E004", "E005", "E007", "E010"}, (
                raw
            )
        else:
            assert isinstance(data, dict), raw


def test_sources_settings_get_their_own_advice(tmp_path: Path) -> None:
    from .conftest import KITCHEN_SINK, copy_manual, with_settings

    root = copy_manual(KITCHEN_SINK, tmp_path / "ks")
    with_settings(root, 'sources:\n  low: {label: y}\n  OK: {label: z, page: "regs.html"}\n')
    _manual, found = load_manual(root)
    assert [f.as_text() for f in found] == [
        "opsmanual.yml:5:3: E010 error: source code 'low' must be capitals and digits, e.g. "
        "REG, S2 or ADD",
        "opsmanual.yml:6:24: E010 error: page 'regs.html' must be a page of the site, "
        "path/to/page.md with an optional #anchor (e.g. guide/regulations.md#reg-{ident})",
    ]


def test_a_file_read_again_unchanged_is_not_parsed_again(tmp_path: Path) -> None:
    """The parse cache: same bytes, same (frozen) object; changed bytes, read anew."""
    from .conftest import KITCHEN_SINK, copy_manual

    root = copy_manual(KITCHEN_SINK, tmp_path / "ks")
    first, _ = load_manual(root)
    again, _ = load_manual(root)
    assert first is not None and again is not None
    assert all(a is b for a, b in zip(first.procedures, again.procedures, strict=True))
    path = root / "procedures/account-opening.yml"
    path.write_text(path.read_text("utf-8").replace("title: Verify identity", "title: Verify"))
    edited, _ = load_manual(root)
    assert edited is not None
    changed = [p.id for p, q in zip(first.procedures, edited.procedures, strict=True) if p is not q]
    assert changed == ["account-opening"]
    assert "Verify" in [s.title for s in edited.procedure_by_id["account-opening"].steps]
    step = edited.procedure_by_id["account-opening"].steps[0]
    assert edited.where(step).path == "procedures/account-opening.yml"
    assert edited.where(step).line > 1


def test_a_broken_file_is_reported_on_every_load(tmp_path: Path) -> None:
    from .conftest import KITCHEN_SINK, copy_manual

    root = copy_manual(KITCHEN_SINK, tmp_path / "ks")
    (root / "roles/teller.yml").write_text("id: teller\nname: [unclosed\n", "utf-8")
    for _ in range(2):
        manual, found = load_manual(root)
        assert [f.code for f in found if f.location.path == "roles/teller.yml"] == ["E001"]
        assert manual is None or "teller" not in manual.role_by_id
