# `cleaner explain FILE`: the text of one input with every removed span shown in place
# and marked with its rule id; colour on a terminal, [-text-]{rule.id} markers on a pipe.
"""The ``explain`` subcommand."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from cleaner.cli.cleaner_options import add_cleaner_options
from cleaner.cli.style import say
from cleaner.errors import InputError

if TYPE_CHECKING:
    from cleaner.cli.cleaner_options import Settings
    from cleaner.io.discover import InputFile
    from cleaner.io.limits import ReadLimits
    from cleaner.pipeline import Cleaner, CleanResult
    from cleaner.removals import Removal

__all__ = ["register", "render", "run"]

#: why an empty or blank HTML page has nothing to show (its output is empty)
_EMPTY_PAGE = "an empty page: no text to extract, nothing to show"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from cleaner.io.kinds import FORMAT_CHOICES

    p = sub.add_parser(
        "explain",
        help="show a file's text with each removal marked in place",
        description="Clean FILE and print its text with every removed or replaced span in place, "
        "followed by the id of the rule that did it: [-removed-]{rule.id}, or "
        "[-old-+new+]{rule.id} for a replacement; a score rule's hit gives its score too, "
        "{rule.id score=2.5}. Colour on a terminal. For HTML the text is the "
        "extracted text; for JSONL each record is shown under a '== file#record ==' heading.",
    )
    p.add_argument(
        "file",
        metavar="FILE",
        help="input file, or - for standard input; with --run, the input's path in that run",
    )
    p.add_argument(
        "--run",
        dest="from_run",
        metavar="OUTDIR",
        help="explain what an earlier run did, from OUTDIR and its removal log, without cleaning "
        "again (FILE: the input's path as the log names it, e.g. sub/a.txt)",
    )
    p.add_argument(
        "--log", metavar="LOG", help="with --run: the run's removal log (default OUTDIR/removals.jsonl)"
    )
    add_cleaner_options(p, run=False)
    p.add_argument(
        "--format", choices=FORMAT_CHOICES, help="kind of FILE, instead of telling it from its name"
    )
    p.add_argument("--record", type=int, metavar="N", help="JSONL: show only record N (0-based line index)")
    p.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the markers (default: on a terminal)",
    )
    p.set_defaults(run=run)


def render(text: str, removals: Iterable[Removal], colour: bool = False) -> str:
    """``text`` (the input) with each removal shown in place and named by its rule, and a
    score rule's hit by its score too, so that its threshold can be tuned
    (``{rule.id score=3.5}``). The text is shown for reading: a lone ``\\r`` (or U+2028)
    as the line break it is, any other control character but a line break or tab escaped
    (``\\x1b``), so that scraped text cannot recolour or clear the terminal; only the
    markers' colours are codes."""
    from cleaner.cli.style import paint, score_text, visible
    from cleaner.linebreaks import line_feeds

    def shown(piece: str) -> str:
        return visible(line_feeds(piece))

    out: list[str] = []
    last = 0
    for r in sorted(removals, key=lambda r: (r.start, r.end)):
        out.append(shown(text[last : r.start]))
        mark = paint(f"[-{shown(r.text)}-", "removed", colour)
        if r.replacement:
            mark += paint(f"+{shown(r.replacement)}+", "added", colour)
        label = shown(r.rule) if r.score is None else f"{shown(r.rule)} score={score_text(r.score)}"
        mark += paint("]", "removed", colour) + paint(f"{{{label}}}", "rule", colour)
        out.append(mark)
        last = r.end
    out.append(shown(text[last:]))
    return "".join(out)


