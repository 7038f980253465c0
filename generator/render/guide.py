"""The guide: the generated list of rule codes and the hand-written pages.

Layer: render (pure). A hand-written page is a template too: it may use ``t``, ``today``
and ``regulations``, the lists of the regulations page made from ``opsmanual.yml``
(``regulations.in_force``, ``.lapsed``, ``.recent``, ``.sources``). Its links by id become
relative URLs, found exactly as the rules found them (``source.pages``), so a link the
rules passed always resolves here.
"""

from __future__ import annotations

import functools
from pathlib import PurePosixPath

from generator.render.citing import regulations_page
from generator.render.context import Files, RenderContext
from generator.source import addresses as links
from generator.source.findings import CODES
from generator.source.pages import replace_links


def render(ctx: RenderContext) -> Files:
    """The rule list and every hand-written page, under guide/."""
    files = ctx.page("rules.md.j2", links.RULES_PAGE, codes=list(CODES.items()))
    citations = regulations_page(ctx.manual.settings, ctx.today, ctx.t)
    for page in ctx.manual.pages:
        # through the environment, so an error names templates/pages/<file> and its line
        text = ctx.env.get_template(f"pages/{page.name}").render(
            page=page.site_path, today=ctx.today, xref=ctx.views.xref_href, regulations=citations
        )
        files[PurePosixPath(page.site_path)] = replace_links(
            text, functools.partial(_resolve, ctx, page.site_path)
        )
    return files


def _resolve(ctx: RenderContext, page: str, target: str) -> str | None:
    return ctx.views.xref_href(target, page)
