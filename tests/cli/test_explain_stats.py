# Tests of `cleaner explain` (removals marked in place, colour only when asked or on a
# terminal) and `cleaner stats` (per rule and category counts, examples, from a log).
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from clihelp import HTML, RULES, SEEDS, article, run_cli

from cleaner.cli.explain_cmd import render
from cleaner.html import extract_main_text
from cleaner.removals import Removal


def test_render_marks_deletions_and_replacements() -> None:
    text = "ab[ad]cd\u00a0ef"
    removals = [
        Removal("x.ad", "ads", 2, 6, "[ad]", ""),
        Removal("encoding.nbsp", "encoding", 8, 9, "\u00a0", " "),
    ]
    assert render(text, removals) == "ab[-[ad]-]{x.ad}cd[-\u00a0-+ +]{encoding.nbsp}ef"
    assert "\x1b[" in render(text, removals, colour=True)


def test_render_gives_a_score_rules_hit_its_score() -> None:
    """A rule writer tunes a score rule's threshold by the scores of its hits: explain
    shows them beside the rule id; other rules' marks are as before."""
    text = "Body.\nSign up now\nMore."
    removals = [
        Removal("x.pitch", "cta", 6, 18, "Sign up now\n", "", score=2.3333333),
        Removal("x.other", "cta", 18, 23, "More.", "", score=None),
    ]
    assert render(text, removals) == "Body.\n[-Sign up now\n-]{x.pitch score=2.333}[-More.-]{x.other}"


def test_explain_txt_on_a_pipe(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text(article(0), "utf-8")
    assert run_cli("explain", tmp_path / "a.txt", "--rules", RULES) == 0
    out = capsys.readouterr().out
    assert out.startswith("[-[ad_1]\n-]{t.ad-markers}Rain is expected")
    assert "[- Follow us on Twitter!-]{t.follow}" in out
    assert out.endswith("[-\nSource link-]{t.source-link}[-\n-]{whitespace.edges}\n")
    assert "\x1b[" not in out


def test_explain_shows_classic_mac_line_breaks_as_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "mac.txt").write_bytes(article(0).replace("\n", "\r").encode("utf-8"))
    assert run_cli("explain", tmp_path / "mac.txt", "--rules", RULES) == 0
    out = capsys.readouterr().out
    assert "\r" not in out
    assert out.startswith("[-[ad_1]\n-]{t.ad-markers}Rain is expected")


def test_explain_colour_and_jsonl_records(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = [json.dumps({"text": article(i)}) for i in range(3)]
    (tmp_path / "r.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    assert (
        run_cli("explain", tmp_path / "r.jsonl", "--rules", RULES, "--record", "1", "--color", "always") == 0
    )
    out = capsys.readouterr().out
    assert "== r.jsonl#1 ==" in out and "r.jsonl#0" not in out
    assert "\x1b[31m[-[ad_2]\n-\x1b[0m" in out


def test_explain_shows_the_seeds_removals(capsys: pytest.CaptureFixture[str]) -> None:
    seeds = sorted(p for p in SEEDS.glob("*.txt") if ".clean." not in p.name)
    for seed in seeds:
        assert run_cli("explain", seed) == 0
        out = capsys.readouterr().out
        marked = [m for m in re.findall(r"\]\{([a-z0-9.-]+)\}", out) if not m.startswith("whitespace.")]
        assert marked, seed  # every seed has debris that a rule removes, shown in place
    first = seeds[0].read_text("utf-8")
    assert "[ad_1]" in first
    run_cli("explain", seeds[0])
    assert "[-[ad_1]\n-]{autoblog.ad-markers}" in capsys.readouterr().out


def test_the_explain_example_of_the_docs_is_what_explain_prints(capsys: pytest.CaptureFixture[str]) -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "cli.md").read_text("utf-8")
    m = re.search(r"^\$ cleaner explain (seeds/\S+) \| head -(\d+)\n(.*?)^```", doc, re.M | re.S)
    assert m, "docs/cli.md has no explain example"
    assert run_cli("explain", SEEDS.parent / m.group(1)) == 0
    printed = capsys.readouterr().out.splitlines()[: int(m.group(2))]
    shown = m.group(3).splitlines()
    assert len(shown) == len(printed)
    for want, got in zip(shown, printed, strict=True):  # "..." ends a line cut short
        assert got.startswith(want.removesuffix(" ...")) if want.endswith(" ...") else got == want