def _documents(
    cleaner: Cleaner,
    f: InputFile,
    text_field: str,
    url_field: str,
    only: int | None,
    html_field: str | None = None,
    limits: ReadLimits | None = None,
) -> Iterator[tuple[int | None, CleanResult]]:
    """(record, CleanResult) for each document of ``f``. A JSONL line that cannot be
    shown is reported on standard error and skipped; InputError when no record could be
    shown at all (or ``only`` names a line that cannot be). ``html_field``: the JSONL
    field that holds a page, whose extracted main text is shown (``text_field`` is then
    not read). ``limits``: the most bytes read of a file or a line (default: the defaults)."""
    from cleaner.errors import InputError
    from cleaner.io.jsonl import RecordError, checked_start, find_fields, split_line
    from cleaner.io.limits import ReadLimits
    from cleaner.io.readers import LongLine, iter_lines, looks_binary, read_bytes

    limits = limits or ReadLimits()
    where = "<stdin>" if f.path is None else str(f.path)
    if f.kind.format != "jsonl":
        data = read_bytes(f, limits.whole_file(f.kind.format))
        if data.strip() and looks_binary(data):
            raise InputError("binary data, not text", path=where)
        if f.kind.format == "html":
            if not data.strip():  # as for a page with no main text: nothing to show
                raise InputError(_EMPTY_PAGE, path=where)
            yield None, cleaner.clean_html(data)
        else:
            if not data:
                raise InputError("an empty file: no text to show", path=where)
            yield None, cleaner.clean_bytes(data)
        return
    lines = shown = broken = 0
    no_field: str | None = None  # the first line of a record without the text field
    if html_field is not None:
        text_field = html_field  # the field read from each record
    line_limit = limits.line(page=html_field is not None)
    for i, raw in enumerate(checked_start(iter_lines(f, line_limit), where)):  # as clean: the file fails
        lines = i + 1
        if only is not None and i != only:
            continue
        if isinstance(raw, LongLine):  # not held in memory, so not shown
            raw.skip()
            message = line_limit.message(raw.body_size)
            if only is not None:
                raise InputError(message, path=where, line=i + 1)
            say(f"{where}:{i + 1}: {message}")
            broken += 1
            continue
        _mark, body, _end = split_line(raw, i == 0)
        if not body.strip():
            if only is not None:
                raise InputError("a blank line, no record to show", path=where, line=i + 1)
            continue
        try:
            line = body.decode("utf-8")
            fields = find_fields(line, (text_field, url_field))
        except (UnicodeDecodeError, RecordError) as exc:
            if only is not None:
                raise InputError(f"broken JSON line: {exc}", path=where, line=i + 1) from None
            say(f"{where}:{i + 1}: broken JSON line: {exc}")
            broken += 1
            continue
        span = fields.get(text_field)
        if span is None or not isinstance(span.value, str):
            message = f"record has no string {text_field!r} field"
            if only is not None:
                raise InputError(f"{message}{_field_hint(line)}", path=where, line=i + 1)
            say(f"{where}:{i + 1}: {message}")
            no_field = no_field or line
            continue
        url = fields.get(url_field)
        source = url.value if url and isinstance(url.value, str) else None
        if html_field is None:
            shown += 1
            yield i, cleaner.clean(span.value, source=source)
            continue
        try:
            if not span.value.strip():
                raise InputError(_EMPTY_PAGE)
            result = cleaner.clean_html(span.value, url=source)
        except InputError as exc:  # not HTML, no main text
            if only is not None:
                raise InputError(f"{html_field!r}: {exc.message}", path=where, line=i + 1) from None
            say(f"{where}:{i + 1}: {html_field!r}: {exc.message}")
            broken += 1
            continue
        shown += 1
        yield i, result
    if only is not None and only >= lines:
        from cleaner.io.discover import UsageError

        raise UsageError(f"{where}: no record {only} (numbered from 0; the file has {lines} lines)")
    if not shown and no_field is not None and not broken:
        raise InputError(f"no record has a string {text_field!r} field{_field_hint(no_field)}", path=where)
    if not shown and (broken or no_field is not None):
        raise InputError("no record could be shown (see the lines above)", path=where)
    if not shown:
        raise InputError("no record to show: the file is empty or holds only blank lines", path=where)


def _field_hint(line: str) -> str:
    """Where to look instead: the string fields of the record ``line`` and --text-field."""
    import json

    try:
        rec = json.loads(line)
    except ValueError:
        rec = {}
    names = [k for k, v in rec.items() if isinstance(v, str)] if isinstance(rec, dict) else []
    if not names:
        return "; --text-field names the field to show"
    shown = ", ".join(names[:6]) + (", ..." if len(names) > 6 else "")
    return f" (its string fields: {shown}); --text-field names the field to show"


class _Shown(NamedTuple):
    """One document to show: the text the cleaner saw, its removals, its warnings (code,
    message), and the extractor when the text came from HTML."""

    text: str
    removals: list[Removal]
    warnings: list[tuple[str, str]]
    extracted: str | None = None


