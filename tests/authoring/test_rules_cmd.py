# The `cleaner rules` group: list with filters, schema location, help without heavy
# imports (the authoring modules load only when their command runs).
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from cleaner.cli.main import main

RULES = Path(__file__).resolve().parent.parent.parent / "rules"


def test_list_shows_id_category_confidence_status_description(capsys):
    assert main(["rules", "list", "--rules", str(RULES), "--pack", "autoblog"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines and all(line.startswith("autoblog.") for line in lines)
    row = next(line for line in lines if line.startswith("autoblog.ad-markers "))
    assert row.split()[1:4] == ["ads", "high", "stable"] and "[ad_1]" in row


def test_list_marks_opt_in_rules(capsys):
    assert main(["rules", "list", "--rules", str(RULES), "--pack", "whole-page"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows and all(r.startswith("whole-page.") and r.split()[4] == "opt-in" for r in rows)
    row = next(r for r in rows if r.startswith("whole-page.unpunctuated-run "))
    assert row.split()[:5] == ["whole-page.unpunctuated-run", "navigation", "medium", "stable", "opt-in"]


def test_list_filters_by_category_and_reports_no_match(capsys):
    assert main(["rules", "list", "--rules", str(RULES), "--category", "ads"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows and all(r.split()[1] == "ads" for r in rows)
    assert main(["rules", "list", "--rules", str(RULES), "--pack", "no-such-pack"]) == 1


def test_schema_prints_the_installed_schema_path(capsys):
    assert main(["rules", "schema"]) == 0
    captured = capsys.readouterr()
    path = Path(captured.out.strip())
    assert path.name == "rules.schema.json" and path.is_file()
    assert "# yaml-language-server: $schema=file://" in captured.err


def test_rules_without_subcommand_prints_help(capsys):
    assert main(["rules"]) == 2
    assert "SUBCOMMAND" in capsys.readouterr().out


def test_building_the_parser_imports_no_authoring_module():
    code = (
        "import sys; from cleaner.cli.main import build_parser; build_parser(); "
        "print(sorted(m for m in sys.modules if m.startswith('cleaner.authoring.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_list_try_and_docs_name_every_broken_rule_file_at_once(tmp_path, capsys):
    """As for clean and explain: a rules folder with two broken files gets both named in
    one run (exit 2), not one per attempt."""
    rules = tmp_path / "mine"
    rules.mkdir()
    (rules / "a.yaml").write_text("rules:\n  - id: 'mine.a\n", "utf-8")
    (rules / "b.yaml").write_text("", "utf-8")
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text("The council met.\n", "utf-8")
    for args in (
        ["rules", "list", "--rules", str(rules)],
        ["rules", "try", str(rules), str(tmp_path / "corpus")],
        ["rules", "docs", "--rules", str(rules), "-o", str(tmp_path / "out.md")],
    ):
        capsys.readouterr()
        assert main(args) == 2, args
        err = capsys.readouterr().err
        assert (
            f"{rules / 'a.yaml'}:2: invalid YAML" in err and f"{rules / 'b.yaml'}: empty rule file" in err
        ), args
        assert err.count("cleaner: error:") == 2, args


def test_lint_test_and_clean_name_broken_rule_files_escaped(tmp_path, capsys):
    """A rule file's name with a line break or an escape code is printed escaped, on the
    line of its problem, by lint, test, and the rule errors of a clean."""
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "ba\n\x1b[31md.yaml").write_text("rules:\n  - id: [\n", "utf-8")
    (rules / "tw\x1b[32mo.yaml").write_text("rules: 3\n", "utf-8")
    (tmp_path / "a.txt").write_text("Some text.\n", "utf-8")
    runs = [
        (["rules", "lint", str(rules)], 1),
        (["rules", "test", str(rules)], 1),
        (["clean", str(tmp_path / "a.txt"), "--dry-run", "--rules", str(rules)], 2),
    ]
    for argv, code in runs:
        assert main(argv) == code
        said = capsys.readouterr()
        text = said.out + said.err
        assert "\x1b" not in text, argv
        lines = text.splitlines()
        assert any("ba\\n\\x1b[31md.yaml:3: " in line and "invalid YAML" in line for line in lines), argv
        assert any("tw\\x1b[32mo.yaml:1: " in line for line in lines), argv
