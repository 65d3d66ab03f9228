# Tests of `cleaner clean --resume`: a run stopped part-way (Ctrl-C, or killed outright)
# is finished by a re-run, with the same outputs and log as an uninterrupted run, and a
# re-run of a finished job does nothing.
from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import pytest
from clihelp import HTML, RULES, article, output_tree, run_cli

import cleaner.cli.resume
import cleaner.io.clean_file
import cleaner.io.manifest
from cleaner import restore
from cleaner.io.manifest import MANIFEST_NAME, load_manifest
from cleaner.io.removal_log import read_log, removals_of


def _many(root: Path, n: int = 12) -> Path:
    (root / "sub").mkdir(parents=True)
    for i in range(n):
        (root / ("sub" if i % 2 else ".") / f"doc{i:02}.txt").write_text(article(i), "utf-8")
    return root


def _reference(src: Path, tmp_path: Path) -> dict[str, bytes]:
    ref = tmp_path / "ref"
    assert run_cli("clean", src, "-o", ref, "--rules", RULES, "--jobs", "1", "-q") == 0
    return output_tree(ref)


def test_resume_after_interrupt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = _many(tmp_path / "in")
    reference = _reference(src, tmp_path)
    out = tmp_path / "out"
    real = cleaner.io.clean_file.clean_file
    calls = []

    def interrupted(c, task):  # type: ignore[no-untyped-def]
        calls.append(task)
        if len(calls) == 5:
            raise KeyboardInterrupt
        return real(c, task)

    monkeypatch.setattr(cleaner.io.clean_file, "clean_file", interrupted)
    monkeypatch.setattr("cleaner.cli.clean_cmd.CHECKPOINT_SECONDS", 0.0)
    assert run_cli("clean", src, "-o", out, "--rules", RULES, "--jobs", "1", "-q") == 130
    manifest = load_manifest(out)
    assert manifest is not None and len(manifest.done) == 4
    monkeypatch.undo()

    assert run_cli("clean", src, "-o", out, "--rules", RULES, "--resume", "--jobs", "2", "-q") == 0
    assert output_tree(out) == reference  # outputs and log, byte for byte


def test_resume_after_kill(tmp_path: Path) -> None:
    src = _many(tmp_path / "in")
    reference = _reference(src, tmp_path)
    out = tmp_path / "out"
    # a real `kill -9` of the running command while it cleans the 7th file
    script = (
        "import os, signal, sys\n"
        "import cleaner.cli.clean_cmd as cmd, cleaner.io.clean_file as cf\n"
        "from cleaner.cli.main import main\n"
        "cmd.CHECKPOINT_SECONDS = 0.0\n"
        "real, n = cf.clean_file, [0]\n"
        "def clean_file(c, task):\n"
        "    n[0] += 1\n"
        "    if n[0] == 7:\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "    return real(c, task)\n"
        "cf.clean_file = clean_file\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    args = ["clean", str(src), "-o", str(out), "--rules", str(RULES), "--jobs", "1", "-q"]
    proc = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, check=False)
    assert proc.returncode == -9
    manifest = load_manifest(out)
    assert manifest is not None and len(manifest.done) == 6
    (out / ".cleaner-tmp-stale.part").write_bytes(b"half a file")  # as a kill mid-write leaves

    assert run_cli("clean", src, "-o", out, "--rules", RULES, "--resume", "-q") == 0
    assert output_tree(out) == reference  # the stale temp file is gone too
    # and a run that starts again without --resume: its temp files were left for ever
    (out / "sub" / ".cleaner-tmp-stale.part").write_bytes(b"half a file")
    assert run_cli("clean", src, "-o", out, "--rules", RULES, "-q") == 0
    assert output_tree(out) == reference


def test_finished_job_rerun_does_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _many(tmp_path / "in", 4)
    out = tmp_path / "out"
    assert run_cli("clean", src, "-o", out, "--rules", RULES, "-q") == 0
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    capsys.readouterr()
    assert run_cli("clean", src, "-o", out, "--rules", RULES, "--resume") == 0
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.name != MANIFEST_NAME} == {
        p: t for p, t in stamps.items() if p.name != MANIFEST_NAME
    }
    assert "already done 4" in capsys.readouterr().err


