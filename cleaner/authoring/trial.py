# `cleaner rules try`: run one rule file over a corpus without writing anything and
# report its impact: hits, characters removed, documents touched, spans in context.
"""Try rules on a corpus before accepting them."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cleaner.errors import InputError
from cleaner.io.limits import CorpusLimits
from cleaner.io.readers import LongLine, corpus_file, corpus_lines, read_text
from cleaner.linebreaks import line_feeds
from cleaner.rule import Condition
from cleaner.ruleset import RuleSet

__all__ = ["CorpusDoc", "TrialReport", "TrialSpan", "format_report", "read_corpus", "try_rules"]

#: file names read as documents
CORPUS_SUFFIXES = (".txt", ".txt.gz", ".jsonl", ".jsonl.gz")
#: JSONL fields read as the text and the source of a record
TEXT_FIELDS = ("text", "content")
SOURCE_FIELDS = ("url", "source")
#: characters of context shown on each side of a sample span
CONTEXT = 40
#: spans kept to draw the sample from
_KEEP = 2000


@dataclass(frozen=True, slots=True)
class CorpusDoc:
    name: str  # file, or file:line for a JSONL record
    text: str | None  # None: a record without the text field
    source: str | None
    record: int | None = None  # of a JSONL record: its line in the file, from 1


@dataclass(frozen=True, slots=True)
class TrialSpan:
    """One removal in context."""

    doc: str
    line: int
    rule: str
    text: str
    replacement: str
    before: str
    after: str
    score: float | None = None  # a score rule's hit: its score, to weigh against the threshold
    record: int | None = None  # of a JSONL record: its line in the file, from 1


@dataclass
class TrialReport:
    rules: tuple[str, ...]
    scoped: tuple[str, ...]  # rules whose `when` names sites or sources (they need a source)
    documents: int = 0
    sourceless: int = 0
    touched: int = 0
    hits: int = 0
    chars_removed: int = 0
    chars_total: int = 0
    skipped: int = 0  # JSONL records without the text field
    empty: int = 0  # documents with no text (empty files, empty strings)
    text_fields: tuple[str, ...] = TEXT_FIELDS  # where a record's text was looked for
    per_rule: Counter[str] = field(default_factory=Counter)
    texts: Counter[str] = field(default_factory=Counter)
    over_guard: list[str] = field(default_factory=list)
    timeouts: list[str] = field(default_factory=list)
    spans: list[TrialSpan] = field(default_factory=list)

    def sample(self, n: int) -> list[TrialSpan]:
        """``n`` spans spread evenly over the ones kept (none for ``n`` 0)."""
        if n <= 0:
            return []
        if len(self.spans) <= n:
            return list(self.spans)
        step = len(self.spans) / n
        return [self.spans[int(i * step)] for i in range(n)]


#: what trying rules does to a corpus's text, as its size errors say
_DOING = "try rules on"


def _lines(path: Path, limits: CorpusLimits) -> Iterator[str]:
    """The lines of a JSONL file, decoded (:func:`cleaner.io.readers.corpus_lines`); a
    line over the limit is an InputError naming it, read no further than the limit."""
    for i, line in enumerate(corpus_lines(path, limits.line), 1):
        if isinstance(line, LongLine):
            line.skip()  # to its end, unkept, for its size
            raise InputError(limits.line.message(line.body_size), path=str(path), line=i)
        yield line


def read_corpus(
    folder: str | Path, text_fields: Sequence[str] = TEXT_FIELDS, limits: CorpusLimits | None = None
) -> Iterator[CorpusDoc]:
    """Documents of the .txt and .jsonl files (optionally .gz) under ``folder`` (or one
    file). JSONL records give their text in the first of ``text_fields`` that holds a
    string (``text``, else ``content``) and their source in ``url`` (or ``source``).
    A .txt file is decoded as ``cleaner clean`` decodes it (a byte-order mark, UTF-16
    without one, UTF-8, else the detected charset: cp1252 "café" is "café"), and one
    that is not text is an InputError naming it, as ``clean`` fails it. A byte-order
    mark that starts a file is no part of its text.
    A .txt file or a JSONL line bigger than ``limits`` (default: 10 MB once decompressed;
    ``--max-text-size``) is an InputError, read no further than the limit."""
    limits = limits or CorpusLimits(_DOING)
    root = Path(folder)
    if root.is_dir():
        files = sorted(p for p in root.rglob("*") if p.name.endswith(CORPUS_SUFFIXES) and p.is_file())
        if not files:  # a report of zero hits would read as "the rule takes nothing"
            raise InputError(f"no {', '.join(CORPUS_SUFFIXES)} files in this folder", path=str(root))
    elif root.is_file():
        files = [root]
    else:
        raise InputError("no such file or folder", path=str(root))
    for path in files:
        if ".jsonl" not in path.name:
            yield CorpusDoc(str(path), read_text(corpus_file(path), limits.whole_file), None)
            continue
        # only \n ends a record: JSON strings may hold U+2028, U+2029 and U+0085 raw
        for i, line in enumerate(_lines(path, limits), 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"not a JSON record: {exc.msg}", path=str(path), line=i) from None
            body = next((rec[k] for k in text_fields if isinstance(rec.get(k), str)), None)
            source = next((rec[k] for k in SOURCE_FIELDS if isinstance(rec.get(k), str)), None)
            yield CorpusDoc(f"{path}:{i}", body, source, i)


def _squeeze(s: str, n: int = 80) -> str:
    s = " ⏎ ".join(part.strip() for part in s.strip().splitlines() if part.strip())
    return s if len(s) <= n else s[: n - 1] + "…"


def try_rules(
    rules: RuleSet,
    corpus: str | Path,
    *,
    any_source: bool = False,
    limit: int | None = None,
    guard: float = 0.5,
    text_field: str | None = None,
    max_text_size: int | None = None,
) -> TrialReport:
    """Run ``rules`` (all of them, preview included) over ``corpus``; write nothing.

    The pipeline runs as it would when cleaning (encoding repair, then the rules to a
    fixpoint) but with no removal guard, so that every hit is counted; documents where
    the rules would remove more than ``guard`` of the text are listed instead. With
    ``any_source``, rules scoped to sites or sources by `when` run on every document
    (a `min_lines` of theirs still holds). ``text_field`` names
    the field of JSONL records that holds the text (default: ``text``, else ``content``);
    a corpus where no record has it is an InputError, not a report of zero hits.
    ``max_text_size``: the most bytes read of a .txt file or a JSONL line (default 10 MB
    once decompressed); a bigger one is an InputError naming it and the limit.
    """
    from cleaner.pipeline import Cleaner

    # --any-source lifts the sites and sources of a rule's `when`, not its `min_lines`,
    # which asks nothing of the source
    chosen = tuple(
        dataclasses.replace(r, when=Condition(min_lines=r.when.min_lines)) if any_source else r
        for r in rules.rules
    )
    ids = tuple(r.id for r in chosen)
    fields = (text_field,) if text_field else TEXT_FIELDS
    report = TrialReport(ids, tuple(r.id for r in chosen if r.when.scoped), text_fields=fields)
    if not ids:
        return report
    cleaner = Cleaner(
        RuleSet(chosen, rules.disables, rules.redirects),
        select=list(ids),
        ignore=["whitespace"],
        enable=list(ids),
        preview=True,
        max_removal=1.0,
    )
    own = set(ids)
    limits = CorpusLimits.of(_DOING, max_text_size)
    for n, doc in enumerate(read_corpus(corpus, fields, limits)):
        if limit is not None and n >= limit:
            break
        if doc.text is None:
            report.skipped += 1
            continue
        if not doc.text:
            report.empty += 1
            continue
        report.documents += 1
        report.chars_total += len(doc.text)
        if doc.source is None:
            report.sourceless += 1
        result = cleaner.clean(doc.text, source=doc.source)
        report.timeouts += [f"{doc.name}: {w.message}" for w in result.warnings if w.code == "rule-timeout"]
        mine = [r for r in result.removals if r.rule in own]
        if not mine:
            continue
        report.touched += 1
        # lines as the rules count them: a lone \r, U+2028 and U+2029 end one too
        feeds = line_feeds(doc.text)
        removed = sum(len(r.text) - len(r.replacement) for r in mine)
        report.hits += len(mine)
        report.chars_removed += removed
        if removed > guard * len(doc.text):
            report.over_guard.append(f"{doc.name} ({removed / len(doc.text):.0%})")
        for r in mine:
            report.per_rule[r.rule] += 1
            report.texts[_squeeze(r.text)] += 1
            if len(report.spans) < _KEEP:
                report.spans.append(
                    TrialSpan(
                        doc.name,
                        feeds.count("\n", 0, r.start) + 1,
                        r.rule,
                        r.text,
                        r.replacement,
                        doc.text[max(0, r.start - CONTEXT) : r.start],
                        doc.text[r.end : r.end + CONTEXT],
                        r.score,
                        doc.record,
                    )
                )
    if report.skipped and not report.documents:
        raise InputError(
            f"no document has text: no record has a string {_fields(fields)} field"
            + ("" if text_field else " (--text-field names the field that holds the text)"),
            path=str(corpus),
        )
    if report.empty and not report.documents:
        raise InputError("no document has text: every one is empty", path=str(corpus))
    return report


def _fields(fields: Sequence[str]) -> str:
    return " or ".join(repr(f) for f in fields)


def _show(s: str) -> str:
    """A span of corpus text on one line: its line breaks (``\\r\\n``, a lone ``\\r``,
    U+2028, U+2029 and ``\\n`` alike) and tabs as signs, any other control character
    escaped (scraped text may hold escape codes)."""
    from cleaner.cli.style import one_line

    return one_line(line_feeds(s).replace("\r\n", "\n").replace("\n", "⏎").replace("\t", "⇥"))


def format_report(report: TrialReport, *, samples: int = 10, frequent: int = 10) -> str:
    """The report as text for the terminal; the corpus's names and text in it each on one
    line, control characters escaped."""
    from cleaner.cli.style import one_line, score_text

    out = [f"rules: {', '.join(report.rules) or '(none)'}"]
    pct_docs = report.touched / report.documents if report.documents else 0.0
    pct_chars = report.chars_removed / report.chars_total if report.chars_total else 0.0
    out.append(f"documents: {report.documents:,} read, {report.touched:,} touched ({pct_docs:.1%})")
    out.append(f"hits: {report.hits:,}")
    out.append(f"characters removed: {report.chars_removed:,} of {report.chars_total:,} ({pct_chars:.3%})")
    if report.skipped:
        out.append(f"records without a string {_fields(report.text_fields)} field: {report.skipped:,}")
    if report.empty:
        out.append(f"empty documents: {report.empty:,}")
    if report.scoped and report.sourceless:
        out.append(
            f"note: {report.sourceless:,} documents have no source, so the site-scoped rules "
            f"({', '.join(report.scoped)}) cannot apply to them; --any-source runs them everywhere"
        )
    if len(report.per_rule) > 1:
        out.append("hits per rule:")
        out += [f"  {n:>7,}  {rid}" for rid, n in report.per_rule.most_common()]
    if report.over_guard:
        out.append(
            f"documents the rules would strip of more than half their text ({len(report.over_guard)}; "
            "the cleaning guard leaves them unchanged, unless a cut to the end of the text "
            "took the excess):"
        )
        out += [f"  {one_line(d)}" for d in report.over_guard[:10]]
    if report.timeouts:
        out.append(f"time-outs ({len(report.timeouts)}):")
        out += [f"  {one_line(t)}" for t in report.timeouts[:10]]
    if report.texts:
        out.append("most frequent removed text:")
        out += [f"  {n:>7,} × {text!r}" for text, n in report.texts.most_common(frequent)]
    picked = report.sample(samples)
    if picked:
        out.append(f"sample of {len(picked)} spans in context ([[removed]], {{{{replaced by}}}}):")
        for s in picked:
            repl = f"{{{{{_show(s.replacement)}}}}}" if s.replacement else ""
            score = "" if s.score is None else f"  score={score_text(s.score)}"
            out.append(f"  {one_line(s.doc)}:{s.line}  {s.rule}{score}")
            out.append(f"    …{_show(s.before)}[[{_show(s.text)}]]{repl}{_show(s.after)}…")
        if any(s.record is not None for s in picked):
            # explain counts records from 0, as the removal log does; the names here from 1
            out.append(
                "(FILE:N:L is line L of the record on line N of FILE, both counted from 1; "
                "`cleaner explain FILE --record N-1` shows that record whole, with the rules "
                "given by --rules, and --preview for rules in preview)"
            )
    return "\n".join(out) + "\n"
