# `cleaner rules test`: a wrong example fails with the rule id, file:line and a readable
# diff; the shipped rules pass; load errors count as failures.
from __future__ import annotations

from pathlib import Path

import pytest

from cleaner.cli.main import main
from cleaner.ruletest import ExampleFailure

RULES = Path(__file__).resolve().parent.parent.parent / "rules"

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
      - input: "The council met.\\nSubscribe now!\\nThe vote was close."
        output: "The council met.\\nThe vote was close."
    counterexamples:
      - "Subscribe now! said the banner."
"""


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["rules", "test", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_good_rule_passes(tmp_path, capsys):
    p = tmp_path / "r.yaml"
    p.write_text(RULE, "utf-8")
    code, out, _ = run(capsys, str(p))
    assert code == 0
    assert "rules test: all passed (1 rule, 1 example, 1 counterexample, 0 fixture cases)" in out


def test_wrong_example_fails_with_id_file_line_and_diff(tmp_path, capsys):
    p = tmp_path / "r.yaml"
    p.write_text(
        RULE.replace('output: "The council met.\\nThe vote was close."', 'output: "The council met."'),
        "utf-8",
    )
    code, out, err = run(capsys, str(p))
    assert code == 1
    assert f"{p}:11: rule demo.subscribe: example failed\n" in out
    # the diff shows only what differs: the line the rule kept that the example did not expect
    assert "--- expected\n+++ actual\n@@ -1 +1,2 @@\n The council met.\n+The vote was close.\n" in out
    assert "rules test: 1 failure" in err


def test_counterexample_that_changes_fails(tmp_path, capsys):
    p = tmp_path / "r.yaml"
    p.write_text(RULE.replace('"Subscribe now! said the banner."', '"Text.\\nSubscribe now!"'), "utf-8")
    code, out, _ = run(capsys, str(p))
    assert code == 1
    assert "rule demo.subscribe: counterexample failed" in out and "-Subscribe now!\n" in out


def test_a_plain_counterexample_that_changes_is_named_by_its_line_and_text(tmp_path, capsys):
    p = tmp_path / "r.yaml"
    long_text = "Text.\\nSubscribe now!\\n" + "The vote was close. " * 5
    p.write_text(
        RULE.replace(
            '"Subscribe now! said the banner."\n',
            f'"Subscribe now! said the banner."\n      - "{long_text}"\n',
        ),
        "utf-8",
    )
    code, out, _ = run(capsys, str(p))
    assert code == 1
    # line 15 is the failing counterexample, not the rule's id line (2) nor the first one (14)
    shown = repr(("Text.\nSubscribe now!\n" + "The vote was close. " * 5)[:59] + "…")
    assert f"{p}:15: rule demo.subscribe: counterexample failed: {shown}\n" in out


def test_load_errors_are_failures(tmp_path, capsys):
    p = tmp_path / "r.yaml"
    p.write_text(RULE.replace("category: cta", "category: spam"), "utf-8")
    code, _, err = run(capsys, str(p))
    assert code == 1 and "rules.0.category" in err


def test_diff_of_outputs_that_differ_only_in_a_final_newline_is_not_empty():
    f = ExampleFailure("a.b", None, None, "example", "x", "same", "same\n")
    assert f.diff() == "expected 'same'\nactual   'same\\n'\n"


def test_the_shipped_rules_pass_their_examples_and_fixtures(capsys):
    code, out, err = run(capsys, str(RULES))
    assert code == 0, out + err


def test_a_folder_without_rule_files_is_a_usage_error_not_a_pass(tmp_path, capsys):
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "notes.md").write_text("neither a rule file nor a document", "utf-8")
    for command in ("test", "lint"):
        assert main(["rules", command, str(tmp_path / "rules")]) == 2
        assert "no rule files (.yaml, .yml) in this folder" in capsys.readouterr().err
    rule_file = tmp_path / "demo.yaml"
    rule_file.write_text(RULE, "utf-8")
    assert main(["rules", "try", str(rule_file), str(tmp_path / "rules")]) == 2
    assert "no .txt, .txt.gz, .jsonl, .jsonl.gz files in this folder" in capsys.readouterr().err


SCOPED = """\
rules:
  - id: demo.stamp
    category: header
    description: An "Updated 3 hours ago" line.
    rationale: A relative time stamp is page chrome.
    confidence: high
    match:
      line: 'Updated \\d+ hours ago'
    when: {domains: [example.com], min_lines: 3}
    action: drop-line
    examples:
      - input: "Text.\\nUpdated 3 hours ago\\nMore text."
        output: "Text.\\nMore text."
        SOURCE
    counterexamples:
      - input: "Updated 3 hours ago, the page said."
        source: https://example.com/a
