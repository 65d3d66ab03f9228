# `cleaner rules lint` on planted faults: each is caught with its code, the rule id, the
# file and line, and a message that says what is wrong; a sound rule file passes.
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from cleaner.authoring.lint import lint_paths
from cleaner.cli.main import main


def rule(
    rid: str, match: str, *, action: str = "drop-line", extra: str = "", examples: str | None = None
) -> str:
    """One rule entry (YAML text, indented for the `rules:` list)."""
    if examples is None:
        examples = textwrap.dedent(
            """\
            examples:
              - input: "The council met on Monday.\\nClick to subscribe to our newsletter"
                output: "The council met on Monday."
            counterexamples:
              - "She said the newsletter was popular."
            """
        )
    body = (
        f"id: {rid}\n"
        "category: cta\n"
        "description: A newsletter call to action on a line of its own.\n"
        "rationale: Newsletter prompts are never article content.\n"
        "confidence: high\n"
        f"match:\n{textwrap.indent(match.strip(), '  ')}\n"
        f"action: {action}\n" + extra + examples
    )
    return "  - " + textwrap.indent(body, "    ")[4:]


def examples_of(example: str, output: str, counterexample: str) -> str:
    """The examples block of a rule entry: one example (input, output), one counterexample.
    The strings are YAML double-quoted text (write \\n for a line break)."""
    return (
        f'examples:\n  - input: "{example}"\n    output: "{output}"\n'
        f'counterexamples:\n  - "{counterexample}"\n'
    )


GOOD_MATCH = "line: 'Click to subscribe to our newsletter'"


def write(tmp_path: Path, *rules: str, head: str = "", name: str = "r.yaml") -> Path:
    p = tmp_path / name
    p.write_text(head + "rules:\n" + "".join(rules), "utf-8")
    return p


def lint_cli(capsys, *paths: Path) -> tuple[int, str]:
    code = main(["rules", "lint", *map(str, paths)])
    out, err = capsys.readouterr()
    return code, out + err


def test_a_sound_rule_file_passes(tmp_path, capsys):
    p = write(tmp_path, rule("demo.newsletter", GOOD_MATCH))
    code, out = lint_cli(capsys, p)
    assert code == 0, out
    assert "all checks passed (1 rule in 1 file)" in out


def test_a_folder_and_a_file_in_it_are_linted_once(tmp_path, capsys):
    p = write(tmp_path, rule("demo.newsletter", GOOD_MATCH))
    code, out = lint_cli(capsys, tmp_path, p)
    assert code == 0, out
    assert "all checks passed (1 rule in 1 file)" in out


def test_nested_quantifier_like_a_plus_plus_dollar(tmp_path, capsys):
    p = write(tmp_path, rule("demo.nested", "pattern: '(a+)+$'", action="drop-span"))
    code, out = lint_cli(capsys, p)
    assert code == 1
    assert f"{p}:2: demo.nested: [nested-quantifier] pattern `(a+)+$`: nested quantifier: `a+` repeats" in out
    assert "possessive" in out  # the message says how to fix it


def test_a_group_repeated_in_a_lookbehind(tmp_path, capsys):
    # a run of blank lines as a repeated group: quadratic in the regex module
    match = r"line: '(?<=\A(?:[ \t]*\n)*)Click to subscribe to our newsletter'"
    p = write(tmp_path, rule("demo.behind", match))
    code, out = lint_cli(capsys, p)
    assert code == 1
    assert "demo.behind: [slow-lookbehind] line `(?<=" in out
    assert "repeat a class instead (`\\s*\\n`" in out  # the message says how to fix it


def test_duplicate_id(tmp_path, capsys):
    p = write(
        tmp_path, rule("demo.same", GOOD_MATCH), rule("demo.same", "line: 'Sign up for our newsletter'")
    )
    code, out = lint_cli(capsys, p)
    assert code == 1
    assert f"{p}:15: demo.same: [duplicate-id] duplicate rule id (first defined at {p}:2)" in out


