# `cleaner rules try`: one rule file over a corpus of .txt/.jsonl files, nothing written;
# hits, characters removed, documents touched, frequent texts and spans in context.
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from cleaner import InputError, load_rules
from cleaner.authoring.trial import format_report, read_corpus, try_rules
from cleaner.cli.main import main

RULE = """\
when:
  domains: [example.com]
rules:
  - id: demo.promo
    category: cta
    description: The site's promo line.
    rationale: Closes every article.
    confidence: high
    match:
      line: 'More from Example News'
    action: drop-line
    examples:
      - input: "Text.\\nMore from Example News"
        output: "Text."
        source: https://example.com/a
    counterexamples:
      - input: "More from Example News, she said."
        source: https://example.com/a
"""

BODY = "The bridge reopened on Friday after eight months of repairs, the council said.\n"


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    c = tmp_path / "corpus"
    (c / "sub").mkdir(parents=True)
    (c / "a.txt").write_text(BODY + "More from Example News\n", "utf-8")
    recs = [
        {"url": "https://example.com/1", "text": BODY + "More from Example News\n"},
        {"url": "https://other.org/1", "text": BODY + "More from Example News\n"},
        {"url": "https://example.com/2", "text": BODY},
        {"id": 7},
    ]
    with gzip.open(c / "sub" / "b.jsonl.gz", "wt", encoding="utf-8") as f:
        f.write("".join(json.dumps(r) + "\n" for r in recs))
    (c / "notes.md").write_text("More from Example News\n", "utf-8")  # not a corpus file
    return c


@pytest.fixture()
def rulefile(tmp_path: Path) -> Path:
    p = tmp_path / "promo.yaml"
    p.write_text(RULE, "utf-8")
    return p


def test_read_corpus_reads_txt_and_jsonl_with_sources(corpus):
    docs = list(read_corpus(corpus))
    assert [(Path(d.name).name, d.source) for d in docs] == [
        ("a.txt", None),
        ("b.jsonl.gz:1", "https://example.com/1"),
        ("b.jsonl.gz:2", "https://other.org/1"),
        ("b.jsonl.gz:3", "https://example.com/2"),
        ("b.jsonl.gz:4", None),
    ]


def test_try_counts_only_documents_of_the_site(corpus, rulefile):
    report = try_rules(load_rules(rulefile), corpus)
    assert (report.documents, report.touched, report.hits, report.skipped) == (4, 1, 1, 1)
    assert report.chars_removed == len("More from Example News\n")
    assert report.texts.most_common() == [("More from Example News", 1)]
    (span,) = report.sample(10)
    assert span.doc.endswith("b.jsonl.gz:1") and span.line == 2
    assert span.before.endswith("council said.\n")
    text = format_report(report)
    assert "documents: 4 read, 1 touched (25.0%)" in text
    assert "note: 1 documents have no source" in text


def test_any_source_runs_site_rules_everywhere(corpus, rulefile):
    report = try_rules(load_rules(rulefile), corpus, any_source=True)
    assert (report.touched, report.hits) == (3, 3)


def test_try_command_writes_nothing(corpus, rulefile, capsys):
    before = sorted((p, p.stat().st_mtime_ns) for p in corpus.rglob("*"))
    assert main(["rules", "try", str(rulefile), str(corpus), "--limit", "2"]) == 0
    out = capsys.readouterr().out
    assert "rules: demo.promo" in out and "documents: 2 read, 1 touched" in out
    assert "council said.⏎[[More from Example News⏎]]…" in out  # the span in its context
    assert sorted((p, p.stat().st_mtime_ns) for p in corpus.rglob("*")) == before


def test_try_with_no_samples_shows_the_counts_only(corpus, rulefile, capsys):
    # --samples 0 raised ZeroDivisionError after the counts had been read
    assert main(["rules", "try", str(rulefile), str(corpus), "--samples", "0"]) == 0
    out = capsys.readouterr().out
    assert "hits: 1" in out and "sample of" not in out


@pytest.mark.parametrize("option", ["--samples", "--limit"])
def test_try_refuses_a_negative_count(corpus, rulefile, capsys, option):
    assert main(["rules", "try", str(rulefile), str(corpus), option, "-1"]) == 2
    assert f"{option} must be 0 or more (got -1)" in capsys.readouterr().err