"""


@pytest.mark.parametrize(
    ("source", "says"),
    [
        ("", "note: the rule applies only where its `when` holds (sites or sources), and this example"),
        ("source: https://other.org/a", "note: the example's source 'https://other.org/a' is not among"),
    ],
    ids=["no-source", "other-site"],
)
def test_an_example_the_rule_never_ran_on_says_why(tmp_path, capsys, source, says):
    """An example of a site rule without a source (or with one on another site) fails
    with a diff that shows nothing removed; the failure says the rule did not run."""
    path = tmp_path / "demo" / "stamp.yaml"
    path.parent.mkdir()
    path.write_text(SCOPED.replace("SOURCE", source), "utf-8")
    assert main(["rules", "test", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "rule demo.stamp: example failed\n  " + says in out


def test_an_example_shorter_than_min_lines_says_why(tmp_path, capsys):
    path = tmp_path / "demo" / "stamp.yaml"
    path.parent.mkdir()
    body = SCOPED.replace("SOURCE", "source: https://example.com/a").replace(
        "Text.\\nUpdated 3 hours ago\\nMore text.", "Updated 3 hours ago\\nMore text."
    ).replace('output: "Text.\\nMore text."', 'output: "More text."')
    path.write_text(body, "utf-8")
    assert main(["rules", "test", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "note: the example has 2 non-blank lines and the rule's `when` asks for min_lines: 3" in out
    assert "not among the sites" not in out and "has no `source`" not in out


def test_a_passing_site_example_has_no_note(tmp_path, capsys):
    path = tmp_path / "demo" / "stamp.yaml"
    path.parent.mkdir()
    path.write_text(SCOPED.replace("SOURCE", "source: https://www.example.com/a"), "utf-8")
    assert main(["rules", "test", str(tmp_path)]) == 0, capsys.readouterr()


PITCH = """\
rules:
  - id: demo.pitch
    category: cta
    description: A newsletter pitch.
    rationale: A call to action.
    confidence: medium
    match:
      score:
        threshold: 2
        max_words: 12
        features:
          - {feature: keywords, weight: 1.5, phrases: [newsletter], ignore_case: true}
          - {feature: keywords, weight: 1, phrases: [sign up], ignore_case: true}
    action: drop-line
    examples:
      - input: "Text.\\nGet our newsletter"
        output: "Text."
    counterexamples:
      - "Sign up for the newsletter, she said."
      - "Our newsletter is read by many people in the town, and the council reads it as well."
"""


def test_a_failing_score_example_lists_the_scores_of_its_units(tmp_path, capsys):
    """A score rule's example fails by a threshold: the failure gives each unit's score,
    so the maintainer sees how far off it is (over max_words: never matched)."""
    path = tmp_path / "demo" / "pitch.yaml"
    path.parent.mkdir()
    path.write_text(PITCH, "utf-8")
    assert main(["rules", "test", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "example failed\n  note: unit scores (threshold 2): 'Text.' 0; 'Get our newsletter' 1.5\n" in out
    assert (
        "counterexample failed: 'Sign up for the newsletter, she said.'\n"
        "  note: unit scores (threshold 2): 'Sign up for the newsletter, she said.' 2.5\n"
    ) in out
    assert "over max_words" not in out  # the long counterexample passed: no note for it


def test_a_unit_over_max_words_is_said_to_be(tmp_path):
    from cleaner import load_rules
    from cleaner.rule import Example
    from cleaner.ruletest import _unit_scores

    path = tmp_path / "pitch.yaml"
    path.write_text(PITCH, "utf-8")
    (rule,) = load_rules(path).rules
    long = "Our newsletter is read by many people in the town, and the council reads it as well."
    (note,) = _unit_scores(rule, Example("Get our newsletter\n" + long, ""))
    assert note == (
        "unit scores (threshold 2): 'Get our newsletter' 1.5; "
        "'Our newsletter is read by many people i…' over max_words 12"
    )


def test_the_unit_scores_of_a_long_example_stop_at_twelve_and_count_the_rest(tmp_path):
    """An example of many lines would make the note a wall of scores: the first twelve
    units are listed, and how many more there are."""
    from cleaner import load_rules
    from cleaner.rule import Example
    from cleaner.ruletest import _unit_scores

    path = tmp_path / "pitch.yaml"
    path.write_text(PITCH, "utf-8")
    (rule,) = load_rules(path).rules
    lines = [f"Line {n} of the story." for n in range(1, 16)]
    (note,) = _unit_scores(rule, Example("\n".join(lines), ""))
    assert note.count("' 0") == 12 and "'Line 12 of the story.' 0; and 3 more" in note
    assert note.endswith("; and 3 more") and "Line 13" not in note


def test_a_passing_score_rule_and_other_kinds_get_no_scores(tmp_path, capsys):
    path = tmp_path / "demo" / "pitch.yaml"
    path.parent.mkdir()
    path.write_text(PITCH.replace("Get our newsletter", "Sign up for our newsletter").replace(
        '      - "Sign up for the newsletter, she said."\n', ""
    ), "utf-8")
    assert main(["rules", "test", str(tmp_path)]) == 0
    assert "unit scores" not in capsys.readouterr().out


PLAYER = """\
rules:
  - id: demo.player
    category: other
    description: The controls of an audio player.
    rationale: Player controls are never article text.
    confidence: medium
    match:
      block: {start: 'Listen to this article', END, max_lines: 3}
    action: drop-block
    examples:
      - input: "INPUT"
        output: "The council met on Tuesday."
    counterexamples:
      - "Listen to this article in full later."
