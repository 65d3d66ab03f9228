# Tests of `cleaner clean --html-field`: JSONL records that hold a page's HTML get its clean
# main text as a field of their own, logged as a page's, and restore gives each line back.
from __future__ import annotations

import json
from pathlib import Path

import pytest
from clihelp import RULES, run_cli

from cleaner import Cleaner, restore
from cleaner.io import read_log, removals_of
from cleaner.io.batches import Planner
from cleaner.io.jsonl import RecordError, add_field, drop_field
from cleaner.io.manifest import MANIFEST_NAME

#: a paragraph long enough for trafilatura to take a page of it as an article
_PROSE = (
    "<p>The harbour board approved the new ferry timetable on Monday after a long debate, and the "
    "first boats on the winter schedule will leave the north pier at six in the morning.</p>"
)


def _page(n: int, debris: bool = True) -> str:
    """A small page of its own (``n`` in the headline and text); with debris, its article
    carries an ad marker and a social call the test rules remove."""
    extra = "<p>[ad_1]</p><p>Follow us on Twitter!</p>" if debris else ""
    return (
        f"<!DOCTYPE html><html><head><title>Ferry {n}</title></head><body><nav><a href='/'>Home</a></nav>"
        f"<article><h1>Ferry timetable {n}</h1>{_PROSE * 3}<p>Report number {n}.</p>{extra}</article>"
        "<footer>Copyright 2024</footer></body></html>"
    )


def _records(n: int) -> list[str]:
    """Lines of records in several writers' styles: spaced and compact separators, raw
    and escaped non-ASCII, the HTML field first or last, no url."""
    lines = []
    for i in range(n):
        html = _page(i, debris=i % 2 == 0).replace("Monday", "Montag é" if i % 3 == 0 else "Monday")
        rec: dict[str, object] = {"id": i, "url": f"https://news.example/{i}", "html": html, "meta": [i, 1.5]}
        if i % 4 == 1:
            rec = {"html": html, "id": i}  # no url: the page's own address, if any
        compact = i % 2 == 1
        lines.append(
            json.dumps(rec, ensure_ascii=i % 3 != 0, separators=(",", ":") if compact else (", ", ": "))
        )
    return lines


def _write(path: Path, lines: list[str], ending: str = "\n") -> bytes:
    data = (ending.join(lines) + ending).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return data


def _clean(src: Path, out: Path, *extra: str | Path) -> int:
    return run_cli("clean", src, "-o", out, "--rules", RULES, "--html-field", "html", "-q", *extra)


def test_each_record_gets_the_clean_text_of_its_page(tmp_path: Path) -> None:
    lines = _records(8)
    src = tmp_path / "in" / "crawl.jsonl"
    _write(src, lines)
    out = tmp_path / "out"
    assert _clean(src, out, "--jobs", "1") == 0
    cleaner = Cleaner(rules=[str(RULES)])
    got = (out / "crawl.jsonl").read_text("utf-8").splitlines()
    assert len(got) == len(lines)
    log = list(read_log(out / "removals.jsonl"))
    for i, (before, after) in enumerate(zip(lines, got)):
        rec = json.loads(before)
        want = cleaner.clean_html(str(rec["html"]), url=rec.get("url"))  # type: ignore[arg-type]
        assert json.loads(after) == {**rec, "text": want.text}
        assert after.startswith(before[:-1])  # every byte of the record kept, the field added last
        events = [r for r in log if r.get("record") == i and "event" in r]
        assert events == [
            {
                "file": "crawl.jsonl",
                "record": i,
                "event": "extract.trafilatura",
                "chars": len(want.input_text or ""),
                **({"url": want.source} if want.source else {}),
                "field": "text",
            }
        ]
        # the log's offsets are into the extracted text, as for an .html page
        assert restore(want.text, removals_of(log, file="crawl.jsonl", record=i)) == want.input_text
    assert any(r.get("rule") == "t.follow" for r in log)


