# The generated rule catalogue: docs/rules.md is current, lists every shipped rule, and
# `cleaner rules docs` renders what each rule does, why, its scope and its examples.
from __future__ import annotations

from pathlib import Path

from cleaner import load_rules
from cleaner.authoring.catalogue import render_catalogue
from cleaner.cli.main import main

ROOT = Path(__file__).resolve().parent.parent.parent
RULES = ROOT / "rules"
CATALOGUE = ROOT / "docs" / "rules.md"


def test_docs_rules_md_is_current():
    expected = render_catalogue(load_rules(RULES), [RULES])
    actual = CATALOGUE.read_text("utf-8") if CATALOGUE.exists() else ""
    assert actual == expected, (
        "docs/rules.md is out of date with rules/: regenerate it with "
        "`cleaner rules docs --rules rules/ -o docs/rules.md` and commit the result"
    )


def test_the_catalogue_names_the_command_that_regenerates_it():
    # `cleaner rules docs -o docs/rules.md` alone documents the packs of the installed
    # package, which after `pip install .` are not the checkout's rules/
    head = render_catalogue(load_rules(RULES), [RULES]).split("\n", 3)[2]
    assert "`cleaner rules docs --rules rules/ -o docs/rules.md`" in head


def test_catalogue_lists_every_shipped_rule():
    text = CATALOGUE.read_text("utf-8")
    missing = [r.id for r in load_rules(RULES) if f"\n#### {r.id}\n" not in text]
    assert missing == []


def test_rules_docs_command_writes_the_catalogue(tmp_path, capsys):
    rule = tmp_path / "site" / "promo.yaml"
    rule.parent.mkdir()
    rule.write_text(
        """\
when:
  domains: [example.com]
disable: [generic.promo]
redirects:
  site.old-promo: site.promo
rules:
  - id: site.promo
    category: cta
    description: The site's promo line.
    rationale: It closes every article; never content.
    confidence: medium
    status: preview
    provenance: example.com articles, 2024
    match:
      pattern: 'Read more at Example'
    action: replace
    replacement: ''
    region: {last_lines: 1}
    examples:
      - input: "Text.\\nRead more at Example"
        output: "Text.\\n"
        source: https://example.com/a
    counterexamples:
      - input: "Read more at Example, she said."
        source: https://example.com/b
""",
        "utf-8",
    )
    out = tmp_path / "docs" / "rules.md"
    assert main(["rules", "docs", "--rules", str(tmp_path), "-o", str(out)]) == 0
    text = out.read_text("utf-8")
    assert "#### site.promo\n" in text
    assert (
        "*cta · medium confidence · preview — runs only with `--preview` or when selected by id · replace*"
        in text
    )
    assert "defined in `" + tmp_path.name + "/site/promo.yaml:7`" in text
    assert "**What it does.** The site's promo line." in text
    assert "**Why.** It closes every article; never content." in text
    assert "**Matches** pattern `Read more at Example`, within the last line, and replaces them with" in text
    assert "**Applies to** sites `example.com`." in text
    assert "**Provenance.** example.com articles, 2024" in text
    assert "```diff\n Text.\n-Read more at Example\n```" in text
    assert "Turns off `generic.promo` on sites `example.com`." in text
    assert "| `site.old-promo` | `site.promo` |" in text
    capsys.readouterr()
    assert main(["rules", "docs", "--rules", str(tmp_path)]) == 0
    assert capsys.readouterr().out == text


def test_score_parameters_are_shown_as_the_rule_file_writes_them(tmp_path):
    """A rule writer copies a parameter from the catalogue into YAML: `ignore_case: true`,
    not Python's `True`."""
    rule = tmp_path / "demo" / "pitch.yaml"
    rule.parent.mkdir()
    rule.write_text(
        """\
rules:
  - id: demo.pitch
    category: cta
    description: A newsletter pitch.
    rationale: A call to action, never content.
    confidence: medium
    match:
      score:
        threshold: 2
        features:
          - {feature: keywords, weight: 1, phrases: [newsletter], ignore_case: true}
          - {feature: follows, weight: 1, regex: 'Newsletter', stop_at_blank: false}
    action: drop-line
    examples:
      - input: "The vote was close.\\nGet our newsletter"
        output: "The vote was close."
    counterexamples:
      - "The vote was close."
""",
        "utf-8",
    )
    text = render_catalogue(load_rules(tmp_path), [tmp_path])
    assert "ignore_case `true`" in text and "stop_at_blank `false`" in text
    assert "`True`" not in text and "`False`" not in text


def test_an_empty_replacement_is_said_in_words(tmp_path):
    """`replacement: ''` rendered as a code span would be two backticks, which Markdown
    shows as two backticks that open nothing, or as the start of a code span that swallows
    the rest of the entry."""
    rule = tmp_path / "demo" / "stamp.yaml"
    rule.parent.mkdir()
    rule.write_text(
        """\
rules:
  - id: demo.stamp
    category: header
    description: An "(Updated 3 hours ago)" stamp after a headline.
    rationale: A relative time stamp is page chrome.
    confidence: high
    match:
      pattern: ' ?\\(Updated \\d+ hours ago\\)'
    action: replace
    replacement: ''
    examples:
      - input: "Budget passes (Updated 3 hours ago)\\nText."
        output: "Budget passes\\nText."
    counterexamples:
      - "The page was updated 3 hours ago."
""",
        "utf-8",
    )
    text = render_catalogue(load_rules(tmp_path), [tmp_path])
    entry = text.split("#### demo.stamp", 1)[1]
    assert "``" not in entry.replace("```", "")
    assert "and replaces them with nothing." in entry
