# Tests of the public API contract: the exported names, CleanResult, pickling,
# immutability and thread-safety of Cleaner, and the error tree.
from __future__ import annotations

import collections.abc
import inspect
import json
import os
import pickle
import subprocess
import sys
import typing
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from rulehelp import ruleset

import cleaner

ROOT = Path(cleaner.__file__).resolve().parents[1]  # where the package is imported from
REPO = Path(__file__).resolve().parents[1]  # the checkout: tests, benchmarks (tox installs the package apart)


def test_public_surface_is_exactly_all():
    public = {n for n in dir(cleaner) if not n.startswith("_")}
    modules = {n for n in public if type(getattr(cleaner, n)).__name__ == "module"}
    assert public - modules == set(cleaner.__all__)
    for name in ("clean", "Cleaner", "CleanResult", "Removal", "restore", "load_rules", "CleanerError"):
        assert name in cleaner.__all__


def test_every_error_derives_from_root():
    for name in cleaner.__all__:
        obj = getattr(cleaner, name)
        if isinstance(obj, type) and issubclass(obj, Exception):
            assert issubclass(obj, cleaner.CleanerError)


def test_the_error_tree_is_one_module_and_its_docstring_draws_all_of_it():
    """Every error class of the package is defined in cleaner.errors, listed in the
    tree its docstring draws, or a narrower case of one defined there (as a CLI command's
    own UsageError): a user looks in one place for what can be raised."""
    import importlib
    import inspect
    import pkgutil
    import re

    import cleaner.errors as errors

    for name in errors.__all__:
        assert issubclass(getattr(errors, name), errors.CleanerError)
        assert re.search(rf"^(?:[ |]*\+-- )?{name}\b", errors.__doc__, re.M), f"{name} is not in the tree"
    roots = {getattr(errors, n) for n in errors.__all__} - {errors.CleanerError}
    for info in pkgutil.walk_packages(cleaner.__path__, "cleaner."):
        module = importlib.import_module(info.name)
        for obj in vars(module).values():
            if inspect.isclass(obj) and issubclass(obj, errors.CleanerError) and obj.__module__ == info.name:
                assert info.name == "cleaner.errors" or any(issubclass(obj, r) for r in roots), (
                    f"{info.name}.{obj.__name__} derives from CleanerError outside cleaner.errors"
                )


def test_rule_error_pickles_with_location():
    e = cleaner.RuleSchemaError("bad", path="r.yaml", line=3, rule_id="a.b")
    e2 = pickle.loads(pickle.dumps(e))
    assert (e2.path, e2.line, e2.rule_id, str(e2)) == ("r.yaml", 3, "a.b", str(e))


def test_clean_returns_result_with_exact_log():
    text = "[ad_1]\nA sentence long enough to be the bulk of the text.\n[ad_2]"
    r = cleaner.clean(text)
    assert "[ad_1]" not in r.text and "A sentence long" in r.text
    assert r.changed and r.removed_chars > 0
    assert cleaner.restore(r.text, r.removals) == text


def test_clean_bytes_is_public_beside_clean():
    # clean(b"...") says to use clean_bytes(), and docs/cli.md names cleaner.clean_bytes
    data = "Der B\xfcrgermeister sagte, die Br\xfccke werde im M\xe4rz ge\xf6ffnet.".encode("cp1252")
    assert "clean_bytes" in cleaner.__all__
    r = cleaner.clean_bytes(data)
    assert (r.encoding, r.text) == ("cp1252", data.decode("cp1252"))


def test_the_error_clean_html_raises_is_public(default_cleaner):
    # its docstring says it raises ExtractionError: catching cleaner.ExtractionError
    # must not fail with an AttributeError of its own
    assert "ExtractionError" in cleaner.__all__
    with pytest.raises(cleaner.ExtractionError, match="not HTML"):
        default_cleaner.clean_html("just a line of plain text, no markup")


