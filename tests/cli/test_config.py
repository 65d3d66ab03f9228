# Tests of cleaner.config: [tool.cleaner] and cleaner.toml found upwards, values checked,
# wrong keys naming the file, and command-line options overriding the file.
from __future__ import annotations

from pathlib import Path

import pytest
from clihelp import RULES, article, run_cli

from cleaner.config import Config, find_config, load_config, parse_size
from cleaner.errors import ConfigError


def test_no_config_is_empty(tmp_path: Path) -> None:
    assert find_config(tmp_path) is None
    assert load_config(start=tmp_path) == Config()


def test_pyproject_table_found_upwards(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.cleaner]\nrules = ["packs"]\nselect = "ads"\nmax-removal = 0.3\npreview = true\n', "utf-8"
    )
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    cfg = load_config(start=deep)
    assert cfg.path == tmp_path / "pyproject.toml"
    assert cfg.rules == (str(tmp_path / "packs"),) and cfg.select == ("ads",)
    assert cfg.max_removal == 0.3 and cfg.preview is True


def test_cleaner_toml_wins_over_pyproject_without_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", "utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    assert find_config(sub) is None
    (tmp_path / "cleaner.toml").write_text('ignore = ["t.follow"]\n', "utf-8")
    assert load_config(start=sub).ignore == ("t.follow",)


def test_a_pyproject_whose_tool_is_no_table_is_not_a_config(tmp_path: Path) -> None:
    """`tool = 1` in some project's pyproject.toml up the tree crashed the discovery."""
    (tmp_path / "pyproject.toml").write_text("tool = 1\n", "utf-8")
    assert find_config(tmp_path) is None and load_config(start=tmp_path) == Config()
    (tmp_path / "pyproject.toml").write_text("[tool]\ncleaner = 3\n", "utf-8")
    with pytest.raises(ConfigError, match=r"tool\.cleaner must be a table"):
        load_config(start=tmp_path)


def test_a_tool_cleaner_table_in_another_file_says_where_it_is_read(tmp_path: Path) -> None:
    """--config ci.toml holding a copied [tool.cleaner] table: the keys of a file not
    named pyproject.toml are at its top level, and the error says so."""
    (tmp_path / "ci.toml").write_text('[tool.cleaner]\nmax-removal = 0.3\n', "utf-8")
    with pytest.raises(ConfigError, match=r"\[tool\.cleaner\] is read from a file named pyproject\.toml"):
        load_config(tmp_path / "ci.toml")
    (tmp_path / "ci.toml").write_text("max-removal = 0.3\n", "utf-8")
    assert load_config(tmp_path / "ci.toml").max_removal == 0.3


def test_rule_timeout_has_one_range_in_config_and_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.txt").write_text(article(0), "utf-8")
    assert run_cli("clean", tmp_path / "a.txt", "-o", tmp_path / "o", "--rule-timeout", "5000", "-q") == 2
    assert "--rule-timeout must be a number in (0, 3600]" in capsys.readouterr().err
    (tmp_path / "cleaner.toml").write_text("rule_timeout = 5000\n", "utf-8")
    with pytest.raises(ConfigError, match=r"'rule_timeout' must be a number in \(0, 3600\]"):
        load_config(tmp_path / "cleaner.toml")


def test_a_max_removal_out_of_range_names_the_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the command line's error named the Python parameter: "max_removal must be in (0, 1]"
    (tmp_path / "a.txt").write_text(article(0), "utf-8")
    assert run_cli("clean", tmp_path / "a.txt", "-o", tmp_path / "o", "--max-removal", "1.5", "-q") == 2
    assert "--max-removal must be a share in (0, 1], not 1.5" in capsys.readouterr().err


