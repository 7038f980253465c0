"""The ``opsmanual`` command line: init, check, schema, codes, build, serve, quiz, diff.

Layer: cli (the outermost). The group sets the manual folder (``-C``) and turns the
errors every command may meet into messages; the commands live in ``manual``, ``quiz``
and ``review`` and share ``options``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click
import jinja2

from generator.cli import manual as manual_commands
from generator.cli import review as review_commands
from generator.cli.quiz import quiz
from generator.render.templating import describe_template_error
from generator.source.loader import ManualError
from generator.source.messages import MessageError


class _Commands(click.Group):
    """The command group; a file that cannot be read or written is a clear error."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ManualError as exc:
            raise click.ClickException(str(exc)) from exc
        except jinja2.TemplateError as exc:
            raise click.ClickException(describe_template_error(exc)) from exc
        except MessageError as exc:
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


for _command in (*manual_commands.COMMANDS, quiz, *review_commands.COMMANDS):
    cli.add_command(_command)


def main() -> None:
    """Console-script entry point (errors become messages in ``_Commands.invoke``)."""
    cli()