def test_try_with_an_unknown_rule_id(corpus, rulefile, capsys):
    assert main(["rules", "try", str(rulefile), str(corpus), "--rule", "demo.nope"]) == 2
    assert "demo.nope: no rule of" in capsys.readouterr().err


def test_a_misspelt_rule_id_names_the_one_meant(corpus, rulefile, capsys):
    assert main(["rules", "try", str(rulefile), str(corpus), "--rule", "demo.promp"]) == 2
    err = capsys.readouterr().err
    assert "demo.promp (did you mean 'demo.promo'?): no rule of" in err
    assert "(it has demo.promo)" in err


def test_guard_share_is_reported(tmp_path, rulefile):
    c = tmp_path / "c"
    c.mkdir()
    (c / "x.jsonl").write_text(
        json.dumps({"url": "https://example.com/x", "text": "Hi.\nMore from Example News"})
    )
    report = try_rules(load_rules(rulefile), c)
    assert report.over_guard and "more than half" in format_report(report)


def test_jsonl_records_may_hold_unicode_line_separators_raw(tmp_path):
    # JSON allows U+2028, U+2029 and U+0085 unescaped in a string; only \n ends a record
    text = "First line\u2028second line\u2029third\x85fourth"
    (tmp_path / "x.jsonl").write_text(json.dumps({"text": text}, ensure_ascii=False) + "\n", "utf-8")
    assert [d.text for d in read_corpus(tmp_path / "x.jsonl")] == [text]


def test_bad_jsonl_record_is_an_input_error(tmp_path, rulefile):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "x.jsonl").write_text("{not json}\n", "utf-8")
    with pytest.raises(InputError, match=r"x\.jsonl:1: not a JSON record"):
        try_rules(load_rules(rulefile), tmp_path / "c")


def _records(path: Path, field: str, n: int = 2) -> Path:
    recs = [{"url": f"https://example.com/{i}", field: BODY + "More from Example News\n"} for i in range(n)]
    path.write_text("".join(json.dumps(r) + "\n" for r in recs), "utf-8")
    return path


def test_text_field_names_where_records_keep_their_text(tmp_path, rulefile, capsys):
    data = _records(tmp_path / "x.jsonl", "dirty")
    assert main(["rules", "try", str(rulefile), str(data), "--text-field", "dirty"]) == 0
    assert "documents: 2 read, 2 touched" in capsys.readouterr().out
    # the field given is the only one read
    with pytest.raises(InputError, match="no record has a string 'dirty' field"):
        try_rules(load_rules(rulefile), _records(tmp_path / "y.jsonl", "text"), text_field="dirty")


def test_a_corpus_where_no_record_has_text_is_an_error_not_zero_hits(tmp_path, rulefile, capsys):
    data = _records(tmp_path / "x.jsonl", "dirty")
    assert main(["rules", "try", str(rulefile), str(data)]) == 2
    err = capsys.readouterr().err
    assert "x.jsonl: no document has text: no record has a string 'text' or 'content' field" in err
    assert "--text-field" in err
    assert main(["rules", "try", str(rulefile), str(data), "--text-field", ""]) == 2


def test_records_without_text_beside_others_are_counted_by_field(corpus, rulefile):
    out = format_report(try_rules(load_rules(rulefile), corpus))
    assert "records without a string 'text' or 'content' field: 1" in out


def test_a_corpus_of_empty_files_is_an_error_that_says_so(tmp_path, rulefile):
    """It was reported as records without the text field, in a folder of .txt files."""
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.txt").write_text("", "utf-8")
    (tmp_path / "c" / "b.txt").write_text("", "utf-8")
    with pytest.raises(InputError, match="no document has text: every one is empty"):
        try_rules(load_rules(rulefile), tmp_path / "c")
    (tmp_path / "c" / "d.txt").write_text(BODY, "utf-8")
    assert "empty documents: 2" in format_report(try_rules(load_rules(rulefile), tmp_path / "c"))


