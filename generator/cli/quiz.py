"""``opsmanual quiz``: draw a quiz from the bank and write it in one format.

Layer: cli. Loads and checks the manual (an
error finding stops it, as it stops a build), builds the bank, selects, exports.
Text formats go to standard output unless ``-o`` is given; ``html`` (a sheet and its
answer key) and ``qti`` (a zip) need ``-o``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click

from generator.cli.options import at_root, checked_manual
from generator.quiz import exam as exams
from generator.quiz.bank import build_bank, counts
from generator.quiz.guess import MARGIN, measure
from generator.quiz.model import QuestionType
from generator.quiz.select import Selection, SelectionError, check_selection, select
from generator.render.quizformats import FORMATS
from generator.render.quizformats.common import Kit, make_quiz
from generator.render.templating import environment
from generator.source.manual import Manual
from generator.source.messages import translator
from generator.source.presentation import load_presentation


def quiz_title(manual: Manual, selection: Selection, t: Callable[..., str]) -> str:
    """Title naming what the quiz covers: its procedures and roles, or the whole manual."""
    names = [manual.procedure_by_id[p].title for p in selection.procedures]
    names += [manual.role_by_id[r].name for r in selection.roles]
    name = t("list_sep").join(names) or t("quiz_whole_manual")
    return t("quiz_title_exam" if selection.exam else "quiz_title_procedures", name=name)


def write_outputs(files: dict[str, bytes], output: Path | None, fmt: str) -> None:
    """Write the export's files: the first to ``output``, the others beside it."""
    if output is None:
        if len(files) > 1 or fmt in ("qti", "scorm"):
            raise click.UsageError(f"--format {fmt} writes {_what(fmt)}: give -o PATH")
        sys.stdout.buffer.write(next(iter(files.values())))
        return
    first = True
    for suffix, data in files.items():
        target = output if first else output.with_name(output.stem + suffix)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        click.echo(f"wrote {target}", err=True)
        first = False


def _what(fmt: str) -> str:
    return "a zip file" if fmt in ("qti", "scorm") else "a sheet and a separate answer key"


@click.command()
@click.option(
    "--procedure",
    "procedures",
    multiple=True,
    metavar="ID",
    help="Questions on this procedure (repeatable).",
)
@click.option(
    "--role",
    "roles",
    multiple=True,
    metavar="ID",
    help="Questions on the steps this role performs, is accountable for or is consulted on.",
)
@click.option(
    "--type",
    "types",
    multiple=True,
    type=click.Choice([t.value for t in QuestionType]),
    help="Only this question type (repeatable).",
)
@click.option("--count", type=click.IntRange(min=1), help="Number of questions (a seeded sample).")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of sample and options.")
@click.option("--exam", is_flag=True, help="Balanced across procedures and types (20 by default).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(FORMATS)),
    help="html: sheet + answer key; moodle: Moodle XML; qti: QTI 2.1 zip; scorm: SCORM 1.2 "
    "zip; md; json; gift; csv.",
)
@click.option(
    "--stats",
    is_flag=True,
    help="Print the bank's question counts and guessability figures instead of a quiz.",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Output file."
)
@click.pass_obj
def quiz(
    root: Path,
    procedures: tuple[str, ...],
    roles: tuple[str, ...],
    types: tuple[str, ...],
    count: int | None,
    seed: int,
    exam: bool,
    fmt: str | None,
    stats: bool,
    output: Path | None,
) -> None:
    """Generate a training quiz from the manual's procedures.

    With ``--exam --role R`` and a blueprint for R in the manual, the exam is drawn by its
    weights, count, pass mark and time limit.
    """
    manual = checked_manual(root)
    if stats:
        print_stats(manual)
        return
    if fmt is None:
        raise click.UsageError("give --format (or --stats)")
    kinds = tuple(QuestionType(t) for t in types)
    selection = Selection(procedures, roles, kinds, count, seed, exam)
    try:
        check_selection(manual, selection)
    except SelectionError as exc:
        raise click.UsageError(str(exc)) from exc
    language = manual.settings.language.value
    t = translator(language)
    bank = build_bank(manual, t)
    plan = exams.blueprint(manual, roles[0]) if exam and len(roles) == 1 else None
    drawn_exam = None
    if plan is not None:
        questions, drawn_exam = exams.draw(manual, bank, plan, seed, count)
    else:
        questions = select(bank, selection)
    if not questions:
        raise click.ClickException("no question matches this selection")
    title = t("quiz_title_exam", name=drawn_exam.title) if drawn_exam else None
    pass_mark = exams.pass_mark(manual, roles[0] if len(roles) == 1 else None)
    drawn = make_quiz(
        manual, questions, title or quiz_title(manual, selection, t), seed, drawn_exam, pass_mark
    )
    presentation, _problems = load_presentation(root)  # its problems stopped checked_manual
    kit = Kit(t, environment(language, presentation), presentation.assets)
    target = at_root(root, output) if output else None
    write_outputs(FORMATS[fmt](drawn, kit), target, fmt)


def print_stats(manual: Manual) -> None:
    """Question counts by type and the guessability figures of the whole bank."""
    t = translator(manual.settings.language.value)
    bank = build_bank(manual, t)
    figures = measure(manual, bank)
    click.echo(f"questions: {len(bank)}")
    for kind, n in counts(bank).items():
        click.echo(f"  {kind.value:12s} {n:5d}  {t('quiz_type_' + kind.value)}")
    bound = figures.chance + MARGIN
    click.echo(f"choice questions measured: {figures.choice} (chance {figures.chance:.1%})")
    click.echo(f"  correct option is the longest:      {figures.longest:.1%} (bound {bound:.1%})")
    click.echo(f"  correct option most like the stem:  {figures.overlap:.1%} (bound {bound:.1%})")
    for family, (n, share) in figures.true_share.items():
        click.echo(f"  true/false '{family}': {n} questions, {share:.0%} true (bound 40-60%)")
    click.echo(f"  wrong options the model makes right: {figures.self_distractors} (bound 0)")
    click.echo("guessability: " + ("within bounds" if figures.passes else "OUT OF BOUNDS"))
