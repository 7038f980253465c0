"""``python -m generator.cli``: the ``opsmanual`` command."""

from generator.cli import main

main()
