"""The site can be built: ``mkdocs.yml`` has what the generated pages rely on.

Layer: rules. MkDocs reads its own configuration only when the site is built; these
are the settings without which the pages break (step anchors need ``attr_list``, the
quizzes need their script before the page script), checked before anything is built.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from generator.source.findings import Finding, Location
from generator.source.manual import Manual
from generator.source.siteconfig import CONFIG_FILE

REQUIRED_EXTENSIONS = ("attr_list", "toc")
# The generated pages' own style sheets and scripts (quiz.js before opsmanual.js, which
# calls it); a mkdocs.yml written before the quizzes existed would silently lose them.
REQUIRED_ASSETS = {
    "extra_css": ("assets/opsmanual.css", "assets/quiz.css"),
    "extra_javascript": ("assets/quiz.js", "assets/opsmanual.js"),
}


def site_config_complete(manual: Manual, today: dt.date) -> Iterator[Finding]:
    """``mkdocs.yml`` exists, uses Material, reads site/ and loads what the pages need."""
    site = manual.site
    if site is None:
        yield Finding(
            Location(CONFIG_FILE),
            "E023",
            "mkdocs.yml is missing: the site cannot be built (`opsmanual init` writes a "
            "complete one)",
        )
        return
    if site.theme != "material":
        yield Finding(site.where("theme"), "E023", "the pages need `theme: name: material`")
    if site.docs_dir != "site":
        yield Finding(
            site.where("docs_dir"), "E023", "set `docs_dir: site` (the generator writes there)"
        )
    names = {name.split(".")[-1] for name in site.extensions}
    missing = [e for e in REQUIRED_EXTENSIONS if e not in names]
    if missing:
        yield Finding(
            site.where("markdown_extensions"),
            "E023",
            f"the generated pages need markdown_extensions {', '.join(missing)}: add "
            + ", ".join(f"`- {e}`" for e in missing),
        )
    for key, wanted in REQUIRED_ASSETS.items():
        present = getattr(site, key)
        if [w for w in present if w in wanted] != list(wanted):
            yield Finding(
                site.where(key),
                "E023",
                f"{key} must list, in this order: " + ", ".join(f"`- {w}`" for w in wanted),
            )