def test_clean_rejects_bytes():
    with pytest.raises(TypeError):
        cleaner.clean(b"bytes")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "says"),
    [
        (b"bytes", r"clean\(\) takes str, not bytes; use clean_bytes\(\) for bytes$"),
        # a missing value of a pandas column, met in Series.map: not a case for clean_bytes
        (None, r"not NoneType: a missing value has nothing to clean; skip it .*na_action='ignore'"),
        (float("nan"), r"not float: a missing value has nothing to clean"),
        (5, r"clean\(\) takes str, not int$"),
    ],
)
def test_clean_says_what_to_do_with_what_is_not_text(default_cleaner, value, says):
    with pytest.raises(TypeError, match=says):
        default_cleaner.clean(value)


@pytest.mark.parametrize("data", [None, 5, "text", ["b"]])
def test_clean_bytes_rejects_what_is_not_bytes(default_cleaner, data):
    with pytest.raises(TypeError, match=f"clean_bytes\\(\\) takes bytes, not {type(data).__name__}"):
        default_cleaner.clean_bytes(data)


def test_clean_bytes_takes_any_bytes_like_buffer(default_cleaner):
    data = b"[ad_1]\nA sentence long enough to be the bulk of the text.\n"
    expected = default_cleaner.clean_bytes(data)
    assert default_cleaner.clean_bytes(bytearray(data)) == expected
    assert default_cleaner.clean_bytes(memoryview(data)) == expected


def test_cleaner_pickles_and_behaves_the_same(default_cleaner):
    text = "[ad_1]\nBody.\n"
    c2 = pickle.loads(pickle.dumps(default_cleaner))
    assert c2.clean(text) == default_cleaner.clean(text)
    assert [r.id for r in c2.rules] == [r.id for r in default_cleaner.rules]


# Hugging Face datasets (and other caches keyed by a hash of the pickled function) find
# their cache again only when the same configuration pickles to the same bytes

_PICKLE_DIGEST = (
    "import hashlib, pickle, cleaner; "
    "print(hashlib.sha256(pickle.dumps(cleaner.Cleaner(ignore=['social']))).hexdigest())"
)


