"""One escaping (or dropping) function per output, each proved inert and valid (issue 17).

First each function on its own, with the attacks and the control characters that the
loader refuses anyway (the functions are the last guard); then a manual whose every text
field is an attack (``tests/hostile_manual.py``), generated and exported, every output
parsed by its own kind of parser; the built site and the printed quiz run in Chromium in
``test_browser_inert.py``.
"""

from __future__ import annotations

import csv
import html
import io
import re
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import markdown  # type: ignore[import-untyped]
import pytest
from openpyxl import load_workbook

from generator.pipeline.checking import load_and_check
from generator.quiz.bank import build_bank
from generator.render.packaging import to_csv, to_xlsx
from generator.render.quizformats import FORMATS, gift
from generator.render.quizformats import markdown as md_export
from generator.render.quizformats.common import Kit, make_quiz, presented
from generator.render.templating import environment, escape_html, escape_markdown, render_markdown
from generator.render.xmltext import cdata, legal, xml_attr, xml_text
from generator.source.findings import Severity
from generator.source.messages import translator
from generator.source.presentation import load_presentation

from .conftest import TODAY, draw_pages
from .hostile_manual import hostile_manual
from .test_quiz_exports import parse_gift, schemas

CONTROLS = "".join(map(chr, [*range(0, 9), 11, 12, *range(14, 32), 0x7F, 0x85, 0xFFFE, 0xFFFF]))
ATTACKS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "//evil.example/",
    "{{ 7*7 }}",
    '=HYPERLINK("http://evil.example","x")',
    "+1+1",
    "-1",
    "@SUM(A1)",
    "~ = # : { } \\ -> // $CATEGORY: x ::t::",
    "]]> <![CDATA[ & < > ' \" &amp; &#0;",
    "{: onclick=alert(1) #x }",
    "a" + CONTROLS + "b",
    "\u2028line\u2029separators\r\nand CRLF",
]
SAFE_TAGS = {"div", "p", "a", "em", "strong", "code", "pre", "ul", "ol", "li", "br", "hr"}
SAFE_TAGS |= {"blockquote", "table", "thead", "tbody", "tr", "th", "td", "h1", "h2", "h3", "img"}


