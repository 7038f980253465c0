"""The one Jinja environment: StrictUndefined, escaping filters, safe Markdown, i18n.

Pipeline position: used by every renderer in ``render/``. Author text reaches a page
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
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markdown_it import MarkdownIt
from markupsafe import Markup

from generator.manual import XREF_KINDS
from generator.quiz.model import letter

I18N_DIR = Path(__file__).resolve().parent / "i18n"
DEFAULT_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

_SAFE_LINK = re.compile(r"^(https?:|mailto:|[^:]*$)", re.IGNORECASE)
# links between the manual's own pages, resolved per page by the ``xref`` context value
_XREF_LINK = re.compile(rf"^({XREF_KINDS}):\S*$")
# Markdown, attr_list and table metacharacters; replaced by numeric entities in `mdt`.
_MD_META = frozenset("\\`*_{}[]()#+-.!|~:<>&\"'")


class TemplateError(Exception):
    """A template or message catalogue is broken (a bug in presentation, not author input)."""


def _validate_link(url: str) -> bool:
    return bool(_SAFE_LINK.match(url.strip()) or _XREF_LINK.match(url.strip()))


@cache
def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.validateLink = _validate_link  # type: ignore[method-assign]
    md.add_render_rule("image", _render_image)
    md.add_render_rule("link_open", _render_link_open)
    return md


def _render_link_open(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
    """A ``procedure:ID#step`` link becomes the URL of that page from the current one."""
    token = tokens[idx]
    href = str(token.attrGet("href") or "")
    if _XREF_LINK.match(href):
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


def link_targets(text: str) -> list[str]:
    """Every link target of author Markdown as the renderer sees it.

    Inline, reference and autolinks; not code spans or blocks, not images, not links
    the sanitiser drops.
    """
    found = []
    for token in _markdown().parse(text):
        for child in token.children or ():
            if child.type == "link_open":
                found.append(str(child.attrGet("href") or ""))
    return found


def render_markdown(text: str | None, resolve: Callable[[str], str | None] | None = None) -> Markup:
    """Author Markdown → sanitised HTML block (raw HTML shown escaped, unsafe links dropped).

    ``resolve`` turns a ``procedure:ID#step`` (role:, control:, risk:, faq:) link into
    the URL of that page, or None.
    """
    if not text:
        return Markup("")
    body = _markdown().render(text, {"resolve": resolve})
    return Markup(f'<div class="om-md">\n{body}</div>\n')


@jinja2.pass_context
def _md_filter(context: Any, text: str | None) -> Markup:
    """The ``md`` filter: Markdown with cross-links resolved from the current page."""
    xref, page = context.get("xref"), context.get("page")
    resolve = (lambda target: xref(target, page)) if xref and page else None
    return render_markdown(text, resolve)


def escape_html(text: object) -> Markup:
    """Plain text for an HTML context."""
    return Markup(html.escape(str(text), quote=True))


def escape_markdown(text: object) -> Markup:
    """Plain text for a Markdown context: no metacharacter survives as such."""
    flat = " ".join(str(text).split())  # a newline would end a table row or a heading
    return Markup("".join(f"&#{ord(c)};" if c in _MD_META else c for c in flat))


@cache
def catalogue(language: str) -> dict[str, str]:
    """The UI strings of one language.

    ``generator/i18n/<language>.yml`` holds the site's strings; each feature may add its
    own ``<feature>.<language>.yml`` beside it. A key defined twice is an error.
    """
    messages: dict[str, str] = {}
    paths = [I18N_DIR / f"{language}.yml", *sorted(I18N_DIR.glob(f"*.{language}.yml"))]
    for path in paths:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise TemplateError(f"{path} must be a mapping of message keys")
        for key, value in data.items():
            if not isinstance(key, str) or key in messages:
                raise TemplateError(f"{path}: message key {key!r} is not text or defined twice")
            messages[key] = str(value)
    return messages


def translator(language: str) -> Callable[..., str]:
    """``t(key, **values)``: a UI string with ``{name}`` placeholders filled in."""
    messages = catalogue(language)

    def t(key: str, **values: Any) -> str:
        try:
            text = messages[key]
        except KeyError:
            raise TemplateError(f"message '{key}' missing from i18n/{language}.yml") from None
        return text.format(**values) if values else text

    return t


def environment(language: str, manual_templates: Path | None = None) -> jinja2.Environment:
    """The Jinja environment: manual's own templates first, then the defaults."""
    folders = [p for p in (manual_templates, DEFAULT_TEMPLATES) if p is not None and p.is_dir()]
    if manual_templates is not None and manual_templates.is_dir():
        _check_utf8(manual_templates)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in dict.fromkeys(folders)]),
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


def describe_template_error(exc: jinja2.TemplateError, root: Path) -> str:
    """``file:line: what`` for a template that failed, with what to do.

    The line is Jinja's for a syntax error, else the innermost template frame of the
    traceback (Jinja maps those frames to template lines).
    """
    if isinstance(exc, jinja2.TemplateNotFound):
        return f"template '{exc.name}' not found: check its name in extends, include or import"
    where = ""
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        where = f"{_shown(exc.filename, root)}:{exc.lineno}: "
    else:
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if _is_template(f.filename)]
        if frames:
            where = f"{_shown(frames[-1].filename, root)}:{frames[-1].lineno}: "
    return f"{where}{exc.message or type(exc).__name__}: fix the template (see docs/authoring.md)"


def _is_template(filename: str) -> bool:
    return filename.endswith((".j2", ".md", ".html")) and not filename.endswith(".py")


def _shown(filename: str, root: Path) -> str:
    path = Path(filename)
    for base in (root.resolve(), DEFAULT_TEMPLATES.parent):
        if path.is_relative_to(base):
            return path.relative_to(base).as_posix()
    return filename


def _check_utf8(folder: Path) -> None:
    """A manual's template that is not UTF-8 is named (Jinja would only say 'codec')."""
    for path in sorted(folder.rglob("*")):
        if path.suffix in (".j2", ".md", ".html") and path.is_file():
            try:
                path.read_bytes().decode("utf-8")
            except UnicodeDecodeError as exc:
                raise TemplateError(
                    f"{folder.name}/{path.relative_to(folder).as_posix()}: not UTF-8 (byte "
                    f"{exc.start}): save it as UTF-8"
                ) from None
