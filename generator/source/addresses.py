"""Where each page lives in site/ and how pages link to each other.

Layer: source (plain naming, no I/O). Questions of the quiz bank, the rules (a
``sources`` page must exist) and every renderer address pages the same way. Links
inside raw HTML are not rewritten by MkDocs, so we compute the final URLs ourselves for
``use_directory_urls: true`` (``procedures/x.md`` is served at ``procedures/x/``). The
end-to-end test checks that every internal link of the built site resolves.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.source.manual import Manual


@dataclass(frozen=True)
class Ref:
    """A linkable thing: its id, display text, page and optional short code."""

    id: str
    text: str
    page: str
    anchor: str | None = None
    code: str = ""
    key: bool = False

    def href(self, from_page: str) -> str:
        """Relative URL from ``from_page``."""
        return url(from_page, self.page, self.anchor)


def procedure_page(proc_id: str) -> str:
    """Source path of a procedure page."""
    return f"procedures/{proc_id}.md"


def role_page(role_id: str) -> str:
    """Source path of a role page."""
    return f"roles/{role_id}.md"


def control_page(control_id: str) -> str:
    """Source path of a control page."""
    return f"controls/{control_id}.md"


def faq_page(topic_id: str) -> str:
    """Source path of a FAQ topic page."""
    return f"faq/{topic_id}.md"


def checklist_page(kind: str, item_id: str) -> str:
    """Source path of a checklist page (kind: procedures | roles)."""
    return f"checklists/{kind}/{item_id}.md"


def quiz_page(kind: str, item_id: str) -> str:
    """Source path of a quiz page (kind: procedures | roles)."""
    return f"training/{kind}/{item_id}.md"


RISKS_PAGE = "controls/risks.md"
MATRIX_PAGE = "controls/matrix.md"
RULES_PAGE = "guide/rules.md"
#: pages every site has, whatever the manual holds
FIXED_PAGES = (
    "index.md",
    "changes.md",
    "archive.md",
    "procedures/index.md",
    "roles/index.md",
    "controls/index.md",
    MATRIX_PAGE,
    RISKS_PAGE,
    "raci/index.md",
    "faq/index.md",
    RULES_PAGE,
    "training/index.md",
)


def reference_pages(manual: Manual) -> frozenset[str]:
    """The pages a link from settings may name: fixed pages, one per thing, hand-written."""
    pages = set(FIXED_PAGES)
    pages |= {procedure_page(p.id) for p in manual.procedures}
    pages |= {role_page(r.id) for r in manual.roles}
    pages |= {control_page(c.id) for c in manual.controls}
    pages |= {faq_page(t.id or "") for t in manual.faq}
    pages |= {page.site_path for page in manual.pages}
    return frozenset(pages)


def served_dir(page: str) -> str:
    """The directory URL a page is served at (``a/b.md`` → ``a/b/``, ``a/index.md`` → ``a/``)."""
    path = PurePosixPath(page)
    if path.suffix != ".md":
        return str(path.parent) if str(path.parent) != "." else ""
    if path.stem == "index":
        parent = str(path.parent)
        return "" if parent == "." else parent + "/"
    parent = "" if str(path.parent) == "." else str(path.parent) + "/"
    return f"{parent}{path.stem}/"


def url(from_page: str, to: str, anchor: str | None = None) -> str:
    """Relative URL from one source page to another page (or a file), with an anchor."""
    here = served_dir(from_page) or "."
    target = served_dir(to) if to.endswith(".md") else to
    if to.endswith(".md") and from_page == to:
        rel = ""
    else:
        rel = posixpath.relpath(target or ".", here)
        if to.endswith(".md"):
            rel = "./" if rel == "." else rel + "/"
    return f"{rel}#{anchor}" if anchor else rel or "./"
