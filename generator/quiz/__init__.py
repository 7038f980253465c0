"""Training quizzes as data: the question bank of a manual, and quizzes drawn from it.

Layer: domain (above the rules, below the renderers). ``bank`` turns the validated Manual
into questions (pure), ``select`` draws quizzes from it (pure, seeded). The quiz pages
(``render.training``), the exports (``render.quizformats``) and the ``opsmanual quiz``
command (``cli.quiz``) sit in the layers above.
"""