def test_cleaner_pickles_to_the_same_bytes_in_any_process():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    digests = {
        subprocess.run(
            [sys.executable, "-c", _PICKLE_DIGEST],
            env={**env, "PYTHONHASHSEED": seed},
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(digests) == 1


def test_cleaner_pickles_to_the_same_bytes_after_use_and_when_built_again():
    # the default packs have exclude patterns; the second build gets its compiled
    # regexes from the regex module's cache, the first compiled them
    first = cleaner.Cleaner(ignore=["social"])
    assert any(r.exclude for r in first.rules)
    data = pickle.dumps(first)
    first.clean("[ad_1]\nA sentence long enough to be the bulk of the text.\n")
    assert pickle.dumps(first) == data
    assert pickle.dumps(cleaner.Cleaner(ignore=["social"])) == data
    again = pickle.loads(data)
    assert pickle.dumps(again) == data
    def excludes(c: cleaner.Cleaner) -> list[tuple[str, int]]:
        return [(x.pattern, x.flags) for r in c.rules for x in r.exclude]

    assert excludes(again) == excludes(first)


def test_a_cleaner_unpickled_again_reuses_its_compiled_rules():
    """ProcessPoolExecutor.map(c.clean, texts) pickles the Cleaner with every task, and
    each task compiled the rules again: 60 times slower than a local run on short texts.
    The same pickled Cleaner now shares one compiled form in a process."""
    c = cleaner.Cleaner(ignore=["social"])
    data = pickle.dumps(c)
    first, second = pickle.loads(data), pickle.loads(pickle.dumps(c))
    assert first._scan is second._scan and first.rules is second.rules
    other = pickle.loads(pickle.dumps(cleaner.Cleaner(ignore=["social"], max_removal=0.9)))
    assert other._scan is not first._scan  # same rules, other settings: its own entry
    text = "[ad_1]\nA sentence long enough to be the bulk of the text.\nFollow us on Twitter\n"
    assert first.clean(text) == second.clean(text) == c.clean(text)
    assert pickle.dumps(first) == data
    # a different rule selection is not taken for this one
    fewer = pickle.loads(pickle.dumps(cleaner.Cleaner(select=["ads"])))
    assert fewer._scan is not first._scan and len(fewer.rules) < len(first.rules)


def test_cleaner_is_immutable(default_cleaner):
    with pytest.raises(AttributeError):
        default_cleaner._ruleset = None  # type: ignore[misc]


def test_the_rules_of_a_cleaner_cannot_be_changed_through_their_redirects():
    """RuleSet.redirects was a dict reachable through Cleaner.rules: adding a redirect
    there changed which rules a Cleaner meant to be immutable runs (select, site packs'
    disable), and the dict given to RuleSet() stayed shared with its caller."""
    given = {"demo.old": "demo.rule"}
    rs = cleaner.RuleSet((), (), given)
    given["demo.other"] = "demo.rule"  # the caller's dict is not the set's
    assert dict(rs.redirects) == {"demo.old": "demo.rule"}
    for rules in (rs, cleaner.Cleaner().rules, cleaner.load_rules().select(["ads"])):
        with pytest.raises(TypeError):
            rules.redirects["demo.new"] = "demo.rule"  # type: ignore[index]
    assert rs.redirects == {"demo.old": "demo.rule"}  # still compares as a mapping
    again = pickle.loads(pickle.dumps(rs))
    assert again == rs and isinstance(again.redirects, collections.abc.Mapping)
    with pytest.raises(TypeError):
        again.redirects["demo.new"] = "demo.rule"  # type: ignore[index]


def test_a_ruleset_is_hashable_and_equal_sets_hash_alike():
    """hash(RuleSet) raised TypeError (of the redirects' dict), though the set is frozen:
    it could not key a cache or go in a set."""
    rules = ruleset({"id": "demo.rule", "match": {"literal": ["[ad_1]"]}, "action": "drop-line"}).rules
    a = cleaner.RuleSet(rules, (), {"demo.a": "demo.rule", "demo.b": "demo.rule"})
    b = cleaner.RuleSet(rules, (), {"demo.b": "demo.rule", "demo.a": "demo.rule"})  # other order
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    assert a != cleaner.RuleSet(rules, (), {}) and a != cleaner.RuleSet((), (), dict(a.redirects))
    c = cleaner.Cleaner()
    assert hash(c.rules) == hash(c.rules) and {c.rules: 1}[c.rules] == 1


def test_no_attribute_of_a_cleaner_can_be_deleted():
    # del took the attribute away: the Cleaner then failed in every clean, and pickled
    # no more, shared between threads as the immutable object its docstring promises
    c = cleaner.Cleaner(cleaner.RuleSet())
    for name in ("_ruleset", "_scan", "_steps", "_encoding", "_digest"):
        with pytest.raises(AttributeError, match="Cleaner is immutable"):
            delattr(c, name)
    assert c.clean("x \n").text == "x" and pickle.loads(pickle.dumps(c)).clean("x \n").text == "x"


def test_cleaner_is_thread_safe():
    rs = ruleset(
        {"id": "t.src", "match": {"literal": "Source link", "whole_line": True}, "action": "drop-line"}
    )
    c = cleaner.Cleaner(rs)
    docs = [f"Line {i} of text.\nSource link\nMore {i}." for i in range(200)]
    expected = [c.clean(d) for d in docs]
    with ThreadPoolExecutor(8) as ex:
        got = list(ex.map(c.clean, docs))
    assert got == expected


def test_threads_that_call_clean_at_once_build_one_default_cleaner(monkeypatch):
    """clean() built its Cleaner under lru_cache, which does not hold other callers: eight
    threads of a pipeline that started at once built eight (seconds of CPU each)."""
    import threading

    from cleaner import pipeline

    monkeypatch.setattr(pipeline, "_DEFAULT", None, raising=False)
    built = []
    real_init = pipeline.Cleaner.__init__

    def counting_init(self, *args, **kwargs):
        built.append(1)
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(pipeline.Cleaner, "__init__", counting_init)
    start = threading.Barrier(8)

    def clean_one(i: int) -> str:
        start.wait()
        return cleaner.clean(f"Line {i}.").text

    with ThreadPoolExecutor(8) as ex:
        assert list(ex.map(clean_one, range(8))) == [f"Line {i}." for i in range(8)]
    assert len(built) == 1


def _clean_in_child(queue) -> None:  # a forked child's work: module level, to be found
    queue.put(cleaner.clean("A line.\n[ad_1]\n").text)


@pytest.mark.skipif(not hasattr(os, "register_at_fork"), reason="no fork on this platform")
@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_a_process_forked_while_a_thread_builds_the_default_cleaner_can_clean(monkeypatch):
    """A thread building the default Cleaner holds its lock for the half second that
    takes; a worker forked meanwhile (ProcessPoolExecutor's default on Linux) inherited
    the lock held, by a thread it does not have, and hung in its first clean()."""
    import multiprocessing
    import threading

    from cleaner import pipeline

    monkeypatch.setattr(pipeline, "_DEFAULT", None, raising=False)
    building, forked = threading.Event(), threading.Event()
    real_init = pipeline.Cleaner.__init__

    def slow_init(self, *args, **kwargs):
        building.set()
        forked.wait(30)  # still building, under the lock, when the child is forked
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(pipeline.Cleaner, "__init__", slow_init)
    warm = threading.Thread(target=cleaner.clean, args=("warm up",))
    warm.start()
    try:
        assert building.wait(30)
        monkeypatch.setattr(pipeline.Cleaner, "__init__", real_init)  # the child's own build
        ctx = multiprocessing.get_context("fork")
        queue = ctx.Queue()
        child = ctx.Process(target=_clean_in_child, args=(queue,))
        child.start()
    finally:
        forked.set()
        warm.join()
    child.join(60)
    hung = child.is_alive()
    if hung:
        child.kill()
    assert not hung and child.exitcode == 0
    assert queue.get(timeout=5) == "A line."


def test_max_removal_is_validated():
    with pytest.raises(ValueError):
        cleaner.Cleaner(cleaner.RuleSet(), max_removal=0)


@pytest.mark.parametrize(
    ("kw", "error"),
    [
        ({"max_removal": 0}, ValueError),
        ({"max_removal": float("nan")}, ValueError),
        ({"max_removal": "0.5"}, TypeError),
        ({"rule_timeout": 0}, ValueError),
        ({"rule_timeout": -1}, ValueError),
        ({"rule_timeout": float("inf")}, ValueError),  # regex reads it as already expired
        ({"rule_timeout": float("nan")}, ValueError),  # and this as no limit at all
        ({"rule_timeout": "1"}, TypeError),
        ({"select": ["ads", 1]}, TypeError),
        ({"select": 5}, TypeError),  # was "'int' object is not iterable", naming nothing
        ({"ignore": 5}, TypeError),
        ({"enable": 5}, TypeError),
        # accepted, then every clean() failed with an AttributeError of a dict or a str
        ({"encoding": {"uncurl_quotes": True}}, TypeError),
        ({"encoding": "utf-8"}, TypeError),
        ({"encoding": True}, TypeError),
        ({"preview": "no"}, TypeError),  # a non-empty string ran the preview rules
        ({"preview": None}, TypeError),
    ],
)
def test_settings_are_validated_naming_the_parameter(kw, error):
    with pytest.raises(error, match=next(iter(kw))):
        cleaner.Cleaner(cleaner.RuleSet(), **kw)


@pytest.mark.parametrize(
    ("kw", "says"),
    [
        ({"encoding": {"uncurl_quotes": True}}, r"not dict: .*; .*EncodingOptions\(\*\*options\)"),
        ({"encoding": "utf-8"}, r"not str: 'utf-8'; .*not a charset.*clean_bytes"),
    ],
)
def test_an_encoding_that_is_no_encoding_options_says_what_to_pass(kw, says):
    with pytest.raises(TypeError, match=r"encoding takes cleaner\.encoding\.EncodingOptions.*" + says):
        cleaner.Cleaner(cleaner.RuleSet(), **kw)


@pytest.mark.parametrize("rules", ["", [""], ["mine/", ""]])
def test_an_empty_rules_path_is_an_error_not_the_working_folder(rules, tmp_path, monkeypatch):
    # Path("") is ".": an empty path (os.environ.get("RULES", "")) loaded every YAML file
    # under the working folder, and failed, if at all, on a file the user never named
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docker-compose.yml").write_text("services: {}\n", "utf-8")
    (tmp_path / "mine").mkdir()
    rule_file = REPO / "tests" / "cli" / "data" / "test_rules.yaml"  # a folder of rules, not an empty one
    (tmp_path / "mine" / "rules.yaml").write_bytes(rule_file.read_bytes())
    for call in (lambda: cleaner.Cleaner(rules), lambda: cleaner.load_rules(rules)):
        with pytest.raises(cleaner.RuleFileError, match=r"^an empty path names no rule file or folder"):
            call()
    errors: list[cleaner.RuleError] = []
    cleaner.load_rules([""], errors=errors)  # collected with the others, as a missing path is
    assert [type(e) for e in errors] == [cleaner.RuleFileError]


@pytest.mark.parametrize("rules", [5, b"rules/", [b"rules/"], ["rules/", 5], 1.5])
def test_rules_of_another_type_is_a_type_error_naming_rules(rules):
    # was "'int' object is not iterable", or for bytes "expected str, bytes or
    # os.PathLike object, not int" (of its first byte)
    for call in (lambda: cleaner.Cleaner(rules), lambda: cleaner.load_rules(rules)):
        says = r"^rules takes rule files or folders \(str or Path\).*, not (int|bytes|float): "
        with pytest.raises(TypeError, match=says):
            call()


def test_one_name_as_a_string_is_one_name(default_cleaner):
    text = "A sentence that stays here.\n[ad_1]\n"
    assert cleaner.Cleaner(select="autoblog").clean(text) == cleaner.Cleaner(select=["autoblog"]).clean(text)
    assert len(cleaner.Cleaner(ignore="autoblog").rules) == len(cleaner.Cleaner(ignore=["autoblog"]).rules)


def test_ruleset_select_takes_one_name_as_a_string_too():
    # RuleSet is public and a str is a Sequence[str]: select("ads") was select(["a", "d", "s"])
    # and failed with "'a' names no loaded rule, pack or category"
    rules = cleaner.load_rules()
    assert rules.select("autoblog") == rules.select(["autoblog"])
    assert rules.select(ignore="autoblog") == rules.select(ignore=["autoblog"])
    assert rules.select("autoblog").rules and len(rules.select(ignore="autoblog")) < len(rules)
    assert rules.select("whole-page", enable="whole-page").rules


@pytest.mark.parametrize(
    "source", ["article[1].txt", "http://[bad", r"C:\data\x[1].txt", "news[draft]/x.txt"]
)
def test_a_source_that_is_no_url_means_no_domain(default_cleaner, source):
    text = "A sentence that stays here.\n[ad_1]\n"
    got, plain = default_cleaner.clean(text, source=source), default_cleaner.clean(text)
    assert (got.text, got.removals) == (plain.text, plain.removals)
    assert plain.text == "A sentence that stays here."


def test_package_declares_its_type_hints():
    """PEP 561: without py.typed, type checkers read every cleaner name as Any."""
    from pathlib import Path

    assert (Path(cleaner.__file__).parent / "py.typed").is_file()


def _public_callables():
    for name in cleaner.__all__:
        obj = getattr(cleaner, name)
        if isinstance(obj, type) and issubclass(obj, BaseException):
            continue
        if not isinstance(obj, type):
            yield name, obj
            continue
        for attr, member in vars(obj).items():
            if attr.startswith("_") and attr not in ("__init__", "__iter__", "__len__"):
                continue
            member = member.fget if isinstance(member, property) else getattr(member, "__func__", member)
            if inspect.isfunction(member):
                yield f"{name}.{attr}", member


def test_the_public_api_is_annotated_without_any():
    """RuleSet.__iter__ had no annotation, so `for rule in cleaner.Cleaner().rules` gave
    Any under mypy --strict: every attribute of a rule went unchecked in user code."""
    problems = []
    for name, fn in _public_callables():
        hints = typing.get_type_hints(fn)
        params = [p for p in inspect.signature(fn).parameters if p not in ("self", "cls")]
        wanted = params + ([] if fn.__name__ == "__init__" else ["return"])
        problems += [f"{name}: {p} not annotated" for p in wanted if p not in hints]
        problems += [f"{name}: {p} is {t}" for p, t in hints.items() if "Any" in str(t)]
    assert not problems


def test_select_ignore_and_enable_take_a_set_by_their_types_too():
    """A set of names worked, but the parameters were typed Sequence[str], so
    Cleaner(select={"ads"}) was an error under mypy --strict in the user's code."""
    hints = typing.get_type_hints(cleaner.Cleaner.__init__)
    for param in ("select", "ignore", "enable"):
        assert collections.abc.Iterable[str] in typing.get_args(hints[param]), param
    from_sets = cleaner.Cleaner(
        select={"ads", "whole-page"}, ignore=frozenset({"ads.slot-label"}), enable={"whole-page"}
    )
    from_lists = cleaner.Cleaner(
        select=["ads", "whole-page"], ignore=["ads.slot-label"], enable=["whole-page"]
    )
    assert [r.id for r in from_sets.rules] == [r.id for r in from_lists.rules]
    assert "whole-page" in {r.pack for r in from_sets.rules}


@pytest.mark.parametrize("rules", [["ads", "social"], "ads", "byline.by-line", "comments"])
def test_a_name_given_as_rules_says_to_select_it(rules, tmp_path, monkeypatch):
    """Cleaner(["ads", "social"]), meant as select, said only "ads: no such rule file or
    folder": the first argument is the rules to load, which a reader of the README's
    Cleaner(rules=..., select=...) may miss."""
    monkeypatch.chdir(tmp_path)  # no folder of that name here
    name = rules[0] if isinstance(rules, list) else rules
    with pytest.raises(cleaner.RuleFileError, match=rf"select them \(select=\['{name}'\], --select {name}\)"):
        cleaner.Cleaner(rules)
    with pytest.raises(cleaner.RuleFileError, match=r"no such rule file or folder$"):
        cleaner.Cleaner("my_rules/")  # a path that names no rule gets no hint
    with pytest.raises(cleaner.RuleFileError, match=r"no such rule file or folder$"):
        cleaner.Cleaner("ads.yaml")  # nor does a rule file that is not there


def test_an_opt_in_pack_given_as_rules_says_to_enable_it(tmp_path, monkeypatch):
    """Cleaner("whole-page") was told to select the pack, and Cleaner(select=["whole-page"])
    runs no rule at all (opt-in rules run only when enabled): the advice gave a cleaner
    that removed nothing, without a word."""
    monkeypatch.chdir(tmp_path)
    hint = r"enable them \(enable=\['whole-page'\], --enable whole-page\)"
    with pytest.raises(cleaner.RuleFileError, match=hint):
        cleaner.Cleaner("whole-page")
    assert not cleaner.Cleaner(select=["whole-page"]).rules  # what the old advice gave
    assert len(cleaner.Cleaner(enable=["whole-page"]).rules) > len(cleaner.Cleaner().rules)


def test_a_source_or_clean_text_of_the_wrong_type_says_so(default_cleaner):
    """source=5 failed with "argument of type 'int' is not iterable", restore(None, [])
    with "'NoneType' object is not subscriptable"."""
    with pytest.raises(TypeError, match="source must be a URL or path as str"):
        default_cleaner.clean("Some text.", source=5)
    with pytest.raises(TypeError, match="source must be a URL or path as str"):
        default_cleaner.clean_html("<html><body><p>Some text.</p></body></html>", url=5)
    with pytest.raises(TypeError, match="restore\\(\\) takes the clean text as str, not NoneType"):
        cleaner.restore(None, [])


def test_restore_bytes_gives_back_bytes_that_did_not_decode(default_cleaner):
    # a stray windows-1252 apostrophe and a cut-off sequence in UTF-8, and an ad marker
    prose = "[ad_1]\nThe caf\u00e9 in M\u00fcnchen was full, the na\u00efve owner said (d\u00e9j\u00e0 vu).\n"
    data = prose.encode() + b"Don\x92t go \xe2\x80 ok.\n"
    r = default_cleaner.clean_bytes(data)
    assert r.removals and [u.data for u in r.undecoded] == [b"\x92", b"\xe2\x80"]
    assert cleaner.restore(r.text, r.removals).encode(r.encoding) != data  # the stand-ins' own bytes
    assert cleaner.restore_bytes(r.text, r.removals, r.encoding, r.undecoded) == data
    with pytest.raises(cleaner.RestoreError, match="unknown encoding"):
        cleaner.restore_bytes(r.text, r.removals, "x-no-such", r.undecoded)
    with pytest.raises(cleaner.RestoreError, match="has no bytes in ascii"):
        cleaner.restore_bytes(r.text, r.removals, "ascii", r.undecoded)


def test_a_bytes_result_stored_as_json_gives_back_its_bytes(default_cleaner):
    """A pipeline that keeps clean_bytes results in JSON (or a parquet column) had no way
    to keep r.undecoded, and without it restore_bytes gives the stand-ins' bytes."""
    prose = "[ad_1]\nThe caf\u00e9 in M\u00fcnchen was full, the na\u00efve owner said (d\u00e9j\u00e0 vu).\n"
    data = prose.encode() + b"Don\x92t go \xe2\x80 ok.\n"
    r = default_cleaner.clean_bytes(data)
    stored = json.dumps(
        {"text": r.text, "encoding": r.encoding, "removals": [x.to_dict() for x in r.removals],
         "undecoded": [u.to_dict() for u in r.undecoded]}
    )
    back = json.loads(stored)
    removals = [cleaner.Removal.from_dict(d) for d in back["removals"]]
    undecoded = [cleaner.Undecoded.from_dict(d) for d in back["undecoded"]]
    assert undecoded == list(r.undecoded) and len(undecoded) == 2
    assert cleaner.restore_bytes(back["text"], removals, back["encoding"], undecoded) == data


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ([1, 2, "92"], "a list, not a mapping"),
        ({"start": 1, "data": "92"}, "'end' is missing"),
        ({"start": -1, "end": 2, "data": "92"}, "'start' is -1"),
        ({"start": 3, "end": 2, "data": "92"}, r"\[3, 2\] is not a range"),
        ({"start": 1, "end": 2, "data": "zz"}, "'data' is 'zz' \\(str\\), not hex"),
        ({"start": 1, "end": True, "data": "92"}, "'end' is True"),
    ],
)
def test_an_undecoded_record_that_is_not_one_says_which_field(record, message):
    with pytest.raises(cleaner.RestoreError, match=message):
        cleaner.Undecoded.from_dict(record)