def test_try_reads_no_more_than_max_text_size(tmp_path, rulefile, capsys):
    """A gzip bomb fails after the limit, never read whole; a JSONL line over it is an
    error naming the file, line, size, limit and option; --max-text-size raises it."""
    import tracemalloc

    from cleaner.html import format_size

    c = tmp_path / "c"
    c.mkdir()
    (c / "bomb.txt.gz").write_bytes(gzip.compress(b"word " * 8_000_000))  # 40 MB
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as info:
            try_rules(load_rules(rulefile), c, max_text_size=100_000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4_000_000
    assert str(info.value) == (
        f"{c / 'bomb.txt.gz'}: the file is too big to try rules on: more than 100,000 bytes once "
        f"decompressed (from {(c / 'bomb.txt.gz').stat().st_size:,} bytes of gzip data), above the "
        "limit of 100,000 (100 KB); --max-text-size (max_text_size in the config) raises it"
    )
    recs = tmp_path / "r.jsonl"
    long = json.dumps({"url": "https://example.com/2", "text": BODY * 2000})
    recs.write_text(json.dumps({"url": "https://example.com/1", "text": BODY}) + "\n" + long + "\n", "utf-8")
    assert main(["rules", "try", str(rulefile), str(recs), "--max-text-size", "100KB"]) == 2
    assert capsys.readouterr().err == (
        f"cleaner: error: {recs}:2: the line is too long to try rules on: {len(long):,} bytes "
        f"({format_size(len(long))}), above the limit of 100,000 (100 KB); --max-text-size "
        "(max_text_size in the config) raises it\n"
    )
    assert main(["rules", "try", str(rulefile), str(recs), "--max-text-size", "1MB"]) == 0
    assert "documents: 2 read" in capsys.readouterr().out
    assert main(["rules", "try", str(rulefile), str(recs), "--max-text-size", "ten"]) == 2
    assert "--max-text-size: not a size: 'ten'" in capsys.readouterr().err


def test_try_escapes_the_names_and_spans_of_the_corpus(tmp_path, rulefile, capsys):
    """A scraped file's name and text can hold a line break or an escape code: the report
    shows them escaped, so neither cuts a line in two nor reaches the terminal raw."""
    c = tmp_path / "c"
    c.mkdir()
    rec = {"url": "https://example.com/1", "text": BODY + "\x1b[31mMore\x9b\n" + "More from Example News\n"}
    (c / "o\n\x1b[31mdd.jsonl").write_text(json.dumps(rec) + "\n", "utf-8")
    assert main(["rules", "try", str(rulefile), str(c), "--any-source"]) == 0
    out = capsys.readouterr().out
    assert not [ch for ch in out if (ch < " " or "\x7f" <= ch <= "\x9f") and ch != "\n"]
    assert "o\\n\\x1b[31mdd.jsonl:1:3  demo.promo" in out and "⏎\\x1b[31mMore\\x9b⏎[[More" in out


@pytest.mark.parametrize(
    ("encode", "cause"),
    [
        (lambda t: t.encode("utf-16"), "UTF-16 text, little-endian with a byte-order mark (JSONL must be"),
        (lambda t: t.encode("utf-16-be"), "UTF-16 text, big-endian without a byte-order mark"),
        (lambda t: t.replace("\n", "\r").encode(), "lines end in CR only"),
        (lambda t: (" \n" + t).encode("utf-16-be"), "UTF-16 text, big-endian without a byte-order mark"),
        (lambda t: ("\n\n" + t.replace("\n", "\r")).encode(), "lines end in CR only"),
    ],
    ids=["utf16", "utf16be", "cr", "utf16be-blank-first", "cr-blank-first"],
)
def test_try_fails_a_jsonl_file_that_is_not_json_lines_with_the_cause(
    tmp_path, rulefile, capsys, encode, cause
):
    """Such a file gave "not a JSON record" at its first line, which hid the cause: it
    fails with the cause clean gives, even when its one line is over the limit."""
    rec = {"url": "https://example.com/1", "text": BODY + "More from Example News\n"}
    path = tmp_path / "c.jsonl"
    path.write_bytes(encode((json.dumps(rec) + "\n") * 3))
    assert main(["rules", "try", str(rulefile), str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"cleaner: error: {path}: {cause}") and err.count("\n") == 1
    path.write_bytes(encode((json.dumps(rec) + "\n") * 3_000))
    assert main(["rules", "try", str(rulefile), str(path), "--max-text-size", "100KB"]) == 2
    assert f"cleaner: error: {path}: {cause}" in capsys.readouterr().err


@pytest.mark.parametrize("gz", [False, True], ids=["jsonl", "jsonl.gz"])
def test_try_reads_a_jsonl_file_that_starts_with_a_byte_order_mark(tmp_path, rulefile, capsys, gz):
    """Windows tools start UTF-8 files with a byte-order mark; clean takes such a JSONL
    file (the mark kept aside, the first record read), and so does rules try: its first
    record was "not a JSON record: Unexpected UTF-8 BOM"."""
    recs = [
        {"url": "https://example.com/1", "text": BODY + "More from Example News\n"},
        {"url": "https://example.com/2", "text": BODY},
    ]
    data = b"\xef\xbb\xbf" + "".join(json.dumps(r) + "\n" for r in recs).encode()
    path = tmp_path / ("c.jsonl.gz" if gz else "c.jsonl")
    path.write_bytes(gzip.compress(data) if gz else data)
    docs = list(read_corpus(path))
    assert [(d.text, d.source) for d in docs] == [(r["text"], r["url"]) for r in recs]
    assert main(["rules", "try", str(rulefile), str(path)]) == 0
    out = capsys.readouterr().out
    assert "documents: 2 read, 1 touched" in out and "hits: 1" in out


def test_try_reads_a_txt_file_without_its_byte_order_mark(tmp_path, rulefile, capsys):
    """The mark is no text: it is neither counted nor shown in the context of a span, and
    a rule sees the file's first line as it is written."""
    c = tmp_path / "example.com"
    c.mkdir()
    (c / "a.txt").write_bytes(b"\xef\xbb\xbf" + ("More from Example News\n" + BODY).encode())
    (doc,) = read_corpus(c)
    assert doc.text == "More from Example News\n" + BODY
    report = try_rules(load_rules(rulefile), c, any_source=True)
    assert report.chars_total == len(doc.text) and report.hits == 1
    assert report.spans[0].before == "" and "\ufeff" not in format_report(report)


def test_try_takes_max_text_size_from_the_config_file(tmp_path, rulefile, capsys, monkeypatch):
    """max_text_size of the config file clean reads (the nearest cleaner.toml or
    pyproject.toml [tool.cleaner] from the working folder up, or --config FILE) limits
    rules try as it limits clean; --max-text-size overrides it."""
    from cleaner.html import format_size

    recs = tmp_path / "r.jsonl"
    long = json.dumps({"url": "https://example.com/2", "text": BODY * 2000})
    recs.write_text(long + "\n", "utf-8")
    work = tmp_path / "work"
    (work / "sub").mkdir(parents=True)
    (work / "cleaner.toml").write_text("max_text_size = '100KB'\n", "utf-8")
    monkeypatch.chdir(work / "sub")
    argv = ["rules", "try", str(rulefile), str(recs)]
    assert main(argv) == 2
    assert capsys.readouterr().err == (
        f"cleaner: error: {recs}:1: the line is too long to try rules on: {len(long):,} bytes "
        f"({format_size(len(long))}), above the limit of 100,000 (100 KB); --max-text-size "
        "(max_text_size in the config) raises it\n"
    )
    assert main([*argv, "--max-text-size", "1MB"]) == 0
    assert "documents: 1 read" in capsys.readouterr().out
    (tmp_path / "big.toml").write_text("max_text_size = '1MB'\n", "utf-8")
    assert main([*argv, "--config", str(tmp_path / "big.toml")]) == 0
    assert "documents: 1 read" in capsys.readouterr().out
    (work / "cleaner.toml").write_text("max_text_size = 'ten'\n", "utf-8")
    assert main(argv) == 2
    assert f"{work / 'cleaner.toml'}: 'max_text_size': not a size: 'ten'" in capsys.readouterr().err


#: .txt files as Windows tools and older sites write them, each as clean decodes it
LEGACY_TXT = [
    pytest.param(lambda t: t.encode("cp1252"), id="cp1252"),
    pytest.param(lambda t: t.encode("utf-16"), id="utf16-mark"),
    pytest.param(lambda t: t.encode("utf-16-le"), id="utf16-no-mark"),
    pytest.param(lambda t: t.encode("utf-16-be"), id="utf16-be-no-mark"),
]
FRENCH = "A naïve café owner kept his résumé by the crème brûlée, the council said.\n"


@pytest.mark.parametrize("encode", LEGACY_TXT)
def test_try_decodes_a_txt_file_as_clean_does(tmp_path, rulefile, capsys, encode):
    """A cp1252 or UTF-16 .txt file was read as UTF-8 with errors replaced: the rule
    maintainer saw U+FFFD (and NULs) where clean cleans "café", and a line rule missed
    the lines clean would have removed."""
    from cleaner import clean_bytes

    c = tmp_path / "example.com"
    c.mkdir()
    data = encode(FRENCH + "More from Example News\n" + FRENCH)
    (c / "a.txt").write_bytes(data)
    (doc,) = read_corpus(c)
    assert doc.text == FRENCH + "More from Example News\n" + FRENCH
    assert doc.text == clean_bytes(data).input_text.removeprefix("\ufeff")  # the mark: no text
    report = try_rules(load_rules(rulefile), c, any_source=True)
    assert report.chars_total == len(doc.text) and report.hits == 1
    assert report.spans[0].before == FRENCH[-40:]
    assert main(["rules", "try", str(rulefile), str(c), "--any-source"]) == 0
    out = capsys.readouterr().out
    assert "hits: 1" in out and "\ufffd" not in out and "brûlée" in out


def test_try_fails_a_binary_txt_file_as_clean_does(tmp_path, rulefile, capsys):
    """A .txt file that is not text is an error naming it and the cause, as clean fails
    it, not a document of replacement characters whose hits mean nothing."""
    c = tmp_path / "corpus"
    c.mkdir()
    (c / "a.txt").write_text(BODY + "More from Example News\n", "utf-8")
    (c / "b.txt").write_bytes(bytes(range(256)) * 40)
    with pytest.raises(InputError) as info:
        list(read_corpus(c))
    assert str(info.value) == f"{c / 'b.txt'}: binary data, not text"
    assert main(["rules", "try", str(rulefile), str(c)]) == 2
    assert capsys.readouterr().err == f"cleaner: error: {c / 'b.txt'}: binary data, not text\n"


def test_try_takes_text_field_from_the_config_file(tmp_path, rulefile, capsys, monkeypatch):
    """text_field of the config file clean reads names the field rules try reads, as it
    names the field clean cleans: a corpus clean took was "no record has a string 'text'
    or 'content' field" here. --text-field overrides it; without either, text then content."""
    recs = tmp_path / "r.jsonl"
    rows = [
        {
            "url": "https://example.com/1",
            "body": BODY + "More from Example News\n",
            "text": "More from Example News",
        },
        {"url": "https://example.com/2", "body": BODY, "content": BODY},
    ]
    recs.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    work = tmp_path / "work"
    work.mkdir()
    (work / "cleaner.toml").write_text("text_field = 'body'\n", "utf-8")
    monkeypatch.chdir(work)
    argv = ["rules", "try", str(rulefile), str(recs)]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "documents: 2 read, 1 touched" in out and f"removed: 23 of {2 * len(BODY) + 23} " in out
    assert main([*argv, "--text-field", "text"]) == 0  # the option overrides the config
    assert "documents: 1 read, 1 touched" in capsys.readouterr().out
    (tmp_path / "none.toml").write_text("", "utf-8")
    assert main([*argv, "--config", str(tmp_path / "none.toml")]) == 0  # text, else content
    assert f"removed: 22 of {22 + len(BODY)} " in capsys.readouterr().out
    (work / "cleaner.toml").write_text("text_field = ''\n", "utf-8")
    assert main(argv) == 2
    assert "'text_field' must be a non-empty string" in capsys.readouterr().err


MIN_LINES_RULE = """\
rules:
  - id: demo.stamp
    category: header
    description: An "Updated 3 hours ago" line in a document of three lines or more.
    rationale: A relative time stamp is page chrome.
    confidence: high
    match:
      line: 'Updated \\d+ hours ago'
    when: {min_lines: 3}
    action: drop-line
    examples:
      - input: "Text.\\nUpdated 3 hours ago\\nMore text."
        output: "Text.\\nMore text."
    counterexamples:
      - "Updated 3 hours ago\\nText."
"""


def test_a_min_lines_rule_is_not_called_site_scoped_and_keeps_its_condition(tmp_path):
    """`when: {min_lines: N}` asks nothing of a document's source: the note on documents
    without one does not name the rule, and --any-source does not lift its min_lines."""
    rules = tmp_path / "stamp.yaml"
    rules.write_text(MIN_LINES_RULE, "utf-8")
    c = tmp_path / "c"
    c.mkdir()
    (c / "long.txt").write_text("Text.\nUpdated 3 hours ago\nMore text.\n", "utf-8")
    (c / "short.txt").write_text("Updated 3 hours ago\nText.\n", "utf-8")
    for any_source in (False, True):
        report = try_rules(load_rules(rules), c, any_source=any_source)
        assert report.scoped == ()
        assert (report.documents, report.touched, report.hits) == (2, 1, 1)
        assert "note:" not in format_report(report)


SCORE_RULE = """\
rules:
  - id: demo.pitch
    category: cta
    description: A short line that asks the reader to sign up for a newsletter.
    rationale: Newsletter pitches share their words and their shape.
    confidence: medium
    match:
      score:
        threshold: 2
        max_words: 12
        features:
          - {feature: keywords, weight: 1.5, phrases: [newsletter], ignore_case: true}
          - {feature: keywords, weight: 1, phrases: [sign up], ignore_case: true}
    action: drop-line
    examples:
      - input: "Text.\\nSign up for our newsletter"
        output: "Text."
    counterexamples:
      - "Text."
"""


def test_a_sample_span_of_a_score_rule_shows_its_score(tmp_path, capsys):
    """The samples are where a maintainer checks a score rule's threshold: each hit says
    how far above it it scored."""
    rules = tmp_path / "pitch.yaml"
    rules.write_text(SCORE_RULE, "utf-8")
    c = tmp_path / "c"
    c.mkdir()
    (c / "a.txt").write_text(BODY + "Sign up for our newsletter\n", "utf-8")
    (span,) = try_rules(load_rules(rules), c).sample(10)
    assert span.score == 2.5
    assert main(["rules", "try", str(rules), str(c)]) == 0
    assert "a.txt:2  demo.pitch  score=2.5\n" in capsys.readouterr().out


def test_a_jsonl_sample_says_how_to_explain_its_record(corpus, rulefile, capsys):
    """A sample names a record by its line in the file, counted from 1; explain --record
    counts from 0, as the removal log does: the report says how to go from one to the other."""
    assert main(["rules", "try", str(rulefile), str(corpus)]) == 0
    out = capsys.readouterr().out
    assert "b.jsonl.gz:1:2  demo.promo\n" in out
    assert "`cleaner explain FILE --record N-1` shows that record whole" in out
    (span,) = try_rules(load_rules(rulefile), corpus).sample(10)
    assert span.record == 1


def test_a_text_file_sample_has_no_record_note(tmp_path, capsys):
    rules = tmp_path / "pitch.yaml"
    rules.write_text(SCORE_RULE, "utf-8")
    c = tmp_path / "c"
    c.mkdir()
    (c / "a.txt").write_text(BODY + "Sign up for our newsletter\n", "utf-8")
    assert main(["rules", "try", str(rules), str(c)]) == 0
    assert "--record N-1" not in capsys.readouterr().out


@pytest.mark.parametrize("eol", ["\r\n", "\r", "\u2028"], ids=["crlf", "cr", "u2028"])
def test_samples_count_and_show_every_line_break_as_the_rules_read_it(tmp_path, rulefile, eol, capsys):
    """A file from Windows, a classic Mac or a word processor: the sample names the line
    the rules took (not line 1 of a file without \\n) and shows its breaks as ⏎, not as
    escapes (\\r)."""
    c = tmp_path / "c"
    c.mkdir()
    text = eol.join(["The bridge reopened on Friday.", "More from Example News", "It rained."]) + eol
    (c / "a.jsonl").write_text(json.dumps({"url": "https://example.com/1", "text": text}) + "\n", "utf-8")
    (span,) = try_rules(load_rules(rulefile), c).sample(10)
    assert span.line == 2
    assert main(["rules", "try", str(rulefile), str(c)]) == 0
    out = capsys.readouterr().out
    assert "a.jsonl:1:2  demo.promo\n" in out
    assert "…The bridge reopened on Friday.⏎[[More from Example News⏎]]It rained.⏎…" in out


def test_an_unknown_rule_id_in_a_folder_of_many_rules_says_how_to_list_them(corpus, capsys):
    """Past ten ids the message gives the command that lists them, whole: the folder after
    --rules, so that it runs as pasted (a bare `--rules` is an argparse error)."""
    import shlex

    from cleaner.loader import default_rules_path

    packs = default_rules_path()
    assert main(["rules", "try", str(packs), str(corpus), "--rule", "demo.nope"]) == 2
    err = capsys.readouterr().err
    assert f"`cleaner rules list --rules {shlex.quote(str(packs))}` names them" in err
