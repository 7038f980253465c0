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
        kind_index = path.name == "index.md" and path.parts[0] != "faq"  # a list of the kind
        if weight == 1.0 or kind_index or not isinstance(content, str):
            out[path] = content
            continue
        hint = "search:\n" + ("  exclude: true\n" if weight is None else f"  boost: {weight:g}\n")
        if not content.startswith("---\n"):
            out[path] = f"---\n{hint}---\n\n{content}"
        elif "\nsearch:" in content.split("\n---\n", 1)[0]:
            out[path] = content  # the template decided
        else:
            out[path] = "---\n" + hint + content[4:]
    return out
