"""How pages rank in the site's search: a weight per kind of page, checklists left out.

Layer: render (pure). Staff search for a procedure, a role or a control by its name; the
pages about it should come before pages that only mention it. Material for MkDocs reads
a page's ``search`` front matter (``boost``, ``exclude``); this step gives every page of a
kind its weight, in one table. Checklists repeat their procedure's steps word for word:
they are left out of the index (each procedure page links to its checklist), as are the
quiz and trainer pages (their templates say so).
"""

from __future__ import annotations

from generator.render.context import Files

#: page folder → search weight (None: not indexed); other pages weigh 1
WEIGHTS: dict[str, float | None] = {
    "procedures": 4.0,
    "roles": 3.0,
    "controls": 3.0,
    "faq": 1.5,
    "checklists": None,
}


def with_search_weights(files: Files) -> Files:
    """``files`` with the search front matter of each page kind added."""
    out: Files = {}
    for path, content in files.items():
        weight = WEIGHTS.get(path.parts[0], 1.0) if path.suffix == ".md" else 1.0
        if weight != 1.0 and isinstance(content, str) and not content.startswith("---\n"):
            if path.name == "index.md" and path.parts[0] != "faq":
                out[path] = content  # the index of a kind is a list, not the thing itself
                continue
            hint = "  exclude: true" if weight is None else f"  boost: {weight:g}"
            content = f"---\nsearch:\n{hint}\n---\n\n{content}"
        out[path] = content
    return out