def test_explain_bad_file_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "junk.txt").write_bytes(bytes(range(256)))
    assert run_cli("explain", tmp_path / "junk.txt") == 1
    assert "binary data" in capsys.readouterr().err


def test_stats_of_a_log(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for i in range(4):
        (src / f"d{i}.txt").write_text(article(i), "utf-8")
    (src / "bad.txt").write_bytes(b"\x00" * 50)
    # not UTF-8 and nothing to remove: a decode warning is its only record
    latin1 = article(5, debris=False).strip().replace("council", "café council")
    (src / "latin1.txt").write_bytes(latin1.encode("latin-1"))
    assert run_cli("clean", src, "-o", tmp_path / "out", "--rules", RULES) == 1
    assert "(changed 4, failed 1" in capsys.readouterr().err
    assert run_cli("stats", tmp_path / "out" / "removals.jsonl", "--examples", "2") == 0
    out = capsys.readouterr().out
    rows = {line.split()[0]: line.split() for line in out.splitlines() if line.startswith("t.")}
    assert rows["t.ad-markers"][1:] == ["ads", "4", str(sum(len(f"[ad_{i % 3 + 1}]\n") for i in range(4)))]
    assert rows["t.follow"][2] == "4"
    # the files with changes, as clean counts them; the failed and the warned-only apart
    assert "in 4 files; 2 files with only warnings or errors" in out
    assert "errors: 1" in out and "decode 1" in out
    assert "examples" in out and "[ad_1]\\n" in out

    # the same figures as one JSON object, for a dashboard or a pipeline's check
    assert run_cli("stats", tmp_path / "out" / "removals.jsonl", "--format", "json", "--examples", "1") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["files_changed"] == 4 and data["files_only_flagged"] == 2
    assert data["errors"] == 1 and data["warnings"] == {"decode": 1} and data["bad_lines"] == 0
    ads = data["rules"]["t.ad-markers"]
    assert [ads["category"], ads["changes"], ads["chars_removed"]] == ["ads", 4, int(rows["t.ad-markers"][3])]
    assert len(ads["examples"]) == 1 and ads["examples"][0]["text"].startswith("[ad_")
    assert data["changes"] == sum(r["changes"] for r in data["rules"].values())
    assert data["chars_removed"] == sum(c["chars_removed"] for c in data["categories"].values())


def test_stats_json_writes_a_lone_surrogate_as_its_escape(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    rec = {
        "file": "a",
        "rule": "r",
        "category": "ads",
        "start": 0,
        "end": 1,
        "text": "\ud800",
        "replacement": "",
    }
    log = tmp_path / "log.jsonl"
    log.write_text(json.dumps(rec) + "\n", "utf-8")
    assert run_cli("stats", log, "--format", "json") == 0
    out = capsysbinary.readouterr().out.decode("utf-8")
    assert json.loads(out)["rules"]["r"]["examples"] == [{"text": "\ud800", "count": 1}]


def test_stats_reports_each_line_that_is_not_a_log_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = {"file": "a", "rule": "r", "category": "ads", "start": 0, "end": 1, "text": "x", "replacement": ""}
    lines = [
        json.dumps(good).encode(),
        b"not json",
        json.dumps({"file": "x", "foo": 1}).encode(),  # a removal without its fields
        json.dumps({**good, "start": "zz"}).encode(),
        json.dumps({**good, "start": 3, "end": 1}).encode(),
        json.dumps({"file": "a", "warning": ["guard"], "message": "m"}).encode(),
        b'{"file": "a", "error": "\xa7\xff"}',  # not UTF-8
        json.dumps({"file": "b", "warning": "guard", "message": "left unchanged"}).encode(),
        b'{"file": "a", "rule": "r", "categ',  # cut short by a kill
    ]
    log = tmp_path / "log.jsonl"
    log.write_bytes(b"\n".join(lines))
    assert run_cli("stats", log) == 1
    captured = capsys.readouterr()
    reported = [line for line in captured.err.splitlines() if "not a log record" in line]
    assert [line.split(":")[2] for line in reported] == ["2", "3", "4", "5", "6", "7", "9"]
    assert all(line.startswith(f"cleaner: {log}:") for line in reported)
    assert "needs 'rule'" in reported[1] and "needs 'start'" in reported[2] and "not UTF-8" in reported[5]
    # the good records are still summed up
    totals = "1 change, 1 character removed, in 1 file; 1 file with only warnings or errors"
    assert totals in captured.out and "guard 1" in captured.out
    assert run_cli("stats", tmp_path / "missing.jsonl") == 2
    assert run_cli("stats", tmp_path) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path}: a folder without a removals.jsonl; give the removal log's path" in err
    (tmp_path / "removals.jsonl").mkdir()
    assert run_cli("stats", tmp_path) == 2
    assert f"{tmp_path / 'removals.jsonl'}: a folder, not a log file" in capsys.readouterr().err


def test_stats_of_a_run_folder_reads_its_removal_log(tmp_path, capsys) -> None:
    """``cleaner stats OUTDIR`` reads OUTDIR/removals.jsonl, as restore and explain --run
    take the OUTDIR of a run."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("[ad_1]\nThe council met on Monday.\n", "utf-8")
    out = tmp_path / "out"
    assert run_cli("clean", src, "-o", out, "-q") == 0
    capsys.readouterr()
    assert run_cli("stats", out / "removals.jsonl") == 0
    by_file = capsys.readouterr().out
    assert "1 file" in by_file
    assert run_cli("stats", out) == 0
    assert capsys.readouterr().out == by_file


def test_a_closed_pipe_stops_the_command_quietly() -> None:
    import subprocess
    import sys

    # the reader goes away before the command writes (as `cleaner rules list | head -1`)
    proc = subprocess.Popen(
        [sys.executable, "-m", "cleaner.cli.main", "rules", "list"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    with proc.stderr:
        err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 141
    assert "Traceback" not in err and "BrokenPipeError" not in err


def test_explain_names_the_file_and_refuses_what_it_cannot_show(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "empty.html").write_text("<html><body><div></div></body></html>", "utf-8")
    assert run_cli("explain", tmp_path / "empty.html") == 1
    assert f"{tmp_path / 'empty.html'}: trafilatura found no main text" in capsys.readouterr().err
    (tmp_path / "r.jsonl").write_text(json.dumps({"text": article(0)}) + "\n", "utf-8")
    assert run_cli("explain", tmp_path / "r.jsonl", "--record", "1") == 2
    assert "no record 1" in capsys.readouterr().err
    assert run_cli("explain", tmp_path / "r.jsonl", "--record", "-1") == 2
    assert run_cli("explain", tmp_path) == 2
    assert "a folder; explain takes one file" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("e.jsonl", b"", "no record to show: the file is empty or holds only blank lines"),
        ("b.jsonl", b"\n  \n", "no record to show: the file is empty or holds only blank lines"),
        ("e.txt", b"", "an empty file: no text to show"),
    ],
)
def test_explain_of_an_empty_file_has_no_text_to_show(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes, says: str
) -> None:
    """docs/cli.md: exit 1 when the file has no text to show (these printed nothing, exit 0)."""
    (tmp_path / name).write_bytes(data)
    assert run_cli("explain", tmp_path / name) == 1
    assert capsys.readouterr().err == f"cleaner: {tmp_path / name}: {says}\n"


def test_explain_exits_1_when_no_record_can_be_shown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dirty = tmp_path / "dirty.jsonl"  # the text is in another field, as in the dev set
    dirty.write_text("".join(json.dumps({"id": i, "dirty": article(i)}) + "\n" for i in range(3)), "utf-8")
    assert run_cli("explain", dirty, "--rules", RULES) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    last = captured.err.splitlines()[-1]
    assert last == (
        f"cleaner: {dirty}: no record has a string 'text' field (its string fields: dirty); "
        "--text-field names the field to show"
    )
    assert run_cli("explain", dirty, "--rules", RULES, "--record", "1") == 1
    err = capsys.readouterr().err
    assert err.startswith(f"cleaner: {dirty}:2: record has no string 'text' field (its string fields: dirty)")
    assert len(err.splitlines()) == 1
    assert run_cli("explain", dirty, "--rules", RULES, "--text-field", "dirty", "--record", "1") == 0
    assert "{t.ad-markers}" in capsys.readouterr().out

    mixed = tmp_path / "mixed.jsonl"
    mixed.write_text(json.dumps({"text": article(0)}) + '\n{"text": "cut\n\n', "utf-8")
    assert run_cli("explain", mixed, "--rules", RULES, "--record", "1") == 1
    assert capsys.readouterr().err.startswith(f"cleaner: {mixed}:2: broken JSON line: Unterminated string")
    assert run_cli("explain", mixed, "--rules", RULES, "--record", "2") == 1
    assert f"cleaner: {mixed}:3: a blank line, no record to show" in capsys.readouterr().err
    assert run_cli("explain", mixed, "--rules", RULES) == 0  # record 0 is shown; line 2 reported
    captured = capsys.readouterr()
    assert "== mixed.jsonl#0 ==" in captured.out and f"{mixed}:2: broken JSON line" in captured.err

    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"text": "cut\n[1]\n', "utf-8")
    assert run_cli("explain", broken, "--rules", RULES) == 1
    err = capsys.readouterr().err
    assert f"{broken}:1: broken JSON" in err and f"{broken}:2: broken JSON" in err
    assert err.splitlines()[-1] == f"cleaner: {broken}: no record could be shown (see the lines above)"


def test_explain_rule_and_config_errors_are_usage_errors_as_in_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.txt").write_text(article(0), "utf-8")
    broken = tmp_path / "rules"
    broken.mkdir()
    (broken / "x.yaml").write_text("rules: [{id: x\n", "utf-8")
    cases = {
        "x.yaml:2: invalid YAML": ("--rules", broken),
        "'nonexist.rule' names no loaded rule": ("--rules", RULES, "--select", "nonexist.rule"),
        "--rule-timeout must be a number in (0, 3600]": ("--rule-timeout", "0"),
    }
    for said, extra in cases.items():
        for command in ("clean", "explain"):
            args = (tmp_path / "a.txt", *extra) + (("-o", tmp_path / "out") if command == "clean" else ())
            assert run_cli(command, *args) == 2, (command, extra)
            err = capsys.readouterr().err
            assert err.startswith("cleaner: error: ") and said in err, err


def test_explain_run_shows_what_a_past_run_did_without_cleaning_again(
    good_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert run_cli("clean", good_tree, "-o", out, "--rules", RULES, "--jobs", "1", "-q") == 0
    for name, extra in [("a.txt", ()), ("recs.jsonl", ("--record", "2")), ("page.html", ())]:
        capsys.readouterr()
        assert run_cli("explain", good_tree / name, "--rules", RULES, *extra) == 0
        now = capsys.readouterr()
        # no --rules: the run's log says what its rules did, the default packs are not run
        assert run_cli("explain", "--run", out, name, *extra) == 0
        logged = capsys.readouterr()
        assert logged.out == now.out, name
        assert logged.err == now.err, name
    # --record means nothing for a text input, as without --run
    assert run_cli("explain", "--run", out, "a.txt", "--record", "3") == 0
    assert capsys.readouterr().out.startswith("[-[ad_2]\n-]{t.ad-markers}")
    assert run_cli("explain", "--run", out, "empty.txt") == 0  # no records: shown as it is
    assert capsys.readouterr() == ("", "")


def test_explain_run_record_of_a_line_error_says_that_error_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """explain --run --record N on a line the run failed (broken, without the text field)
    said its error, then "no record N with a 'text' text" and exit 2, as for a record
    that is not there; explain FILE --record N says the line's error and exits 1."""
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    lines = [json.dumps({"text": article(1)}), "{broken", json.dumps({"body": "x"})]
    (src / "r.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    assert run_cli("clean", src, "-o", out, "--rules", RULES, "-q") == 1
    capsys.readouterr()
    for n, error in [(1, "broken JSON line: "), (2, "record has no 'text' field")]:
        assert run_cli("explain", src / "r.jsonl", "--record", n, "--rules", RULES) == 1
        plain = capsys.readouterr()
        assert plain.out == "" and plain.err.startswith(f"cleaner: {src / 'r.jsonl'}:{n + 1}: ")
        assert run_cli("explain", "--run", out, "r.jsonl", "--record", n) == 1
        logged = capsys.readouterr()
        assert logged.out == "" and logged.err.startswith(f"cleaner: r.jsonl:{n + 1}: {error}")
        assert logged.err.count("\n") == 1, logged.err
    assert run_cli("explain", "--run", out, "r.jsonl", "--record", 0) == 0
    assert run_cli("explain", "--run", out, "r.jsonl", "--record", 3) == 2  # no such line: usage
    assert "no record 3" in capsys.readouterr().err


def test_explain_run_does_not_show_a_file_the_run_did_not_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The output of an input of an earlier run into OUTDIR, gone before this run, has no
    record in this run's log: it was shown as an input this run left unchanged."""
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "kept.txt").write_text(article(1, debris=False).strip(), "utf-8")
    (src / "gone.txt").write_text(article(2), "utf-8")
    assert run_cli("clean", src, "-o", out, "--rules", RULES, "-j", "1", "-q") == 0
    (src / "gone.txt").unlink()
    assert run_cli("clean", src, "-o", out, "--rules", RULES, "-j", "1", "-q") == 0
    capsys.readouterr()
    assert run_cli("explain", "--run", out, "kept.txt") == 0  # unchanged by the run: shown as it is
    assert capsys.readouterr().out.rstrip("\n") == (src / "kept.txt").read_text("utf-8")
    assert run_cli("explain", "--run", out, "gone.txt") == 2
    shown = capsys.readouterr()
    assert shown.out == "" and "gone.txt: the run into " in shown.err and "did not write it" in shown.err


def test_explain_run_reads_the_field_the_run_cleaned(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A run over --text-field body is shown from 'body' without the option: the run's
    manifest says which field it cleaned, and its log's offsets count in that field."""
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "recs.jsonl").write_text(json.dumps({"body": article(1), "text": "Plain note."}) + "\n", "utf-8")
    assert run_cli("clean", src, "-o", out, "--rules", RULES, "--text-field", "body", "-j", "1", "-q") == 0
    capsys.readouterr()
    assert run_cli("explain", src / "recs.jsonl", "--rules", RULES, "--text-field", "body") == 0
    now = capsys.readouterr().out
    assert run_cli("explain", "--run", out, "recs.jsonl") == 0
    assert capsys.readouterr().out == now
    assert "[-[ad_2]" in now


def test_explain_of_a_page_says_what_is_shown_and_what_is_not(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The text shown is trafilatura's extract, not the page: the note says how long it is,
    that what the extractor left out is not shown, and what the markers and offsets are
    (it said "offsets refer to the extracted text", where explain shows no offsets)."""
    page = tmp_path / "page.html"
    page.write_text(HTML, "utf-8")
    assert run_cli("explain", page, "--rules", RULES, "--color", "never") == 0
    shown = capsys.readouterr()
    chars = len(extract_main_text(HTML).text)
    assert shown.err == (
        f"cleaner: page.html: shown: the text trafilatura extracted from the page ({chars:,} characters;"
        " what it left out of the page is not shown); the markers are the rules' changes, and the"
        " log's offsets count in this text\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("nope.txt",), "names no such input"),
        (("recs.jsonl", "--record", "99"), "no record 99"),
        (("a.txt", "--run", "{tmp}/elsewhere"), "no removal log there"),
        (("a.txt", "--log", "{out}/removals.jsonl", "--run", "{tmp}/elsewhere"), "a.txt: its output"),
        # the markers are the log's: an option of a new clean would be ignored without a word
        (("a.txt", "--select", "t"), "--select does not go with --run"),
        (("a.txt", "--max-removal", "0.9"), "--max-removal does not go with --run"),
    ],
)
def test_explain_run_usage_errors(
    good_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    out = tmp_path / "out"
    assert run_cli("clean", good_tree, "-o", out, "--rules", RULES, "-q") == 0
    capsys.readouterr()
    filled = [a.format(out=out, tmp=tmp_path) for a in args]
    if "--run" not in filled:
        filled = ["--run", str(out), *filled]
    assert run_cli("explain", *filled) == 2
    assert message in capsys.readouterr().err
    assert run_cli("explain", good_tree / "a.txt", "--log", out / "removals.jsonl") == 2
    assert "--log goes with --run" in capsys.readouterr().err


def test_a_closed_pipe_on_cleaned_standard_input_is_no_failed_file() -> None:
    """`cat x.jsonl | cleaner clean - --format jsonl | head` counted standard input as a
    failed file ('[Errno 32] Broken pipe') and exited 1."""
    import json
    import subprocess
    import sys

    data = "".join(json.dumps({"text": f"Line {i} of the text, which ends here."}) + "\n" for i in range(200))
    proc = subprocess.Popen(
        [sys.executable, "-m", "cleaner.cli.main", "clean", "-", "--format", "jsonl", "-q"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before the first record is written
    with proc.stdin:
        proc.stdin.write(data.encode())
    with proc.stderr:
        err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 141
    assert err == ""


@pytest.mark.parametrize("page", [b"", b" \n\t\n"])
def test_explain_an_empty_page_has_no_text_to_show_now_or_from_a_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], page: bytes
) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "empty.html").write_bytes(page)
    assert run_cli("clean", src, "-o", out, "-q") == 0
    capsys.readouterr()
    why = "an empty page: no text to extract, nothing to show"
    assert run_cli("explain", src / "empty.html") == 1
    assert capsys.readouterr() == ("", f"cleaner: {src / 'empty.html'}: {why}\n")
    assert run_cli("explain", "--run", out, "empty.html") == 1  # the log names it: an HTML page
    assert capsys.readouterr() == ("", f"cleaner: empty.html: {why}\n")


@pytest.mark.parametrize(
    "args",
    [
        ("stats", "s3://bucket/out/removals.jsonl"),
        ("explain", "s3://bucket/in/a.txt"),
        ("explain", "--run", "s3://bucket/out", "a.txt"),
        ("explain", "--run", "out", "--log", "gs://bucket/removals.jsonl", "a.txt"),
    ],
)
def test_stats_and_explain_say_to_copy_a_url_down(
    args: tuple[str, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A Dask run's log in object storage: `cleaner stats s3://...` said "no such file"."""
    monkeypatch.chdir(tmp_path)
    assert run_cli(*args) == 2
    url = next(a for a in args if "://" in a)
    err = capsys.readouterr().err
    assert err.startswith(f"cleaner: error: {url}: ") and err.endswith("copy it down from object storage\n")


def test_a_rules_folder_with_several_broken_files_names_each(tmp_path: Path, capsys) -> None:
    """A run stops at a broken rules folder (exit 2), and says every problem at once,
    not one per attempt: the second file's mistake is listed with the first."""
    rules = tmp_path / "mine"
    rules.mkdir()
    (rules / "a.yaml").write_text("rules:\n  - id: 'mine.a\n", "utf-8")
    (rules / "b.yaml").write_text("", "utf-8")
    (tmp_path / "a.txt").write_text("The council met.\n", "utf-8")
    capsys.readouterr()
    assert run_cli("explain", tmp_path / "a.txt", "--rules", rules) == 2
    err = capsys.readouterr().err
    assert f"cleaner: error: {rules / 'a.yaml'}:2: invalid YAML" in err
    assert f"cleaner: error: {rules / 'b.yaml'}: empty rule file" in err
    assert err.count("cleaner: error:") == 2


#: a rule in preview, as `rules new` writes it, that takes "Photo 3 of 12" from a.txt below
GALLERY_PREVIEW_RULE = (
    "rules:\n"
    "  - id: mine.gallery-count\n"
    "    category: caption\n"
    "    description: A gallery counter line.\n"
    "    rationale: Widget debris.\n"
    "    confidence: high\n"
    "    status: preview\n"
    "    match:\n"
    "      line: 'Photo \\d{1,3} of \\d{1,3}'\n"
    "    action: drop-line\n"
    "    examples:\n"
    "      - input: \"The granary burned.\\nPhoto 3 of 12\"\n"
    "        output: \"The granary burned.\"\n"
    "    counterexamples:\n"
    "      - \"Photo 3 of 12 shows the roof.\"\n"
)


def test_explain_notes_the_preview_rules_it_did_not_run(tmp_path: Path, capsys) -> None:
    """`rules new` writes `status: preview`: a newcomer who explains a file with the new
    rule sees it take nothing, and is told why and what runs it."""
    rules = tmp_path / "mine"
    rules.mkdir()
    (rules / "gallery.yaml").write_text(GALLERY_PREVIEW_RULE, "utf-8")
    (tmp_path / "a.txt").write_text("The granary burned.\nPhoto 3 of 12\nCrews came.\n", "utf-8")
    capsys.readouterr()
    assert run_cli("explain", tmp_path / "a.txt", "--rules", rules) == 0
    out, err = capsys.readouterr()
    assert "{mine.gallery-count}" not in out
    assert "cleaner: note: 1 rule in preview did not run (mine.gallery-count); --preview runs it" in err
    assert run_cli("explain", tmp_path / "a.txt", "--rules", rules, "--preview") == 0
    out, err = capsys.readouterr()
    assert "{mine.gallery-count}" in out and "note:" not in err


def test_explain_notes_the_preview_rules_of_the_default_packs(tmp_path: Path, capsys, monkeypatch) -> None:
    """In a checkout installed editable, the default packs are its rules/, where `rules new`
    writes a preview rule: explain without --rules says it did not run, as it does for
    the files --rules names."""
    import cleaner.loader

    packs = tmp_path / "packs" / "mine"
    packs.mkdir(parents=True)
    (packs / "gallery.yaml").write_text(GALLERY_PREVIEW_RULE, "utf-8")
    monkeypatch.setattr(cleaner.loader, "default_rules_path", lambda: tmp_path / "packs")
    (tmp_path / "a.txt").write_text("The granary burned.\nPhoto 3 of 12\nCrews came.\n", "utf-8")
    capsys.readouterr()
    assert run_cli("explain", tmp_path / "a.txt") == 0
    out, err = capsys.readouterr()
    assert "{mine.gallery-count}" not in out
    assert "cleaner: note: 1 rule in preview did not run (mine.gallery-count); --preview runs it" in err
    (packs / "gallery.yaml").write_text(
        (packs / "gallery.yaml").read_text("utf-8").replace("status: preview", "status: stable"), "utf-8"
    )
    assert run_cli("explain", tmp_path / "a.txt") == 0
    out, err = capsys.readouterr()
    assert "{mine.gallery-count}" in out and "note:" not in err


def test_every_option_of_a_clean_is_refused_with_run_or_read_by_it() -> None:
    """`explain --run` refuses the options of a new clean by a list; an option added to
    the shared group later must land in it (refused) or be one --run reads (how records
    are read), or it would be accepted there and ignored without a word."""
    import argparse

    from cleaner.cli import explain_cmd
    from cleaner.cli.cleaner_options import add_cleaner_options

    parser = argparse.ArgumentParser()
    add_cleaner_options(parser)
    assert set(vars(parser.parse_args([]))) == {*explain_cmd._CLEAN_ONLY, *explain_cmd.RUN_READS}


def test_explain_help_speaks_of_explain_not_of_a_run(capsys: pytest.CaptureFixture[str]) -> None:
    """explain shares clean's rule options; their help told of what only a run does."""
    with pytest.raises(SystemExit):
        run_cli("explain", "--help")
    text = " ".join(capsys.readouterr().out.split())
    assert "--dedup-by" not in text and "the run goes on" not in text and "added to the record" not in text
    with pytest.raises(SystemExit):
        run_cli("clean", "--help")
    text = " ".join(capsys.readouterr().out.split())
    assert "--dedup-by domain (default: url)" in text and "the run goes on" in text


#: a name a scraped file may have: a line break and an escape code that turns text red
ODD = "o\n\x1b[31mdd"


def _raw_controls(text: str) -> list[str]:
    """The control characters of ``text`` but line breaks (LF, CRLF): none may reach a
    terminal."""
    return [c for c in text.replace("\r\n", "\n") if (c < " " or "\x7f" <= c <= "\x9f") and c != "\n"]


def test_stats_escapes_the_log_name_its_bad_lines_and_its_records(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rec = {"file": f"{ODD}.txt", "rule": "r\x1b[32m", "category": "c\x9b", "start": 0, "end": 5}
    rec.update(text="\x1b[33m", replacement="")
    log = tmp_path / f"log{ODD}.jsonl"
    log.write_bytes(json.dumps(rec).encode() + b"\nnot json \x1b[35m\n" + b"[]\n" * 11)
    assert run_cli("stats", log) == 1
    out, err = capsys.readouterr()
    assert not _raw_controls(out) and not _raw_controls(err)
    assert "log" + "o\\n\\x1b[31mdd.jsonl:2: not a log record" in err
    assert "log" + "o\\n\\x1b[31mdd.jsonl: 2 more lines are not log records" in err
    assert all(line.startswith("cleaner: ") for line in err.splitlines())
    assert "r\\x1b[32m" in out and "c\\x9b" in out and "1x  \\x1b[33m" in out
    assert run_cli("stats", log, "--format", "json") == 1
    out = capsys.readouterr().out
    assert not _raw_controls(out)
    assert json.loads(out)["categories"] == {"c\x9b": {"changes": 1, "chars_removed": 5}}
    assert run_cli("stats", tmp_path / f"none{ODD}") == 2  # the error main prints
    err = capsys.readouterr().err
    assert err == "cleaner: error: " + str(tmp_path) + "/noneo\\n\\x1b[31mdd: no such file\n"


def test_explain_escapes_names_errors_and_the_text_it_shows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    doc = {"text": article(0).replace("Rain", "Rain\x1b[2J\x1b[31m and\r\n rain")}
    lines = [json.dumps(doc), "not json\x1b[35m", json.dumps({"body": "x"})]
    (src / f"r{ODD}.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    name = "ro\\n\\x1b[31mdd.jsonl"
    assert run_cli("explain", src / f"r{ODD}.jsonl", "--rules", RULES, "--color", "never") == 0
    out, err = capsys.readouterr()
    assert not _raw_controls(out) and not _raw_controls(err)
    assert out.startswith(f"== {name}#0 ==\n")
    assert "Rain[-\\x1b[2J-]{encoding.controls}" in out and " and\r\n rain" in out  # CRLF kept
    assert f"cleaner: {src}/{name}:2: broken JSON line" in err
    assert f"cleaner: {src}/{name}:3: record has no string 'text' field" in err
    # in colour, the only codes are the markers' colours
    assert run_cli("explain", src / f"r{ODD}.jsonl", "--rules", RULES, "--color", "always") == 0
    coloured = capsys.readouterr().out
    assert "\x1b[31m[-" in coloured and re.sub(r"\x1b\[[0-9;]*m", "", coloured) == out
    assert run_cli("clean", src, "-o", tmp_path / "out", "--rules", RULES, "-q") == 1
    capsys.readouterr()
    assert run_cli("explain", "--run", tmp_path / "out", f"r{ODD}.jsonl") == 0
    out, err = capsys.readouterr()
    assert not _raw_controls(out) and not _raw_controls(err)
    assert f"== {name}#0 ==" in out and "Rain[-\\x1b[2J-]{encoding.controls}" in out
    assert run_cli("explain", "--run", tmp_path / "out", f"gone{ODD}.txt") == 2
    err = capsys.readouterr().err
    assert err.startswith("cleaner: error: goneo\\n\\x1b[31mdd.txt: the log of ") and err.count("\n") == 1
