# The shipped JSON Schema and the loader agree: every schema key is read by the loader,
# every key the loader reads is in the schema, and valid/invalid files get one verdict.
from __future__ import annotations

import ast
import inspect
import json
import textwrap
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from cleaner import RuleError, load_rules
from cleaner import loader as loader_module
from cleaner.loader import rule_schema
from cleaner.matchers.score import FEATURES

SCHEMA = rule_schema()

# A rule file that uses every key the schema defines (each matcher kind in its own rule).
FULL = """\
when:
  domains: [example.com]
  sources: ["https://example.com/news/*"]
  min_lines: 2
disable: [other.rule]
redirects:
  full.old-name: full.literal
rules:
  - id: full.literal
    category: cta
    description: Literal phrases.
    rationale: Every key at once.
    confidence: high
    status: preview
    guard: exempt
    provenance: https://example.com/news/1
    match:
      literal: ["Subscribe today", "Join us"]
      whole_line: true
      ignore_case: true
      exclude: ['free']
    action: replace
    replacement: ""
    region: {last_lines: 3}
    when:
      domains: [news.example.com]
      min_lines: 3
    replaces: [other.rule]
    examples:
      - input: "Text one.\\nText two.\\nSubscribe today"
        output: "Text one.\\nText two."
        source: https://news.example.com/news/1
    counterexamples:
      - "Subscribe today, she said."
      - input: "Text one.\\nText two.\\nSubscribe today"
        source: https://elsewhere.org/news/1
  - id: full.line
    category: ads
    description: A line.
    rationale: x
    confidence: low
    match: {line: 'Ad \\d+'}
    action: drop-line
    region: {first_lines: 4}
    examples: [{input: "Text one.\\nText two.\\nAd 1", output: "Text one.\\nText two."}]
    counterexamples: ["Ad 1 is here."]
  - id: full.pattern
    category: ads
    description: A span.
    rationale: x
    confidence: medium
    status: deprecated
    opt_in: true
    match: {pattern: '\\[ad\\]'}
    action: drop-span
    region: {first_paragraphs: 1}
    examples: [{input: "Text [ad] one.\\nText two.", output: "Text one.\\nText two."}]
    counterexamples: ["Text one."]
  - id: full.block
    category: navigation
    description: A block.
    rationale: x
    confidence: high
    match:
      block: {start: 'Related', end: 'End', until: end-pattern, max_lines: 4}
    action: drop-block
    region: {last_paragraphs: 2}
    examples: [{input: "Text one.\\nText two.\\nRelated\\na\\nEnd", output: "Text one.\\nText two."}]
    counterexamples: ["Related news."]
  - id: full.score
    category: navigation
    description: A score.
    rationale: x
    confidence: low
    match:
      score:
        unit: line
        bias: 0.5
        threshold: 2.0
        max_words: 12
        features:
          - {feature: short, weight: 1.0, max_words: 4}
          - {feature: long, weight: -1.0, min_words: 30}
          - {feature: from_top, weight: 0.5, within: 2}
          - {feature: neighbours, weight: 0.5, window: 1, min_score: 1.0}
          - {feature: keywords, weight: 1.0, phrases: ["Read more"], ignore_case: true, max: 2}
          - {feature: word_share, weight: 1.0, words: ["the"]}
          - {feature: pattern, weight: 1.0, regex: 'more$'}
          - {feature: follows, weight: 0.5, regex: '^Related', within: 2}
    action: drop-line
    examples: [{input: "Text one of the story.\\nRead more", output: "Text one of the story."}]
    counterexamples: ["Text one of the story."]
"""


def _schema_keys(node: Any, out: set[str]) -> set[str]:
    """Every property name the schema defines, at any depth."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties":
                out.update(value)
            _schema_keys(value, out)
    elif isinstance(node, list):
        for item in node:
            _schema_keys(item, out)
    return out


def _doc_keys(node: Any, out: set[str], *, free: bool = False) -> set[str]:
    """Every mapping key used in a loaded rule file (not the free keys of `redirects`)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if not free:
                out.add(key)
            _doc_keys(value, out, free=key == "redirects")
    elif isinstance(node, list):
        for item in node:
            _doc_keys(item, out)
    return out


def test_the_full_file_uses_every_schema_key():
    # if the schema grows a key, FULL must use it, so that the next test proves the loader reads
    # it; the parameters of score features are checked against the matcher's own table below
    feature_params = set(SCHEMA["$defs"]["score_feature"]["properties"]) - {"feature", "weight"}
    assert _doc_keys(yaml.safe_load(FULL), set()) | feature_params == _schema_keys(SCHEMA, set())


