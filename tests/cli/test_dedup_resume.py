# Tests of `cleaner clean --dedup-by ... --resume`: a keep-one-copy run stopped part-way is
# finished by --resume with the outputs and log of an uninterrupted run, byte for byte.
from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from clihelp import RULES, article, output_tree, run_cli

import cleaner.io.clean_file
from cleaner.io.manifest import load_manifest
from cleaner.io.removal_log import read_log

#: a line the first input has and a later one repeats
EARLY = "A line the first input carries and a later one repeats, word for word."
#: a line the second input has and a later one repeats
MIDDLE = "Another line, of the second input, that a later input says again."


def _stopped(monkeypatch: pytest.MonkeyPatch, at: int, *args: str | Path) -> None:
    """Run ``cleaner clean *args`` and stop it (Ctrl-C) as it starts the ``at``-th input."""
    real = cleaner.io.clean_file.clean_file
    calls: list[object] = []

    def interrupted(c, task):  # type: ignore[no-untyped-def]
        calls.append(task)
        if len(calls) == at:
            raise KeyboardInterrupt
        return real(c, task)

    with monkeypatch.context() as m:
        m.setattr(cleaner.io.clean_file, "clean_file", interrupted)
        m.setattr("cleaner.cli.clean_cmd.CHECKPOINT_SECONDS", 0.0)
        assert run_cli(*args) == 130


def _resumed_as_uninterrupted(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, src: Path, at: int, *options: str, status: int = 0
) -> tuple[Path, Path]:
    """Run over ``src`` uninterrupted into ``ref``, and stopped at the ``at``-th input then
    resumed into ``out``, each run ending with ``status``; check that both give the same
    bytes and that restore rebuilds ``src`` from ``out``."""
    ref, out = tmp_path / "ref", tmp_path / "out"
    common = ("--rules", RULES, "-q", *options)
    assert run_cli("clean", src, "-o", ref, *common) == status
    _stopped(monkeypatch, at, "clean", src, "-o", out, *common)
    manifest = load_manifest(out)
    assert manifest is not None and len(manifest.done) == at - 1
    assert run_cli("clean", src, "-o", out, "--resume", *common) == status
    assert output_tree(out) == output_tree(ref)  # outputs and log, byte for byte
    assert run_cli("restore", out, "--check", src, "-q") == 0
    return ref, out


def _repeats_in(log: Path) -> set[str]:
    """The files some of whose lines the run removed as repeats."""
    return {str(r["file"]) for r in read_log(log) if r.get("rule") == "dedup.repeated"}


def _txt_inputs(root: Path, folders: tuple[str, ...] = (".",)) -> Path:
    """Six articles per folder (the second gzipped); in each folder the second repeats a
    line of the first, the fifth one of the first and the sixth one of the second."""
    for folder in folders:
        d = root / folder
        d.mkdir(parents=True, exist_ok=True)
        extra = {0: EARLY, 1: MIDDLE + "\n" + EARLY, 4: EARLY, 5: MIDDLE}
        for i in range(6):
            tail = f"{extra[i]}\n" if i in extra else ""
            text = f"Page {i} of {folder}.\n" + article(i) + tail
            if i == 1:  # read back through gzip
                (d / "doc1.txt.gz").write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
            else:
                (d / f"doc{i}.txt").write_text(text, "utf-8")
    return root


def test_dedup_by_all_resumes_to_the_bytes_of_an_uninterrupted_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = _txt_inputs(tmp_path / "in")
    ref, out = _resumed_as_uninterrupted(monkeypatch, tmp_path, src, 3, "--dedup-by", "all")
    # the inputs cleaned after the stop lost lines that only the skipped inputs had
    assert {"doc4.txt", "doc5.txt"} <= _repeats_in(ref / "removals.jsonl")
    assert EARLY not in (out / "doc4.txt").read_text("utf-8")
    assert MIDDLE not in (out / "doc5.txt").read_text("utf-8")


