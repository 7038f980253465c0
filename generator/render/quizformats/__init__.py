"""Quiz exports, one module per format, each a pure ``export(quiz, kit) -> {suffix: bytes}``.

Layer: render (quiz exports). ``FORMATS`` lists them for the CLI and the trainer
pages; a format that writes more than one file (the HTML sheet and its answer key)
returns one entry per file, keyed by the suffix appended to the base name.
"""

from __future__ import annotations

from collections.abc import Callable

from generator.render.quizformats import (
    gift,
    jsonfile,
    markdown,
    moodle,
    qti,
    scorm,
    sheet,
    table,
)
from generator.render.quizformats.common import Kit, Quiz

Export = Callable[[Quiz, Kit], dict[str, bytes]]

FORMATS: dict[str, Export] = {
    "html": sheet.export,
    "md": markdown.export,
    "json": jsonfile.export,
    "moodle": moodle.export,
    "gift": gift.export,
    "qti": qti.export,
    "csv": table.export,
    "scorm": scorm.export,
}
