# Tests of `cleaner restore`: every input of a run rebuilt from OUTDIR and its log, checked
# against the inputs, and each way a log or output that does not fit is reported.
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from clihelp import HTML, RULES, article, run_cli, tree_hashes

from cleaner.io import read_log
from cleaner.io.manifest import MANIFEST_NAME


def _clean(src: Path, out: Path, *extra: str) -> int:
    return run_cli("clean", src, "-o", out, "--rules", RULES, "--jobs", "1", "-q", *extra)


def _content(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.name.endswith(".gz") else data


@pytest.fixture()
def out(good_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """OUTDIR of a run over the good tree (its summary already read off)."""
    outdir = tmp_path / "out"
    assert _clean(good_tree, outdir) == 0
    capsys.readouterr()
    return outdir


def test_every_input_of_a_run_with_bad_files_comes_back(
    bad_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, back = tmp_path / "out", tmp_path / "back"
    assert _clean(bad_tree, out) == 1
    capsys.readouterr()
    before = tree_hashes(bad_tree)
    assert run_cli("restore", out, "-o", back, "--check", bad_tree) == 0
    err = capsys.readouterr().err
    assert tree_hashes(bad_tree) == before  # inputs never written to
    rebuilt = sorted(p.relative_to(back).as_posix() for p in back.rglob("*") if p.is_file())
    assert rebuilt == [
        "a.txt",
        "bad/broken.jsonl",
        "bad/latin1.txt",
        "crlf.txt",
        "empty.txt",
        "recs.jsonl",
        "sub/b.txt",
        "sub/deeper/c.txt.gz",
        "sub/recs2.jsonl.gz",
    ]
    for rel in rebuilt:
        assert _content(back / rel) == _content(bad_tree / rel), rel
    assert "rebuilt 9 inputs" in err and "9  identical to the input" in err
    assert "1 HTML page (" in err  # page.html: the log describes its extracted text
    assert "4 inputs with no output:" in err and "bad/junk.txt: failed in the run (binary data" in err


def test_records_come_back_in_their_own_escapes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    lines = [
        # its one non-ASCII character, a no-break space written raw, becomes a plain space:
        # written anew, the rebuilt value would spell it \u00a0
        json.dumps({"text": "Rain\u00a0today."}, ensure_ascii=False),
        # escapes json.dumps never writes: "\/" (PHP's json_encode), "\u0021", raw beside escaped
        '{"text": "[ad_1]\\nThe council\\/board met on Monday\\u0021 Caf\u00e9 \\u00e9 ok"}',
        json.dumps({"text": article(1)}),  # json.dumps' own escapes: nothing to keep
        # PHP's escapes alone: the output is written in them, so the log need not keep it
        '{"text": "[ad_1]\\nSee https:\\/\\/example.com\\/story, the council\\/board.", "n": 1}',
    ]
    (src / "r.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    assert _clean(src, out) == 0
    literals = [rec for rec in read_log(out / "removals.jsonl") if rec.get("event") == "jsonl.literal"]
    assert [rec["record"] for rec in literals] == [0, 1]
    php = (out / "r.jsonl").read_text("utf-8").splitlines()[3]
    assert php == '{"text": "See https:\\/\\/example.com\\/story, the council\\/board.", "n": 1}'
    capsys.readouterr()
    assert run_cli("restore", out, "--check", src) == 0
    assert "1  identical to the input" in capsys.readouterr().err


def test_an_output_changed_after_the_run_is_reported(
    good_tree: Path, out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with open(out / "a.txt", "a", encoding="utf-8") as fh:
        fh.write("a line added later\n")
    (out / "sub/b.txt").unlink()
    (out / "empty.txt").unlink()
    (out / "crlf.txt").write_text("Rain", "utf-8")  # shorter than the log's offsets reach
    assert run_cli("restore", out, "--check", good_tree) == 1
    err = capsys.readouterr().err
    assert f"a.txt: the rebuilt input differs from {good_tree / 'a.txt'} from byte" in err
    assert "crlf.txt: the log does not fit this output: removal at" in err
    assert "1  DIFFERS from the input" in err
    assert f"sub/b.txt: the log has records for it, but {out / 'sub/b.txt'} is missing" in err
    # empty.txt had no change, so the log does not name it: the run's manifest does
    assert f"{good_tree / 'empty.txt'}: the run cleaned it, but {out / 'empty.txt'} is missing" in err
    assert run_cli("restore", out, "-o", tmp_path / "back") == 1
    assert not (tmp_path / "back/crlf.txt").exists()  # nothing half-rebuilt


def test_the_text_field_of_the_run_is_needed(
    good_tree: Path, out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli("restore", out, "--check", good_tree, "--text-field", "body", "-q") == 1
    assert "has no string 'body' field (was the run's --text-field another?)" in capsys.readouterr().err


def test_the_run_s_text_field_and_format_come_from_its_manifest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --text-field or --format, restore reads a run's records as that run did (its
    manifest says how): a run over 'body', or with --format txt over a .jsonl file, is
    rebuilt byte for byte, not rebuilt from the wrong field or kind with exit 0."""
    src = tmp_path / "in"
    src.mkdir()
    line = json.dumps({"body": article(1), "text": article(2)})  # the same debris in both
    (src / "recs.jsonl").write_text(line + "\n", "utf-8")
    (src / "a.txt").write_text(article(1), "utf-8")
    for extra in (("--text-field", "body"), ("--format", "txt")):
        out, back = tmp_path / f"out{extra[1]}", tmp_path / f"back{extra[1]}"
        assert _clean(src, out, *extra) == 0
        assert (out / "recs.jsonl").read_bytes() != (src / "recs.jsonl").read_bytes()
        capsys.readouterr()
        assert run_cli("restore", out, "-o", back, "--check", src) == 0, extra
        assert "2  identical to the input" in capsys.readouterr().err
        assert (back / "recs.jsonl").read_bytes() == (src / "recs.jsonl").read_bytes()


def test_lines_that_are_not_log_records_are_reported(
    good_tree: Path, out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with open(out / "removals.jsonl", "a", encoding="utf-8") as fh:
        fh.write('{"file": "a.txt", "rule": "x"}\nnot json\n')
    assert run_cli("restore", out, "--check", good_tree) == 1
    err = capsys.readouterr().err
    assert "removals.jsonl:" in err and "not a log record: a removal record needs 'category'" in err
    assert "the log has 2 lines that are not log records" in err


def test_a_corrupt_removal_record_is_named_by_log_line(
    good_tree: Path, out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = out / "removals.jsonl"
    lines = log.read_text("utf-8").splitlines(keepends=True)
    n = next(i for i, line in enumerate(lines) if '"rule"' in line and '"warning"' not in line)
    rec = json.loads(lines[n])
    lines[n] = json.dumps({**rec, "text": rec["text"] + "?"}) + "\n"  # one character too long
    log.write_text("".join(lines), "utf-8")
    assert run_cli("restore", out, "--check", good_tree) == 1
    err = capsys.readouterr().err
    want = f"{log}:{n + 1}: not a log record: 'end' - 'start' is {rec['end'] - rec['start']}, but 'text' has"
    assert want in err


def test_log_elsewhere_and_records_of_one_input_in_two_places(
    good_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, log = tmp_path / "out", tmp_path / "run.log"
    assert _clean(good_tree, out, "--log", str(log)) == 0
    lines = log.read_bytes().splitlines(keepends=True)
    moved = [
        next(ln for ln in lines if json.loads(ln)["file"] == "a.txt"),
        next(ln for ln in lines if json.loads(ln)["file"] == "recs.jsonl" and json.loads(ln)["record"] == 0),
    ]
    # move a record of a.txt and one of the first record of recs.jsonl to the end
    log.write_bytes(b"".join([ln for ln in lines if ln not in moved] + moved))
    capsys.readouterr()
    assert run_cli("restore", out, "--log", log, "--check", good_tree) == 0
    assert "7  identical" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "say what to do"),
        (("-o", "{out}/back"), "choose a folder apart from OUTDIR"),
        (("-o", "{src}/back"), "choose a folder apart from the inputs"),
        (("--check", "{src}/nowhere"), "no such folder"),
        (("--log", "{src}/none.jsonl", "--check", "{src}"), "no removal log there"),
        (("--check", "{src}", "--text-field", " "), "--text-field must name a field"),
    ],
)
def test_usage_errors(
    good_tree: Path,
    out: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
    message: str,
) -> None:
    filled = [a.format(out=out, src=good_tree) for a in args]
    if "-o" in filled and "{src}" in args[1]:
        filled += ["--check", str(good_tree)]
    assert run_cli("restore", out, *filled) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize("args", [("-o", "s3://bucket/back/"), ("--check", "s3://bucket/in/")])
def test_restore_refuses_urls(
    out: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
) -> None:
    """`cleaner restore out -o s3://bucket/back/` took the URL for a relative path and
    wrote the rebuilt inputs into a local folder "s3:/bucket/back"; --check s3://... was
    "--check s3:/bucket/in: no such folder"."""
    monkeypatch.chdir(tmp_path)
    assert run_cli("restore", out, *args) == 2
    assert capsys.readouterr().err == (
        f"cleaner: error: {args[1]}: restore reads and writes local paths, not URLs; copy the "
        "run's output (and the inputs to check) down from object storage first\n"
    )
    assert not (tmp_path / "s3:").exists()


def test_a_run_of_one_file_is_checked_against_its_folder(
    good_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert _clean(good_tree / "a.txt", out) == 0
    capsys.readouterr()
    assert run_cli("restore", out, "--check", good_tree) == 0  # the folder's other files were no inputs
    err = capsys.readouterr().err
    assert "1  identical to the input" in err
    assert "not compared: 7 files in IN with no output, no record, and no" in err


def test_a_run_with_format_html_has_nothing_to_rebuild(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "page.php").write_text(HTML, "utf-8")
    assert _clean(src, out, "--format", "html") == 0
    assert (out / "page.txt").is_file()
    capsys.readouterr()
    assert run_cli("restore", out, "--check", src, "--format", "html") == 0
    err = capsys.readouterr().err
    assert "rebuilt 0 inputs" in err and "not rebuilt: 1 HTML page (" in err


def test_the_html_pages_not_rebuilt_are_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """As the inputs with no output are: which pages of a mixed folder came back as what
    (none of them rebuilt) is in the summary, not only how many."""
    src, out = tmp_path / "in", tmp_path / "out"
    (src / "site").mkdir(parents=True)
    (src / "a.txt").write_text(article(1), "utf-8")
    for name in ("site/one.html", "site/two.htm", "three.html"):
        (src / name).write_text(HTML, "utf-8")
    assert _clean(src, out) == 0
    capsys.readouterr()
    assert run_cli("restore", out, "--check", src) == 0
    err = capsys.readouterr().err
    assert "rebuilt 1 input\n" in err and "not rebuilt: 3 HTML pages" in err
    listed = err.split("not rebuilt: 3 HTML pages", 1)[1].splitlines()[1:4]
    assert sorted(line.strip() for line in listed) == ["site/one.html", "site/two.htm", "three.html"]


def test_pages_read_with_format_html_are_known_by_their_log_without_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # page.php and index (no extension) were HTML only by --format html; the log's
    # extract event says so, so restore and explain --run find their outputs (page.txt,
    # index.txt) without being told the run's --format again
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "page.php").write_text(HTML, "utf-8")
    (src / "index").write_text(HTML, "utf-8")
    assert _clean(src, out, "--format", "html") == 0
    assert sorted(p.name for p in out.glob("*.txt")) == ["index.txt", "page.txt"]
    capsys.readouterr()
    assert run_cli("restore", out, "--check", src) == 0
    err = capsys.readouterr().err
    assert "rebuilt 0 inputs" in err and "not rebuilt: 2 HTML pages" in err
    assert "to compare with" not in err and "failed" not in err
    assert run_cli("explain", "--run", out, "index", "--color", "never") == 0
    shown = capsys.readouterr()
    assert shown.out.strip() and "missing" not in shown.err


def test_an_empty_or_blank_page_is_an_html_page_not_a_text_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src, out, back = tmp_path / "in", tmp_path / "out", tmp_path / "back"
    src.mkdir()
    (src / "empty.html").write_bytes(b"")
    (src / "blank.html").write_bytes(b" \n\t\n")
    (src / "a.txt").write_text(article(1), "utf-8")
    assert _clean(src, out) == 0
    assert (out / "empty.txt").read_bytes() == b"" == (out / "blank.txt").read_bytes()
    events = [json.loads(line) for line in (out / "removals.jsonl").read_text("utf-8").splitlines()]
    assert {"file": "empty.html", "event": "extract.trafilatura", "chars": 0} in events
    assert {"file": "blank.html", "event": "extract.trafilatura", "chars": 0} in events
    capsys.readouterr()
    assert run_cli("restore", out, "-o", back, "--check", src) == 0
    err = capsys.readouterr().err
    assert "rebuilt 1 input into " in err and "not rebuilt: 2 HTML pages" in err
    assert "missing" not in err and "to compare with" not in err
    assert sorted(p.name for p in back.iterdir()) == ["a.txt"]  # no empty.txt: never an input


def test_a_file_of_outdir_the_run_did_not_write_is_not_taken_for_an_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A second run into OUTDIR (not --resume) starts a new log; the output of an input
    of the first run that is gone since stays in OUTDIR, with no record in the new log,
    and so does a file put there by hand. restore took each for an input the run left
    unchanged: -o wrote the cleaned text as if it were the input, and --check failed for
    want of an input to compare it with. The run's manifest lists every output it wrote."""
    src, out, back = tmp_path / "in", tmp_path / "out", tmp_path / "back"
    src.mkdir()
    (src / "a.txt").write_text(article(1), "utf-8")
    (src / "b.txt").write_text(article(2, debris=False), "utf-8")  # no change: no record
    (src / "gone.txt").write_text(article(2), "utf-8")
    assert _clean(src, out) == 0
    (src / "gone.txt").unlink()
    assert _clean(src, out) == 0
    (out / "notes").mkdir()
    (out / "notes" / "todo.txt").write_text("check the sports pages\n", "utf-8")
    capsys.readouterr()
    assert run_cli("restore", out, "-o", back, "--check", src) == 0
    err = capsys.readouterr().err
    rebuilt = sorted(p.relative_to(back).as_posix() for p in back.rglob("*") if p.is_file())
    assert rebuilt == ["a.txt", "b.txt"]
    assert "rebuilt 2 inputs" in err and "2  identical to the input" in err
    assert "to compare with" not in err and "failed" not in err
    assert "not rebuilt: 2 files in OUTDIR that the run did not write" in err
    assert "  gone.txt\n" in err and "  notes/todo.txt\n" in err

    # without a manifest (a Dask run into object storage) there is no telling: as before
    (out / MANIFEST_NAME).unlink()
    assert run_cli("restore", out, "--check", src) == 1
    assert "gone.txt: no input gone.txt in" in capsys.readouterr().err


def test_names_with_line_breaks_are_listed_on_one_line_each(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As clean's error lines: a scraped file's name may hold a line break or an escape code."""
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "a.txt").write_text(article(1), "utf-8")
    (src / "bad\nname\x1b[2J.txt").write_bytes(b"x\0\0\0\0\0\0y")
    assert _clean(src, out) == 1
    capsys.readouterr()
    assert run_cli("restore", out, "--check", src) == 0
    err = capsys.readouterr().err
    assert "\n  bad\\nname\\x1b[2J.txt: failed in the run (binary data, not text)\n" in err
    assert "\x1b" not in err


def test_bad_log_lines_and_paths_reach_the_terminal_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The log's name, DEST and IN are printed as one_line prints any name: a line break
    or an escape code in them neither cuts a message in two nor reaches the terminal."""
    src = tmp_path / "in\x1b[2J"
    src.mkdir()
    (src / "a.txt").write_text(article(1), "utf-8")
    out, log, dest = tmp_path / "out", tmp_path / "l\x1b[31mog\n.jsonl", tmp_path / "ba\nck"
    assert _clean(src, out, "--log", str(log)) == 0
    n = len(log.read_bytes().splitlines())
    with open(log, "ab") as fh:
        fh.write(b"not json\n" + b'{"file": 3}\n' * 11)
    assert run_cli("restore", out, "--log", log, "-o", dest, "--check", src) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and f"l\\x1b[31mog\\n.jsonl:{n + 1}: not a log record: not JSON" in err
    assert "l\\x1b[31mog\\n.jsonl: 2 more lines are not log records" in err
    assert "rebuilt 1 input into " in err and "ba\\nck\n" in err
    assert "compared with " in err and "in\\x1b[2J:\n" in err
    lines = err.splitlines()
    assert len([line for line in lines if "not a log record" in line]) == 10
    assert all(line.startswith(("cleaner: ", "rebuilt ", "compared ", " ", "the log has")) for line in lines)
