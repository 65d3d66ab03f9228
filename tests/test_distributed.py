# Tests of the Dask path against a real LocalCluster of 2 worker processes: bag, record and
# dataframe helpers, `cleaner clean --engine dask` equal to a local run, and a killed worker.
from __future__ import annotations

import functools
import json
import os
import signal
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

_NO_DASK = "the dask extra is not installed (pip install '.[dask]')"
distributed = pytest.importorskip("distributed", reason=_NO_DASK)
dask_bag = pytest.importorskip("dask.bag", reason=_NO_DASK)


import cleaner  # noqa: E402
from cleaner.cli.main import main  # noqa: E402
from cleaner.distributed import clean_column, clean_records, clean_texts  # noqa: E402

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

pytestmark = [
    # the cluster's own housekeeping may warn (ports, closed comms); not what is tested
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::UserWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

_DEBRIS = ["[ad_1]", "Source link", "Share this:", "Advertisement", "Photo: Reuters", "Latest Posts"]


def _docs(n: int) -> list[str]:
    seeds = [p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    out = []
    for i in range(n):
        body = seeds[i % len(seeds)]
        out.append(f"{_DEBRIS[i % len(_DEBRIS)]}\nDocument {i}.\n{body}\n{_DEBRIS[(i + 2) % len(_DEBRIS)]}")
    return out


@pytest.fixture(scope="module", autouse=True)
def _clusters_leave_nothing(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The clusters of this module keep their scratch folders in the test run's temporary
    folder, not as dask-scratch-space in the system's, where they stayed; and this process's
    environment and sys.path are as they were after: distributed's nanny sets
    OMP_NUM_THREADS, MKL_NUM_THREADS, MALLOC_TRIM_THRESHOLD_ and PYTHONHASHSEED in it (every
    later subprocess of the tests inherited them), and its workers put their scratch
    folders on sys.path."""
    import dask

    env, path = dict(os.environ), list(sys.path)
    with dask.config.set({"temporary-directory": str(tmp_path_factory.mktemp("dask"))}):
        yield
    sys.path[:] = path
    for name in set(os.environ) - set(env) - {"PYTEST_CURRENT_TEST"}:
        del os.environ[name]
    os.environ.update({k: v for k, v in env.items() if k != "PYTEST_CURRENT_TEST"})


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


@pytest.fixture(scope="module")
def local():
    return cleaner.Cleaner()


def test_clean_texts_gives_the_local_results(client, local):
    docs = _docs(24)
    results = clean_texts(dask_bag.from_sequence(docs, npartitions=6), local).compute()
    assert len(results) == len(docs)
    for doc, got in zip(docs, results):
        want = local.clean(doc)
        assert (got.text, got.removals, got.warnings) == (want.text, want.removals, want.warnings)
        assert cleaner.restore(got.text, got.removals) == doc


def test_clean_records_keeps_fields_and_uses_the_url(client, local):
    recs = [{"id": i, "url": f"https://example.com/{i}", "text": d} for i, d in enumerate(_docs(10))]
    out = clean_records(dask_bag.from_sequence(recs, npartitions=3), local).compute()
    assert [r["id"] for r in out] == list(range(10))
    for rec, got in zip(recs, out):
        want = local.clean(rec["text"], source=rec["url"])
        assert got["text"] == want.text and got["url"] == rec["url"]
        assert got["removals"] == [r.to_dict() for r in want.removals]


def test_clean_column_adds_the_removal_log(client, local):
    import json

    import dask.dataframe as dd
    import pandas as pd

    docs = _docs(12)
    frame = dd.from_pandas(pd.DataFrame({"id": range(12), "text": docs}), npartitions=3)
    out = clean_column(frame, "text", local).compute()
    assert list(out["id"]) == list(range(12))
    for doc, text, log in zip(docs, out["text"], out["text_removals"]):
        want = local.clean(doc)
        assert text == want.text
        assert json.loads(log) == [r.to_dict() for r in want.removals]



@pytest.mark.parametrize("convert_string", [True, False])  # string[pyarrow] (pd.NA), object (None, NaN)
def test_clean_column_passes_missing_values_through(local, convert_string):
    import json

    import dask
    import dask.dataframe as dd
    import numpy as np
    import pandas as pd

    texts = pd.Series(["[ad_1]\nHi.\n", None, np.nan, "Bye."], dtype=object)
    with dask.config.set({"dataframe.convert-string": convert_string}):
        frame = dd.from_pandas(pd.DataFrame({"text": texts}), npartitions=1)
        out = clean_column(frame, "text", local).compute(scheduler="sync")
    assert out["text"][0] == local.clean("[ad_1]\nHi.\n").text and out["text"][3] == "Bye."
    assert out["text"][1:3].isna().all()
    assert [json.loads(log) for log in out["text_removals"][1:3]] == [[], []]
    assert out["text"].dtype == frame["text"].dtype


def test_clean_column_removals_of_undecodable_bytes_can_be_written(local, tmp_path):
    """A column read with errors="surrogateescape" holds lone surrogates for bytes that
    did not decode; encoding repair removes them, and the removals column held them
    unescaped, so to_parquet (or to_json, to_csv) of the cleaned frame failed with
    "surrogates not allowed" although the clean text had none."""
    import json

    import dask
    import dask.dataframe as dd
    import pandas as pd

    raw = "The caf\u00e9 was full of people, a sentence long enough.\n".encode() + b"Bad \xff byte.\n"
    text = raw.decode("utf-8", "surrogateescape")
    with dask.config.set({"dataframe.convert-string": False}):  # pyarrow refuses the input itself
        frame = dd.from_pandas(pd.DataFrame({"text": pd.Series([text], dtype=object)}), npartitions=1)
        out = clean_column(frame, "text", local, warnings_column="text_warnings").compute(scheduler="sync")
    log = out["text_removals"][0]
    assert "\\udcff" in log and "\udcff" not in out["text"][0]
    log.encode("utf-8")
    out.to_parquet(tmp_path / "clean.parquet")
    back = pd.read_parquet(tmp_path / "clean.parquet")
    removals = [cleaner.Removal.from_dict(d) for d in json.loads(back["text_removals"][0])]
    assert cleaner.restore(back["text"][0], removals) == text


def test_clean_column_of_a_category_column_keeps_the_clean_texts(local):
    """Cast back to the input's category dtype, every clean text became NaN (it is not
    among the categories): the text was lost with no error. Parquet's dictionary-encoded
    columns arrive as categories."""
    import dask.dataframe as dd
    import pandas as pd

    docs = ["[ad_1]\nHello world, the story.\n", "Plain text.   ", "[ad_1]\nHello world, the story.\n"]
    frame = dd.from_pandas(pd.DataFrame({"text": pd.Series(docs, dtype="category")}), npartitions=1)
    out = clean_column(frame, "text", local)
    got = out.compute(scheduler="sync")
    assert list(got["text"]) == [local.clean(d).text for d in docs]
    assert got["text"].dtype == out._meta["text"].dtype == object


@pytest.mark.parametrize("convert_string", [True, False])
def test_clean_column_partitions_have_the_dtypes_of_its_meta(local, convert_string):
    """The removals column's meta took the text column's dtype while each partition got
    whatever pandas inferred from a list of str (pandas 3: str, NaN-backed), and a
    partition of all-missing text that a file gave as float64 came out object: dask's
    meta and the data disagreed, which breaks schema checks and appends of to_parquet."""
    import dask
    import dask.dataframe as dd
    import numpy as np
    import pandas as pd

    with dask.config.set({"dataframe.convert-string": convert_string}):
        texts = dd.from_pandas(pd.DataFrame({"text": ["[ad_1]\nHi.\n", "Bye."]}), npartitions=1)
        missing = pd.DataFrame({"text": [np.nan, np.nan]}, index=[2, 3])  # all-missing file
        parts = [texts.to_delayed()[0], dask.delayed(missing)]
        frame = dd.from_delayed(parts, meta=texts._meta, verify_meta=False)
        out = clean_column(frame, "text", local)
        parts = dask.compute(*out.to_delayed(), scheduler="sync")
    assert [dict(p.dtypes) for p in parts] == [dict(out._meta.dtypes)] * 2
    assert parts[1]["text"].isna().all() and list(parts[1]["text_removals"]) == ["[]", "[]"]


def test_clean_column_with_a_wrong_column_name_fails_at_once(local):
    """A url_column the frame lacks was taken without a word and failed only when a
    worker cleaned the first partition, with a bare KeyError('link')."""
    import dask.dataframe as dd
    import pandas as pd

    frame = dd.from_pandas(pd.DataFrame({"text": ["Hi."], "url": ["https://a.example/"]}), npartitions=1)
    with pytest.raises(KeyError, match="url_column 'link' is not a column of the frame"):
        clean_column(frame, "text", local, url_column="link")
    with pytest.raises(KeyError, match=r"column 'body' is not a column .*\(its columns: 'text', 'url'\)"):
        clean_column(frame, "body", local)


def test_helpers_given_other_data_say_what_they_take(local):
    """A list or a pandas frame failed with "'list' object has no attribute
    'map_partitions'" or "'DataFrame' object has no attribute '_meta'", and a dask
    Series given to clean_texts with a bare NotImplementedError."""
    import dask.dataframe as dd
    import pandas as pd

    frame = pd.DataFrame({"text": ["Hi."]})
    dask_frame = dd.from_pandas(frame, npartitions=1)
    for call, says in [
        (lambda: clean_texts(["Hi."], local), r"clean_texts\(\) takes a dask bag of strings .*not list;"),
        (lambda: clean_texts(dask_frame["text"], local), r"not dask\.Series; for a dask or pandas frame"),
        (lambda: clean_records([{"text": "Hi."}], local), r"clean_records\(\) takes a dask bag of records"),
        (lambda: clean_column(frame, "text", local), r"not pandas\.DataFrame; make one with .*from_pandas"),
        (lambda: clean_column(dask_frame["text"]), r"not dask\.Series; .*series\.to_frame\(\)"),
    ]:
        with pytest.raises(TypeError, match=says):
            call()


def test_a_cleaner_argument_that_is_no_cleaner_fails_at_once(local):
    """clean_column(frame, "text", "url") (the url column as the third argument, which is
    the Cleaner) built the graph without a word, and every partition then failed on a
    worker with "'str' object has no attribute 'clean'"; a RuleSet the same way."""
    import dask.dataframe as dd
    import pandas as pd

    frame = dd.from_pandas(pd.DataFrame({"text": ["Hi."], "url": ["https://a.example/"]}), npartitions=1)
    bag = dask_bag.from_sequence(["Hi."])
    records = dask_bag.from_sequence([{"text": "Hi."}])
    takes = r"\(\) takes a Cleaner \(or None: the default packs\), not "
    for call, says in [
        (lambda: clean_column(frame, "text", "url"), f"^clean_column{takes}str: 'url'; .*url_column='url'"),
        (lambda: clean_records(records, "text"), f"^clean_records{takes}str: 'text'; .*text_field='text'"),
        (lambda: clean_texts(bag, local.rules), r"^clean_texts" + takes + r"RuleSet; .*Cleaner\(rules\)"),
        (lambda: clean_texts(bag, 0.8), r"^clean_texts" + takes + "float: 0.8$"),
    ]:
        with pytest.raises(TypeError, match=says):
            call()


def test_output_names_that_clash_are_refused_at_once(local):
    """warnings_column="text_removals" (the removals' default) replaced each row's removal
    log with its warnings, removals_column="text" the clean text with the log, and
    warnings_field="removals" each record's log: without a word, and the inputs could no
    longer be rebuilt."""
    import dask.dataframe as dd
    import pandas as pd

    frame = dd.from_pandas(pd.DataFrame({"text": ["Hi."]}), npartitions=1)
    records = dask_bag.from_sequence([{"text": "Hi."}])
    column = functools.partial(clean_column, frame, "text", local)
    record = functools.partial(clean_records, records, local)
    for call, says in [
        (lambda: column(removals_column="text"), "removals_column 'text' is column"),
        (lambda: column(warnings_column="text"), "warnings_column 'text' is column"),
        (
            lambda: column(warnings_column="text_removals"),  # the removals' default name
            "warnings_column 'text_removals' is removals_column",
        ),
        (lambda: record(warnings_field="removals"), "warnings_field 'removals' is removals_field"),
        (lambda: record(removals_field="text"), "removals_field 'text' is text_field"),
    ]:
        with pytest.raises(ValueError, match=f"^{says} too: each needs a name of its own"):
            call()
    # names of their own, or left out, are fine
    clean_column(frame, "text", local, removals_column=None, warnings_column="text_removals")
    clean_records(records, local, removals_field=None, warnings_field="removals")


def test_cleaning_again_never_replaces_the_first_removal_log(local, tmp_path, capsys):
    """clean_records over records it had cleaned (clean_column over its own frame) wrote
    a new, empty log over the first: the text before the first clean could no longer be
    rebuilt. A field or column already there is refused, naming it and how to choose
    another name, as the command line refuses to overwrite a record's text field."""
    import dask.dataframe as dd
    import pandas as pd

    doc = "[ad_1]\nThe council met on Tuesday to vote on the budget for next year.\nSource link"
    once = clean_records(dask_bag.from_sequence([{"text": doc}]), local).compute(scheduler="sync")
    first_log = [cleaner.Removal.from_dict(r) for r in once[0]["removals"]]
    assert first_log and cleaner.restore(once[0]["text"], first_log) == doc
    again = dask_bag.from_sequence(once, npartitions=1)
    says = r"record has a 'removals' field already.*removals_field="
    with pytest.raises(cleaner.InputError, match=says):
        clean_records(again, local).compute(scheduler="sync")
    assert once[0]["removals"]  # the records given were not changed either
    # a name of its own keeps both logs: restore the second, then the first
    twice = clean_records(again, local, removals_field="removals_2").compute(scheduler="sync")
    assert twice[0]["removals"] == once[0]["removals"] and twice[0]["removals_2"] == []
    noted = dask_bag.from_sequence([{"text": doc, "warnings": ["from the crawler"]}])
    with pytest.raises(cleaner.InputError, match=r"record has a 'warnings' field already.*warnings_field="):
        clean_records(noted, local, warnings_field="warnings").compute(scheduler="sync")
    kept = clean_records(noted, local).compute(scheduler="sync")  # a field it does not write is kept
    assert kept[0]["warnings"] == ["from the crawler"]

    frame = clean_column(dd.from_pandas(pd.DataFrame({"text": [doc]}), npartitions=1), "text", local)
    for kw, name in [({}, "removals_column 'text_removals'"), ({"warnings_column": "text_removals",
                     "removals_column": "text_log"}, "warnings_column 'text_removals'")]:
        with pytest.raises(ValueError, match=rf"^{name} is a column of the frame already.*="):
            clean_column(frame, "text", local, **kw)  # at once, before a partition is cleaned
    both = clean_column(frame, "text", local, removals_column="text_removals_2").compute(scheduler="sync")
    assert json.loads(both["text_removals"][0]) == once[0]["removals"]
    assert json.loads(both["text_removals_2"][0]) == []

    # the command line over the records cleaned once keeps their log as any other field
    (tmp_path / "once.jsonl").write_text(json.dumps(once[0]) + "\n", "utf-8")
    assert main(["clean", str(tmp_path / "once.jsonl"), "-o", str(tmp_path / "out"), "-q"]) == 0
    assert json.loads((tmp_path / "out" / "once.jsonl").read_text("utf-8")) == once[0]


def test_warnings_reach_the_frame_and_the_records(local):
    """clean_column had no way to give the warnings: a pipeline on a dataframe never
    learnt that the guard left a row uncleaned or that a rule timed out."""
    import json

    import dask
    import dask.dataframe as dd
    import pandas as pd

    docs = ["[ad_1]\nHi.", None, "The council met on Tuesday."]  # the first trips the guard
    with dask.config.set({"dataframe.convert-string": False}):
        frame = dd.from_pandas(pd.DataFrame({"text": pd.Series(docs, dtype=object)}), npartitions=1)
        out = clean_column(frame, "text", local, warnings_column="text_warnings")
        got = out.compute(scheduler="sync")
    assert dict(got.dtypes) == dict(out._meta.dtypes)
    want = [w.to_dict() for w in local.clean(docs[0]).warnings]
    assert want and want[0]["warning"] == "guard"
    assert [json.loads(w) for w in got["text_warnings"]] == [want, [], []]
    assert "text_warnings" not in clean_column(frame, "text", local).columns  # only when named

    recs = [{"text": docs[0]}, {"text": docs[2]}]
    bag = clean_records(dask_bag.from_sequence(recs, npartitions=1), local, warnings_field="warnings")
    assert [r["warnings"] for r in bag.compute(scheduler="sync")] == [want, []]


def test_clean_records_says_what_the_record_has_instead(local):
    """A record without the text field failed with "record has no string field 'text'":
    no word of whether it was absent or null, nor of the field the text was in; a JSON
    line that is not an object failed with "'list' object has no attribute 'get'"."""
    bag = dask_bag.from_sequence([{"id": 1, "body": "Hi."}], npartitions=1)
    with pytest.raises(cleaner.InputError, match=r"'text' is absent \(the record's fields: 'id', 'body'\)"):
        clean_records(bag, local).compute(scheduler="sync")
    bag = dask_bag.from_sequence([{"text": None}], npartitions=1)
    with pytest.raises(cleaner.InputError, match=r"'text' is NoneType, not a string"):
        clean_records(bag, local).compute(scheduler="sync")
    with pytest.raises(cleaner.InputError, match=r"a record is a list, not a dict"):
        clean_records(dask_bag.from_sequence([["Hi."]], npartitions=1), local).compute(scheduler="sync")


def test_clean_column_names_the_row_of_a_value_that_is_not_text(local):
    import dask
    import dask.dataframe as dd
    import pandas as pd

    with dask.config.set({"dataframe.convert-string": False}):
        frame = dd.from_pandas(pd.DataFrame({"text": pd.Series(["Hi.", 7], dtype=object)}), npartitions=1)
        with pytest.raises(cleaner.InputError, match=r"column 'text', row 1: int value"):
            clean_column(frame, "text", local).compute(scheduler="sync")

def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and not p.name.startswith(".")
    }


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    root = tmp_path_factory.mktemp("in")
    for i, doc in enumerate(_docs(9)):
        sub = root / ("a" if i % 3 == 0 else "b/c" if i % 3 == 1 else "")
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"doc{i}.txt").write_text(doc, "utf-8")
    (root / "notes.bin").write_bytes(b"passed over")
    return root


def test_cli_dask_run_equals_local_run(client, inputs, tmp_path, capsys):
    assert main(["clean", str(inputs), "-o", str(tmp_path / "local"), "--jobs", "1"]) == 0
    local_summary = capsys.readouterr().err
    args = ["clean", str(inputs), "-o", str(tmp_path / "dask"), "--engine", "dask"]
    assert main([*args, "--scheduler", client.scheduler.address]) == 0
    dask_summary = capsys.readouterr().err
    assert _tree(tmp_path / "dask") == _tree(tmp_path / "local")
    assert dask_summary == local_summary


def test_cli_dask_reads_and_writes_fsspec_urls(client, inputs, tmp_path, capsys):
    assert main(["clean", str(inputs), "-o", str(tmp_path / "local"), "--jobs", "1", "-q"]) == 0
    args = ["clean", inputs.as_uri(), "-o", (tmp_path / "url").as_uri(), "--engine", "dask"]
    assert main([*args, "--scheduler", client.scheduler.address, "-q"]) == 0
    assert _tree(tmp_path / "url") == _tree(tmp_path / "local")


@pytest.fixture(scope="module")
def thread_client():
    """A cluster in this process, so that it sees the fsspec filesystems the tests register
    and the ``memory://`` store they fill: object storage without a server."""
    cluster = distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    )
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


