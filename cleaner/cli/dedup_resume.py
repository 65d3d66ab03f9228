# What the inputs a stopped --dedup-by run finished kept, read back from their outputs in
# OUTDIR, so that `cleaner clean --dedup-by ... --resume` dedups the rest as one run would.
"""The documents of a finished input, as the Deduper saw them, read from its output.

A ``--dedup-by`` run remembers what each document kept (its clean text) under the
document's group. When ``--resume`` skips an input the run before finished, the text
its documents kept is in its output: the whole output of a ``.txt`` or ``.html`` input,
the text field of each JSONL record the run cleaned. :func:`kept_documents` reads them
back, in order, with what the group is computed from (the document's source address and
the record's ``--dedup-field`` value), taken from the input as the live run took them:
which records were cleaned (not copied for a line error), their URL field, and for a page
with no URL the address it gives itself (:func:`cleaner.html.page_address`).
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from cleaner.errors import InputError
from cleaner.io.clean_file import FileTask, record_fields, record_group, record_source
from cleaner.io.discover import InputFile, UsageError
from cleaner.io.jsonl import RecordError, find_fields, split_line
from cleaner.io.readers import LongLine, iter_lines, read_bytes

__all__ = ["NO_VALUE", "KeptDocument", "UnreadableOutput", "kept_documents"]

#: ``KeptDocument.value`` of a document that is no JSONL record (a whole file)
NO_VALUE = object()


class UnreadableOutput(UsageError):
    """The output of an input the run before finished cannot be read back (or does not
    fit its input): --resume cannot know what that input kept."""


@dataclass(frozen=True, slots=True)
class KeptDocument:
    """One document a finished input kept: its clean text, the source address it was
    cleaned with, and the value of the record's group field (``NO_VALUE`` for a whole
    file; None for a record that lacks the field)."""

    text: str
    source: str | None
    value: object = NO_VALUE


def _unreadable(task: FileTask, why: str) -> UnreadableOutput:
    return UnreadableOutput(
        f"--resume: cannot read back {task.output}, the output of {task.source.path} which the "
        f"stopped run finished, to learn what it kept for --dedup-by ({why}); run without --resume "
        "to clean everything again"
    )


def kept_documents(task: FileTask, group_field: str | None, need_source: bool) -> Iterator[KeptDocument]:
    """The documents of the finished input ``task.source`` that the Deduper saw, in
    order, as its output ``task.output`` holds them. ``group_field``: the record field of
    ``--dedup-by field``; ``need_source``: whether the group comes from the address (a
    page's own address is then looked up). Raises UnreadableOutput."""
    assert task.output is not None
    output = dataclasses.replace(task.source, path=task.output)
    try:
        if task.source.kind.format == "jsonl":
            yield from _records(task, output, group_field, need_source)
        else:
            yield from _whole(task, output, need_source)
    except (InputError, UnicodeDecodeError, RecordError, ValueError, RecursionError) as exc:
        raise _unreadable(task, str(exc)) from None


def _whole(task: FileTask, output: InputFile, need_source: bool) -> Iterator[KeptDocument]:
    """A .txt or .html input: the whole output is the text it kept. A text file is
    cleaned with no address; a page with the one it gives itself."""
    text = read_bytes(output).decode("utf-8")
    if not text:  # nothing kept (and an empty input was never deduplicated)
        return
    source = None
    if task.source.kind.format == "html" and need_source:
        from cleaner.html import page_address

        source = page_address(read_bytes(task.source, task.limits.whole_file("html")))
    yield KeptDocument(text, source)


def _records(
    task: FileTask, output: InputFile, group_field: str | None, need_source: bool
) -> Iterator[KeptDocument]:
    """The JSONL records of the input the run cleaned (as ``clean_file`` decides it,
    line by line), each with the text field of the same line of the output."""
    text_field, html_field = task.text_field, task.html_field
    names = record_fields(task, group_field)  # the fields clean_file looks for
    limit = task.line_limit()  # a longer line is a line error, not read whole
    pairs = itertools.zip_longest(iter_lines(task.source, limit), iter_lines(output, limit))
    for i, (raw, raw_out) in enumerate(pairs):
        if raw is None or raw_out is None:
            raise ValueError(f"it has {'more' if raw is None else 'fewer'} lines than the input")
        if isinstance(raw, LongLine) or isinstance(raw_out, LongLine):
            continue  # a line error: copied unchanged, not cleaned
        _, body, _ = split_line(raw, i == 0)
        if not body.strip():
            continue
        try:
            fields = find_fields(body.decode("utf-8"), names)
        except (UnicodeDecodeError, RecordError):
            continue  # a line error: copied unchanged, not cleaned
        if html_field is not None:
            html = fields.get(html_field)
            if html is None or not isinstance(html.value, str) or text_field in fields:
                continue  # a line error
        else:
            span = fields.get(text_field)
            if span is None or not isinstance(span.value, str):
                continue  # a line error
        _, body_out, _ = split_line(raw_out, i == 0)
        kept = find_fields(body_out.decode("utf-8"), (text_field,)).get(text_field)
        if kept is None and html_field is not None:
            continue  # the page could not be extracted: a line error, the record copied
        if kept is None or not isinstance(kept.value, str):
            raise ValueError(f"line {i + 1} has no string {text_field!r} field")
        source = record_source(fields, task.url_field)
        if source is None and html_field is not None and need_source and kept.value:
            from cleaner.html import page_address

            assert html is not None and isinstance(html.value, str)
            source = page_address(html.value)
        value: object = NO_VALUE
        if group_field is not None:  # as clean_file hands it over: None when the record lacks it
            value = record_group(fields, group_field)
        yield KeptDocument(kept.value, source, value)
