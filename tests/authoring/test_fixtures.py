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


def _pack(tmp_path: Path, cases: str) -> Path:
    (tmp_path / "demo").mkdir(exist_ok=True)
    (tmp_path / "demo" / "subscribe.yaml").write_text(RULE, "utf-8")
    (tmp_path / "demo" / "subscribe.cases.yaml").write_text(cases, "utf-8")
    return tmp_path


CASES = """\
cases:
  - name: subscribe line after the story
    input: |
      The council approved the new budget on Monday after a long debate.
      Subscribe now!
      Residents can comment until March.
    output: |
      The council approved the new budget on Monday after a long debate.
      Residents can comment until March.
    removed_by: [demo.subscribe]
  - name: nothing to remove
    input: "Subscribe now! was painted on the wall of the old cinema, she said."
    output: "Subscribe now! was painted on the wall of the old cinema, she said."
    removed_by: []
"""


def run_test_cli(capsys, *paths: Path) -> tuple[int, str, str]:
    from cleaner.cli.main import main

    code = main(["rules", "test", *map(str, paths)])
    out, err = capsys.readouterr()
    return code, out, err


def test_passing_fixture_cases(tmp_path, capsys):
    code, out, err = run_test_cli(capsys, _pack(tmp_path, CASES))
    assert code == 0, out + err
    assert "all passed (1 rule, 1 example, 1 counterexample, 2 fixture cases)" in out


def test_a_fixture_file_named_beside_its_folder_runs_once(tmp_path, capsys):
    """A folder and a fixture file in it (or the file twice) run its cases once, as a
    rule file named twice is loaded once."""
    from cleaner.cli.main import main

    pack = _pack(tmp_path, CASES)
    fixture = pack / "demo" / "subscribe.cases.yaml"
    again = pack / "demo" / ".." / "demo" / "subscribe.cases.yaml"
    code, out, err = run_test_cli(capsys, pack, fixture, again)
    assert code == 0, out + err
    assert "all passed (1 rule, 1 example, 1 counterexample, 2 fixture cases)" in out
    assert main(["rules", "lint", str(pack), str(fixture)]) == 0
    assert "1 fixture file)" in capsys.readouterr().out


def test_failing_fixture_case_shows_the_case_line_and_a_diff(tmp_path, capsys):
    wrong = CASES.replace("      Residents can comment until March.\n    removed_by", "    removed_by")
    root = _pack(tmp_path, wrong)
    code, out, err = run_test_cli(capsys, root)
    assert code == 1
    fixture = root / "demo" / "subscribe.cases.yaml"
    assert f"{fixture}:2: case 'subscribe line after the story': clean text differs" in out
    assert "(rules that changed it: demo.subscribe" in out
    assert "-The council approved the new budget on Monday after a long debate.\n" not in out
    assert "+Residents can comment until March.\n" in out
    assert "rules test: 1 failure" in err


def test_removed_by_must_name_exactly_the_rules_that_fired(tmp_path, capsys):
    code, out, _ = run_test_cli(
        capsys, _pack(tmp_path, CASES.replace("removed_by: []", "removed_by: [demo.x]"))
    )
    assert code == 1
    assert "case 'nothing to remove': removed_by differs" in out and "-demo.x" in out


def test_removed_by_of_no_rule_is_said_and_so_is_a_name_no_rule_has(tmp_path, capsys):
    """An empty side of the removed_by diff is "(no rule)", not a blank line, and a name
    that is no loaded rule (a misspelt id) is said to be one."""
    code, out, _ = run_test_cli(
        capsys, _pack(tmp_path, CASES.replace("removed_by: []", "removed_by: [demo.subscrbe]"))
    )
    assert code == 1
    assert "removed_by differs; 'demo.subscrbe' names no loaded rule\n" in out
    assert "-demo.subscrbe\n+(no rule)\n" in out


