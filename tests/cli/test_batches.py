# Tests of the parallel work units: batches keep every input once and in order, a big JSONL
# file cut into chunks gives the same output, log, summary and resume as one piece.
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from clihelp import RULES, article, run_cli

import cleaner.io.batches as batches
from cleaner.io.batches import Batch, Chunk, Planner, Settled
from cleaner.io.clean_file import FileTask
from cleaner.io.discover import InputFile
from cleaner.io.kinds import Kind
from cleaner.io.manifest import MANIFEST_NAME, load_manifest
from cleaner.summary import Summary

JSONL = Kind("jsonl")


def _task(path: Path, out: Path | None, kind: Kind = JSONL) -> FileTask:
    f = InputFile(path, path.name, kind, path.stat().st_size)
    return FileTask(f, out, spill_dir=None if out is None else out.parent)


def _jsonl(path: Path, n: int, *, bom: bool = True, trailing_newline: bool = False) -> bytes:
    """Records of varied length, with the awkward lines a real file has: a BOM, blank
    lines, a broken line, a record without the text field, and no final line end."""
    lines = []
    for i in range(n):
        if i % 17 == 5:
            lines.append("")
        elif i % 23 == 7:
            lines.append(f'{{"id": {i}, "text": "unterminated')
        elif i % 29 == 11:
            lines.append(json.dumps({"id": i, "body": "no text field"}))
        else:
            text = article(i) * (1 + i % 4) if i % 3 else article(i, debris=False)
            lines.append(json.dumps({"id": i, "url": f"https://x.example/{i}", "text": text}))
    data = ("\ufeff" if bom else "") + "\n".join(lines) + ("\n" if trailing_newline else "")
    path.write_bytes(data.encode("utf-8"))
    return path.read_bytes()


def test_chunks_cover_the_file_on_line_boundaries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = _jsonl(tmp_path / "in.jsonl", 300)
    monkeypatch.setattr(batches, "CHUNK_MIN_BYTES", 4000)
    chunks = list(Planner(journal=False)._chunks(_task(tmp_path / "in.jsonl", tmp_path / "o.jsonl")))
    assert len(chunks) > 10 and [c.last for c in chunks] == [False] * (len(chunks) - 1) + [True]
    pos = 0
    for c in chunks:
        assert c.chunk.start == pos
        assert data[: c.chunk.start].count(b"\n") == c.chunk.first  # lines before it
        assert c.chunk.end == len(data) or data[c.chunk.end - 1 : c.chunk.end] == b"\n"
        pos = c.chunk.end
    assert pos == len(data)


def test_a_line_longer_than_a_chunk_stays_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    long = json.dumps({"text": "word " * 5000})
    (tmp_path / "in.jsonl").write_text(f'{{"text": "a"}}\n{long}\n{{"text": "b"}}\n', "utf-8")
    monkeypatch.setattr(batches, "CHUNK_MIN_BYTES", 1000)
    chunks = [c.chunk for c in Planner(False)._chunks(_task(tmp_path / "in.jsonl", tmp_path / "o"))]
    data = (tmp_path / "in.jsonl").read_bytes()
    # the long line starts a chunk and is not cut (it ends it too: read past, not kept)
    assert [c.start for c in chunks] == [0, 14, 14 + len(long) + 1]
    assert [c.first for c in chunks] == [0, 1, 2] and chunks[-1].end == len(data)


def test_plan_keeps_every_input_once_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batches, "CHUNK_MIN_BYTES", 4000)
    small = []
    for i in range(40):
        (tmp_path / f"{i}.txt").write_text(article(i) * (1 + i % 7), "utf-8")
        small.append(_task(tmp_path / f"{i}.txt", tmp_path / "out" / f"{i}.txt", Kind("txt")))
    _jsonl(tmp_path / "big.jsonl", 200)
    big = _task(tmp_path / "big.jsonl", tmp_path / "out" / "big.jsonl")
    settled = Settled(Summary(files=1), errors=("clash",))
    items: list[FileTask | Settled] = [*small[:20], settled, big, *small[20:]]
    planner = Planner(journal=True)
    planner.observe(40_000, 1.0)  # small batches (16 KB), chunks of 10 KB
    plan = list(planner.plan(items))
    flat: list[object] = []
    for unit in plan:
        if isinstance(unit, Batch):
            assert 0 < len(unit.items) <= batches.BATCH_MAX_FILES
            flat.extend(unit.items)
        elif unit.last:
            flat.append(unit.chunk.task)
    assert flat == items
    assert sum(isinstance(u, Chunk) for u in plan) > 2
    assert sum(isinstance(u, Batch) for u in plan) > 2