def test_duplicate_id_across_files(tmp_path, capsys):
    a = write(tmp_path, rule("demo.same", GOOD_MATCH), name="a.yaml")
    b = write(tmp_path, rule("demo.same", "line: 'Sign up for our newsletter'"), name="b.yaml")
    code, out = lint_cli(capsys, a, b)
    assert code == 1
    assert f"{b}:2: demo.same: [duplicate-id] duplicate rule id (first defined at {a}:2)" in out


def test_an_id_of_a_shipped_rule_in_a_rules_folder_of_ones_own(tmp_path, capsys):
    """A rule of one's own that reuses a shipped id loads alone, but not beside the
    shipped packs (`--rules rules/ --rules mine/`, the usual way to run it): the lint
    says so before a run does, and how to stand in for the shipped rule."""
    from cleaner.loader import load_rules

    shipped = next(r for r in load_rules().rules if r.id == "cta.tip-line")
    p = write(tmp_path, rule("cta.tip-line", GOOD_MATCH))
    code, out = lint_cli(capsys, p)
    assert code == 1
    assert (
        f"{p}:2: cta.tip-line: [duplicate-id] the id of a shipped rule ({shipped.location()}): "
        "loaded beside the shipped packs, the rules would not load"
    ) in out
    assert "replaces: [cta.tip-line]" in out  # how to stand in for it instead


def test_a_copy_of_a_shipped_rule_file_is_no_clash(tmp_path, capsys):
    """Linting the checkout's rules/ while the installed copy is the default: a file at
    the same place in its pack is the same file, not a clash."""
    from cleaner.loader import default_rules_path

    src = default_rules_path() / "cta" / "calls.yaml"
    copy = tmp_path / "cta" / "calls.yaml"
    copy.parent.mkdir()
    copy.write_text(src.read_text("utf-8"), "utf-8")
    assert not [i for i in lint_paths([copy]).issues if i.code == "duplicate-id"]


def test_one_character_literal(tmp_path, capsys):
    p = write(tmp_path, rule("demo.short", "literal: 'x'", action="drop-span"))
    code, out = lint_cli(capsys, p)
    assert code == 1
    assert (
        f"{p}:2: demo.short: [short-literal] literal 'x' is 1 character long; literals matched anywhere "
        "in the text need at least 4" in out
    )


def test_rule_without_counterexamples(tmp_path, capsys):
    examples = 'examples:\n  - input: "Text.\\nClick to subscribe to our newsletter"\n    output: "Text."\n'
    p = write(tmp_path, rule("demo.nocounter", GOOD_MATCH, examples=examples))
    code, out = lint_cli(capsys, p)
    assert code == 1
    assert f"{p}:2: demo.nocounter: [missing-counterexamples] rules.0: 'counterexamples' is required" in out
    assert "text it must leave alone" in out


def test_empty_counterexample_list(tmp_path, capsys):
    examples = (
        'examples:\n  - input: "Text.\\nClick to subscribe to our newsletter"\n    output: "Text."\n'
        "counterexamples: []\n"
    )
    p = write(tmp_path, rule("demo.nocounter", GOOD_MATCH, examples=examples))
    code, out = lint_cli(capsys, p)
    assert code == 1
    assert "[missing-counterexamples] rules.0.counterexamples: at least one is required" in out


def test_unknown_key(tmp_path, capsys):
    p = write(tmp_path, rule("demo.typo", GOOD_MATCH, extra="severity: high\n"))
    code, out = lint_cli(capsys, p)
    assert code == 1
    assert f"{p}:10: demo.typo: [unknown-key] rules.0: unknown key(s) 'severity'" in out


def test_unknown_key_in_match_names_its_line(tmp_path, capsys):
    p = write(tmp_path, rule("demo.typo", GOOD_MATCH + "\nignorecase: true"))
    code, out = lint_cli(capsys, p)
    assert code == 1
    assert f"{p}:9: demo.typo: [unknown-key] rules.0.match: unknown key(s) 'ignorecase'" in out


