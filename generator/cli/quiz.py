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
from generator.quiz.bank import build_bank
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
        if len(files) > 1 or fmt == "qti":
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
    return "a zip file" if fmt == "qti" else "a sheet and a separate answer key"


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
    required=True,
    help="html: sheet + answer key; moodle: Moodle XML; qti: QTI 2.1 zip; md; json; gift; csv.",
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
    fmt: str,
    output: Path | None,
) -> None:
    """Generate a training quiz from the manual's procedures."""
    manual = checked_manual(root)
    kinds = tuple(QuestionType(t) for t in types)
    selection = Selection(procedures, roles, kinds, count, seed, exam)
    try:
        check_selection(manual, selection)
    except SelectionError as exc:
        raise click.UsageError(str(exc)) from exc
    language = manual.settings.language.value
    t = translator(language)
    questions = select(build_bank(manual, t), selection)
    if not questions:
        raise click.ClickException("no question matches this selection")
    drawn = make_quiz(manual, questions, quiz_title(manual, selection, t), seed)
    presentation, _problems = load_presentation(root)  # its problems stopped checked_manual
    kit = Kit(t, environment(language, presentation))
    target = at_root(root, output) if output else None
    write_outputs(FORMATS[fmt](drawn, kit), target, fmt)
