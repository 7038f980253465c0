"""Links by id in author Markdown: ``procedure:ID#step``, ``role:ID``, ``control:ID`` ….

Layer: source. The forms a link by id may take and what to tell an author whose link
points at nothing; resolving a link needs the manual (``manual.xref``).
"""

from __future__ import annotations

import re

# What a link in author Markdown may point at by id: procedure:ID#step, role:ID, …
XREF_KINDS = "procedure|role|control|risk|faq"
XREF = re.compile(rf"^(?P<kind>{XREF_KINDS}):(?P<id>[\w-]+)(?:#(?P<anchor>[\w-]+))?$")
# a link meant as a cross-reference, well-formed or not
XREF_SCHEME = re.compile(rf"^({XREF_KINDS}):")


def unresolved(target: str, field: str | None = None) -> str:
    """What to tell an author whose link by id points at nothing."""
    where = f" in '{field}'" if field else ""
    return (
        f"link '{target}'{where} points at nothing: check the id "
        "(procedure:ID#step, role:ID, control:ID, risk:ID, faq:ID)"
    )
