"""The MkDocs navigation, derived from the Manual (passed to MkDocs as a config override).

Pipeline position: render. ``mkdocs.yml`` stays a plain, hand-written configuration;
the generator supplies ``nav`` so that procedures appear grouped by category with
their Chinese titles, in a stable order.
"""

from __future__ import annotations

import html
from typing import Any

from generator.models import Status
from generator.render import links
from generator.render.views import Views, code_sort_key, role_sort_key

Nav = list[Any]


def build_nav(
    views: Views, t: Any, *, guide_pages: list[tuple[str, str]], extra: Nav | None = None
) -> Nav:
    """Navigation tree: home, procedures by category, checklists, roles, controls, FAQ and more."""
    manual = views.manual
    by_cat: dict[str, list[dict[str, str]]] = {}
    for v in views.procedures():
        by_cat.setdefault(v.proc.category or t("uncategorised"), []).append({v.proc.title: v.page})
    procedures: Nav = [{t("procedure_index"): "procedures/index.md"}]
    procedures += [{cat: items} for cat, items in by_cat.items()]
    active = [v for v in views.procedures() if v.proc.status is Status.ACTIVE]
    performers = {s.owner for v in active for s in v.proc.steps if s.owner}
    checklists: Nav = [
        {v.proc.title: links.checklist_page("procedures", v.proc.id)} for v in active
    ]
    checklists += [
        {t("my_checklist") + t("colon") + r.name: links.checklist_page("roles", r.id)}
        for r in sorted(manual.roles, key=role_sort_key)
        if r.id in performers
    ]
    roles: Nav = [{t("roles"): "roles/index.md"}]
    roles += [{r.name: links.role_page(r.id)} for r in sorted(manual.roles, key=role_sort_key)]
    controls: Nav = [
        {t("control_catalogue"): "controls/index.md"},
        {t("matrix"): links.MATRIX_PAGE},
        {t("risk_register"): links.RISKS_PAGE},
    ]
    controls += [
        {f"{c.code or c.id} {c.title}": links.control_page(c.id)}
        for c in sorted(manual.controls, key=code_sort_key)
    ]
    faq: Nav = [{t("faq"): "faq/index.md"}] + [
        {tp.topic: links.faq_page(tp.id or "")} for tp in manual.faq
    ]
    guide: Nav = [{title: path} for title, path in guide_pages] + [{t("rules"): "guide/rules.md"}]
    nav: Nav = [
        {t("home"): "index.md"},
        {t("procedures"): procedures},
        {t("checklists"): checklists},
        {t("roles"): roles},
        {t("controls"): controls},
        {t("raci"): "raci/index.md"},
        {t("faq"): faq},
    ]
    nav += extra or []
    nav += [{t("changes"): "changes.md"}, {t("archive"): "archive.md"}, {t("guide"): guide}]
    escaped: Nav = _escape_titles(nav)
    return escaped


def _escape_titles(nav: Any) -> Any:
    """HTML-escape every title: Material writes nav titles into the page unescaped."""
    if isinstance(nav, list):
        return [_escape_titles(item) for item in nav]
    if isinstance(nav, dict):
        return {html.escape(str(k), quote=True): _escape_titles(v) for k, v in nav.items()}
    return nav
