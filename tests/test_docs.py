# The user documentation names only rules that ship and options that exist, and its Python
# examples run: an example that selects a rule id that does not exist, types an option the
# parser lacks, or calls the API wrongly, fails for whoever copies it.
from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import cleaner

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
#: ids the docs name on purpose although no pack ships them: the rule a tutorial writes
TUTORIAL_IDS = {"cta.follow-mastodon"}
_ID = re.compile(r"(?<![\w./-])([a-z]+)\.([a-z][a-z0-9-]+)(?![\w(/-])")


@pytest.fixture(scope="module")
def shipped() -> set[str]:
    return {r.id for r in cleaner.load_rules().rules}


@pytest.mark.parametrize("doc", [d for d in DOCS if d.name != "rules.md"], ids=lambda d: d.name)
def test_rule_ids_in_the_docs_exist(doc: Path, shipped: set[str]) -> None:
    packs = {i.split(".")[0] for i in shipped}
    text = doc.read_text("utf-8")
    unknown = [
        f"{doc.name}:{text.count(chr(10), 0, m.start()) + 1}: {m.group(0)}"
        for m in _ID.finditer(text)
        if m.group(1) in packs and m.group(0) not in shipped and m.group(0) not in TUTORIAL_IDS
    ]
    assert not unknown


# --- the Python examples run ------------------------------------------------------------

_PY_BLOCK = re.compile(r"^( *)```python\n(.*?)^\1```", re.S | re.M)


def _python_blocks() -> list[tuple[str, str]]:
    """(doc:index, code) of every Python block in the docs, index counting from 0."""
    out = []
    for doc in DOCS:
        for i, m in enumerate(_PY_BLOCK.finditer(doc.read_text("utf-8"))):
            indent = len(m.group(1))
            code = "\n".join(line[indent:] for line in m.group(2).splitlines())
            out.append((f"{doc.name}:{i}", code))
    return out


def _seed() -> str:
    return sorted((ROOT / "seeds").glob("*.txt"))[0].read_text("utf-8")


def _api(tmp: Path) -> dict[str, Any]:
    """README's Python API: the folder and config file it names, and a text, bytes and a page. No rules/
    beside it: the example runs the shipped packs with a user's rules where cleaner is
    installed from a wheel, with no checkout."""
    (tmp / "my_site_rules").mkdir()  # a folder of rules (an empty one is a RuleFileError)
    rules = ROOT / "tests" / "cli" / "data" / "test_rules.yaml"
    (tmp / "my_site_rules" / "site.yaml").write_bytes(rules.read_bytes())
    (tmp / "cleaner.toml").write_text('select = ["ads", "social"]\nignore = ["byline.author-bio"]\n', "utf-8")
    page = "<html><body><article><p>" + "The council met on Tuesday. " * 20 + "</p></article></body></html>"
    text = _seed()
    return {"text": text, "raw_bytes": text.encode("utf-8"), "html": page, "page_url": "https://a.example/p"}


def _rebuilding(tmp: Path) -> dict[str, Any]:
    """cli.md's rebuilding from a run's log: a run over a.b.txt and recs.jsonl first."""
    from cleaner.cli.main import main

    (tmp / "in" / "a").mkdir(parents=True)
    (tmp / "in" / "a" / "b.txt").write_text(_seed(), "utf-8")
    recs = [{"text": f"[ad_1]\nRecord {i}. The council met on Tuesday.\n"} for i in range(3)]
    (tmp / "in" / "recs.jsonl").write_text("".join(json.dumps(r) + "\n" for r in recs), "utf-8")
    assert main(["clean", "in", "-o", "out", "--quiet"]) == 0
    return {"_want": _seed()}


def _dask(tmp: Path) -> dict[str, Any]:
    """dask.md's pipeline, on local files for its s3:// ones, with the default
    (local) schedulers; no cluster."""
    pd = pytest.importorskip("pandas")
    pytest.importorskip("dask.dataframe")
    pytest.importorskip("distributed")
    (tmp / "b" / "pages").mkdir(parents=True)
    docs = [_seed(), "[ad_1]\nThe council met on Tuesday.\n"]
    (tmp / "b" / "a.jsonl").write_text("".join(json.dumps({"text": d}) + "\n" for d in docs), "utf-8")
    pd.DataFrame({"text": docs, "url": ["https://a.example/1", None]}).to_parquet(tmp / "b/pages/0.parquet")
    return {"texts": docs, "_want": _seed()}


