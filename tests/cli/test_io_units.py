# Unit tests of cleaner.io: kinds and output names, JSONL field splicing, discovery and
# the overlap check, atomic writes, readers on bad data, and the removal log records.
from __future__ import annotations

import gzip
import json
import os
import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaner.errors import InputError
from cleaner.io.discover import InputFile, InputStream, UsageError, check_overlap, discover, walk
from cleaner.io.jsonl import RecordError, dump_string, find_fields, replace_field
from cleaner.io.kinds import Kind, kind_from_name, output_name, parse_format
from cleaner.io.readers import iter_lines, looks_binary, read_bytes
from cleaner.io.removal_log import dumps, record_type, removal_record
from cleaner.io.writers import atomic_write, write_bytes_atomic
from cleaner.removals import Removal


@pytest.mark.parametrize(
    "name, kind, out",
    [
        ("a.txt", Kind("txt"), "a.txt"),
        ("a.TXT.gz", Kind("txt", True), "a.TXT.gz"),
        ("page.html", Kind("html"), "page.txt"),
        ("page.htm.gz", Kind("html", True), "page.txt.gz"),
        ("page.xhtml", Kind("html"), "page.txt"),  # a saved XHTML page, or a wget mirror's
        ("index.SHTML.gz", Kind("html", True), "index.txt.gz"),
        ("data.jsonl.gz", Kind("jsonl", True), "data.jsonl.gz"),
        ("notes.md", None, None),
        ("archive.gz", None, None),
    ],
)
def test_kinds_and_output_names(name: str, kind: Kind | None, out: str | None) -> None:
    assert kind_from_name(name) == kind
    if kind is not None:
        assert output_name(name, kind) == out


def test_parse_format() -> None:
    assert parse_format("jsonl.gz") == Kind("jsonl", True)
    with pytest.raises(InputError):
        parse_format("csv")


def test_find_and_replace_field_keeps_every_other_byte() -> None:
    line = '{"id": 3,  "text":"caf\\u00e9 [ad]" , "meta" : {"text": "inner"}, "n": [1, 2.50]}'
    spans = find_fields(line, ("text", "url"))
    assert set(spans) == {"text"} and spans["text"].value == "café [ad]"
    new = replace_field(line, spans["text"], "café")
    assert new == '{"id": 3,  "text":"caf\\u00e9" , "meta" : {"text": "inner"}, "n": [1, 2.50]}'
    raw = '{"text": "café [ad]"}'
    assert replace_field(raw, find_fields(raw, ("text",))["text"], "café") == '{"text": "café"}'



@given(
    st.text(alphabet=st.sampled_from("a/\\\"é\n\u2028\ud800")),
    st.sampled_from(['"a\\/b"', '"a/b"', '"a\\\\/b"', '"caf\\u00e9 \\/"', '"x"', '"é\\/"']),
)
def test_a_string_written_in_the_style_of_a_literal_reads_back_as_itself(text: str, like: str) -> None:
    assert json.loads(dump_string(text, like)) == text


def test_slashes_are_escaped_only_where_the_literal_escaped_all_of_its_own() -> None:
    assert dump_string("a/b", '"x\\/y \\/"') == '"a\\/b"'  # PHP's json_encode
    assert dump_string("a/b", '"x\\/y /"') == '"a/b"'  # mixed: written as json.dumps does
    assert dump_string("a/b", '"x\\\\/y"') == '"a/b"'  # an escaped backslash, then a bare slash

@pytest.mark.parametrize(
    "line",
    ['{"text": "a"', '["text"]', '{"text": "a"} x', '{"text" "a"}', "{text: 1}", '{"a": 1,}', ""],
)
def test_find_fields_rejects_what_json_rejects(line: str) -> None:
    with pytest.raises(RecordError):
        find_fields(line, ("text",))
    try:
        obj = json.loads(line)
    except ValueError:
        return
    assert not isinstance(obj, dict)


def test_duplicate_key_takes_the_last_like_json() -> None:
    line = '{"text": "first", "text": "second"}'
    assert find_fields(line, ("text",))["text"].value == json.loads(line)["text"]


