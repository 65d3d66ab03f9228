# Tests of the size limits of reading: a whole file over --max-text-size or --max-html-size
# (a gzip bomb) fails alone after reading no more than the limit; a JSONL line over it is that record's error.
from __future__ import annotations

import gzip
import json
import tracemalloc
from pathlib import Path

import pytest
from clihelp import HTML, RULES, article, output_tree, run_cli

import cleaner.io.batches as batches
from cleaner.errors import InputError
from cleaner.io.batches import Planner
from cleaner.io.clean_file import FileTask
from cleaner.io.discover import InputFile
from cleaner.io.kinds import Kind
from cleaner.io.readers import iter_lines, iter_range_lines, read_bytes
from cleaner.io.removal_log import read_log, record_type

TEXT_LIMIT = 20_000  # --max-text-size of the command-line tests, small so they stay fast


def _input(path: Path, kind: Kind) -> InputFile:
    return InputFile(path, path.name, kind, path.stat().st_size)


def _peak(fn: object) -> int:
    """The most bytes Python allocated at once while ``fn()`` ran."""
    tracemalloc.start()
    try:
        fn()  # type: ignore[operator]
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# --- the readers ------------------------------------------------------------------------
# (the limits are imported in each test, so that the tests of the command line run, and
# fail, on a tree without them)