def test_resume_redoes_changed_inputs_and_settings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = _many(tmp_path / "in", 4)
    out = tmp_path / "out"
    assert run_cli("clean", src, "-o", out, "--rules", RULES, "-q") == 0
    (src / "doc00.txt").write_text(article(0) + "One more line of the article.\n", "utf-8")
    capsys.readouterr()
    assert run_cli("clean", src, "-o", out, "--rules", RULES, "--resume") == 0
    err = capsys.readouterr().err
    assert "already done 3" in err
    assert "One more line" in (out / "doc00.txt").read_text("utf-8")
    # other settings: everything again
    assert run_cli("clean", src, "-o", out, "--rules", RULES, "--ignore", "t.follow", "--resume") == 0
    err = capsys.readouterr().err
    assert "cleaning everything again" in err and "already done" not in err
    assert "Follow us" in (out / "doc00.txt").read_text("utf-8")


def _records_by_file(log: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in log.read_text("utf-8").splitlines():
        out.setdefault(json.loads(line)["file"], []).append(line)
    return out


def test_resume_replaces_the_log_records_of_changed_inputs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = _many(tmp_path / "in", 6)
    (src / "junk.txt").write_bytes(b"\x00\x01\x02\x03 not text" * 10)
    out = tmp_path / "out"
    assert run_cli("clean", src, "-o", out, "--rules", RULES, "-q") == 1
    # one input changes, a failed one is fixed, one output is deleted by hand
    (src / "doc00.txt").write_text(article(0) + "[ad_2]\nOne more line of the article.\n", "utf-8")
    (src / "junk.txt").write_text(article(7), "utf-8")
    (out / "doc02.txt").unlink()
    capsys.readouterr()
    assert run_cli("clean", src, "-o", out, "--rules", RULES, "--resume", "-q") == 0
    assert "3 inputs changed since the last run" in capsys.readouterr().err

    fresh = tmp_path / "fresh"
    assert run_cli("clean", src, "-o", fresh, "--rules", RULES, "-q") == 0
    got, want = _records_by_file(out / "removals.jsonl"), _records_by_file(fresh / "removals.jsonl")
    assert got == want  # each input's records once, as a fresh run logs them; no stale error
    for name in ("doc00.txt", "junk.txt", "doc02.txt"):
        removals = removals_of(read_log(out / "removals.jsonl"), name)
        clean = (out / name).read_text("utf-8")
        assert restore(clean, removals) == (src / name).read_text("utf-8")
    # and a further --resume has nothing left to do
    assert run_cli("clean", src, "-o", out, "--rules", RULES, "--resume") == 0
    assert "already done 7" in capsys.readouterr().err


def test_resume_killed_while_replacing_records_cleans_everything_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    src = _many(tmp_path / "in", 4)
    out = tmp_path / "out"
    assert run_cli("clean", src, "-o", out, "--rules", RULES, "-q") == 0
    (src / "doc02.txt").write_text(article(2) + "[ad_3]\n", "utf-8")

    def killed(self: object, log_size: int | None) -> None:  # the log is rewritten, the manifest not yet
        raise KeyboardInterrupt

    monkeypatch.setattr("cleaner.io.manifest.ManifestWriter.checkpoint", killed)
    assert run_cli("clean", src, "-o", out, "--rules", RULES, "--resume", "-q") == 130
    monkeypatch.undo()
    capsys.readouterr()
    assert run_cli("clean", src, "-o", out, "--rules", RULES, "--resume", "-q") == 0
    assert "cleaning everything again" in capsys.readouterr().err
    assert output_tree(out) == _reference(src, tmp_path)


def test_resume_with_bad_files_does_nothing_and_still_reports_them(
    bad_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert run_cli("clean", bad_tree, "-o", out, "--rules", RULES, "-q") == 1
    first_err = capsys.readouterr().err.splitlines()
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    assert run_cli("clean", bad_tree, "-o", out, "--rules", RULES, "--resume", "-q") == 1
    again = capsys.readouterr().err.splitlines()
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == stamps  # nothing written at all
    assert len(again) == 4 and all(
        line.endswith("(unchanged since the last run; not retried)") for line in again
    )
    assert {line.split(" (unchanged")[0] for line in again} <= set(first_err)
    # a changed bad file is retried (here: now readable text)
    (bad_tree / "bad" / "junk.txt").write_text(article(3), "utf-8")
    assert run_cli("clean", bad_tree, "-o", out, "--rules", RULES, "--resume", "-q") == 1
    first, *rest = capsys.readouterr().err.splitlines()
    assert first.startswith("cleaner: --resume: 1 input changed since the last run")
    assert len(rest) == 3
    assert (out / "bad" / "junk.txt").exists()


@pytest.mark.parametrize("resume", [True, False])
def test_an_input_that_now_fails_leaves_no_output_of_an_earlier_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], resume: bool
) -> None:
    """A failed input has no output: the old one would match neither the input nor the log."""
    import gzip

    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "a.txt").write_text(article(1), "utf-8")
    good = gzip.compress(article(2).encode())
    (src / "z.txt.gz").write_bytes(good)
    assert run_cli("clean", src, "-o", out, "--rules", RULES, "-q") == 0
    assert (out / "z.txt.gz").exists()
    (src / "z.txt.gz").write_bytes(good[:40])  # a truncated gzip stream
    extra = ["--resume"] if resume else []
    assert run_cli("clean", src, "-o", out, "--rules", RULES, "-q", *extra) == 1
    assert "z.txt.gz" in capsys.readouterr().err
    assert not (out / "z.txt.gz").exists() and (out / "a.txt").exists()
    records = [json.loads(x) for x in (out / "removals.jsonl").read_text("utf-8").splitlines()]
    assert [r["file"] for r in records if "error" in r] == ["z.txt.gz"]


