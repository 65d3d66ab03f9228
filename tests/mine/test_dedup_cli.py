# Tests of `cleaner clean --dedup-by`: first copies stay, later copies are logged as
# dedup.repeated and rebuild exactly; the output does not depend on --jobs.
from __future__ import annotations

import json
from pathlib import Path

from cleaner import restore
from cleaner.cli.main import main
from cleaner.io.removal_log import read_log, removals_of

SHARED = "Subscribe to the Valley Gazette newsletter for the morning headlines."


def _write(root: Path) -> list[dict[str, str]]:
    root.mkdir(parents=True)
    recs = [
        {
            "url": f"https://www.{site}.example/{i}",
            "text": f"Story {i} of {site} opens here.\n{SHARED}\nEnd {i}.",
        }
        for i in range(3)
        for site in ("alpha", "beta")
    ]
    (root / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in recs[:3]), "utf-8")
    (root / "b.jsonl").write_text("".join(json.dumps(r) + "\n" for r in recs[3:]), "utf-8")
    return recs


def _outputs(out: Path) -> list[str]:
    return [
        json.loads(x)["text"]
        for f in ("a.jsonl", "b.jsonl")
        for x in (out / f).read_text("utf-8").splitlines()
    ]


def test_first_copy_per_domain_stays_and_log_rebuilds(tmp_path: Path) -> None:
    recs = _write(tmp_path / "in")
    out = tmp_path / "out"
    assert main(["clean", str(tmp_path / "in"), "-o", str(out), "--dedup-by", "domain", "-q"]) == 0
    texts = _outputs(out)
    kept = [SHARED in t for t in texts]
    # input order: alpha 0, beta 0, alpha 1 | beta 1, alpha 2, beta 2
    assert kept == [True, True, False, False, False, False]
    log = list(read_log(out / "removals.jsonl"))
    assert sum(r.get("rule") == "dedup.repeated" for r in log) == 4
    for n, (name, rec) in enumerate([("a.jsonl", i) for i in range(3)] + [("b.jsonl", i) for i in range(3)]):
        assert restore(texts[n], removals_of(log, name, rec)) == recs[n]["text"]


def test_dedup_by_all_and_jobs_do_not_change_the_result(tmp_path: Path) -> None:
    _write(tmp_path / "in")
    results = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        assert (
            main(["clean", str(tmp_path / "in"), "-o", str(out), "--dedup-by", "all", "-j", jobs, "-q"]) == 0
        )
        results.append(_outputs(out))
    assert results[0] == results[1]
    assert [SHARED in t for t in results[0]] == [True, False, False, False, False, False]


def test_without_dedup_nothing_repeated_is_removed(tmp_path: Path) -> None:
    _write(tmp_path / "in")
    out = tmp_path / "out"
    assert main(["clean", str(tmp_path / "in"), "-o", str(out), "-q"]) == 0
    assert all(SHARED in t for t in _outputs(out))


def test_txt_files_grouped_by_folder(tmp_path: Path) -> None:
    for folder in ("one", "two"):
        d = tmp_path / "in" / folder
        d.mkdir(parents=True)
        for i in range(2):
            (d / f"p{i}.txt").write_text(f"Page {i} in {folder}.\n{SHARED}\n", "utf-8")
    out = tmp_path / "out"
    assert main(["clean", str(tmp_path / "in"), "-o", str(out), "--dedup-by", "folder", "-q"]) == 0
    got = {p.relative_to(out).as_posix(): SHARED in p.read_text("utf-8") for p in sorted(out.rglob("*.txt"))}
    assert got == {"one/p0.txt": True, "one/p1.txt": False, "two/p0.txt": True, "two/p1.txt": False}


