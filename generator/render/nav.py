"""The MkDocs navigation, derived from the Manual (passed to MkDocs as a config override).

Layer: render. ``mkdocs.yml`` stays a plain, hand-written configuration;
the generator supplies ``nav`` so that procedures appear grouped by category with
their Chinese titles, in a stable order.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from generator.render.views import Views, code_sort_key
from generator.source import addresses as links

Nav = list[Any]
T = Callable[..., str]
#: a tab that would list more pages than this shows its groups collapsed: Material renders
#: the navigation into every page, and a tab's first level is always open, so a page of
#: a manual of 1,000 procedures would otherwise carry every procedure's title
OPEN_LIMIT = 60


def build_nav(
    views: Views, t: T, *, guide_pages: list[tuple[str, str]], extra: Nav | None = None
) -> Nav:
    """Navigation tree: home, procedures by category, checklists, roles, controls, FAQ and more."""
    guide: Nav = [{title: path} for title, path in guide_pages]
    guide += [{t("rules"): links.RULES_PAGE}]
    nav: Nav = [
        {t("home"): "index.md"},
        {t("procedures"): _procedures(views, t)},
        {t("checklists"): _checklists(views, t)},
        {t("roles"): _roles(views, t)},
        {t("controls"): _controls(views, t)},
        {t("raci"): "raci/index.md"},
        {t("faq"): _faq(views, t)},
        *(extra or []),
        {t("changes"): "changes.md"},
        {t("archive"): "archive.md"},
        {t("guide"): guide},
    ]
    escaped: Nav = _escape_titles(nav)
    return escaped


def _by_category(views: Views, t: T, page: Callable[[Any], str], active: bool) -> Nav:
    """Procedures (or pages of each) grouped by category, in navigation order."""
    in_force = {p.id for p in views.manual.active}
    by_cat: dict[str, Nav] = {}
    for v in views.procedures():
        if not active or v.proc.id in in_force:
            group = by_cat.setdefault(v.proc.category or t("uncategorised"), [])
            group.append({v.proc.title: page(v)})
    return [{cat: items} for cat, items in by_cat.items()]


def _open_or_grouped(groups: Nav, title: str) -> Nav:
    """Groups as the tab's first, open level; wrapped one level deeper when they are large."""
    pages = sum(len(items) for group in groups for items in group.values())
    return groups if pages <= OPEN_LIMIT else [{title: groups}]


def _procedures(views: Views, t: T) -> Nav:
    section: Nav = [{t("procedure_index"): "procedures/index.md"}]
    groups = _by_category(views, t, lambda v: v.page, active=False)
    return section + _open_or_grouped(groups, t("nav_by_category"))


def _checklists(views: Views, t: T) -> Nav:
    in_force = {p.id for p in views.manual.active}
    active = [v for v in views.procedures() if v.proc.id in in_force]
    performers = {s.owner for v in active for s in v.proc.steps if s.owner}
    roles: Nav = [
        {t("my_checklist") + t("colon") + r.name: links.checklist_page("roles", r.id)}
        for r in views.manual.role_order
        if r.id in performers
    ]
    if len(active) + len(roles) <= OPEN_LIMIT:
        flat: Nav = [{v.proc.title: links.checklist_page("procedures", v.proc.id)} for v in active]
        return flat + roles
    groups = _by_category(
        views, t, lambda v: links.checklist_page("procedures", v.proc.id), active=True
    )
    return [{t("nav_by_category"): groups}, {t("my_checklists"): roles}]


def _roles(views: Views, t: T) -> Nav:
    section: Nav = [{t("roles"): "roles/index.md"}]
    return section + [{r.name: links.role_page(r.id)} for r in views.manual.role_order]


def _controls(views: Views, t: T) -> Nav:
    section: Nav = [
        {t("control_catalogue"): "controls/index.md"},
        {t("matrix"): links.MATRIX_PAGE},
        {t("risk_register"): links.RISKS_PAGE},
    ]
    return section + [
        {f"{c.code or c.id} {c.title}": links.control_page(c.id)}
        for c in sorted(views.manual.controls, key=code_sort_key)
    ]


def _faq(views: Views, t: T) -> Nav:
    section: Nav = [{t("faq"): "faq/index.md"}]
    return section + [{tp.topic: links.faq_page(tp.id or "")} for tp in views.manual.faq]


def _escape_titles(nav: Any) -> Any:
    """HTML-escape every title: Material writes nav titles into the page unescaped."""
    if isinstance(nav, list):
        return [_escape_titles(item) for item in nav]
    if isinstance(nav, dict):
        return {html.escape(str(k), quote=True): _escape_titles(v) for k, v in nav.items()}
    return nav