def test_manifest_keeps_what_a_checkpoint_covers(tmp_path: Path) -> None:
    from cleaner.io.discover import InputFile
    from cleaner.io.kinds import Kind
    from cleaner.io.manifest import ManifestWriter, done_line, failed_line

    src = tmp_path / "in"
    src.mkdir()
    files = []
    for name in ("a.txt", "b.txt", "c.txt"):
        (src / name).write_text(article(1), "utf-8")
        files.append(InputFile(src / name, name, Kind("txt"), 10, 5, 6))
    out = tmp_path / "out"
    out.mkdir()
    w = ManifestWriter(out, "fp", "log")
    w.add(failed_line(files[0], "bad") + done_line(files[1], 7, 0))
    w.checkpoint(123)
    w.add(done_line(files[2], 9, 0))  # finished after the last checkpoint: not kept
    w.close()
    with open(out / MANIFEST_NAME, "ab") as fh:
        fh.write(b'{"log_size": 99')  # a line cut short by a kill
    m = load_manifest(out)
    assert m is not None and (m.fingerprint, m.log, m.log_size) == ("fp", "log", 123)
    assert (
        m.holds("b.txt") and len(m.done) == 1 and m.failure(files[0]) == "bad" and m.failure(files[1]) is None
    )
    # a resumed run continues after the checkpoint; a file done now clears its old failure
    w = ManifestWriter(out, "fp", "log", m)
    w.add(done_line(files[0], 8, 1))
    w.checkpoint(200)
    w.close()
    m2 = load_manifest(out)
    assert (
        m2 is not None
        and m2.holds("a.txt")
        and m2.holds("b.txt")
        and len(m2.done) == 2
        and m2.log_size == 200
    )
    assert m2.failure(files[0]) is None and m2.errors[hash("a.txt")] == 1
    assert b"c.txt" not in (out / MANIFEST_NAME).read_bytes()