def _denying_fs() -> Any:
    """``denying://``: the memory store, but an object with "denied" in its path cannot be
    fetched or put, as an object store answers a key the credentials may not touch."""
    import fsspec
    from fsspec.implementations.memory import MemoryFileSystem

    class DenyingFileSystem(MemoryFileSystem):
        protocol = "denying"

        @classmethod
        def _strip_protocol(cls, path):
            return super()._strip_protocol(str(path).removeprefix("denying://"))

        def get_file(self, rpath, lpath, *args, **kwargs):
            if "denied" in rpath:
                raise PermissionError("Access Denied")
            if "Gone" in rpath:
                self.rm_file(rpath)  # deleted by someone else since the listing
            return super().get_file(rpath, lpath, *args, **kwargs)

        def put_file(self, lpath, rpath, *args, **kwargs):
            if "denied" in rpath:
                raise PermissionError("Access Denied")
            return super().put_file(lpath, rpath, *args, **kwargs)

        def isdir(self, path):
            if "denied" in path:
                raise PermissionError("Access Denied")
            return super().isdir(path)

        def touch(self, path, *args, **kwargs):
            if "denied" in path:
                raise PermissionError("Access Denied")
            return super().touch(path, *args, **kwargs)

    fsspec.register_implementation("denying", DenyingFileSystem, clobber=True)
    return fsspec.filesystem("denying")