def _run(src: Path, out: Path, jobs: int, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    rc = run_cli("clean", src, "-o", out, "--rules", RULES, "--jobs", str(jobs), *extra)
    return rc, capsys.readouterr().err


def _tree(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != MANIFEST_NAME
    }


@pytest.mark.parametrize("trailing_newline", [True, False])
def test_split_jsonl_same_as_one_piece(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    trailing_newline: bool,
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    _jsonl(src / "big.jsonl", 400, trailing_newline=trailing_newline)
    (src / "small.txt").write_text(article(1), "utf-8")
    monkeypatch.setattr(batches, "CHUNK_MIN_BYTES", 8000)
    chunks = len(list(Planner(False)._chunks(_task(src / "big.jsonl", tmp_path / "x"))))
    assert chunks > 5
    rc1, err1 = _run(src, tmp_path / "one", 1, capsys)
    rc2, err2 = _run(src, tmp_path / "two", 2, capsys)
    assert rc1 == rc2 == 1  # broken lines
    assert _tree(tmp_path / "one") == _tree(tmp_path / "two")  # outputs and log, byte for byte
    assert err1 == err2  # line errors and the summary
    log = (tmp_path / "two" / "removals.jsonl").read_text("utf-8")
    assert '"record": 398' in log or '"record": 399' in log
    assert not list((tmp_path / "two").rglob(".cleaner-tmp-*"))
    manifest = load_manifest(tmp_path / "two")
    assert manifest is not None and manifest.errors[hash("big.jsonl")] > 0
    # a resume of the finished run does nothing; the manifest of a jobs 2 run serves jobs 1
    before = _tree(tmp_path / "two")
    assert _run(src, tmp_path / "two", 1, capsys, "--resume", "-q")[0] == 1
    assert _tree(tmp_path / "two") == before


#: the run of test_a_failing_chunk_fails_the_file_only, in a process of its own: the
#: workers must fork to inherit the failing reader, and a test process that other tests
#: left threads in (pandas, dask) spawns them instead
_FAILING_CHUNK_RUN = """
import sys
import cleaner.io.batches as batches
import cleaner.io.clean_file as clean_file
import cleaner.parallel
from cleaner.cli.main import main

batches.CHUNK_MIN_BYTES = 8000
real = clean_file.iter_range_lines

def failing(f, start, end, limit):
    if start > 20000:
        raise RuntimeError("boom")
    return real(f, start, end, limit)

clean_file.iter_range_lines = failing
assert cleaner.parallel._use_fork(), "the child process has threads; fork is off"
sys.exit(main(sys.argv[1:]))
"""


def test_a_failing_chunk_fails_the_file_only(tmp_path: Path) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("needs forked workers to see the patch: Linux only")
    src = tmp_path / "in"
    src.mkdir()
    _jsonl(src / "big.jsonl", 300, bom=False)
    (src / "z.txt").write_text(article(2), "utf-8")
    (tmp_path / "out").mkdir()
    # an earlier run's output of the file: out of step with the log once the file fails
    (tmp_path / "out" / "big.jsonl").write_text('{"text": "from an earlier run"}\n', "utf-8")
    args = ["clean", str(src), "-o", str(tmp_path / "out"), "--rules", str(RULES), "--jobs", "2", "-q"]
    child = subprocess.run(
        [sys.executable, "-c", _FAILING_CHUNK_RUN, *args], capture_output=True, text=True, timeout=300
    )
    rc, err = child.returncode, child.stderr
    assert rc == 1 and "boom" in err, err
    out = tmp_path / "out"
    assert not (out / "big.jsonl").exists() and (out / "z.txt").exists()
    records = [json.loads(line) for line in (out / "removals.jsonl").read_text("utf-8").splitlines()]
    assert [r for r in records if r["file"] == "big.jsonl"] == [
        {"file": "big.jsonl", "error": "internal error, please report: RuntimeError: boom"}
    ]
    assert not list(out.rglob(".cleaner-tmp-*"))


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_output_that_cannot_be_written_fails_that_input_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], jobs: int
) -> None:
    """With --jobs 2, a split JSONL file whose output folder could not be made or written
    stopped the whole run ("cleaner: error: OUT/sub: file exists", exit 1, the inputs after
    it not cleaned); in one piece, it failed with "[Errno 17] File exists: 'OUT/sub'" (or,
    in a read-only folder, the errno and the name of a temp file)."""
    src, out = tmp_path / "in", tmp_path / "out"
    (src / "sub").mkdir(parents=True)
    _jsonl(src / "sub" / "big.jsonl", 300, bom=False)
    (src / "sub" / "small.txt").write_text(article(1), "utf-8")
    (src / "z.txt").write_text(article(2), "utf-8")
    out.mkdir()
    (out / "sub").write_text("a file where the output folder should be", "utf-8")
    os.utime(out / "sub", (time.time() - 3600,) * 2)  # put there before (the clock ticks coarsely)
    monkeypatch.setattr(batches, "CHUNK_MIN_BYTES", 8000)
    assert len(list(Planner(False)._chunks(_task(src / "sub" / "big.jsonl", tmp_path / "x")))) > 5
    rc, err = _run(src, out, jobs, capsys, "-q")
    assert rc == 1
    assert err.splitlines() == [
        f"cleaner: {src / 'sub' / name}: cannot write its output {out / 'sub' / name}: not a directory"
        for name in ("big.jsonl", "small.txt")
    ] + [  # the file in the way is no output of the run
        f"cleaner: {out} holds 1 file this run did not write (the first: sub): outputs of an earlier"
        " run whose inputs this run did not have, or files put there; restore and explain --run"
        " pass them over"
    ]
    assert (out / "z.txt").exists() and not list(out.rglob(".cleaner-tmp-*"))
    records = [json.loads(line) for line in (out / "removals.jsonl").read_text("utf-8").splitlines()]
    assert [r for r in records if "error" in r] == [
        {"file": f"sub/{name}", "error": f"cannot write its output {out / 'sub' / name}: not a directory"}
        for name in ("big.jsonl", "small.txt")
    ]