def test_regex_that_does_not_compile(tmp_path, capsys):
    p = write(tmp_path, rule("demo.bad", "line: 'Click (here'"))
    code, out = lint_cli(capsys, p)
    assert code == 1
    assert "demo.bad: [regex-compile] line regex does not compile: missing ) at position 11" in out


def test_exponential_backtracking_found_by_a_timed_run(tmp_path):
    # (a|aa)+ has no nested quantifier, but the alternatives overlap: only running it shows it
    p = write(tmp_path, rule("demo.slow", "pattern: '(a|aa)+$'", action="drop-span"))
    issues = [i for i in lint_paths([p]).issues if i.code == "backtracking"]
    assert len(issues) == 1
    assert (
        "exponential backtracking: took more than 0.1s of CPU on a 31-character adversarial input 'aaaa"
        in (issues[0].message)
    )


def test_pattern_that_matches_the_empty_string(tmp_path):
    p = write(tmp_path, rule("demo.empty", "pattern: '(?:Subscribe)?'", action="drop-span"))
    (issue,) = [i for i in lint_paths([p]).issues if i.code == "empty-match"]
    assert "can match the empty string" in issue.message


def test_exclude_that_matches_the_empty_string_vetoes_everything(tmp_path):
    p = write(tmp_path, rule("demo.veto", GOOD_MATCH + "\nexclude: ['x*']"))
    (issue,) = [i for i in lint_paths([p]).issues if i.code == "empty-match"]
    assert "vetoes every hit" in issue.message


def test_line_pattern_matching_ordinary_prose_is_too_broad(tmp_path):
    examples = 'examples:\n  - input: "Text.\\nA line"\n    output: "Text."\ncounterexamples:\n  - "lower"\n'
    p = write(tmp_path, rule("demo.broad", "line: '[A-Z].{5,}'", examples=examples))
    (issue,) = [i for i in lint_paths([p]).issues if i.code == "too-broad"]
    assert "of the bundled sample of clean prose (limit 2%)" in issue.message


def test_an_opt_in_rule_that_is_broad_on_prose_is_a_warning(tmp_path):
    examples = 'examples:\n  - input: "Text.\\nA line"\n    output: "Text."\ncounterexamples:\n  - "lower"\n'
    p = write(tmp_path, rule("demo.broad", "line: '[A-Z].{5,}'", examples=examples, extra="opt_in: true\n"))
    report = lint_paths([p])
    (issue,) = [i for i in report.issues if i.code == "broad-opt-in"]
    assert issue.is_warning and "of the bundled sample of clean prose" in issue.message
    assert not [i for i in report.issues if i.code == "too-broad"]


def test_region_keeps_a_rule_narrow(tmp_path):
    # a rule for one exact phrase in the last line never touches the prose sample
    p = write(tmp_path, rule("demo.tail", GOOD_MATCH, extra="region: {last_lines: 1}\n"))
    assert lint_paths([p]).ok


def test_whole_line_symbol_literal_is_allowed_but_a_lone_letter_is_not(tmp_path):
    ok = rule("demo.delta", "literal: 'Δ'\nwhole_line: true")
    bad = rule("demo.letter", "literal: 'A'\nwhole_line: true")
    issues = lint_paths([write(tmp_path, ok, bad)]).issues
    assert [(i.rule_id, i.code) for i in issues] == [("demo.letter", "short-literal")]


def test_placeholders_left_from_rules_new(tmp_path):
    p = write(tmp_path, rule("demo.todo", GOOD_MATCH, extra="provenance: TODO where seen\n"))
    (issue,) = lint_paths([p]).issues
    assert issue.code == "placeholder" and "provenance" in issue.message


