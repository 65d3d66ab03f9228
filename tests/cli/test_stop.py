# Tests of a `cleaner clean` stopped by a signal (Ctrl-C to the process group, SIGTERM,
# SIGHUP, SIGKILL of the command): one line and the documented exit status, no worker left
# behind, and a --resume that ends with the outputs and log of an uninterrupted run.
from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from clihelp import RULES, article, in_fresh_process, output_tree, run_cli

import cleaner.parallel
from cleaner.io.manifest import load_manifest
from cleaner.io.writers import TEMP_PREFIX
from cleaner.parallel import map_ordered

# The command, run in a new session with batches of two files, sends itself SIG once,
# from the AT-th file a process cleans: to the main process ("main", as `kill PID` does),
# or to the whole process group ("group", as Ctrl-C on a terminal does), or to the main
# process from an object's finalizer ("finalizer": the handler's exception cannot
# propagate from a __del__, as from a regex pattern's or a file's). A latch file
# makes it once, whichever worker gets there first.
_SCRIPT = """
import os, signal, sys
import cleaner.cli.clean_cmd as cmd, cleaner.io.batches as batches, cleaner.io.clean_file as cf
from cleaner.cli.main import main
latch, sig, who, at, *args = sys.argv[1:]
cmd.CHECKPOINT_SECONDS = 0.0
batches.BATCH_MAX_FILES = 2
MAIN, real, n = os.getpid(), cf.clean_file, [0]
class Finalized:
    def __del__(self):
        os.kill(MAIN, int(sig))
        sum(range(1000))  # the signal's handler runs here, in the finalizer
def clean_file(c, task):
    n[0] += 1
    if n[0] == int(at):
        try:
            os.close(os.open(latch, os.O_CREAT | os.O_EXCL))
        except FileExistsError:
            pass
        else:
            if who == "finalizer":
                Finalized()  # dropped at once: its __del__ sends the signal
            else:
                (os.killpg if who == "group" else os.kill)(0 if who == "group" else MAIN, int(sig))
    return real(c, task)
cf.clean_file = clean_file
sys.exit(main(args))
"""


def _inputs(root: Path, n: int = 30) -> Path:
    for i in range(n):
        folder = root / f"part{i % 3}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"doc{i:02}.txt").write_text(article(i), "utf-8")
    return root


def _stopped_run(tmp_path: Path, src: Path, out: Path, sig: int, who: str, jobs: int) -> tuple[int, str]:
    args = ["clean", str(src), "-o", str(out), "--rules", str(RULES), "--jobs", str(jobs), "-q"]
    err = tmp_path / "stderr.txt"
    with open(err, "wb") as fh:  # a file, not a pipe: a worker left behind cannot hang the test
        proc = subprocess.run(
            [sys.executable, "-c", _SCRIPT, str(tmp_path / "latch"), str(int(sig)), who, "4", *args],
            stdout=subprocess.DEVNULL,
            stderr=fh,
            start_new_session=True,  # a signal to the group reaches the command and its workers only
            check=False,
            timeout=300,
        )
    assert (tmp_path / "latch").exists()  # the signal was sent
    return proc.returncode, err.read_text("utf-8")


