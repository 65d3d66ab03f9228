# The summary of a run: counts of files, records, bytes, changes per category and rule,
# guard trips and failures; built per file in workers, merged in the parent, printed.
"""Run summary: mergeable counters and the table printed at the end."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from cleaner.pipeline import CleanResult

__all__ = ["Summary"]

#: how many guard trips and failures a summary keeps by name (the counts are exact)
KEEP_NAMES = 20


@dataclass(slots=True)
class Summary:
    """Counters of a run or of one file. ``merge`` adds another summary into this one."""

    files: int = 0  # inputs processed (cleaned or failed), not counting skipped ones
    files_changed: int = 0
    files_failed: int = 0
    files_skipped: int = 0  # done already (--resume)
    files_passed_over: int = 0  # folder entries of no known kind, or hidden (.name)
    records: int = 0  # documents cleaned: one per txt/html file, one per JSONL line
    records_failed: int = 0  # JSONL lines that could not be cleaned
    extracted: int = 0  # documents extracted from HTML
    bytes_in: int = 0
    bytes_out: int = 0
    chars_in: int = 0
    chars_removed: int = 0
    changes_by_category: Counter[str] = field(default_factory=Counter)
    changes_by_rule: Counter[str] = field(default_factory=Counter)
    chars_by_rule: Counter[str] = field(default_factory=Counter)
    warnings: Counter[str] = field(default_factory=Counter)
    guard_trips: list[str] = field(default_factory=list)  # first KEEP_NAMES documents
    failures: list[str] = field(default_factory=list)  # first KEEP_NAMES messages
    #: JSONL records whose text field held a whole HTML page, cleaned as text, and the first
    pages_as_text: int = 0
    first_page_as_text: str | None = None

    @property
    def failed(self) -> bool:
        return bool(self.files_failed or self.records_failed)

    @property
    def changes(self) -> int:
        return sum(self.changes_by_rule.values())

    def add_result(self, result: CleanResult, where: str) -> None:
        """Count one cleaned document; ``where`` names it (file, or file#record)."""
        self.records += 1
        self.chars_in += len(result.input_text) if result.input_text is not None else 0
        if result.extracted_by:
            self.extracted += 1
        for r in result.removals:
            removed = len(r.text) - len(r.replacement)
            self.changes_by_category[r.category] += 1
            self.changes_by_rule[r.rule] += 1
            self.chars_by_rule[r.rule] += removed
            self.chars_removed += removed
        for w in result.warnings:
            self.warnings[w.code] += 1
            if w.code == "guard" and len(self.guard_trips) < KEEP_NAMES:
                self.guard_trips.append(where)

    def add_failure(self, message: str, *, whole_file: bool) -> None:
        if whole_file:
            self.files_failed += 1
        else:
            self.records_failed += 1
        if len(self.failures) < KEEP_NAMES:
            self.failures.append(message)

    def merge(self, other: Summary) -> None:
        """Add ``other`` into this summary (counts add, kept names fill up to the cap)."""
        for name in (
            "files",
            "files_changed",
            "files_failed",
            "files_skipped",
            "files_passed_over",
            "records",
            "records_failed",
            "extracted",
            "bytes_in",
            "bytes_out",
            "chars_in",
            "chars_removed",
            "pages_as_text",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.first_page_as_text = self.first_page_as_text or other.first_page_as_text
        for name in ("changes_by_category", "changes_by_rule", "chars_by_rule", "warnings"):
            getattr(self, name).update(getattr(other, name))
        self.guard_trips.extend(other.guard_trips[: KEEP_NAMES - len(self.guard_trips)])
        self.failures.extend(other.failures[: KEEP_NAMES - len(self.failures)])

    def add_page_as_text(self, where: str) -> None:
        """Count a JSONL record whose text field held a whole HTML page (``where``: file#record)."""
        self.pages_as_text += 1
        if self.first_page_as_text is None:
            self.first_page_as_text = where

    def pages_as_text_note(self, text_field: str) -> str | None:
        """What to say when records' text field held whole HTML pages, cleaned as text: the
        markup stays in the output, and --html-field is what such a file needs."""
        from cleaner.cli.style import one_line  # the first names a file

        if not self.pages_as_text:
            return None
        n = self.pages_as_text
        # --html-field may not name the field --text-field writes to, 'text' by default
        fix = (
            "--html-field text --text-field NAME cleans the main text of each page (and adds it as NAME)"
            if text_field == "text"
            else f"--html-field {text_field} cleans the main text of each page (and adds it as --text-field)"
        )
        return (
            f"{n} JSONL record{'s hold' if n > 1 else ' holds'} a whole HTML page in {text_field!r}, "
            f"cleaned as text (the markup kept), the first {one_line(str(self.first_page_as_text))}; {fix}"
        )

    def table(self) -> str:
        """The summary as an aligned plain-text table."""
        from cleaner.cli.style import one_line  # the names listed: line breaks escaped

        lines: list[str] = []

        def row(label: str, value: str) -> None:
            lines.append(f"  {label:<18} {value}")

        lines.append("cleaner: summary")
        files = f"{self.files}  (changed {self.files_changed}, failed {self.files_failed}"
        if self.files_skipped:
            files += f", already done {self.files_skipped}"
        if self.files_passed_over:
            files += f", hidden or not of a known kind {self.files_passed_over}"
        row("files", files + ")")
        recs = f"{self.records}"
        extra = []
        if self.records_failed:
            extra.append(f"failed lines {self.records_failed}")
        if self.extracted:
            extra.append(f"extracted from HTML {self.extracted}")
        row("documents", recs + (f"  ({', '.join(extra)})" if extra else ""))
        row("bytes in", _size(self.bytes_in))
        out = _size(self.bytes_out)
        if self.bytes_in:
            out += f"  ({(self.bytes_out - self.bytes_in) / self.bytes_in:+.1%})"
        row("bytes out", out)
        share = (
            f" ({self.chars_removed / self.chars_in:.1%} of {self.chars_in} chars)" if self.chars_in else ""
        )
        row("changes", f"{self.changes}  (chars removed {self.chars_removed}{share})")
        if self.warnings:
            row("warnings", ", ".join(f"{k} {v}" for k, v in sorted(self.warnings.items())))
        if self.changes_by_category:
            lines.append("")
            lines.append(_counts("category", self.changes_by_category, None))
        if self.changes_by_rule:
            lines.append("")
            lines.append(_counts("rule", self.changes_by_rule, self.chars_by_rule))
        if self.guard_trips:
            n = self.warnings.get("guard", len(self.guard_trips))
            lines.append("")
            lines.append(f"  guard tripped ({n}; left unchanged by rules):")
            lines.extend(f"    {one_line(g)}" for g in self.guard_trips)
            if n > len(self.guard_trips):
                lines.append(f"    ... and {n - len(self.guard_trips)} more (see the log)")
        n_fail = self.files_failed + self.records_failed
        if n_fail:
            lines.append("")
            lines.append(f"  failed ({self.files_failed} files, {self.records_failed} lines):")
            lines.extend(f"    {one_line(f)}" for f in self.failures)
            if n_fail > len(self.failures):
                lines.append(f"    ... and {n_fail - len(self.failures)} more (see the log)")
        return "\n".join(lines)


def _counts(label: str, changes: Counter[str], chars: Counter[str] | None) -> str:
    items = sorted(changes.items(), key=lambda kv: (-kv[1], kv[0]))
    width = max(len(label), *(len(k) for k, _ in items))
    head = f"  {label:<{width}}  {'changes':>9}"
    if chars is not None:
        head += f"  {'chars':>10}"
    rows = [head]
    for key, n in items:
        line = f"  {key:<{width}}  {n:>9}"
        if chars is not None:
            line += f"  {chars[key]:>10}"
        rows.append(line)
    return "\n".join(rows)


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000  # type: ignore[assignment]
    return f"{n} B"