@pytest.mark.parametrize("payload", [b"\0", b"word "], ids=["zeros", "text"])
def test_a_gzip_bomb_is_read_no_further_than_the_limit(tmp_path: Path, payload: bytes) -> None:
    from cleaner.io.limits import ReadLimits

    bomb = tmp_path / "bomb.txt.gz"
    bomb.write_bytes(gzip.compress(payload * (40_000_000 // len(payload))))  # 40 MB, from ~40-120 KB
    f = _input(bomb, Kind("txt", gz=True))
    limit = ReadLimits(text=100_000).whole_file("txt")
    caught: list[InputError] = []

    def read() -> None:
        with pytest.raises(InputError) as info:
            read_bytes(f, limit)
        caught.append(info.value)

    assert _peak(read) < 2_000_000  # the limit and gzip's buffers, not 40 MB
    (error,) = caught
    assert error.path == str(bomb)
    assert "too big" in error.message and "more than 100,000 bytes once decompressed" in error.message
    assert f"from {bomb.stat().st_size:,} bytes of gzip data" in error.message
    assert "--max-text-size" in error.message


def test_a_file_at_the_limit_is_read_and_one_byte_more_is_not(tmp_path: Path) -> None:
    from cleaner.io.limits import ReadLimits

    limit = ReadLimits(text=1000).whole_file("txt")
    for gz in (False, True):
        path = tmp_path / ("a.txt.gz" if gz else "a.txt")
        for size in (1000, 1001):
            data = b"x" * size
            path.write_bytes(gzip.compress(data) if gz else data)
            f = _input(path, Kind("txt", gz=gz))
            if size == 1000:
                assert read_bytes(f, limit) == data
            else:
                with pytest.raises(InputError, match=r"too big to clean: .*above the limit of 1,000"):
                    read_bytes(f, limit)
    path = tmp_path / "a.txt"  # a plain file: its size, exactly, without reading it
    with pytest.raises(InputError, match=r"1,001 bytes \(1 KB\), above the limit of 1,000 \(1 KB\)"):
        read_bytes(_input(path, Kind("txt")), limit)


def test_a_line_over_the_limit_comes_in_pieces_and_the_lines_after_it_stay_right(tmp_path: Path) -> None:
    from cleaner.io.limits import ReadLimits
    from cleaner.io.readers import LongLine

    limit = ReadLimits(text=10).line()
    lines = [b"0123456789\n", b"0123456789X\n", b"short\n", b"y" * 5000 + b"\n", b"last 1234!"]
    path = tmp_path / "a.jsonl"
    path.write_bytes(b"".join(lines))
    for gz in (False, True):
        if gz:
            path = tmp_path / "a.jsonl.gz"
            path.write_bytes(gzip.compress(b"".join(lines)))
        got = []
        for line in iter_lines(_input(path, Kind("jsonl", gz=gz)), limit):
            if isinstance(line, LongLine):
                whole = line.head + b"".join(line.pieces())
                got.append(("long", whole, line.body_size))
            else:
                got.append(("line", line, len(line)))
        assert got == [
            ("line", lines[0], 11),  # 10 bytes and its line feed: at the limit
            ("long", lines[1], 11),
            ("line", lines[2], 6),
            ("long", lines[3], 5000),
            ("line", lines[4], 10),  # the last line, without a line feed
        ]
    # a long line the reader leaves unread is skipped: the next line is still the next line
    plain = _input(tmp_path / "a.jsonl", Kind("jsonl"))
    assert [x for x in iter_lines(plain, limit) if not isinstance(x, LongLine)] == [
        lines[0],
        lines[2],
        lines[4],
    ]
    # and in a range of the file (a chunk of a parallel run), ending with that range
    start = len(lines[0])
    end = start + len(lines[1]) + len(lines[2]) + len(lines[3])
    ranged = list(iter_range_lines(plain, start, end, limit))
    assert [type(x) for x in ranged] == [LongLine, bytes, LongLine] and ranged[1] == lines[2]


def test_a_line_of_megabytes_costs_no_more_than_the_limit(tmp_path: Path) -> None:
    from cleaner.io.limits import ReadLimits
    from cleaner.io.readers import LongLine

    path = tmp_path / "a.jsonl"
    big = json.dumps({"text": "word " * 6_000_000})  # 30 MB
    path.write_text(f'{{"text": "a"}}\n{big}\n{{"text": "b"}}\n', "utf-8")
    f = _input(path, Kind("jsonl"))
    sizes: list[int] = []

    def read() -> None:
        for line in iter_lines(f, ReadLimits(text=100_000).line()):
            sizes.append(line.size if isinstance(line, LongLine) else len(line))

    assert _peak(read) < 4_000_000
    assert sizes == [14, 100_001, 14]  # the long line unread: only its head (the limit and a byte) was read
    # the planner of a parallel run reads past it without keeping it
    task = FileTask(f, tmp_path / "o.jsonl", spill_dir=tmp_path)
    chunks: list[object] = []
    old = batches.CHUNK_MIN_BYTES
    batches.CHUNK_MIN_BYTES = 1000
    try:
        assert _peak(lambda: chunks.extend(Planner(False)._chunks(task))) < 4_000_000
    finally:
        batches.CHUNK_MIN_BYTES = old
    ranges = [(c.chunk.start, c.chunk.end, c.chunk.first) for c in chunks]  # type: ignore[attr-defined]
    assert ranges == [(0, 14, 0), (14, 15 + len(big), 1), (15 + len(big), path.stat().st_size, 2)]


# --- the command line -------------------------------------------------------------------


def _bad_sizes_tree(src: Path) -> list[str]:
    """Good inputs, and inputs over the limits of the tests: gzip bombs of zeros and of
    text, a plain text file, a page; and JSONL files (plain and gzip) with lines over
    the limit between good ones. Returns the JSONL files' records."""
    src.mkdir()
    (src / "a.txt").write_text(article(1), "utf-8")
    (src / "b.txt.gz").write_bytes(gzip.compress(article(2).encode()))
    (src / "page.html").write_text(HTML, "utf-8")
    (src / "zeros.txt.gz").write_bytes(gzip.compress(b"\0" * 20_000_000))
    (src / "words.txt.gz").write_bytes(gzip.compress(article(3).encode() * 100_000))
    (src / "long.txt").write_text(article(4) * 200, "utf-8")
    (src / "bomb.html.gz").write_bytes(
        gzip.compress(HTML.replace("<p>", "<p>" + " " * 5_000_000, 1).encode())
    )
    records = [json.dumps({"id": i, "text": article(i) * (400 if i in (1, 3) else 1)}) for i in range(5)]
    data = ("\n".join(records) + "\n").encode()
    (src / "recs.jsonl").write_bytes(data)
    (src / "recs2.jsonl.gz").write_bytes(gzip.compress(data))
    return records


def _size(n: int) -> str:
    from cleaner.html import format_size

    return f"{n:,} bytes ({format_size(n)})"


def _limits(jobs: str) -> tuple[str, ...]:
    return (
        "--rules",
        RULES,
        "--max-text-size",
        str(TEXT_LIMIT),
        "--max-html-size",
        "20KB",
        "--jobs",
        jobs,
        "-q",
    )


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_inputs_over_the_limits_fail_alone_and_the_run_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    records = _bad_sizes_tree(src)
    assert run_cli("clean", src, "-o", out, *_limits(jobs)) == 1
    err = capsys.readouterr().err.splitlines()
    text_hint = "--max-text-size (max_text_size in the config) raises it"
    html_hint = "--max-html-size (max_html_size in the config, Cleaner(max_html_size=...)) raises it"
    bomb, long = src / "bomb.html.gz", src / "long.txt"
    assert err == [
        f"cleaner: {bomb}: the page is too big for the HTML path: more than 20,000 bytes once decompressed "
        f"(from {bomb.stat().st_size:,} bytes of gzip data), above the limit of 20,000 (20 KB); {html_hint}",
        f"cleaner: {long}: the file is too big to clean: {_size(long.stat().st_size)}, "
        f"above the limit of 20,000 (20 KB); {text_hint}",
        *(
            f"cleaner: {src / name}:{i + 1}: the line is too long to clean: {_size(len(records[i]))}, "
            f"above the limit of 20,000 (20 KB); {text_hint}; line copied unchanged"
            for name in ("recs.jsonl", "recs2.jsonl.gz")
            for i in (1, 3)
        ),
        *(
            f"cleaner: {src / name}: the file is too big to clean: more than 20,000 bytes once decompressed "
            f"(from {(src / name).stat().st_size:,} bytes of gzip data), above the limit of 20,000 (20 KB); "
            f"{text_hint}"
            for name in ("words.txt.gz", "zeros.txt.gz")
        ),
    ]
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "a.txt", "b.txt.gz", "page.txt", "recs.jsonl", "recs2.jsonl.gz", "removals.jsonl",
    ]  # fmt: skip
    log = list(read_log(out / "removals.jsonl"))
    errors = [(r["file"], r.get("record")) for r in log if record_type(r) == "error"]
    assert errors == [
        ("bomb.html.gz", None), ("long.txt", None), ("recs.jsonl", 1), ("recs.jsonl", 3),
        ("recs2.jsonl.gz", 1), ("recs2.jsonl.gz", 3), ("words.txt.gz", None), ("zeros.txt.gz", None),
    ]  # fmt: skip
    # the records around the long lines are cleaned, under their own line numbers
    cleaned = {r["record"] for r in log if r["file"] == "recs.jsonl" and record_type(r) == "removal"}
    assert cleaned == {0, 2, 4}
    src_lines = (src / "recs.jsonl").read_bytes().splitlines(keepends=True)
    out_lines = (out / "recs.jsonl").read_bytes().splitlines(keepends=True)
    assert len(out_lines) == 5 and out_lines[1] == src_lines[1] and out_lines[3] == src_lines[3]
    assert out_lines[0] != src_lines[0]
    assert run_cli("restore", out, "--check", src, "-q") == 0  # the long lines come back exactly


def test_jobs_1_and_2_agree_on_a_split_jsonl_file_with_long_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    records = [json.dumps({"id": i, "text": article(i) * (300 if i % 7 == 3 else 1)}) for i in range(120)]
    (src / "big.jsonl").write_text("\n".join(records) + "\n", "utf-8")
    monkeypatch.setattr(batches, "CHUNK_MIN_BYTES", 4000)  # chunks smaller than a long line
    assert len(list(Planner(False)._chunks(FileTask(_input(src / "big.jsonl", Kind("jsonl")), None)))) > 5
    assert run_cli("clean", src, "-o", tmp_path / "one", *_limits("1")) == 1
    one = capsys.readouterr().err
    assert run_cli("clean", src, "-o", tmp_path / "two", *_limits("2")) == 1
    assert capsys.readouterr().err == one
    assert one.count("too long to clean") == sum(1 for i in range(120) if i % 7 == 3)
    assert f"{src / 'big.jsonl'}:39: the line is too long" in one  # record 38, line 39
    assert output_tree(tmp_path / "one") == output_tree(tmp_path / "two")
    assert run_cli("restore", tmp_path / "two", "--check", src, "-q") == 0


def test_resume_treats_files_over_the_limit_as_other_bad_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    _bad_sizes_tree(src)
    assert run_cli("clean", src, "-o", out, *_limits("2")) == 1
    first = capsys.readouterr().err.splitlines()
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.name != "removals.jsonl"}
    assert run_cli("clean", src, "-o", out, *_limits("2"), "--resume") == 1
    again = capsys.readouterr().err.splitlines()
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.name != "removals.jsonl"} == stamps
    failed = [line for line in first if ".jsonl" not in line]  # whole files; the JSONL files were cleaned
    assert again == [f"{line} (unchanged since the last run; not retried)" for line in failed]
    # under a larger limit the bomb of zeros is read, and is what it is: not text
    zeros = src / "zeros.txt.gz"
    assert (
        run_cli("clean", zeros, "-o", tmp_path / "big", "--rules", RULES, "--max-text-size", "30MB", "-q")
        == 1
    )
    assert capsys.readouterr().err == f"cleaner: {zeros}: binary data, not text\n"


