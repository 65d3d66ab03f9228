# Tests of fixture files (`*.cases.yaml` beside rule files): the loader leaves them out,
# and `cleaner rules test` runs their whole-document cases with diffs on failure.
from __future__ import annotations

from pathlib import Path

from cleaner import load_rules
from cleaner.loader import is_rule_file

RULE = """\
rules:
  - id: demo.subscribe
    category: cta
    description: A bare "Subscribe now!" line.
    rationale: A call to action, never content on a line of its own.
    confidence: high
    match:
      line: 'Subscribe now!'
    action: drop-line
    examples:
      - input: "Text.\\nSubscribe now!"
        output: "Text."
    counterexamples:
      - "Subscribe now! said the banner."
"""


def test_fixture_files_are_not_rule_files(tmp_path: Path):
    (tmp_path / "demo").mkdir()
    (tmp_path / "demo" / "subscribe.yaml").write_text(RULE, "utf-8")
    (tmp_path / "demo" / "subscribe.cases.yaml").write_text("cases: []\n", "utf-8")
    assert [r.id for r in load_rules(tmp_path)] == ["demo.subscribe"]
    assert is_rule_file(Path("a/b.yml")) and not is_rule_file(Path("a/b.cases.yml"))
