"""Citations by name (issue 14 §4) in the sample manual: every source once per line, by
its short name, linked to a row of the regulations page, which is generated from
``opsmanual.yml`` (``regulations`` and ``sources``)."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

import pytest

from generator.pipeline.generate import Generated
from generator.source.citations import named_regulation, parse_tag
from generator.source.loader import load_manual
from generator.source.manual import Manual
from generator.source.models import RegulationStatus

from .conftest import ROOT, render_pages

PAGE = "guide/regulations.md"


@pytest.fixture(scope="module")
def sample() -> tuple[Manual, Generated]:
    manual, findings = load_manual(ROOT)
    assert manual is not None, [f.as_text() for f in findings]
    return manual, render_pages(Path(ROOT), manual)


def page(generated: Generated, path: str) -> str:
    return str(generated.files[PurePosixPath(path)])


def test_the_regulations_page_is_made_from_the_list(sample: tuple[Manual, Generated]) -> None:
    manual, generated = sample
    text = page(generated, PAGE)
    rows = re.findall(r'<tr id="reg-([\w.-]+)">', text)
    assert rows == [r.id for r in manual.settings.regulations]  # every one, in order
    in_force = text.split("## 法规一览")[1].split("## 近年施行")[0]
    lapsed = text.split("## 已废止或未施行的规章")[1].split("## 监管机构名称")[0]
    for regulation in manual.settings.regulations:
        where = in_force if regulation.status is RegulationStatus.IN_FORCE else lapsed
        assert f'id="reg-{regulation.id}"' in where, regulation.id
    assert "已废止：已由新办法废止" in lapsed and "未施行：2022年2月21日公告暂缓施行" in lapsed
    recent = re.findall(r"^- (\S+)：", text.split("## 近年施行的主要规定")[1], re.M)
    assert recent == ["2022-12-01", "2024-11-01", "2025-01-01", "2025-06-01", "2026-01-01"]
    for code in ("S0", "S2", "ADD"):
        assert f'<tr id="src-{code}">' in text


@pytest.mark.parametrize("proc", ["individual-account-opening", "corporate-account-opening"])
def test_citations_read_as_names_each_once_linked_to_their_row(
    sample: tuple[Manual, Generated], proc: str
) -> None:
    manual, generated = sample
    text = page(generated, f"procedures/{proc}.md")
    anchors = set(re.findall(r'id="([\w.-]+)"', page(generated, PAGE)))
    lines = re.findall(r'<p class="om-sources">(.*?)</p>', text)
    assert lines
    for line in lines:
        names = re.findall(r'<a href="[^"]*#([\w.-]+)" title="([^"]+)">([^<]+)</a>', line)
        assert names and len({n for _a, _t, n in names}) == len(names), line  # once per line
        assert all(anchor in anchors for anchor, _t, _n in names), line
        assert "法规 " not in line and "[REG" not in line, line  # no codes left for readers
    for name in manual.procedure_by_id[proc].regulations:
        found = named_regulation(manual.settings, name)
        assert found is not None
        assert f'title="{found[0].title}' in text and f">{found[0].short}</a>" in text


def test_every_tag_of_the_sample_names_a_listed_source(sample: tuple[Manual, Generated]) -> None:
    manual, _generated = sample
    ids = {r.id for r in manual.settings.regulations}
    tags = [t for p in manual.procedures for t in p.sources]
    tags += [t for p in manual.procedures for s in p.steps for t in s.sources]
    tags += [t for c in manual.controls for t in c.sources]
    tags += [t for r in manual.risks for t in r.sources]
    tags += [t for _topic, e in manual.faq_entries for t in e.sources]
    parsed = [parse_tag(t) for t in tags]
    assert all(p is not None and p.code in manual.settings.sources for p in parsed)
    assert {p.ident for p in parsed if p and p.code == "REG"} <= ids