def test_dedup_by_a_record_field(tmp_path: Path) -> None:
    # records grouped by their "site" field (a URL standing for its host), not by url
    src = tmp_path / "in"
    src.mkdir()
    sites = ["north", "south", "north", "https://www.south.example/feed", None, None]
    recs = []
    for i, site in enumerate(sites):
        rec: dict[str, object] = {"url": "https://same.example/x", "text": f"Item {i}.\n{SHARED}\nEnd {i}."}
        if site is not None:
            rec["site"] = site
        recs.append(rec)
    (src / "r.jsonl").write_text("".join(json.dumps(r) + "\n" for r in recs), "utf-8")
    (src / "t.txt").write_text(f"A text file.\n{SHARED}\n", "utf-8")
    out = tmp_path / "out"
    argv = ["clean", str(src), "-o", str(out), "--dedup-by", "field", "--dedup-field", "site", "-q"]
    assert main(argv) == 0
    texts = [json.loads(x)["text"] for x in (out / "r.jsonl").read_text("utf-8").splitlines()]
    # north, south, north again, south's host (a different key from "south"), no site, no site again
    assert [SHARED in t for t in texts] == [True, True, False, True, True, False]
    assert SHARED in (out / "t.txt").read_text("utf-8")  # a text file: grouped by its folder
    log = list(read_log(out / "removals.jsonl"))
    for n, rec in enumerate(recs):
        assert restore(texts[n], removals_of(log, "r.jsonl", n)) == rec["text"]


def test_dedup_field_options_must_come_together(tmp_path: Path, capsys) -> None:
    _write(tmp_path / "in")
    base = ["clean", str(tmp_path / "in"), "-o", str(tmp_path / "o")]
    assert main([*base, "--dedup-by", "field"]) == 2
    assert "--dedup-field NAME" in capsys.readouterr().err
    assert main([*base, "--dedup-field", "site"]) == 2
    assert "only with --dedup-by field" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_dedup_unit_and_min_chars_need_dedup_by(tmp_path: Path, capsys) -> None:
    # without --dedup-by they changed nothing and said nothing, as --dedup-field does not
    _write(tmp_path / "in")
    base = ["clean", str(tmp_path / "in"), "-o", str(tmp_path / "o"), "-q"]
    for option in (["--dedup-unit", "paragraph"], ["--dedup-min-chars", "20"]):
        assert main([*base, *option]) == 2
        assert f"{option[0]} is used only with --dedup-by" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()
    assert main([*base, "--dedup-by", "all", "--dedup-unit", "paragraph", "--dedup-min-chars", "20"]) == 0


def test_a_host_folder_counts_only_inside_the_input(tmp_path: Path, monkeypatch) -> None:
    """The group of a .txt file must not depend on how its path was written: from inside
    crawl.example.org, 'in/x/a.txt' had no host and '/abs/crawl.example.org/in/x/a.txt' had one."""
    site = tmp_path / "crawl.example.org"
    (site / "in" / "x").mkdir(parents=True)
    (tmp_path / "plain").mkdir()
    (site / "in" / "x" / "a.txt").write_text(f"Story A opens here.\n{SHARED}\n", "utf-8")
    (tmp_path / "plain" / "p.txt").write_text(f"Story P opens here.\n{SHARED}\n", "utf-8")
    monkeypatch.chdir(site)
    relative = ["in/x/a.txt", "../plain/p.txt"]
    absolute = [str(site / "in" / "x" / "a.txt"), str(tmp_path / "plain" / "p.txt")]
    outs = []
    for n, args in enumerate((relative, absolute)):
        out = tmp_path / f"o{n}"
        assert main(["clean", *args, "-o", str(out), "--dedup-by", "domain", "-q"]) == 0
        outs.append((out / "p.txt").read_text("utf-8"))
    # neither file lies in a host folder below what was named: one group without a host
    assert outs[0] == outs[1] and SHARED not in outs[1]
    # a folder named like a host, named on the command line, is the group of its files
    out = tmp_path / "o2"
    args = ["clean", str(site), str(tmp_path / "plain"), "-o", str(out), "--dedup-by", "domain", "-q"]
    assert main(args) == 0
    assert SHARED in (out / "p.txt").read_text("utf-8")


