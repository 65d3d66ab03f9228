# End-to-end tests of `mine`: drafts are found per site, load with load_rules, pass their
# own examples, use only real corpus text, carry provenance; the report says what was rejected.
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from minehelp import LONG_SYNDICATED, QUOTE, write_jsonl, write_txt_tree

from cleaner import Cleaner, InputError, load_rules, restore
from cleaner.cli import main as cli_main
from cleaner.mine.corpus import Corpus, Grouping, MineDoc
from cleaner.mine.count import CountSettings
from cleaner.mine.miner import MineResult, MineSettings, mine, write_drafts
from cleaner.mine.report import report_dict, report_markdown, summary_text
from cleaner.ruletest import check_rules


@pytest.fixture(scope="module")
def drafts_dir(mined: MineResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("drafts")
    write_drafts(mined, out)
    return out


def test_each_site_gets_its_header_and_footer_runs(mined: MineResult) -> None:
    assert [g.stats.name for g in mined.groups] == [
        "gazette0.example",
        "gazette1.example",
        "gazette2.example",
    ]
    for g in mined.groups:
        kinds = sorted((d.kind, d.region[0] if d.region else None, len(d.lines)) for d in g.drafts)
        assert kinds == [("block", "first_lines", 7), ("block", "last_lines", 3)]
        for d in g.drafts:
            assert d.domains == (g.stats.name,)
            assert d.docs == g.stats.docs == 30
        assert g.sample is not None and 0.15 < g.sample.share < 0.4
        assert abs(g.estimated_share - g.sample.share) < 0.05


def test_content_is_rejected_with_reasons(mined: MineResult) -> None:
    for g in mined.groups:
        reasons = {r.text: r.reason for r in g.rejections}
        assert reasons[QUOTE] == "quote"
        assert reasons[LONG_SYNDICATED] == "long-sentence"
        drafted = " ".join(json.dumps(d.spec()) for d in g.drafts)
        assert "rebuild the bridge" not in drafted and "ferry line" not in drafted


def test_drafts_load_pass_their_examples_and_are_previews(drafts_dir: Path) -> None:
    rules = load_rules(drafts_dir)
    assert len(rules) == 6
    assert check_rules(rules) == []
    for r in rules:
        assert r.status == "preview" and r.id.startswith("mined.")
        assert r.provenance and "30 of 30 documents" in r.provenance
        assert r.when.domains and r.region is not None
        assert r.examples and r.counterexamples


def test_examples_are_real_corpus_text(drafts_dir: Path, corpus_path: Path) -> None:
    corpus_lines = {
        ln.strip()
        for rec in map(json.loads, corpus_path.read_text("utf-8").splitlines())
        for ln in rec["text"].split("\n")
    }
    for path in drafts_dir.glob("*.yaml"):
        for spec in yaml.safe_load(path.read_text("utf-8"))["rules"]:
            for ex in spec["examples"]:
                assert all(ln.strip() in corpus_lines for ln in ex["input"].split("\n"))
            for cx in spec["counterexamples"]:
                text = cx["input"] if isinstance(cx, dict) else cx
                assert all(ln.strip() in corpus_lines for ln in text.split("\n"))


def test_drafts_clean_the_corpus_with_exact_restore(drafts_dir: Path, corpus_path: Path) -> None:
    c = Cleaner([drafts_dir], preview=True)
    rec = json.loads(corpus_path.read_text("utf-8").splitlines()[4])
    result = c.clean(rec["text"], source=rec["url"])
    assert "Share this article" not in result.text and "Harbour Herald" not in result.text
    assert "Posted on" not in result.text
    assert restore(result.text, result.removals) == rec["text"]
    assert {r.rule.split(".")[0] for r in result.removals} <= {"mined", "whitespace"}
    other = c.clean(rec["text"], source="https://unrelated.example/x")
    assert other.text.startswith("Harbour Herald")  # scoped to the site it was mined on


def test_report_lists_groups_drafts_and_rejections(mined: MineResult) -> None:
    d = report_dict(mined)
    assert d["docs"] == 90 and d["drafts"] == 6
    g = d["per_group"][0]
    assert g["rejected"] == {"long-sentence": 1, "quote": 1}
    assert g["top_drafts"][0]["docs"] == 30 and g["sample"]["docs"] == 30
    md = report_markdown(mined)
    assert "## gazette0.example" in md and "long-sentence" in md


def test_mining_is_deterministic(corpus_path: Path, mined: MineResult) -> None:
    again = mine(
        Corpus([corpus_path], Grouping("domain")),
        MineSettings(CountSettings(min_docs=4, min_share=0.1, sketch_mb=0.5), sample_docs=50),
    )
    assert [d.spec() for d in again.drafts] == [d.spec() for d in mined.drafts]


def test_one_group_over_all_sites_scopes_site_material(tmp_path: Path) -> None:
    path = tmp_path / "five.jsonl"
    write_jsonl(path, sites=5, per_site=12)
    res = mine(Corpus([path], Grouping("all")), MineSettings(CountSettings(min_docs=4, min_share=0.05)))
    (g,) = res.groups
    scope = {d.text: d.domains for d in g.drafts}
    assert scope["Share this article"] == scope["Home"] == ()  # on every site: no scope
    assert scope["Harbour Herald"] == ("gazette1.example",)  # one site's name


def test_the_terminal_summary_shows_lines_as_they_are(tmp_path: Path) -> None:
    # the summary printed Markdown's escapes: "Home \\| News", and ' for a backtick
    menu = "Home | News | `Sport` | Contact"
    rows = [{"url": f"https://a.example/{i}", "text": f"{menu}\n{QUOTE} {i}.\n"} for i in range(8)]
    path = tmp_path / "menu.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    res = mine(Corpus([path], Grouping("all")), MineSettings(CountSettings(min_docs=4, min_share=0.05)))
    assert f"  {menu}" in summary_text(res).splitlines()[2]
    assert "Home \\| News \\| 'Sport' \\| Contact" in report_markdown(res)  # a table cell there


def test_txt_folders_named_like_hosts(tmp_path: Path) -> None:
    write_txt_tree(tmp_path / "in")
    corpus = Corpus([tmp_path / "in"], Grouping("folder"))
    docs = list(corpus)
    assert len(docs) == 24 and docs[0].domain == "gazette0.example"
    res = mine(corpus, MineSettings(CountSettings(min_docs=3, min_share=0.1)))
    assert len(res.drafts) == 4 and all(d.domains for d in res.drafts)


def test_a_host_folder_above_the_input_does_not_count(tmp_path: Path, monkeypatch) -> None:
    """As for --dedup-by domain: the domain must not depend on how the input is spelled."""
    (tmp_path / "crawl.example.org" / "in").mkdir(parents=True)
    (tmp_path / "crawl.example.org" / "in" / "a.txt").write_text("Some text.\n", "utf-8")
    monkeypatch.chdir(tmp_path / "crawl.example.org")
    relative = [d.domain for d in Corpus(["in"], Grouping("domain"))]
    absolute = [d.domain for d in Corpus([tmp_path / "crawl.example.org" / "in"], Grouping("domain"))]
    named = [d.domain for d in Corpus([tmp_path / "crawl.example.org"], Grouping("domain"))]
    assert relative == absolute == [None] and named == ["crawl.example.org"]
    # a link named like a host is that host's folder, wherever it points
    (tmp_path / "news.example.com").symlink_to(tmp_path / "crawl.example.org" / "in")
    linked = Corpus([tmp_path / "news.example.com"], Grouping("domain"))
    assert [d.domain for d in linked] == ["news.example.com"]


def test_cli_writes_drafts_and_report(corpus_path: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "drafts"
    code = cli_main.main(
        ["mine", "--by", "domain", str(corpus_path), "--min-docs", "4", "--min-share", "0.1", "-o", str(out)]
    )
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "gazette0-example.yaml",
        "gazette1-example.yaml",
        "gazette2-example.yaml",
        "report.json",
        "report.md",
    ]
    printed = capsys.readouterr().out
    assert "gazette1.example: 30 docs, 2 drafts" in printed and "quote" in printed
    assert json.loads((out / "report.json").read_text("utf-8"))["drafts"] == 6


def test_cli_by_field_and_usage_errors(corpus_path: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "d"
    assert (
        cli_main.main(["mine", "--by", "field", "url", str(corpus_path), "--min-docs", "4", "-o", str(out)])
        == 0
    )
    assert len(list(out.glob("*.yaml"))) == 3
    assert cli_main.main(["mine", "--by", "field", "-o", str(out)]) == 2
    assert cli_main.main(["mine", "--by", "site", str(corpus_path), "-o", str(out)]) == 2
    assert cli_main.main(["mine", "-", "-o", str(out)]) == 2
    assert "error" in capsys.readouterr().err
    (tmp_path / "empty").mkdir()
    assert cli_main.main(["mine", str(tmp_path / "empty"), "-o", str(tmp_path / "e")]) == 2
    assert "no documents in" in capsys.readouterr().err
    assert not (tmp_path / "e").exists()  # no empty report that reads as "nothing repeats"


def test_blocks_start_and_end_on_specific_lines() -> None:
    words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda"]
    docs = [
        MineDoc(
            f"|\nSite menu\n*\nLatest news\n0\n\n{' '.join(words[i % 11 :] + words[: i % 11])} {i} end",
            f"https://a.example/{i}",
            "a.example",
            "a.example",
        )
        for i in range(12)
    ]
    res = mine(docs, MineSettings(CountSettings(min_docs=3, min_share=0.1)))
    (d,) = res.drafts
    assert d.kind == "block" and d.match["block"]["start"] == r"Site\s+menu"
    assert d.match["block"]["end"] == r"Latest\s+news"
    assert {r.text: r.reason for r in res.groups[0].rejections} == {"|": "too-short", "0": "too-short"}


def test_drafts_pass_rules_lint(drafts_dir: Path) -> None:
    from cleaner.authoring.lint import lint_paths

    report = lint_paths([drafts_dir])
    assert report.rules == 6 and report.issues == ()


def test_a_draft_lint_refuses_is_rejected(corpus_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cleaner.mine import miner

    def fake_lint(drafts):
        return {d.rule_id: ["too-broad: changes 9% of the prose"] for d in drafts if d.kind == "block"}

    monkeypatch.setattr(miner, "lint_issues", fake_lint)
    res = mine(
        Corpus([corpus_path], Grouping("domain")), MineSettings(CountSettings(min_docs=4, min_share=0.1))
    )
    assert res.drafts == []
    reasons = [r for g in res.groups for r in g.rejections if r.reason == "lint"]
    assert len(reasons) == 6 and "too-broad" in reasons[0].detail


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--min-docs", "1"),
        ("--min-share", "1.5"),
        ("--min-share", "nan"),
        ("--sample", "0"),
        ("--max-drafts", "0"),
        ("--max-drafts", "-1"),
        ("--sketch-mb", "0"),
        ("--sketch-mb", "-2"),
        ("--sketch-mb", "nan"),
        ("--sketch-mb", "inf"),
        ("--top", "-1"),
    ],
)
def test_cli_numeric_options_out_of_range_are_usage_errors(
    corpus_path: Path, tmp_path: Path, capsys, option: str, value: str
) -> None:
    out = tmp_path / "d"
    assert cli_main.main(["mine", str(corpus_path), option, value, "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"error: {option} must be" in err and "Traceback" not in err
    assert not out.exists()  # refused before any reading or writing


def test_settings_refuse_a_sketch_without_memory_and_no_drafts() -> None:
    for bad in (0.0, -1.0, float("nan"), float("inf")):
        with pytest.raises(ValueError, match="sketch_mb"):
            CountSettings(sketch_mb=bad)
    with pytest.raises(ValueError, match="max_drafts"):
        MineSettings(max_drafts=-1)


def test_cli_records_without_the_text_field_say_so(tmp_path: Path, capsys) -> None:
    path = tmp_path / "pages.jsonl"
    records = [{"url": f"https://a.example/{i}", "dirty": f"page {i}"} for i in range(5)]
    path.write_text("".join(json.dumps(r) + "\n" for r in records) + "not json\n", "utf-8")
    out = tmp_path / "d"
    assert cli_main.main(["mine", str(path), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "5 records: no string field 'text'" in err and "1 record: not a JSON object" in err
    assert "--text-field" in err and "string fields of the first such record: url, dirty" in err
    assert "(.txt, .jsonl" not in err and not out.exists()
    assert cli_main.main(["mine", str(path), "--text-field", "dirty", "--min-docs", "2", "-o", str(out)]) == 0


def test_cli_rerun_into_a_folder_replaces_the_earlier_drafts(
    corpus_path: Path, tmp_path: Path, capsys
) -> None:
    out = tmp_path / "drafts"
    base = ["mine", str(corpus_path), "--min-docs", "4", "--min-share", "0.1", "-q", "-o", str(out)]
    assert cli_main.main([*base, "--by", "domain"]) == 0
    assert len(list(out.glob("*.yaml"))) == 3
    capsys.readouterr()
    assert cli_main.main([*base, "--by", "all"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["all.yaml", "report.json", "report.md"]
    assert "removed " in capsys.readouterr().err
    report = json.loads((out / "report.json").read_text("utf-8"))
    assert report["replaced_files"] == [f"gazette{i}-example.yaml" for i in range(3)]
    assert list(report["draft_files"]) == ["all.yaml"]
    assert "Replaced 3 draft files of the earlier run" in (out / "report.md").read_text("utf-8")
    assert len(load_rules(out).rules) == report["drafts"]  # --rules DRAFTS loads this run's drafts only


def test_cli_refuses_a_folder_with_rule_files_it_did_not_write(
    corpus_path: Path, tmp_path: Path, capsys
) -> None:
    out = tmp_path / "drafts"
    base = ["mine", str(corpus_path), "--min-docs", "4", "--min-share", "0.1", "-q", "-o", str(out)]
    assert cli_main.main(base) == 0
    edited = out / "gazette0-example.yaml"
    edited.write_text(edited.read_text("utf-8") + "# reviewed\n", "utf-8")
    (out / "sub").mkdir()
    (out / "sub" / "own.yml").write_text("rules: []\n", "utf-8")
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    capsys.readouterr()
    assert cli_main.main([*base, "--by", "all"]) == 2
    err = capsys.readouterr().err
    assert "gazette0-example.yaml, sub/own.yml" in err and "move them away" in err
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before  # nothing touched
    (tmp_path / "afile").write_text("x", "utf-8")
    assert cli_main.main([*base[:-1], str(tmp_path / "afile")]) == 2
    assert "is a file, not a folder" in capsys.readouterr().err


def test_unverified_says_when_the_guard_left_the_sample_alone() -> None:
    furniture = "Alpha Site Masthead\nSubscribe to the weekly newsletter\nRead our privacy policy here"
    docs = [
        MineDoc(f"{furniture}\nStory {i} text.", f"https://a.example/{i}", "a.example", "a.example")
        for i in range(12)
    ]
    res = mine(docs, MineSettings(CountSettings(min_docs=3, min_share=0.1)))
    (g,) = res.groups
    assert g.drafts == [] and g.sample is not None and g.sample.guard_docs == 12
    (r,) = [r for r in g.rejections if r.reason == "unverified"]
    assert r.detail.startswith("no example: the removal guard left alone all 12 sampled documents it matched")
    assert "no real" not in report_markdown(res)


def test_unverified_reasons_read_as_sentences(mined: MineResult) -> None:
    import dataclasses

    from cleaner.mine.measure import SampleStats
    from cleaner.mine.miner import _unverified_why

    d = mined.drafts[0]
    sample = SampleStats(docs=7)
    no_cx = dataclasses.replace(d, counterexamples=[])
    assert _unverified_why(no_cx, sample) == "no counterexample from the corpus that the draft passes"
    held = dataclasses.replace(d, examples=[], measured_docs=0, guarded_docs=1)
    assert "guard left alone the 1 sampled document it matched" in _unverified_why(held, sample)
    assert "too much of it)" in _unverified_why(held, sample)
    idle = dataclasses.replace(d, examples=[], measured_docs=0, guarded_docs=0)
    assert "removed nothing from the 7 sampled documents" in _unverified_why(idle, sample)
    fired = dataclasses.replace(d, examples=[], measured_docs=3)
    assert _unverified_why(fired, sample) == "no example from the corpus that the draft passes"


def test_a_corpus_deeper_than_the_recursion_limit_is_read(tmp_path: Path) -> None:
    """Before Python 3.12 os.walk recurses once per folder: mine stopped with a
    RecursionError on a tree some 1,000 folders deep."""
    import os
    import sys

    from cleaner.io.discover import walk

    root = deep = tmp_path / "corpus"
    root.mkdir()
    for _ in range(sys.getrecursionlimit() + 50):  # one at a time: mkdir(parents=True) recurses
        deep = deep / "d"
        deep.mkdir()
    (deep / "a.txt").write_text(QUOTE, "utf-8")
    try:
        assert [doc.text for doc in Corpus([root])] == [QUOTE]
    finally:  # pytest removes old temp folders with shutil.rmtree, which recurses too
        for top in reversed([top for top, _, _ in walk(str(root))]):
            for entry in os.scandir(top):
                if not entry.is_dir(follow_symlinks=False):
                    os.unlink(entry.path)
            os.rmdir(top)


def test_cli_reads_no_more_than_max_text_size(corpus_path: Path, tmp_path: Path, capsys) -> None:
    """A .txt over --max-text-size (a gzip bomb: read no further than the limit) is an
    error naming it, its size, the limit and the option; a JSONL line over it is passed
    over unkept, said on standard error and counted in the report, as other bad records."""
    import gzip
    import tracemalloc

    from cleaner.io.limits import CorpusLimits

    bombs = tmp_path / "bombs"
    bombs.mkdir()
    bomb = bombs / "b.txt.gz"
    bomb.write_bytes(gzip.compress(b"word " * 8_000_000))  # 40 MB once decompressed
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as info:
            list(Corpus([bombs], Grouping("all"), limits=CorpusLimits("mine", 100_000)))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4_000_000
    assert str(info.value) == (
        f"{bomb}: the file is too big to mine: more than 100,000 bytes once decompressed "
        f"(from {bomb.stat().st_size:,} bytes of gzip data), above the limit of 100,000 (100 KB); "
        "--max-text-size (max_text_size in the config) raises it"
    )
    assert cli_main.main(["mine", str(bombs), "--max-text-size", "100KB", "-o", str(tmp_path / "x")]) == 2
    assert capsys.readouterr().err == f"cleaner: error: {info.value}\n"
    # the corpus with two long records among its own
    lines = corpus_path.read_text("utf-8").splitlines(keepends=True)
    long = json.dumps({"url": "https://www.gazette0.example/news/long", "text": "word " * 40_000}) + "\n"
    data = tmp_path / "pages.jsonl"
    data.write_text("".join(lines[:3]) + long + "".join(lines[3:]) + long, "utf-8")
    out = tmp_path / "d"
    base = ["mine", str(data), "--min-docs", "4", "--min-share", "0.1", "-q", "-o", str(out)]
    assert cli_main.main([*base, "--max-text-size", "100KB"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (
        f"cleaner: {data}:4: the line is too long to mine: {len(long) - 1:,} bytes (200.1 KB), "
        "above the limit of 100,000 (100 KB); --max-text-size (max_text_size in the config) raises it; "
        "record passed over "
        "(1 more line over the limit passed over too)"
    )
    report = json.loads((out / "report.json").read_text("utf-8"))
    assert report["skipped_records"] == {"longer than --max-text-size (100,000 bytes)": 2}
    assert report["docs"] == len(lines)
    assert cli_main.main([*base, "--max-text-size", "1MB"]) == 0
    assert "passed over" not in capsys.readouterr().err
    assert json.loads((out / "report.json").read_text("utf-8"))["docs"] == len(lines) + 2


def test_cli_escapes_the_corpus_names_and_lines_it_prints(tmp_path: Path, capsys) -> None:
    """A folder's name (a group) and a repeated line of scraped text can hold a line break
    or an escape code: the summary and the files written are named escaped, on one line."""
    menu = "Home \x1b[2J| News \x9b| Contact"
    folder = tmp_path / "in" / "si\n\x1b[31mte"
    folder.mkdir(parents=True)
    for i in range(8):
        (folder / f"d{i}.txt").write_text(f"{menu}\n{QUOTE} {i}.\n", "utf-8")
    out = tmp_path / "dr\x1b[31mafts"
    argv = ["mine", str(tmp_path / "in"), "--by", "folder", "--min-docs", "4", "-o", str(out)]
    assert cli_main.main(argv) == 0
    said = capsys.readouterr()
    for text in (said.out, said.err):
        assert not [c for c in text if (c < " " or "\x7f" <= c <= "\x9f") and c != "\n"], text
    assert "si\\n\\x1b[31mte: 8 docs" in said.out and "Home \\x1b[2J| News \\x9b| Contact" in said.out
    assert "wrote " + str(tmp_path) + "/dr\\x1b[31mafts/" in said.err


@pytest.mark.parametrize(
    ("encode", "cause"),
    [
        (lambda t: t.encode("utf-16"), "UTF-16 text, little-endian with a byte-order mark (JSONL must be"),
        (lambda t: t.encode("utf-32-be"), "UTF-32 text, big-endian without a byte-order mark"),
        (lambda t: t.replace("\n", "\r").encode(), "lines end in CR only"),
        (lambda t: ("\n" + t).encode("utf-16-le"), "UTF-16 text, little-endian without a byte-order mark"),
        (lambda t: ("\ufeff\n" + t.replace("\n", "\r")).encode(), "lines end in CR only"),
    ],
    ids=["utf16", "utf32", "cr", "utf16-blank-first", "cr-mark-alone-first"],
)
def test_cli_a_jsonl_file_that_is_not_json_lines_stops_the_run(tmp_path: Path, capsys, encode, cause) -> None:
    """Such a file was read as records that are not JSON (each line, or the whole file as
    one line), counted and passed over, which hid the cause. It stops the run with the
    cause clean gives, as a file that cannot be read does: the drafts would otherwise be
    mined without it."""
    rows = [{"url": f"https://a.example/{i}", "text": f"Home | News\n{QUOTE} {i}.\n"} for i in range(8)]
    src = tmp_path / "in"
    src.mkdir()
    text = "".join(json.dumps(r) + "\n" for r in rows)
    (src / "a.jsonl").write_text(text, "utf-8")
    (src / "b.jsonl").write_bytes(encode(text))
    assert cli_main.main(["mine", str(src), "--min-docs", "4", "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"cleaner: error: {src / 'b.jsonl'}: {cause}") and err.count("\n") == 1
    assert not (tmp_path / "out").exists()
    # a CR-only file longer than a line may be: the cause, not "the line is too long"
    (src / "b.jsonl").write_bytes(encode(text * 3_000))
    argv = ["mine", str(src), "--max-text-size", "100KB", "-o", str(tmp_path / "out")]
    assert cli_main.main(argv) == 2
    assert f"{src / 'b.jsonl'}: {cause}" in capsys.readouterr().err


def test_a_byte_order_mark_that_starts_a_file_is_no_text(tmp_path: Path) -> None:
    """Windows tools start UTF-8 files with a byte-order mark; clean takes such files, and
    so does mine: a JSONL file's first record was passed over as "not a JSON object", and
    the mark must not join a .txt file's first line, or a draft made of it."""
    rows = [{"url": f"https://a.example/{i}", "text": f"Home | News\n{QUOTE} {i}.\n"} for i in range(6)]
    src = tmp_path / "in"
    (src / "b.example").mkdir(parents=True)
    (src / "a.jsonl").write_bytes(b"\xef\xbb\xbf" + "".join(json.dumps(r) + "\n" for r in rows).encode())
    for i in range(6):
        (src / "b.example" / f"{i}.txt").write_bytes(f"\ufeffHome | News\n{QUOTE} {i}.\n".encode())
    corpus = Corpus([src], Grouping("domain"))
    docs = list(corpus)
    assert corpus.skipped == {}
    assert sorted((d.group, d.text) for d in docs) == sorted(
        [("a.example", r["text"]) for r in rows] + [("b.example", r["text"]) for r in rows]
    )
    result = mine(corpus, MineSettings(CountSettings(min_docs=4, min_share=0.1, sketch_mb=1), sample_docs=10))
    drafted = {g.stats.name: [line.shape for d in g.drafts for line in d.lines] for g in result.groups}
    assert drafted == {"a.example": ["Home | News"], "b.example": ["Home | News"]}
    files = write_drafts(result, tmp_path / "drafts")
    assert files and not [f for f in files if "\ufeff" in f.read_text("utf-8")]


def test_cli_takes_max_text_size_from_the_config_file(tmp_path: Path, capsys, monkeypatch) -> None:
    """max_text_size of the config file clean reads (the nearest cleaner.toml or
    pyproject.toml [tool.cleaner] from the working folder up, or --config FILE) limits
    mine as it limits clean; --max-text-size overrides it."""
    rows = [{"url": f"https://a.example/{i}", "text": f"Home | News\n{QUOTE} {i}.\n"} for i in range(6)]
    rows.append({"url": "https://a.example/long", "text": "Home | News\n" + "word " * 40_000})
    data = tmp_path / "pages.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    work = tmp_path / "work"
    work.mkdir()
    (work / "pyproject.toml").write_text("[tool.cleaner]\nmax_text_size = '100KB'\n", "utf-8")
    monkeypatch.chdir(work)
    out = tmp_path / "d"
    argv = ["mine", str(data), "--min-docs", "4", "-q", "-o", str(out)]
    assert cli_main.main(argv) == 0
    err = capsys.readouterr().err
    assert f"{data}:7: the line is too long to mine" in err
    assert "--max-text-size (max_text_size in the config) raises it; record passed over" in err
    report = json.loads((out / "report.json").read_text("utf-8"))
    assert report["skipped_records"] == {"longer than --max-text-size (100,000 bytes)": 1}
    assert cli_main.main([*argv, "--max-text-size", "1MB"]) == 0
    assert "passed over" not in capsys.readouterr().err
    assert json.loads((out / "report.json").read_text("utf-8"))["docs"] == 7
    (tmp_path / "small.toml").write_text("max_text_size = 1000\n", "utf-8")
    assert cli_main.main([*argv, "--config", str(tmp_path / "small.toml")]) == 0
    report = json.loads((out / "report.json").read_text("utf-8"))
    assert report["skipped_records"] == {"longer than --max-text-size (1,000 bytes)": 1}


@pytest.mark.parametrize(
    "encoding", ["cp1252", "utf-16", "utf-16-le", "utf-16-be"], ids=["cp1252", "utf16-mark", "le", "be"]
)
def test_a_txt_file_is_decoded_as_clean_decodes_it(tmp_path: Path, encoding: str) -> None:
    """A cp1252 or UTF-16 .txt file was read as UTF-8 with errors replaced: its lines
    were mined with U+FFFD (and NULs) in them, so a draft made of them never matched the
    text clean cleans. Now each is read as clean reads it."""
    from cleaner import clean_bytes

    src = tmp_path / "in" / "b.example"
    src.mkdir(parents=True)
    texts = [f"Accueil | Actualités | Café\n{QUOTE} Résumé n° {i}.\n" for i in range(6)]
    for i, t in enumerate(texts):
        (src / f"{i}.txt").write_bytes(t.encode(encoding))
    corpus = Corpus([tmp_path / "in"], Grouping("domain"))
    docs = list(corpus)
    assert sorted(d.text for d in docs) == sorted(texts)
    assert docs[0].text == clean_bytes((src / "0.txt").read_bytes()).input_text.removeprefix("\ufeff")
    result = mine(corpus, MineSettings(CountSettings(min_docs=4, min_share=0.1, sketch_mb=1), sample_docs=10))
    drafted = [line.shape for g in result.groups for d in g.drafts for line in d.lines]
    assert drafted == ["Accueil | Actualités | Café"]


def test_cli_a_binary_txt_file_stops_the_run(tmp_path: Path, capsys) -> None:
    """A .txt file that is not text stops the run with the cause clean gives, as a file
    that cannot be read does, instead of being mined as replacement characters."""
    src = tmp_path / "in"
    src.mkdir()
    for i in range(6):
        (src / f"{i}.txt").write_text(f"Home | News\n{QUOTE} {i}.\n", "utf-8")
    (src / "z.txt").write_bytes(bytes(range(256)) * 40)
    assert cli_main.main(["mine", str(src), "--min-docs", "4", "-o", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err == f"cleaner: error: {src / 'z.txt'}: binary data, not text\n"
    assert not (tmp_path / "out").exists()


def test_cli_takes_text_field_from_the_config_file(tmp_path: Path, capsys, monkeypatch) -> None:
    """text_field of the config file clean reads names the field mine reads, as it names
    the field clean cleans: a corpus clean took had every record passed over here for
    "no string field 'text'". --text-field overrides it."""
    rows = [{"url": f"https://a.example/{i}", "body": f"Home | News\n{QUOTE} {i}.\n"} for i in range(6)]
    data = tmp_path / "pages.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    work = tmp_path / "work"
    work.mkdir()
    (work / "pyproject.toml").write_text("[tool.cleaner]\ntext_field = 'body'\n", "utf-8")
    monkeypatch.chdir(work)
    out = tmp_path / "d"
    argv = ["mine", str(data), "--min-docs", "4", "-q", "-o", str(out)]
    assert cli_main.main(argv) == 0
    assert json.loads((out / "report.json").read_text("utf-8"))["docs"] == 6
    assert cli_main.main([*argv, "--text-field", "text"]) == 2  # the option overrides the config
    assert "6 records: no string field 'text'" in capsys.readouterr().err
    (tmp_path / "other.toml").write_text("text_field = 'text'\n", "utf-8")
    assert cli_main.main([*argv, "--config", str(tmp_path / "other.toml")]) == 2
    assert "6 records: no string field 'text'" in capsys.readouterr().err
