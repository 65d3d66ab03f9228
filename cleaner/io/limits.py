# How much of one document `cleaner clean` reads into memory: the size limits of a whole
# file (text or page, once decompressed) and of one JSONL line, and what a bigger one says.
"""Size limits of the documents a run reads."""

from __future__ import annotations

from dataclasses import dataclass

from cleaner.html import DEFAULT_MAX_HTML_SIZE, format_size

__all__ = ["DEFAULT_MAX_TEXT_SIZE", "CorpusLimits", "ReadLimits", "SizeLimit"]

#: the largest text file (or JSONL line) cleaned, in bytes once decompressed: cleaning
#: one document holds 20 to 30 times its size at its peak (its bytes, its text, the
#: copies of the steps, its log), so that a run of one such file stays under 500 MB of
#: RSS with --jobs 1 or 2 (measured: docs/cli.md, "Big files"); --max-text-size raises it
DEFAULT_MAX_TEXT_SIZE = 10_000_000


@dataclass(frozen=True, slots=True)
class SizeLimit:
    """The most bytes (once decompressed) a reader takes of one document, and how a
    bigger one is named in its error: ``what`` is too big, ``hint`` says what raises it."""

    size: int
    what: str
    hint: str

    def message(self, size: int | None, compressed: int | None = None) -> str:
        """The error of a document of ``size`` bytes (None: more than the limit, how many
        more is unknown, as reading stopped there); ``compressed``: its size on disk,
        for a gzip file."""
        if size is None:
            told = f"more than {self.size:,} bytes"
            if compressed is not None:
                told += f" once decompressed (from {compressed:,} bytes of gzip data)"
        else:
            told = f"{size:,} bytes ({format_size(size)})"
        return (
            f"{self.what}: {told}, above the limit of {self.size:,} ({format_size(self.size)}); {self.hint}"
        )


@dataclass(frozen=True, slots=True)
class ReadLimits:
    """The most bytes (once decompressed) a run reads of a text file or JSONL line
    (``--max-text-size``) and of an HTML page (``--max-html-size``)."""

    text: int = DEFAULT_MAX_TEXT_SIZE
    html: int = DEFAULT_MAX_HTML_SIZE

    @classmethod
    def of(cls, text: int | None, html: int | None) -> ReadLimits:
        """The limits set (None: the default)."""
        return cls(
            DEFAULT_MAX_TEXT_SIZE if text is None else text, DEFAULT_MAX_HTML_SIZE if html is None else html
        )

    def whole_file(self, fmt: str) -> SizeLimit:
        """The limit of a whole file of format ``fmt`` (``txt`` or ``html``)."""
        if fmt == "html":  # worded as Cleaner.clean_html words a page over its limit
            hint = "--max-html-size (max_html_size in the config, Cleaner(max_html_size=...)) raises it"
            return SizeLimit(self.html, "the page is too big for the HTML path", hint)
        return SizeLimit(
            self.text,
            "the file is too big to clean",
            "--max-text-size (max_text_size in the config) raises it",
        )

    def line(self, page: bool = False) -> SizeLimit:
        """The limit of one JSONL line (its bytes before the line feed): a record holds a
        document, so the text limit; or, when it holds a page (``page``: --html-field),
        the page's limit if that is larger (the page's own is checked as it is extracted)."""
        if page and self.html >= self.text:
            hint = "--max-html-size (max_html_size in the config) raises it"
            return SizeLimit(self.html, "the line is too long to clean", hint)
        hint = "--max-text-size (max_text_size in the config) raises it"
        return SizeLimit(self.text, "the line is too long to clean", hint)


#: what raises the limit of a corpus read without cleaning it (as for clean)
_CORPUS_HINT = "--max-text-size (max_text_size in the config) raises it"


@dataclass(frozen=True, slots=True)
class CorpusLimits:
    """The most bytes (once decompressed) a command that reads a corpus without cleaning
    it into outputs (``cleaner mine``, ``cleaner rules try``) takes of a text file and of
    a JSONL line: ``--max-text-size``, else ``max_text_size`` of the config file, as for
    ``clean``, and for the same reason (each document is held whole, with copies).
    ``doing``: what the command does to the text."""

    doing: str
    size: int = DEFAULT_MAX_TEXT_SIZE

    @classmethod
    def of(cls, doing: str, size: int | None) -> CorpusLimits:
        """The limits of ``--max-text-size`` or the config's (None: the default)."""
        return cls(doing, DEFAULT_MAX_TEXT_SIZE if size is None else size)

    @property
    def whole_file(self) -> SizeLimit:
        """The limit of a whole ``.txt`` file."""
        return SizeLimit(self.size, f"the file is too big to {self.doing}", _CORPUS_HINT)

    @property
    def line(self) -> SizeLimit:
        """The limit of one JSONL line (its bytes before the line feed)."""
        return SizeLimit(self.size, f"the line is too long to {self.doing}", _CORPUS_HINT)