def test_warnings_round_trip_through_json_as_removals_do(default_cleaner):
    # clean_records and clean_column hand warnings out as to_dict() records, whose key is
    # "warning", not the field "code": CleanWarning(**d) failed, and nothing turned them back
    guard = default_cleaner.clean("[ad_1]\n[ad_2]\nSource link")
    decoded = default_cleaner.clean_bytes(b"Caf\xc3\xa9 ok \xff fine. The council voted on Tuesday.")
    timeout = cleaner.CleanWarning("rule-timeout", "slow", rule="a.b", offset=3)
    charset = cleaner.CleanWarning("decode", "read as cp1252", encoding="cp1252")
    warnings = [*guard.warnings, *decoded.warnings, timeout, charset]
    assert {w.code for w in warnings} == {"guard", "decode", "rule-timeout"}
    records = json.loads(json.dumps([w.to_dict() for w in warnings]))
    assert [cleaner.CleanWarning.from_dict(d) for d in records] == warnings
    # a warning record of the run's log carries "file" and "record" too
    logged = {"file": "a.txt", "record": 2, **timeout.to_dict()}
    assert cleaner.CleanWarning.from_dict(logged) == timeout


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (["guard", "m"], "a list, not a mapping"),
        ({"message": "m"}, "'warning' is missing"),
        ({"code": "guard", "message": "m"}, "'warning' is missing"),
        ({"warning": "guard"}, "'message' is missing"),
        ({"warning": 1, "message": "m"}, "'warning' is 1 \\(int\\), not a string"),
        ({"warning": "guard", "message": "m", "offset": "3"}, "'offset' is '3' \\(str\\), not an offset"),
        ({"warning": "guard", "message": "m", "offset": True}, "'offset' is True"),
        ({"warning": "guard", "message": "m", "offset": -1}, "'offset' is -1"),
        ({"warning": "guard", "message": "m", "rule": 5}, "'rule' is 5 \\(int\\), not a string"),
    ],
)
def test_a_warning_record_that_is_not_one_says_which_field(record, message):
    with pytest.raises(cleaner.RestoreError, match="not a warning record: " + message):
        cleaner.CleanWarning.from_dict(record)


