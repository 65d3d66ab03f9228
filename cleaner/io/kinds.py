# Input kinds: which reader a file needs (txt, html, jsonl, each maybe gzipped), found
# from its name or forced with --format, and the name of the output it produces.
"""Kinds of input files and the names of their outputs."""

from __future__ import annotations

from dataclasses import dataclass

from cleaner.errors import InputError

__all__ = ["FORMATS", "FORMAT_CHOICES", "Kind", "kind_from_name", "output_name", "output_rel", "parse_format"]

#: base formats and the file suffixes that name them
FORMATS: dict[str, tuple[str, ...]] = {
    "txt": (".txt",),
    "html": (".html", ".htm", ".xhtml", ".shtml"),  # .shtml: server-side includes, done when served
    "jsonl": (".jsonl",),
}

#: values --format accepts
FORMAT_CHOICES: tuple[str, ...] = tuple(f for base in FORMATS for f in (base, base + ".gz"))


@dataclass(frozen=True, slots=True)
class Kind:
    """What an input is: ``format`` (txt, html or jsonl) and whether it is gzipped."""

    format: str
    gz: bool = False

    def __str__(self) -> str:
        return self.format + (".gz" if self.gz else "")


def parse_format(value: str) -> Kind:
    """The Kind a --format value names (``txt``, ``jsonl.gz`` ...)."""
    base, _, comp = value.lower().partition(".")
    if base not in FORMATS or comp not in ("", "gz"):
        raise InputError(f"unknown format {value!r}; expected one of {', '.join(FORMAT_CHOICES)}")
    return Kind(base, comp == "gz")


def kind_from_name(name: str) -> Kind | None:
    """The Kind a file name implies, or None when its suffix is not one cleaner reads."""
    lower = name.lower()
    gz = lower.endswith(".gz")
    if gz:
        lower = lower[:-3]
    for fmt, suffixes in FORMATS.items():
        if lower.endswith(suffixes):
            return Kind(fmt, gz)
    return None


def output_name(name: str, kind: Kind) -> str:
    """The output file name for input ``name``: HTML becomes .txt, gzip stays gzip.

    ``page.html`` -> ``page.txt``, ``page.htm.gz`` -> ``page.txt.gz``; other kinds keep
    their name.
    """
    if kind.format != "html":
        return name
    stem = name[:-3] if kind.gz and name.lower().endswith(".gz") else name
    dot = stem.rfind(".")
    if dot > 0:
        stem = stem[:dot]
    return stem + ".txt" + (".gz" if kind.gz else "")


def output_rel(rel: str, kind: Kind) -> str:
    """The output path for the input at path ``rel`` (relative to its root): the same
    folder, the name :func:`output_name` gives."""
    head, _, name = rel.rpartition("/")
    out = output_name(name, kind)
    return f"{head}/{out}" if head else out
