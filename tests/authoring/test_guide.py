# The guide's own examples work: every rule file in docs/writing-rules.md loads, passes
# `cleaner rules test` and `cleaner rules lint`, and so does its fixture file.
from __future__ import annotations

import re
from pathlib import Path

import yaml

from cleaner.cli.main import main

GUIDE = Path(__file__).resolve().parent.parent.parent / "docs" / "writing-rules.md"


def _yaml_blocks() -> list[str]:
    return re.findall(r"^```yaml\n(.*?)^```", GUIDE.read_text("utf-8"), flags=re.S | re.M)


def test_guide_rule_files_pass_test_and_lint(tmp_path, capsys):
    rules_dir = tmp_path / "rules"
    n_rules = n_cases = 0
    files: dict[str, Path] = {}
    redirects: list[str] = []
    for i, block in enumerate(_yaml_blocks()):
        doc = yaml.safe_load(block)
        if "rules" in doc:
            pack = doc["rules"][0]["id"].split(".")[0]
            target = rules_dir / pack / f"block{i}.yaml"
            n_rules += 1
        elif "cases" in doc:
            target = rules_dir / "harbourgazette" / f"block{i}.cases.yaml"
            n_cases += 1
        elif "redirects" in doc:  # a fragment of a rule file: the one of the rule it names
            redirects.append(block)
            continue
        else:
            continue  # a fragment (e.g. two keys of a rule)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(block, "utf-8")
        for name in doc.get("rules", []):
            files[name["id"]] = target
    for block in redirects:  # renamed ids must point at a rule the guide shows (lint: unknown-ref)
        (new_id,) = yaml.safe_load(block)["redirects"].values()
        with files.get(new_id, next(iter(files.values()))).open("a", encoding="utf-8") as fh:
            fh.write(block)
    assert n_rules >= 8 and n_cases == 1 and redirects
    assert main(["rules", "test", str(rules_dir)]) == 0, capsys.readouterr()
    assert "1 fixture case)" in capsys.readouterr().out
    assert main(["rules", "lint", str(rules_dir)]) == 0, capsys.readouterr()


def test_the_guide_lists_every_score_feature_with_its_parameters():
    """The rule writer reads the features of a score rule in the guide, not in Python:
    its table names each feature of the matcher once, with exactly its parameters."""
    from cleaner.matchers.score import FEATURES

    rows = re.findall(r"^\| `(\w+)` \|([^|]*)\|", GUIDE.read_text("utf-8"), flags=re.M)
    table = {name: frozenset(re.findall(r"`(\w+)`", params)) for name, params in rows if name in FEATURES}
    assert len(table) == len([name for name, _ in rows if name in FEATURES])  # each once
    assert table == {name: params for name, (params, _what) in FEATURES.items()}


def test_the_guide_lists_every_lint_code_and_which_are_warnings():
    """`rules lint --ignore CODE` takes the codes the guide lists: each once, the warnings
    (which do not fail the lint) marked as such."""
    from cleaner.authoring.lint import CODES, WARNINGS

    section = GUIDE.read_text("utf-8").split("### What `rules lint` checks")[1].split("\n## ")[0]
    rows = re.findall(r"^\| (`[^|]*`) \|([^|]*)\|", section, flags=re.M)
    codes = [(c, "**warning**" in what) for names, what in rows for c in re.findall(r"`([a-z-]+)`", names)]
    assert sorted(code for code, _ in codes) == sorted(CODES)
    assert {code for code, warning in codes if warning} == WARNINGS


def test_the_lint_module_lists_every_code_and_which_are_warnings():
    """`help(cleaner.authoring.lint)` is the other place the codes are listed."""
    from cleaner.authoring import lint

    rows = re.findall(r"^([a-z-]+(?:, [a-z-]+)*) {2,}(\(warning\))?", lint.__doc__ or "", flags=re.M)
    codes = {c: bool(w) for names, w in rows for c in names.split(", ")}
    assert sorted(codes) == sorted(lint.CODES)
    assert {c for c, w in codes.items() if w} == set(lint.WARNINGS)


def _schema_words(node: object, found: set[str]) -> set[str]:
    """Every key (of `properties`) and every string value (of `enum` and `const`) of a
    JSON schema node."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                found.update(value)
            if key == "enum" and isinstance(value, list):
                found.update(v for v in value if isinstance(v, str))
            if key == "const" and isinstance(value, str):
                found.add(value)
            _schema_words(value, found)
    elif isinstance(node, list):
        for item in node:
            _schema_words(item, found)
    return found


def test_the_guide_names_every_key_and_value_the_schema_accepts():
    """A rule writer learns the format from the guide: a key or a value that the schema
    (and so the loader) accepts but the guide never names in code (`guard: weigh`, say)
    is one they cannot know of."""
    from cleaner.loader import rule_schema

    guide = GUIDE.read_text("utf-8")
    words = _schema_words(rule_schema(), set())
    spans = re.findall(r"`([^`\n]+)`", guide)
    code = "\n".join(spans + re.findall(r"^```yaml\n(.*?)^```", guide, re.S | re.M))
    missing = sorted(w for w in words if not re.search(r"(?<![\w-])" + re.escape(w) + r"(?![\w-])", code))
    assert missing == []


def test_the_guide_names_every_rules_subcommand():
    """The guide's opening list of the tools and its table of commands name each
    subcommand of `cleaner rules` (schema was left out of the list)."""
    import argparse

    from cleaner.cli.main import build_parser

    parser = build_parser()
    (top,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    rules = top.choices["rules"]
    (sub,) = [a for a in rules._actions if isinstance(a, argparse._SubParsersAction)]
    guide = GUIDE.read_text("utf-8")
    listed = re.search(r"`cleaner rules ([a-z|]+)`", guide)
    assert listed is not None
    assert sorted(listed.group(1).split("|")) == sorted(sub.choices)
    table = guide.split("## The commands", 1)[1].split("\n## ", 1)[0]
    assert all(f"| `cleaner rules {name}" in table for name in sub.choices)