def test_the_loader_accepts_every_schema_key_and_acts_on_it(tmp_path):
    p = tmp_path / "full.yaml"
    p.write_text(FULL, "utf-8")
    rs = load_rules(p)
    lit, line, pat, block, score = rs.rules
    assert rs.redirects == {"full.old-name": "full.literal"}
    (disable,) = rs.disables
    assert disable.ids == ("other.rule",) and disable.when.domains == ("example.com",)
    assert lit.when.domains == ("news.example.com",)  # narrowed inside the file's domain
    assert lit.when.sources == ("https://example.com/news/*",) and lit.when.min_lines == 3
    assert lit.status == "preview" and lit.provenance == "https://example.com/news/1"
    assert lit.guard == "exempt" and line.guard == "weigh" and rs.guard_exempt == {"full.literal"}
    assert lit.matcher.whole_line and lit.matcher.ignore_case and lit.exclude_patterns == ("free",)
    assert lit.action == "replace" and lit.replacement == "" and lit.replaces == ("other.rule",)
    assert (lit.region.kind, lit.region.count) == ("last_lines", 3)
    assert lit.examples[0].source == "https://news.example.com/news/1"
    assert lit.counterexamples[1].source == "https://elsewhere.org/news/1"
    assert line.matcher.kind == "line" and pat.status == "deprecated"
    assert pat.opt_in and not line.opt_in
    assert (pat.region.kind, pat.region.count) == ("first_paragraphs", 1)
    assert (block.matcher.end, block.matcher.until, block.matcher.max_lines) == ("End", "end-pattern", 4)
    assert score.matcher.kind == "score"


def test_score_features_in_the_schema_are_the_matchers_features():
    feature = SCHEMA["$defs"]["score_feature"]["properties"]
    assert set(feature["feature"]["enum"]) == set(FEATURES)
    params = set().union(*(allowed for allowed, _doc in FEATURES.values()))
    assert set(feature) - {"feature", "weight"} == params


# --- every key the loader reads is in the schema --------------------------------------

# the functions that turn the YAML of a rule file into rules
_READERS = ("_condition", "_matcher", "_examples", "_build_rule", "parse_rule_file")