@pytest.mark.parametrize(
    "body, message",
    [
        ("selct = ['ads']\n", "unknown key 'selct'"),
        ("max_removal = 2\n", "'max_removal' must be a number"),
        ("preview = 'yes'\n", "'preview' must be true or false"),
        ("rules = [1]\n", "'rules' must be a string or a list"),
        ("encoding = {nope = true}\n", "unknown key 'nope' in 'encoding'"),
        ("select = [\n", "not valid TOML"),
        # one key in both spellings: the later one silently won
        ("max-removal = 0.9\nmax_removal = 0.2\n", "'max-removal' and 'max_removal' are one key"),
        (
            "encoding = {fix_width = true, fix-width = false}\n",
            "'fix_width' and 'fix-width' are one key in 'encoding'",
        ),
    ],
)
def test_wrong_values_name_the_file(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "cleaner.toml"
    path.write_text(body, "utf-8")
    with pytest.raises(ConfigError, match=message) as info:
        load_config(path)
    assert str(path) in str(info.value)


def test_config_sets_defaults_and_options_override(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pyproject.toml").write_text(f'[tool.cleaner]\nrules = ["{RULES}"]\nignore = ["t.follow"]\n')
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(article(0), "utf-8")
    monkeypatch.chdir(tmp_path)
    assert run_cli("clean", "in", "-o", "out", "-q") == 0
    text = (tmp_path / "out" / "a.txt").read_text("utf-8")
    assert "Follow us" in text and "[ad_1]" not in text  # rules and ignore came from the config
    assert run_cli("clean", "in", "-o", "out2", "-q", "--select", "t.follow") == 0
    assert "[ad_1]" in (tmp_path / "out2" / "a.txt").read_text("utf-8")  # --select replaced

    (tmp_path / "pyproject.toml").write_text(f'[tool.cleaner]\nrules = ["{RULES}"]\nenable = ["nope"]\n')
    assert run_cli("clean", "in", "-o", "out4", "-q") == 2  # enable is read, and checked
    err = capsys.readouterr().err
    assert "'nope' names no loaded rule" in err and "pyproject.toml [tool.cleaner])" in err

    (tmp_path / "pyproject.toml").write_text("[tool.cleaner]\ncolour = 1\n")
    assert run_cli("clean", "in", "-o", "out3") == 2
    assert "pyproject.toml [tool.cleaner]: unknown key 'colour'" in capsys.readouterr().err


@pytest.mark.parametrize(
    "value, size",
    [
        ("20000000", 20_000_000),
        (1500, 1500),
        ("20MB", 20_000_000),
        ("500 kb", 500_000),
        ("1.5GB", 1_500_000_000),
    ],
)
def test_sizes_are_bytes_or_decimal_units(value: str | int, size: int) -> None:
    assert parse_size(value) == size


@pytest.mark.parametrize("value", ["", "0", "-1MB", "20 TB", "MB", "1e400", True, 2.5])
def test_a_wrong_size_is_refused(value: object) -> None:
    with pytest.raises(ValueError):
        parse_size(value)  # type: ignore[arg-type]


def test_max_html_size_from_config_and_option(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    prose = "A sentence of plain prose for the page. " * 30
    page = f"<html><body><article><p>{prose}</p></article></body></html>"
    src = tmp_path / "in"
    src.mkdir()
    (src / "page.html").write_text(page, "utf-8")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cleaner.toml").write_text("max_html_size = '1KB'\n", "utf-8")
    assert load_config(tmp_path / "cleaner.toml").max_html_size == 1000
    assert run_cli("clean", "in", "-o", "out", "-q") == 1
    said = f"too big for the HTML path: {len(page):,} bytes (1.3 KB), above the limit of 1,000 (1 KB)"
    assert f"in/page.html: the page is {said}" in capsys.readouterr().err
    assert run_cli("clean", "in", "-o", "out2", "-q", "--max-html-size", "2KB") == 0  # the option wins
    assert (tmp_path / "out2" / "page.txt").exists()
    assert run_cli("clean", "in", "-o", "out3", "-q", "--max-html-size", "lots") == 2
    assert "--max-html-size: not a size: 'lots'" in capsys.readouterr().err
    (tmp_path / "cleaner.toml").write_text("max_html_size = 0\n", "utf-8")
    with pytest.raises(ConfigError, match=r"cleaner.toml: 'max_html_size': a size must be at least 1 byte"):
        load_config(tmp_path / "cleaner.toml")


_WHOLE_CONFIG = """\
rules = ["{rules}", "{packs}"]
select = ["t", "ads", "social", "whole-page", "encoding"]
ignore = ["t.follow", "ads.slot-label"]
enable = ["whole-page"]
preview = true
max-removal = 0.8
rule_timeout = 2.5
max_html_size = "1MB"

[encoding]
uncurl_quotes = true
fix_ligatures = true
"""


def test_from_config_is_the_cleaner_the_command_line_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pipeline author had no way to load the config file a `cleaner clean --config
    FILE` run used: every setting had to be copied into Cleaner(...) by hand."""
    import pickle

    import cleaner
    from cleaner.cli.cleaner_options import build_cleaner, resolve_settings
    from cleaner.cli.main import build_parser
    from cleaner.loader import default_rules_path

    config = tmp_path / "conf" / "ci.toml"
    config.parent.mkdir()
    config.write_text(_WHOLE_CONFIG.format(rules=RULES, packs=default_rules_path()), "utf-8")
    src = tmp_path / "in"
    src.mkdir()
    docs = {
        "a.txt": article(0) + "\n\u201cThe \ufb01nal vote,\u201d she said, \u201cis on Friday.\u201d\n",
        "b.txt": article(1),
        "c.txt": "Home\nNews\nSport\nWeather\n\n" + article(2),
    }
    for name, text in docs.items():
        (src / name).write_text(text, "utf-8")
    monkeypatch.chdir(tmp_path)
    args = build_parser().parse_args(["clean", "in", "-o", "out", "--config", str(config)])
    by_cli = build_cleaner(resolve_settings(args))
    by_python = cleaner.Cleaner.from_config(config)
    assert [r.id for r in by_python.rules] == [r.id for r in by_cli.rules]
    assert {r.pack for r in by_python.rules} >= {"t", "ads", "whole-page"}
    assert "t.follow" not in {r.id for r in by_python.rules}
    assert by_python.steps == by_cli.steps
    assert pickle.dumps(by_python) == pickle.dumps(by_cli)  # every setting, the same
    assert [r.id for r in cleaner.Cleaner.from_config(str(config)).rules] == [r.id for r in by_cli.rules]

    assert run_cli("clean", "in", "-o", "out", "--config", config, "-q") == 0
    for name, text in docs.items():
        assert (tmp_path / "out" / name).read_text("utf-8") == by_python.clean(text).text
    # and the settings took effect: quotes straightened, ligature split, as configured
    assert '"The final vote," she said' in by_python.clean(docs["a.txt"]).text
    assert "\u201c" in cleaner.Cleaner().clean(docs["a.txt"]).text


@pytest.mark.parametrize(
    "body, key, says",
    [
        ("selct = ['ads']\n", "", "unknown key 'selct'"),
        ("max_removal = 2\n", "", "'max_removal' must be a number"),
        ("rules = ['missing/']\n", "'rules'", "missing: no such rule file or folder"),
        ("rules = ['empty']\n", "'rules'", "empty: no rule files (.yaml, .yml) in this folder"),
        ("select = ['sociall']\n", "'select'", "'sociall' names no loaded rule, pack or category (did you"),
        ("ignore = ['ads', 'nope']\n", "'ignore'", "'nope' names no loaded rule"),
        ("select = ['ads']\nenable = ['nope']\n", "'enable'", "'nope' names no loaded rule"),
        ("select = ['ads']\nenable = ['whole-page']\n", "'enable'", "enable 'whole-page' turns on rules"),
    ],
)
def test_from_config_errors_name_the_file_and_the_key(tmp_path: Path, body: str, key: str, says: str) -> None:
    import cleaner

    (tmp_path / "empty").mkdir()
    path = tmp_path / "cleaner.toml"
    path.write_text(body, "utf-8")
    with pytest.raises(ConfigError) as info:
        cleaner.Cleaner.from_config(path)
    message = str(info.value)
    assert message.startswith(f"{path}: {key}: " if key else f"{path}: ") and says in message, message
    if key in ("'select'", "'enable'", "'ignore'"):
        assert isinstance(info.value.__cause__, cleaner.RuleSelectionError)


def test_from_config_of_a_file_that_is_not_there_or_a_broken_rule_file(tmp_path: Path) -> None:
    import cleaner

    with pytest.raises(ConfigError, match=r"nope\.toml: cannot read"):
        cleaner.Cleaner.from_config(tmp_path / "nope.toml")
    with pytest.raises(ConfigError, match=r"no \[tool\.cleaner\] table"):
        (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", "utf-8")
        cleaner.Cleaner.from_config(tmp_path / "pyproject.toml")
    (tmp_path / "bad.yaml").write_text("rules: 3\n", "utf-8")
    (tmp_path / "cleaner.toml").write_text("rules = ['bad.yaml']\n", "utf-8")
    with pytest.raises(cleaner.RuleSchemaError) as info:  # the rule file's own error, with its path
        cleaner.Cleaner.from_config(tmp_path / "cleaner.toml")
    assert info.value.path == str(tmp_path / "bad.yaml")
    with pytest.raises(TypeError, match="path of a config file"):
        cleaner.Cleaner.from_config(None)  # type: ignore[arg-type]