def test_an_object_the_store_refuses_fails_alone(thread_client, tmp_path, capsys):
    """An object that could not be fetched or put (no such key, access denied) stopped the
    whole run with "cleaner: error: the specified key does not exist.", naming no URL; the
    files after it were never cleaned and the log ended there."""
    fs = _denying_fs()
    root = f"/{uuid.uuid4().hex}"
    fs.pipe(
        {
            f"{root}/in/a.txt": b"Hello.\nShare this:\n",
            f"{root}/in/denied.txt": b"Hi.\n",
            f"{root}/in/z.txt": b"Bye.\n",
        }
    )
    dask = ["--engine", "dask", "--scheduler", thread_client.scheduler.address, "-q"]
    try:
        assert main(["clean", f"denying://{root}/in/", "-o", str(tmp_path / "out"), *dask]) == 1
        assert capsys.readouterr().err == f"cleaner: denying://{root}/in/denied.txt: access denied\n"
        out_names = sorted(p.name for p in (tmp_path / "out").iterdir())
        assert out_names == [".cleaner-manifest.json", "a.txt", "removals.jsonl", "z.txt"]
        log = [json.loads(line) for line in (tmp_path / "out" / "removals.jsonl").open(encoding="utf-8")]
        assert {"file": "denied.txt", "error": "access denied"} in log
        assert log[-1]["file"] == "z.txt"

        out, seed = f"denying://{root}/denied-out", "000_c78b69ede8a2648a.txt"
        assert main(["clean", str(SEEDS / seed), "-o", out, "--log", str(tmp_path / "log"), *dask]) == 1
        cause = f"cannot write its output {out}/{seed}: access denied"
        assert capsys.readouterr().err.endswith(f": {cause}\n")
        assert json.loads((tmp_path / "log").read_text("utf-8")) == {"file": seed, "error": cause}
    finally:
        fs.rm(root, recursive=True)


def test_an_object_gone_before_its_fetch_is_said_to_be_gone(thread_client, tmp_path, capsys):
    """An object deleted between the listing and its fetch failed as "cleaner:
    memory://R/In/Page.TXT: /r/in/page.txt": fsspec drivers raise FileNotFoundError with
    the path as its only text, which was given as the cause, lower-cased."""
    fs = _denying_fs()
    root = f"/{uuid.uuid4().hex}"
    fs.pipe({f"{root}/In/Gone.TXT": b"Hi.\n", f"{root}/In/kept.txt": b"Bye.\n"})
    dask = ["--engine", "dask", "--scheduler", thread_client.scheduler.address, "-q"]
    try:
        assert main(["clean", f"denying://{root}/In/", "-o", str(tmp_path / "out"), *dask]) == 1
        assert capsys.readouterr().err == f"cleaner: denying://{root}/In/Gone.TXT: no such file or object\n"
    finally:
        fs.rm(root, recursive=True)


@pytest.mark.parametrize("where", ["input", "output", "log"])
def test_a_url_without_its_fsspec_driver_says_what_to_install(where, tmp_path, capsys):
    """An s3:// URL on a machine without s3fs stopped the run with an ImportError's
    traceback ("Install s3fs to access S3"), the output's only once inputs were read."""
    import fsspec

    fsspec.register_implementation("nodriver", "cleaner_test_no_driver.FileSystem", clobber=True)
    url = "nodriver://bucket/key/"
    argv = [str(SEEDS), "-o", str(tmp_path / "out")]
    if where == "input":
        argv[0] = url
    elif where == "output":
        argv[2] = url
    else:
        argv += ["--log", url + "removals.jsonl"]
        url += "removals.jsonl"
    assert main(["clean", *argv, "--engine", "dask", "-q"]) == 2
    assert capsys.readouterr().err == (
        f"cleaner: error: {url}: nodriver:// URLs need the fsspec driver cleaner_test_no_driver: "
        "pip install cleaner_test_no_driver, here and in the workers' environment (see docs/dask.md)\n"
    )
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("to", ["memory", "local"])
def test_an_input_that_fails_loses_its_earlier_output(to, thread_client, tmp_path, capsys):
    """Cleaning objects from a store again after one became a bad file left the earlier
    run's output of it in OUT (the local run removes it): an output the log now says
    failed, out of step with its input."""
    import fsspec

    fs = fsspec.filesystem("memory")
    root = f"/{uuid.uuid4().hex}"
    fs.pipe({f"{root}/in/a.txt": b"Hello.\n", f"{root}/in/b.txt": b"World.\n"})
    out = f"memory://{root}/out" if to == "memory" else str(tmp_path / "out")
    argv = ["clean", f"memory://{root}/in/", "-o", out, "--engine", "dask", "-q"]
    argv += ["--scheduler", thread_client.scheduler.address]
    out_fs, out_root = fsspec.core.url_to_fs(out)
    try:
        assert main(argv) == 0
        assert out_fs.exists(f"{out_root}/b.txt")
        fs.pipe(f"{root}/in/b.txt", bytes(range(256)) * 8)  # binary data now
        assert main(argv) == 1
        assert capsys.readouterr().err == f"cleaner: memory://{root}/in/b.txt: binary data, not text\n"
        assert out_fs.cat(f"{out_root}/a.txt") == b"Hello."
        assert not out_fs.exists(f"{out_root}/b.txt")
    finally:
        fs.rm(root, recursive=True)


