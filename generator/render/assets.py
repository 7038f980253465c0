"""Static assets (CSS and JavaScript for checklists and quizzes), copied from templates/assets.

Pipeline position: render. A manual's own ``templates/assets/<name>`` replaces the
default file of the same name.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from generator.render import Files, RenderContext
from generator.templating import DEFAULT_TEMPLATES


def render(ctx: RenderContext) -> Files:
    """Every file of the default and the manual's ``templates/assets``."""
    files: Files = {}
    folders = [DEFAULT_TEMPLATES / "assets"]
    if ctx.pages_dir:
        folders.append(Path(ctx.pages_dir).parent / "assets")
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                files[PurePosixPath("assets") / path.relative_to(folder).as_posix()] = (
                    path.read_bytes()
                )
    return files