def test_removed_by_says_when_the_guard_stopped_the_rules(tmp_path, capsys):
    guarded = CASES.replace(
        '    input: "Subscribe now! was painted on the wall of the old cinema, she said."\n'
        '    output: "Subscribe now! was painted on the wall of the old cinema, she said."\n'
        "    removed_by: []",
        '    input: "Subscribe now!\\nText."\n    output: "Text."\n    removed_by: [demo.subscribe]',
    )
    code, out, _ = run_test_cli(capsys, _pack(tmp_path, guarded))
    assert code == 1
    assert "removed_by differs; warning: rules would remove" in out
    assert "-demo.subscribe\n+(no rule)\n" in out


def test_select_naming_no_rule_is_reported(tmp_path, capsys):
    code, out, _ = run_test_cli(capsys, _pack(tmp_path, "select: [nosuch]\n" + CASES))
    assert code == 1 and "cannot select its rules: 'nosuch' names no loaded rule" in out


def test_an_empty_fixture_file_says_what_to_write(tmp_path, capsys):
    code, _, err = run_test_cli(capsys, _pack(tmp_path, ""))
    assert code == 1
    assert "subscribe.cases.yaml: empty fixture file: write `cases:` and a case under it" in err
    assert "None is not of type" not in err


def test_a_fixture_file_that_is_not_utf8_is_called_a_fixture_file(tmp_path, capsys):
    root = _pack(tmp_path, "")
    (root / "demo" / "subscribe.cases.yaml").write_bytes(b"cases:\n  - name: caf\xe9\n")
    code, _, err = run_test_cli(capsys, root)
    assert code == 1 and "not UTF-8: byte 0xE9 at line 2" in err
    assert "fixture files are UTF-8: save it as UTF-8" in err and "rule files are" not in err


def test_malformed_fixture_file(tmp_path, capsys):
    code, _, err = run_test_cli(capsys, _pack(tmp_path, "cases:\n  - name: x\n    input: y\n"))
    assert code == 1 and "subscribe.cases.yaml:2: cases.0: 'output' is required" in err


def test_fixture_cases_check_that_cleaning_again_removes_nothing(tmp_path):
    from cleaner.authoring.fixtures import read_cases, run_case

    # a rule that only sees its debris once an earlier removal brings it into its region
    rule = RULE.replace("    action: drop-line\n", "    action: drop-line\n    region: {last_lines: 1}\n")
    (tmp_path / "demo").mkdir()
    (tmp_path / "demo" / "subscribe.yaml").write_text(rule, "utf-8")
    f = tmp_path / "demo" / "x.cases.yaml"
    text = "Body of the story that is long enough to keep the guard quiet.\\nSubscribe now!\\nSubscribe now!"
    f.write_text(f'cases:\n  - name: twice\n    input: "{text}"\n    output: "x"\n', "utf-8")
    rules = load_rules(tmp_path)
    (case,) = read_cases(f, rules)
    problems = [fl.problem for fl in run_case(case, rules)]
    # the engine runs to a fixpoint, so both lines go and a second clean finds nothing
    assert problems and problems[0].startswith("clean text differs")
    assert not any("again" in p for p in problems)


def run_lint_cli(capsys, *args: str) -> tuple[int, str]:
    from cleaner.cli.main import main

    code = main(["rules", "lint", *args])
    out, err = capsys.readouterr()
    return code, out + err


def test_lint_passes_sound_fixture_files_and_counts_them(tmp_path, capsys):
    code, out = run_lint_cli(capsys, str(_pack(tmp_path, CASES)))
    assert code == 0, out
    assert "all checks passed (1 rule in 1 file, 1 fixture file)" in out


def test_lint_reports_a_fixture_file_that_is_not_yaml(tmp_path, capsys):
    root = _pack(tmp_path, "cases: [\n")
    fixture = root / "demo" / "subscribe.cases.yaml"
    code, out = run_lint_cli(capsys, str(root), "--ignore", "yaml")
    assert code == 1  # like a rule file that does not load, --ignore cannot hide it
    assert f"{fixture}:2: [yaml] invalid YAML" in out