def test_manifest_input_paths_are_resolved_like_pathlib(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cleaner.io.discover import InputFile
    from cleaner.io.kinds import Kind
    from cleaner.io.manifest import done_line

    (tmp_path / "real" / "sub").mkdir(parents=True)
    (tmp_path / "real" / "a.txt").write_text("a", "utf-8")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    (tmp_path / "real" / "deep").symlink_to(tmp_path / "elsewhere")
    (tmp_path / "file-link.txt").symlink_to(tmp_path / "real" / "a.txt")
    monkeypatch.chdir(tmp_path)
    for p in ("link/a.txt", "real/deep/../a.txt", "file-link.txt", "real/missing.txt", "a.txt"):
        f = InputFile(Path(p), "a.txt", Kind("txt"))
        assert json.loads(done_line(f, 1, 0))["input"] == str(Path(p).resolve()), p


def test_a_folder_link_pointed_elsewhere_between_two_runs_is_recorded_by_its_new_target(
    tmp_path: Path,
) -> None:
    """Folders' real paths were cached for the life of the process: a second run in the
    same process (a host calling the CLI's main, a test) recorded a re-pointed link's
    inputs under its old target, so --resume would take them for other files."""
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "x.txt").write_text(article(1), "utf-8")
    link = tmp_path / "in"
    link.symlink_to(tmp_path / "a")
    assert run_cli("clean", link, "-o", tmp_path / "out1", "--rules", RULES, "-q") == 0
    link.unlink()
    link.symlink_to(tmp_path / "b")
    assert run_cli("clean", link, "-o", tmp_path / "out2", "--rules", RULES, "-q") == 0
    inputs = [
        json.loads(line)["input"]
        for out in ("out1", "out2")
        for line in (tmp_path / out / MANIFEST_NAME).read_text("utf-8").splitlines()
        if '"done"' in line
    ]
    assert inputs == [str(tmp_path.resolve() / "a" / "x.txt"), str(tmp_path.resolve() / "b" / "x.txt")]


def test_resume_after_a_dedup_run_cleans_everything_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A --resume without --dedup-by does not take the outputs a --dedup-by run wrote as
    'already done': the dedup settings are in the fingerprint."""
    src, out = tmp_path / "in" / "ex.com", tmp_path / "out"
    src.mkdir(parents=True)
    footer = "Shared footer line of the whole site\n"
    (src / "a.txt").write_text(article(1) + footer, "utf-8")
    (src / "b.txt").write_text(article(2) + footer, "utf-8")
    assert run_cli("clean", tmp_path / "in", "-o", out, "--rules", RULES, "--dedup-by", "domain", "-q") == 0
    assert footer not in (out / "ex.com" / "b.txt").read_text("utf-8")
    capsys.readouterr()
    assert run_cli("clean", tmp_path / "in", "-o", out, "--rules", RULES, "--resume", "-q") == 0
    assert "cleaning everything again" in capsys.readouterr().err
    assert (out / "ex.com" / "b.txt").read_text("utf-8").endswith(footer.strip())
    assert "dedup.repeated" not in (out / "removals.jsonl").read_text("utf-8")


def _while_one_runs(
    monkeypatch: pytest.MonkeyPatch, first: tuple[str | Path, ...], second: tuple[str | Path, ...]
) -> int:
    """Run the command ``first`` (it must succeed), and ``second`` while the first cleans
    doc02.txt; the second's exit status."""
    real = cleaner.io.clean_file.clean_file
    codes: list[int] = []

    def meanwhile(c, task):  # type: ignore[no-untyped-def]
        if task.source.rel == "doc02.txt":  # while the first run cleans it, another starts
            monkeypatch.setattr(cleaner.io.clean_file, "clean_file", real)
            codes.append(run_cli(*second))
        return real(c, task)

    monkeypatch.setattr(cleaner.io.clean_file, "clean_file", meanwhile)
    assert run_cli(*first) == 0
    assert len(codes) == 1
    return codes[0]


