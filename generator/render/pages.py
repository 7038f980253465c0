"""Reference pages: procedures, roles, controls, risks, matrix, FAQ, home, changes.

Pipeline position: render (pure). Each page type is one template; the table in
``render`` drives the repetition so that every kind is rendered the same way.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.findings import CODES
from generator.manual import XREF_KINDS, unresolved
from generator.models import HistoryEntry, Procedure, Rating, Status
from generator.quiz import site as quiz_site
from generator.render import Files, RenderContext, links
from generator.render.raci import procedure_raci
from generator.render.views import ProcedureView, Ref, code_sort_key, role_sort_key
from generator.templating import TemplateError

INDEX = "index.md"
CHANGES = "changes.md"
ARCHIVE = "archive.md"
RULES = "guide/rules.md"


@dataclass(frozen=True)
class Change:
    """One history entry with its procedure, for the changes pages."""

    proc: Ref
    entry: HistoryEntry
    approver: Ref
    upcoming: bool
    effective: dt.date


def _history(ctx: RenderContext, proc: Procedure) -> list[tuple[HistoryEntry, Ref]]:
    return [
        (h, ctx.views.role(h.approved_by) or Ref(h.approved_by, h.approved_by, ""))
        for h in proc.history
    ]


def render_procedures(ctx: RenderContext) -> Files:
    """One page per procedure (retired ones too: old links and audit references resolve)."""
    files: Files = {}
    for v in ctx.views.procedures(include_retired=True):
        faq = sorted(
            {
                e.id: ctx.views.faq_ref(e)
                for s in v.proc.steps
                for e in ctx.manual.faq_by_step.get((v.proc.id, s.id), ())
            }.values(),
            key=lambda r: r.id,
        )
        files |= ctx.page(
            "procedure.md.j2",
            v.page,
            v=v,
            svg=ctx.svgs.get(v.proc.id, ""),
            raci=procedure_raci(ctx.views, v.proc, ctx.t("step")),
            faq=faq,
            history=_history(ctx, v.proc),
            checklist_href=links.url(v.page, links.checklist_page("procedures", v.proc.id))
            if v.proc.status is Status.ACTIVE
            else None,
            quiz_href=links.url(v.page, links.quiz_page("procedures", v.proc.id))
            if quiz_site.has_quiz_page(ctx.manual, "procedures", v.proc.id)
            else None,
        )
    return files


def _by_category(ctx: RenderContext) -> list[tuple[str, list[ProcedureView]]]:
    groups: dict[str, list[ProcedureView]] = {}
    for v in ctx.views.procedures():
        groups.setdefault(v.proc.category or ctx.t("uncategorised"), []).append(v)
    return list(groups.items())


def _changes(ctx: RenderContext) -> list[Change]:
    found = [
        Change(
            ctx.views.procedure_ref(p.id),
            h,
            ctx.views.role(h.approved_by) or Ref(h.approved_by, h.approved_by, ""),
            i == 0 and p.effective > ctx.today,
            p.effective,
        )
        for p in ctx.manual.procedures
        for i, h in enumerate(p.history)
    ]
    return sorted(found, key=lambda c: (c.entry.date, c.proc.id, c.entry.version), reverse=True)


def render_home(ctx: RenderContext) -> Files:
    """Home page, procedure index, changes and archive."""
    m = ctx.manual
    counts = [
        (ctx.t("counts_procedures"), len(m.published)),
        (ctx.t("counts_steps"), sum(len(p.steps) for p in m.published)),
        (ctx.t("counts_roles"), len(m.roles)),
        (ctx.t("counts_controls"), len(m.controls)),
        (ctx.t("counts_risks"), len(m.risks)),
    ]
    views = ctx.views.procedures()
    due = [v for v in views if v.review.overdue or v.review.soon]
    changes = _changes(ctx)
    retired = [ctx.views.procedure(p) for p in m.procedures if p.status is Status.RETIRED]
    groups = _by_category(ctx)
    files = ctx.page(
        "home.md.j2",
        INDEX,
        counts=counts,
        groups=groups,
        due=due,
        recent=changes[:8],
        upcoming=[c for c in changes if c.upcoming],
        organisation=m.settings.organisation or "",
        changes_href=links.url(INDEX, CHANGES),
        guide=_guide_links(ctx),
    )
    files |= ctx.page("procedures_index.md.j2", "procedures/index.md", groups=groups)
    files |= ctx.page("changes.md.j2", CHANGES, changes=changes)
    files |= ctx.page("archive.md.j2", ARCHIVE, retired=retired)
    return files


def render_roles(ctx: RenderContext) -> Files:
    """Role pages: responsibilities, involvement by procedure, controls and risks owned."""
    files: Files = {}
    roles = sorted(ctx.manual.roles, key=role_sort_key)
    for role in roles:
        page = links.role_page(role.id)
        involvement = []
        for v in ctx.views.procedures():
            rows = [
                (
                    s,
                    [x for x, r in (("R", s.owner), ("A", s.accountable)) if r and r.id == role.id]
                    + (["C"] if any(r.id == role.id for r in s.consulted) else [])
                    + (["I"] if any(r.id == role.id for r in s.informed) else []),
                )
                for s in v.steps
            ]
            rows = [(s, letters) for s, letters in rows if letters]
            if rows:
                involvement.append((v, rows))
        files |= ctx.page(
            "role.md.j2",
            page,
            role=role,
            involvement=involvement,
            controls=[ctx.views.control(c) for c in ctx.manual.controls if c.owner == role.id],
            risks=[r for r in ctx.manual.risks if r.owner == role.id],
            checklist_href=links.url(page, links.checklist_page("roles", role.id)),
            performs=any("R" in letters for _v, rows in involvement for _s, letters in rows),
            quiz_href=links.url(page, links.quiz_page("roles", role.id))
            if quiz_site.has_quiz_page(ctx.manual, "roles", role.id)
            else None,
        )
    files |= ctx.page(
        "roles_index.md.j2", "roles/index.md", roles=[(r, ctx.views.role(r.id)) for r in roles]
    )
    return files


def render_controls(ctx: RenderContext) -> Files:
    """Control pages, the catalogue, the risk register and the risk & control matrix."""
    files: Files = {}
    m = ctx.manual
    for control in m.controls:
        page = links.control_page(control.id)
        steps = [
            (ctx.views.procedure_ref(p.id), ctx.views.procedure_ref(p.id, s.id))
            for p, s in m.steps_by_control.get(control.id, ())
        ]
        risks = [m.risk_by_id[r] for r in control.risks if r in m.risk_by_id]
        files |= ctx.page(
            "control.md.j2",
            page,
            control=control,
            owner=ctx.views.role(control.owner),
            steps=steps,
            risks=risks,
            sources_shown=ctx.views.sources(control.sources),
        )
    controls = sorted(m.controls, key=code_sort_key)
    refs = [ctx.views.control(c) for c in controls]
    used = set(m.steps_by_control)
    files |= ctx.page(
        "controls_index.md.j2",
        "controls/index.md",
        controls=list(zip(controls, refs, strict=True)),
        used=used,
    )
    files |= ctx.page(
        "risks.md.j2",
        links.RISKS_PAGE,
        risks=[
            (
                r,
                ctx.views.role(r.owner),
                [ctx.views.control(c) for c in m.controls_by_risk.get(r.id, ())],
            )
            for r in sorted(m.risks, key=code_sort_key)
        ],
    )
    files |= ctx.page(
        "matrix.md.j2",
        links.MATRIX_PAGE,
        risks=[
            (r, {c.id for c in m.controls_by_risk.get(r.id, ())})
            for r in sorted(m.risks, key=code_sort_key)
        ],
        controls=refs,
        used=used,
        high=Rating.HIGH,
    )
    return files


def render_faq(ctx: RenderContext) -> Files:
    """One page per FAQ topic, and an index."""
    files: Files = {}
    for topic in ctx.manual.faq:
        page = links.faq_page(topic.id or "")
        entries = [
            (
                e,
                [
                    ctx.views.procedure_ref(*ref.split("#"))
                    for ref in e.refs
                    if ref.split("#")[0] in ctx.manual.procedure_by_id
                ],
                ctx.views.roles(e.roles),
            )
            for e in topic.entries
        ]
        files |= ctx.page("faq.md.j2", page, topic=topic, entries=entries)
    files |= ctx.page("faq_index.md.j2", "faq/index.md", topics=ctx.manual.faq)
    return files


def _guide_links(ctx: RenderContext) -> list[tuple[str, str]]:
    """(title, href from the home page) of each hand-written page, in file-name order."""
    if not ctx.pages_dir:
        return []
    found = []
    for path in sorted(Path(ctx.pages_dir).glob("*.md")):
        first = path.read_text(encoding="utf-8").lstrip().partition("\n")[0]
        title = first.lstrip("# ").strip() if first.startswith("#") else path.stem
        found.append((title, links.url(INDEX, f"guide/{path.name}")))
    return found


def render_guide(ctx: RenderContext) -> Files:
    """The generated rule list and the hand-written pages of templates/pages."""
    files = ctx.page("rules.md.j2", RULES, codes=list(CODES.items()))
    if ctx.pages_dir:
        for path in sorted(Path(ctx.pages_dir).glob("*.md")):
            # through the loader (the manual's templates/ comes first), so an error names
            # templates/pages/<file> and its line
            template = ctx.env.get_template(f"pages/{path.name}")
            page = f"guide/{path.name}"
            text = template.render(page=page, today=ctx.today)
            files[PurePosixPath(page)] = resolve_links(
                text, functools.partial(_xref_from, ctx, page), path.name
            )
    return files


_PAGE_XREF = re.compile(rf"(\]\(\s*|^\[[^\]]+\]:\s*)((?:{XREF_KINDS}):[^)\s]*)")


def _xref_from(ctx: RenderContext, page: str, target: str) -> str | None:
    return ctx.views.xref_href(target, page)


def resolve_links(text: str, resolve: Callable[[str], str | None], name: str) -> str:
    """Cross-reference links of a hand-written page → relative URLs.

    ``procedure:ID#step``, ``role:ID``, ``control:ID``, ``risk:ID``, ``faq:ID`` in inline
    links and link definitions; code spans and code blocks are left as they are.

    Raises:
        TemplateError: a link points at nothing (named with the page).
    """
    out = []
    for line, code in _prose(text):
        if code:
            out.append(line)
            continue
        parts = line.split("`")
        for i in range(0, len(parts), 2):  # outside code spans
            parts[i] = _PAGE_XREF.sub(lambda m: m[1] + _resolved(m[2], resolve, name), parts[i])
        out.append("`".join(parts))
    return "".join(out)


def page_link_targets(text: str) -> Iterator[tuple[int, int, str]]:
    """(line, column, target) of each cross-reference link of a hand-written page."""
    for number, (line, code) in enumerate(_prose(text), start=1):
        if code:
            continue
        offset = 0
        for i, part in enumerate(line.split("`")):
            if i % 2 == 0:
                for m in _PAGE_XREF.finditer(part):
                    yield number, offset + m.start(2) + 1, m[2]
            offset += len(part) + 1


def _prose(text: str) -> Iterator[tuple[str, bool]]:
    """Each line of Markdown and whether it is code (fenced or indented)."""
    fenced = False
    for line in text.splitlines(keepends=True):
        fence = line.lstrip().startswith(("```", "~~~"))
        if fence:
            fenced = not fenced
        yield line, fence or fenced or line.startswith("    ")


def _resolved(target: str, resolve: Callable[[str], str | None], name: str) -> str:
    url = resolve(target)
    if url is None:
        raise TemplateError(f"templates/pages/{name}: {unresolved(target)}")
    return url


def is_future(proc: Procedure, today: dt.date) -> bool:
    """Whether the current version of ``proc`` is not yet in effect."""
    return proc.effective > today


def render(ctx: RenderContext) -> Files:
    """Every reference page."""
    files: Files = {}
    for part in (
        render_procedures,
        render_home,
        render_roles,
        render_controls,
        render_faq,
        render_guide,
    ):
        files |= part(ctx)
    return files
