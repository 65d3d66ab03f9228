# Tests of `cleaner clean` end to end: mixed folders with bad files, exit codes, the log
# rebuilding every input, inputs untouched, --jobs 1 vs 2, dry run, diff and stdin.
from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from clihelp import RULES, article, make_good_tree, run_cli, tree_hashes
from rulehelp import _FILL

import cleaner
import cleaner.io.clean_file
from cleaner.io.discover import walk
from cleaner.io.removal_log import read_log, record_type, removals_of


def _bytes(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.name.endswith(".gz") else data


def _outputs(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_mixed_folder_with_bad_files(
    bad_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    before = tree_hashes(bad_tree)
    rc = run_cli("clean", bad_tree, "-o", out, "--rules", RULES, "--jobs", "1")
    err = capsys.readouterr().err
    assert rc == 1
    assert tree_hashes(bad_tree) == before  # inputs untouched

    # one line per bad file, naming the file (and line) and the cause
    errors = [line for line in err.splitlines() if line.startswith("cleaner: ") and "summary" not in line]
    assert any("truncated.txt.gz" in e and "truncated gzip" in e for e in errors)
    assert any("junk.txt" in e and "binary data" in e for e in errors)
    assert any("fifo.txt" in e and "not a regular file" in e for e in errors)
    assert any("broken.jsonl:2:" in e and "broken JSON line" in e for e in errors)
    assert any("plain.html" in e and "not HTML" in e for e in errors)
    assert len(errors) == 5, errors
    assert "cleaner: summary" in err and "t.ad-markers" in err

    # good inputs have outputs, failed ones do not, the tree is mirrored
    assert (out / "a.txt").exists() and (out / "sub/deeper/c.txt.gz").exists()
    assert (out / "page.txt").exists() and not (out / "page.html").exists()
    assert (out / "empty.txt").read_bytes() == b""
    assert (out / "bad/latin1.txt").exists()  # invalid UTF-8 is decoded, not refused
    assert not (out / "bad/junk.txt").exists() and not (out / "bad/truncated.txt.gz").exists()
    assert not (out / "notes.md").exists()
    assert "[ad_1]" not in (out / "a.txt").read_text("utf-8")
    assert b"Source link" not in gzip.decompress((out / "sub/deeper/c.txt.gz").read_bytes())
    assert "Follow us" not in (out / "page.txt").read_text("utf-8")
    # the broken JSONL line is copied unchanged, the good ones are cleaned
    broken_out = (out / "bad/broken.jsonl").read_text("utf-8").splitlines()
    assert broken_out[1] == '{"id": 2, "text": "unterminated'
    assert "[ad_" not in broken_out[0]

    records = list(read_log(out / "removals.jsonl"))
    kinds = {record_type(r) for r in records}
    assert kinds >= {"removal", "event", "error"}
    assert any(r.get("event") == "extract.trafilatura" and r["file"] == "page.html" for r in records)
    assert any(r.get("error") and r["file"] == "bad/broken.jsonl" and r["record"] == 1 for r in records)
    assert all(not os.path.isabs(str(r["file"])) for r in records)


def _rebuild_all(src: Path, out: Path) -> int:
    """Rebuild every .txt and .jsonl input from its output and the log; count them."""
    records = list(read_log(out / "removals.jsonl"))
    rebuilt = 0
    for path in sorted(src.rglob("*")):
        rel = path.relative_to(src).as_posix()
        if not path.is_file() or not (out / rel).exists():
            continue
        original, cleaned = _bytes(path), _bytes(out / rel)
        if ".txt" in path.name:
            text = cleaner.restore(cleaned.decode("utf-8"), removals_of(records, rel))
            assert text.encode("utf-8") == original, rel
            rebuilt += 1
        elif ".jsonl" in path.name:
            for i, (a, b) in enumerate(zip(original.splitlines(), cleaned.splitlines(), strict=True)):
                rec_in, rec_out = json.loads(a), json.loads(b)
                assert cleaner.restore(rec_out["text"], removals_of(records, rel, i)) == rec_in["text"]
                assert {k: v for k, v in rec_in.items() if k != "text"} == {
                    k: v for k, v in rec_out.items() if k != "text"
                }
            rebuilt += 1
    return rebuilt


def test_gzip_data_with_bytes_appended_fails_with_a_message_that_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    one = gzip.compress(article(0).encode("utf-8"))
    (src / "t.txt.gz").write_bytes(one + b"garbage")  # (gzip -c a.txt; printf garbage)
    (src / "r.jsonl.gz").write_bytes(gzip.compress(json.dumps({"text": article(1)}).encode() + b"\n"))
    out = tmp_path / "out"
    assert run_cli("clean", src, "-o", out, "--rules", RULES, "-q") == 1
    said = f"the gzip data is followed by 7 bytes that are not gzip (from byte {len(one)})"
    assert f"cleaner: {src / 't.txt.gz'}: {said}" in capsys.readouterr().err.splitlines()
    # the whole member before the bytes is not cleaned as a guess: the file fails
    assert not (out / "t.txt.gz").exists() and (out / "r.jsonl.gz").exists()
    # restore reads gzip the same way: the failed input is listed, an input changed
    # since the run is refused with the same words
    assert run_cli("restore", out, "--check", src) == 0
    assert f"t.txt.gz: failed in the run ({said})" in capsys.readouterr().err
    with open(src / "r.jsonl.gz", "ab") as fp:
        fp.write(b"junk")
    assert run_cli("restore", out, "--check", src) == 1
    assert "r.jsonl.gz: the gzip data is followed by 4 bytes that are not gzip" in capsys.readouterr().err


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_jsonl_in_utf16_or_with_cr_line_ends_fails_whole_with_its_cause(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    """JSON Lines is UTF-8 with LF (or CR LF) line ends: a file in UTF-16, or whose lines end
    in CR alone, gets one error naming it and the cause, not one per line (or one for the
    file read as a single line); it has no output, --resume does not retry it unchanged,
    restore lists it as failed, and explain says the same."""
    import cleaner.io.batches as batches
    from cleaner.io.clean_file import FileTask
    from cleaner.io.discover import InputFile
    from cleaner.io.kinds import Kind

    monkeypatch.setattr(batches, "CHUNK_MIN_BYTES", 1000)  # --jobs 2: the big files in chunks
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    body = "".join(json.dumps({"text": article(i)}, ensure_ascii=False) + "\n" for i in range(30))
    (src / "bom16.jsonl").write_bytes(body.encode("utf-16"))
    (src / "le16.jsonl").write_bytes(body.encode("utf-16-le"))
    (src / "cr.jsonl.gz").write_bytes(gzip.compress(body.replace("\n", "\r").encode()))
    (src / "crlf.jsonl").write_bytes(body.replace("\n", "\r\n").encode())
    (src / "ok.jsonl").write_text(body, "utf-8")
    le16 = InputFile(src / "le16.jsonl", "le16.jsonl", Kind("jsonl"), (src / "le16.jsonl").stat().st_size)
    assert len(list(batches.Planner(False)._chunks(FileTask(le16, out / "x", spill_dir=tmp_path)))) > 4
    assert run_cli("clean", src, "-o", out, "--rules", RULES, "--jobs", jobs, "-q") == 1
    err = capsys.readouterr().err.splitlines()
    utf8 = "(JSONL must be UTF-8): convert it first, e.g. iconv -f"
    cr = (
        "lines end in CR only (JSONL lines end in LF, or CR LF; read so, the whole file would be one "
        "line): convert the line ends first, e.g. tr '\\r' '\\n'"
    )
    assert err == [
        f"cleaner: {src / 'bom16.jsonl'}: UTF-16 text, little-endian with a byte-order mark {utf8} "
        "UTF-16 -t UTF-8",
        f"cleaner: {src / 'cr.jsonl.gz'}: {cr}",
        f"cleaner: {src / 'le16.jsonl'}: UTF-16 text, little-endian without a byte-order mark {utf8} "
        "UTF-16LE -t UTF-8",
    ]
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "crlf.jsonl", "ok.jsonl", "removals.jsonl",
    ]  # fmt: skip
    log = read_log(out / "removals.jsonl")
    errors = [(r["file"], r.get("record")) for r in log if record_type(r) == "error"]
    assert errors == [("bom16.jsonl", None), ("cr.jsonl.gz", None), ("le16.jsonl", None)]
    assert run_cli("clean", src, "-o", out, "--rules", RULES, "--jobs", jobs, "-q", "--resume") == 1
    again = capsys.readouterr().err.splitlines()
    assert again == [f"{line} (unchanged since the last run; not retried)" for line in err]
    assert run_cli("restore", out, "--check", src) == 0
    said = capsys.readouterr().err
    assert "2  identical to the input" in said and f"cr.jsonl.gz: failed in the run ({cr})" in said
    assert run_cli("explain", src / "le16.jsonl", "--rules", RULES) == 1
    assert capsys.readouterr().err == f"{err[2]}\n"
    # converted, it is cleaned like any other JSONL file
    (src / "le16.jsonl").write_text(body, "utf-8")
    assert run_cli("clean", src, "-o", out, "--rules", RULES, "--jobs", jobs, "-q", "--resume") == 1
    capsys.readouterr()
    assert (out / "le16.jsonl").read_bytes() == (out / "ok.jsonl").read_bytes()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_jsonl_not_json_lines_fails_whole_when_its_first_line_is_blank(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    """A blank first line, or one of a byte-order mark alone, hid the file from a look at
    its first line: each line after it was an error of its own again (a UTF-16 file), or
    the rest of the file one broken line (CR line ends). A UTF-8 file with blank lines
    first is cleaned as ever."""
    import cleaner.io.batches as batches

    monkeypatch.setattr(batches, "CHUNK_MIN_BYTES", 1000)  # --jobs 2: the big files in chunks
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    body = "".join(json.dumps({"text": article(i)}, ensure_ascii=False) + "\n" for i in range(30))
    (src / "le16.jsonl").write_bytes((" \n" + body).encode("utf-16-le"))
    (src / "be16.jsonl").write_bytes(("\n" + body).encode("utf-16-be"))
    (src / "cr.jsonl").write_bytes(("\n\n" + body.replace("\n", "\r")).encode())
    (src / "bom_cr.jsonl").write_bytes(("\ufeff\n" + body.replace("\n", "\r")).encode())
    (src / "ok.jsonl").write_text("\n\n" + body, "utf-8")
    (src / "blank.jsonl").write_text("\n", "utf-8")
    assert run_cli("clean", src, "-o", out, "--rules", RULES, "--jobs", jobs, "-q") == 1
    err = capsys.readouterr().err.splitlines()
    utf8 = "without a byte-order mark (JSONL must be UTF-8): convert it first, e.g. iconv -f"
    cr = "lines end in CR only (JSONL lines end in LF, or CR LF; read so, the whole file would be one "
    assert err == [
        f"cleaner: {src / 'be16.jsonl'}: UTF-16 text, big-endian {utf8} UTF-16BE -t UTF-8",
        f"cleaner: {src / 'bom_cr.jsonl'}: {cr}line): convert the line ends first, e.g. tr '\\r' '\\n'",
        f"cleaner: {src / 'cr.jsonl'}: {cr}line): convert the line ends first, e.g. tr '\\r' '\\n'",
        f"cleaner: {src / 'le16.jsonl'}: UTF-16 text, little-endian {utf8} UTF-16LE -t UTF-8",
    ]
    assert (out / "ok.jsonl").read_text("utf-8").startswith("\n\n{") and (out / "blank.jsonl").exists()
    assert run_cli("explain", src / "be16.jsonl", "--rules", RULES) == 1
    assert capsys.readouterr().err == f"{err[0]}\n"


def test_log_rebuilds_every_input(good_tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("clean", good_tree, "-o", out, "--rules", RULES, "--jobs", "1", "-q") == 0
    assert _rebuild_all(good_tree, out) == 7


def test_non_utf8_and_blank_text_are_logged_so_restore_gives_the_bytes_back(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    inputs = {
        "latin1.txt": article(5).replace("council", "café council").encode("cp1252"),
        "utf16.txt": article(6).replace("council", "Straße council").encode("utf-16"),
        "blank.txt": b"  \n\n ",
        "newlines.txt": b"\n\n\n",
    }
    for name, data in inputs.items():
        (src / name).write_bytes(data)
    out = tmp_path / "out"
    assert run_cli("clean", src, "-o", out, "--rules", RULES, "-q") == 0
    records = list(read_log(out / "removals.jsonl"))
    for name, data in inputs.items():
        notes = [r for r in records if r["file"] == name and r.get("warning") == "decode"]
        charset = str(notes[0]["encoding"]) if notes else "utf-8"  # the warning names the charset
        assert f"read as {charset};" in str(notes[0]["message"]) if notes else True
        assert (charset != "utf-8") == (name in ("latin1.txt", "utf16.txt")), (name, notes)
        text = cleaner.restore((out / name).read_text("utf-8"), removals_of(records, name))
        assert text.encode(charset) == data, name
    assert (out / "blank.txt").read_bytes() == b""


def test_html_log_refers_to_extracted_text(good_tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("clean", good_tree / "page.html", "-o", out, "--rules", RULES, "-q") == 0
    records = list(read_log(out / "removals.jsonl"))
    removals = removals_of(records, "page.html")
    assert [r.rule for r in removals if r.rule.startswith("t.")] == ["t.follow"]
    extracted = cleaner.restore((out / "page.txt").read_text("utf-8"), removals)
    assert "Follow us on Twitter!" in extracted and "<p>" not in extracted
    event = next(r for r in records if record_type(r) == "event")
    assert event["event"] == "extract.trafilatura" and event["chars"] == len(extracted)


def test_a_saved_page_is_cleaned_with_the_site_rules_of_its_own_address(tmp_path: Path) -> None:
    rule = {
        **_FILL,
        "id": "site.tagline",
        "match": {"literal": "Valley News, since 1881", "whole_line": True},
        "action": "drop-line",
        "when": {"domains": ["valley.example"]},
    }
    rules = tmp_path / "site.yaml"
    rules.write_text(json.dumps({"rules": [rule]}), "utf-8")  # JSON is YAML
    prose = "The river rose by two metres overnight and the council opened the school as a shelter. " * 3
    body = f"<article><h1>Flood</h1><p>{prose}</p><p>Valley News, since 1881</p><p>{prose}</p></article>"
    src = tmp_path / "in"
    src.mkdir()
    heads = {"own.html": '<link rel="canonical" href="https://valley.example/flood">', "none.html": ""}
    for name, head in heads.items():
        page = f"<html><head><title>Flood</title>{head}</head><body>{body}</body></html>"
        (src / name).write_text(page, "utf-8")
    out = tmp_path / "out"
    assert run_cli("clean", src, "-o", out, "--rules", rules, "-q") == 0
    assert "Valley News" not in (out / "own.txt").read_text("utf-8")
    assert "Valley News" in (out / "none.txt").read_text("utf-8")
    records = read_log(out / "removals.jsonl")
    events = {r["file"]: r for r in records if r.get("event") == "extract.trafilatura"}
    assert events["own.html"]["url"] == "https://valley.example/flood" and "url" not in events["none.html"]


def test_jsonl_keeps_other_fields_byte_for_byte(good_tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("clean", good_tree / "recs.jsonl", "-o", out, "--rules", RULES, "-q") == 0
    before = (good_tree / "recs.jsonl").read_text("utf-8").splitlines()
    after = (out / "recs.jsonl").read_text("utf-8").splitlines()
    for a, b in zip(before, after, strict=True):
        head_a, head_b = a.split('"text": ')[0], b.split('"text": ')[0]
        tail_a, tail_b = a.rsplit('"meta": ')[1], b.rsplit('"meta": ')[1]
        assert (head_a, tail_a) == (head_b, tail_b)
    changed = {r["record"] for r in read_log(out / "removals.jsonl") if record_type(r) == "removal"}
    assert changed and len(changed) < len(before)
    for i, (a, b) in enumerate(zip(before, after, strict=True)):
        assert (a != b) == (i in changed)  # a record without changes is left byte for byte


def test_jobs_1_and_2_give_the_same_bytes(bad_tree: Path, tmp_path: Path) -> None:
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        assert run_cli("clean", bad_tree, "-o", out, "--rules", RULES, "--jobs", jobs, "-q") == 1
        outs.append({k: v for k, v in _outputs(out).items() if k != ".cleaner-manifest.json"})
    assert outs[0] == outs[1]
    assert "removals.jsonl" in outs[0] and len(outs[0]) > 8


def test_all_clean_exits_0_and_rerun_is_identical(good_tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("clean", good_tree, "-o", out, "--rules", RULES, "-q") == 0
    first = _outputs(out)
    assert run_cli("clean", good_tree, "-o", out, "--rules", RULES, "-q") == 0
    assert _outputs(out) == first
    assert not [p for p in out.rglob(".cleaner-tmp-*")]


def test_dry_run_writes_only_the_log_and_diff_shows_changes(
    good_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    rc = run_cli("clean", good_tree, "-o", out, "--rules", RULES, "--dry-run", "--diff", "--color", "never")
    captured = capsys.readouterr()
    assert rc == 0
    assert sorted(p.name for p in out.rglob("*")) == ["removals.jsonl"]
    assert "--- a/a.txt" in captured.out and "-[ad_2]" in captured.out
    assert "\x1b[" not in captured.out
    assert "cleaner: summary" in captured.err
    assert any(record_type(r) == "removal" for r in read_log(out / "removals.jsonl"))


def test_a_dry_run_does_not_replace_the_log_of_a_run(
    good_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A dry run with -o of a finished run's OUTDIR wrote its own log over the run's: the
    outputs could no longer be rebuilt (restore --check: DIFFERS, or missing records)."""
    out = tmp_path / "out"
    assert run_cli("clean", good_tree, "-o", out, "--rules", RULES, "-q") == 0
    log = (out / "removals.jsonl").read_bytes()
    capsys.readouterr()
    assert run_cli("clean", good_tree / "sub", "-o", out, "--rules", RULES, "--dry-run", "-q") == 2
    assert capsys.readouterr().err == (
        f"cleaner: error: {out / 'removals.jsonl'} is the removal log of the run in {out}, which "
        "restore needs; a dry run would replace it: give --log another file\n"
    )
    other = tmp_path / "preview.jsonl"
    dry = ("--dry-run", "--log", other, "-q")
    assert run_cli("clean", good_tree / "sub", "-o", out, "--rules", RULES, *dry) == 0
    assert (out / "removals.jsonl").read_bytes() == log and other.stat().st_size > 0
    assert run_cli("restore", out, "--check", good_tree, "-q") == 0


def test_diff_colour_when_forced(good_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc = run_cli(
        "clean", good_tree / "a.txt", "--rules", RULES, "--dry-run", "--diff", "--color", "always", "-q"
    )
    assert rc == 0
    assert "\x1b[31m-[ad_2]" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args, message",
    [
        (["IN", "-o", "IN/out"], "is inside input"),
        (["IN", "-o", "IN"], "is input"),
        (["IN/a.txt", "-o", "IN/.."], "contains input"),
        (["IN", "-o", "OUT", "--log", "IN/log.jsonl"], "lies inside input"),
        (["IN/missing.txt", "-o", "OUT"], "no such file"),
        (["IN/notes.md", "-o", "OUT"], "cannot tell the kind"),
        (["IN"], "-o OUTDIR is required"),
        (["IN", "-o", "OUT", "--resume", "--dry-run"], "cannot be used together"),
        (["IN", "-o", "OUT", "--jobs", "0"], "--jobs must be at least 1"),
        (["IN", "-o", "OUT", "--scheduler", "x"], "--scheduler goes with --engine dask"),
        (["IN", "-o", "OUT", "--text-field", " "], "--text-field must name a field"),
        (["IN", "-o", "OUT", "--rules", "NOPE.yaml"], "no such rule file"),
        (["IN", "-o", "OUT", "--select", "no.such.rule"], "names no loaded rule"),
    ],
)
def test_usage_errors_exit_2(
    good_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    before = tree_hashes(good_tree)
    argv = [a.replace("IN", str(good_tree)).replace("OUT", str(tmp_path / "out")) for a in args]
    if "--rules" not in argv:
        argv += ["--rules", str(RULES)]
    assert run_cli("clean", *argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert tree_hashes(good_tree) == before
    assert not (good_tree / "out").exists()


def test_a_rules_folder_without_rule_files_stops_the_run_before_it_writes(
    good_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--rules EMPTYDIR (a typo, a folder not yet filled) ran 0 rules and exited 0, its
    outputs tidied and "cleaned" by nothing; explain and rules try did the same."""
    empty = tmp_path / "my-rules"
    empty.mkdir()
    said = f"cleaner: error: {empty}: no rule files (.yaml, .yml) in this folder\n"
    assert run_cli("clean", good_tree, "-o", tmp_path / "out", "--rules", empty) == 2
    assert capsys.readouterr().err == said and not (tmp_path / "out").exists()
    doc = next(p for p in sorted(good_tree.rglob("*.txt")))
    for argv in (["explain", doc, "--rules", empty], ["rules", "try", empty, good_tree]):
        assert run_cli(*argv) == 2
        assert capsys.readouterr().err == said


@pytest.mark.parametrize(
    "args",
    [
        ["IN", "-o", "s3://bucket/out/"],
        ["s3://bucket/in/", "-o", "OUT"],
        ["IN", "-o", "OUT", "--log", "file:///tmp/removals.jsonl"],
    ],
)
def test_a_local_run_refuses_urls(
    good_tree: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
) -> None:
    """Without --engine dask, `-o s3://bucket/out/` was a relative path: the run wrote
    every output into a local folder "s3:/bucket/out" and exited 0, and an s3:// input
    was "no such file or folder", with no word of the engine that reads URLs."""
    monkeypatch.chdir(tmp_path)
    argv = [a.replace("IN", str(good_tree)).replace("OUT", "out") for a in args]
    assert run_cli("clean", *argv, "--rules", RULES) == 2
    url = next(a for a in argv if "://" in a)
    assert capsys.readouterr().err == (
        f"cleaner: error: {url}: a URL is read and written by --engine dask only; "
        "a local run takes local paths (see docs/dask.md)\n"
    )
    assert [p for p in tmp_path.iterdir() if p != good_tree] == []  # no "s3:" folder, no output


def test_output_name_clash_fails_that_input_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "page.html").write_text("<html><body><p>x</p></body></html>", "utf-8")
    (src / "page.txt").write_text(article(1), "utf-8")
    rc = run_cli("clean", src, "-o", tmp_path / "out", "--rules", RULES, "-q")
    assert rc == 1
    err = capsys.readouterr().err
    assert f"{src / 'page.txt'}: its output page.txt would overwrite the output of {src / 'page.html'}" in err
    assert (tmp_path / "out" / "page.txt").read_text("utf-8") == "x"  # from page.html, first in order


def test_an_output_that_would_overwrite_the_log_fails_that_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An input named removals.jsonl silently replaced the run's log with its cleaned text."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(article(1), "utf-8")
    (src / "removals.jsonl").write_text(json.dumps({"text": article(2)}) + "\n", "utf-8")
    for log in (None, tmp_path / "out" / "a.txt"):
        out = tmp_path / "out"
        extra = ["--log", str(log)] if log else []
        assert run_cli("clean", src, "-o", out, "--rules", RULES, "-q", *extra) == 1
        name = "removals.jsonl" if log is None else "a.txt"
        assert f"its output {name} would overwrite the removal log" in capsys.readouterr().err
        records = [json.loads(x) for x in (log or out / "removals.jsonl").read_text("utf-8").splitlines()]
        assert {r["file"] for r in records if "error" in r} == {name}
        assert all("rule" in r or "error" in r for r in records)  # a log, not an article
        for p in out.iterdir():
            p.unlink()


@pytest.mark.parametrize("log", ["out/.cleaner-manifest.json", "out", "."])
def test_a_log_that_is_the_manifest_or_a_folder_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], log: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "in" / "a.txt").write_text(article(1), "utf-8")
    assert run_cli("clean", "in", "-o", "out", "--log", log, "--rules", RULES, "-q") == 2
    err = capsys.readouterr().err
    assert ("is the run's manifest" if log.endswith(".json") else "is a folder; name a file") in err


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["-o", "afile"], "output folder afile is a file, not a folder"),
        (["-o", "afile/sub"], "cannot create the output folder afile/sub: not a directory"),
        (["-o", "out", "--log", "afile/x.jsonl"], "log's folder afile is a file, not a folder"),
        (["-o", "out", "--log", "logs/"], "log file logs/ is a folder"),
    ],
)
def test_an_output_that_cannot_be_written_is_a_usage_error(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    says: str,
) -> None:
    """Each was a Python traceback (FileExistsError, NotADirectoryError), or a log file
    named 'logs' for 'logs/'."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(article(1), "utf-8")
    (tmp_path / "afile").write_text("x", "utf-8")
    assert run_cli("clean", "in", *args, "--rules", RULES, "-q") == 2
    err = capsys.readouterr().err
    assert err.startswith(f"cleaner: error: {says}") and err.count("\n") == 1
    assert not (tmp_path / "logs").exists()


def test_a_folder_given_twice_is_cleaned_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(article(1), "utf-8")
    rc = run_cli("clean", src, src, "-o", tmp_path / "out", "--rules", RULES, "-q")
    assert rc == 0
    assert "1 input file was named more than once" in capsys.readouterr().err
    out = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert out == [".cleaner-manifest.json", "a.txt", "removals.jsonl"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_is_reported(
    good_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    locked = good_tree / "locked.txt"
    locked.write_text(article(9), "utf-8")
    locked.chmod(0)
    try:
        rc = run_cli("clean", good_tree, "-o", tmp_path / "out", "--rules", RULES, "-q")
    finally:
        locked.chmod(0o644)
    assert rc == 1
    assert f"cleaner: {locked}: permission denied" in capsys.readouterr().err


def test_unreadable_file_fails_for_real_even_as_root(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = make_good_tree(tmp_path / "in")
    # reading /proc/self/mem at offset 0 fails with EIO for every user, root included
    (src / "mem.txt").symlink_to("/proc/self/mem")
    rc = run_cli("clean", src, "-o", tmp_path / "out", "--rules", RULES, "-q")
    err = capsys.readouterr().err
    assert rc == 1
    assert f"cleaner: {src / 'mem.txt'}: " in err and "error" in err.lower()
    assert (tmp_path / "out" / "a.txt").exists()


def test_python_m_cleaner_is_the_command() -> None:
    # where the console script is not on PATH (a venv not activated, a worker image)
    cmd = [sys.executable, "-m", "cleaner", "clean", "-", "--rules", str(RULES), "-q"]
    text = article(2)
    proc = subprocess.run(cmd, input=text.encode(), capture_output=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode() == cleaner.Cleaner(rules=RULES).clean(text).text


def test_stdin_to_stdout(tmp_path: Path) -> None:
    cmd = [sys.executable, "-m", "cleaner.cli.main", "clean", "-", "--rules", str(RULES)]
    text = article(1)
    proc = subprocess.run([*cmd, "-q"], input=text.encode(), capture_output=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode() == cleaner.Cleaner(rules=RULES).clean(text).text
    assert proc.stderr == b""

    rec = json.dumps({"id": 7, "text": text}) + "\n"
    log = tmp_path / "log.jsonl"
    proc = subprocess.run(
        [*cmd, "--format", "jsonl", "--log", str(log), "-q"],
        input=rec.encode(),
        capture_output=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["id"] == 7 and "[ad_" not in out["text"]
    assert cleaner.restore(out["text"], removals_of(list(read_log(log)), "-", 0)) == text


def test_a_folder_that_cannot_be_listed_is_reported_and_the_run_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    src = make_good_tree(tmp_path / "in")
    locked = src / "sub" / "deeper"
    real = os.scandir

    def scandir(path):  # type: ignore[no-untyped-def]  # as a chmod 000 folder does for non-root
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    rc = run_cli("clean", src, "-o", tmp_path / "out", "--rules", RULES)
    err = capsys.readouterr().err
    assert rc == 1
    assert f"cleaner: {locked}: cannot read the folder (permission denied); none of it was cleaned" in err
    assert (tmp_path / "out" / "a.txt").exists() and (tmp_path / "out" / "sub" / "b.txt").exists()
    assert not (tmp_path / "out" / "sub" / "deeper").exists()
    assert "failed 1" in err


def test_inputs_that_vanish_or_change_after_they_were_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Inputs are found as the run goes, and read later: one deleted meanwhile fails with
    the cause in words, as a folder does ("No such file or directory" was Python's); one
    changed meanwhile is cleaned as it is when read, and --resume cleans it again."""
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for i in range(4):
        (src / f"doc{i}.txt").write_text(article(i), "utf-8")
    (src / "loop.txt").symlink_to("loop.txt")
    real = cleaner.io.clean_file.clean_file

    def meanwhile(c, task):  # type: ignore[no-untyped-def]
        if task.source.rel == "doc1.txt":
            (src / "doc1.txt").unlink()
            (src / "doc2.txt").write_text(article(2) + "A line added meanwhile.\n", "utf-8")
        return real(c, task)

    monkeypatch.setattr(cleaner.io.clean_file, "clean_file", meanwhile)
    assert run_cli("clean", src, "-o", out, "--rules", RULES, "--jobs", "1", "-q") == 1
    assert capsys.readouterr().err.splitlines() == [
        f"cleaner: {src / 'doc1.txt'}: no such file or directory",
        f"cleaner: {src / 'loop.txt'}: too many levels of symbolic links",
    ]
    assert "meanwhile" in (out / "doc2.txt").read_text("utf-8")
    monkeypatch.undo()
    (src / "doc2.txt").write_text(article(2) + "Changed again.\n", "utf-8")
    assert run_cli("clean", src, "-o", out, "--rules", RULES, "--resume", "-q") == 1
    assert "Changed again." in (out / "doc2.txt").read_text("utf-8")
    assert run_cli("restore", out, "--check", src, "-q") == 0


def test_a_link_to_a_folder_is_not_followed_and_the_run_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder linked into the tree was passed over in silence (exit 0, no count)."""
    src, elsewhere, out = tmp_path / "in", tmp_path / "elsewhere", tmp_path / "out"
    (src / "sub").mkdir(parents=True)
    elsewhere.mkdir()
    (elsewhere / "far.txt").write_text(article(3), "utf-8")
    (src / "a.txt").write_text(article(1), "utf-8")
    (src / "linked").symlink_to(elsewhere)
    (src / "sub" / "up").symlink_to("..")  # a loop, were links followed
    (src / "sub" / "b.txt").symlink_to(elsewhere / "far.txt")  # a link to a file is an input
    assert run_cli("clean", src, "-o", out, "--rules", RULES, "-q") == 0
    assert capsys.readouterr().err == (
        f"cleaner: 2 links to folders were not followed ({src / 'linked'} and 1 more); the files "
        "under them were not cleaned (name the folder a link points to as an input to clean them)\n"
    )
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.txt")) == ["a.txt", "sub/b.txt"]
    assert run_cli("clean", src / "sub", "-o", tmp_path / "out2", "--rules", RULES, "-q") == 0
    assert f"1 link to a folder was not followed ({src / 'sub' / 'up'}); the files under it" in (
        capsys.readouterr().err
    )
    (src / "sub" / "up").unlink()
    (src / "sub" / "up\nstairs").symlink_to("..")  # scraped names hold line breaks
    assert run_cli("clean", src / "sub", "-o", tmp_path / "out3", "--rules", RULES, "-q") == 0
    err = capsys.readouterr().err
    assert f"1 link to a folder was not followed ({src / 'sub'}/up\\nstairs); the files under it" in err
    assert err.count("\n") == 1


def test_a_link_in_an_input_folder_to_what_the_run_writes_is_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A named input inside OUTDIR is refused, but a link in an input folder to a file of
    OUTDIR, or to a --log outside it, was cleaned: read while the run rewrote it (a link
    to the log came out empty, the log being cut back), so the input was written to, and
    restore --check found it differed. Each such link fails; the rest of the run goes on."""
    src, out, log = tmp_path / "in", tmp_path / "out", tmp_path / "logs" / "run.jsonl"
    src.mkdir()
    (src / "a.txt").write_text(article(1), "utf-8")
    assert run_cli("clean", src, "-o", out, "--rules", RULES, "-q", "--log", log) == 0
    (src / "old.jsonl").symlink_to(log)
    (src / "self.txt").symlink_to(out / "a.txt")
    (src / "b.txt").write_text(article(2), "utf-8")
    kept = {"log": log.read_bytes(), "out": (out / "a.txt").read_bytes()}
    capsys.readouterr()
    assert run_cli("clean", src, "-o", out, "--rules", RULES, "-q", "--log", log, "-j", "1") == 1
    err = capsys.readouterr().err
    assert f"cleaner: {src / 'old.jsonl'}: a link to {log}, which this run writes" in err
    assert f"cleaner: {src / 'self.txt'}: a link to {out / 'a.txt'}, inside the output folder" in err
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["a.txt", "b.txt"]
    assert log.read_bytes().startswith(kept["log"]) and (out / "a.txt").read_bytes() == kept["out"]
    assert run_cli("restore", out, "--log", log, "--check", src) == 0


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_hard_link_in_an_input_folder_to_the_log_or_manifest_is_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    """A hard link in IN to the removal log (or to the manifest, which --resume appends
    to) is the very file the run writes in place, but the link check compared resolved
    paths: a fresh run cut the log back and read the input empty (an empty output, exit 0,
    the input rewritten); --resume appended the input's own records to it while it was
    read, and restore --check then found it differed. Each fails as a bad file naming what
    it is; the rest of the run goes on, and running again adds nothing to the log."""
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "a.txt").write_text(article(1), "utf-8")
    assert run_cli("clean", src, "-o", out, "--rules", RULES, "-q") == 0
    log, manifest = out / "removals.jsonl", out / ".cleaner-manifest.json"
    os.link(log, src / "0log.jsonl")  # read first, before the other inputs' records come
    os.link(manifest, src / "0manifest.jsonl")
    (src / "b.txt").write_text(article(2), "utf-8")
    capsys.readouterr()
    sizes = []
    for resume in (["--resume"], ["--resume"], []):
        rc = run_cli("clean", src, "-o", out, "--rules", RULES, "-q", "-j", jobs, *resume)
        err = capsys.readouterr().err
        assert rc == 1, err
        assert f"cleaner: {src / '0log.jsonl'}: a hard link to {log.resolve()}, which this run writes" in err
        assert f"cleaner: {src / '0manifest.jsonl'}: a hard link to {manifest.resolve()}, which" in err
        outputs = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
        assert outputs == ["a.txt", "b.txt", "removals.jsonl"]
        assert run_cli("restore", out, "--check", src, "-q") == 0
        sizes.append(log.stat().st_size)
    assert sizes[1] == sizes[0]  # the second --resume: the same failures, nothing added


def test_a_bad_file_whose_name_holds_a_line_break_still_gets_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Scraped files are named after titles and URLs, line breaks, tabs and escape codes
    included: the error line of such a file was cut in two (a script reading one line per
    bad file saw a line that named nothing), and an escape code reached the terminal.
    The name is shown with those characters escaped, in the summary too."""
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    bad = src / "Breaking:\nstorm\x1b[2J\r.txt"
    bad.write_bytes(b"x\0\0\0\0\0\0y")
    (src / "good.txt").write_text(article(1), "utf-8")
    assert run_cli("clean", src, "-o", out, "--rules", RULES, "-j", "1") == 1
    err = capsys.readouterr().err
    shown = f"{src}/Breaking:\\nstorm\\x1b[2J\\r.txt: binary data, not text"
    assert err.startswith(f"cleaner: {shown}\n")
    assert f"\n    {shown}\n" in err  # the summary's list of failures
    assert "\x1b" not in err and "\r" not in err
    assert [r["file"] for r in read_log(out / "removals.jsonl") if "error" in r] == [bad.name]  # as it is


def test_a_run_into_an_outdir_of_an_earlier_run_names_what_it_left_there(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An operator removes junk from IN and cleans again into the same OUTDIR: the junk's
    clean outputs stayed there without a word, beside the new log that knows nothing of
    them, for the next step of the pipeline to take as clean text of these inputs."""
    src, out = tmp_path / "in", tmp_path / "out"
    (src / "sub").mkdir(parents=True)
    for name in ("a.txt", "junk.txt", "sub/junk2.txt"):
        (src / name).write_text(article(len(name)), "utf-8")
    assert run_cli("clean", src, "-o", out, "--rules", RULES, "-q") == 0
    assert run_cli("clean", src, "-o", out, "--rules", RULES, "-q") == 0  # the same inputs again
    assert capsys.readouterr().err == ""
    hour_ago = time.time() - 3600  # as an earlier run's (the clock ticks coarsely)
    for name in ("junk.txt", "sub/junk2.txt"):
        (src / name).unlink()
        os.utime(out / name, (hour_ago, hour_ago))
    assert run_cli("clean", src, "-o", out, "--rules", RULES, "-q") == 0
    assert capsys.readouterr().err == (
        f"cleaner: {out} holds 2 files this run did not write (the first: junk.txt): outputs of an"
        " earlier run whose inputs this run did not have, or files put there; restore and explain"
        " --run pass them over\n"
    )
    assert (out / "junk.txt").is_file()  # named, not removed


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (a device that is always full)")
def test_a_log_that_cannot_be_written_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A full disk under the log stopped the run with "cleaner: error: no space left on
    device", naming no file: the outputs had been written, so which file was it?"""
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(article(1), "utf-8")
    assert run_cli("clean", src, "-o", tmp_path / "out", "--rules", RULES, "-q", "--log", "/dev/full") == 1
    assert capsys.readouterr().err == "cleaner: error: /dev/full: no space left on device\n"

def test_a_folder_named_twice_counts_its_links_to_folders_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Its files are found once; the link to a folder in it was counted at each naming."""
    src = tmp_path / "in"
    (src / "elsewhere").mkdir(parents=True)
    (src / "a.txt").write_text(article(1), "utf-8")
    (src / "linked").symlink_to(src / "elsewhere")
    assert run_cli("clean", src, src, "-o", tmp_path / "out", "--rules", RULES, "-q") == 0
    err = capsys.readouterr().err
    assert f"cleaner: 1 link to a folder was not followed ({src / 'linked'})" in err


def test_hidden_files_are_not_said_to_be_of_no_known_kind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A hidden .txt was counted in the summary as "not of a known kind", and a folder of
    only such files said it held "files of other kinds" that --format would name."""
    src = tmp_path / "in"
    src.mkdir()
    (src / ".draft.txt").write_text(article(1), "utf-8")
    assert run_cli("clean", src, "-o", tmp_path / "out", "--rules", RULES) == 0
    err = capsys.readouterr().err
    assert ", not of a known kind" not in err and ": 1 files of other kinds" not in err
    assert f"no inputs found in {src}: 1 file hidden or of other kinds" in err
    assert "hidden or not of a known kind 1)" in err


def test_a_tree_deeper_than_the_recursion_limit_is_cleaned_restored_and_resumed(tmp_path: Path) -> None:
    """Before Python 3.12, os.walk and Path.mkdir(parents=True) recurse once per folder: a
    tree some 1,000 folders deep stopped the run with a RecursionError traceback (nothing
    cleaned), and an input that deep failed for want of its output folder."""
    src, out = tmp_path / "in", tmp_path / "out"
    deep = src
    src.mkdir()
    for _ in range(sys.getrecursionlimit() + 50):  # one at a time: mkdir(parents=True) recurses
        deep = deep / "d"
        deep.mkdir()
    (src / "top.txt").write_text(article(1), "utf-8")
    (deep / "bottom.txt").write_text(article(2), "utf-8")
    rel = deep.relative_to(src)
    try:
        assert run_cli("clean", src, "-o", out, "--rules", RULES, "-q") == 0
        bottom = (out / rel / "bottom.txt").read_text("utf-8")
        assert "Report number 2." in bottom and "[ad_" not in bottom
        assert run_cli("restore", out, "--check", src, "-q") == 0
        (out / rel / ".cleaner-tmp-left.part").write_bytes(b"half a file")  # as a kill leaves
        assert run_cli("clean", src, "-o", out, "--rules", RULES, "--resume", "-q") == 0
        assert not (out / rel / ".cleaner-tmp-left.part").exists()
    finally:  # pytest removes old temp folders with shutil.rmtree, which recurses too
        for root in (src, out):
            folders = [top for top, _, _ in walk(str(root))]
            for top in reversed(folders):
                for entry in os.scandir(top):
                    if not entry.is_dir(follow_symlinks=False):
                        os.unlink(entry.path)
                os.rmdir(top)


_WHOLE_PAGE = """Home
News
Sport
Weather
Contact

Council votes to close the harbour bridge

The vote was seven to two on Monday, after engineers found cracks in two of its piers.

The bridge closes in May, and repairs are expected to take a year.

Ferries will run every half hour while it is shut, the council said.

About us
Advertise
Privacy policy
Terms of use
Cookie settings
"""


def test_enable_runs_the_opt_in_whole_page_pack_and_resume_sees_it(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "page.txt").write_text(_WHOLE_PAGE, "utf-8")
    assert run_cli("clean", src, "-o", tmp_path / "plain", "-q") == 0
    plain = (tmp_path / "plain" / "page.txt").read_text("utf-8")
    assert plain.startswith("Home\n") and "Weather" in plain  # the default packs leave the menu
    out = tmp_path / "out"
    assert run_cli("clean", src, "-o", out, "-q", "--max-removal", "0.8") == 0
    again = ("--max-removal", "0.8", "--enable", "whole-page", "--resume")
    assert run_cli("clean", src, "-o", out, "-q", *again) == 0
    text = (out / "page.txt").read_text("utf-8")  # done again: enable is part of the settings
    assert text.startswith("Council votes to close the harbour bridge\n\nThe vote was")
    assert "Privacy policy" not in text and "Weather" not in text
    records = list(read_log(out / "removals.jsonl"))
    assert {r["rule"] for r in records} >= {"whole-page.unpunctuated-run"}
    assert cleaner.restore(text, removals_of(records, "page.txt")) == _WHOLE_PAGE


def test_a_folder_with_no_inputs_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "notes.md").write_text("not an input kind", "utf-8")
    assert run_cli("clean", src, "-o", tmp_path / "out", "--rules", RULES, "-q") == 0
    err = capsys.readouterr().err
    assert f"cleaner: no inputs found in {src}: 1 file hidden or of other kinds" in err
    assert "--format names the kind of other files" in err


SITE_RULE = """\
when:
  domains: [gazette.example]
rules:
  - id: gazette.tagline
    category: other
    description: The site's tagline line.
    rationale: The site prints it after every story; it is never part of one.
    confidence: high
    match:
      line: 'The Gazette: news you can use\\.'
    action: drop-line
    examples:
      - input: "Story.\\nThe Gazette: news you can use."
        output: "Story."
        source: https://gazette.example/a
    counterexamples:
      - input: "Story.\\nThe Gazette: news you can use."
        source: https://other.example/a
"""


def test_url_field_names_the_field_site_packs_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = tmp_path / "gazette.yaml"
    rules.write_text(SITE_RULE, "utf-8")
    body = "The council met on Monday and approved the budget for the new bridge after a long debate."
    text = body + "\nThe Gazette: news you can use."
    src = tmp_path / "in" / "docs.jsonl"
    src.parent.mkdir()
    src.write_text(json.dumps({"link": "https://www.gazette.example/x", "text": text}) + "\n", "utf-8")

    def cleaned(*extra: str | Path) -> str:
        out = tmp_path / f"out{len(list(tmp_path.glob('out*')))}"
        assert run_cli("clean", src, "-o", out, "--rules", rules, "-q", *extra) == 0
        return str(json.loads((out / "docs.jsonl").read_text("utf-8"))["text"])

    assert cleaned() == text  # the default field, url, is absent: no site, the rule stays off
    assert cleaned("--url-field", "link") == body
    config = tmp_path / "cleaner.toml"
    config.write_text('url_field = "link"\n', "utf-8")
    assert cleaned("--config", config) == body

    capsys.readouterr()
    assert run_cli("explain", src, "--rules", rules, "--url-field", "link", "--color", "never") == 0
    assert "gazette.tagline" in capsys.readouterr().out
    assert run_cli("clean", src, "-o", tmp_path / "o", "--url-field", " ") == 2
    assert "--url-field must name a field" in capsys.readouterr().err


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_page_above_max_html_size_fails_alone_and_the_run_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    from clihelp import HTML

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.html").write_text(HTML, "utf-8")
    more = "<p>More of the same report, paragraph after paragraph.</p>" * 40
    big = HTML.replace("<article>", "<article>" + more)
    (src / "b.html").write_text(big, "utf-8")
    (src / "c.txt").write_text(article(0), "utf-8")
    out = tmp_path / "out"
    limit = str(len(HTML.encode()) + 10)
    options = ("--rules", RULES, "--max-html-size", limit, "--jobs", jobs, "-q")
    assert run_cli("clean", src, "-o", out, *options) == 1
    err = capsys.readouterr().err
    size = f"{len(big.encode()):,} bytes"
    assert f"cleaner: {src / 'b.html'}: the page is too big for the HTML path" in err and size in err
    assert "--max-html-size" in err and err.count("cleaner: ") == 1
    assert (out / "a.txt").exists() and (out / "c.txt").exists() and not (out / "b.txt").exists()
    errors = [r for r in read_log(out / "removals.jsonl") if record_type(r) == "error"]
    assert [r["file"] for r in errors] == ["b.html"] and "too big" in errors[0]["error"]
    assert run_cli("restore", out, "--check", src, "-q") == 0  # the rest rebuilds from the log


def test_notes_of_a_run_name_folders_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The note on a folder with nothing to clean names it on one line, its escape codes
    escaped, as every other message of a run names a file."""
    src = tmp_path / "i\n\x1b[31mn"
    src.mkdir()
    assert run_cli("clean", src, "-o", tmp_path / "out", "--rules", RULES) == 0
    err = capsys.readouterr().err
    assert "\x1b" not in err
    assert f"cleaner: no inputs found in {tmp_path}/i\\n\\x1b[31mn: nothing (cleaner reads" in err


def test_a_diff_in_colour_shows_escape_codes_of_the_text_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """In colour (a terminal) an escape code in a removed line was written raw, and acted
    on the terminal; on a pipe, without colour, the diff stays as it is, for patch."""
    path = tmp_path / "a\x1b[2J.txt"
    path.write_text(article(1).replace("Rain", "Rain\x1b[2J\x07 and\r rain"), "utf-8")
    argv = ("clean", path, "--rules", RULES, "--dry-run", "--diff", "-q")
    assert run_cli(*argv, "--color", "always") == 0
    out = capsys.readouterr().out
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out).replace("\r\n", "\n")  # the lines' colours; CR LF
    assert not [c for c in plain if (c < " " or "\x7f" <= c <= "\x9f") and c != "\n"]
    assert "-Rain\\x1b[2J\\x07 and\n" in plain and "+++ b/a\\x1b[2J.txt\n" in plain
    assert run_cli(*argv, "--color", "never") == 0
    assert "-Rain\x1b[2J\x07 and\r\n" in capsys.readouterr().out  # as it is