#: how to set up the names each Python example uses, by doc:index
_SETUPS: dict[str, Callable[[Path], dict[str, Any]]] = {
    "README.md:0": _api,
    "cli.md:0": _rebuilding,
    "writing-rules.md:0": lambda tmp: {"text": _seed()},
}
#: examples run one after the other in a child process, each on the names the one before
#: left, from _dask's: pandas, pyarrow and dask leave threads behind, and a process with
#: threads never forks its --jobs workers (cleaner.parallel), so every fork test run after
#: them in this process would fail
_DASK = ("dask.md:0", "dask.md:1")


def _code(key: str) -> str:
    code = dict(_python_blocks())[key]
    return code.replace("s3://b/", "b/") if key.startswith("dask.md") else code


def test_every_python_example_is_run() -> None:
    assert sorted(k for k, _ in _python_blocks()) == sorted([*_SETUPS, *_DASK])


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("key", sorted(_SETUPS))
def test_python_example_runs(key: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    ns = _SETUPS[key](tmp_path)
    exec(_code(key), ns)
    if "_want" in ns:  # the example rebuilt an input: the one it names
        assert ns["original"] == ns["_want"]


def _run_dask_examples(tmp: Path) -> dict[str, str | None]:
    """In the child process, in ``tmp``: the outcome of each of _DASK, None if it ran
    (and rebuilt what it names), else "skip: " and why, or the traceback."""
    import traceback
    import warnings

    warnings.simplefilter("error")  # as pytest's filterwarnings, and the test's mark
    warnings.simplefilter("ignore", DeprecationWarning)
    outcomes: dict[str, str | None] = {}
    try:
        ns = _dask(tmp)
    except pytest.skip.Exception as e:
        return dict.fromkeys(_DASK, f"skip: {e.msg}")
    for key in _DASK:
        try:
            ns.pop("original", None)
            exec(_code(key), ns)
            assert "original" not in ns or ns["original"] == ns["_want"], "not the input it names"
            outcomes[key] = None
        except Exception:
            outcomes[key] = traceback.format_exc()
            return {**outcomes, **{k: f"{key} failed" for k in _DASK if k not in outcomes}}
    return outcomes


@pytest.fixture(scope="module")
def dask_outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str | None]:
    import os
    import subprocess

    from cleaner.parallel import _os_threads

    threads = _os_threads()
    tmp = tmp_path_factory.mktemp("dask")
    child = "import json, pathlib, sys; sys.path.insert(0, sys.argv[1]); import test_docs; "
    child += "print(json.dumps(test_docs._run_dask_examples(pathlib.Path.cwd())))"
    # the child imports the cleaner this process tests, wherever it comes from
    path = [str(Path(cleaner.__file__).resolve().parent.parent), os.environ.get("PYTHONPATH", "")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in path if p)}
    proc = subprocess.run(
        [sys.executable, "-c", child, str(Path(__file__).parent)],
        cwd=tmp,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    assert _os_threads() == threads, "the Dask examples left threads in the test process"
    outcomes: dict[str, str | None] = json.loads(proc.stdout.splitlines()[-1])
    return outcomes


@pytest.mark.parametrize("key", _DASK)
def test_dask_example_runs(key: str, dask_outcomes: dict[str, str | None]) -> None:
    outcome = dask_outcomes[key]
    if outcome and outcome.startswith("skip: "):
        pytest.skip(outcome[len("skip: ") :])
    assert outcome is None, outcome


# --- the synopses name every option ------------------------------------------------------

_OPTION = re.compile(r"(?<![\w-])(--?[a-z][a-z-]*)")


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _synopsis(doc: str, command: str) -> set[str]:
    """The options the synopsis block of ``doc`` shows for ``cleaner COMMAND``."""
    found: set[str] = set()
    for block in re.findall(r"^```\n(.*?)^```", (ROOT / "docs" / doc).read_text("utf-8"), re.S | re.M):
        current = None
        for line in block.splitlines():
            if m := re.match(r"cleaner (\w+)", line):
                current = m.group(1)
            if current == command:
                found.update(_OPTION.findall(line))
    return found


def _command_table(command: str) -> set[str]:
    """The options writing-rules.md's table of commands shows for ``cleaner rules COMMAND``."""
    text = (ROOT / "docs" / "writing-rules.md").read_text("utf-8")
    (row,) = [line for line in text.splitlines() if line.startswith(f"| `cleaner rules {command}")]
    return set(_OPTION.findall(row.split("|")[1]))


def _commands() -> list[tuple[str, argparse.ArgumentParser, set[str]]]:
    from cleaner.cli.main import build_parser

    top = _subcommands(build_parser())
    out = [(f"cleaner {c}", top[c], _synopsis("cli.md", c)) for c in ("clean", "explain", "stats", "restore")]
    out.append(("cleaner mine", top["mine"], _synopsis("mining.md", "mine")))
    out += [(f"cleaner rules {c}", p, _command_table(c)) for c, p in _subcommands(top["rules"]).items()]
    return out


@pytest.mark.parametrize(("command", "parser", "shown"), [pytest.param(*c, id=c[0]) for c in _commands()])
def test_each_synopsis_shows_exactly_the_options_of_its_command(
    command: str, parser: argparse.ArgumentParser, shown: set[str]
) -> None:
    """An option --help lists and the docs' synopsis leaves out is found by nobody who
    reads the docs; one the synopsis shows that the command lacks fails whoever types it."""
    options = [a.option_strings for a in parser._actions if a.option_strings and a.help != argparse.SUPPRESS]
    options = [names for names in options if "--help" not in names]
    assert [names for names in options if not set(names) & shown] == []
    assert shown - {name for names in options for name in names} == set()


def test_the_readme_rule_passes_lint_and_test(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """README's "Writing a rule" walks a reader through one rule file: the file it shows
    must pass the `rules lint` and `rules test` it tells them to run."""
    from cleaner.cli.main import main

    (block,) = re.findall(r"^( *)```yaml\n(.*?)^\1```", (ROOT / "README.md").read_text("utf-8"), re.S | re.M)
    indent = len(block[0])
    path = tmp_path / "rules" / "cta" / "follow-mastodon.yaml"
    path.parent.mkdir(parents=True)
    path.write_text("\n".join(line[indent:] for line in block[1].splitlines()) + "\n", "utf-8")
    assert main(["rules", "lint", str(path)]) == 0, capsys.readouterr().out
    assert main(["rules", "test", str(path)]) == 0, capsys.readouterr().out
    assert "cta.follow-mastodon" in {r.id for r in cleaner.load_rules(path).rules}


def test_the_config_example_loads(tmp_path: Path) -> None:
    """cli.md's [tool.cleaner] example, copied into a pyproject.toml, is a valid config."""
    from cleaner.config import load_config

    (block,) = re.findall(r"^```toml\n(.*?)^```", (ROOT / "docs" / "cli.md").read_text("utf-8"), re.S | re.M)
    (tmp_path / "pyproject.toml").write_text(block, "utf-8")
    config = load_config(start=tmp_path)
    assert config.path == tmp_path / "pyproject.toml"
    assert config.rules == (str(tmp_path / "rules/"), str(tmp_path / "site_rules/"))
    assert (config.html_field, config.max_html_size) == ("html", 20_000_000)


# --- the command lines parse ---------------------------------------------------------------

_SH_BLOCK = re.compile(r"^( *)```sh\n(.*?)^\1```", re.S | re.M)
_INLINE = re.compile(r"`(cleaner [^`]+)`")


def _shell_commands() -> list[tuple[str, list[str]]]:
    """(doc:line, arguments) of every `cleaner` command in the docs' shell blocks: a line
    that starts with it, or a pipe into it, continuation lines joined, comments, pipes and
    redirections left out."""
    import shlex

    out = []
    for doc in DOCS:
        text = doc.read_text("utf-8")
        for m in _SH_BLOCK.finditer(text):
            first = text.count("\n", 0, m.start(2)) + 1
            joined, at = "", first
            for number, line in enumerate(m.group(2).splitlines(), start=first):
                at = at if joined else number  # where a command continued with \ starts
                joined += line
                if joined.endswith("\\"):
                    joined = joined[:-1]
                    continue
                line, joined = joined, ""
                words = shlex.split(line, comments=True)
                if "cleaner" not in words:
                    continue
                start = words.index("cleaner")
                if start and words[start - 1] not in ("|", "&&", ";"):
                    continue
                args = words[start + 1 :]
                for stop in ("|", ">", "&&", ";"):
                    args = args[: args.index(stop)] if stop in args else args
                out.append((f"{doc.name}:{at}", args))
    return out


def _parse_error(args: list[str]) -> str | None:
    """argparse's complaint about ``cleaner ARGS``, or None if they parse. An option cut
    short (`--example` for `--examples`) is a complaint too: the docs spell options out."""
    import contextlib
    import io

    from cleaner.cli.main import build_parser

    parsers = [build_parser()]
    for parser in parsers:
        parser.allow_abbrev = False
        parsers.extend(_subcommands(parser).values())
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err):
            parsers[0].parse_args(args)
    except SystemExit:
        return err.getvalue().strip().splitlines()[-1]
    return None


def test_the_shell_examples_are_found() -> None:
    found = {args[0] for _, args in _shell_commands()}
    assert {"clean", "explain", "stats", "restore", "rules"} <= found


@pytest.mark.parametrize(("where", "args"), [pytest.param(w, a, id=w) for w, a in _shell_commands()])
def test_each_shell_example_parses(where: str, args: list[str]) -> None:
    """A `cleaner ...` line of a shell block is typed as it stands: every option it uses
    must exist, with the arguments it takes."""
    assert _parse_error(args) is None


def test_commands_named_in_the_text_use_real_options() -> None:
    """A command quoted in running text may leave out what it needs (`cleaner restore
    --check`), but an option or subcommand it names must exist."""
    import shlex

    wrong = []
    for doc in DOCS:
        if doc.name == "rules.md":
            continue
        text = doc.read_text("utf-8")
        for m in _INLINE.finditer(text):
            command = m.group(1).replace("\\|", "|")
            if any(c in command for c in "|[…") or "..." in command or "COMMAND" in command:
                continue  # a synopsis or a shell pipe, not one command
            error = _parse_error(shlex.split(command)[1:])
            if error and ("unrecognized arguments" in error or "invalid choice" in error):
                wrong.append(f"{doc.name}:{text.count(chr(10), 0, m.start()) + 1}: {command}: {error}")
    assert wrong == []



def test_the_readme_names_the_public_api() -> None:
    """README's list of public names is cleaner.__all__: a name it gives must be there, and
    every name there is listed, the error classes through the branch of the tree named."""
    text = (ROOT / "README.md").read_text("utf-8")
    start = text.index("The public names are")
    named = set(re.findall(r"`(\w+)`", text[start : text.index(")", text.index("ConfigError", start))]))
    named -= {"clean_html"}  # a method of Cleaner, named for the error it raises
    assert named <= set(cleaner.__all__)
    for name in set(cleaner.__all__) - named:
        value = getattr(cleaner, name)
        assert isinstance(value, type) and issubclass(value, cleaner.CleanerError), name
        assert any(issubclass(value, getattr(cleaner, n)) for n in named & {"RuleError", "InputError"}), name


def test_the_wheel_the_docs_install_is_the_one_the_build_makes() -> None:
    """dask.md has the workers install the wheel `pip wheel .` writes, by its file name: the
    name carries the version, which a release changes."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib

    version = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    assert cleaner.__version__ == version
    for doc in DOCS:
        for name in re.findall(r"cleaner-[\w.]+?-py3-none-any\.whl", doc.read_text("utf-8")):
            assert name == f"cleaner-{version}-py3-none-any.whl", doc.name
