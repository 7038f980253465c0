"""Review commands: ``diff``, ``codeowners``, ``reviews``; registered on the main CLI.

Layer: cli. Parse options, call the review pipeline, print. ``ctx.obj`` is the manual
folder, set by the main group.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from generator.changes.due import due_reviews
from generator.cli.options import at_root, day, loaded_manual, today_option
from generator.output.graphviz import GraphvizError
from generator.pipeline import review
from generator.pipeline.codeowners import write_codeowners
from generator.render.codeowners import CodeownersError
from generator.render.review.due import render_due
from generator.render.templating import environment
from generator.source.presentation import default_presentation
from generator.source.revisions import ReviewError


@click.command()
@click.argument("base")
@click.argument("head", required=False)
@click.option(
    "--format", "fmt", type=click.Choice(["md", "json"]), default="md", show_default=True,
    help="md: the report for a compliance reviewer; json: the change set.",
)  # fmt: skip
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="Write to FILE (Markdown: the flowcharts go to FILE-stem-charts/ beside it).",
)  # fmt: skip
@today_option
@click.pass_obj
def diff(
    root: Path, base: str, head: str | None, fmt: str, output: Path | None,
    today: dt.datetime | None,
) -> None:  # fmt: skip
    """Compare BASE with HEAD: what changed, how much it matters, who is affected.

    BASE and HEAD are git revisions (branch, tag, commit) of the repository holding
    the manual, or folders holding a manual (relative to the manual folder, like -o);
    HEAD defaults to the working tree.
    """
    output = at_root(root, output) if output else None
    try:
        cmp = review.compare(root, base, head, day(today))
    except ReviewError as exc:
        raise click.ClickException(str(exc)) from exc
    if fmt == "json":
        _emit(review.as_json(cmp), output)
    elif output is None:
        click.echo(review.markdown(cmp, None), nl=False)
    else:
        try:
            written = review.write_report(cmp, output, root / ".cache" / "svg")
        except GraphvizError as exc:
            click.echo(f"warning: flowcharts left out: {exc}", err=True)
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(review.markdown(cmp, None), encoding="utf-8")
            written = [output]
        click.echo(f"wrote {len(written)} files: {output} and its flowcharts", err=True)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")


@click.command()
@click.option("--check", "check_only", is_flag=True, help="Fail if .github/CODEOWNERS is stale.")
@click.pass_obj
def codeowners(root: Path, check_only: bool) -> None:
    """Write .github/CODEOWNERS: owner role's review team + compliance per procedure file."""
    try:
        target, stale = write_codeowners(root, loaded_manual(root), check_only=check_only)
    except CodeownersError as exc:
        raise click.ClickException(str(exc)) from exc
    if check_only and stale:
        click.echo(f"{target} is out of date: run `opsmanual codeowners`", err=True)
        sys.exit(1)
    verb = "checked" if check_only else ("wrote" if stale else "unchanged:")
    click.echo(f"{verb} {target}")


@click.command()
@click.option(
    "--within", type=click.IntRange(0, 3650), default=None,
    help="Days ahead that count as due (default: due_soon_days of opsmanual.yml, 30).",
)  # fmt: skip
@click.option("--format", "fmt", type=click.Choice(["text", "md"]), default="text")
@today_option
@click.pass_obj
def reviews(root: Path, within: int | None, fmt: str, today: dt.datetime | None) -> None:
    """List procedure reviews overdue or due soon (for the weekly scheduled run)."""
    manual = loaded_manual(root)
    on = day(today) or dt.date.today()
    days = manual.settings.due_soon_days if within is None else within
    found = due_reviews(manual, on, days)
    env = environment(manual.settings.language.value, default_presentation())
    click.echo(render_due(env, found, on, days, fmt), nl=False)


COMMANDS = (diff, codeowners, reviews)
