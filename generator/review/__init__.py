"""Compliance review of a change: semantic diff pieces, git revisions, reports, version rules.

Pipeline position: beside the site pipeline. ``generator.diff`` compares two loaded
manuals using the modules here; ``source`` loads a git revision or a folder,
``report`` and ``charts`` render the change set for a reviewer, ``since`` turns it
into findings for ``opsmanual check --since``.
"""
