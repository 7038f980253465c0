"""Change sets: what changed between two manuals and how much it matters to compliance.

Layer: domain (above the rules; may use the quiz bank, which questions a change alters).
``diff.diff_manuals`` compares two loaded manuals; ``since`` turns a change set into the
version rules of ``check --since``; ``due`` lists reviews overdue or due soon.
"""
