"""FAQ pages: one per topic, and an index.

Layer: render (pure).
"""

from __future__ import annotations

from generator.render.context import Files, RenderContext
from generator.source import addresses as links


def render(ctx: RenderContext) -> Files:
    """One page per FAQ topic, and an index."""
    files: Files = {}
    for topic in ctx.manual.faq:
        entries = [
            (
                e,
                [
                    ctx.views.procedure_ref(*ref.split("#"))
                    for ref in e.refs
                    if ref.split("#")[0] in ctx.manual.procedure_by_id
                ],
                ctx.views.roles(e.roles),
            )
            for e in topic.entries
        ]
        files |= ctx.page("faq.md.j2", links.faq_page(topic.id or ""), topic=topic, entries=entries)
    files |= ctx.page("faq_index.md.j2", "faq/index.md", topics=ctx.manual.faq)
    return files