def test_restore_bytes_takes_the_encoding_of_any_result(default_cleaner):
    """The README's restore_bytes(r.text, r.removals, r.encoding, r.undecoded) failed
    mypy --strict (a result's encoding is str | None, restore_bytes took str), and on a
    result of clean() raised "lookup() argument must be str, not None" from codecs."""
    result_type = typing.get_type_hints(cleaner.CleanResult)["encoding"]
    param_type = typing.get_type_hints(cleaner.restore_bytes)["encoding"]
    assert set(typing.get_args(result_type)) <= set(typing.get_args(param_type))
    text = "[ad_1]\nThe caf\u00e9 was full, a sentence long enough to be the bulk of it.\n"
    r = default_cleaner.clean(text)
    assert r.encoding is None and r.removals
    assert cleaner.restore_bytes(r.text, r.removals, r.encoding, r.undecoded) == text.encode()
    with pytest.raises(TypeError, match=r"restore_bytes\(\) takes the encoding as str \(or None\), not int"):
        cleaner.restore_bytes(r.text, r.removals, 8)  # type: ignore[arg-type]


def test_restore_of_log_records_says_to_make_them_removals(default_cleaner):
    """The removals of clean_records and clean_column, and the lines of removals.jsonl,
    are to_dict() records; restore() took them and failed with "'dict' object has no
    attribute 'start'"."""
    result = default_cleaner.clean("[ad_1]\nThe council met on Tuesday to talk about the budget.\n")
    records = [r.to_dict() for r in result.removals]
    with pytest.raises(TypeError, match=r"takes Removal records, not dict; .* Removal\.from_dict"):
        cleaner.restore(result.text, records)
    assert cleaner.restore(result.text, [cleaner.Removal.from_dict(d) for d in records]) == result.input_text