def test_dedup_by_folder_resumes_to_the_bytes_of_an_uninterrupted_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = _txt_inputs(tmp_path / "in", ("one", "two"))
    # stopped inside the second folder: the first is done, and so are two of the second
    ref, _ = _resumed_as_uninterrupted(monkeypatch, tmp_path, src, 9, "--dedup-by", "folder")
    assert {"one/doc4.txt", "two/doc4.txt", "two/doc5.txt"} <= _repeats_in(ref / "removals.jsonl")


def _records(site: str, i: int, body: str, url_field: str, text_field: str) -> str:
    text = f"Story {i} of {site} opens here.\n{body}\nEnd of story {i}."
    return json.dumps({url_field: f"https://www.{site}.example/{i}", "id": i, text_field: text}) + "\n"


def test_dedup_by_domain_over_jsonl_resumes_to_the_bytes_of_an_uninterrupted_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Records of two sites in four files, read by --text-field and --url-field; the files
    cleaned after the stop repeat lines of records of the same site in the skipped ones."""
    src = tmp_path / "in"
    src.mkdir()
    shared = {"alpha": EARLY, "beta": MIDDLE}
    for n, name in enumerate("abcd"):
        lines = [
            _records(site, 10 * n + k, shared[site] if (n + k) % 2 == 0 else f"Only {n}/{k}.", "link", "body")
            for k in range(2)
            for site in ("alpha", "beta")
        ]
        lines.append('{"link": "https://www.alpha.example/x", "id": "no text"}\n')  # copied, not cleaned
        (src / f"{name}.jsonl").write_text("".join(lines), "utf-8")
    options = ("--dedup-by", "domain", "--text-field", "body", "--url-field", "link")
    ref, out = _resumed_as_uninterrupted(monkeypatch, tmp_path, src, 3, *options, status=1)
    assert {"c.jsonl", "d.jsonl"} <= _repeats_in(ref / "removals.jsonl")
    firsts = [json.loads(x)["body"] for x in (out / "a.jsonl").read_text("utf-8").splitlines()[:4]]
    assert EARLY in firsts[0] and MIDDLE in firsts[1]  # the first copies stay


def test_dedup_by_field_over_jsonl_resumes_to_the_bytes_of_an_uninterrupted_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for n in range(4):
        recs = [{"site": site, "text": f"Story {n} of {site}.\n{EARLY}\nEnd {n}."} for site in ("x", "y")]
        (src / f"f{n}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in recs), "utf-8")
    ref, _ = _resumed_as_uninterrupted(
        monkeypatch, tmp_path, src, 2, "--dedup-by", "field", "--dedup-field", "site"
    )
    assert {"f1.jsonl", "f2.jsonl", "f3.jsonl"} <= _repeats_in(ref / "removals.jsonl")


_PAGE = """<!DOCTYPE html><html><head><title>Story {n}</title>
<link rel="canonical" href="https://www.{site}.example/story-{n}"></head><body>
<article><h1>Story {n} of the {site} site</h1>
<p>Rain is expected across the county on day {n}, forecasters said, with flooding possible near the
river and in the lower town, where streets flooded twice last winter and the year before.</p>
<p>{line}</p>
<p>The council will meet on Thursday to review the drainage plan and the cost of new pumps, which
engineers say could protect two hundred homes from the worst of the water, story {n} adds.</p>
</article></body></html>"""


def test_dedup_by_domain_of_pages_resumes_to_the_bytes_of_an_uninterrupted_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages whose only address is their canonical link, as .html files and as records of
    --html-field without a url: the group of a skipped page comes from that link too."""
    src = tmp_path / "in"
    src.mkdir()
    for n in range(4):
        for site, line in (("alpha", EARLY), ("beta", MIDDLE)):
            (src / f"p{n}-{site}.html").write_text(_PAGE.format(n=n, site=site, line=line), "utf-8")
    ref, _ = _resumed_as_uninterrupted(monkeypatch, tmp_path, src, 4, "--dedup-by", "domain")
    assert {"p1-beta.html", "p2-alpha.html", "p3-beta.html"} <= _repeats_in(ref / "removals.jsonl")

    pages = tmp_path / "records"
    pages.mkdir()
    for n in range(4):
        recs = [{"html": _PAGE.format(n=n, site=site, line=EARLY)} for site in ("alpha", "beta")]
        (pages / f"r{n}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in recs), "utf-8")
    options = ("--dedup-by", "domain", "--html-field", "html")
    ref, _ = _resumed_as_uninterrupted(monkeypatch, tmp_path / "html-field", pages, 3, *options)
    assert {"r2.jsonl", "r3.jsonl"} <= _repeats_in(ref / "removals.jsonl")


def test_resume_with_other_dedup_settings_cleans_everything_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    src = _txt_inputs(tmp_path / "in", ("one", "two"))
    ref, out = tmp_path / "ref", tmp_path / "out"
    assert run_cli("clean", src, "-o", ref, "--rules", RULES, "-q", "--dedup-by", "all") == 0
    _stopped(monkeypatch, 4, "clean", src, "-o", out, "--rules", RULES, "-q", "--dedup-by", "folder")
    capsys.readouterr()
    assert run_cli("clean", src, "-o", out, "--rules", RULES, "-q", "--dedup-by", "all", "--resume") == 0
    assert "cleaning everything again" in capsys.readouterr().err
    assert output_tree(out) == output_tree(ref)


@pytest.mark.parametrize("change", ["changed", "gone", "new before"])
def test_a_changed_input_before_the_last_done_one_cleans_everything_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], change: str
) -> None:
    """What the inputs after a changed one kept depends on it: they cannot be skipped.
    So for a finished input gone, or a new one that comes before a finished one."""
    src = _txt_inputs(tmp_path / "in")
    out, ref = tmp_path / "out", tmp_path / "ref"
    common = ("--rules", RULES, "-q", "--dedup-by", "all")
    _stopped(monkeypatch, 4, "clean", src, "-o", out, *common)
    first = src / "doc0.txt"
    if change == "changed":
        first.write_text(first.read_text("utf-8").replace(EARLY, "A line of its own now."), "utf-8")
    elif change == "gone":
        first.unlink()
    else:  # sorted between doc0.txt and doc1.txt.gz
        (src / "doc00.txt").write_text(f"A new page.\n{MIDDLE}\n", "utf-8")
    capsys.readouterr()
    assert run_cli("clean", src, "-o", out, "--resume", *common) == 0
    assert "cleaning everything again" in capsys.readouterr().err
    assert run_cli("clean", src, "-o", ref, *common) == 0
    got = output_tree(out)
    if change == "gone":
        del got["doc0.txt"]  # the output of the input gone stays
    assert got == output_tree(ref)


