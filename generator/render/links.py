"""Where each page lives in site/ and how pages link to each other.

Pipeline position: shared by every renderer. Links inside raw HTML are not rewritten
by MkDocs, so we compute the final URLs ourselves for ``use_directory_urls: true``
(``procedures/x.md`` is served at ``procedures/x/``). The end-to-end test checks that
every internal link of the built site resolves.
"""

from __future__ import annotations

import posixpath
from pathlib import PurePosixPath


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