def test_example_whose_output_equals_its_input(tmp_path):
    examples = (
        'examples:\n  - input: "Click to subscribe to our newsletter"\n'
        '    output: "Click to subscribe to our newsletter"\n'
        'counterexamples:\n  - "Text."\n'
    )
    (issue,) = lint_paths([write(tmp_path, rule("demo.same-io", GOOD_MATCH, examples=examples))]).issues
    assert issue.code == "example-unchanged" and issue.line == 11


def test_site_scoped_rule_needs_sources_on_its_examples(tmp_path):
    p = write(tmp_path, rule("demo.site", GOOD_MATCH), head="when:\n  domains: [example.com]\n")
    issues = lint_paths([p]).issues
    assert {i.code for i in issues} == {"example-source"}
    assert len(issues) == 2  # the example and the counterexample


def test_example_source_names_the_line_and_text_of_a_plain_counterexample(tmp_path):
    examples = (
        'examples:\n  - input: "Text.\\nClick to subscribe to our newsletter"\n'
        '    output: "Text."\n    source: https://example.com/a\n'
        "counterexamples:\n"
        '  - input: "Our newsletter is free."\n    source: https://example.com/b\n'
        '  - "She said the newsletter was popular."\n'
    )
    p = write(
        tmp_path, rule("demo.site", GOOD_MATCH, examples=examples), head="when:\n  domains: [example.com]\n"
    )
    (issue,) = lint_paths([p]).issues
    assert issue.code == "example-source"
    assert issue.line == 19  # the counterexample's own line, not the rule's (4)
    assert "counterexample ('She said the newsletter was popular.') has no `source`" in issue.message


def test_unknown_references(tmp_path):
    head = "disable: [nowhere.rule]\nredirects:\n  demo.old-name: demo.missing\n"
    p = write(tmp_path, rule("demo.newsletter", GOOD_MATCH, extra="replaces: other.rule\n"), head=head)
    found = sorted((i.line, i.message) for i in lint_paths([p]).issues if i.code == "unknown-ref")
    assert found == [
        (1, "disable names 'nowhere.rule', which is no known rule or pack"),
        (3, "redirect 'demo.old-name' -> 'demo.missing': no rule 'demo.missing'"),
        (5, "replaces 'other.rule', which names no known rule"),
    ]


def test_a_misspelt_reference_names_the_rule_or_pack_meant(tmp_path):
    """A site pack's disable or replaces with a typo silently turns nothing off when it
    runs; the lint names the shipped rule or pack it was meant to be."""
    head = "disable: [share.buton, socail]\n"
    p = write(tmp_path, rule("demo.newsletter", GOOD_MATCH, extra="replaces: [footer.copyrite]\n"), head=head)
    found = sorted(i.message for i in lint_paths([p]).issues if i.code == "unknown-ref")
    assert found == [
        "disable names 'share.buton', which is no known rule or pack (did you mean 'share.buttons'?)",
        "disable names 'socail', which is no known rule or pack (did you mean 'social'?)",
        "replaces 'footer.copyrite', which names no known rule (did you mean 'footer.copyright'?)",
    ]


def test_references_may_name_the_shipped_rules(tmp_path):
    p = write(tmp_path, rule("demo.newsletter", GOOD_MATCH), head="disable: [autoblog]\n")
    assert not [i for i in lint_paths([p]).issues if i.code == "unknown-ref"]


def test_two_rules_that_always_match_the_same_text(tmp_path):
    a = rule("demo.one", GOOD_MATCH)
    b = rule("demo.two", "literal: 'Click to subscribe to our newsletter'\nwhole_line: true")
    issues = lint_paths([write(tmp_path, a, b)]).issues
    (issue,) = [i for i in issues if i.code == "same-match"]
    assert issue.rule_id == "demo.two" and "makes the same changes as demo.one" in issue.message


def test_identical_definitions_are_the_same_match(tmp_path):
    a = rule("demo.one", GOOD_MATCH)
    b = rule("demo.two", GOOD_MATCH)
    (issue,) = [i for i in lint_paths([write(tmp_path, a, b)]).issues if i.code == "same-match"]
    assert "identical match, region, condition and action" in issue.message