@pytest.mark.parametrize("to", ["memory", "local"])
def test_a_dry_run_keeps_the_log_of_a_dask_run(to, thread_client, tmp_path, capsys):
    """A dry run with --engine dask into the OUTDIR of a run replaced that run's log (the
    local engine refuses, as restore needs it): the outputs were left with no log."""
    import fsspec

    root = f"/{uuid.uuid4().hex}"
    out = f"memory://{root}/out" if to == "memory" else str(tmp_path / "out")
    fs, log = fsspec.core.url_to_fs(f"{out}/removals.jsonl")
    dask = ["--engine", "dask", "--scheduler", thread_client.scheduler.address, "-q"]
    try:
        assert main(["clean", str(SEEDS), "-o", out, *dask]) == 0
        before = fs.cat(log)
        assert main(["clean", str(SEEDS), "-o", out, "--dry-run", "--select", "ads", *dask]) == 2
        assert capsys.readouterr().err == (
            f"cleaner: error: {out}/removals.jsonl is the removal log of the run in {out}, which "
            "restore needs; a dry run would replace it: give --log another file\n"
        )
        assert fs.cat(log) == before
        other = f"{out}/dry.jsonl"
        assert main(["clean", str(SEEDS), "-o", out, "--dry-run", "--log", other, *dask]) == 0
        assert fs.cat(log) == before
    finally:
        if to == "memory":
            fs.rm(root, recursive=True)


def test_a_dry_run_can_be_run_again_into_a_local_outdir(thread_client, tmp_path, capsys):
    """A dry run into the local OUTDIR of a run, with --log naming another file there,
    could not be run a second time: the log its first run left was taken for the run's
    own ("is the removal log of the run in OUT"), though the manifest names the run's."""
    out = tmp_path / "out"
    dask = ["--engine", "dask", "--scheduler", thread_client.scheduler.address, "-q"]
    assert main(["clean", str(SEEDS), "-o", str(out), *dask]) == 0
    dry = ["clean", str(SEEDS), "-o", str(out), "--dry-run", *dask]
    assert main([*dry, "--log", str(out / "dry.jsonl")]) == 0
    assert main([*dry, "--log", str(out / "dry.jsonl")]) == 0, capsys.readouterr().err
    assert main([*dry, "--log", str(out / "removals.jsonl")]) == 2  # the run's own: still refused


def test_log_dash_is_standard_output(thread_client, tmp_path, monkeypatch, capfd):
    """--log - with --engine dask wrote the log into a file named "-" in the working
    folder, and nothing to standard output, where cli.md says it goes."""
    monkeypatch.chdir(tmp_path)
    dask = ["--engine", "dask", "--scheduler", thread_client.scheduler.address, "-q"]
    assert main(["clean", str(SEEDS), "-o", "out", *dask]) == 0
    assert main(["clean", str(SEEDS), "-o", "again", "--log", "-", *dask]) == 0
    assert capfd.readouterr().out.encode() == (tmp_path / "out" / "removals.jsonl").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["again", "out"]


def test_relative_paths_are_the_submitting_machines(client, tmp_path, monkeypatch, capsys):
    """With a cluster started elsewhere (dask worker on other machines, or in another
    folder), `cleaner clean --engine dask in -o out` sent the relative paths as they
    were: each worker looked for in/ and wrote out/ in its own working folder, so every
    file failed with "no such file or directory" (or landed in the wrong place)."""
    import shutil

    shutil.copytree(SEEDS, tmp_path / "in")
    monkeypatch.chdir(tmp_path)  # the workers were started in another folder
    assert main(["clean", "in", "-o", "local", "--jobs", "1"]) == 0
    local_summary = capsys.readouterr().err
    dask = ["--engine", "dask", "--scheduler", client.scheduler.address]
    assert main(["clean", "in", "-o", "out", *dask]) == 0
    assert capsys.readouterr().err == local_summary
    assert _tree(tmp_path / "out") == _tree(tmp_path / "local")


def test_a_store_that_refuses_the_listing_or_the_log_is_named(thread_client, tmp_path, capsys):
    """Wrong credentials, no credentials or an unreachable endpoint ended the run in a
    botocore traceback (NoCredentialsError, EndpointConnectionError) while listing the
    inputs, or in "cleaner: error: the aws access key id you provided does not exist in
    our records." naming no URL; an s3:// log the store refused was found out only when
    it was closed, after every output had failed, one line each."""
    fs = _denying_fs()
    root = f"/{uuid.uuid4().hex}"
    fs.pipe({f"{root}/denied/a.txt": b"Hi.\n"})
    dask = ["--engine", "dask", "--scheduler", thread_client.scheduler.address]
    try:
        argv = ["clean", f"denying://{root}/denied/", str(SEEDS), "-o", str(tmp_path / "out"), *dask]
        assert main(argv) == 1
        err = capsys.readouterr().err
        message = f"cleaner: denying://{root}/denied/: cannot read it (access denied); none of it was cleaned"
        assert err.startswith(message + "\n")
        assert "failed 1" in err
        assert _tree(tmp_path / "out").keys() >= {"000_c78b69ede8a2648a.txt", "removals.jsonl"}

        out = f"denying://{root}/denied-out"
        assert main(["clean", str(SEEDS), "-o", out, *dask, "-q"]) == 2
        assert capsys.readouterr().err == (
            f"cleaner: error: cannot write the log {out}/removals.jsonl: access denied\n"
        )
    finally:
        fs.rm(root, recursive=True)


def test_a_local_outdir_is_held_and_swept_as_in_a_local_run(thread_client, tmp_path, capsys):
    """A Dask run into a local OUTDIR took no lock (a local run writing there at the
    same time, or a second Dask run, truncated its log) and left the temp files a
    killed run had left, which cli.md says the next run into OUTDIR removes."""
    from cleaner.cli.outdir import only_run_in

    out = tmp_path / "out"
    (out / "sub").mkdir(parents=True)
    stale = out / "sub" / ".cleaner-tmp-killed.part"
    stale.write_bytes(b"half an output")
    argv = ["clean", str(SEEDS), "-o", str(out), "--engine", "dask", "-q"]
    argv += ["--scheduler", thread_client.scheduler.address]
    with only_run_in(out):  # another run is writing there
        assert main(argv) == 2
    assert capsys.readouterr().err == (
        f"cleaner: error: another cleaner clean is writing into the output folder {out}; "
        "wait for it to finish, or choose another output folder\n"
    )
    assert stale.exists() and not (out / "removals.jsonl").exists()
    assert main(argv) == 0
    assert not stale.exists()


def test_a_local_resume_after_a_dask_run_into_its_outdir_keeps_the_log_whole(thread_client, tmp_path, capsys):
    """A Dask run into the OUTDIR of a local run left that run's manifest there, which no
    longer described the outputs or the log; a local --resume then trusted it, kept the
    head of the Dask run's log as its own and wrote after it: a broken log record, and
    restore failed on the outputs. (The Dask run now keeps a manifest of its own.)"""
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "a.txt").write_text("Hello there, this is a story.\nShare this:\n", "utf-8")
    (src / "b.txt").write_text("World news of the day is here.\nAdvertisement\n", "utf-8")
    assert main(["clean", str(src), "-o", str(out), "-q"]) == 0
    (src / "a.txt").write_text("A changed story, longer than it was.\nShare this:\nAdvertisement\n", "utf-8")
    (src / "c.txt").write_text("Line of a story.\nShare this:\n" * 50, "utf-8")
    dask = ["--engine", "dask", "--scheduler", thread_client.scheduler.address]
    assert main(["clean", str(src), "-o", str(out), "-q", *dask]) == 0
    assert main(["clean", str(src), "-o", str(out), "-q", "--resume"]) == 0
    capsys.readouterr()
    for line in (out / "removals.jsonl").read_text("utf-8").splitlines():
        json.loads(line)
    assert main(["restore", str(out), "--check", str(src)]) == 0


def test_a_local_dry_run_keeps_the_log_of_a_dask_run(thread_client, tmp_path, capsys):
    """A local --dry-run into the OUTDIR of a Dask run replaced that run's log, which
    restore needs (cli.md: a dry run into an OUTDIR that holds a run's outputs stops): the
    local guard reads the log's name from the manifest, and a Dask run wrote none."""
    out = tmp_path / "out"
    dask = ["--engine", "dask", "--scheduler", thread_client.scheduler.address, "-q"]
    assert main(["clean", str(SEEDS), "-o", str(out), *dask]) == 0
    before = (out / "removals.jsonl").read_bytes()
    assert main(["clean", str(SEEDS), "-o", str(out), "--dry-run", "--select", "ads", "-q"]) == 2
    assert capsys.readouterr().err == (
        f"cleaner: error: {out / 'removals.jsonl'} is the removal log of the run in {out}, which "
        "restore needs; a dry run would replace it: give --log another file\n"
    )
    assert (out / "removals.jsonl").read_bytes() == before
    assert main(["restore", str(out), "--check", str(SEEDS)]) == 0


_DIE_ON_B = """
import os
import cleaner.io.clean_file as cf

real = cf.clean_file


def dying(cleaner, task):
    if task.source.rel == "b.txt":  # as a worker killed for its memory, every time
        os._exit(1)
    return real(cleaner, task)


cf.clean_file = dying
"""