def test_restore_gives_every_line_back_byte_for_byte(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in"
    lines = _records(6)
    # a lone surrogate written as an escape (a value no UTF-8 holds), and an empty object
    lines.append('{"url": "https://news.example/s", "html": "' + _page(9).replace('"', '\\"') + '\\ud800"}')
    lines.append("{ }")  # a record without the field: a line error, copied as it was
    data = _write(src / "crlf.jsonl", lines, "\r\n")
    (src / "bom.jsonl").write_bytes(b"\xef\xbb\xbf" + data)
    out, back = tmp_path / "out", tmp_path / "back"
    assert _clean(src, out) == 1
    capsys.readouterr()
    assert run_cli("restore", out, "-o", back, "--check", src) == 0
    report = capsys.readouterr().err
    assert "2  identical to the input" in report
    assert "not rebuilt" not in report  # records are not pages
    assert (back / "crlf.jsonl").read_bytes() == data
    assert (back / "bom.jsonl").read_bytes() == b"\xef\xbb\xbf" + data


def test_a_record_that_cannot_get_its_text_is_a_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [
        json.dumps({"url": "https://a.example/0", "html": _page(0)}),
        json.dumps({"url": "https://a.example/1", "body": _page(1)}),
        json.dumps({"url": "https://a.example/2", "html": None}),
        json.dumps({"url": "https://a.example/3", "html": ["<p>x</p>"]}),
        json.dumps({"url": "https://a.example/4", "html": _page(4), "text": "the crawler's own text"}),
        json.dumps({"url": "https://a.example/5", "html": "a line of text, no markup at all"}),
        json.dumps({"url": "https://a.example/6", "html": "<html><head><title>t</title></head></html>"}),
        json.dumps({"url": "https://a.example/7", "html": '<?xml version="1.0"?><rss><channel/></rss>'}),
        '{"url": "https://a.example/8", "html": "<p>unterminated',
        json.dumps({"url": "https://a.example/9", "html": "  "}),
        "",
        json.dumps({"url": "https://a.example/11", "html": _page(11)}),
    ]
    src = tmp_path / "in" / "crawl.jsonl"
    _write(src, lines)
    out = tmp_path / "out"
    assert _clean(src, out) == 1  # the run goes on past each bad record
    err = capsys.readouterr().err
    expected = {
        2: "record has no 'html' field",
        3: "record's 'html' field is null, not a string",
        4: "record's 'html' field is a JSON array, not a string",
        5: "record has a 'text' field already",
        6: "'html': input is not HTML",
        7: "'html': trafilatura found no main text in the page",
        8: "'html': input is an RSS feed",
        9: "broken JSON line",
    }
    for line, message in expected.items():
        assert f"{src}:{line}: {message}" in err
        assert f"{src}:{line}: " in err and "line copied unchanged" in err
    got = (out / "crawl.jsonl").read_text("utf-8").split("\n")
    for line in expected:
        assert got[line - 1] == lines[line - 1]  # copied unchanged: no text field added
    assert json.loads(got[0])["text"] and json.loads(got[11])["text"]
    assert got[9] == lines[9][:-1] + ', "text": ""}'  # a blank page: an empty text, as for an .html file
    errors = [r for r in read_log(out / "removals.jsonl") if "error" in r]
    assert [r["record"] for r in errors] == [line - 1 for line in expected]
    assert run_cli("restore", out, "--check", src.parent) == 0


def test_the_text_field_and_the_url_field_are_the_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in" / "crawl.jsonl"
    rec = {"link": "https://news.example/a", "text": "crawler text", "page": _page(1, False)}
    _write(src, [json.dumps(rec)])
    out = tmp_path / "out"
    args = ("--html-field", "page", "--text-field", "clean", "--url-field", "link")
    assert run_cli("clean", src, "-o", out, "--rules", RULES, "-q", *args) == 0
    rec = json.loads((out / "crawl.jsonl").read_text("utf-8"))
    assert rec["text"] == "crawler text" and rec["clean"].startswith("Ferry timetable 1")
    event = next(r for r in read_log(out / "removals.jsonl") if "event" in r)
    assert event["url"] == "https://news.example/a" and event["field"] == "clean"
    # restore needs no --text-field: the event names the field the run added
    assert run_cli("restore", out, "--check", src.parent) == 0
    assert "1  identical to the input" in capsys.readouterr().err


def test_explain_and_stats_read_such_a_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in" / "crawl.jsonl"
    _write(src, _records(3))
    out = tmp_path / "out"
    assert _clean(src, out) == 0
    capsys.readouterr()
    assert run_cli("explain", "--run", out, "crawl.jsonl", "--record", "2", "--color", "never") == 0
    shown = capsys.readouterr()
    assert "Ferry timetable 2" in shown.out and "[-Follow us on Twitter!-]{t.follow}" in shown.out
    assert "extracted from each record's page" in shown.err
    # explain FILE, cleaning now, shows the same
    args = ("--rules", RULES, "--html-field", "html", "--record", "2", "--color", "never")
    assert run_cli("explain", src, *args) == 0
    assert capsys.readouterr().out == shown.out
    assert run_cli("stats", out / "removals.jsonl", "--format", "json") == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["events"] == {"extract.trafilatura": 3} and stats["rules"]["t.follow"]["changes"] == 2


def test_split_file_and_jobs_give_the_same_bytes_and_resume_does_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from cleaner.io import batches
    from cleaner.io.clean_file import FileTask
    from cleaner.io.discover import InputFile
    from cleaner.io.kinds import Kind

    src = tmp_path / "in" / "crawl.jsonl"
    _write(src, _records(40))
    monkeypatch.setattr(batches, "CHUNK_MIN_BYTES", 4000)
    f = InputFile(src, src.name, Kind("jsonl"), src.stat().st_size)
    assert len(list(Planner(False)._chunks(FileTask(f, tmp_path / "x", spill_dir=tmp_path)))) > 3
    assert _clean(src, tmp_path / "one", "--jobs", "1") == 0
    assert _clean(src, tmp_path / "two", "--jobs", "2") == 0
    names = ("crawl.jsonl", "removals.jsonl")
    for name in names:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    before = {n: (tmp_path / "two" / n).stat().st_mtime_ns for n in names}
    assert _clean(src, tmp_path / "two", "--jobs", "2", "--resume") == 0
    assert {n: (tmp_path / "two" / n).stat().st_mtime_ns for n in names} == before
    assert (tmp_path / "two" / MANIFEST_NAME).is_file()
    # another --html-field is another run: resumed, it cleans everything again
    capsys.readouterr()
    assert run_cli("clean", src, "-o", tmp_path / "two", "--rules", RULES, "--resume") == 1  # no 'body'
    assert "settings" in capsys.readouterr().err


def test_a_run_without_html_field_keeps_the_fingerprint_of_its_settings() -> None:
    """A run started before --html-field existed is still resumed: the option is part of
    the settings the manifest's fingerprint takes only when it is set."""
    from cleaner.cli.cleaner_options import Settings

    assert "html_field" not in Settings().as_options()
    assert Settings(html_field="html").as_options()["html_field"] == "html"


def test_html_field_options_that_cannot_work_are_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in" / "crawl.jsonl"
    _write(src, _records(1))
    out = tmp_path / "out"
    assert run_cli("clean", src, "-o", out, "--html-field", "text") == 2
    assert "--html-field and --text-field both name 'text'" in capsys.readouterr().err
    assert run_cli("clean", src, "-o", out, "--html-field", " ") == 2
    assert "--html-field must name a field" in capsys.readouterr().err
    assert not out.exists()


def test_html_field_from_the_config_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in" / "crawl.jsonl"
    _write(src, _records(2))
    config = tmp_path / "cleaner.toml"
    config.write_text(f'rules = ["{RULES.as_posix()}"]\nhtml_field = "html"\ntext_field = "body_text"\n')
    out = tmp_path / "out"
    assert run_cli("clean", src, "-o", out, "--config", config, "-q") == 0
    rec = json.loads((out / "crawl.jsonl").read_text("utf-8").splitlines()[0])
    assert rec["body_text"].startswith("Ferry timetable 0")
    config.write_text('html_field = ""\n')
    assert run_cli("clean", src, "-o", out, "--config", config) == 2
    assert "'html_field' must be a non-empty string" in capsys.readouterr().err


def test_dedup_by_field_groups_records_of_pages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    letter = "<p>Subscribe to our daily letter of harbour news and events.</p></article>"
    pages = [_page(n, False).replace("</article>", letter) for n in range(3)]
    lines = [json.dumps({"site": site, "html": page}) for site, page in zip("aab", pages)]
    src = tmp_path / "in" / "crawl.jsonl"
    _write(src, lines)
    out = tmp_path / "out"
    assert _clean(src, out, "--dedup-by", "field", "--dedup-field", "site") == 0
    texts = [json.loads(x)["text"] for x in (out / "crawl.jsonl").read_text("utf-8").splitlines()]
    # the second page of site a loses the line the first had; site b's page keeps it
    assert ["Subscribe to our daily letter" in t for t in texts] == [True, False, True]
    assert run_cli("restore", out, "--check", src.parent) == 0


@pytest.mark.parametrize(
    ("line", "added"),
    [
        ("{}", '{"text": "x"}'),
        ("{ }", '{"text": "x" }'),
        ('{"a":1}', '{"a":1,"text":"x"}'),
        ('{"a": 1, "b": [1, 2] }', '{"a": 1, "b": [1, 2], "text": "x" }'),
        ('{ "a" : 1 ,\t"b":2}', '{ "a" : 1 ,\t"b":2 ,\t"text" : "x"}'),
    ],
)
def test_a_field_is_added_in_the_record_s_own_spacing_and_taken_out_again(line: str, added: str) -> None:
    assert add_field(line, "text", '"x"') == added
    back, span = drop_field(added, "text")
    assert back == line and span.value == "x"


def test_a_field_is_never_added_twice_nor_taken_out_from_the_middle() -> None:
    with pytest.raises(RecordError, match="has a 'text' field already"):
        add_field('{"text": "a", "b": 1}', "text", '"x"')
    with pytest.raises(RecordError, match="its last field is not 'text'"):
        drop_field('{"text": "a", "b": 1}', "text")


def test_pages_cleaned_as_text_get_a_note_naming_the_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [json.dumps({"url": f"https://news.example/{i}", "html": "\n " + _page(i)}) for i in range(3)]
    lines.append(json.dumps({"url": "https://news.example/x", "html": "<p>A fragment of a page</p>"}))
    src = tmp_path / "in" / "crawl.jsonl"
    _write(src, lines)
    out = tmp_path / "out"
    # the field holds pages, named as the text: cleaned as text, as before, but not silently
    assert run_cli("clean", src, "-o", out, "--rules", RULES, "--text-field", "html", "-q") == 0
    err = capsys.readouterr().err
    assert (
        "cleaner: 3 JSONL records hold a whole HTML page in 'html', cleaned as text (the markup kept), "
        "the first crawl.jsonl#0; --html-field html cleans the main text of each page" in err
    )
    assert run_cli("clean", src, "-o", tmp_path / "out2", "--rules", RULES, "--html-field", "html", "-q") == 1
    assert "whole HTML page" not in capsys.readouterr().err  # the fragment has no main text: a line error


def test_the_note_on_pages_in_the_default_text_field_gives_a_command_that_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # pages in 'text' itself: "--html-field text" alone would be refused (it names the
    # default --text-field), so the note says to write the clean text to another field
    src = tmp_path / "in" / "crawl.jsonl"
    _write(src, [json.dumps({"url": f"https://news.example/{i}", "text": _page(i)}) for i in range(2)])
    assert run_cli("clean", src, "-o", tmp_path / "out", "--rules", RULES, "-q") == 0
    err = capsys.readouterr().err
    assert "hold a whole HTML page in 'text'" in err
    assert "--html-field text --text-field NAME" in err
    out = tmp_path / "out2"
    options = ("--html-field", "text", "--text-field", "clean", "-q")
    assert run_cli("clean", src, "-o", out, "--rules", RULES, *options) == 0
    assert all("clean" in json.loads(line) for line in (out / "crawl.jsonl").read_text("utf-8").splitlines())
