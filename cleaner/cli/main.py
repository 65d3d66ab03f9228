# Entry point of the `cleaner` command: builds the argument parser from the
# subcommand modules and maps CleanerError to exit 2, Ctrl-C to 130, SIGTERM to 143, a
# closed pipe to 141.
"""`cleaner` entry point."""

from __future__ import annotations

import argparse
import importlib
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import FrameType

__all__ = ["build_parser", "main"]

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
    """SIGTERM arrived (``kill``, ``docker stop``, a job scheduler's time limit). A
    BaseException, like KeyboardInterrupt, so that nothing that catches Exception takes it
    for a failed file: the run stops as on Ctrl-C, its finished inputs recorded."""


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise Terminated


@contextmanager
def _sigterm_stops() -> Iterator[None]:
    """SIGTERM raises Terminated in the main thread while the command runs, so the
    ``finally`` blocks run (the manifest's checkpoint, the worker pool's shutdown); its
    default would kill the process at once, leaving the workers behind."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    from cleaner.errors import CleanerError

    try:
        with _sigterm_stops():
            return int(args.run(args) or 0)
    except CleanerError as exc:
        print(f"cleaner: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("cleaner: interrupted", file=sys.stderr)
        return 130
    except Terminated:
        print("cleaner: terminated (SIGTERM)", file=sys.stderr)
        return 143  # 128 + SIGTERM, as a shell reports a command killed by it
    except BrokenPipeError:  # the reader of standard output went away (`| head`): stop quietly
        _silence_stdout()
        return 141  # 128 + SIGPIPE, as a shell reports a command killed by it
    except OSError as exc:  # a file the run had to write (disk full, a folder gone): say which
        from cleaner.io.discover import os_reason

        where = f"{exc.filename}: " if exc.filename else ""
        print(f"cleaner: error: {where}{os_reason(exc)}", file=sys.stderr)
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