def _from_run(args: argparse.Namespace, text_field: str) -> Iterator[tuple[str, int | None, _Shown]]:
    """(input path, record, what to show) of each document of FILE in the run at --run;
    ``text_field`` and --format as the run had them (its manifest says), unless given."""
    from cleaner.io.discover import UsageError
    from cleaner.io.kinds import parse_format
    from cleaner.io.manifest import load_manifest, run_reading
    from cleaner.io.rebuild import LoggedInput, LogIndex, logged_documents, run_log

    outdir = Path(args.from_run)
    log = run_log(outdir, args.log)
    run_field, run_format = run_reading(outdir)
    if run_field is not None and args.text_field is None:
        text_field = run_field
    fmt = args.format or run_format
    forced = parse_format(fmt) if fmt else None
    bad: list[str] = []
    index = LogIndex.read(log, lambda err: bad.append(str(err)), forced)
    for message in bad[:3]:
        say(message)
    rel = args.file.replace("\\", "/").removeprefix("./")
    entry = index.inputs.get(rel)
    if entry is None and (outdir / rel).is_file():  # an input the run did not change: no records
        manifest = load_manifest(outdir)
        if manifest is not None and not manifest.holds(rel):  # none the run has: no output of it
            raise UsageError(
                f"{rel}: the run into {outdir} did not write it (no record in the log, and its "
                "manifest lists no such output: left by an earlier run into the folder, or put there)"
            )
        entry = LoggedInput(rel, forced)
    if entry is None:
        raise UsageError(
            f"{rel}: the log of {outdir} names no such input (paths as the log's 'file' gives them)"
        )
    if entry.failure is not None:
        raise UsageError(f"{rel}: failed in that run ({entry.failure}); it has no output")
    output = outdir / entry.output_rel
    if not output.is_file():
        raise UsageError(f"{rel}: its output {output} is missing")
    shown_any = False
    extracted = "trafilatura" if entry.extracted else None

    def passed_over(line: int, error: str) -> None:  # a line the run copied unchanged: as explain FILE
        if args.record is not None:  # the record asked for: its error is the answer (exit 1)
            raise InputError(error, path=rel, line=line + 1)
        say(f"{rel}:{line + 1}: {error}")

    docs = logged_documents(output, entry, index, text_field, args.record, passed_over)
    for doc in docs:  # only that record, with --record
        if extracted and not doc.text:  # an empty or blank page: as explain FILE says
            raise InputError(_EMPTY_PAGE, path=rel)
        shown_any = True
        warnings = [(str(w["warning"]), str(w["message"])) for w in doc.warnings]
        by = extracted or ("trafilatura" if doc.extracted else None)  # a page's text, or a record's
        yield rel, doc.record, _Shown(doc.text, doc.removals, warnings, by)
    if args.record is not None and not shown_any:
        raise UsageError(f"{rel}: no record {args.record} with a {text_field!r} text in {output}")


def _cleaned(args: argparse.Namespace, settings: Settings) -> Iterator[tuple[str, int | None, _Shown]]:
    """(input path, record, what to show) of each document of FILE, cleaned now. The input
    is checked and the rules are loaded before this returns, so a usage, rule or config
    error is raised here (exit 2), not while the documents are shown."""
    from cleaner.cli.cleaner_options import build_cleaner
    from cleaner.io.discover import STDIN, InputFile, UsageError
    from cleaner.io.kinds import Kind, kind_from_name, parse_format

    if args.file == STDIN:
        kind = parse_format(args.format) if args.format else Kind("txt")
        f = InputFile(None, STDIN, kind)
    else:
        path = Path(args.file)
        if path.is_dir():
            raise UsageError(f"{args.file}: a folder; explain takes one file (see clean --dry-run --diff)")
        named = parse_format(args.format) if args.format else kind_from_name(path.name)
        if named is None:
            raise UsageError(f"{args.file}: cannot tell the kind of input from its name; use --format")
        kind = named
        if not path.exists():
            raise UsageError(f"{args.file}: no such file")
        f = InputFile(path, path.name, kind)
    cleaner = build_cleaner(settings)
    _note_preview_rules_left_out(settings, cleaner)
    fields = (settings.text_field, settings.url_field)
    return _shown_documents(cleaner, f, *fields, args.record, settings.html_field, settings.read_limits())


