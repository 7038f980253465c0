"""The training section of the site: quiz pages, trainer pages, downloads, overview.

Layer: render (pure), listed in ``render.RENDERERS``. Every active
procedure gets a quiz page, and so does every role that takes part (R, A, C or I) in
a step of one; each bank also gets a trainer page with its answer key and a file in
every export format, drawn with seed 0 so that the trainer page, the printed sheet
and the LMS files show the same letters.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from generator.quiz.bank import build_bank, counts
from generator.quiz.model import AnswerForm, Question
from generator.quiz.select import Selection, select
from generator.render.context import Files, RenderContext
from generator.render.quizformats import FORMATS
from generator.render.quizformats.common import Kit, Presented, make_quiz, presented, quiz_digest
from generator.render.views import Views
from generator.source import addresses as links
from generator.source.addresses import Ref

ATTEMPT_SIZE = 10  # questions per attempt on a quiz page
# A quiz page carries a balanced draw of at most this many questions of its bank: the
# bank of a role accountable for every step has 500+ questions, a 700 KB page that
# slowed the site build fourfold. Trainer pages and downloads carry the whole bank.
PAGE_POOL = 40
OVERVIEW = "training/index.md"
TRAINER = "training/trainer/index.md"
DOWNLOADS = "training/downloads"
SEED = 0


@dataclass(frozen=True)
class SiteBank:
    """The questions of one procedure, one role, or the whole manual."""

    kind: str  # procedures | roles | all
    id: str
    title: str
    back: Ref | None
    questions: tuple[Question, ...]

    @property
    def page(self) -> str:
        """The quiz page."""
        return links.quiz_page(self.kind, self.id)

    @property
    def trainer_page(self) -> str:
        """The trainer page."""
        return f"training/trainer/{self.kind}/{self.id}.md"

    @property
    def storage_key(self) -> str:
        """Browser storage key: changes with the bank, so a new version starts clean."""
        digest = hashlib.sha256(" ".join(q.id for q in self.questions).encode()).hexdigest()
        return f"opsmanual-quiz:{self.kind}/{self.id}:{digest[:10]}"

    @property
    def js_seed(self) -> int:
        """Base seed of the page's attempts (differs between pages)."""
        return int(hashlib.sha256(self.page.encode()).hexdigest()[:8], 16)


@dataclass(frozen=True)
class Download:
    """One export file of a bank."""

    label: str
    path: str


@dataclass(frozen=True)
class Item:
    """A question on a page: its options in the seed-0 order, each with its correct rank."""

    shown: Presented
    ranks: tuple[int, ...]  # ordering: the right position (1-based) of each shown option

    @property
    def question(self) -> Question:
        """The question."""
        return self.shown.question


def banks(views: Views, t: Callable[..., str], bank: tuple[Question, ...]) -> list[SiteBank]:
    """The banks with a page: active procedures (nav order), then taking-part roles."""
    in_force = {p.id for p in views.manual.active}
    out = [
        SiteBank(
            "procedures", v.proc.id, v.proc.title, v.ref, select(bank, Selection((v.proc.id,)))
        )
        for v in views.procedures()
        if v.proc.id in in_force
    ]
    for role in views.manual.role_order:
        if role.id in views.manual.learner_roles:
            chosen = select(bank, Selection(roles=(role.id,)))
            out.append(SiteBank("roles", role.id, role.name, views.role(role.id), chosen))
    return out


def _items(ctx: RenderContext, questions: tuple[Question, ...], title: str) -> list[Item]:
    quiz = make_quiz(ctx.manual, questions, title, SEED)
    items = []
    for p in presented(quiz):
        ordering = p.question.form is AnswerForm.ORDERING
        ranks = tuple(p.answer.index(i) + 1 for i in range(len(p.options))) if ordering else ()
        items.append(Item(p, ranks))
    return items


