# Tools for people who write rules: lint, backtracking checks, fixtures, scaffolding,
# trial runs over a corpus and the generated catalogue. Nothing here runs when cleaning.
"""Rule-authoring tools behind ``cleaner rules ...``.

Each module is imported on demand by :mod:`cleaner.cli.rules_cmd`, so that
``cleaner --help`` stays fast.
"""
