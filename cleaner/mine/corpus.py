# Reading a corpus for mining: .txt files in folders and .jsonl(.gz) record files, as a
# stream of documents each with its group key (domain, folder, a record field, or all).
"""Documents to mine, and the group each belongs to.

Inputs are files or folders (searched recursively, sorted by path, hidden entries
skipped): ``*.txt`` (one document per file, optionally ``.gz``) and ``*.jsonl`` /
``*.jsonl.gz`` (one JSON object per line; the text is in ``text_field``). A .txt file
is decoded as ``cleaner clean`` decodes it (a byte-order mark, UTF-16 without one,
UTF-8, else the detected charset), and one that is not text is an InputError naming it
that stops the run, as a file that cannot be read does; a byte-order mark that starts a
file is no part of its text, as in ``cleaner clean``. The stream
can be read any number of times, always in the same order, which the two-pass
counter relies on.

Groups:

* ``domain``: the host of the record's ``url`` or ``source`` field (``www.`` dropped,
  as site-scoped rules see it); for a .txt file, the nearest folder whose name is a
  host name (``corpus/example.com/a.txt``). Documents without one go to ``(none)``.
* ``folder``: the folder the file is in (for a JSONL file: the file itself).
* ``field``: the value of a record field; a URL stands for its host.
* ``all``: one group for everything.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import regex

from cleaner.errors import InputError
from cleaner.io.discover import walk
from cleaner.io.limits import CorpusLimits
from cleaner.io.readers import LongLine, corpus_file, corpus_lines, read_text
from cleaner.rule import domain_of

__all__ = [
    "GROUP_MODES",
    "NO_GROUP",
    "Corpus",
    "Grouping",
    "MineDoc",
    "field_group",
    "folder_host",
    "host_of",
]

GROUP_MODES = ("domain", "folder", "field", "all")
#: the group of documents whose key is missing (no URL, no such field)
NO_GROUP = "(none)"
#: JSONL fields tried, in order, for a record's URL
URL_FIELDS = ("url", "source")
_HOST = regex.compile(r"^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{1,62}$")


def host_of(value: str | None) -> str | None:
    """The host name of a URL (``www.`` dropped), or None when it has none with a dot."""
    if not value or not isinstance(value, str):
        return None
    try:
        host = domain_of(value.strip())
    except ValueError:
        return None
    return host if host and _HOST.match(host) else None


def field_group(value: object) -> str:
    """The group key of a record whose grouping field holds ``value`` (any JSON value):
    a URL stands for its host; a missing or empty value is NO_GROUP."""
    if value is None or value == "":
        return NO_GROUP
    if isinstance(value, str):
        return (host_of(value) or value) if "//" in value else value
    return str(value)


@dataclass(frozen=True, slots=True)
class Grouping:
    """How documents are grouped: ``mode`` in GROUP_MODES; ``field`` for mode field."""

    mode: str = "domain"
    field: str | None = None

    def __post_init__(self) -> None:
        if self.mode not in GROUP_MODES:
            raise InputError(f"unknown grouping {self.mode!r}; expected one of {', '.join(GROUP_MODES)}")
        if (self.mode == "field") != bool(self.field):
            raise InputError("grouping by field needs a field name (and only that mode takes one)")


@dataclass(frozen=True, slots=True)
class MineDoc:
    """One document: its text, where it came from, its host if known, and its group."""

    text: str
    source: str
    group: str
    domain: str | None = None


def folder_host(path: Path, depth: int) -> str | None:
    """The host a file's folders are named after: the innermost of its ``depth`` nearest
    folders (from its own up to the input named on the command line) whose name is a
    host. Folders above the input do not count, so the answer does not depend on whether
    the input was named by an absolute or a relative path. Links are not followed: a link
    named like a host is that host's folder."""
    folders = list(Path(os.path.abspath(path)).parents)[:depth]
    return next((h for p in folders if (h := host_of(p.name))), None)


def _input_files(inputs: Sequence[str | Path]) -> list[tuple[Path, int]]:
    """Each file, with the number of its folders that lie inside the input it was found
    in (1 for a file named itself: its own folder)."""
    files: list[tuple[Path, int]] = []
    for arg in inputs:
        path = Path(arg)
        if path.is_dir():
            for dirpath, dirnames, filenames in walk(str(path)):  # os.walk recurses before 3.12
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                depth = len(Path(dirpath).relative_to(path).parts) + 1
                for name in sorted(filenames):
                    if not name.startswith(".") and _kind(name):
                        files.append((Path(dirpath) / name, depth))
        elif path.is_file():
            if not _kind(path.name):
                raise InputError("not a .txt or .jsonl file (optionally .gz)", path=str(path))
            files.append((path, 1))
        else:
            raise InputError("no such file or folder", path=str(path))
    return files