def _note_preview_rules_left_out(settings: Settings, cleaner: Cleaner) -> None:
    """Say which rules of the named rule files (or of the default packs) did not run for
    being in preview: `rules new` writes `status: preview`, and a new rule that takes
    nothing in explain would otherwise look like a rule that does not match. The default
    packs ship none, but a maintainer's checkout, installed editable, runs its rules/ as
    the default packs: they are loaded again only when a file of theirs says preview."""
    import re

    from cleaner.loader import default_rules_path, load_rules, rule_files

    if settings.preview:
        return
    paths = [str(p) for p in settings.rules or ()]
    if not paths:
        default = default_rules_path()
        marked = re.compile(r"^[ \t]*status:[ \t]*['\"]?preview\b", re.M)
        if not any(
            marked.search(f.read_text("utf-8", errors="replace"))
            for f in rule_files(default)
            if f.is_file()
        ):
            return
        paths = [str(default)]
    with_preview = load_rules(paths).select(
        settings.select, settings.ignore, preview=True, strict=False, enable=settings.enable
    )  # what --preview would run: a rule that select or ignore leaves out is not counted
    left = [r.id for r in with_preview.rules if r.status == "preview" and cleaner.rules.get(r.id) is None]
    if left:
        rules, it = ("rule", "it") if len(left) == 1 else ("rules", "them")
        shown = ", ".join(left[:5]) + (", …" if len(left) > 5 else "")
        say(f"note: {len(left)} {rules} in preview did not run ({shown}); --preview runs {it}")


def _shown_documents(
    cleaner: Cleaner,
    f: InputFile,
    text_field: str,
    url_field: str,
    only: int | None,
    html_field: str | None,
    limits: ReadLimits | None = None,
) -> Iterator[tuple[str, int | None, _Shown]]:
    where = "<stdin>" if f.path is None else str(f.path)
    try:
        for record, result in _documents(cleaner, f, text_field, url_field, only, html_field, limits):
            warnings = [(w.code, w.message) for w in result.warnings]
            yield (
                f.rel,
                record,
                _Shown(result.input_text or "", list(result.removals), warnings, result.extracted_by),
            )
    except InputError as exc:  # name the file when the error does not (trafilatura's, say)
        raise InputError(str(exc) if exc.path else f"{where}: {exc}") from None


#: options of a new clean, which explain --run (the run's log, not a clean) cannot use
_CLEAN_ONLY = (
    "rules", "select", "ignore", "enable", "preview", "max_removal", "rule_timeout", "max_html_size",
    "max_text_size", "url_field", "html_field",
)
#: the options of add_cleaner_options that --run reads too (the config, and the field of
#: the records when the run's manifest does not name it); the others are in _CLEAN_ONLY
RUN_READS = ("text_field", "config")


def run(args: argparse.Namespace) -> int:
    from cleaner.cli.cleaner_options import resolve_settings
    from cleaner.cli.style import one_line, paint, use_colour
    from cleaner.errors import CleanerError
    from cleaner.io.discover import UsageError, is_url

    for arg in (args.file if not args.from_run else "", args.from_run or "", args.log or ""):
        if is_url(arg):  # as a path, s3://b/out is a local folder "s3:": "no such file"
            raise UsageError(f"{arg}: explain reads local files, not URLs; copy it down from object storage")
    settings = resolve_settings(args)
    if args.record is not None and args.record < 0:
        raise UsageError("--record must be 0 or more (records are numbered from 0)")
    if args.log and not args.from_run:
        raise UsageError("--log goes with --run (the log of an earlier run)")
    if args.from_run:
        for dest in _CLEAN_ONLY:
            if getattr(args, dest) is not None:
                raise UsageError(
                    f"--{dest.replace('_', '-')} does not go with --run: the markers are the records "
                    "of the run's log, made with that run's rules and settings"
                )
    colour = use_colour(sys.stdout, args.color)
    out = sys.stdout
    docs = _from_run(args, settings.text_field) if args.from_run else _cleaned(args, settings)
    noted = False  # the note on text extracted from JSONL records' pages was printed
    try:
        for rel, record, shown in docs:
            if record is not None:
                out.write(paint(f"== {one_line(rel)}#{record} ==", "header", colour) + "\n")
            for code, message in shown.warnings:
                say(f"{rel}{'' if record is None else f'#{record}'}: {code}: {message}")
            if shown.extracted and record is not None:  # records of pages: said once
                if not noted:
                    say(
                        f"{rel}: shown: the text {shown.extracted} extracted from each record's "
                        "page (what it left out is not shown); the markers are the rules' changes, and "
                        "the log's offsets count in this text"
                    )
                noted = True
            elif shown.extracted:
                say(
                    f"{rel}: shown: the text {shown.extracted} extracted from the page "
                    f"({len(shown.text):,} characters; what it left out of the page is not shown); "
                    "the markers are the rules' changes, and the log's offsets count in this text"
                )
            text = render(shown.text, shown.removals, colour)  # control characters escaped
            out.write(text if text.endswith("\n") or not text else text + "\n")
    except UsageError:
        raise
    except CleanerError as exc:  # an input or a log that does not fit: named in the message
        say(str(exc))
        return 1
    out.flush()
    return 0