def test_restore_of_a_json_log_says_to_read_it_first(default_cleaner):
    """A clean_column row's removals are a JSON list in one string; given to restore(),
    each of its characters was a record, and the error was "not str" with no hint."""
    import json

    result = default_cleaner.clean("[ad_1]\nThe council met on Tuesday to talk about the budget.\n")
    column = json.dumps([r.to_dict() for r in result.removals])
    for log in (column, column.encode()):
        with pytest.raises(TypeError, match=r"not (str|bytes); for a JSON list .*Removal\.from_dict\(d\)"):
            cleaner.restore(result.text, log)  # type: ignore[arg-type]
    assert cleaner.restore(result.text, [cleaner.Removal.from_dict(d) for d in json.loads(column)]) == (
        result.input_text
    )


def test_benchmarks_use_only_public_names():
    """The benchmarks are what a pipeline author would write: every name they import from
    cleaner is in its module's ``__all__`` (or is a module), so a private helper they
    leaned on cannot change under them unseen."""
    import ast
    import importlib

    private = []
    scripts = sorted((REPO / "benchmarks").rglob("*.py"))
    assert len(scripts) > 5, "the benchmarks folder was not found"
    for path in scripts:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.ImportFrom) or not (node.module or "").startswith("cleaner"):
                continue
            module = importlib.import_module(node.module or "")
            for alias in node.names:
                public = alias.name in getattr(module, "__all__", ())
                if not public and not inspect.ismodule(getattr(module, alias.name, None)):
                    private.append(f"{path.name}:{node.lineno}: {node.module}.{alias.name}")
    assert not private