def test_a_file_that_kills_its_worker_fails_alone(tmp_path, capsys):
    """A file whose cleaning killed the worker each time (out of memory) stopped the run
    with a KilledWorker traceback; and once the only worker had died, the cleaner
    scattered to it was lost for good, so every task after it was cancelled ("already
    forgotten") and the run ended in a FutureCancelledError. And the earlier run's output
    of that file was left in OUT, beside a log that says it was not cleaned, as no other
    failed input's is."""
    import dask

    src = tmp_path / "in"
    src.mkdir()
    for name, text in (("a.txt", "Hello.\n"), ("b.txt", "Boom.\n"), ("c.txt", "Bye.\n")):
        (src / name).write_text(text, "utf-8")
    # a task fails at the first death of its worker; one task at a time on the worker, so
    # that only b.txt was running there when it died
    config = {"distributed.scheduler.allowed-failures": 0, "distributed.scheduler.worker-saturation": 1.0}
    with dask.config.set(config):
        cluster = distributed.LocalCluster(
            n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None
        )
    client = distributed.Client(cluster)
    try:
        argv = ["clean", str(src), "-o", str(tmp_path / "out"), "--engine", "dask", "-q"]
        argv += ["--scheduler", cluster.scheduler_address]
        assert main(argv) == 0
        assert (tmp_path / "out" / "b.txt").exists()
        client.run(exec, _DIE_ON_B, {})  # the worker's clean_file dies on b.txt from now on
        assert main(argv) == 1
        assert capsys.readouterr().err == (
            f"cleaner: {src / 'b.txt'}: the worker cleaning it died each time it was tried "
            "(out of memory?); not cleaned\n"
        )
        out_names = sorted(p.name for p in (tmp_path / "out").iterdir())
        assert out_names == [".cleaner-manifest.json", "a.txt", "c.txt", "removals.jsonl"]
    finally:
        client.close()
        cluster.close()


def test_the_window_of_tasks_follows_workers_that_join():
    """The window of tasks in flight was set once, from the workers at the start: on an
    adaptive cluster, or one whose workers were still waiting in a batch queue, it was 4
    for the whole run, so at most 4 workers ever had work (6 joined: 4 were used)."""
    from cleaner.cli.clean_dask import _ordered

    class Future:
        def __init__(self, client, n):
            self.client, self.n = client, n

        def result(self):
            self.client.in_flight.append(self.client.submitted - self.n + 1)
            return self.n

    class Client:  # no worker at the start, then 8 single-thread workers
        def __init__(self):
            self.submitted, self.in_flight, self.asked = 0, [], 0

        def nthreads(self):
            self.asked += 1
            return {} if self.asked == 1 else {f"w{i}": 1 for i in range(8)}

        def submit(self, func, cleaner, job, pure):
            self.submitted += 1
            return Future(self, self.submitted)

    client = Client()
    assert list(_ordered(client, None, range(100))) == list(range(1, 101))
    assert max(client.in_flight) == 32  # 4 per worker thread once they are there


@pytest.mark.parametrize("how", ["url log", "file urls"])
def test_a_run_with_urls_never_writes_into_a_local_input(how, thread_client, tmp_path, capsys):
    """As soon as one argument was a URL (an s3:// log, or file:// for the folders), the
    Dask path skipped the check that the output is apart from every input: `in -o in
    --log s3://b/log` cleaned every input in place, and the originals were gone."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_bytes(b"Hello.  \n")
    if how == "url log":
        argv = [str(src), "-o", str(src), "--log", f"memory:///{uuid.uuid4().hex}/log.jsonl"]
        says = f"output folder {src} is input {src}"
    else:
        argv = [src.as_uri(), "-o", (src / "out").as_uri()]
        says = f"output folder {src / 'out'} is inside input {src}"
    dask = ["--engine", "dask", "--scheduler", thread_client.scheduler.address, "-q"]
    assert main(["clean", *argv, *dask]) == 2
    assert capsys.readouterr().err == (
        f"cleaner: error: {says}; choose an output folder apart from every input "
        "(inputs are never written to)\n"
    )
    assert [p.name for p in src.iterdir()] == ["a.txt"]
    assert (src / "a.txt").read_bytes() == b"Hello.  \n"


def test_local_inputs_are_named_as_a_local_run_names_them(thread_client, tmp_path, monkeypatch, capsys):
    """With -o or --log a URL, local inputs were named by file:// URLs of their absolute
    path ("cleaner: file:///home/me/in/bad.txt: binary data, not text"), so the messages
    and the summary were not those of a local run over the same inputs."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Hello.\n", "utf-8")
    (tmp_path / "in" / "bad.txt").write_bytes(bytes(range(32)) * 64)
    assert main(["clean", "in", "-o", "local", "--jobs", "1"]) == 1
    local_err = capsys.readouterr().err
    assert local_err.startswith("cleaner: in/bad.txt: binary data, not text\n")
    root = f"memory:///{uuid.uuid4().hex}"
    dask = ["--engine", "dask", "--scheduler", thread_client.scheduler.address]
    assert main(["clean", "in", "-o", f"{root}/out", *dask]) == 1
    assert capsys.readouterr().err == local_err
    # and an object's URL, not the temp copy a worker cleaned, in the summary's failures
    import fsspec

    fsspec.filesystem("memory").pipe(f"{root[len('memory://'):]}/in/bad.txt", bytes(range(32)) * 64)
    assert main(["clean", f"{root}/in/", "-o", "again", *dask]) == 1
    err = capsys.readouterr().err
    assert err.count(f"{root}/in/bad.txt: binary data, not text\n") == 2 and "cleaner-dask" not in err


def test_a_log_url_that_is_a_folder_is_refused(thread_client, tmp_path, capsys):
    """`--log s3://b/logs/` (or a prefix that holds objects) was written as an object
    "b/logs" beside the prefix "b/logs/" (s3fs drops the final slash), which many tools
    then show in place of the folder; a local run refuses a log that is a folder."""
    import fsspec

    root = f"memory:///{uuid.uuid4().hex}"
    fsspec.filesystem("memory").pipe(f"{root[len('memory://'):]}/logs/old.jsonl", b"")
    dask = ["--engine", "dask", "--scheduler", thread_client.scheduler.address, "-q"]
    for log in (f"{root}/logs/", f"{root}/logs", f"{root}/new/"):
        assert main(["clean", str(SEEDS), "-o", str(tmp_path / "out"), "--log", log, *dask]) == 2
        assert capsys.readouterr().err == (
            f"cleaner: error: log file {log} is a folder; name a file (default: OUTDIR/removals.jsonl)\n"
        )
    assert fsspec.filesystem("memory").find(root) == [f"{root[len('memory://'):]}/logs/old.jsonl"]


def test_a_killed_worker_loses_no_document(local):
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    client = distributed.Client(cluster)
    try:
        recs = [{"id": i, "text": d} for i, d in enumerate(_docs(400))]
        bag = clean_records(dask_bag.from_sequence(recs, npartitions=40), local, url_field=None)
        future = client.compute(bag)
        pids = client.run(os.getpid)
        victim = sorted(pids)[0]
        deadline = time.monotonic() + 30
        while not client.processing().get(victim) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert not future.done(), "the run ended before a worker could be killed"
        os.kill(pids[victim], signal.SIGKILL)
        out = future.result(timeout=120)
        assert sorted(r["id"] for r in out) == list(range(400))  # complete, no duplicates
        for rec, got in zip(recs, out):
            assert got["text"] == local.clean(rec["text"]).text
    finally:
        client.close()
        cluster.close()


def test_a_killed_workers_temporary_folder_is_swept_by_the_next(tmp_path, monkeypatch):
    """A worker killed mid-job (out of memory, on a gzip bomb) left its copy of the input
    in /tmp for good: the clean-up of its `with` block never ran."""
    import subprocess
    import sys

    import cleaner.io.dask_job as dist

    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # its pid is free now (and not taken again in the next instant)
    dead = tmp_path / f"cleaner-dask-{gone.pid}-abc"
    (dead / "in").mkdir(parents=True)
    (dead / "in" / "big.txt.gz").write_bytes(b"x" * 100)
    mine = tmp_path / f"cleaner-dask-{os.getpid()}-def"  # this process's own: in use
    mine.mkdir()
    parent = tmp_path / f"cleaner-dask-{os.getppid()}-ghi"  # a live process's
    parent.mkdir()
    other = tmp_path / "cleaner-dask-notapid"
    other.mkdir()
    monkeypatch.setattr(dist, "_SWEPT", set())
    dist._sweep_orphans(str(tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([mine.name, parent.name, other.name])
    dead.mkdir()
    dist._sweep_orphans(str(tmp_path))  # once per process
    assert dead.exists()


# --- --resume with --engine dask -------------------------------------------------------


def _stop_driver_after(monkeypatch, n: int) -> None:
    """The submitting process stops (Ctrl-C) as it takes the result of the input after
    the ``n``-th; the workers may have written outputs of later inputs meanwhile."""
    import cleaner.cli.clean_dask as dist

    real, taken = dist._result, []

    def stopping(job, future):
        if len(taken) == n:
            raise KeyboardInterrupt
        taken.append(job)
        return real(job, future)

    monkeypatch.setattr(dist, "_result", stopping)


def _cleaned(monkeypatch) -> list[str]:
    """The inputs the (in-process) workers clean from now on, by their relative path."""
    import cleaner.io.clean_file as cf

    real, seen = cf.clean_file, []

    def counting(c, task):
        seen.append(task.source.rel)
        return real(c, task)

    monkeypatch.setattr(cf, "clean_file", counting)
    return seen


def _idle(client) -> None:
    """Wait until the cluster runs no task of a stopped run (they go on after their
    driver is gone, and would race with the next run's outputs)."""
    deadline = time.monotonic() + 30
    while client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks)) and (
        time.monotonic() < deadline
    ):
        time.sleep(0.05)