@pytest.mark.parametrize(
    ("sig", "who", "jobs", "code", "message"),
    [
        (signal.SIGINT, "group", 2, 130, "cleaner: interrupted\n"),
        (signal.SIGINT, "group", 1, 130, "cleaner: interrupted\n"),
        (signal.SIGTERM, "main", 2, 143, "cleaner: terminated (SIGTERM)\n"),
        (signal.SIGTERM, "group", 2, 143, "cleaner: terminated (SIGTERM)\n"),
        (signal.SIGTERM, "main", 1, 143, "cleaner: terminated (SIGTERM)\n"),
        (signal.SIGHUP, "group", 2, 129, "cleaner: terminated (SIGHUP)\n"),  # the ssh session closed
        (signal.SIGHUP, "main", 1, 129, "cleaner: terminated (SIGHUP)\n"),
    ],
)
def test_a_stopped_run_says_so_in_one_line_and_resumes_to_the_same_bytes(
    tmp_path: Path, sig: signal.Signals, who: str, jobs: int, code: int, message: str
) -> None:
    src = _inputs(tmp_path / "in")
    ref = tmp_path / "ref"
    assert run_cli("clean", src, "-o", ref, "--rules", RULES, "--jobs", "1", "-q") == 0
    reference = output_tree(ref)
    out = tmp_path / "out"

    assert _stopped_run(tmp_path, src, out, sig, who, jobs) == (code, message)  # no worker traceback
    got = output_tree(out)
    assert not [name for name in got if TEMP_PREFIX in name]
    assert all(data == reference[name] for name, data in got.items() if name != "removals.jsonl")
    log = got["removals.jsonl"]
    manifest = load_manifest(out)
    assert manifest is not None and len(manifest.done) < 30
    assert reference["removals.jsonl"].startswith(log) and manifest.log_size <= len(log)
    # the last checkpoint covers the records of the inputs it counts done, and no others
    # (once, a SIGTERM on a loaded machine left the first batch done with log size 0)
    records = reference["removals.jsonl"].splitlines(keepends=True)
    assert log[: manifest.log_size] == b"".join(r for r in records if manifest.holds(json.loads(r)["file"]))
    if jobs == 1:  # stopped in the 4th file: three done, and nothing else written
        assert len(manifest.done) == 3 and manifest.log_size == len(log)
        assert all(manifest.holds(name) for name in got if name != "removals.jsonl") and len(got) == 4

    assert run_cli("clean", src, "-o", out, "--rules", RULES, "--jobs", str(jobs), "--resume", "-q") == 0
    assert output_tree(out) == reference


@pytest.mark.parametrize(
    ("sig", "code", "message"),
    [
        (signal.SIGTERM, 143, "cleaner: terminated (SIGTERM)\n"),
        (signal.SIGINT, 130, "cleaner: interrupted\n"),
    ],
)
def test_a_signal_that_lands_in_a_finalizer_still_stops_the_run(
    tmp_path: Path, sig: signal.Signals, code: int, message: str
) -> None:
    """Python cannot raise an exception out of a __del__: it prints "Exception ignored" and
    goes on. A stop that lands there is not lost: the run stops after the file in hand, in
    one line, as for any other stop, and --resume finishes it."""
    src = _inputs(tmp_path / "in")
    ref = tmp_path / "ref"
    assert run_cli("clean", src, "-o", ref, "--rules", RULES, "--jobs", "1", "-q") == 0
    out = tmp_path / "out"
    assert _stopped_run(tmp_path, src, out, sig, "finalizer", 1) == (code, message)
    manifest = load_manifest(out)
    assert manifest is not None and len(manifest.done) == 4  # the file in hand finished, then stopped
    assert run_cli("clean", src, "-o", out, "--rules", RULES, "--jobs", "1", "--resume", "-q") == 0
    assert output_tree(out) == output_tree(ref)


def test_a_stopped_run_says_how_far_it_got_and_how_to_go_on(tmp_path: Path) -> None:
    src, out = _inputs(tmp_path / "in"), tmp_path / "out"
    args = ["clean", str(src), "-o", str(out), "--rules", str(RULES), "--jobs", "1"]  # not -q
    stop = [str(tmp_path / "latch"), str(int(signal.SIGTERM)), "main", "4"]
    proc = subprocess.run(
        [sys.executable, "-c", _SCRIPT, *stop, *args],
        capture_output=True,
        start_new_session=True,
        check=False,
        timeout=300,
    )
    assert proc.returncode == 143
    assert proc.stderr.decode().splitlines() == [
        f"cleaner: stopped after 3 inputs; {out} records them, and the same command with --resume "
        "goes on from there",
        "cleaner: terminated (SIGTERM)",
    ]