def test_discover_orders_and_skips(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    for rel in ("z.txt", "a.jsonl", "b/c.html", "b/readme.md", ".hidden/x.txt", ".dot.txt"):
        (tmp_path / rel).write_text("x", "utf-8")
    found = discover([str(tmp_path)])
    assert [f.rel for f in found.files] == ["a.jsonl", "z.txt", "b/c.html"]
    assert found.skipped == 2  # readme.md and .dot.txt; hidden folders are not entered
    assert [f.output_rel for f in found.files] == ["a.jsonl", "z.txt", "b/c.txt"]
    forced = discover([str(tmp_path / "b")], Kind("txt"))
    assert [f.rel for f in forced.files] == ["c.html", "readme.md"]


def test_discover_reports_output_clashes(tmp_path: Path) -> None:
    (tmp_path / "p.html").write_text("x", "utf-8")
    (tmp_path / "p.txt").write_text("x", "utf-8")
    found = discover([str(tmp_path)])
    assert list(found.conflicts) == [1] and "p.txt" in found.conflicts[1]


def test_a_file_named_twice_is_found_once(tmp_path: Path) -> None:
    """A folder given twice, or a file beside its folder: no clash of a file with itself."""
    (tmp_path / "b").mkdir()
    for rel in ("a.txt", "b/c.txt", "b/readme.md"):
        (tmp_path / rel).write_text("x", "utf-8")
    found = discover([str(tmp_path), str(tmp_path / "b"), str(tmp_path), str(tmp_path / "b" / "c.txt")])
    # b/ named on its own gives c.txt an output of its own, as a file named alone would
    assert [f.output_rel for f in found.files] == ["a.txt", "b/c.txt", "c.txt"]
    assert found.conflicts == {} and found.repeated == 3 and found.skipped == 1  # readme.md once


def test_a_link_is_a_file_of_its_own_and_inputs_apart_need_no_memory(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "other").mkdir()
    (tmp_path / "in" / "a.txt").write_text("x", "utf-8")
    (tmp_path / "in" / "b.txt").symlink_to("a.txt")
    (tmp_path / "other" / "c.txt").write_text("y", "utf-8")
    stream = InputStream([str(tmp_path / "in"), str(tmp_path / "other")])
    assert [f.rel for f, _ in stream] == ["a.txt", "b.txt", "c.txt"]
    assert stream.repeated == 0 and stream._seen is None  # no set of every path


def test_walk_is_os_walk_without_recursion(tmp_path: Path) -> None:
    for rel in ("a/b/c", "a/e", "f/g", ".h"):
        (tmp_path / rel).mkdir(parents=True)
    for rel in ("x.txt", "a/y.txt", "a/b/c/z.txt", "f/g/w.txt"):
        (tmp_path / rel).write_text("x", "utf-8")
    (tmp_path / "a" / "up").symlink_to("..")  # listed with the folders, not followed
    (tmp_path / "loop.txt").symlink_to("loop.txt")
    assert list(walk(str(tmp_path))) == list(os.walk(str(tmp_path)))

    def pruned(walker):  # type: ignore[no-untyped-def]
        for top, dirs, files in walker:
            dirs[:] = sorted((d for d in dirs if d != "b"), reverse=True)
            yield top, list(dirs), sorted(files)

    assert list(pruned(walk(str(tmp_path)))) == list(pruned(os.walk(str(tmp_path))))


def test_overlap_check(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    check_overlap([str(src)], str(tmp_path / "out"), str(tmp_path / "log.jsonl"))
    for out in (src, src / "x", tmp_path):
        with pytest.raises(UsageError):
            check_overlap([str(src)], str(out), None)
    with pytest.raises(UsageError):
        check_overlap([str(src)], str(tmp_path / "out"), str(src / "log.jsonl"))
    (tmp_path / "link").symlink_to(src)
    with pytest.raises(UsageError):
        check_overlap([str(tmp_path / "link")], str(src / "out"), None)


def test_atomic_write_leaves_target_alone_on_error(tmp_path: Path) -> None:
    target = tmp_path / "d" / "out.txt"
    write_bytes_atomic(target, b"old")
    with pytest.raises(RuntimeError), atomic_write(target) as fh:
        fh.write(b"half of the new con")
        raise RuntimeError("killed")
    assert target.read_bytes() == b"old"
    assert [p.name for p in target.parent.iterdir()] == ["out.txt"]


def test_outputs_take_the_umask_of_the_moment_they_are_written(tmp_path: Path) -> None:
    """The umask was read once per process: a host program that tightened it between two
    writes still got files others could read."""
    old = os.umask(0o022)
    try:
        write_bytes_atomic(tmp_path / "a.txt", b"a")
        os.umask(0o077)
        write_bytes_atomic(tmp_path / "b.txt", b"b")
        with atomic_write(tmp_path / "c.txt") as out:
            out.write(b"c")
    finally:
        os.umask(old)
    modes = [stat.S_IMODE((tmp_path / n).stat().st_mode) for n in ("a.txt", "b.txt", "c.txt")]
    assert modes == [0o644, 0o600, 0o600]


def test_gzip_output_is_deterministic(tmp_path: Path) -> None:
    write_bytes_atomic(tmp_path / "a.gz", b"same", gz=True)
    write_bytes_atomic(tmp_path / "b.gz", b"same", gz=True)
    assert (tmp_path / "a.gz").read_bytes() == (tmp_path / "b.gz").read_bytes()
    assert gzip.decompress((tmp_path / "a.gz").read_bytes()) == b"same"


def test_readers_on_bad_data(tmp_path: Path) -> None:
    whole = gzip.compress(b"line\n" * 1000)
    (tmp_path / "t.jsonl.gz").write_bytes(whole[:-20])
    (tmp_path / "n.txt.gz").write_bytes(b"plain text, not gzip")
    trunc = InputFile(tmp_path / "t.jsonl.gz", "t.jsonl.gz", Kind("jsonl", True))
    with pytest.raises(InputError, match="truncated gzip"):
        list(iter_lines(trunc))
    with pytest.raises(InputError, match="not gzip"):
        read_bytes(InputFile(tmp_path / "n.txt.gz", "n.txt.gz", Kind("txt", True)))
    with pytest.raises(InputError, match="not a regular file"):
        read_bytes(InputFile(tmp_path, "x.txt", Kind("txt")))


def test_gzip_errors_say_what_is_wrong(tmp_path: Path) -> None:
    one = gzip.compress(b"line\n" * 100)
    cases = {
        "appended.txt.gz": (
            one + b"garbage",
            f"followed by 7 bytes that are not gzip (from byte {len(one)})",
        ),
        "padded.jsonl.gz": (
            one * 2 + bytes(100) + b"xy",
            f"followed by 2 bytes that are not gzip (from byte {2 * len(one) + 100})",
        ),
        "one.txt.gz": (one + b"z", f"followed by 1 byte that is not gzip (from byte {len(one)})"),
        "plain.txt.gz": (b"plain text", "not gzip data (it does not start with the gzip signature 1f 8b)"),
        "crc.txt.gz": (one[:-8] + bytes(4) + one[-4:], "corrupt gzip data (CRC check failed"),
        "cut.txt.gz": (one + one[:12], "truncated gzip data"),
    }
    for name, (data, said) in cases.items():
        (tmp_path / name).write_bytes(data)
        f = InputFile(tmp_path / name, name, kind_from_name(name) or Kind("txt"))
        for read in (read_bytes, lambda f: list(iter_lines(f))):
            with pytest.raises(InputError) as err:
                read(f)
            assert said in str(err.value), name
    # zero bytes after the gzip data are padding gzip allows, not garbage
    (tmp_path / "zeros.txt.gz").write_bytes(one + bytes(70000))
    assert (
        read_bytes(InputFile(tmp_path / "zeros.txt.gz", "zeros.txt.gz", Kind("txt", True))) == b"line\n" * 100
    )


def test_looks_binary() -> None:
    assert looks_binary(b"\x00\x01\x02junk" * 10)
    assert not looks_binary("café\tau lait\r\n".encode("latin-1"))
    assert not looks_binary("text".encode("utf-16"))
    assert not looks_binary(b"")


def test_log_records_are_distinguishable_and_round_trip() -> None:
    r = Removal("x.y", "ads", 3, 5, "ab", "")
    rec = json.loads(dumps(removal_record("a/b.txt", 4, r)))
    assert rec["file"] == "a/b.txt" and rec["record"] == 4 and record_type(rec) == "removal"
    assert Removal.from_dict(rec) == r
    assert record_type({"file": "f", "warning": "guard", "message": "m", "rule": "x"}) == "warning"
    assert record_type({"file": "f", "event": "extract.trafilatura", "chars": 3}) == "event"
    assert record_type({"file": "f", "error": "bad"}) == "error"
    # lone surrogates still give a valid UTF-8 line
    line = dumps(removal_record("f", None, Removal("x", "ads", 0, 1, "\ud800", "")))
    assert json.loads(line.decode("utf-8"))["text"] == "\ud800"


@pytest.mark.parametrize(
    ("spans", "problem"),
    [
        (None, "needs 'spans'"),
        ([[0, 1]], "not [start, end, hex]"),
        ([[0, 1, "ff"], [0, 2, "fe"]], "not a range after the one before"),
        ([[3, 2, "ff"]], "not a range after"),
        ([[0, 1, "zz"]], "not hex"),
        ([[0, True, "ff"]], "not [start, end, hex]"),
    ],
)
def test_undecoded_events_with_broken_spans_are_not_log_records(spans: object, problem: str) -> None:
    from cleaner.io.removal_log import UNDECODED_EVENT, check_record, undecoded_of

    good = {"file": "a.txt", "event": UNDECODED_EVENT, "spans": [[0, 1, "ff"], [4, 6, "e280"]]}
    assert check_record(good) is None
    assert [(u.start, u.end, u.data) for u in undecoded_of(good)] == [(0, 1, b"\xff"), (4, 6, b"\xe2\x80")]
    found = check_record({**good, "spans": spans})
    assert found is not None and problem in found


@pytest.mark.parametrize(
    ("codec", "said"),
    [
        ("utf-16", "UTF-16 text, little-endian with a byte-order mark (JSONL must be UTF-8): "
         "convert it first, e.g. iconv -f UTF-16 -t UTF-8"),
        ("utf-16-le", "UTF-16 text, little-endian without a byte-order mark (JSONL must be UTF-8): "
         "convert it first, e.g. iconv -f UTF-16LE -t UTF-8"),
        ("utf-16-be", "UTF-16 text, big-endian without a byte-order mark (JSONL must be UTF-8): "
         "convert it first, e.g. iconv -f UTF-16BE -t UTF-8"),
        ("utf-32", "UTF-32 text, little-endian with a byte-order mark (JSONL must be UTF-8): "
         "convert it first, e.g. iconv -f UTF-32 -t UTF-8"),
        ("utf-32-be", "UTF-32 text, big-endian without a byte-order mark (JSONL must be UTF-8): "
         "convert it first, e.g. iconv -f UTF-32BE -t UTF-8"),
        ("utf-8", None),
        ("utf-8-sig", None),
    ],
)  # fmt: skip
def test_a_first_line_in_another_encoding_than_utf8_is_not_jsonl(codec: str, said: str | None) -> None:
    from cleaner.io.jsonl import not_jsonl

    data = ('{"text": "été"}\n{"text": "b"}\n').encode(codec)
    assert not_jsonl(data[: data.index(b"\n") + 1]) == said


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "utf-8", "utf-8-sig"])
@pytest.mark.parametrize("start", ["\n", " \n\n", "\ufeff\n", "\t\r\n"])
def test_checked_start_looks_past_blank_lines_at_the_start(codec: str, start: str) -> None:
    # a blank first line (in UTF-16: NUL bytes too) hid the encoding of the lines after it;
    # no line is given on before the verdict, which explain printed and rules try raised for
    from cleaner.errors import InputError
    from cleaner.io.jsonl import checked_start

    data = (start + '{"text": "été"}\n{"text": "b"}\n').encode(codec)
    lines = [line + b"\n" for line in data.split(b"\n")[:-1]]  # as iter_lines reads them
    given: list[object] = []
    if codec.startswith("utf-8"):
        assert list(checked_start(iter(lines), "f.jsonl")) == lines
        return
    with pytest.raises(InputError) as caught:
        given.extend(checked_start(iter(lines), "f.jsonl"))
    assert given == [] and caught.value.path == "f.jsonl"
    assert f"{codec[:6].upper()} text, " in caught.value.message