def test_a_second_run_into_the_same_outdir_is_refused_while_one_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Both runs exited 0: the second truncated the log and replaced the manifest under
    the first, which wrote on at its offsets, leaving a log of NUL bytes and broken lines."""
    src = _many(tmp_path / "in")
    reference = _reference(src, tmp_path)
    out = tmp_path / "out"
    first = ("clean", src, "-o", out, "--rules", RULES, "--jobs", "1", "-q")
    second = ("clean", src / "sub", "-o", out, "--ignore", "whitespace", "-q")
    assert _while_one_runs(monkeypatch, first, second) == 2
    err = capsys.readouterr().err
    assert err == (
        f"cleaner: error: another cleaner clean is writing into the output folder {out}; "
        "wait for it to finish, or choose another output folder\n"
    )
    assert output_tree(out) == reference
    monkeypatch.undo()  # the lock went with the run:
    assert run_cli("clean", src, "-o", out, "--rules", RULES, "--resume", "-q") == 0


def test_a_second_run_into_the_same_log_is_refused_while_one_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two runs into different output folders given one --log (a script that shards the
    input and forgot the log) both exited 0, with each other's records in one file."""
    src = _many(tmp_path / "in")
    log = tmp_path / "shared.jsonl"
    first = ("clean", src, "-o", tmp_path / "out1", "--log", log, "--rules", RULES, "--jobs", "1", "-q")
    second = ("clean", src, "-o", tmp_path / "out2", "--log", log, "-q")
    assert _while_one_runs(monkeypatch, first, second) == 2
    assert capsys.readouterr().err == (
        f"cleaner: error: another cleaner clean is writing the log {log}; "
        "wait for it to finish, or give --log another file\n"
    )
    assert not list((tmp_path / "out2").rglob("*.txt"))  # refused before cleaning anything
    monkeypatch.undo()  # the lock went with the run: the log is the first run's alone
    ref_log = tmp_path / "ref.jsonl"
    assert run_cli("clean", src, "-o", tmp_path / "ref", "--log", ref_log, "--rules", RULES, "-q") == 0
    assert log.read_bytes() == ref_log.read_bytes()


def test_a_log_that_cannot_be_written_leaves_the_manifest_of_the_run_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The ops pass made the log immutable: the run said "cannot write the log" only after
    writing a fresh manifest, so the record of the finished run was gone and --resume
    could not tell what was done."""
    import builtins

    import cleaner.cli.resume as resume

    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "a.txt").write_text(article(1), "utf-8")
    assert run_cli("clean", src, "-o", out, "--rules", RULES, "-q") == 0
    manifest = (out / MANIFEST_NAME).read_bytes()
    log = out / "removals.jsonl"

    def refusing(file: object, mode: str = "r", *args: object, **kw: object) -> object:
        if Path(str(file)) == log and mode != "rb":
            raise PermissionError(1, "Operation not permitted", str(file))
        return builtins.open(file, mode, *args, **kw)  # type: ignore[call-overload]

    monkeypatch.setattr(resume, "open", refusing, raising=False)
    capsys.readouterr()
    assert run_cli("clean", src, "-o", out, "--rules", RULES, "-q") == 2
    assert "cannot write the log" in capsys.readouterr().err
    assert (out / MANIFEST_NAME).read_bytes() == manifest


def _stop_after_log_writes(
    monkeypatch: pytest.MonkeyPatch, n: int, stop: BaseException | type[BaseException]
) -> None:
    """The run stops (``stop`` raised) right after its ``n``-th write of log records,
    before the manifest line of the input they belong to."""
    import cleaner.cli.resume as resume

    real, writes = resume.RunLog.write, []

    def write_then_stop(self: resume.RunLog, data: bytes) -> None:
        real(self, data)
        if data:
            writes.append(data)
            if len(writes) == n:
                raise stop

    monkeypatch.setattr(resume.RunLog, "write", write_then_stop)


@pytest.mark.parametrize("stop", [KeyboardInterrupt, OSError(28, "No space left on device")])
def test_a_stop_between_an_inputs_log_records_and_its_manifest_line_keeps_them_out(
    stop: BaseException | type[BaseException], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last checkpoint, written as the run stops, gave the log's size at that moment:
    it counted the records of an input written to the log whose manifest line was not
    (Ctrl-C, or a full disk, between the two). --resume kept those records and cleaned
    the input again: its records twice in the log (restore fails on them)."""
    src = _many(tmp_path / "in")
    reference = _reference(src, tmp_path)
    out = tmp_path / "out"
    with monkeypatch.context() as m:
        _stop_after_log_writes(m, 5, stop)
        m.setattr("cleaner.cli.clean_cmd.CHECKPOINT_SECONDS", 3600.0)  # the lines wait for the last one
        assert run_cli("clean", src, "-o", out, "--rules", RULES, "--jobs", "1", "-q") in (1, 130)
    manifest = load_manifest(out)
    assert manifest is not None and len(manifest.done) == 4
    assert run_cli("clean", src, "-o", out, "--rules", RULES, "--resume", "--jobs", "1", "-q") == 0
    assert output_tree(out) == reference


