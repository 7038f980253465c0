"""Training quizzes: question bank → selection → site pages and trainer exports.

Pipeline position: a renderer family of its own. ``bank`` turns the validated Manual
into questions (pure), ``select`` draws quizzes from it (pure, seeded), ``exports``
writes every LMS format, ``site`` renders the quiz and trainer pages, ``cli`` is the
``opsmanual quiz`` command.
"""
