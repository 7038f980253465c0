"""The ``opsmanual`` command line: init, check, schema, codes, build, serve, quiz, diff.

Pipeline position: the outermost layer. Commands parse options, call the public
API and print; no business logic lives here.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

import click
import jinja2

from generator import api
from generator import build as build_mod
from generator import serve as serve_mod
from generator.codeowners import CodeownersError, repository_prefix, repository_root
from generator.findings import CODES, Finding, Severity, summary, to_json
from generator.quiz.cli import quiz
from generator.review import cli as review_cli
from generator.review.since import since_findings
from generator.review.source import ReviewError
from generator.templating import TemplateError, describe_template_error
from generator.write import GraphvizError


class _Commands(click.Group):
    """The command group; a file that cannot be read or written is a clear error."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except api.ManualError as exc:
            raise click.ClickException(str(exc)) from exc
        except jinja2.TemplateError as exc:
            root = ctx.obj if isinstance(ctx.obj, Path) else Path()
            raise click.ClickException(describe_template_error(exc, root)) from exc
        except TemplateError as exc:
            raise click.ClickException(str(exc)) from exc
        except BrokenPipeError:  # `opsmanual quiz ... | head`: the reader left
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            raise click.ClickException(
                f"{where}{exc.strerror or exc}: check the path (every folder on it must be a "
                "folder you may write to, not a file)"
            ) from exc


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "-C",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path(),
    help="Run as if started in this manual folder.",
)
@click.pass_context
def cli(ctx: click.Context, directory: Path) -> None:
    """Operations manual as code: validate YAML procedures and publish the manual."""
    if not directory.is_dir():
        raise click.UsageError(f"-C {directory}: no such directory")
    ctx.obj = directory.resolve()


def _print_findings(findings: list[Finding], fmt: str, root: Path) -> None:
    if fmt == "json":
        click.echo(to_json(findings), nl=False)
        return
    prefix = ""
    if fmt == "github":
        with contextlib.suppress(CodeownersError):  # no git: paths from the manual folder
            prefix = repository_prefix(root, repository_root(root))
    for finding in findings:
        click.echo(finding.as_github(prefix) if fmt == "github" else finding.as_text())
    click.echo(summary(findings), err=fmt == "github")


def _today_option(func: Any) -> Any:
    return click.option(
        "--today",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        default=None,
        help="Date used for review deadlines and effective dates (default: today).",
    )(func)


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "github", "json"]),
    default="text",
    show_default=True,
    help="text: compiler-style lines; github: workflow annotations; json: a list of findings.",
)
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option(
    "--since",
    metavar="REF",
    default=None,
    help="Also apply the version and approval rules to changes since this git revision.",
)
@_today_option
@click.pass_obj
def check(root: Path, fmt: str, strict: bool, since: str | None, today: dt.datetime | None) -> None:
    """Validate the manual; exit 1 on errors (and on warnings with --strict)."""
    manual, findings = api.load_and_check(root, today.date() if today else None)
    if since is not None and manual is not None:
        try:
            findings = sorted({*findings, *since_findings(root, since, manual)})
        except ReviewError as exc:
            raise click.ClickException(f"--since {since}: {exc}") from exc
    _print_findings(findings, fmt, root)
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    sys.exit(1 if any(f.severity in failing for f in findings) else 0)


@cli.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for the schemas (default: schema/ of the manual).",
)
@click.option("--check", "check_only", is_flag=True, help="Fail if the schemas are out of date.")
@click.pass_obj
def schema(root: Path, output: Path | None, check_only: bool) -> None:
    """Write JSON Schemas of the source files, for editors (yaml-language-server)."""
    folder = api.at_root(root, output or Path("schema"))
    stale = api.write_schemas(folder, check_only=check_only)
    if check_only and stale:
        click.echo(f"schemas out of date: {', '.join(stale)}; run `opsmanual schema`", err=True)
        sys.exit(1)
    click.echo(f"{'checked' if check_only else 'wrote'} schemas in {folder}")


@cli.command()
@click.argument("target", type=click.Path(path_type=Path))
@click.option("--language", type=click.Choice(["zh", "en"]), default="en", show_default=True)
@click.pass_obj
def init(root: Path, target: Path, language: str) -> None:
    """Scaffold a new manual in TARGET that passes `opsmanual check`."""
    target = api.at_root(root, target)
    try:
        written = api.scaffold(target, language)
    except FileExistsError as exc:
        raise click.ClickException(f"{exc}: choose an empty or new folder") from exc
    click.echo(f"created {len(written)} files in {target}; next: opsmanual -C {target} check")


def _run_build(root: Path, today: dt.datetime | None, *, mkdocs: bool) -> build_mod.BuildResult:
    try:
        result = build_mod.build(
            root,
            today.date() if today else None,
            progress=lambda m: click.echo(m, err=True),
            mkdocs=mkdocs,
        )
    except (build_mod.BuildError, GraphvizError) as exc:
        raise click.ClickException(str(exc)) from exc
    _print_findings(result.findings, "text", root)
    if result.generated is None:
        click.echo("build stopped before writing anything: fix the errors above", err=True)
        sys.exit(1)
    return result


@cli.command()
@_today_option
@click.option("--no-mkdocs", is_flag=True, help="Only generate site/, do not run MkDocs.")
@click.pass_obj
def build(root: Path, today: dt.datetime | None, no_mkdocs: bool) -> None:
    """Check → generate site/ → mkdocs build --strict → public/."""
    result = _run_build(root, today, mkdocs=not no_mkdocs)
    click.echo(f"built in {result.seconds:.1f}s", err=True)


@cli.command()
@click.option(
    "--dev-addr", default="127.0.0.1:8000", show_default=True, help="Host:port to serve on."
)
@click.pass_obj
def serve(root: Path, dev_addr: str) -> None:
    """Build, then serve with live reload; edits to YAML or templates regenerate the site."""
    result = _run_build(root, None, mkdocs=False)
    assert result.generated is not None
    nav = list(result.generated.nav)
    try:
        serve_mod.serve(root, nav, dev_addr, lambda m: click.echo(m, err=True))
    except build_mod.BuildError as exc:
        raise click.ClickException(str(exc)) from exc


@cli.command()
def codes() -> None:
    """Print the table of every finding code (Markdown)."""
    click.echo(codes_markdown(), nl=False)


def codes_markdown() -> str:
    """The rule table, generated from ``findings.CODES`` so the docs cannot drift."""
    lines = ["| code | severity | finding |", "|---|---|---|"]
    lines += [f"| {code} | {sev} | {text} |" for code, (sev, text) in CODES.items()]
    return "\n".join(lines) + "\n"


cli.add_command(quiz)
for _command in review_cli.COMMANDS:
    cli.add_command(_command)


def main() -> None:
    """Console-script entry point (errors become messages in ``_Commands.invoke``)."""
    cli()


if __name__ == "__main__":
    main()
