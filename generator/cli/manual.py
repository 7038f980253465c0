"""Commands on the manual itself: check, schema, init, build, serve, codes.

Layer: cli. Commands parse options, call the pipeline and print; no logic lives here.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from generator.cli.options import at_root, day, print_findings, today_option
from generator.output.graphviz import GraphvizError
from generator.output.lock import BuildLocked
from generator.output.mkdocs import BuildError
from generator.pipeline import build as build_mod
from generator.pipeline import serve as serve_mod
from generator.pipeline.checking import load_and_check
from generator.pipeline.scaffold import scaffold, write_schemas
from generator.source.findings import CODES, Severity
from generator.source.revisions import ReviewError


@click.command()
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
@today_option
@click.pass_obj
def check(root: Path, fmt: str, strict: bool, since: str | None, today: dt.datetime | None) -> None:
    """Validate the manual; exit 1 on errors (and on warnings with --strict)."""
    try:
        _manual, findings = load_and_check(root, day(today), since=since)
    except ReviewError as exc:
        raise click.ClickException(f"--since {since}: {exc}") from exc
    print_findings(findings, fmt, root)
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    sys.exit(1 if any(f.severity in failing for f in findings) else 0)


@click.command()
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
    folder = at_root(root, output or Path("schema"))
    stale = write_schemas(folder, check_only=check_only)
    if check_only and stale:
        click.echo(f"schemas out of date: {', '.join(stale)}; run `opsmanual schema`", err=True)
        sys.exit(1)
    click.echo(f"{'checked' if check_only else 'wrote'} schemas in {folder}")


@click.command()
@click.argument("target", type=click.Path(path_type=Path))
@click.option("--language", type=click.Choice(["zh", "en"]), default="en", show_default=True)
@click.pass_obj
def init(root: Path, target: Path, language: str) -> None:
    """Scaffold a new manual in TARGET that passes `opsmanual check`."""
    target = at_root(root, target)
    try:
        written = scaffold(target, language)
    except FileExistsError as exc:
        raise click.ClickException(f"{exc}: choose an empty or new folder") from exc
    click.echo(f"created {len(written)} files in {target}; next: opsmanual -C {target} check")


def _run_build(root: Path, today: dt.date | None, *, mkdocs: bool) -> build_mod.BuildResult:
    try:
        result = build_mod.build(
            root, today, progress=lambda m: click.echo(m, err=True), mkdocs=mkdocs
        )
    except (BuildError, BuildLocked, GraphvizError) as exc:
        raise click.ClickException(str(exc)) from exc
    print_findings(result.findings, "text", root)
    if result.generated is None and not result.unchanged:
        click.echo("build stopped before writing anything: fix the errors above", err=True)
        sys.exit(1)
    return result


@click.command()
@today_option
@click.option("--no-mkdocs", is_flag=True, help="Only generate site/, do not run MkDocs.")
@click.pass_obj
def build(root: Path, today: dt.datetime | None, no_mkdocs: bool) -> None:
    """Check → generate site/ → mkdocs build --strict → public/."""
    result = _run_build(root, day(today), mkdocs=not no_mkdocs)
    click.echo(f"built in {result.seconds:.1f}s", err=True)


@click.command()
@click.option(
    "--dev-addr", default="127.0.0.1:8000", show_default=True, help="Host:port to serve on."
)
@click.pass_obj
def serve(root: Path, dev_addr: str) -> None:
    """Serve the site at once and rebuild it on every edit; pages reload by themselves."""
    serve_mod.serve(root, dev_addr, lambda m: click.echo(m, err=True))


@click.command()
def codes() -> None:
    """Print the table of every finding code (Markdown)."""
    click.echo(codes_markdown(), nl=False)


def codes_markdown() -> str:
    """The rule table, generated from ``findings.CODES`` so the docs cannot drift."""
    lines = ["| code | severity | finding |", "|---|---|---|"]
    lines += [f"| {code} | {sev} | {text} |" for code, (sev, text) in CODES.items()]
    return "\n".join(lines) + "\n"


COMMANDS = (check, schema, init, build, serve, codes)