SITE = "The Valley Gazette is an independent paper."
#: a site's stories whose repeats, once removed, leave work for the rules: 'Source link'
#: among the last lines, labels the guard held back, a date line at the top
STORIES = [
    f"First story opens here.\n{SITE}\nThe first story ends.",
    f"Second story opens here.\nSource link\nLine two.\nLine three.\nLine four.\n{SITE}",
    "Advertisement\nAdvertisement\nSaturday, November 23, 2024\nHi.",
    f"{SITE}\nAdvertisement\nAdvertisement\nAdvertisement\n[ad_1]\nSaturday, November 23, 2024\n"
    "The vote was close.",
]


def _stories(root: Path) -> Path:
    root.mkdir(parents=True)
    recs = [{"url": f"https://www.gazette.example/{i}", "text": t} for i, t in enumerate(STORIES)]
    (root / "site.jsonl").write_text("".join(json.dumps(r) + "\n" for r in recs), "utf-8")
    return root / "site.jsonl"


def test_a_dedup_run_over_its_own_outputs_changes_nothing(tmp_path: Path, capsys) -> None:
    src = _stories(tmp_path / "in")
    once, again = tmp_path / "once", tmp_path / "again"
    assert main(["clean", str(src), "-o", str(once), "--dedup-by", "domain", "-q"]) == 0
    assert main(["clean", str(once / "site.jsonl"), "-o", str(again), "--dedup-by", "domain", "-q"]) == 0
    assert (again / "site.jsonl").read_bytes() == (once / "site.jsonl").read_bytes()
    assert not [r for r in read_log(again / "removals.jsonl") if "rule" in r]
    assert main(["restore", str(once), "--check", str(tmp_path / "in")]) == 0
    assert "1  identical to the input" in capsys.readouterr().err
    texts = [json.loads(x)["text"] for x in (once / "site.jsonl").read_text("utf-8").splitlines()]
    assert "Source link" not in texts[1] and texts[3] == "The vote was close."


def test_jobs_do_not_change_a_dedup_run_that_cleans_again(tmp_path: Path) -> None:
    src = _stories(tmp_path / "in")
    (tmp_path / "in" / "more.jsonl").write_bytes(src.read_bytes())  # a second file: copies all
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        argv = ["clean", str(tmp_path / "in"), "-o", str(out), "--dedup-by", "all", "-j", jobs, "-q"]
        assert main(argv) == 0
        outs.append([(out / f).read_bytes() for f in ("site.jsonl", "more.jsonl", "removals.jsonl")])
    assert outs[0] == outs[1]


def test_a_failed_input_leaves_nothing_for_later_inputs_to_dedup_against(tmp_path: Path) -> None:
    # b.jsonl.gz is cut short: its first records are cleaned before the stream breaks and
    # the whole input fails, with no output. A line only b had must stay in a later input:
    # else it is gone from the corpus, and a run resumed after b (which reads back only
    # what finished inputs kept) would keep it.
    import gzip

    root = tmp_path / "in"
    root.mkdir()
    line = "The harbour project was delayed again by the council's late planning decision."
    recs = [{"text": f"{line}\nA second line of b."}]
    recs += [{"text": f"Record {i} of b has a prose line of its own, number {i}."} for i in range(2000)]
    packed = gzip.compress("".join(json.dumps(r) + "\n" for r in recs).encode("utf-8"))
    first = {"text": "A opens the run.\nIt shares nothing."}
    (root / "a.jsonl").write_text(json.dumps(first) + "\n", "utf-8")
    (root / "b.jsonl.gz").write_bytes(packed[: len(packed) // 2])
    (root / "c.jsonl").write_text(json.dumps({"text": f"{line}\nC goes on."}) + "\n", "utf-8")
    out = tmp_path / "out"
    assert main(["clean", str(root), "-o", str(out), "--dedup-by", "all", "-q"]) == 1
    assert not (out / "b.jsonl.gz").exists()
    assert json.loads((out / "c.jsonl").read_text("utf-8"))["text"] == f"{line}\nC goes on."