def _stop_local_after(monkeypatch, n: int) -> None:
    """A local run stops (Ctrl-C) as it starts the input after the ``n``-th."""
    import cleaner.io.clean_file as cf

    real, calls = cf.clean_file, []

    def interrupted(c, task):
        calls.append(task)
        if len(calls) == n + 1:
            raise KeyboardInterrupt
        return real(c, task)

    monkeypatch.setattr(cf, "clean_file", interrupted)


def _local_resumed(src: Path, out: Path, n: int, monkeypatch, capsys) -> str:
    """A local run over ``src`` stopped (Ctrl-C) after ``n`` inputs, then resumed: the
    summary its --resume prints."""
    with monkeypatch.context() as m:
        _stop_local_after(m, n)
        assert main(["clean", str(src), "-o", str(out), "--jobs", "1", "-q"]) == 130
    capsys.readouterr()
    assert main(["clean", str(src), "-o", str(out), "--jobs", "1", "--resume"]) == 0
    return capsys.readouterr().err


def test_a_stopped_dask_run_resumes_to_the_outputs_log_and_summary_of_a_local_run(
    inputs, thread_client, tmp_path, monkeypatch, capsys
):
    """--resume was refused with --engine dask ("not -, --resume or --diff"): a run over
    thousands of files stopped at 90% had to clean everything again. Stopped after 3 of
    9 inputs and resumed, it cleans the 6 others only, and ends with the outputs and log
    of an uninterrupted local run, and the summary of a local run resumed from there."""
    assert main(["clean", str(inputs), "-o", str(tmp_path / "full"), "--jobs", "1", "-q"]) == 0
    local_summary = _local_resumed(inputs, tmp_path / "local", 3, monkeypatch, capsys)
    assert "already done 3" in local_summary

    out = tmp_path / "dask"
    argv = ["clean", str(inputs), "-o", str(out), "--engine", "dask"]
    argv += ["--scheduler", thread_client.scheduler.address]
    with monkeypatch.context() as m:
        _stop_driver_after(m, 3)
        assert main(argv) == 130
    assert capsys.readouterr().err == (
        f"cleaner: stopped after 3 inputs; {out} records them, and the same command with "
        "--resume goes on from there\ncleaner: interrupted\n"
    )
    _idle(thread_client)
    (out / "a" / ".cleaner-tmp-killed.part").write_bytes(b"half an output")  # as a kill leaves
    with monkeypatch.context() as m:
        cleaned = _cleaned(m)
        assert main([*argv, "--resume"]) == 0
    assert capsys.readouterr().err == local_summary
    assert len(cleaned) == 6 and len(set(cleaned)) == 6
    assert _tree(out) == _tree(tmp_path / "full")
    assert not (out / "a" / ".cleaner-tmp-killed.part").exists()

    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*")}  # a finished job: nothing to do
    with monkeypatch.context() as m:
        cleaned = _cleaned(m)
        assert main([*argv, "--resume", "-q"]) == 0
    assert cleaned == [] and {p: p.stat().st_mtime_ns for p in out.rglob("*")} == stamps


def test_a_stop_just_after_the_manifest_takes_the_first_lines_loses_no_records(
    inputs, thread_client, tmp_path, monkeypatch
):
    """As in a local run (tests/cli/test_resume.py), through the same Journal: a stop just
    after the first manifest lines were written, before the log size that covers them was
    noted, gave them log size 0, and --resume cut their records from the log."""
    from cleaner.io.manifest import ManifestWriter

    assert main(["clean", str(inputs), "-o", str(tmp_path / "full"), "--jobs", "1", "-q"]) == 0
    out = tmp_path / "dask"
    argv = ["clean", str(inputs), "-o", str(out), "--engine", "dask", "-q"]
    argv += ["--scheduler", thread_client.scheduler.address]
    real = ManifestWriter.add

    def add_then_stop(self, lines):
        real(self, lines)
        if b'"done"' in lines:
            raise KeyboardInterrupt

    with monkeypatch.context() as m:
        m.setattr(ManifestWriter, "add", add_then_stop)
        m.setattr("cleaner.cli.clean_cmd.CHECKPOINT_SECONDS", 0.0)
        assert main(argv) == 130
    _idle(thread_client)
    assert main([*argv, "--resume"]) == 0
    assert _tree(out) == _tree(tmp_path / "full")