def test_rules_whose_examples_tell_them_apart_are_not_the_same_match(tmp_path):
    a = rule("demo.one", GOOD_MATCH)
    examples = (
        'examples:\n  - input: "Text.\\nClick to subscribe to our podcast"\n    output: "Text."\n'
        'counterexamples:\n  - "Subscribe to the podcast, she said."\n'
    )
    b = rule("demo.two", "line: 'Click to subscribe to our (?:newsletter|podcast)'", examples=examples)
    assert not [i for i in lint_paths([write(tmp_path, a, b)]).issues if i.code == "same-match"]


def test_ignore_option_and_unknown_codes(tmp_path, capsys):
    p = write(tmp_path, rule("demo.short", "literal: 'x'", action="drop-span"))
    assert main(["rules", "lint", "--ignore", "short-literal", "--ignore", "too-broad", str(p)]) == 0
    capsys.readouterr()
    assert main(["rules", "lint", "--ignore", "no-such-check", str(p)]) == 2
    assert "unknown code(s) no-such-check" in capsys.readouterr().err


@pytest.mark.parametrize(
    "code, match, extra",
    [
        ("regex-compile", "line: 'Click (here'", ""),
        ("unknown-key", GOOD_MATCH, "severity: high\n"),
        ("schema", GOOD_MATCH, "status: sometimes\n"),
    ],
)
def test_ignore_cannot_pass_a_file_that_does_not_load(tmp_path, capsys, code, match, extra):
    p = write(tmp_path, rule("demo.bad", match, extra=extra))
    assert main(["rules", "list", "--rules", str(p)]) == 2  # the file does not load
    capsys.readouterr()
    assert main(["rules", "lint", "--ignore", code, str(p)]) == 1
    out, err = capsys.readouterr()
    assert f"demo.bad: [{code}]" in out
    assert f"--ignore {code} does not apply to a file that does not load" in err
    assert "all checks passed" not in out
    (issue,) = lint_paths([p]).without([code])
    assert issue.code == code and issue.load_error


def test_ignore_still_skips_a_check_of_a_rule_that_loads(tmp_path):
    p = write(tmp_path, rule("demo.short", "literal: 'x'", action="drop-span"))
    report = lint_paths([p])
    assert "short-literal" in {i.code for i in report.issues}
    assert "short-literal" not in {i.code for i in report.without(["short-literal"])}


@pytest.mark.parametrize("bad", ["rules: [", "rules:\n  - id: a.b\n    id: a.c\n"])
def test_broken_yaml_and_duplicate_keys(tmp_path, bad):
    p = tmp_path / "r.yaml"
    p.write_text(bad, "utf-8")
    (issue,) = lint_paths([p]).issues
    assert issue.code in ("yaml", "duplicate-key") and issue.path == str(p)


def test_shipped_rules_pass_lint():
    report = lint_paths([Path(__file__).resolve().parent.parent.parent / "rules"])
    assert report.ok, "\n".join(map(str, report.issues))


def test_a_rule_without_a_literal_is_a_warning_that_does_not_fail(tmp_path, capsys):
    counter = examples_of("The gallery opened.\\n3-12", "The gallery opened.", "They lost 3-12 at home.")
    p = write(tmp_path, rule("demo.counter", r"line: '\d{1,3}-\d{1,3}'", examples=counter))
    code, out = lint_cli(capsys, p)
    assert code == 0, out
    assert "demo.counter: [no-literal] warning: the prefilter finds no string" in out
    assert "all checks passed, 1 warning (1 rule in 1 file)" in out
    assert lint_paths([p]).ok
    site = rule(
        "demo.site", r"line: '\d{1,3}-\d{1,3}'", examples=counter, extra="when: {domains: [example.com]}\n"
    )
    issues = lint_paths([write(tmp_path, site, name="s.yaml")]).issues
    assert not [i for i in issues if i.code == "no-literal"]


