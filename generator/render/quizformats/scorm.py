"""SCORM 1.2: the quiz as a SCO that runs in the LMS and reports score, pass and completion.

Layer: render (quiz exports), pure. The launch page is ``quiz_sco.html.j2``: every
question of the quiz as on a quiz page, in the quiz's seeded order, as a fixed exam
(all questions, one submit, a confirmation when some are unanswered, the score at the
top); ``quiz.js`` marks it and ``scorm12.js`` reports ``cmi.core.score.raw`` (0-100)
and ``cmi.core.lesson_status`` (passed/failed against the pass mark, else completed).

SCORM 1.2 has the SCO mark itself, so the package carries its answer key: an LMS's own
quiz engine (Moodle XML, QTI) is the one to use where the key must stay on the server;
the SCORM package is for completion records.
"""

from __future__ import annotations

import hashlib

from generator.render.quizformats.common import Kit, Quiz, items_of
from generator.render.scorm import BRIDGE, Sco, package

LAUNCH = "index.html"


def _labels(kit: Kit) -> dict[str, str]:
    keys = ("attempt", "exam_attempt", "progress", "exam_progress", "right", "wrong", "pick")
    more = ("result", "unanswered", "confirm", "passed", "failed", "result_pct")
    return {k: kit.t(f"quiz_js_{k}") for k in (*keys, *more)}


def export(quiz: Quiz, kit: Kit) -> dict[str, bytes]:
    """The quiz as a SCORM 1.2 package (zip)."""
    ids = " ".join(q.id for q in quiz.questions)
    digest = hashlib.sha256(f"{quiz.title}\x1f{quiz.seed}\x1f{ids}".encode()).hexdigest()
    page = kit.env.get_template("quiz_sco.html.j2").render(
        quiz=quiz,
        items=items_of(quiz),
        labels=_labels(kit),
        key=f"opsmanual-sco:{digest[:12]}",
        seed=quiz.seed + 1,
    )
    files = {LAUNCH: page.encode()}
    for asset in ("quiz.js", "quiz.css", BRIDGE):
        files[asset] = kit.assets.get(asset, b"")
    exam = quiz.exam
    sco = Sco(
        identifier=f"{quiz.title}\x1f{digest}",
        title=quiz.title,
        launch=LAUNCH,
        files=files,
        mastery_score=quiz.pass_mark,
        time_limit=exam.time_limit if exam else None,
        language=quiz.language,
    )
    return {".scorm.zip": package(sco)}
