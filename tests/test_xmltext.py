"""XML exports stay well-formed whatever text reaches them."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from generator.render.xmltext import cdata, legal, xml_attr, xml_text

HOSTILE = ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x1b", "\ufffe", "\uffff", "]]>", "<&>\"'"]


@pytest.mark.parametrize("bad", HOSTILE)
def test_every_form_parses_and_keeps_the_legal_text(bad: str) -> None:
    text = f"开户 {bad} done"
    doc = f"<a t={xml_attr(text)}><b>{xml_text(text)}</b><c>{cdata(text)}</c></a>"
    root = ET.fromstring(doc)
    expected = legal(text)
    assert root.get("t") == expected
    assert root.findtext("b") == expected and root.findtext("c") == expected
    assert "开户" in expected and "done" in expected


def test_legal_keeps_tabs_newlines_and_astral_characters() -> None:
    assert legal("a\tb\nc\r𠀀") == "a\tb\nc\r𠀀"
    assert legal("a\x0cb") == "ab"
