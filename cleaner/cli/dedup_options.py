# The keep-one-copy options of `cleaner clean` (--dedup-by, --dedup-unit, --dedup-min-chars)
# and the in-order run they need: one Deduper shared by every document, in input order.
"""Options and run loop for ``cleaner clean --dedup-by``.

Deduplication across documents depends on their order, so with ``--dedup-by`` the
inputs are cleaned one after another in this process, in input order (files in the
order given, folders sorted by path, records in file order), and ``--jobs`` is not
used: the same inputs always give the same output. The Deduper gets the run's Cleaner,
which cleans a document again after each removal (see :mod:`cleaner.dedup`).

With ``--resume``, the inputs the stopped run finished are skipped but not forgotten:
in their turn, :meth:`DedupRun.remember` reads back what each of their documents kept
from its output (:mod:`cleaner.cli.dedup_resume`) and tells the Deduper, under the group
this run gives the document, so the rest is deduplicated as in one uninterrupted run.
The journal takes the finished inputs up only while they still come first, unchanged
(:class:`cleaner.cli.resume.Journal`, ``in_order``); else everything is cleaned again.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

__all__ = ["DEDUP_BY", "DedupRun", "add_dedup_options", "dedup_run"]

#: how documents are grouped for deduplication
DEDUP_BY = ("domain", "folder", "field", "all")

T = TypeVar("T")
R = TypeVar("R")


def add_dedup_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("keep one copy (cross-document deduplication)")
    g.add_argument(
        "--dedup-by",
        choices=DEDUP_BY,
        help="within each group (domain of the record's url, or of a folder named like a host; "
        "the folder; the value of the record field --dedup-field, a URL standing for its host; "
        "or all inputs), keep the first copy of a repeated line or paragraph and remove later "
        "copies, logged as dedup.repeated; after a removal the document is cleaned again, so "
        "cleaning the output again changes nothing. Runs in input order in one process (--jobs "
        "is ignored) so the result is deterministic; --resume reads what the inputs a stopped "
        "run finished kept back from their outputs",
    )
    g.add_argument(
        "--dedup-field",
        metavar="NAME",
        help="with --dedup-by field: the JSONL record field to group by (plain-text files are "
        "grouped by their folder, as cleaner mine --by field does)",
    )
    g.add_argument(
        "--dedup-unit",
        choices=("line", "paragraph"),
        help="what is compared: a non-blank line (default) or a blank-line separated paragraph",
    )
    g.add_argument(
        "--dedup-min-chars",
        type=int,
        metavar="N",
        help="leave units shorter than N characters alone (default 0: every unit)",
    )


#: what ``_Bound.clean`` gets as ``group`` when it cleans a whole file, not a JSONL record
_WHOLE_FILE = object()


class _Bound:
    """A Cleaner stand-in for one input file: cleans with the real cleaner, then
    removes what earlier documents of the same group already had."""

    def __init__(self, run: DedupRun, cleaner: Any, path: Path | None, rel: str | None = None) -> None:
        self._run = run
        self._cleaner = cleaner
        self._path = path
        self._rel = rel  # the path below the input named on the command line
        #: the record field a JSONL reader must hand to ``clean(..., group=...)``
        self.group_field = run.field

    def _group(self, source: str | None, value: object = _WHOLE_FILE) -> str:
        from cleaner.mine.corpus import NO_GROUP, field_group, folder_host, host_of

        by = self._run.by
        if by == "all":
            return "all"
        if by == "field" and value is not _WHOLE_FILE:
            return field_group(value)
        if by in ("folder", "field"):  # a plain-text file in field mode: its folder
            return self._path.parent.as_posix() if self._path is not None else "-"
        host = host_of(source)
        if host is None and self._path is not None:
            host = folder_host(self._path, len(Path(self._rel).parts) if self._rel else 1)
        return host or NO_GROUP

    def _dedup(self, result: Any, source: str | None, value: object = _WHOLE_FILE) -> Any:
        return self._run.deduper.apply(result, self._group(source, value))

    def clean(self, text: str, source: str | None = None, group: object = _WHOLE_FILE) -> Any:
        """Clean one document; the JSONL reader passes ``group``, the value of the
        record's ``group_field`` (None when the record lacks it)."""
        return self._dedup(self._cleaner.clean(text, source=source), source, group)

    def clean_bytes(self, *args: Any, **kwargs: Any) -> Any:
        result = self._cleaner.clean_bytes(*args, **kwargs)
        return self._dedup(result, result.source)

    def clean_html(self, *args: Any, group: object = _WHOLE_FILE, **kwargs: Any) -> Any:
        """Clean one page; the JSONL reader of ``--html-field`` passes ``group`` as for
        :meth:`clean`."""
        result = self._cleaner.clean_html(*args, **kwargs)
        return self._dedup(result, result.source, group)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cleaner, name)


