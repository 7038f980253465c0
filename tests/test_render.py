"""Renderers on the kitchen-sink manual: snapshots of the DOT source and of each page type."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path, PurePosixPath

import pytest

from generator.pipeline.generate import Generated
from generator.render.flowchart import Chart, site_chart
from generator.render.flowchart.layout import lane_order
from generator.render.flowchart.text import wrap
from generator.source.loader import load_manual
from generator.source.manual import Manual
from generator.source.messages import translator
from generator.source.presentation import DEFAULT_TEMPLATES

from .conftest import (
    KITCHEN_SINK,
    ROOT,
    TODAY,
    Snapshot,
    copy_manual,
    draw_pages,
    render_pages,
    with_settings,
)

Kitchen = tuple[Path, Manual, Generated]


def chart(manual: Manual, proc_id: str, start: str = "Start") -> Chart:
    return site_chart(manual, manual.procedure_by_id[proc_id], start)


@pytest.fixture(scope="module")
def kitchen(tmp_path_factory: pytest.TempPathFactory) -> Kitchen:
    root = copy_manual(KITCHEN_SINK, tmp_path_factory.mktemp("ks") / "manual")
    manual, findings = load_manual(root)
    assert manual is not None and findings == []
    return root, manual, render_pages(root, manual)


def test_dot_source_snapshot(kitchen: Kitchen, snapshot: Snapshot) -> None:
    _root, manual, _gen = kitchen
    c = chart(manual, "account-opening")
    dot, geometry = c.dot, c.geometry
    snapshot("account-opening.dot", dot)
    assert geometry.lanes == (
        "customer",
        "teller",
        "reviewer",
        "branch-manager",
        "compliance-officer",
    )


def test_dot_marks_key_controls_links_and_subprocess(kitchen: Kitchen) -> None:
    _root, manual, _gen = kitchen
    dot = chart(manual, "account-opening").dot
    node = re.search(r'"verify-identity" \[(.*)\];', dot)
    assert node is not None
    assert 'URL="#verify-identity"' in node.group(1)
    assert 'color="#b71c1c"' in node.group(1)  # applies a key control
    assert "◆CP-01" in node.group(1) and "◇CP-02" in node.group(1)
    assert 'URL="../suspicious-case/"' in dot  # the subprocess links to the called procedure
    assert "label=<Suspicious>" in dot


PAGES = [
    "procedures/account-opening.md",
    "roles/teller.md",
    "controls/identity-verification.md",
    "controls/matrix.md",
    "controls/risks.md",
    "checklists/procedures/account-opening.md",
    "checklists/roles/teller.md",
    "faq/accounts.md",
    "index.md",
    "changes.md",
    "archive.md",
    "raci/index.md",
]


@pytest.mark.parametrize("page", PAGES)
def test_page_snapshot(kitchen: Kitchen, snapshot: Snapshot, page: str) -> None:
    _root, _manual, gen = kitchen
    text = gen.files[PurePosixPath(page)]
    assert isinstance(text, str)
    text = re.sub(
        r"<svg\b.*?</svg>", "<svg>…</svg>", text, flags=re.DOTALL
    )  # chart bytes vary by font
    snapshot(page.replace("/", "__"), text)


def test_every_template_renders(kitchen: Kitchen) -> None:
    _root, _manual, gen = kitchen
    used = "\n".join(t for t in gen.files.values() if isinstance(t, str))
    templates = sorted(p.name for p in DEFAULT_TEMPLATES.glob("*.j2") if not p.name.startswith("_"))
    assert templates
    # each page template produced at least one page: its first heading line is present
    from generator.render.templating import environment
    from generator.source.presentation import default_presentation

    env = environment("en", default_presentation())
    for name in templates:
        assert env.loader is not None
        source = env.loader.get_source(env, name)[0]
        assert source.startswith("{#- Context:"), f"{name} must document its context"
    assert "Retired procedures" in used and "Validation rules" in used


def test_retired_procedure_leaves_nav_and_checklists_but_keeps_its_page(kitchen: Kitchen) -> None:
    _root, _manual, gen = kitchen
    assert PurePosixPath("procedures/old-process.md") in gen.files
    assert PurePosixPath("checklists/procedures/old-process.md") not in gen.files
    assert "old-process" not in repr(gen.nav)
    assert "This procedure is retired" in str(gen.files[PurePosixPath("procedures/old-process.md")])


def test_raci_has_one_a_per_step_and_csv_matches(kitchen: Kitchen) -> None:
    _root, _manual, gen = kitchen
    page = str(gen.files[PurePosixPath("procedures/account-opening.md")])
    raci = page.split('class="om-raci"')[1].split("<tbody>")[1].split("</tbody>")[0]
    rows_html = re.findall(r'<tr><th scope="row">.*?</tr>', raci)
    assert len(rows_html) == 6  # every step but the three ends
    for row in rows_html:
        cells = re.findall(r"<td[^>]*>([^<]*)</td>", row)
        assert sum("A" in c for c in cells) == 1, row
    rows = list(
        csv.reader(
            io.StringIO(str(gen.files[PurePosixPath("raci/raci-steps.csv")]).lstrip("\ufeff"))
        )
    )
    assert rows[0] == [
        "Procedure", "Version", "Step no.", "Step", "Kind", "Responsible (R)",
        "Accountable (A)", "Consulted (C)", "Informed (I)", "Controls", "Control waiver",
        "Procedure id", "Step id",
    ]  # fmt: skip
    verify = next(r for r in rows if r[-1] == "verify-identity")
    assert verify[:5] == ["Open a personal account", "1.1.0", "3", "Verify identity", "Task"]
    assert verify[5] == "Teller" and verify[6] == "Teller" and verify[8] == "Customer"
    assert verify[9] == "CP-01 Identity verification, CP-02 Watch-list screening"


def test_xlsx_download_opens_and_is_deterministic(kitchen: Kitchen, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    root, manual, gen = kitchen
    data = gen.files[PurePosixPath("raci/raci.xlsx")]
    assert isinstance(data, bytes)
    (tmp_path / "r.xlsx").write_bytes(data)
    book = load_workbook(tmp_path / "r.xlsx")
    assert book.sheetnames == ["Manual-wide RACI matrix", "Steps"]
    assert book["Steps"]["D2"].value == "Receive the application"
    assert book["Manual-wide RACI matrix"]["A1"].value == "Role"
    again = render_pages(root, manual)
    assert again.files == gen.files  # byte-identical second run


def test_lanes_put_outside_parties_last_and_wrap_balances() -> None:
    root_manual, _ = load_manual(KITCHEN_SINK)
    assert root_manual is not None
    lanes = lane_order(root_manual, root_manual.procedure_by_id["suspicious-case"])
    assert lanes == ("compliance-officer",)
    assert wrap("受理与需求了解", 6.5) == ["受理与需", "求了解"]
    assert wrap("Receive the application", 9.5) == ["Receive the", "application"]


def test_draft_procedure_has_a_banner_and_no_checklist(tmp_path: Path) -> None:
    root = copy_manual(KITCHEN_SINK, tmp_path / "ks")
    path = root / "procedures/suspicious-case.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "version: 1.0.0\n", "version: 1.0.0\nstatus: draft\n", 1
        ),
        encoding="utf-8",
    )
    manual, findings = load_manual(root)
    assert manual is not None and findings == []
    files = render_pages(root, manual).files
    page = str(files[PurePosixPath("procedures/suspicious-case.md")])
    assert "This procedure is a draft" in page
    assert PurePosixPath("checklists/procedures/suspicious-case.md") not in files
    assert "suspicious-case" in repr(render_pages(root, manual).nav)  # still published for comment


def test_future_version_shows_when_it_takes_effect(kitchen: Kitchen) -> None:
    _root, manual, gen = kitchen
    assert "takes effect on" not in str(gen.files[PurePosixPath("procedures/account-opening.md")])
    root = _root
    path = root / "procedures/account-opening.yml"
    original = path.read_text(encoding="utf-8")
    try:
        path.write_text(
            original.replace("effective: 2026-11-01", "effective: 2027-01-01"), encoding="utf-8"
        )
        edited, _ = load_manual(root)
        assert edited is not None
        files = render_pages(root, edited).files
        assert "This version takes effect on 2027-01-01" in str(
            files[PurePosixPath("procedures/account-opening.md")]
        )
        assert "Upcoming changes" in str(files[PurePosixPath("index.md")])
    finally:
        path.write_text(original, encoding="utf-8")


def test_an_end_reached_from_several_steps_is_drawn_beside_each() -> None:
    from generator.render.flowchart.layout import START, layout

    manual, _ = load_manual(ROOT)  # the sample manual
    assert manual is not None
    proc = manual.procedure_by_id["corporate-account-opening"]
    lane_ids = lane_order(manual, proc)
    placed = layout(manual, proc, lane_ids)
    refused = [name for name, step in placed.steps.items() if step == "refused"]
    sources = sorted({a for a, b, _ in placed.edges if placed.steps.get(b) == "refused"})
    assert len(refused) == len(sources) > 2 and refused[0] == "refused"
    assert all(re.fullmatch(r"refused(--\d+)?", name) for name in refused)
    for a, b, _label in placed.edges:
        if b in refused:  # each copy sits next to its one source
            assert [x for x, y, _ in placed.edges if y == b and x != a] == []
            assert abs(placed.lanes[b] - placed.lanes[a]) <= 1
            assert 0 <= placed.rows[b] - placed.rows[a] <= 3, (a, b)
    slots = [(placed.lanes[n], placed.rows[n]) for n in [START, *placed.steps]]
    assert len(slots) == len(set(slots))  # no two nodes share a slot
    assert set(placed.steps.values()) == {s.id for s in proc.steps}  # every step drawn
    dot = chart(manual, "corporate-account-opening", "开始").dot
    assert 'id="node-refused"' in dot and 'id="node-refused--2"' in dot


def test_spreadsheet_downloads_never_hold_formulas(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    root = copy_manual(KITCHEN_SINK, tmp_path / "ks")
    formula = '=HYPERLINK("http://evil.example/x","c")'
    role = root / "roles" / "teller.yml"
    role.write_text(
        role.read_text(encoding="utf-8").replace("name: Teller", f"name: '{formula}'"),
        encoding="utf-8",
    )
    proc = root / "procedures" / "account-opening.yml"
    proc.write_text(
        proc.read_text(encoding="utf-8").replace(
            "title: Open a personal account", "title: '+SUM(1,2)'", 1
        ),
        encoding="utf-8",
    )
    manual, findings = load_manual(root)
    assert manual is not None, findings
    gen = render_pages(root, manual)
    data = gen.files[PurePosixPath("raci/raci.xlsx")]
    assert isinstance(data, bytes)
    (tmp_path / "r.xlsx").write_bytes(data)
    book = load_workbook(tmp_path / "r.xlsx")
    cells = [c for sheet in book for line in sheet.iter_rows() for c in line]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells}
    assert formula in texts and "+SUM(1,2)" in texts  # shown exactly as written
    table = str(gen.files[PurePosixPath("raci/raci-steps.csv")])
    assert f"'{formula}" in table.replace('""', '"') and "'+SUM(1,2)" in table


@pytest.mark.requires_dot
def test_chart_text_is_shown_as_written_entities_included(tmp_path: Path) -> None:
    root = copy_manual(KITCHEN_SINK, tmp_path / "ks")
    proc = root / "procedures" / "account-opening.yml"
    text = proc.read_text(encoding="utf-8")
    text = text.replace('      - when: "No"', '      - when: "A &amp; B < C"', 1)
    text = text.replace("title: Verify identity", "title: Verify &lt;identity&gt;", 1)
    proc.write_text(text, encoding="utf-8")
    manual, findings = load_manual(root)
    assert manual is not None, findings
    page = str(draw_pages(root, manual).files[PurePosixPath("procedures/account-opening.md")])
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert ">A &amp;amp; B &lt; C</text>" in svg  # the edge label, literally
    assert 'xlink:title="Verify &amp;lt;identity&amp;gt;' in svg  # the tooltip, literally
    assert "Verify &amp;lt;identity" in svg  # the node label


def test_source_tags_read_as_their_labels_linked_to_their_page(tmp_path: Path) -> None:
    from generator.render.views import Views

    root = copy_manual(KITCHEN_SINK, tmp_path / "ks")
    settings = with_settings(
        root,
        "sources:\n"
        + '  REG: {label: Regulation, regulations: true, page: "controls/risks.md#reg-{ident}"}\n'
        + "  ADD: {label: Our standard, title: Standards the bank sets itself}\n"
        + "regulations:\n"
        + "  - {id: ACCT, short: Account Rules, title: Account Management Rules,"
        + " issuer: Central bank, effective: 2003-09-01}\n",
    )
    manual, findings = load_manual(root)
    assert manual is not None, findings
    views = Views(manual, TODAY, translator("en"))
    tags = ("[REG:ACCT §3]", "[ADD]", "[S2 §4.1]", "free text <b>", "[REG:ACCT §5]", "[ADD]")
    shown = views.sources(tags)
    assert [(s.text, s.details, s.href("procedures/a.md"), s.title) for s in shown] == [
        (
            "Account Rules",
            ("§3", "§5"),  # one source once per line, what of it is cited after it
            "../../controls/risks/#reg-ACCT",
            "Account Management Rules · Central bank · in force from 2003-09-01",
        ),
        ("Our standard", (), None, "Standards the bank sets itself"),
        ("[S2 §4.1]", (), None, "[S2 §4.1]"),  # not listed: as written
        ("free text <b>", (), None, "free text <b>"),
    ]
    assert shown[0].tags == ("[REG:ACCT §3]", "[REG:ACCT §5]") and shown[0].gap == " "
    evil = '[REG:x"><img/src/onerror=alert(1)>]'
    (shown_evil,) = views.sources((evil,))
    assert shown_evil.page is None and shown_evil.text == evil  # no anchor built from it
    (named,) = views.procedure(manual.procedure_by_id["account-opening"]).regulations
    assert (named.text, named.href("procedures/a.md")) == (
        "Account Rules",
        "../../controls/risks/#reg-ACCT",
    )  # the kitchen sink's `regulations: [Account Management Rules]`, by its title
    proc = root / "procedures" / "account-opening.yml"
    proc.write_text(
        proc.read_text(encoding="utf-8").replace(
            "    title: Verify identity\n",
            f"    title: Verify identity\n    sources: ['{evil}', '[REG:ACCT]']\n",
            1,
        ),
        encoding="utf-8",
    )
    manual, findings = load_manual(root)
    assert manual is not None, findings
    page = str(render_pages(root, manual).files[PurePosixPath("procedures/account-opening.md")])
    assert "<img/src" not in page and "&lt;img/src/onerror=alert(1)&gt;" in page
    assert '<a href="../../controls/risks/#reg-ACCT" title="Account Management Rules' in page
    bad = settings.read_text(encoding="utf-8").replace("risks.md#reg", "ri sks#x")
    settings.write_text(bad, encoding="utf-8")
    assert load_manual(root)[0] is None  # a page that is no page is refused


def test_two_branches_to_one_step_are_one_arrow_with_both_answers() -> None:
    from generator.render.flowchart.layout import layout

    manual, _ = load_manual(ROOT)
    assert manual is not None
    proc = manual.procedure_by_id["corporate-account-opening"]
    twice = [
        (s.id, b.next)
        for s in proc.steps
        for b in s.branches
        if sum(c.next == b.next for c in s.branches) > 1
    ]
    assert twice  # the sample has such decisions ("核验一致" and "异常已合理说明")
    placed = layout(manual, proc, lane_order(manual, proc))
    pairs = [(a, b) for a, b, _label in placed.edges]
    assert len(pairs) == len(set(pairs))  # one arrow per pair: unique edge ids in the SVG
    for source, target in set(twice):
        (label,) = [lbl for a, b, lbl in placed.edges if a == source and placed.steps[b] == target]
        step = next(s for s in proc.steps if s.id == source)
        assert label == "\n".join(b.when for b in step.branches if b.next == target)


def test_cross_links_in_markdown_resolve_from_each_page(tmp_path: Path) -> None:
    root = copy_manual(KITCHEN_SINK, tmp_path / "ks")
    role = root / "roles" / "teller.yml"
    role.write_text(
        role.read_text(encoding="utf-8").replace(
            "summary: Serves customers at the counter.",
            "summary: Serves customers; see [verify](procedure:account-opening#verify-identity),"
            " [FAQ](faq:expired-id), [risk](risk:identity-fraud) and [check](control:"
            "document-check).",
        ),
        encoding="utf-8",
    )
    manual, findings = load_manual(root)
    assert manual is not None, findings
    files = render_pages(root, manual).files
    page = str(files[PurePosixPath("roles/teller.md")])
    assert '<a href="../../procedures/account-opening/#verify-identity">verify</a>' in page
    assert '<a href="../../faq/accounts/#expired-id">FAQ</a>' in page
    assert '<a href="../../controls/risks/#identity-fraud">risk</a>' in page
    assert '<a href="../../controls/document-check/">check</a>' in page
    assert "procedure:" not in page.split("om-md", 1)[1].split("</div>", 1)[0]


def test_in_one_lane_each_end_copy_sits_right_below_its_decision(tmp_path: Path) -> None:
    from generator.render.flowchart.layout import START, layout

    root = copy_manual(KITCHEN_SINK, tmp_path / "ks")
    head = (root / "procedures/suspicious-case.yml").read_text(encoding="utf-8")
    head = head.split("steps:")[0].replace("id: suspicious-case", "id: one-lane")
    steps = "".join(
        f"  - id: d{i}\n    kind: decision\n    title: Check {i}\n    owner: teller\n"
        f"    controls: [document-check]\n    branches:\n"
        f"      - {{when: 'Yes', next: {'d' + str(i + 1) if i < 6 else 'done'}}}\n"
        f"      - {{when: 'No', next: rejected}}\n"
        for i in range(1, 7)
    )
    ends = "  - {id: done, kind: end, title: Done}\n  - {id: rejected, kind: end, title: No}\n"
    history = "history:\n  - {version: 1.0.0, date: 2026-10-01, summary: x, approved_by: compliance-officer}\n"
    (root / "procedures/one-lane.yml").write_text(
        head + "steps:\n" + steps + ends + history, encoding="utf-8"
    )
    manual, findings = load_manual(root)
    assert manual is not None, findings
    proc = manual.procedure_by_id["one-lane"]
    placed = layout(manual, proc, lane_order(manual, proc))
    copies = [(a, b) for a, b, _ in placed.edges if placed.steps.get(b) == "rejected"]
    assert len(copies) == 6
    for source, copy in copies:
        assert placed.lanes[copy] == placed.lanes[source]
        assert placed.rows[copy] == placed.rows[source] + 1, (source, copy)
    slots = [(placed.lanes[n], placed.rows[n]) for n in [START, *placed.steps]]
    assert len(slots) == len(set(slots))
    for i in range(1, 6):  # the main flow still goes down
        assert placed.rows[f"d{i + 1}"] > placed.rows[f"d{i}"]
