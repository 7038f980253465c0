"""Each template documents its context, and the header says exactly what it receives.

Every template starts with ``{#- Context: name (what), … -#}``. The pages are rendered
here as the renderers render them, every top-level render is recorded, and each
template's header is compared with the keys it was given: a key the header names but
no renderer passes, or a key passed but not named, fails.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import jinja2
import pytest

from generator.pipeline.generate import render_site
from generator.source.loader import load_manual
from generator.source.presentation import DEFAULT_TEMPLATES, default_presentation

from .conftest import KITCHEN_SINK, ROOT, TODAY

_HEADER = re.compile(r"^\{#-\s*Context:(.*?)-#\}", re.DOTALL)


def header_keys(text: str) -> set[str]:
    """The names a template's ``Context:`` header lists (each item: ``name (what)``)."""
    found = _HEADER.match(text)
    assert found, "no {#- Context: … -#} header"
    body, depth, items, current = found.group(1), 0, [], ""
    for i, char in enumerate(body):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 and char == "." and body[i + 1 : i + 2] in (" ", "\n", ""):
            break  # prose after the list
        if depth == 0 and char == ",":
            items.append(current)
            current = ""
        else:
            current += char
    items.append(current)
    return {m.group(0) for item in items if (m := re.match(r"\w+", item.strip()))}


@contextmanager
def recorded() -> Iterator[list[tuple[str, set[str]]]]:
    calls: list[tuple[str, set[str]]] = []
    original = jinja2.Template.render

    def render(self: jinja2.Template, *args: Any, **kwargs: Any) -> str:
        calls.append((self.name or "", set(kwargs)))
        return original(self, *args, **kwargs)

    setattr(jinja2.Template, "render", render)  # noqa: B010 - a method replaced for the test
    try:
        yield calls
    finally:
        setattr(jinja2.Template, "render", original)  # noqa: B010


def _renders() -> list[tuple[str, set[str]]]:
    from generator.changes.due import due_reviews
    from generator.pipeline.review import compare, markdown
    from generator.quiz.bank import build_bank
    from generator.render.quizformats import FORMATS
    from generator.render.quizformats.common import Kit, make_quiz
    from generator.render.review.due import render_due
    from generator.render.templating import environment
    from generator.source.messages import translator

    with recorded() as calls:
        for root in (KITCHEN_SINK, ROOT):
            manual, _ = load_manual(root)
            assert manual is not None
            render_site(manual, default_presentation(), TODAY, {})
            if root == KITCHEN_SINK:  # a trainer build too: its trainer pages
                publish = manual.settings.training.model_copy(update={"trainer_pages": True})
                settings = manual.settings.model_copy(update={"training": publish})
                trainer = dataclasses.replace(manual, settings=settings)
                render_site(trainer, default_presentation(), TODAY, {})
            t = translator(manual.settings.language.value)
            env = environment(manual.settings.language.value, default_presentation())
            quiz = make_quiz(manual, build_bank(manual, t)[:5], "quiz", 0)
            FORMATS["html"](quiz, Kit(t, env))
            FORMATS["scorm"](quiz, Kit(t, env))
            render_due(env, due_reviews(manual, dt.date(2030, 1, 1), 30), TODAY, 30, "md")
        markdown(compare(KITCHEN_SINK, str(KITCHEN_SINK), str(KITCHEN_SINK)), None)
    return [(name, keys) for name, keys in calls if not name.startswith("pages/")]


RENDERS = _renders()
TEMPLATES = sorted(
    p.relative_to(DEFAULT_TEMPLATES).as_posix()
    for p in DEFAULT_TEMPLATES.rglob("*")
    if p.suffix in (".j2",) and "pages" not in p.parts
)


@pytest.mark.parametrize("name", TEMPLATES)
def test_header_names_exactly_what_the_template_receives(name: str) -> None:
    keys = header_keys((DEFAULT_TEMPLATES / name).read_text(encoding="utf-8"))
    if name.startswith("_"):
        return  # a partial: its context is its includer's, or its macros' arguments
    given = [passed for rendered, passed in RENDERS if rendered == name]
    assert given, f"{name} is rendered by nothing"
    for passed in given:
        assert keys == passed, (
            f"{name}: the header names {sorted(keys - passed)} that no renderer passes"
            f" and misses {sorted(passed - keys)}"
        )


def test_the_header_parser_reads_names_not_descriptions() -> None:
    text = "{#- Context: page (str), v (View: a, b), items (list of (a, b)). Prose, here. -#}"
    assert header_keys(text) == {"page", "v", "items"}