def test_an_output_that_cannot_be_read_back_stops_the_resume(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    src = _txt_inputs(tmp_path / "in")
    out = tmp_path / "out"
    common = ("--rules", RULES, "-q", "--dedup-by", "all")
    _stopped(monkeypatch, 4, "clean", src, "-o", out, *common)
    done = out / "doc2.txt"
    data = done.read_bytes()
    stat = done.stat()
    done.write_bytes(b"\xff" + data[1:])  # same size: the manifest still counts it done
    os.utime(done, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    capsys.readouterr()
    before = output_tree(out)
    assert run_cli("clean", src, "-o", out, "--resume", *common) == 2
    assert "doc2.txt" in capsys.readouterr().err
    assert output_tree(out) == before  # nothing cleaned on a wrong footing


_SCRIPT = """
import os, signal, sys
import cleaner.cli.clean_cmd as cmd, cleaner.io.clean_file as cf
from cleaner.cli.main import main
at, *args = sys.argv[1:]
cmd.CHECKPOINT_SECONDS = 0.0
real, n = cf.clean_file, [0]
def clean_file(c, task):
    n[0] += 1
    if n[0] == int(at):
        os.kill(os.getpid(), signal.SIGTERM)
    return real(c, task)
cf.clean_file = clean_file
sys.exit(main(args))
"""


def test_a_dedup_run_stopped_by_sigterm_resumes_to_the_same_bytes(tmp_path: Path) -> None:
    src = _txt_inputs(tmp_path / "in", ("one", "two"))
    ref, out = tmp_path / "ref", tmp_path / "out"
    common = ["--rules", str(RULES), "-q", "--dedup-by", "all"]
    assert run_cli("clean", src, "-o", ref, *common) == 0
    proc = subprocess.run(
        [sys.executable, "-c", _SCRIPT, "5", "clean", str(src), "-o", str(out), *common],
        capture_output=True,
        check=False,
        timeout=300,
    )
    assert proc.returncode == 128 + signal.SIGTERM, proc.stderr
    manifest = load_manifest(out)
    assert manifest is not None and 0 < len(manifest.done) < 12
    assert run_cli("clean", src, "-o", out, "--resume", *common) == 0
    assert output_tree(out) == output_tree(ref)
    assert run_cli("restore", out, "--check", src, "-q") == 0


def test_an_input_that_failed_half_way_resumes_to_the_bytes_of_an_uninterrupted_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # b.jsonl.gz breaks off after some records were cleaned: it fails, with no output, in
    # either run, and what its records kept must not count for c in the one more than in
    # the other (a resume reads back only the outputs of finished inputs)
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.jsonl").write_text(_records("alpha", 0, EARLY, "url", "text"), "utf-8")
    first = _records("alpha", 1, MIDDLE, "url", "text")
    rest = "".join(_records("alpha", i, f"Line {i}, its own.", "url", "text") for i in range(2, 2000))
    packed = gzip.compress((first + rest).encode("utf-8"), mtime=0)
    (src / "b.jsonl.gz").write_bytes(packed[: len(packed) // 2])
    (src / "c.jsonl").write_text(_records("alpha", 2, MIDDLE + "\n" + EARLY, "url", "text"), "utf-8")
    ref, out = tmp_path / "ref", tmp_path / "out"
    common = ("--rules", RULES, "-q", "--dedup-by", "all")
    assert run_cli("clean", src, "-o", ref, *common) == 1
    _stopped(monkeypatch, 3, "clean", src, "-o", out, *common)
    assert run_cli("clean", src, "-o", out, "--resume", *common) == 1
    assert output_tree(out) == output_tree(ref)
    kept = json.loads((ref / "c.jsonl").read_text("utf-8"))["text"]
    assert MIDDLE in kept and EARLY not in kept


def test_stdin_before_the_files_does_not_make_a_resume_clean_everything_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # standard input is cleaned first wherever it stands among the inputs, and is never
    # journaled: it is no input "cleaned again" before the finished ones
    import io

    def stdin() -> None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"A line given on standard input.\n")))

    src = _txt_inputs(tmp_path / "in")
    ref, out = tmp_path / "ref", tmp_path / "out"
    common = ("--rules", RULES, "-q", "--dedup-by", "all")
    stdin()
    assert run_cli("clean", "-", src, "-o", ref, *common) == 0
    stdin()
    _stopped(monkeypatch, 4, "clean", "-", src, "-o", out, *common)  # stdin, doc0, doc1 done
    assert len(load_manifest(out).done) == 2  # type: ignore[union-attr]
    capsys.readouterr()
    stdin()
    assert run_cli("clean", "-", src, "-o", out, "--resume", *common) == 0
    assert "cleaning everything again" not in capsys.readouterr().err
    got, want = output_tree(out), output_tree(ref)
    # the records of standard input, cleaned again, replace those of the stopped run: after
    # the finished inputs' records now, each record once
    log, ref_log = got.pop("removals.jsonl"), want.pop("removals.jsonl")
    assert got == want
    assert sorted(log.splitlines()) == sorted(ref_log.splitlines())