def test_a_run_under_nohup_goes_on_after_sighup(tmp_path: Path) -> None:
    src = _inputs(tmp_path / "in")
    ref = tmp_path / "ref"
    assert run_cli("clean", src, "-o", ref, "--rules", RULES, "--jobs", "1", "-q") == 0
    script = _SCRIPT.replace("latch, sig,", "signal.signal(signal.SIGHUP, signal.SIG_IGN)\nlatch, sig,")
    args = ["clean", str(src), "-o", str(tmp_path / "out"), "--rules", str(RULES), "--jobs", "2", "-q"]
    proc = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "latch"), str(int(signal.SIGHUP)), "group", "4", *args],
        capture_output=True,
        start_new_session=True,
        check=False,
        timeout=300,
    )
    assert (tmp_path / "latch").exists() and (proc.returncode, proc.stderr) == (0, b"")
    assert output_tree(tmp_path / "out") == output_tree(ref)


def test_workers_die_with_a_killed_command(tmp_path: Path) -> None:
    """kill -9 of the command (the OOM killer, say) left its workers waiting for tasks
    forever, holding its standard error: `cleaner clean ... 2>&1 | tee` never ended."""
    src = _inputs(tmp_path / "in")
    script = _SCRIPT.replace(
        "cmd.CHECKPOINT_SECONDS = 0.0",
        "cmd.CHECKPOINT_SECONDS = 0.0\nimport cleaner.parallel as par; par.PARENT_POLL_SECONDS = 0.05",
    )
    args = ["clean", str(src), "-o", str(tmp_path / "out"), "--rules", str(RULES), "--jobs", "2", "-q"]
    # through a pipe: communicate() returns once every process holding it has gone
    proc = subprocess.Popen(
        [sys.executable, "-c", script, str(tmp_path / "latch"), str(int(signal.SIGKILL)), "main", "4", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        _, err = proc.communicate(timeout=120)
    finally:
        with contextlib.suppress(ProcessLookupError):  # whatever is left of it
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == -signal.SIGKILL and err == b""
    assert run_cli("clean", src, "-o", tmp_path / "out", "--rules", RULES, "--resume", "-q") == 0


def _dispositions(c: object, item: int) -> tuple[int, ...]:
    return tuple(int(signal.getsignal(sig)) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP))  # type: ignore[arg-type]


def _workers_dispositions(fork: bool) -> tuple[list[list[int]], bool]:
    """The stop signals' dispositions in each task of a pool that forked its workers, or
    not; and whether this process's SIGINT handler is still Python's own after."""
    real = cleaner.parallel._use_fork
    cleaner.parallel._use_fork = lambda: fork  # type: ignore[assignment]
    try:
        out = list(map_ordered(_dispositions, range(8), object(), 2))  # type: ignore[arg-type]
    finally:
        cleaner.parallel._use_fork = real  # type: ignore[assignment]
    return [list(o) for o in out], signal.getsignal(signal.SIGINT) is signal.default_int_handler


@pytest.mark.parametrize("fork", [True, False])
def test_workers_leave_ctrl_c_and_sigterm_to_the_parent(fork: bool) -> None:
    """Ctrl-C reaches every process of the group: a worker waiting for a task printed a
    traceback of its own, and one cleaning a file sent its KeyboardInterrupt back."""
    if fork and not sys.platform.startswith("linux"):
        pytest.skip("fork is used on Linux only")
    # fork: from a fresh process, as cleaner.parallel forks only a process with one
    # thread; this one has threads if a test before this one imported pandas or dask
    if fork:
        out, own = in_fresh_process("test_stop", "_workers_dispositions", True)
    else:
        out, own = _workers_dispositions(False)
    assert len(out) == 8 and {tuple(o) for o in out} == {(int(signal.SIG_IGN),) * 3}
    assert own  # the parent's own is untouched


def test_ctrl_c_while_the_command_starts_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A Ctrl-C in the first tenth of a second, while the command modules were imported,
    printed a KeyboardInterrupt traceback instead of the usual line."""
    import cleaner.cli.main as cli_main

    def interrupted(name: str) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli_main.importlib, "import_module", interrupted)
    try:
        code = cli_main.main(["clean", "--help"])
    except KeyboardInterrupt:
        pytest.fail("the KeyboardInterrupt came out of main()")
    assert code == 130
    assert capsys.readouterr().err == "cleaner: interrupted\n"
