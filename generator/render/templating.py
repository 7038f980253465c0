"""The one Jinja environment: StrictUndefined, escaping filters, safe Markdown, i18n.

Layer: render. Used by every renderer in ``render/``. Author text reaches a page
only through these filters:

- ``h``    plain text in an HTML context (escaped);
- ``mdt``  plain text in a Markdown context such as a heading: escaped, and every
  Markdown or attr_list metacharacter turned into an entity, so ``{: onclick=…}``
  or ``*`` in a title stays literal;
- ``md``   Markdown fields: rendered by markdown-it with raw HTML disabled and links
  limited to http(s), mailto and relative targets, wrapped in a raw HTML block that
  Python-Markdown leaves alone;
- ``t``    a UI string from the message catalogue.

Author text is always data, never template source, so ``{{ 7*7 }}`` in a title is
shown literally.
"""

from __future__ import annotations

import html
import json
import re
import traceback
from collections.abc import Callable, Iterable, Mapping
from functools import cache, lru_cache
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markdown_it import MarkdownIt
from markupsafe import Markup

from generator.quiz.model import letter
from generator.render.xmltext import legal
from generator.source.markdown import XREF_LINK, make_parser
from generator.source.messages import translator
from generator.source.pages import Page
from generator.source.presentation import Presentation, Template
from generator.source.xrefs import XREF_KINDS

# Markdown, attr_list and table metacharacters; replaced by numeric entities in `mdt`.
_MD_META = frozenset("\\`*_{}[]()#+-.!|~:<>&\"'")


@cache
def _markdown() -> MarkdownIt:
    md = make_parser()
    md.add_render_rule("image", _render_image)
    md.add_render_rule("link_open", _render_link_open)
    return md


def _render_link_open(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
    """A ``procedure:ID#step`` link becomes the URL of that page from the current one."""
    token = tokens[idx]
    href = str(token.attrGet("href") or "")
    if XREF_LINK.match(href):
        resolve = (env or {}).get("resolve")
        url = resolve(href) if resolve else None
        if url is None:  # E021 stops a build before this; without a page it stays text
            token.attrs.pop("href", None)
        else:
            token.attrSet("href", url)
    return str(self.renderToken(tokens, idx, options, env))


def _render_image(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
    """Only relative images: the site must make no request outside its own origin."""
    token = tokens[idx]
    src = str(token.attrGet("src") or "")
    alt = html.escape(token.content or "")
    if re.match(r"^[a-z][a-z0-9+.-]*:|^//", src, re.IGNORECASE):
        return alt
    return f'<img src="{html.escape(src, quote=True)}" alt="{alt}" />'


def render_markdown(text: str | None, resolve: Callable[[str], str | None] | None = None) -> Markup:
    """Author Markdown → sanitised HTML block (raw HTML shown escaped, unsafe links dropped).

    ``resolve`` turns a ``procedure:ID#step`` (role:, control:, risk:, faq:) link into
    the URL of that page, or None.
    """
    if not text:
        return Markup("")
    if resolve is None or not _XREF_IN_TEXT.search(text):
        return _render_plain(text)  # the same on every page: rendered once
    return _render(text, resolve)


#: a text that may hold a ``procedure:``/``role:``… link, rendered for each page
_XREF_IN_TEXT = re.compile(rf"({XREF_KINDS}):")


@lru_cache(maxsize=16384)
def _render_plain(text: str) -> Markup:
    return _render(text, None)


def _render(text: str, resolve: Callable[[str], str | None] | None) -> Markup:
    body = _markdown().render(legal(text), {"resolve": resolve})
    return Markup(f'<div class="om-md">\n{body}</div>\n')


@jinja2.pass_context
def _md_filter(context: Any, text: str | None) -> Markup:
    """The ``md`` filter: Markdown with cross-links resolved from the current page."""
    xref, page = context.get("xref"), context.get("page")
    resolve = (lambda target: xref(target, page)) if xref and page else None
    return render_markdown(text, resolve)


def escape_html(text: object) -> Markup:
    """Plain text for an HTML context (and no character XML forbids: SVG is XML)."""
    return Markup(html.escape(legal(str(text)), quote=True))


def escape_markdown(text: object) -> Markup:
    """Plain text for a Markdown context: no metacharacter survives as such."""
    flat = " ".join(legal(str(text)).split())  # a newline would end a table row or a heading
    return Markup("".join(f"&#{ord(c)};" if c in _MD_META else c for c in flat))


class _Templates(jinja2.BaseLoader):
    """Templates from memory: the presentation's, and the manual's hand-written pages."""

    def __init__(self, sources: Mapping[str, Template]) -> None:
        self.sources = sources

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        found = self.sources.get(template)
        if found is None:
            raise jinja2.TemplateNotFound(template)
        return found.text, found.path, lambda: True


def environment(
    language: str, presentation: Presentation, pages: Iterable[Page] = ()
) -> jinja2.Environment:
    """The Jinja environment over ``presentation``'s templates and the hand-written ``pages``.

    A hand-written page is the template ``pages/<name>``.
    """
    sources = dict(presentation.templates)
    sources |= {f"pages/{page.name}": Template(page.text, page.path) for page in pages}
    env = SandboxedEnvironment(
        loader=_Templates(sources),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # we emit Markdown: escaping is explicit through the filters below
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    t = translator(language)
    env.filters.update(
        h=escape_html, mdt=escape_markdown, md=_md_filter, tojson=_tojson, letter=letter
    )
    env.globals.update(t=t, language=language)
    return env


def _tojson(value: Any) -> Markup:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def describe_template_error(exc: jinja2.TemplateError) -> str:
    """``file:line: what`` for a template that failed, with what to do.

    The line is Jinja's for a syntax error, else the innermost template frame of the
    traceback (Jinja maps those frames to template lines). Templates carry the path
    errors name (``templates/x.md.j2``).
    """
    if isinstance(exc, jinja2.TemplateNotFound):
        return f"template '{exc.name}' not found: check its name in extends, include or import"
    where = ""
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        where = f"{exc.filename}:{exc.lineno}: "
    else:
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if _is_template(f.filename)]
        if frames:
            where = f"{frames[-1].filename}:{frames[-1].lineno}: "
    return f"{where}{exc.message or type(exc).__name__}: fix the template (see docs/authoring.md)"


def _is_template(filename: str) -> bool:
    return filename.endswith((".j2", ".md", ".html")) and not filename.endswith(".py")
