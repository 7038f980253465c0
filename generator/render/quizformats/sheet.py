"""HTML: a printable quiz sheet and a separate answer key (A4 print styles).

Layer: render (quiz exports), pure. Both files are standalone (styles inline, no
script, no external request) and come from one template, ``quiz_print.html.j2``, so
that the numbering and the letters of the sheet and of the key always agree.
"""

from __future__ import annotations

from generator.render.quizformats.common import Kit, Quiz, presented


def export(quiz: Quiz, kit: Kit) -> dict[str, bytes]:
    """``.html`` (the sheet, for trainees) and ``-key.html`` (the answer key, for trainers)."""
    template = kit.env.get_template("quiz_print.html.j2")
    shown = presented(quiz)
    files = {}
    for suffix, key in ((".html", False), ("-key.html", True)):
        text = template.render(quiz=quiz, questions=shown, key=key)
        files[suffix] = text.encode()
    return files
