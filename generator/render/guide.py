"""The guide: the generated list of rule codes and the hand-written pages.

Layer: render (pure). A hand-written page is a template too: it may use ``t``, ``today``
and ``regulations``, the lists of the regulations page made from ``opsmanual.yml``
(``regulations.in_force``, ``.lapsed``, ``.recent``, ``.sources``). Its links by id become
relative URLs, found exactly as the rules found them (``source.pages``), so a link the
rules passed always resolves here.
"""

from __future__ import annotations

import datetime as dt
import functools
import traceback
from collections.abc import Callable, Iterator
from pathlib import PurePosixPath
from typing import Any, cast

import jinja2

from generator.render.citing import regulations_page
from generator.render.context import Files, RenderContext
from generator.render.views import Views
from generator.source import addresses as links
from generator.source.findings import CODES, Finding, Location
from generator.source.manual import Manual
from generator.source.pages import Page, replace_links


def render(ctx: RenderContext) -> Files:
    """The rule list and every hand-written page, under guide/."""
    files = ctx.page("rules.md.j2", links.RULES_PAGE, codes=list(CODES.items()))
    citations = regulations_page(ctx.manual.settings, ctx.today, ctx.t)
    for page in ctx.manual.pages:
        text = _render_page(ctx.env, page, ctx.today, ctx.views.xref_href, citations)
        files[PurePosixPath(page.site_path)] = replace_links(
            text, functools.partial(_resolve, ctx, page.site_path)
        )
    return files


def _resolve(ctx: RenderContext, page: str, target: str) -> str | None:
    return ctx.views.xref_href(target, page)


def _render_page(
    env: jinja2.Environment, page: Page, today: dt.date, xref: Any, regulations: Any
) -> str:
    # through the environment, so an error names templates/pages/<file> and its line
    return env.get_template(f"pages/{page.name}").render(
        page=page.site_path, today=today, xref=xref, regulations=regulations
    )


def page_findings(env: jinja2.Environment, manual: Manual, today: dt.date) -> Iterator[Finding]:
    """E024: every hand-written page renders as a template (``check`` runs this).

    A page is Jinja: whatever its text makes Jinja raise — a syntax error, an undefined
    name, a division by zero, an attribute the sandbox refuses — is found here, at its
    line, and never in the middle of a build.
    """
    t = cast(Callable[..., str], env.globals["t"])
    xref = Views(manual, today, t).xref_href
    citations = regulations_page(manual.settings, today, t)
    for page in manual.pages:
        try:
            _render_page(env, page, today, xref, citations)
        except Exception as exc:  # author template code may raise anything
            message = exc.message if isinstance(exc, jinja2.TemplateError) else None
            what = message or f"{type(exc).__name__}: {exc}"
            yield Finding(
                Location(page.path, _error_line(exc, page.path)),
                "E024",
                f"the page does not render as a template: {what}; fix it, or write "
                "{{ '{{' }} for a literal {{ (see docs/authoring.md)",
            )


def _error_line(exc: BaseException, path: str) -> int:
    """The line of the page where Jinja failed: its own for a syntax error, else the frame's."""
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename == path:
        return exc.lineno
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == path]
    return frames[-1].lineno or 1 if frames else 1
