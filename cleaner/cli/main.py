# Entry point of the `cleaner` command: builds the argument parser from the
# subcommand modules and maps CleanerError to exit 2, Ctrl-C to 130, SIGTERM to 143,
# SIGHUP to 129, a closed pipe to 141.
"""`cleaner` entry point."""

from __future__ import annotations

import argparse
import importlib
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from types import FrameType

__all__ = ["build_parser", "main", "raise_if_stopped"]

#: subcommand modules under cleaner.cli; each has register(subparsers)
COMMAND_MODULES: tuple[str, ...] = (
    "clean_cmd",
    "restore_cmd",
    "explain_cmd",
    "stats_cmd",
    "rules_cmd",
    "mine_cmd",
)


def build_parser() -> argparse.ArgumentParser:
    from cleaner import __version__

    parser = argparse.ArgumentParser(
        prog="cleaner",
        description="Clean scraped web text and log exactly what was removed.",
    )
    parser.add_argument("--version", action="version", version=f"cleaner {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"cleaner.cli.{name}").register(sub)
    return parser


class Terminated(BaseException):
    """SIGTERM arrived (``kill``, ``docker stop``, a job scheduler's time limit), or
    SIGHUP (the terminal or ssh session of the run closed). A BaseException, like
    KeyboardInterrupt, so that nothing that catches Exception takes it for a failed file:
    the run stops as on Ctrl-C, its finished inputs recorded."""

    def __init__(self, signum: int = signal.SIGTERM) -> None:
        super().__init__(signum)
        self.signum = signum


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise Terminated(signum)


#: the stops (signal numbers) whose exception a finalizer swallowed, not raised yet
_swallowed: list[int] = []


def _keep_stops(
    previous: Callable[[sys.UnraisableHookArgs], object],
) -> Callable[[sys.UnraisableHookArgs], None]:
    """The sys.unraisablehook while a command runs: a Terminated or KeyboardInterrupt that
    Python could not raise (the signal's handler ran in a ``__del__``, which it cannot
    leave by an exception) is kept for :func:`raise_if_stopped`, not printed and lost;
    anything else goes to the ``previous`` hook."""

    def hook(unraisable: sys.UnraisableHookArgs) -> None:
        exc = unraisable.exc_value
        if isinstance(exc, Terminated):
            _swallowed.append(exc.signum)
        elif isinstance(exc, KeyboardInterrupt):
            _swallowed.append(signal.SIGINT)
        else:
            previous(unraisable)

    return hook


def raise_if_stopped() -> None:
    """Raise the stop (Ctrl-C, SIGTERM, SIGHUP) that came while a finalizer ran, if one
    did: a long command calls this between its units of work, so that such a stop ends it
    as any other does, instead of being ignored."""
    if _swallowed:
        signum = _swallowed[0]
        _swallowed.clear()
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        raise Terminated(signum)


#: the signals that stop a command as Ctrl-C does; SIGHUP only where there is one
TERMINATING_SIGNALS: tuple[signal.Signals, ...] = (signal.SIGTERM,) + (
    (signal.SIGHUP,) if hasattr(signal, "SIGHUP") else ()
)


@contextmanager
def _termination_stops() -> Iterator[None]:
    """SIGTERM and SIGHUP raise Terminated in the main thread while the command runs, so
    the ``finally`` blocks run (the manifest's checkpoint, the worker pool's shutdown);
    their default would kill the process at once, leaving the workers behind. A signal
    the command was started ignoring (``nohup`` ignores SIGHUP) stays ignored. A stop
    raised in a finalizer is kept for :func:`raise_if_stopped`."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = {sig: signal.getsignal(sig) for sig in TERMINATING_SIGNALS}
    old_hook = sys.unraisablehook
    for sig, handler in old.items():
        if handler != signal.SIG_IGN:
            signal.signal(sig, _terminate)
    _swallowed.clear()
    sys.unraisablehook = _keep_stops(old_hook)
    try:
        yield
    finally:
        sys.unraisablehook = old_hook
        _swallowed.clear()
        for sig, handler in old.items():
            signal.signal(sig, handler)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        parser = build_parser()  # imports the command modules: a Ctrl-C may come meanwhile
    except KeyboardInterrupt:
        print("cleaner: interrupted", file=sys.stderr)
        return 130
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    from cleaner.cli.style import one_line
    from cleaner.errors import CleanerError

    try:
        with _termination_stops():
            return int(args.run(args) or 0)
    except CleanerError as exc:
        print(f"cleaner: error: {one_line(str(exc))}", file=sys.stderr)  # it names a file
        return 2
    except KeyboardInterrupt:
        print("cleaner: interrupted", file=sys.stderr)
        return 130
    except Terminated as stop:
        print(f"cleaner: terminated ({signal.Signals(stop.signum).name})", file=sys.stderr)
        return 128 + stop.signum  # as a shell reports a command killed by it: 143, 129
    except BrokenPipeError:  # the reader of standard output went away (`| head`): stop quietly
        _silence_stdout()
        return 141  # 128 + SIGPIPE, as a shell reports a command killed by it
    except OSError as exc:  # a file the run had to write (disk full, a folder gone): say which
        from cleaner.io.discover import os_reason

        where = f"{exc.filename}: " if exc.filename else ""
        print(f"cleaner: error: {one_line(where + os_reason(exc))}", file=sys.stderr)
        return 1


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so the flush at exit does not fail again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file descriptor (a test's capture)
        pass


if __name__ == "__main__":
    sys.exit(main())
