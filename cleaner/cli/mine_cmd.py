# `cleaner mine`: find boilerplate that repeats across the documents of a group and
# write reviewable draft rules (status: preview) plus a report of what was kept and why.
"""The ``mine`` subcommand."""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cleaner.mine.corpus import Corpus

__all__ = ["register", "run"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from cleaner.cli.cleaner_options import add_corpus_limit

    p = sub.add_parser(
        "mine",
        help="propose draft rules from boilerplate repeated across documents",
        description="Read .txt folders and .jsonl(.gz) record files, find lines and runs of lines "
        "that recur across the documents of a group (a site, a folder, a record field), and write "
        "draft rule files (status: preview, real examples, provenance) plus report.md and "
        "report.json into DRAFTS. The input is read three times (two counting passes, one "
        "sample pass), so it must be files, not standard input.",
    )
    p.add_argument("inputs", nargs="*", metavar="INPUT", help="file or folder (searched recursively)")
    p.add_argument(
        "--by",
        nargs="+",
        default=["domain"],
        metavar=("MODE", "NAME"),
        help="group documents by: domain (of the record's url/source field, or a folder named "
        "like a host), folder, field NAME (a record field; a URL stands for its host), or all "
        "(one group). Default: domain",
    )
    p.add_argument(
        "--text-field",
        metavar="NAME",
        help="JSONL field with the text (default: text_field of the config file, else text)",
    )
    p.add_argument(
        "--min-docs",
        type=int,
        default=5,
        metavar="N",
        help="a line must recur in at least N documents (default 5)",
    )
    p.add_argument(
        "--min-share",
        type=float,
        default=0.05,
        metavar="F",
        help="... and in at least this share of its group's documents (default 0.05)",
    )
    p.add_argument(
        "-o", "--output", required=True, metavar="DRAFTS", help="folder for the drafts and the report"
    )
    p.add_argument(
        "--sample",
        type=int,
        default=200,
        metavar="N",
        help="documents per group cleaned with the drafts, to measure them and take examples (default 200)",
    )
    p.add_argument("--max-drafts", type=int, default=100, metavar="N", help="drafts per group (default 100)")
    p.add_argument(
        "--sketch-mb",
        type=float,
        default=64.0,
        metavar="MB",
        help="memory of the first-pass counter, whatever the corpus size (default 64)",
    )
    p.add_argument(
        "--top", type=int, default=5, metavar="N", help="drafts and rejections printed per group (default 5)"
    )
    add_corpus_limit(p, "a longer line is passed over (counted in the report)")
    p.add_argument("-q", "--quiet", action="store_true", help="print only where the files went")
    p.set_defaults(run=run)


def _grouping(args: argparse.Namespace) -> tuple[str, str | None, list[str]]:
    """(mode, field, inputs): --by takes one or two words; the rest are inputs that
    argparse let --by swallow (``--by domain data/`` reads as mode plus input)."""
    from cleaner.mine.miner import MineError

    by = list(args.by)
    mode = by.pop(0)
    field = by.pop(0) if mode == "field" and by else None
    if mode == "field" and field is None:
        raise MineError("--by field needs a field name: --by field NAME")
    return mode, field, [*by, *args.inputs]


def _check_numbers(args: argparse.Namespace) -> None:
    """Every numeric option in its range, or a UsageError naming the option."""
    from cleaner.io.discover import UsageError

    if args.min_docs < 2:
        raise UsageError(
            f"--min-docs must be at least 2 (got {args.min_docs}): a line in one document is not repeated"
        )
    if not 0.0 <= args.min_share <= 1.0:  # also refuses nan
        raise UsageError(f"--min-share must be a share from 0 to 1 (got {args.min_share})")
    if args.sample < 1:
        raise UsageError(f"--sample must be at least 1 (got {args.sample}): examples come from the sample")
    if args.max_drafts < 1:
        raise UsageError(f"--max-drafts must be at least 1 (got {args.max_drafts})")
    if not (math.isfinite(args.sketch_mb) and args.sketch_mb > 0):
        raise UsageError(f"--sketch-mb must be a positive number of megabytes (got {args.sketch_mb})")
    if args.top < 0:
        raise UsageError(f"--top must be 0 or more (got {args.top})")


def _no_documents(inputs: list[str], corpus: Corpus) -> str:
    """Why mining found no document: no input file, or records it had to pass over."""
    where = ", ".join(inputs)
    if not corpus.skipped:
        return f"no documents in {where} (.txt, .jsonl, each maybe .gz)"
    why = "; ".join(f"{n} record{'s' if n != 1 else ''}: {reason}" for reason, n in corpus.skipped.items())
    msg = f"no documents in {where}: every record was passed over ({why})"
    if any(reason.startswith("no string field") for reason in corpus.skipped):
        msg += "; name the field that holds the text with --text-field (or text_field in the config; "
        msg += f"this run read {corpus.text_field!r})"
        if corpus.other_fields:
            msg += f"; string fields of the first such record: {', '.join(corpus.other_fields)}"
    return msg


def run(args: argparse.Namespace) -> int:
    from cleaner.cli.cleaner_options import DEFAULT_TEXT_FIELD, corpus_reading
    from cleaner.cli.style import counted, each_line, one_line, say
    from cleaner.io.discover import UsageError, make_folder
    from cleaner.io.limits import CorpusLimits
    from cleaner.mine.corpus import GROUP_MODES, Corpus, Grouping
    from cleaner.mine.count import CountSettings
    from cleaner.mine.miner import MineError, MineSettings, mine, write_drafts
    from cleaner.mine.outdir import earlier_drafts, remove_earlier_drafts
    from cleaner.mine.report import summary_text, write_report

    mode, field, inputs = _grouping(args)
    if mode not in GROUP_MODES:
        raise MineError(f"--by {mode}: expected one of {', '.join(GROUP_MODES)}")
    if not inputs:
        raise MineError("no INPUT given")
    if "-" in inputs:
        raise MineError("mine reads its input three times; standard input cannot be mined")
    _check_numbers(args)
    reading = corpus_reading(args)
    limits = CorpusLimits.of("mine", reading.max_text_size)
    try:
        settings = MineSettings(
            CountSettings(min_docs=args.min_docs, min_share=args.min_share, sketch_mb=args.sketch_mb),
            sample_docs=args.sample,
            max_drafts=args.max_drafts,
        )
    except ValueError as exc:
        raise MineError(str(exc)) from None
    out = Path(args.output)
    if out.exists() and not out.is_dir():
        raise UsageError(f"output folder {out} is a file, not a folder")
    earlier = earlier_drafts(out)  # refuse a folder with other rule files before the long passes
    text_field = reading.text_field or DEFAULT_TEXT_FIELD
    corpus = Corpus(inputs, Grouping(mode, field), text_field=text_field, limits=limits)
    result = mine(corpus, settings)
    if corpus.first_too_long is not None:  # whatever -q: the drafts were mined without them
        n = corpus.skipped.get(corpus.too_long, 1)
        more = f" ({counted(n - 1, 'more line')} over the limit passed over too)" if n > 1 else ""
        say(f"{corpus.first_too_long}; record passed over{more}")
    if result.docs == 0:  # an empty report would read as "nothing repeats here"
        raise MineError(_no_documents(inputs, corpus))
    make_folder(out, "output folder")
    remove_earlier_drafts(earlier)
    files = write_drafts(result, out)
    reports = write_report(result, out, drafts=files, replaced=earlier)
    if not args.quiet:
        print(each_line(summary_text(result, top=args.top)))  # groups and lines of the corpus
    rewritten = set(files)
    for path in earlier:
        if path not in rewritten:
            removed = one_line(str(path))
            print(f"removed {removed} (a draft of the earlier run in this folder)", file=sys.stderr)
    for path in [*files, *reports]:
        print(f"wrote {one_line(str(path))}", file=sys.stderr)
    return 0