def test_records_a_stopped_run_wrote_past_its_checkpoint_go_when_the_resume_writes_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The log is cut back to the last checkpoint only when the resumed run writes to it.
    A stopped run had logged the records of an input it never journaled; that input, now
    edited to need no cleaning (and every other one done), gave the resumed run nothing
    to write: the old records stayed at the end of the log, and restore failed on them."""
    src = _many(tmp_path / "in", 6)
    out = tmp_path / "out"
    with monkeypatch.context() as m:
        _stop_after_log_writes(m, 6, KeyboardInterrupt)
        assert run_cli("clean", src, "-o", out, "--rules", RULES, "--jobs", "1", "-q") == 130
    manifest = load_manifest(out)
    assert manifest is not None and len(manifest.done) == 5
    last = src / "sub" / "doc05.txt"
    assert b'"file": "sub/doc05.txt"' in (out / "removals.jsonl").read_bytes()
    last.write_text(article(5, debris=False).rstrip(), "utf-8")  # nothing to remove
    assert run_cli("clean", src, "-o", out, "--rules", RULES, "--resume", "--jobs", "1", "-q") == 0
    assert b"doc05" not in (out / "removals.jsonl").read_bytes()
    assert run_cli("restore", out, "--check", src) == 0


class _StopAtBytecode:
    """A trace function that raises KeyboardInterrupt before the ``at``-th bytecode run in
    the code of the journal, its manifest writer and the removal log (counted from when it
    is set): a signal's handler (Ctrl-C, SIGTERM, SIGHUP) raises between two bytecodes of
    the main thread, wherever it was. Python unsets a trace function that raises, so the
    stop comes once."""

    WATCHED = (cleaner.cli.resume.__file__, cleaner.io.manifest.__file__)

    def __init__(self, at: int) -> None:
        self.at, self.seen, self.fired = at, 0, False

    def __call__(self, frame: FrameType, event: str, arg: object) -> object:
        if frame.f_code.co_filename not in self.WATCHED:
            return None
        frame.f_trace_opcodes = True
        return self._bytecode

    def _bytecode(self, frame: FrameType, event: str, arg: object) -> object:
        if event == "opcode":
            if self.seen == self.at:
                self.fired = True
                raise KeyboardInterrupt
            self.seen += 1
        return self._bytecode

    @contextlib.contextmanager
    def tracing(self) -> Iterator[None]:
        previous = sys.gettrace()
        sys.settrace(self)
        try:
            yield
        finally:
            sys.settrace(previous)


def _record(name: str) -> bytes:
    return json.dumps({"file": name, "rule": "r", "start": 0, "end": 1, "text": name}).encode() + b"\n"


def _journaled(out: Path, names: list[str], resume: bool, every: float, stop: _StopAtBytecode | None) -> None:
    """What an engine does with the inputs ``names`` as they finish, in input order: their
    log records, then their manifest lines, then a checkpoint if one is due; a forced one
    at the end, whatever stopped the run. ``stop``: a stop that lands anywhere in it."""
    log_path = out / "removals.jsonl"
    journal = cleaner.cli.resume.Journal.start(out, log_path, "fp", resume, lambda: iter(()))
    log = cleaner.cli.resume.RunLog(log_path, journal.keep)
    with stop.tracing() if stop is not None else contextlib.nullcontext():
        try:
            try:
                for name in names:
                    log.write(_record(name))
                    line = {"done": name, "input": f"/in/{name}", "size": 1, "mtime_ns": 1, "output_size": 1}
                    journal.add(json.dumps({**line, "errors": 0}).encode() + b"\n", log)
                    journal.checkpoint(log, every)
            finally:
                try:
                    journal.checkpoint(log, every, force=True)
                finally:
                    log.close()
                    journal.close()
        except KeyboardInterrupt:
            pass
    log.close()  # again: the stop may have come before they were closed (a process exits then)
    journal.close()


# a stop between open() and the assignment of the file it opened leaves that file (unwritten)
# to the garbage collector, which warns; a stopped process exits then
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.parametrize("every", [0.0, 3600.0])
@pytest.mark.parametrize("resume", [False, True])
def test_a_stop_anywhere_in_the_journal_leaves_a_checkpoint_that_covers_its_inputs_records(
    tmp_path: Path, resume: bool, every: float
) -> None:
    """A checkpoint gave the log size noted as the last lines were added, and the lines
    went to the manifest writer a step before the size was noted: a stop between the two
    (SIGTERM to a loaded machine's run, once in CI) saved a checkpoint counting those
    inputs as done with the log size of the lines before, 0 for the first ones. --resume
    cut their records from the log and skipped them: records lost, restore broken. A stop
    before any bytecode of the journal's and the log's code must leave a manifest whose
    inputs are a run of the first ones and whose log size is exactly their records."""
    names = [f"doc{i}.txt" for i in range(4)]
    done_before = names[:1] if resume else []
    at = 0
    while True:
        out = tmp_path / f"out{at}"
        out.mkdir()
        if done_before:
            _journaled(out, done_before, False, every, None)
        stop = _StopAtBytecode(at)
        _journaled(out, names[len(done_before) :], resume, every, stop)
        if not stop.fired:
            break
        manifest = load_manifest(out)
        assert manifest is not None
        done = [name for name in names if manifest.holds(name)]
        assert done == names[: len(done)] and len(done) >= len(done_before), at
        log = (out / "removals.jsonl").read_bytes()
        assert log[: manifest.log_size] == b"".join(map(_record, done)), at
        at += 1
    assert at > 100  # the stop landed in every step of the journal


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_stop_just_after_the_manifest_takes_the_first_lines_loses_no_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    """SIGTERM to the process group of `clean --jobs 2` on a loaded CI machine landed just
    after the first batch's manifest lines were written, before the log size that covers
    them was noted: the last checkpoint gave them log size 0, and --resume cut their
    records from the log and skipped them (the log began with the next batch)."""
    src = _many(tmp_path / "in")
    reference = _reference(src, tmp_path)
    out = tmp_path / "out"
    real = cleaner.io.manifest.ManifestWriter.add

    def add_then_stop(self: cleaner.io.manifest.ManifestWriter, lines: bytes) -> None:
        real(self, lines)
        if b'"done"' in lines:
            raise KeyboardInterrupt

    with monkeypatch.context() as m:
        m.setattr(cleaner.io.manifest.ManifestWriter, "add", add_then_stop)
        m.setattr("cleaner.cli.clean_cmd.CHECKPOINT_SECONDS", 0.0)
        assert run_cli("clean", src, "-o", out, "--rules", RULES, "--jobs", str(jobs), "-q") == 130
    log = (out / "removals.jsonl").read_bytes()
    manifest = load_manifest(out)
    assert manifest is not None and reference["removals.jsonl"].startswith(log)
    records = reference["removals.jsonl"].splitlines(keepends=True)  # the stop left all of them
    assert log[: manifest.log_size] == b"".join(r for r in records if manifest.holds(json.loads(r)["file"]))
    assert run_cli("clean", src, "-o", out, "--rules", RULES, "--resume", "--jobs", str(jobs), "-q") == 0
    assert output_tree(out) == reference
    assert run_cli("restore", out, "--check", src) == 0


def test_a_resume_replaces_the_records_of_standard_input_instead_of_adding_them_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # standard input is cleaned on every run (it is never journaled): the records the run
    # before wrote for it, below the log size the resume keeps, must go
    import io

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(article(0), "utf-8")
    given = "Read on standard input.   \n\n\n\nAnd a second line.  \n"
    out = tmp_path / "out"
    counts = []
    for resume in ((), ("--resume",), ("--resume",)):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(given.encode("utf-8"))))
        assert run_cli("clean", "-", src, "-o", out, "--rules", RULES, "-q", *resume) == 0
        log = list(read_log(out / "removals.jsonl"))
        counts.append((len(removals_of(log, "-", None)), len(removals_of(log, "a.txt", None))))
    assert counts[0][0] > 0 and counts[0] == counts[1] == counts[2], counts


def test_an_input_whose_output_clashed_is_cleaned_once_the_other_input_is_gone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """page.txt failed because page.html, cleaned first, writes page.txt. With page.html
    gone, --resume took page.txt for changed (its output now belongs to no input), took
    its error out of the log and the manifest, and then passed over it as "unchanged
    since the last run; not retried": out/page.txt stayed the page's text, and page.txt
    was neither cleaned nor reported as failed in the log."""
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "page.txt").write_text(article(1), "utf-8")
    (src / "page.html").write_text(HTML, "utf-8")
    assert run_cli("clean", src, "-o", out, "--rules", RULES, "-q") == 1
    assert "its output page.txt would overwrite the output of" in capsys.readouterr().err
    (src / "page.html").unlink()
    assert run_cli("clean", src, "-o", out, "--rules", RULES, "-q", "--resume") == 0
    capsys.readouterr()
    ref = tmp_path / "ref"
    assert run_cli("clean", src, "-o", ref, "--rules", RULES, "-q") == 0
    assert (out / "page.txt").read_bytes() == (ref / "page.txt").read_bytes()
    assert run_cli("restore", out, "--check", src) == 0
    assert "1  identical to the input" in capsys.readouterr().err
    assert run_cli("clean", src, "-o", out, "--rules", RULES, "-q", "--resume") == 0  # finished
    assert capsys.readouterr().err == ""


def test_an_input_cleaned_into_one_output_and_clashing_in_another_is_done_on_resume(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder named beside its parent gives each of its files two outputs: in/sub/b.txt
    is cleaned into sub/b.txt and clashes as b.txt with in/b.txt. The manifest records
    the file's failure by its path, so --resume took the output it had finished for that
    failure too: it was reported as failed ("unchanged since the last run; not
    retried") instead of already done, and the resumed summary was not the run's."""
    src, out = tmp_path / "in", tmp_path / "out"
    (src / "sub").mkdir(parents=True)
    (src / "b.txt").write_text(article(1), "utf-8")
    (src / "sub" / "b.txt").write_text(article(2), "utf-8")
    argv = ["clean", src, src / "sub", "-o", out, "--rules", RULES, "-j", "1"]
    assert run_cli(*argv, "-q") == 1
    clash = capsys.readouterr().err
    assert clash.count("would overwrite the output of") == 1
    assert run_cli(*argv, "--resume") == 1
    err = capsys.readouterr().err
    assert err.count("(unchanged since the last run; not retried)") == 1
    assert "failed 1, already done 2)" in err


def test_a_clashing_input_that_changed_keeps_one_error_record_on_resume(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """page.txt is not cleaned: page.html, before it, writes page.txt. The clash does not
    depend on what page.txt holds, but once page.txt changed, --resume took its failure
    for one to redo, and (a clash being left out of the inputs whose records are taken
    out of the log) added a second error record for it: not the log of an uninterrupted
    run. A link in IN to the run's own log (refused, its target rewritten by every run)
    added one more record on every --resume of a finished job."""
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "page.html").write_text(HTML, "utf-8")
    (src / "page.txt").write_text(article(1), "utf-8")
    (src / "log.jsonl").symlink_to(out / "removals.jsonl")
    argv = ["clean", src, "-o", out, "--rules", RULES, "-j", "1", "-q"]
    assert run_cli(*argv) == 1
    (src / "page.txt").write_text(article(2), "utf-8")
    assert run_cli(*argv, "--resume") == 1
    capsys.readouterr()
    errors = [r["file"] for r in read_log(out / "removals.jsonl") if "error" in r]
    assert sorted(errors) == ["log.jsonl", "page.txt"]
    finished = output_tree(out)
    assert run_cli(*argv, "--resume") == 1  # a finished job: nothing written
    assert output_tree(out) == finished
    err = capsys.readouterr().err
    assert err.count("page.txt would overwrite the output of") == 1
