"""CSV: one row per question, for LMSs and spreadsheets with a table importer.

Layer: render (quiz exports), pure. Options are in the quiz's seeded order in
columns A-F (more when a question has more options); the answer is a letter, or for an
ordering the letters in sequence.
UTF-8 with a BOM and formula-like cells defused, as the RACI download.
"""

from __future__ import annotations

from generator.quiz.model import letter
from generator.render.packaging import to_csv
from generator.render.quizformats.common import Kit, Quiz, presented

OPTION_COLUMNS = 6  # at least: ordering questions have up to six items


def export(quiz: Quiz, kit: Kit) -> dict[str, bytes]:
    """The quiz as a CSV table."""
    shown = presented(quiz)
    columns = max([OPTION_COLUMNS, *(len(p.options) for p in shown)])
    header = [
        "id",
        "type",
        "procedure",
        "version",
        "question",
        *(f"option_{letter(i).lower()}" for i in range(columns)),
        "answer",
        "answer_text",
        "explanation",
        "reference",
    ]
    rows = [header]
    for p in shown:
        q = p.question
        options = list(p.options) + [""] * (columns - len(p.options))
        answer_text = kit.t("list_sep").join(p.options[i] for i in p.answer)
        rows.append(
            [
                q.id,
                q.type.value,
                q.procedure or " ".join(q.procedures),
                q.version,
                q.stem,
                *options,
                ",".join(letter(i) for i in p.answer),
                answer_text,
                q.explanation,
                q.link.text,
            ]
        )
    return {".csv": to_csv(rows).encode()}
