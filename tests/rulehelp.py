# Test helper: build a RuleSet from compact YAML rule specs written inline in a test,
# filling in the descriptive fields every rule file must carry.
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import yaml

from cleaner import RuleSet, load_rules

_FILL = {
    "category": "other",
    "description": "test rule",
    "rationale": "test",
    "confidence": "high",
    "examples": [{"input": "x", "output": "x"}],
    "counterexamples": ["y"],
}


def ruleset(*specs: dict[str, Any], **file_keys: Any) -> RuleSet:
    rules = [{**_FILL, **spec} for spec in specs]
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "t.yaml"
        p.write_text(yaml.safe_dump({**file_keys, "rules": rules}, allow_unicode=True), "utf-8")
        return load_rules(p)
