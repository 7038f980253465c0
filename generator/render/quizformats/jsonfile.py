"""JSON: the quiz as data, for scripts and other tools.

Layer: render (quiz exports), pure. Keys are sorted and the text is UTF-8, so the
file is byte-stable; ``answer`` holds positions in ``options`` (the seeded order).
"""

from __future__ import annotations

import json
from typing import Any

from generator.render.quizformats.common import Kit, Presented, Quiz, presented
from generator.source import addresses as links


def _question(p: Presented) -> dict[str, Any]:
    q = p.question
    return {
        "number": p.number,
        "id": q.id,
        "type": q.type.value,
        "form": q.form.value,
        "stem": q.stem,
        "options": list(p.options),
        "answer": list(p.answer),
        "answer_text": [p.options[i] for i in p.answer],
        "explanation": q.explanation,
        "procedure": q.procedure,
        "version": q.version,
        "procedures": list(q.procedures),
        "roles": sorted(q.roles),
        "reference": {
            "text": q.link.text,
            "url": links.url("index.md", q.link.page, q.link.anchor),
        },
    }


def export(quiz: Quiz, kit: Kit) -> dict[str, bytes]:
    """The quiz as one JSON document."""
    data = {
        "title": quiz.title,
        "language": quiz.language,
        "seed": quiz.seed,
        "count": len(quiz.questions),
        "questions": [_question(p) for p in presented(quiz)],
    }
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)
    return {".json": (text + "\n").encode()}