def test_max_text_size_from_config_and_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from cleaner.config import load_config
    from cleaner.errors import ConfigError

    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(article(1) * 20, "utf-8")  # 4.7 KB
    (tmp_path / "cleaner.toml").write_text("max-text-size = '1KB'\n", "utf-8")
    assert load_config(tmp_path / "cleaner.toml").max_text_size == 1000
    assert run_cli("clean", "in", "-o", "out1", "-q", "--rules", RULES) == 1
    assert "above the limit of 1,000 (1 KB); --max-text-size" in capsys.readouterr().err
    assert run_cli("clean", "in", "-o", "out2", "-q", "--rules", RULES, "--max-text-size", "10KB") == 0
    assert run_cli("clean", "in", "-o", "out3", "-q", "--max-text-size", "lots") == 2
    assert "--max-text-size: not a size: 'lots'" in capsys.readouterr().err
    (tmp_path / "cleaner.toml").write_text("max_text_size = 0\n", "utf-8")
    with pytest.raises(ConfigError, match=r"cleaner.toml: 'max_text_size': a size must be at least 1 byte"):
        load_config(tmp_path / "cleaner.toml")
    (tmp_path / "cleaner.toml").write_text("max_txt_size = 1\n", "utf-8")
    with pytest.raises(ConfigError, match=r"known keys: .*max_removal, max_text_size, preview"):
        load_config(tmp_path / "cleaner.toml")
    (tmp_path / "cleaner.toml").unlink()
    assert run_cli("explain", "--run", "out2", "a.txt", "--max-text-size", "1KB") == 2
    assert "--max-text-size does not go with --run" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["recs.jsonl", "recs.jsonl.gz"])