def _kind(name: str) -> str | None:
    lower = name.lower().removesuffix(".gz")
    if lower.endswith(".txt"):
        return "txt"
    if lower.endswith(".jsonl"):
        return "jsonl"
    return None


class Corpus:
    """A re-readable stream of :class:`MineDoc` over the given inputs. A ``.txt`` file
    is decoded as ``cleaner clean`` decodes it; one that is not text, or bigger than
    ``limits`` (once decompressed), is an InputError, read no further than the limit; a
    JSONL line longer is passed over unkept, and counted."""

    def __init__(
        self,
        inputs: Sequence[str | Path],
        grouping: Grouping | None = None,
        text_field: str = "text",
        limits: CorpusLimits | None = None,
    ) -> None:
        self.files = _input_files(inputs)
        self.grouping = grouping or Grouping()
        self.text_field = text_field
        self.limits = limits or CorpusLimits("mine")
        #: records passed over in the last read (no text field, not JSON, too long), with why
        self.skipped: dict[str, int] = {}
        #: string fields of the first record passed over for lack of the text field (a hint)
        self.other_fields: tuple[str, ...] = ()
        #: the error of the first JSONL line passed over as too long in the last read
        self.first_too_long: InputError | None = None

    def __iter__(self) -> Iterator[MineDoc]:
        self.skipped = {}
        self.other_fields = ()
        self.first_too_long = None
        for path, depth in self.files:
            if _kind(path.name) == "txt":
                yield self._txt_doc(path, read_text(corpus_file(path), self.limits.whole_file), depth)
            else:
                yield from self._jsonl_docs(path)

    @property
    def too_long(self) -> str:
        """How the records passed over as too long are counted in :attr:`skipped`."""
        return f"longer than --max-text-size ({self.limits.size:,} bytes)"

    def _skip(self, why: str) -> None:
        self.skipped[why] = self.skipped.get(why, 0) + 1

    def _txt_doc(self, path: Path, text: str, depth: int) -> MineDoc:
        domain = folder_host(path, depth)
        mode = self.grouping.mode
        if mode == "all":
            group = "all"
        elif mode == "folder" or mode == "field":
            group = path.parent.as_posix()
        else:
            group = domain or NO_GROUP
        return MineDoc(text, path.as_posix(), group, domain)

    def _jsonl_docs(self, path: Path) -> Iterator[MineDoc]:
        """The records of a JSONL file. A file that is not JSON Lines text (UTF-16 or
        UTF-32, lines that end in CR only) is an InputError with that cause, as a file
        that cannot be read is: the run stops, as ``cleaner clean`` fails such a file
        whole, instead of counting each of its lines as "not a JSON object". A UTF-8
        byte-order mark that starts the file is no part of its first record, as in
        ``cleaner clean`` (Windows tools write one)."""
        mode, field = self.grouping.mode, self.grouping.field
        for n, line in enumerate(corpus_lines(path, self.limits.line), 1):
            if isinstance(line, LongLine):  # never held whole: read past, and counted
                line.skip()
                self._skip(self.too_long)
                if self.first_too_long is None:
                    message = self.limits.line.message(line.body_size)
                    self.first_too_long = InputError(message, path=str(path), line=n)
                continue
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                self._skip("not a JSON object")
                continue
            if not isinstance(rec, dict):
                self._skip("not a JSON object")
                continue
            text = rec.get(self.text_field)
            if not isinstance(text, str):
                self._skip(f"no string field {self.text_field!r}")
                if not self.other_fields:
                    self.other_fields = tuple(k for k, v in rec.items() if isinstance(v, str))
                continue
            url = next((v for f in URL_FIELDS if isinstance(v := rec.get(f), str) and v), None)
            domain = host_of(url)
            if mode == "all":
                group = "all"
            elif mode == "folder":
                group = path.as_posix()
            elif mode == "field":
                group = field_group(rec.get(field or ""))
            else:
                group = domain or NO_GROUP
            yield MineDoc(text, url or f"{path.as_posix()}:{n}", group, domain)