def test_checked_start_finds_cr_line_ends_after_blank_lines_and_stops_at_a_limit() -> None:
    from cleaner.errors import InputError
    from cleaner.io.jsonl import checked_start

    cr = [b'{"text": "a"}\r{"text": "b"}\r']
    with pytest.raises(InputError, match="lines end in CR only"):
        list(checked_start([b"\xef\xbb\xbf\n", b"\n", *cr], "f.jsonl"))
    blanks = [b" " * 1000 + b"\n"] * 5
    assert list(checked_start([*blanks, *cr], "f.jsonl")) == [*blanks, *cr]  # past 4 KB: not looked at
    assert list(checked_start([b"\n"], "f.jsonl")) == [b"\n"] and list(checked_start([], "f.jsonl")) == []


def test_lines_that_end_in_cr_only_are_not_jsonl_and_cr_inside_a_record_is_no_line_end() -> None:
    from cleaner.io.jsonl import not_jsonl

    cr_only = "lines end in CR only (JSONL lines end in LF, or CR LF; read so, the whole file would be one"
    assert (not_jsonl(b'{"text": "a"}\r{"text": "b"}\r') or "").startswith(cr_only)
    assert (not_jsonl(b'{"text": "a"} \r\r {"text": "b"}') or "").startswith(cr_only)  # a blank line too
    assert not_jsonl(b'{"text": "a"}\r\n') is None  # CR LF: a JSON Lines line end
    assert not_jsonl(b'{"text": "a"}\r') is None  # one record, with a blank after it
    assert not_jsonl(b'{"a": {"b": 1}\r, "c": {"d": 2}}\n') is None  # a CR between tokens of one record
    assert not_jsonl(b'{"text": "a\\r{"}\n') is None  # an escaped CR in a string