def test_restore_streams_a_line_over_the_limit_as_clean_copied_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    """A line clean copied through as too long is rebuilt and compared a piece at a time:
    restore holds no more of it than clean did. A changed record over a MB is held whole,
    as it was cleaned whole."""
    src, out, back = tmp_path / "in", tmp_path / "out", tmp_path / "back"
    src.mkdir()
    long = json.dumps({"text": "word " * 3_000_000})  # 15 MB, copied unchanged
    changed = json.dumps({"text": article(5) * 1_000})  # over a MB, cleaned
    data = "\n".join([json.dumps({"text": article(1)}), long, changed, json.dumps({"text": article(2)})])
    raw = (data + "\n").encode()
    (src / name).write_bytes(gzip.compress(raw) if name.endswith(".gz") else raw)
    assert run_cli("clean", src, "-o", out, "--rules", RULES, "--max-text-size", "5MB", "-q") == 1
    capsys.readouterr()
    log = list(read_log(out / "removals.jsonl"))
    assert {r.get("record") for r in log if record_type(r) == "removal"} == {0, 2, 3}
    assert _peak(lambda: run_cli("restore", out, "--check", src, "-o", back, "-q")) < 8_000_000
    assert capsys.readouterr().err == ""
    rebuilt = (back / name).read_bytes()
    assert (gzip.decompress(rebuilt) if name.endswith(".gz") else rebuilt) == raw
    assert _peak(lambda: run_cli("restore", out, "--check", src)) < 8_000_000
    assert "1  identical to the input" in capsys.readouterr().err
    # a byte changed deep inside the long line of the output is found, a piece at a time
    if not name.endswith(".gz"):
        output = bytearray((out / name).read_bytes())
        at = output.index(b"word", 12_000_000)
        output[at] = ord("W")
        (out / name).write_bytes(bytes(output))
        assert run_cli("restore", out, "--check", src, "-q") == 1
        assert "the rebuilt input differs from" in capsys.readouterr().err
        assert _peak(lambda: run_cli("restore", out, "--check", src, "-q")) < 8_000_000
        assert f"{src / name} at line 2" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["recs.jsonl", "recs.jsonl.gz"])