def _downloads(ctx: RenderContext, bank: SiteBank, title: str) -> tuple[Files, list[Download]]:
    if not bank.questions:
        return {}, []
    quiz = make_quiz(ctx.manual, bank.questions, title, SEED)
    kit = Kit(ctx.t, ctx.env)

    def make() -> dict[str, bytes]:
        return {
            f"{name}|{suffix}": data
            for name, export in FORMATS.items()
            for suffix, data in export(quiz, kit).items()
        }

    # every export of a bank at once, kept by the questions' content: an edit elsewhere
    # in the manual reuses them
    exports = ctx.memo.fetch(f"quiz-exports {quiz_digest(quiz)}", make)
    files: Files = {}
    found = []
    for tag, data in exports.items():
        name, suffix = tag.split("|", 1)
        # a .md file in site/ would become a page: Markdown downloads are .md.txt
        suffix += ".txt" if suffix.endswith(".md") else ""
        path = f"{DOWNLOADS}/{bank.kind}-{bank.id}{suffix}"
        files[PurePosixPath(path)] = data
        label = ctx.t("quiz_format_key" if suffix.startswith("-key") else f"quiz_format_{name}")
        found.append(Download(label, path))
    return files, found


def _hrefs(page: str, downloads: list[Download]) -> list[tuple[str, str]]:
    return [(d.label, links.url(page, d.path)) for d in downloads]


def _tally(questions: tuple[Question, ...]) -> list[tuple[str, int]]:
    return [(kind.value, n) for kind, n in counts(questions).items() if n]


def js_labels(t: Callable[..., str]) -> dict[str, str]:
    """The UI strings quiz.js shows, keyed without the ``quiz_js_`` prefix."""
    keys = ("attempt", "exam_attempt", "progress", "exam_progress", "right", "wrong", "pick")
    return {k: t(f"quiz_js_{k}") for k in (*keys, "result", "unanswered")}


def render_bank(ctx: RenderContext, bank: SiteBank) -> Files:
    """The quiz page, the trainer page and the downloads of one bank."""
    title = ctx.t(f"quiz_title_{bank.kind}", name=bank.title)
    files, downloads = _downloads(ctx, bank, title)
    items = _items(ctx, bank.questions, title)
    pool = bank.questions
    if len(pool) > PAGE_POOL:
        pool = select(pool, Selection(count=PAGE_POOL, seed=SEED, exam=True))
    files |= ctx.page(
        "quiz.md.j2",
        bank.page,
        bank=bank,
        title=title,
        items=_items(ctx, pool, title),
        size=ATTEMPT_SIZE,
        trainer_href=links.url(bank.page, bank.trainer_page),
        labels=js_labels(ctx.t),
    )
    files |= ctx.page(
        "quiz_trainer.md.j2",
        bank.trainer_page,
        bank=bank,
        title=ctx.t("quiz_trainer_title", name=bank.title),
        items=items,
        downloads=_hrefs(bank.trainer_page, downloads),
        tally=_tally(bank.questions),
        quiz_href=links.url(bank.trainer_page, bank.page),
    )
    return files


def render(ctx: RenderContext) -> Files:
    """Every page and file of the training section."""
    bank = build_bank(ctx.manual, ctx.t)
    found = banks(ctx.views, ctx.t, bank)
    files: Files = {}
    for b in found:
        files |= render_bank(ctx, b)
    whole = SiteBank("all", "manual", ctx.t("quiz_whole_manual"), None, bank)
    extra, downloads = _downloads(ctx, whole, ctx.t("quiz_title_all"))
    files |= extra
    common = {"banks": found, "tally": _tally(bank), "links_url": links.url}
    files |= ctx.page("quiz_index.md.j2", OVERVIEW, trainer=TRAINER, **common)
    files |= ctx.page(
        "quiz_trainer_index.md.j2", TRAINER, downloads=_hrefs(TRAINER, downloads), **common
    )
    return files


def nav_entries(views: Views, t: Callable[..., str]) -> list[Any]:
    """The "Training" section of the navigation."""
    found = banks(views, t, ())  # which banks have pages does not depend on their questions
    procs = [{b.title: b.page} for b in found if b.kind == "procedures"]
    roles = [{b.title: b.page} for b in found if b.kind == "roles"]
    section: list[Any] = [{t("quiz_overview"): OVERVIEW}]
    section += [{t("quiz_nav_procedures"): procs}] if procs else []
    section += [{t("quiz_nav_roles"): roles}] if roles else []
    section += [{t("quiz_nav_trainer"): TRAINER}]
    return [{t("training"): section}]