class _Tags(HTMLParser):
    """Every element and attribute of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags(fragment: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(fragment)
    return parser.tags


def assert_inert_html(fragment: str) -> None:
    """No element but the harmless ones, no event handler, no link off the site or to script."""
    for tag, attrs in tags(fragment):
        assert tag in SAFE_TAGS, (tag, fragment)
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        for key in ("href", "src"):
            url = (attrs.get(key) or "").strip().lower()
            assert not url.startswith(("javascript:", "//", "data:", "vbscript:")), (tag, attrs)
    assert not re.search(CONTROLS_RE, fragment), repr(fragment)


#: what XML 1.0 cannot carry (C0 controls but tab, newline and CR; U+FFFE, U+FFFF): the
#: guard removes these; DEL and the C1 controls are legal XML, refused by the loader only
CONTROLS_RE = "[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]"


@pytest.mark.parametrize("attack", ATTACKS)
def test_html_text_is_escaped(attack: str) -> None:
    out = str(escape_html(attack))
    assert tags(out) == [] and "<" not in out
    assert_inert_html(out)
    assert html.unescape(out) == legal(attack)


@pytest.mark.parametrize("attack", ATTACKS)
def test_markdown_text_stays_text_through_python_markdown(attack: str) -> None:
    out = markdown.markdown(f"# {escape_markdown(attack)}", extensions=["attr_list", "tables"])
    assert [t for t, _a in tags(out)] == ["h1"] and tags(out)[0][1] == {}, out
    assert_inert_html(out)


@pytest.mark.parametrize("attack", ATTACKS)
def test_markdown_fields_render_inert(attack: str) -> None:
    text = f"{attack}\n\n[a]({attack.split()[0]}) [b](//evil.example/x) ![i](//evil.example/i.png)"
    out = str(render_markdown(text))
    assert_inert_html(out)
    assert "evil.example" not in "".join(str(a) for _t, a in tags(out))


def test_protocol_relative_links_are_not_links() -> None:
    out = str(render_markdown("[x](//evil.example/) [y](/\\evil.example) <//evil.example>"))
    assert [a.get("href") for t, a in tags(out) if t == "a"] == ["/%5Cevil.example"]


@pytest.mark.parametrize("attack", ATTACKS)
def test_xml_text_parses_and_keeps_the_text(attack: str) -> None:
    doc = f"<r a={xml_attr(attack)}><t>{xml_text(attack)}</t><c>{cdata(attack)}</c></r>"
    root = ET.fromstring(doc)
    lines = legal(attack).replace("\r\n", "\n").replace("\r", "\n")  # XML's own line ends
    assert root.get("a") == legal(attack)  # quoteattr writes &#10; and &#13;: kept as they are
    assert root.findtext("t") == lines
    assert root.findtext("c") == lines


@pytest.mark.parametrize("attack", ATTACKS)
def test_gift_escapes_every_metacharacter(attack: str) -> None:
    text = f"::q1::[html]{gift.escape(attack)} {{\n={gift.escape(attack)}\n~{gift.escape('other')}\n}}\n"
    parsed = parse_gift(text)
    assert len(parsed) == 1 and parsed[0].valid, text
    assert parsed[0].plain == " ".join(legal(attack).split())
    assert not re.search(CONTROLS_RE, text)


@pytest.mark.parametrize("attack", ATTACKS)
def test_markdown_export_stays_text(attack: str) -> None:
    out = markdown.markdown(md_export.escape(attack))
    assert [t for t, _a in tags(out)] == ["p"], out


def test_csv_cells_are_text_without_formulas_or_control_characters() -> None:
    rows = [[a] for a in ATTACKS]
    cells = [r[0] for r in csv.reader(io.StringIO(to_csv(rows).removeprefix("\ufeff")))]
    assert len(cells) == len(ATTACKS)
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
        assert not re.search(CONTROLS_RE, cell), repr(cell)


def test_xlsx_cells_are_text_and_the_workbook_is_valid() -> None:
    data = to_xlsx([("Attacks", [["head"], *([a] for a in ATTACKS)])])
    book = load_workbook(io.BytesIO(data))
    cells = [c for row in book["Attacks"].iter_rows(min_row=2) for c in row]
    assert [c.data_type for c in cells] == ["s"] * len(ATTACKS)
    assert [c.value for c in cells] == [legal(a) for a in ATTACKS]
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            if name.endswith(".xml"):
                body = zf.read(name)
                ET.fromstring(body)
                assert b"<f>" not in body and b"<f " not in body, name


# --- the whole manual, every text field an attack ------------------------------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = hostile_manual(tmp_path_factory.mktemp("hostile") / "ks")
    manual, findings = load_and_check(root, TODAY)
    assert manual is not None
    assert [f.as_text() for f in findings if f.severity is Severity.ERROR] == []
    return root


@pytest.mark.requires_dot
def test_every_generated_file_of_the_hostile_manual_is_valid_and_inert(hostile: Path) -> None:
    manual = load_and_check(hostile, TODAY)[0]
    assert manual is not None
    files = draw_pages(hostile, manual).files
    for path, content in files.items():
        text = content if isinstance(content, str) else None
        if path.suffix == ".svg" or (text and text.lstrip().startswith("<svg")):
            root = ET.fromstring(content)
            for element in root.iter():
                assert element.tag.rsplit("}", 1)[-1] != "script", path
                assert not [a for a in element.attrib if a.startswith("on")], (path, element.attrib)
        if path.suffix == ".xlsx":
            assert isinstance(content, bytes)
            book = load_workbook(io.BytesIO(content))
            assert {c.data_type for s in book for row in s.iter_rows() for c in row if c.value} == {
                "s"
            }
        if path.suffix == ".csv":
            table = content.decode("utf-8") if isinstance(content, bytes) else content
            for row in csv.reader(io.StringIO(table.removeprefix("\ufeff"))):
                assert not [c for c in row if c.startswith(("=", "+", "-", "@"))], row
    charts = [c for p, c in files.items() if p.suffix == ".md" and "<svg" in str(c)]
    assert charts, "the procedure pages carry their charts"


def test_every_quiz_export_of_the_hostile_manual_is_valid(hostile: Path) -> None:
    manual = load_and_check(hostile, TODAY)[0]
    assert manual is not None
    t = translator(manual.settings.language.value)
    quiz = make_quiz(manual, build_bank(manual, t), "Quiz <script>alert(1)</script> {{7*7}}", 3)
    presentation, _ = load_presentation(hostile)
    kit = Kit(t, environment(manual.settings.language.value, presentation))
    out = {name: export(quiz, kit) for name, export in FORMATS.items()}
    ET.fromstring(out["moodle"][".moodle.xml"])
    items, package_schema = schemas()
    with zipfile.ZipFile(io.BytesIO(out["qti"][".qti.zip"])) as zf:
        package_schema.validate(zf.read("imsmanifest.xml").decode())
        for name in zf.namelist():
            if name.startswith("items/"):
                items.validate(zf.read(name).decode())
    parsed = parse_gift(out["gift"][".gift.txt"].decode())
    assert len(parsed) == len(presented(quiz)) and all(q.valid for q in parsed)
    rows = list(csv.reader(io.StringIO(out["csv"][".csv"].decode("utf-8-sig"))))
    assert not [c for row in rows for c in row if c.startswith(("=", "+", "-", "@"))]
    for suffix in (".html", "-key.html"):
        page = out["html"][suffix].decode()
        assert "<script" not in page.lower().replace("&lt;script", "")
        assert not re.search(r"<[^>]+\son\w+=", page), "an event handler in the sheet"


@pytest.mark.requires_dot
def test_dot_escaping_keeps_graphviz_well_formed() -> None:
    from generator.render.flowchart.dot import _esc, _quote

    for attack in ATTACKS:
        dot = f"digraph {{ a [label=<{_esc(attack)}>, tooltip={_quote(attack)}] }}"
        svg = subprocess.run(["dot", "-Tsvg"], input=dot.encode(), capture_output=True, check=True)
        root = ET.fromstring(svg.stdout)
        assert not [e for e in root.iter() if e.tag.endswith("script")]