def test_explain_run_streams_a_line_clean_copied_as_too_long(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    """explain --run read each line of the output whole: a line clean copied through as
    too long (hundreds of MB) cost memory, and its text was shown as a document the run
    had cleaned. It is read a piece at a time and said, as explain FILE says it; a
    record over a MB that the run cleaned is shown, held whole as the run held it."""
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    long = json.dumps({"text": "word " * 3_000_000})  # 15 MB, copied unchanged
    big = json.dumps({"text": "Rain is expected. " * 100_000})  # 1.8 MB, cleaned, unchanged
    data = "\n".join([json.dumps({"text": article(1)}), long, big, json.dumps({"text": article(2)})])
    raw = (data + "\n").encode()
    (src / name).write_bytes(gzip.compress(raw) if name.endswith(".gz") else raw)
    assert run_cli("clean", src, "-o", out, "--rules", RULES, "--max-text-size", "5MB", "-q") == 1
    capsys.readouterr()
    rcs: list[int] = []
    assert _peak(lambda: rcs.append(run_cli("explain", "--run", out, name, "--record", "1"))) < 8_000_000
    err = capsys.readouterr().err
    assert err.startswith(f"cleaner: {name}:2: the line is too long to clean: 15,000,012 bytes")
    assert "line copied unchanged" in err and err.count("\n") == 1  # that record's error alone
    assert rcs == [1]  # as explain FILE --record 1 says of the line
    assert run_cli("explain", "--run", out, name) == 0
    shown, err = capsys.readouterr()
    assert [line for line in shown.splitlines() if line.startswith("==")] == [
        f"== {name}#0 ==",
        f"== {name}#2 ==",
        f"== {name}#3 ==",
    ]
    assert "word word" not in shown and "Rain is expected. " * 3 in shown
    assert err.startswith(f"cleaner: {name}:2: the line is too long to clean") and err.count("\n") == 1


def test_explain_reads_no_more_than_the_limits_either(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bomb = tmp_path / "bomb.txt.gz"
    bomb.write_bytes(gzip.compress(article(1).encode() * 1000))
    assert run_cli("explain", bomb, "--rules", RULES, "--max-text-size", "10KB") == 1
    assert "bomb.txt.gz: the file is too big to clean: more than 10,000 bytes once decompressed" in (
        capsys.readouterr().err
    )
    records = [json.dumps({"text": article(i) * (100 if i == 1 else 1)}) for i in range(3)]
    recs = tmp_path / "recs.jsonl"
    recs.write_text("\n".join(records) + "\n", "utf-8")
    assert run_cli("explain", recs, "--rules", RULES, "--max-text-size", "10KB", "--color", "never") == 0
    shown = capsys.readouterr()
    assert "== recs.jsonl#0 ==" in shown.out and "== recs.jsonl#2 ==" in shown.out
    assert "#1 ==" not in shown.out
    assert f"{recs}:2: the line is too long to clean: {_size(len(records[1]))}" in shown.err
    assert run_cli("explain", recs, "--rules", RULES, "--max-text-size", "10KB", "--record", "1") == 1
    assert f"{recs}:2: the line is too long to clean" in capsys.readouterr().err


def test_a_dedup_resume_learns_nothing_from_a_line_over_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The line error is not cleaned, so a keep-one-copy run does not learn its lines; nor
    may a resume, which reads the inputs done already again."""
    from test_dedup_resume import _resumed_as_uninterrupted

    src = tmp_path / "in"
    src.mkdir()
    repeated = "A line the long record carries and a later input says again, word for word."
    long = json.dumps({"text": f"{repeated}\n" + article(1) * 100})
    (src / "a.jsonl").write_text(json.dumps({"text": article(2)}) + "\n" + long + "\n", "utf-8")
    (src / "b.txt").write_text(article(3), "utf-8")
    (src / "c.txt").write_text(f"{repeated}\n" + article(4), "utf-8")
    options = ("--dedup-by", "all", "--max-text-size", "10KB")
    _, out = _resumed_as_uninterrupted(monkeypatch, tmp_path, src, 3, *options, status=1)
    assert repeated in (out / "c.txt").read_text("utf-8")


def test_the_help_gives_the_default_limit(capsys: pytest.CaptureFixture[str]) -> None:
    from cleaner.html import format_size
    from cleaner.io.limits import DEFAULT_MAX_TEXT_SIZE

    with pytest.raises(SystemExit):
        run_cli("clean", "--help")
    text = " ".join(capsys.readouterr().out.split())
    assert f"(default {format_size(DEFAULT_MAX_TEXT_SIZE).replace(' ', '')}); a bigger file fails" in text


def test_a_line_of_a_page_is_bounded_by_the_larger_of_the_two_limits() -> None:
    """With --html-field a line holds a page, whose own limit (20MB by default) is checked
    as it is extracted: the line may be as long as that, or as the text limit if larger."""
    from cleaner.io.limits import ReadLimits

    limits = ReadLimits(text=1000, html=5000)
    assert limits.line().size == 1000 and "--max-text-size" in limits.line().message(2000)
    assert limits.line(page=True).size == 5000 and "--max-html-size" in limits.line(page=True).message(6000)
    assert ReadLimits(text=9000, html=5000).line(page=True).size == 9000
    assert ReadLimits().line(page=True).size == ReadLimits().html  # the defaults: 20MB, not 10MB


def test_records_of_pages_are_read_up_to_the_page_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    more = "<p>More of the same report, paragraph after paragraph, line after line.</p>" * 30
    page = HTML.replace("<article>", "<article>" + more)
    records = [json.dumps({"id": i, "html": HTML if i != 1 else page}) for i in range(3)]
    (src / "crawl.jsonl").write_text("\n".join(records) + "\n", "utf-8")
    common = ("--rules", RULES, "--html-field", "html", "--max-text-size", "1KB", "-q")
    assert run_cli("clean", src, "-o", tmp_path / "a", *common) == 0  # pages of 20MB are taken
    assert run_cli("clean", src, "-o", tmp_path / "b", *common, "--max-html-size", "2KB") == 1
    err = capsys.readouterr().err
    assert f"{src / 'crawl.jsonl'}:2: the line is too long to clean: {_size(len(records[1]))}" in err
    assert "above the limit of 2,000 (2 KB); --max-html-size (max_html_size in the config) raises it" in err
    assert run_cli("restore", tmp_path / "b", "--check", src, "-q") == 0