def test_a_score_rule_without_a_literal_is_told_which_features_to_weigh_down(tmp_path, capsys):
    """A score rule has no one regex to give a word: the warning says which features need
    no string and how far they reach alone, so the writer can make a phrase necessary."""
    score = textwrap.dedent(
        """\
        score:
          unit: line
          threshold: 2.5
          max_words: 14
          features:
            - {feature: keywords, weight: 1.5, phrases: [Updated, Published], max: 1}
            - {feature: digit_share, weight: 2}
            - {feature: short, weight: 0.5}
            - {feature: terminal_punctuation, weight: -2}
        """
    )
    stamp = examples_of(
        "Updated 3:45 PM, 1 December 2026\\nThe council met.",
        "The council met.",
        "The vote was updated at 3 pm.",
    )
    p = write(tmp_path, rule("demo.stamp", score, examples=stamp))
    code, out = lint_cli(capsys, p)
    assert code == 0, out
    assert (
        "demo.stamp: [no-literal] warning: the prefilter finds no string this rule needs, so it runs on "
        "every document: without a phrase of its keywords, a line scores up to 2.5 (digit_share 2, "
        "short 0.5), which reaches the threshold 2.5"
    ) in out
    assert "regex a word" not in out  # the advice for line and pattern rules does not fit


@pytest.mark.parametrize(
    ("src", "flagged"),
    [
        ("Don't miss", ["'"]),
        ("Don['’]t miss", []),
        ("Don(?:'|’)t miss", []),
        ("geht(?:'s| es) zu", ["'"]),
        ("[“\"‘'][^\\n]{1,9}", []),  # an opening-quote class: ‘ is the typographic twin there
        ("[\"'][^\\n]{1,9}", ["'"]),
        ("[^'\\n]+", []),  # a negated class says what it does not take
        ("a\\'b", []),  # an escaped quote is not looked at
    ],
)
def test_straight_apostrophes(src, flagged):
    from cleaner.authoring.lint import straight_apostrophes

    assert [src[i] for i in straight_apostrophes(src)] == flagged


def test_a_regex_that_takes_only_the_straight_apostrophe_is_a_warning(tmp_path, capsys):
    examples = examples_of(
        "The council met on Monday.\\nDon't miss our newsletter",
        "The council met on Monday.",
        "She said the newsletter was popular.",
    )
    p = write(tmp_path, rule("demo.dont-miss", "line: 'Don''t miss our newsletter'", examples=examples))
    code, out = lint_cli(capsys, p)
    assert code == 0, out  # a warning: shown, but the lint passes
    warning = "[straight-apostrophe] warning: line takes a straight apostrophe but not the typographic one"
    assert warning in out


def test_a_phrase_without_its_apostrophe_twin_is_a_warning(tmp_path, capsys):
    examples = examples_of(
        "The council met on Monday.\\nDon’t miss",
        "The council met on Monday.",
        "She said the newsletter was popular.",
    )
    match = "literal: ['Don’t miss', 'Read more']\nwhole_line: true"
    p = write(tmp_path, rule("demo.dont-miss", match, examples=examples))
    code, out = lint_cli(capsys, p)
    assert code == 0, out
    warning = "[straight-apostrophe] warning: phrase 'Don’t miss' has an apostrophe, but its twin \"Don't"
    assert warning in out
    assert out.count("straight-apostrophe") == 1  # 'Read more' has no apostrophe


def test_a_misspelt_ignore_code_names_the_one_meant(tmp_path, capsys):
    p = write(tmp_path, rule("demo.short", "literal: 'x'", action="drop-span"))
    assert main(["rules", "lint", "--ignore", "too-braod", str(p)]) == 2
    assert "unknown code(s) too-braod (did you mean 'too-broad'?); codes:" in capsys.readouterr().err