class DedupRun:
    """The state of one ``--dedup-by`` run: one Deduper for all inputs, in order."""

    def __init__(self, by: str, unit: str, min_chars: int, field: str | None = None) -> None:
        self.by = by
        self.field = field  # the record field of --dedup-by field
        self.unit = unit
        self.min_chars = min_chars
        self._deduper: Any = None

    def options(self) -> dict[str, object]:
        """What the run does, for the manifest's fingerprint: a ``--resume`` with other
        dedup settings (or none) cleans everything again, as for any other setting."""
        return {"by": self.by, "field": self.field, "unit": self.unit, "min_chars": self.min_chars}

    @property
    def deduper(self) -> Any:
        if self._deduper is None:
            raise RuntimeError("DedupRun.map has not started")
        return self._deduper

    def _start(self, cleaner: Any) -> None:
        from cleaner.dedup import Deduper

        if self._deduper is None:  # the cleaner cleans each document again after a removal
            self._deduper = Deduper(self.unit, self.min_chars, cleaner=cleaner)

    def map(self, fn: Callable[[Any, T], R], tasks: Iterable[T], cleaner: Any) -> Iterator[R]:
        """``fn(cleaner, task)`` for each task, in order, in this process; the cleaner
        each call gets is bound to the task's input file (``task.source.path``). What the
        documents of an input that fails (``failed`` outcome, no output) kept is forgotten."""
        self._start(cleaner)
        for task in tasks:
            source = getattr(task, "source", None)
            self._deduper.begin()
            bound = _Bound(self, cleaner, getattr(source, "path", None), getattr(source, "rel", None))
            outcome = fn(bound, task)
            if getattr(outcome, "failed", False):  # no output: what it kept must not remove lines later
                self._deduper.rollback()
            else:
                self._deduper.commit()
            yield outcome

    def remember(self, task: Any, cleaner: Any) -> None:
        """Learn what the input of ``task`` (a FileTask), which the run before finished and
        ``--resume`` skips, kept: the documents its output holds, each under the group this
        run would give it, as if the Deduper had just cleaned it. Raises UnreadableOutput
        (a UsageError) when its output cannot be read back."""
        from cleaner.cli.dedup_resume import NO_VALUE, kept_documents

        self._start(cleaner)
        bound = _Bound(self, cleaner, task.source.path, task.source.rel)
        for doc in kept_documents(task, self.field, need_source=self.by == "domain"):
            value = _WHOLE_FILE if doc.value is NO_VALUE else doc.value
            self._deduper.remember(doc.text, bound._group(doc.source, value))


def dedup_run(args: argparse.Namespace) -> DedupRun | None:
    """The run ``args`` ask for, or None without --dedup-by. Raises on a bad combination."""
    from cleaner.errors import ConfigError

    by = getattr(args, "dedup_by", None)
    if by is None:
        if getattr(args, "dedup_field", None) is not None:
            raise ConfigError("--dedup-field is used only with --dedup-by field")
        for option in ("dedup_unit", "dedup_min_chars"):  # they would change nothing
            if getattr(args, option, None) is not None:
                raise ConfigError(f"--{option.replace('_', '-')} is used only with --dedup-by")
        return None
    if getattr(args, "engine", "local") not in (None, "local"):
        raise ConfigError("--dedup-by needs the local engine: documents must be seen in input order")
    unit = args.dedup_unit or "line"
    min_chars = 0 if args.dedup_min_chars is None else args.dedup_min_chars
    if min_chars < 0:
        raise ConfigError("--dedup-min-chars must be 0 or more")
    field = getattr(args, "dedup_field", None)
    if (by == "field") != (field is not None):
        raise ConfigError(
            "--dedup-by field needs --dedup-field NAME"
            if by == "field"
            else "--dedup-field is used only with --dedup-by field"
        )
    if field is not None and not field:
        raise ConfigError("--dedup-field needs a field name")
    return DedupRun(by, unit, min_chars, field)
