# Unit tests of cleaner.io.rebuild: the log index (ranges, HTML, failures, charsets) and
# how a rebuilt input compares with the input (bytes, JSON records, undecoded bytes).
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from cleaner.io.kinds import Kind
from cleaner.io.rebuild import LoggedInput, LogIndex, _first_difference, compare


def _write_log(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    return path


def test_the_index_knows_each_input_and_where_its_records_lie(tmp_path: Path) -> None:
    rm = {"rule": "r", "category": "c", "start": 0, "end": 1, "text": "x", "replacement": ""}
    log = _write_log(
        tmp_path / "log.jsonl",
        [
            {"file": "a.txt", **rm},
            {"file": "a.txt", "warning": "decode", "message": "m", "encoding": "cp1252"},
            {"file": "p.html", "event": "extract.trafilatura", "chars": 3},
            {"file": "bad.txt", "error": "binary data, not text"},
            {"file": "r.jsonl", "record": 2, "error": "broken JSON line"},
            {"file": "a.txt", "warning": "decode", "message": "m", "offset": 4},
        ],
    )
    bad: list[object] = []
    index = LogIndex.read(log, bad.append)
    assert not bad
    a = index.inputs["a.txt"]
    assert (a.encoding, a.undecoded, len(a.ranges)) == ("cp1252", 1, 2)
    assert [r["file"] for r in index.records(a)] == ["a.txt"] * 3
    assert index.inputs["p.html"].extracted and index.for_output("p.txt") is index.inputs["p.html"]
    assert index.inputs["bad.txt"].failure == "binary data, not text"
    assert index.for_output("bad.txt") is None  # failed: it has no output
    assert index.inputs["r.jsonl"].failure is None  # one bad line does not fail the file


def test_first_difference() -> None:
    assert _first_difference(b"abcdef", b"abcxef") == 3
    assert _first_difference(b"abc", b"abcd") == 3
    assert _first_difference(b"", b"a") == 0
    assert _first_difference(b"same", b"same") == 4


@pytest.mark.parametrize("gz", [False, True])
def test_compare_text(tmp_path: Path, gz: bool) -> None:
    original = tmp_path / ("in.txt.gz" if gz else "in.txt")
    original.write_bytes(gzip.compress(b"caf\xe9 ok") if gz else b"caf\xe9 ok")
    kind = Kind("txt", gz)
    assert compare(iter([b"caf\xe9 ok"]), original, kind, None).verdict == "identical"
    differs = compare(iter([b"caf? ok"]), original, kind, None)
    assert (differs.verdict, differs.detail) == ("differs", "from byte 3 (rebuilt 7 bytes, input 7)")


@pytest.mark.parametrize("gz", [False, True])
def test_compare_text_with_bytes_that_did_not_decode(tmp_path: Path, gz: bool) -> None:
    data = "déjà vu".encode() + b" \xff ok"  # UTF-8 with a stray byte, read as windows-1252 "ÿ"
    original = tmp_path / ("in.txt.gz" if gz else "in.txt")
    original.write_bytes(gzip.compress(data) if gz else data)
    kind, lossy = Kind("txt", gz), LoggedInput("in.txt", undecoded=1)
    assert compare(iter(["déjà vu ÿ ok".encode()]), original, kind, lossy).verdict == "undecoded"
    # a difference anywhere else is one, stray bytes or not
    elsewhere = compare(iter(["déjà vu ÿ OK".encode()]), original, kind, lossy)
    assert (elsewhere.verdict, elsewhere.detail) == ("differs", "from byte 13 (rebuilt 15 bytes, input 14)")


def test_compare_jsonl(tmp_path: Path) -> None:
    original = tmp_path / "in.jsonl"
    original.write_bytes(b'{"text": "caf\xc3\xa9"}\n{"text": "b"}\n')
    kind = Kind("jsonl")
    same = [b'{"text": "caf\xc3\xa9"}\n', b'{"text": "b"}\n']
    assert compare(iter(same), original, kind, None).verdict == "identical"
    escaped = [b'{"text": "caf\\u00e9"}\n', b'{"text": "b"}\n']
    assert compare(iter(escaped), original, kind, None).verdict == "records"
    assert compare(iter([same[0], b'{"text": "c"}\n']), original, kind, None).detail == "at line 2"
    assert compare(iter([same[0], same[1].rstrip()]), original, kind, None).verdict == "differs"
    assert compare(iter(same[:1]), original, kind, None).detail == "the input has more than 1 lines"
    assert compare(iter([*same, same[1]]), original, kind, None).detail == "the input ends before line 3"