"""


@pytest.mark.parametrize(
    ("end", "text", "says"),
    [
        (
            "end: '\\d:\\d\\d / \\d:\\d\\d'",
            "Listen to this article\\nPlay\\n1x\\n0:00 / 4:32\\nThe council met on Tuesday.",
            "none of the max_lines 3 non-blank lines from the block's start on line 1 fills its `end`, "
            "so no block is matched",
        ),
        (
            "end: '\\d:\\d\\d / \\d:\\d\\d'",
            "The council met on Tuesday.\\nListen to this article\\nPlay",
            "no line after the block's start on line 2 fills its `end`",
        ),
        (
            "until: blank",
            "Listen to this article\\nPlay\\n1x\\n0:00\\n\\nThe council met on Tuesday.",
            "the block from its start on line 1 runs past max_lines 3 non-blank lines before a blank "
            "line, so it is not matched at all",
        ),
        (
            "until: blank",
            "Listen to this story\\nPlay\\n\\nThe council met on Tuesday.",
            "no line of the example fills the block's `start`",
        ),
    ],
    ids=["past-max-lines", "no-end", "no-blank-in-reach", "no-start"],
)
def test_a_block_example_left_whole_says_why(tmp_path, capsys, end, text, says):
    """A block rule that finds no block in its example fails with a diff that shows the
    whole text kept: the failure says which of start, end and max_lines stopped it."""
    path = tmp_path / "demo" / "player.yaml"
    path.parent.mkdir()
    path.write_text(PLAYER.replace("END", end).replace("INPUT", text), "utf-8")
    assert main(["rules", "test", str(tmp_path)]) == 1
    assert "rule demo.player: example failed\n  note: " + says + "\n" in capsys.readouterr().out


def test_a_block_example_with_a_wrong_output_gets_no_block_note(tmp_path, capsys):
    path = tmp_path / "demo" / "player.yaml"
    path.parent.mkdir()
    text = "Listen to this article\\nPlay\\n\\nThe vote."
    body = PLAYER.replace("END", "until: blank").replace("INPUT", text)
    path.write_text(body, "utf-8")
    assert main(["rules", "test", str(tmp_path)]) == 1
    assert "note:" not in capsys.readouterr().out


HELD = """\
rules:
  - id: demo.source
    category: footer
    description: A "Source link" line among the last two.
    rationale: Feed importers append it under the post.
    confidence: high
    match:
      literal: Source link
      whole_line: true
    region: {last_lines: 2}
    action: drop-line
    examples:
      - input: "Source link\\nThe council met.\\nThe vote was close.\\nIt rained."
        output: "The council met.\\nThe vote was close.\\nIt rained."
    counterexamples:
      - "The council met."
  - id: demo.read-more
    category: navigation
    description: A "Read more" line.
    rationale: A link to another article.
    confidence: high
    match:
      line: 'Read more: [^\\n]+'
      exclude: ['\\d{4}']
    action: drop-line
    examples:
      - input: "The council met.\\nRead more: the 2024 report"
        output: "The council met."
    counterexamples:
      - "The council met."
"""


def test_an_example_held_back_by_region_or_exclude_says_so(tmp_path, capsys):
    """The rule matches the example's debris, but its region or an exclude keeps it: the
    diff shows the text kept; the note says which of the two kept it."""
    path = tmp_path / "demo" / "held.yaml"
    path.parent.mkdir()
    path.write_text(HELD, "utf-8")
    assert main(["rules", "test", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert (
        "rule demo.source: example failed\n  note: the rule finds its debris outside its region "
        "(last_lines: 2), so it leaves it; without the region it takes it\n"
    ) in out
    assert (
        "rule demo.read-more: example failed\n  note: an `exclude` pattern keeps the hit; without "
        "the excludes the rule takes it\n"
    ) in out


def test_an_example_that_fails_for_another_reason_gets_no_region_note(tmp_path, capsys):
    path = tmp_path / "demo" / "held.yaml"
    path.parent.mkdir()
    body = HELD.replace("Source link\\nThe council met.", "Sourced link\\nThe council met.")
    path.write_text(body, "utf-8")
    assert main(["rules", "test", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "rule demo.source: example failed\n---" in out