def test_split_run_stopped_half_way_resumes_to_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import cleaner.cli.clean_cmd as clean_cmd

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(article(1), "utf-8")
    _jsonl(src / "b.jsonl", 300)
    (src / "c.txt").write_text(article(3), "utf-8")
    monkeypatch.setattr(batches, "CHUNK_MIN_BYTES", 8000)
    monkeypatch.setattr(clean_cmd, "CHECKPOINT_SECONDS", 0.0)
    _run(src, tmp_path / "ref", 1, capsys, "-q")
    real_add = batches.SplitFile.add
    calls = []

    def stop(self, outcome):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real_add(self, outcome)

    monkeypatch.setattr(batches.SplitFile, "add", stop)
    out = tmp_path / "out"
    assert _run(src, out, 2, capsys, "-q")[0] == 130
    manifest = load_manifest(out)
    assert (
        manifest is not None and manifest.holds("a.txt") and len(manifest.done) == 1
    )  # b.jsonl was not finished
    assert not (out / "b.jsonl").exists()
    monkeypatch.setattr(batches.SplitFile, "add", real_add)
    assert _run(src, out, 2, capsys, "--resume", "-q")[0] == 1  # b.jsonl has broken lines
    assert _tree(out) == _tree(tmp_path / "ref")
    assert not list(out.rglob(".cleaner-tmp-*"))


@pytest.mark.parametrize("jobs", [1, 2])
def test_resume_cleans_again_an_input_whose_output_could_not_be_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], jobs: int
) -> None:
    """A full disk or a folder that cannot be written fails an input for want of room
    for its output, not for anything in it; --resume, once there is room, said "unchanged
    since the last run; not retried" (exit 1, no output), as for a binary file, and only
    touching the input (or a run without --resume, cleaning all again) got it cleaned."""
    src, out = tmp_path / "in", tmp_path / "out"
    (src / "sub").mkdir(parents=True)
    records = (json.dumps({"id": i, "text": article(i) * (1 + i % 4)}) + "\n" for i in range(300))
    (src / "sub" / "big.jsonl").write_text("".join(records), "utf-8")  # in chunks with --jobs 2
    (src / "sub" / "small.txt").write_text(article(1), "utf-8")
    (src / "z.txt").write_text(article(2), "utf-8")  # cleaned first (a folder's files first)
    monkeypatch.setattr(batches, "CHUNK_MIN_BYTES", 8000)
    rc, err = _run(src, tmp_path / "ref", jobs, capsys, "-q")
    assert rc == 0
    reference = _tree(tmp_path / "ref")
    out.mkdir()
    (out / "sub").write_text("a file where the output folder should be", "utf-8")
    rc, err = _run(src, out, jobs, capsys, "-q")
    assert rc == 1 and err.count("cannot write its output") == 2
    (out / "sub").unlink()  # room made
    rc, err = _run(src, out, jobs, capsys, "-q", "--resume")
    assert rc == 0 and err == (
        "cleaner: --resume: 2 inputs whose output could not be written in the last run (a full disk, "
        "a folder that could not be written); trying again\n"
    )
    assert _tree(out) == reference
    rc, err = _run(src, out, jobs, capsys, "-q", "--resume")  # a finished run: nothing to do
    assert (rc, err) == (0, "")
    assert run_cli("restore", out, "--check", src, "-q") == 0