def test_a_dask_run_killed_outright_is_resumed(inputs, client, tmp_path, capsys):
    """The submitting process killed with SIGKILL (a lost machine) after 4 inputs: the
    manifest's last checkpoint says which, and --resume finishes the run to the bytes of
    an uninterrupted local one."""
    import subprocess
    import sys

    assert main(["clean", str(inputs), "-o", str(tmp_path / "full"), "--jobs", "1", "-q"]) == 0
    out = tmp_path / "out"
    script = (
        "import os, signal, sys\n"
        "import cleaner.cli.clean_cmd as cmd, cleaner.cli.clean_dask as dist\n"
        "from cleaner.cli.main import main\n"
        "cmd.CHECKPOINT_SECONDS = 0.0\n"
        "real, n = dist._result, [0]\n"
        "def result(job, future):\n"
        "    n[0] += 1\n"
        "    if n[0] == 5:\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "    return real(job, future)\n"
        "dist._result = result\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    argv = ["clean", str(inputs), "-o", str(out), "--engine", "dask", "-q"]
    argv += ["--scheduler", client.scheduler.address]
    env = {**os.environ, "PYTHONPATH": str(Path(cleaner.__file__).parent.parent)}
    proc = subprocess.run([sys.executable, "-c", script, *argv], capture_output=True, check=False, env=env)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()
    from cleaner.io.manifest import load_manifest

    manifest = load_manifest(out)
    assert manifest is not None and len(manifest.done) == 4
    _idle(client)
    assert main([*argv, "--resume"]) == 0
    assert _tree(out) == _tree(tmp_path / "full")
    assert main(["restore", str(out), "--check", str(inputs)]) == 0


def test_a_run_that_loses_its_scheduler_stops_and_is_resumed(
    inputs, thread_client, tmp_path, monkeypatch, capsys
):
    """The scheduler gone (its machine lost) mid-run ended in a FutureCancelledError
    traceback ("cancelled for reason: scheduler-connection-lost"), with no word of what
    was finished; it now stops as on Ctrl-C, and --resume goes on from there."""
    from distributed.client import FutureCancelledError

    import cleaner.cli.clean_dask as dist

    assert main(["clean", str(inputs), "-o", str(tmp_path / "full"), "--jobs", "1", "-q"]) == 0

    class Lost:
        def result(self):
            raise FutureCancelledError("clean_job-1", "scheduler-connection-lost")

    real, taken = dist._result, []

    def losing(job, future):
        taken.append(job)
        return real(job, Lost() if len(taken) > 5 else future)

    out = tmp_path / "out"
    argv = ["clean", str(inputs), "-o", str(out), "--engine", "dask"]
    argv += ["--scheduler", thread_client.scheduler.address]
    with monkeypatch.context() as m:
        m.setattr(dist, "_result", losing)
        assert main(argv) == 1
    assert capsys.readouterr().err == (
        f"cleaner: stopped after 5 inputs; {out} records them, and the same command with "
        "--resume goes on from there\n"
        "cleaner: error: lost the dask cluster (scheduler-connection-lost); the run stops here\n"
    )
    _idle(thread_client)
    with monkeypatch.context() as m:
        cleaned = _cleaned(m)
        assert main([*argv, "--resume", "-q"]) == 0
    assert len(cleaned) == 4
    assert _tree(out) == _tree(tmp_path / "full")


def test_either_engine_resumes_the_others_stopped_run(inputs, thread_client, tmp_path, monkeypatch):
    """Both engines keep one manifest, with one fingerprint: a Dask run stopped part way
    is finished by a local --resume, and a local one by a Dask --resume."""
    assert main(["clean", str(inputs), "-o", str(tmp_path / "full"), "--jobs", "1", "-q"]) == 0
    dask = ["--engine", "dask", "--scheduler", thread_client.scheduler.address, "-q"]
    out = tmp_path / "dask-then-local"
    with monkeypatch.context() as m:
        _stop_driver_after(m, 4)
        assert main(["clean", str(inputs), "-o", str(out), *dask]) == 130
    _idle(thread_client)
    with monkeypatch.context() as m:
        cleaned = _cleaned(m)
        assert main(["clean", str(inputs), "-o", str(out), "--resume", "--jobs", "1", "-q"]) == 0
    assert len(cleaned) == 5  # not all 9 again: the Dask run's 4 are known as done
    assert _tree(out) == _tree(tmp_path / "full")

    out = tmp_path / "local-then-dask"
    with monkeypatch.context() as m:
        _stop_local_after(m, 5)
        assert main(["clean", str(inputs), "-o", str(out), "--jobs", "1", "-q"]) == 130
    with monkeypatch.context() as m:
        cleaned = _cleaned(m)
        assert main(["clean", str(inputs), "-o", str(out), "--resume", *dask]) == 0
    assert len(cleaned) == 4
    assert _tree(out) == _tree(tmp_path / "full")


def test_a_dask_resume_over_objects_redoes_only_what_changed(thread_client, tmp_path, monkeypatch, capsys):
    """Objects of a store are known by their URL, size and time: a --resume cleans again
    an object put anew since the last run (its old records taken out of the log), does
    not retry a failed one that is unchanged, and with other rules cleans everything
    again, as a local --resume does."""
    import fsspec

    fs = fsspec.filesystem("memory")
    root = f"/{uuid.uuid4().hex}"
    docs = _docs(5)
    fs.pipe({f"{root}/in/doc{i}.txt": d.encode() for i, d in enumerate(docs)})
    fs.pipe(f"{root}/in/junk.txt", bytes(range(256)) * 8)
    out = tmp_path / "out"
    argv = ["clean", f"memory://{root}/in/", "-o", str(out), "--engine", "dask", "-q"]
    argv += ["--scheduler", thread_client.scheduler.address]
    try:
        with monkeypatch.context() as m:
            _stop_driver_after(m, 2)
            assert main(argv) == 130
        _idle(thread_client)
        capsys.readouterr()
        with monkeypatch.context() as m:
            cleaned = _cleaned(m)
            assert main([*argv, "--resume"]) == 1  # junk.txt fails
        assert sorted(cleaned) == ["doc2.txt", "doc3.txt", "doc4.txt", "junk.txt"]
        assert capsys.readouterr().err == f"cleaner: memory://{root}/in/junk.txt: binary data, not text\n"

        time.sleep(0.01)
        fs.pipe(f"{root}/in/doc1.txt", (docs[1] + "\nShare this:\nOne more line.\n").encode())
        with monkeypatch.context() as m:
            cleaned = _cleaned(m)
            assert main([*argv, "--resume"]) == 1
        assert cleaned == ["doc1.txt"]
        assert capsys.readouterr().err == (
            "cleaner: --resume: 1 input changed since the last run (or the output did); cleaning again\n"
            f"cleaner: memory://{root}/in/junk.txt: binary data, not text (unchanged since the last "
            "run; not retried)\n"
        )
        local = tmp_path / "local"  # the same objects as local files, cleaned in one go
        local.mkdir()
        for path in fs.find(f"{root}/in"):
            (local / path.rsplit("/", 1)[1]).write_bytes(fs.cat(path))
        assert main(["clean", str(local), "-o", str(tmp_path / "ref"), "--jobs", "1", "-q"]) == 1
        got, want = _tree(out), _tree(tmp_path / "ref")
        assert got.keys() == want.keys()
        assert {k: v for k, v in got.items() if k != "removals.jsonl"} == {
            k: v for k, v in want.items() if k != "removals.jsonl"
        }
        # one set of records per input, as a fresh run logs them (doc1.txt's new ones last)
        assert _records_by_file(got["removals.jsonl"]) == _records_by_file(want["removals.jsonl"])
        assert main(["restore", str(out), "--check", str(local)]) == 0
        capsys.readouterr()
        with monkeypatch.context() as m:
            cleaned = _cleaned(m)
            assert main([*argv, "--resume", "--ignore", "whitespace"]) == 1
        assert len(cleaned) == 6
        assert capsys.readouterr().err.startswith(
            "cleaner: --resume: rules, settings or log changed since the last run; "
            "cleaning everything again\n"
        )
    finally:
        fs.rm(root, recursive=True)


def _records_by_file(log: bytes) -> dict[str, list[bytes]]:
    out: dict[str, list[bytes]] = {}
    for line in log.splitlines():
        out.setdefault(json.loads(line)["file"], []).append(line)
    return out


@pytest.mark.parametrize("where", ["outdir", "log"])
def test_resume_into_object_storage_is_refused_with_the_reason(where, thread_client, tmp_path, capsys):
    """An object store takes whole objects only: the manifest and the log that --resume
    continues cannot be appended to there, so it is refused before anything is read."""
    root = f"memory:///{uuid.uuid4().hex}"
    argv = ["clean", str(SEEDS), "-o", f"{root}/out" if where == "outdir" else str(tmp_path / "out")]
    if where == "log":
        argv += ["--log", f"{root}/removals.jsonl"]
    argv += ["--resume", "--engine", "dask", "--scheduler", thread_client.scheduler.address]
    assert main(argv) == 2
    err = capsys.readouterr().err
    if where == "outdir":
        assert err.startswith(
            "cleaner: error: --resume with --engine dask needs OUTDIR on a local or shared file "
            f"system (a path, or a file:// URL): in object storage ({root}/out) the manifest"
        )
    else:
        assert err.startswith(
            "cleaner: error: --resume with --engine dask needs the log on a local or shared file "
            f"system: in object storage ({root}/removals.jsonl) it is written whole"
        )
    assert not (tmp_path / "out").exists()


def test_cli_dask_run_of_html_records_equals_local_run(client, tmp_path, capsys):
    prose = "<p>The harbour board approved the new ferry timetable after a long debate on Monday.</p>" * 3
    pages = [
        f"<html><body><article><h1>Ferry {i}</h1>{prose}<p>Share this:</p></article></body></html>"
        for i in range(4)
    ]
    src = tmp_path / "in"
    src.mkdir()
    lines = [json.dumps({"url": f"https://news.example/{i}", "html": p}) for i, p in enumerate(pages)]
    (src / "crawl.jsonl").write_text("\n".join([*lines, '{"url": "x"}']) + "\n", "utf-8")
    run = ["clean", str(src), "--html-field", "html", "-o"]
    assert main([*run, str(tmp_path / "local"), "--jobs", "1"]) == 1  # the record without HTML
    local_summary = capsys.readouterr().err
    dask = ["--engine", "dask", "--scheduler", client.scheduler.address]
    assert main([*run, str(tmp_path / "dask"), *dask]) == 1
    assert capsys.readouterr().err == local_summary
    assert _tree(tmp_path / "dask") == _tree(tmp_path / "local")
    assert main(["restore", str(tmp_path / "dask"), "--check", str(src)]) == 0


@pytest.mark.parametrize("how", ["file-url-outdir", "file-url-input"])
def test_a_dask_run_named_by_file_urls_is_resumed_by_a_local_run(
    how, inputs, thread_client, tmp_path, capsys
):
    """With OUTDIR (or an input) given as a file:// URL, the Dask run listed the local
    inputs through fsspec and journaled each by its file:// URL and its mtime as a float
    (rounded: not the file's mtime_ns): a local --resume of the same files into the same
    folder found every one "changed since the last run" and cleaned them all again."""
    out = tmp_path / "out"
    src = inputs.as_uri() if how == "file-url-input" else str(inputs)
    target = out.as_uri() if how == "file-url-outdir" else str(out)
    argv = ["clean", src, "-o", target, "--engine", "dask", "-q"]
    assert main([*argv, "--scheduler", thread_client.scheduler.address]) == 0
    capsys.readouterr()
    with pytest.MonkeyPatch.context() as m:
        seen = _cleaned(m)
        assert main(["clean", str(inputs), "-o", str(out), "--resume", "--jobs", "1"]) == 0
    err = capsys.readouterr().err
    assert seen == [] and "changed since the last run" not in err
    assert "already done 9" in err


def test_a_dask_run_that_finds_no_input_says_so_as_a_local_run(thread_client, tmp_path, capsys):
    """A local run over a folder with no input of a known kind says "no inputs found" and
    what it passed over; a Dask run printed an empty summary alone."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "notes.bin").write_bytes(b"passed over")
    assert main(["clean", str(src), "-o", str(tmp_path / "local")]) == 0
    local = capsys.readouterr().err
    assert "no inputs found" in local
    argv = ["clean", str(src), "-o", str(tmp_path / "dask"), "--engine", "dask"]
    assert main([*argv, "--scheduler", thread_client.scheduler.address]) == 0
    assert capsys.readouterr().err == local


def test_a_dask_run_says_which_linked_folders_it_did_not_follow(thread_client, tmp_path, capsys):
    """A local run says that the files under a link to a folder were not cleaned (exit 0
    otherwise hid a tree cleaned in part); a Dask run over the same folder said nothing."""
    src, elsewhere = tmp_path / "in", tmp_path / "elsewhere"
    src.mkdir()
    elsewhere.mkdir()
    (src / "a.txt").write_text("Hello there, this is a story.\nShare this:\n", "utf-8")
    (elsewhere / "b.txt").write_text("World news of the day is here.\n", "utf-8")
    (src / "linked").symlink_to(elsewhere, target_is_directory=True)
    assert main(["clean", str(src), "-o", str(tmp_path / "local"), "-q"]) == 0
    local = capsys.readouterr().err
    assert "1 link to a folder was not followed" in local
    argv = ["clean", str(src), "-o", str(tmp_path / "dask"), "--engine", "dask", "-q"]
    assert main([*argv, "--scheduler", thread_client.scheduler.address]) == 0
    assert capsys.readouterr().err == local


@pytest.mark.parametrize("how", ["dry-run", "outdir-in-a-store"])
def test_a_dask_run_writing_a_local_log_holds_it_as_a_local_run(how, thread_client, tmp_path, capsys):
    """A local run holds its --log, so that two runs given one log (a script that shards
    the input and forgot the log) do not write their records into each other's; a Dask
    run held it only with an OUTDIR on this machine, not in a dry run, nor with OUTDIR
    in object storage."""
    from cleaner.cli.outdir import only_run_writing

    log = tmp_path / "shared.jsonl"
    log.write_bytes(b"")
    target = ["--dry-run"] if how == "dry-run" else ["-o", f"memory:///{uuid.uuid4().hex}/out"]
    argv = ["clean", str(SEEDS), *target, "--log", str(log), "--engine", "dask", "-q"]
    with only_run_writing(log):  # another run is writing it
        assert main([*argv, "--scheduler", thread_client.scheduler.address]) == 2
    assert capsys.readouterr().err == (
        f"cleaner: error: another cleaner clean is writing the log {log}; "
        "wait for it to finish, or give --log another file\n"
    )
    assert log.read_bytes() == b""


def test_a_dask_run_names_a_bad_file_with_a_line_break_on_one_line(thread_client, tmp_path, capsys):
    """A local run shows a control character in a bad file's name escaped (``\\n``,
    ``\\x1b``), so that each bad file gets one line and no escape code reaches the
    terminal; a Dask run printed the name as it is, its error line cut in two."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "Flash:\nnews\x1b[2J.txt").write_bytes(b"x\0\0\0\0\0\0y")
    (src / "good.txt").write_text("Hello there, this is a story.\nShare this:\n", "utf-8")
    assert main(["clean", str(src), "-o", str(tmp_path / "local"), "-q"]) == 1
    local = capsys.readouterr().err
    assert local == f"cleaner: {src}/Flash:\\nnews\\x1b[2J.txt: binary data, not text\n"
    argv = ["clean", str(src), "-o", str(tmp_path / "dask"), "--engine", "dask", "-q"]
    assert main([*argv, "--scheduler", thread_client.scheduler.address]) == 1
    assert capsys.readouterr().err == local


def test_a_dask_run_names_the_files_an_earlier_run_left_in_outdir(thread_client, tmp_path, capsys):
    """A local run into an OUTDIR that holds outputs of an earlier run whose inputs it did
    not have names them (restore and explain --run pass them over); a Dask run into the
    same local OUTDIR said nothing of them."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("Hello there, this is a story.\nShare this:\n", "utf-8")
    (src / "gone.txt").write_text("World news of the day is here.\n", "utf-8")
    for engine in ("local", "dask"):
        out = tmp_path / engine
        argv = ["clean", str(src), "-o", str(out), "--engine", engine, "-q"]
        if engine == "dask":
            argv += ["--scheduler", thread_client.scheduler.address]
        assert main(argv) == 0
        (src / "gone.txt").rename(tmp_path / "gone.txt")
        os.utime(out / "gone.txt", ns=(1, 1))  # written before the second run, whatever the clock
        capsys.readouterr()
        assert main(argv) == 0
        err = capsys.readouterr().err
        assert f"cleaner: {out} holds 1 file this run did not write (the first: gone.txt)" in err
        (tmp_path / "gone.txt").rename(src / "gone.txt")


def test_outputs_that_clash_in_a_run_over_urls_fail_those_inputs_only(thread_client, tmp_path, capsys):
    """Objects listed from a store get the clash checks of a local walk: an input whose
    output is another's (page.html and page.txt both give page.txt), or is the removal
    log, is not cleaned, and the others are."""
    import fsspec

    fs = fsspec.filesystem("memory")
    root = f"/{uuid.uuid4().hex}"
    page = b"<html><body><p>From the page.</p></body></html>"
    fs.pipe({f"{root}/in/page.html": page, f"{root}/in/page.txt": b"Plain.\n"})
    fs.pipe(f"{root}/in/a.txt", b"Hello.\n")
    out = f"memory://{root}/out"
    argv = ["clean", f"memory://{root}/in/", "-o", out, "--log", f"{out}/a.txt", "--engine", "dask", "-q"]
    argv += ["--scheduler", thread_client.scheduler.address]
    try:
        assert main(argv) == 1
        err = capsys.readouterr().err
        over_log = f"memory://{root}/in/a.txt: its output a.txt would overwrite the removal log {out}/a.txt"
        assert over_log in err
        clash = f"memory://{root}/in/page.txt: its output page.txt would overwrite the output of "
        assert f"{clash}memory://{root}/in/page.html" in err
        assert fs.cat(f"{root}/out/page.txt") == b"From the page."
        records = [json.loads(x) for x in fs.cat(f"{root}/out/a.txt").decode("utf-8").splitlines()]
        assert {r["file"] for r in records if "error" in r} == {"a.txt", "page.txt"}
    finally:
        fs.rm(root, recursive=True)


def test_objects_are_stamped_by_the_time_each_fsspec_driver_lists():
    """--resume tells a changed object by its size and listed time; each driver names the
    time its own way and type, and one that gives none is stamped 0 (size alone)."""
    import datetime

    from cleaner.io.remote import _stamp

    second = 1_700_000_000
    utc = datetime.timezone.utc
    ns = second * 10**9
    assert _stamp({"mtime": second + 0.5}) == ns + 500_000_000  # local files: seconds
    assert _stamp({"LastModified": datetime.datetime.fromtimestamp(second, utc)}) == ns  # s3fs
    iso = datetime.datetime.fromtimestamp(second, utc).isoformat().replace("+00:00", "Z")
    assert _stamp({"updated": iso}) == ns  # gcsfs: an ISO 8601 string, maybe with Z
    assert _stamp({"created": "not a time", "size": 5}) == 0
    assert _stamp({"mtime": True}) == 0  # a flag, not a time
    assert _stamp({"size": 5}) == 0


def test_a_run_over_urls_skips_hidden_entries_as_a_local_walk(thread_client, tmp_path, capsys):
    """Hidden folders are not walked and hidden files are passed over, as in a local run:
    a store's .git/ or .cache/ prefix is no input."""
    import fsspec

    fs = fsspec.filesystem("memory")
    root = f"/{uuid.uuid4().hex}"
    fs.pipe({f"{root}/in/a.txt": b"Hello.\n", f"{root}/in/.hidden.txt": b"Secret.\n"})
    fs.pipe({f"{root}/in/.cache/b.txt": b"Cached.\n", f"{root}/in/sub/c.txt": b"World.\n"})
    out = tmp_path / "out"
    argv = ["clean", f"memory://{root}/in/", "-o", str(out), "--engine", "dask"]
    argv += ["--scheduler", thread_client.scheduler.address]
    try:
        assert main(argv) == 0
        assert sorted(_tree(out)) == ["a.txt", "removals.jsonl", "sub/c.txt"]
        assert "(changed 2, failed 0, hidden or not of a known kind 1)" in capsys.readouterr().err
    finally:
        fs.rm(root, recursive=True)


def test_the_url_column_and_field_reach_site_scoped_rules(local):
    """clean_column's url_column and clean_records' url_field are the source a site pack
    sees: a rule scoped to one site removes its line there and nowhere else."""
    import dask.dataframe as dd
    import pandas as pd
    from rulehelp import ruleset

    site = cleaner.Cleaner(
        ruleset(
            {
                "id": "t.site",
                "match": {"literal": "Boilerplate line", "whole_line": True},
                "action": "drop-line",
                "when": {"domains": ["example.com"]},
            }
        )
    )
    body = "The body of the article, long enough that the removal guard lets the rule act."
    text = f"Boilerplate line\n{body}"
    urls = ["https://www.example.com/a", "https://other.org/a", None]
    frame = dd.from_pandas(pd.DataFrame({"text": [text] * 3, "url": urls}), npartitions=2)
    out = clean_column(frame, "text", site, url_column="url").compute()
    assert list(out["text"]) == [body, text, text]
    recs = [{"text": text, "url": u} for u in urls]
    got = clean_records(dask_bag.from_sequence(recs, npartitions=2), site).compute()
    assert [r["text"] for r in got] == [body, text, text]
