# The progress bar of a run: files, megabytes, rate and ETA on a terminal (rich,
# imported only then), and nothing at all when standard error is not a terminal.
"""Progress reporting for ``cleaner clean``."""

from __future__ import annotations

import sys
from types import TracebackType
from typing import Any

__all__ = ["Progress"]


class Progress:
    """``with Progress(total_files, total_bytes) as p: p.advance(nbytes)``.

    Shows a bar on standard error when it is a terminal (or ``enabled=True``);
    otherwise every call does nothing.
    """

    def __init__(self, total_files: int, total_bytes: int, enabled: bool | None = None) -> None:
        self.total_files = total_files
        self.total_bytes = max(total_bytes, 1)
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._bar: Any = None
        self._task: Any = None
        self._files = 0

    @staticmethod
    def wanted() -> bool:
        """Whether a bar would be shown (standard error is a terminal)."""
        return sys.stderr.isatty()

    def __enter__(self) -> Progress:
        if not self.enabled:
            return self
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            TextColumn,
            TimeRemainingColumn,
            TransferSpeedColumn,
        )
        from rich.progress import Progress as RichProgress

        self._bar = RichProgress(
            TextColumn("{task.fields[files]}/{task.fields[total_files]} files"),
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=Console(file=sys.stderr),
            transient=True,
        )
        self._bar.__enter__()
        self._task = self._bar.add_task(
            "clean", total=self.total_bytes, files=0, total_files=self.total_files
        )
        return self

    def advance(self, nbytes: int, files: int = 1) -> None:
        if self._bar is None:
            return
        self._files += files
        self._bar.update(self._task, advance=nbytes, files=self._files)

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._bar is not None:
            self._bar.__exit__(exc_type, exc, tb)
            self._bar = None
