"""The fuzzer of issue 17: a real manual mutated as a hostile or careless author would.

Hypothesis draws a plan of one to three mutations of the kitchen-sink manual (plus a real
page of the sample and one with links by id); ``tests/fuzz_apply.py`` applies it and
``tests/fuzz_check.py`` checks the properties. ``tests/test_fuzz.py`` runs a fixed-seed sample in ``make test``;
``python -m tests.fuzz_check --cases 5000`` (``make fuzz``) runs the long one and prints the
counts by mutation kind.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from .conftest import KITCHEN_SINK, ROOT

Mutation = tuple[Any, ...]
#: a page of the sample (real Chinese prose) and a page using links by id and Jinja
PAGES = {
    "templates/pages/glossary.md": (ROOT / "templates/pages/glossary.md").read_text("utf-8"),
    "templates/pages/guide.md": (
        "# Guide\n\nStart at [receiving](procedure:account-opening#receive-application), "
        "ask the [teller](role:teller).\n\n{{ t('start') }} · {{ today }}\n"
    ),
}

HOSTILE = [
    "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "javascript:alert(1)",
    "[x](javascript:alert(1))", "[x](//evil.example/)", "[x](\\\\evil.example)", "{{ 7*7 }}",
    "{% for x in y %}", "{#", '=HYPERLINK("http://evil.example","x")', "+1+1", "-2", "@SUM(A1)",
    "~ = # : { } \\ -> //", "]]><x/>", "&amp; &#0; &#x1; &lt;", "\x01", "\x00", "\x7f", "\x85",
    "\ufffe", "\uffff", "\u2028", "\x1b[31m", "~", "null", "", "   ", "yes", "1.0", "0x1F",
    "2026-02-30", "x" * 600, "中文" * 260, "-", "*", "|", ">", "#", "con", "nul", "a\nb",
    "teller\nroles/x.yml:1:1: E999 error: forged", "👍🏽", "\u202eevil", "%s %n", "'", '"', "`",
    "{: onclick=alert(1) }", "<!-- x -->", "\\", "\t", "a\rb", "procedure:nope", "$CATEGORY: x",
    "::x::", "a" * 70, "teller", "second-review", "opened",
]  # fmt: skip
TAGS = [
    "!!python/object:os.system",
    "!!binary",
    "!custom",
    "!!set",
    "!!str",
    "!",
    "!!null",
    "!!omap",
]
SNIPPETS = [
    "# Title\n", "{{ t('start') }}", "{{ today }}", "{{ nope }}", "{% if x %}", "{{ 7*7 }}",
    "{% for i in range(3) %}{{ i }}{% endfor %}", "[a](procedure:account-opening#verify-identity)",
    "[b](procedure:nope)", "[c](role:teller)", "<script>alert(1)</script>", "\n\n", "{{ 1 // 0 }}",
    '<span id="x">x</span>', "```\ncode\n```", "> " * 60 + "deep", "- " * 60 + "deep",
    "|a|b|\n|-|-|\n|1|2|", "\x01", "&#0;", "{#", "[x](//evil.example/)", "![i](http://x/y.png)",
    "{: onclick=alert(1) }", "\ufeff", "\u2028", "{{ t.__globals__ }}", "{{ '{{' }}", "中文",
]  # fmt: skip
FILE_OPS = [
    "delete", "empty", "folder", "fifo", "dangling", "link-out", "link-in", "not-yaml", "copy",
    "bad-utf8", "huge",
]  # fmt: skip
TREE_OPS = [
    "delete",
    "null",
    "empty",
    "list",
    "mapping",
    "number",
    "duplicate",
    "drop",
    "swap",
    "copy",
]
LINE_OPS = ["delete", "duplicate", "swap", "indent", "dedent", "join"]
STYLES = ["double", "single", "plain", "block"]
IDS = [
    "receive-application", "documents-complete", "verify-identity", "second-review", "approve",
    "investigate", "opened", "returned", "referred", "teller", "reviewer", "customer",
    "branch-manager", "compliance-officer", "regulator", "account-opening", "suspicious-case",
    "old-process", "dual-review", "identity-verification", "nope", "con",
]  # fmt: skip


def base_manual(target: Path) -> Path:
    """The manual every case starts from: the kitchen sink and two hand-written pages."""
    shutil.copytree(KITCHEN_SINK, target, ignore=shutil.ignore_patterns("site", "public", ".cache"))
    for rel, text in PAGES.items():
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        (target / rel).write_text(text, encoding="utf-8")
    return target


_BASE_FILES = sorted(
    [p.relative_to(KITCHEN_SINK).as_posix() for p in KITCHEN_SINK.rglob("*") if p.is_file()]
    + list(PAGES)
)
YAML_FILES = [f for f in _BASE_FILES if f.endswith(".yml")]
FOLDERS = ["procedures", "roles", "controls", "faq", "templates/pages", "templates"]

_index = st.integers(min_value=0, max_value=10**6)
_any_file = st.sampled_from(_BASE_FILES)
_yaml_file = st.sampled_from(YAML_FILES)

#: hostile text that the loader lets through: what must come out inert in every output
TEXT = [
    h
    for h in HOSTILE
    if h.strip()
    and not any(
        c < " " or "\x7f" <= c <= "\x9f" or c in "\ufffe\uffff\u2028" for c in h.replace("\n", "")
    )
]

#: mutation kind → the strategy of its arguments
KINDS: dict[str, st.SearchStrategy[Mutation]] = {
    "text": st.tuples(_yaml_file, _index, st.sampled_from(TEXT), st.sampled_from(STYLES)),
    "value": st.tuples(_yaml_file, _index, st.sampled_from(HOSTILE), st.sampled_from(STYLES)),
    "reference": st.tuples(_yaml_file, _index, st.sampled_from(IDS)),
    "tree": st.tuples(_yaml_file, _index, st.sampled_from(TREE_OPS), _index),
    "line": st.tuples(_any_file, _index, st.sampled_from(LINE_OPS)),
    "bytes": st.tuples(_any_file, _index, st.binary(min_size=1, max_size=6)),
    "truncate": st.tuples(_any_file, _index),
    "nest": st.tuples(
        _yaml_file, _index, st.integers(min_value=1, max_value=1500), st.sampled_from("[{-")
    ),
    "tag": st.tuples(_yaml_file, _index, st.sampled_from(TAGS)),
    "anchor": st.tuples(_yaml_file, _index, st.booleans()),
    "file": st.tuples(st.sampled_from(FOLDERS), st.sampled_from(FILE_OPS), _index),
    "page": st.tuples(st.lists(st.sampled_from(SNIPPETS), min_size=1, max_size=6), _index),
}


#: how often each kind is drawn: edits a valid manual survives more often, to reach generation
WEIGHTS = {"text": 4, "reference": 2, "tree": 2, "page": 2}


def plans() -> st.SearchStrategy[list[tuple[str, Mutation]]]:
    """One to three mutations, each a (kind, arguments) pair."""
    kinds = [k for k in KINDS for _ in range(WEIGHTS.get(k, 1))]
    one = st.sampled_from(kinds).flatmap(lambda k: KINDS[k].map(lambda args: (k, args)))
    return st.lists(one, min_size=1, max_size=3)