def _keys_read(func: Any) -> set[str]:
    """String keys a function reads from mappings: x["k"], x.get("k"), "k" in x."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(func)))
    keys: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
            if isinstance(node.slice.value, str):
                keys.add(node.slice.value)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get":
            if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                keys.add(node.args[0].value)
        elif (
            isinstance(node, ast.Compare)
            and isinstance(node.left, ast.Constant)
            and isinstance(node.left.value, str)
            and any(isinstance(op, (ast.In, ast.NotIn)) for op in node.ops)
        ):
            keys.add(node.left.value)
    return keys


def test_every_key_the_loader_reads_is_in_the_schema():
    read: set[str] = set()
    for name in _READERS:
        read |= _keys_read(getattr(loader_module, name))
    assert read, "the loader's reading functions were renamed: update _READERS"
    assert read - _schema_keys(SCHEMA, set()) == set()


# --- one verdict from both ----------------------------------------------------------------

BASE: dict[str, Any] = {
    "id": "demo.rule",
    "category": "cta",
    "description": "d",
    "rationale": "r",
    "confidence": "high",
    "match": {"line": "Subscribe now"},
    "action": "drop-line",
    "examples": [{"input": "Text.\nSubscribe now", "output": "Text."}],
    "counterexamples": ["Subscribe now, she said."],
}


def _variant(file_keys: dict[str, Any] | None = None, **rule_keys: Any) -> dict[str, Any]:
    rule = {k: v for k, v in {**BASE, **rule_keys}.items() if v is not None}
    return {**(file_keys or {}), "rules": [rule]}


VALID = {
    "minimal": _variant(),
    "literal list": _variant(match={"literal": ["Subscribe now", "Join"], "whole_line": True}),
    "replace": _variant(action="replace", replacement="[x]"),
    "block until blank": _variant(match={"block": {"start": "Related"}}, action="drop-block"),
    "block with end": _variant(match={"block": {"start": "A", "end": "B"}}, action="drop-block"),
    "site pack": _variant({"when": {"domains": ["example.com"]}, "disable": ["x.y"]}),
    "replaces string": _variant(replaces="other.rule"),
    "counterexample mapping": _variant(counterexamples=[{"input": "x", "source": "https://a.b/"}]),
    "redirects": _variant({"redirects": {"demo.old": "demo.rule"}}),
}

INVALID = {
    "unknown rule key": _variant(severity="high"),
    "unknown file key": _variant({"version": 2}),
    "unknown match key": _variant(match={"line": "x", "ignorecase": True}),
    "two matchers": _variant(match={"line": "x", "pattern": "y"}),
    "no matcher": _variant(match={"ignore_case": True}),
    "missing counterexamples": _variant(counterexamples=None),
    "empty examples": _variant(examples=[]),
    "example without output": _variant(examples=[{"input": "x"}]),
    "bad category": _variant(category="spam"),
    "bad status": _variant(status="beta"),
    "id without pack": _variant(id="rule"),
    "upper-case domain": _variant({"when": {"domains": ["Example.com"]}}),
    "empty when": _variant(when={}),
    "two regions": _variant(region={"first_lines": 1, "last_lines": 1}),
    "zero region": _variant(region={"last_lines": 0}),
    "replace without replacement": _variant(action="replace"),
    "replacement without replace": _variant(replacement="x"),
    "drop-block with a line matcher": _variant(action="drop-block"),
    "block with drop-line": _variant(match={"block": {"start": "A"}}),
    "whole_line without literal": _variant(match={"line": "x", "whole_line": True}),
    "until end-pattern without end": _variant(
        match={"block": {"start": "A", "until": "end-pattern"}}, action="drop-block"
    ),
    "end with until blank": _variant(
        match={"block": {"start": "A", "end": "B", "until": "blank"}}, action="drop-block"
    ),
    "max_lines too big": _variant(match={"block": {"start": "A", "max_lines": 501}}, action="drop-block"),
    "unknown score feature": _variant(
        match={"score": {"threshold": 1, "features": [{"feature": "vibes", "weight": 1}]}}
    ),
    "no rules key": {"when": {"domains": ["example.com"]}},
}

# Checks the schema cannot express: the loader alone makes them, and they must fail loading.
LOADER_ONLY = {
    "regex does not compile": _variant(match={"line": "Subscribe (now"}),
    "rule widens its file's site": _variant({"when": {"domains": ["a.com"]}}, when={"domains": ["b.com"]}),
    "score parameter of another feature": _variant(
        match={"score": {"threshold": 1, "features": [{"feature": "short", "weight": 1, "phrases": ["x"]}]}}
    ),
}


def _verdicts(tmp_path: Path, doc: dict[str, Any]) -> tuple[bool, bool]:
    by_schema = Draft202012Validator(SCHEMA).is_valid(doc)
    p = tmp_path / "case.yaml"
    p.write_text(yaml.safe_dump(doc, allow_unicode=True), "utf-8")
    errors: list[RuleError] = []
    load_rules(p, errors)
    return by_schema, not errors


@pytest.mark.parametrize("name", sorted(VALID))
def test_valid_files_pass_both(tmp_path, name):
    assert _verdicts(tmp_path, VALID[name]) == (True, True)


@pytest.mark.parametrize("name", sorted(INVALID))
def test_invalid_files_fail_both(tmp_path, name):
    assert _verdicts(tmp_path, INVALID[name]) == (False, False)


@pytest.mark.parametrize("name", sorted(LOADER_ONLY))
def test_loader_only_checks(tmp_path, name):
    assert _verdicts(tmp_path, LOADER_ONLY[name]) == (True, False)


def test_schema_is_shipped_and_valid_json_schema():
    text = resources.files("cleaner").joinpath("schema/rules.schema.json").read_text("utf-8")
    Draft202012Validator.check_schema(json.loads(text))
    cases = resources.files("cleaner").joinpath("schema/cases.schema.json").read_text("utf-8")
    Draft202012Validator.check_schema(json.loads(cases))


def test_shipped_rule_files_validate_against_the_schema_alone():
    # what an editor with the schema sees must agree with what the loader accepts
    root = Path(__file__).resolve().parent.parent / "rules"
    validator = Draft202012Validator(SCHEMA)
    for path in sorted(root.rglob("*.yaml")):
        if path.name.endswith(".cases.yaml"):
            continue
        errors = [e.message for e in validator.iter_errors(yaml.safe_load(path.read_text("utf-8")))]
        assert errors == [], path
