"""Author text can never become markup: the escaping and sanitising filters."""

from __future__ import annotations

import pytest

from generator.render.templating import (
    environment,
    escape_html,
    escape_markdown,
    render_markdown,
)
from generator.source.messages import catalogue
from generator.source.presentation import default_presentation


@pytest.mark.parametrize(
    ("source", "forbidden"),
    [
        ("<script>alert(1)</script>", "<script"),
        ("<img src=x onerror=alert(1)>", "<img src=x"),
        ("[click](javascript:alert(1))", 'href="javascript'),
        ("[click](JaVaScRiPt:alert(1))", 'href="JaVaScRiPt'),
        ("[data](data:text/html;base64,PHNjcmlwdD4=)", 'href="data:'),
        ("![x](http://evil.example/x.png)", "evil.example"),
        ('<a href="https://x" onclick="alert(1)">x</a>', "<a href"),
    ],
)
def test_markdown_filter_neutralises_markup(source: str, forbidden: str) -> None:
    assert forbidden not in render_markdown(source)


def test_markdown_keeps_safe_links_lists_and_tables() -> None:
    html = render_markdown(
        "- [规定](https://example.org/a)\n- [相对](../roles/teller/)\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    )
    assert '<a href="https://example.org/a">规定</a>' in html
    assert '<a href="../roles/teller/">相对</a>' in html
    assert "<table>" in html and "<li>" in html


def test_markdown_context_escape_defeats_attr_list_and_emphasis() -> None:
    text = escape_markdown('开户 {: onclick="alert(1)" } *bold* <b>')
    for raw in ("{", "}", "*", "<", '"'):
        assert raw not in text
    assert "开户" in text


def test_markdown_context_escape_keeps_text_on_one_line() -> None:
    text = escape_markdown("Log the case\n\n## injected\n| a | b |")
    assert "\n" not in text and text.startswith("Log the case ")


def test_html_escape() -> None:
    assert escape_html('<a href="x">&') == "&lt;a href=&quot;x&quot;&gt;&amp;"


def test_jinja_in_author_text_stays_literal() -> None:
    env = environment("en", default_presentation())
    out = env.from_string("{{ value|h }} {{ value|mdt }} {{ value|md }}").render(value="{{ 7*7 }}")
    assert "49" not in out
    assert "{{ 7*7 }}" in out


def test_catalogues_have_the_same_keys() -> None:
    assert set(catalogue("zh")) == set(catalogue("en"))


@pytest.mark.parametrize(
    "text",
    [
        "[规定](https://example.org/a) and [角色](role:teller)",
        "见 [x][ref] 。\n\n[ref]: control:dual-review",
        "<https://example.org/auto>",
        "`[not](a link)` and ```\n[nor](this)\n```",
        "no link here, only text: 1. 2. ] ( [",
    ],
)
def test_the_link_scan_shortcut_finds_what_a_full_parse_finds(text: str) -> None:
    from generator.source.markdown import _parser, link_targets

    full = [
        str(child.attrGet("href") or "")
        for token in _parser().parse(text)
        for child in token.children or ()
        if child.type == "link_open"
    ]
    assert list(link_targets(text)) == full