def test_lint_reports_a_misspelt_case_key_on_its_line(tmp_path, capsys):
    root = _pack(tmp_path, CASES.replace("    input: |", "    inptu: |"))
    fixture = root / "demo" / "subscribe.cases.yaml"
    code, out = run_lint_cli(capsys, str(root))
    assert code == 1
    assert f"{fixture}:3: [unknown-key] cases.0: unknown key(s) 'inptu' (did you mean 'input'?)" in out
    assert "'input' is required" not in out  # said once, as the key it was meant to be
    code, _, err = run_test_cli(capsys, root)  # and `rules test` reports the same
    assert code == 1 and "unknown key(s) 'inptu' (did you mean 'input'?)" in err


def test_lint_reports_a_duplicate_key_in_a_fixture_file(tmp_path, capsys):
    root = _pack(tmp_path, CASES.replace("    removed_by: []\n", "    removed_by: []\n    name: again\n"))
    code, out = run_lint_cli(capsys, str(root))
    assert (
        code == 1
        and "subscribe.cases.yaml:15: [duplicate-key] duplicate key 'name' (first at line 11)" in out
    )


def test_lint_reports_removed_by_naming_no_loaded_rule(tmp_path, capsys):
    root = _pack(
        tmp_path, CASES.replace("removed_by: []", "removed_by:\n      - demo.subscribe\n      - demo.y")
    )
    fixture = root / "demo" / "subscribe.cases.yaml"
    code, out = run_lint_cli(capsys, str(root))
    assert code == 1
    assert (
        f"{fixture}:16: [unknown-ref] case 'nothing to remove': removed_by names 'demo.y', "
        "which is no loaded rule" in out
    )
    assert "'demo.subscribe', which" not in out


def test_a_rule_file_named_as_a_fixture_file_is_told_to_be_renamed(tmp_path, capsys):
    """`*.cases.yaml` is read as a fixture file: rules saved under such a name gave
    "'cases' is required" and "unknown key 'rules'"; the lint now says to rename it."""
    root = _pack(tmp_path, CASES)
    rules_file = root / "demo" / "subscribe.yaml"
    misnamed = root / "demo" / "more.cases.yaml"
    misnamed.write_text(rules_file.read_text("utf-8").replace("demo.", "demo.more-"), "utf-8")
    code, out = run_lint_cli(capsys, str(root))
    assert code == 1
    assert (
        f"{misnamed}:1: [schema] file: this file holds rules, but a name ending in .cases.yaml "
        "makes it a fixture file: rename it more.yaml"
    ) in out
    assert out.count(str(misnamed)) == 1  # one message, not the schema's two


def test_a_fixture_file_named_alone_runs_with_the_rules_beside_it(tmp_path, capsys):
    """`rules test x.cases.yaml` (and lint): the fixture is no rule file, so it is not
    read as one ("'rules' is required"), and its cases run the rules of its folder."""
    from cleaner.cli.main import main

    fixture = _pack(tmp_path, CASES) / "demo" / "subscribe.cases.yaml"
    code, out, err = run_test_cli(capsys, fixture)
    assert code == 0, out + err
    assert "all passed (1 rule, 1 example, 1 counterexample, 2 fixture cases)" in out
    assert main(["rules", "lint", str(fixture)]) == 0
    out, err = capsys.readouterr()
    assert "'rules' is required" not in out + err and "1 fixture file" in out
    fixture.write_text(CASES.replace("removed_by: [demo.subscribe]", "removed_by: [demo.subscrbe]"), "utf-8")
    assert main(["rules", "lint", str(fixture)]) == 1
    assert "removed_by names 'demo.subscrbe', which is no loaded rule" in capsys.readouterr().out
