# `cleaner restore OUTDIR`: rebuild the inputs of a `cleaner clean` run from its outputs and
# removal log into a folder, or check them against the inputs byte for byte (--check).
"""The ``restore`` subcommand."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from cleaner.cli.style import counted, one_line, say

if TYPE_CHECKING:
    from cleaner.io.discover import InputFile
    from cleaner.io.rebuild import LoggedInput, LogIndex

__all__ = ["register", "run"]

#: bad log lines printed one by one; the rest are counted
_SHOW_BAD = 10

_VERDICTS = (
    ("identical", "identical to the input"),
    ("records", "equal records, some JSON strings in other escapes"),
    ("undecoded", "differs only where the input had bytes that did not decode"),
    ("differs", "DIFFERS from the input"),
)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from cleaner.io.kinds import FORMAT_CHOICES

    p = sub.add_parser(
        "restore",
        help="rebuild the inputs of a run from OUTDIR and its removal log, or check them",
        description="Rebuild the inputs of a 'cleaner clean' run from its outputs and removal log: "
        "-o DEST writes them into DEST (mirroring the input tree, gzip as gzip), --check IN compares "
        "them with the input folder IN byte for byte. HTML pages cannot be rebuilt (the log "
        "describes the text extracted from them). Exit status: 0 every input was rebuilt (and "
        "matches, with --check), 1 something did not fit or differs, 2 usage error.",
    )
    p.add_argument("outdir", metavar="OUTDIR", help="the output folder of a 'cleaner clean' run")
    p.add_argument("-o", "--output", dest="dest", metavar="DEST", help="write the rebuilt inputs here")
    p.add_argument(
        "--check",
        action="append",
        metavar="IN",
        help="compare each rebuilt input with IN/PATH, PATH being its path in the run "
        "(repeatable: the run's input folders, tried in order)",
    )
    p.add_argument("--log", metavar="FILE", help="the run's removal log (default OUTDIR/removals.jsonl)")
    p.add_argument(
        "--text-field",
        metavar="NAME",
        help="field of JSONL records the run cleaned (default: the run's, as its manifest in OUTDIR says; "
        "else text)",
    )
    p.add_argument(
        "--format",
        choices=FORMAT_CHOICES,
        help="the run's --format, if it had one (default: as its manifest says)",
    )
    p.add_argument("--config", metavar="FILE", help="config file to take text_field from")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary")
    p.set_defaults(run=run)


def _text_field(args: argparse.Namespace, run_field: str | None) -> str:
    """--text-field, else the field the run cleaned (its manifest says), else the config's."""
    from cleaner.cli.cleaner_options import resolve_text_field
    from cleaner.config import load_config

    cfg = load_config(Path(args.config) if args.config else None)
    return resolve_text_field(args.text_field or run_field, cfg.text_field)


def _check_paths(args: argparse.Namespace) -> tuple[Path, Path, Path | None, list[Path]]:
    from cleaner.io.discover import UsageError, is_inside, is_url
    from cleaner.io.rebuild import run_log

    for arg in [args.outdir, args.dest or "", args.log or "", *(args.check or ())]:
        if is_url(arg):  # as a path, -o s3://b/back is a local folder "s3:"
            raise UsageError(
                f"{arg}: restore reads and writes local paths, not URLs; copy the run's "
                "output (and the inputs to check) down from object storage first"
            )
    outdir = Path(args.outdir)
    if not outdir.is_dir():
        raise UsageError(f"{args.outdir}: no such folder")
    log = run_log(outdir, args.log)
    if not args.dest and not args.check:
        raise UsageError("say what to do: -o DEST to write the rebuilt inputs, --check IN to compare them")
    dest = Path(args.dest) if args.dest else None
    checks = [Path(c) for c in args.check or ()]
    for c in checks:
        if not c.is_dir():
            raise UsageError(f"--check {c}: no such folder")
    if dest is not None:
        d, o = dest.resolve(), outdir.resolve()
        if is_inside(d, o) or is_inside(o, d):
            raise UsageError(f"{args.dest}: choose a folder apart from OUTDIR {args.outdir}")
        for c in checks:
            if is_inside(d, c.resolve()) or is_inside(c.resolve(), d):
                raise UsageError(
                    f"{args.dest}: choose a folder apart from the inputs ({c}); inputs are never written to"
                )
    return outdir, log, dest, checks


@dataclass
class _Tally:
    """What came of each input, as the run goes."""

    rebuilt: int = 0
    verdicts: Counter[str] = field(default_factory=Counter)
    failures: int = 0
    html: list[str] = field(default_factory=list)
    no_output: list[str] = field(default_factory=list)  # inputs that have none to rebuild from
    not_in_run: list[str] = field(default_factory=list)  # files of IN the run did not clean
    not_written: list[str] = field(default_factory=list)  # files of OUTDIR the run did not write
    bad_lines: int = 0

    def fail(self, message: str) -> None:
        self.failures += 1
        say(message)


@dataclass(frozen=True, slots=True)
class _Target:
    """Where the rebuilt inputs go: ``dest`` to write them, ``check`` to compare them."""

    dest: Path | None
    check: list[Path]
    text_field: str


def _restore_one(
    f: InputFile, entry: LoggedInput | None, index: LogIndex, to: _Target, tally: _Tally
) -> None:
    """Rebuild the input whose output is ``f``: write it to DEST, compare it with IN."""
    from cleaner.errors import InputError
    from cleaner.io.readers import LongLine
    from cleaner.io.rebuild import compare, read_back, rebuild
    from cleaner.io.writers import atomic_write

    assert f.path is not None
    rel = entry.rel if entry is not None else f.rel
    pieces = rebuild(f.path, f.kind, entry, index, to.text_field)
    if to.dest is not None:
        written = to.dest / rel
        with atomic_write(written, gz=f.kind.gz) as out:
            for piece in pieces:
                if isinstance(piece, LongLine):  # a line copied unchanged, never held whole
                    out.write(piece.head)
                    for part in piece.pieces():
                        out.write(part)
                else:
                    out.write(piece)
        pieces = read_back(written, f.kind)  # compare what was written
    original = next((c / rel for c in to.check if (c / rel).is_file()), None)
    if to.check and original is None:
        where = ", ".join(map(str, to.check))
        raise InputError(f"no input {rel} in {where} to compare with", path=str(f.path))
    if original is None:
        if to.dest is None:
            for _piece in pieces:  # rebuild it all, so that a log that does not fit is found
                pass
    else:
        check = compare(pieces, original, f.kind, entry)
        tally.verdicts[check.verdict] += 1
        if check.verdict == "differs":
            tally.fail(f"{rel}: the rebuilt input differs from {original} {check.detail}")
    tally.rebuilt += 1


def run(args: argparse.Namespace) -> int:
    from cleaner.errors import CleanerError
    from cleaner.io.discover import InputStream
    from cleaner.io.kinds import Kind, parse_format
    from cleaner.io.manifest import load_manifest
    from cleaner.io.rebuild import LogIndex

    outdir, log, dest, checks = _check_paths(args)
    # which inputs the run finished, and how it read them (none for a Dask run into object
    # storage: then --text-field and --format say)
    manifest = load_manifest(outdir)
    target = _Target(dest, checks, _text_field(args, manifest.text_field if manifest else None))
    fmt = args.format or (manifest.format if manifest else None)
    forced = parse_format(fmt) if fmt else None
    # the kind of the outputs: an HTML page's is text
    out_kind = Kind("txt", forced.gz) if forced is not None and forced.format == "html" else forced
    tally = _Tally()

    def bad_line(err: CleanerError) -> None:
        tally.bad_lines += 1
        if tally.bad_lines <= _SHOW_BAD:
            say(str(err))

    index = LogIndex.read(log, bad_line, forced)
    if tally.bad_lines > _SHOW_BAD:
        more = f"{log}: {tally.bad_lines - _SHOW_BAD} more lines are not log records"
        say(more)

    seen: set[str] = set()
    log_path = log.resolve()
    for f, _ in InputStream([str(outdir)], out_kind):
        assert f.path is not None
        if f.path.resolve() == log_path:
            continue
        entry = index.for_output(f.rel)
        if entry is None and manifest is not None and not manifest.holds(f.rel):
            # no record, and the run did not write it: the output of an input of an earlier
            # run into OUTDIR that this one did not have, or a file put there; not an input
            tally.not_written.append(f.rel)
            continue
        seen.add(entry.rel if entry is not None else f.rel)
        if entry is not None and entry.extracted:
            tally.html.append(entry.rel)
            continue
        try:
            _restore_one(f, entry, index, target, tally)
        except CleanerError as exc:
            tally.fail(str(exc))
        except OSError as exc:
            tally.fail(f"{f.path}: {exc.strerror or exc}")

    for entry in index.inputs.values():
        if entry.rel in seen:
            continue
        seen.add(entry.rel)
        if entry.failure is not None:
            tally.no_output.append(f"{entry.rel}: failed in the run ({entry.failure})")
        elif entry.extracted:  # an HTML page read with --format html, its output elsewhere
            tally.html.append(entry.rel)
        elif entry.rel == "-":
            tally.no_output.append("-: standard input (its output went to standard output)")
        else:
            tally.fail(f"{entry.rel}: the log has records for it, but {outdir / entry.output_rel} is missing")
    for root in checks:  # files of IN with no output and no record: not inputs of the run?
        for f, _ in InputStream([str(root)], forced):
            if f.rel in seen:
                continue
            seen.add(f.rel)
            if manifest is not None and manifest.holds(f.output_rel):
                tally.fail(f"{f.path}: the run cleaned it, but {outdir / f.output_rel} is missing")
            else:
                tally.not_in_run.append(str(f.path))

    if not args.quiet:
        _summary(tally, dest, checks)
    return 1 if tally.failures or tally.bad_lines else 0


def _summary(tally: _Tally, dest: Path | None, checks: list[Path]) -> None:
    out = sys.stderr
    where = f" into {one_line(str(dest))}" if dest is not None else ""
    print(f"rebuilt {counted(tally.rebuilt, 'input')}{where}", file=out)
    if checks and tally.verdicts:
        print(f"compared with {one_line(', '.join(map(str, checks)))}:", file=out)
        for key, label in _VERDICTS:
            if tally.verdicts[key]:
                print(f"  {tally.verdicts[key]:>8}  {label}", file=out)
    if tally.html:
        print(
            f"not rebuilt: {counted(len(tally.html), 'HTML page')} (the log describes the text"
            " extracted from each, not the page):",
            file=out,
        )
        _listed(tally.html, out)
    if tally.no_output:
        print(f"not rebuilt: {counted(len(tally.no_output), 'input')} with no output:", file=out)
        _listed(tally.no_output, out)
    if tally.not_written:
        print(
            f"not rebuilt: {counted(len(tally.not_written), 'file')} in OUTDIR that the run did not write"
            " (no record in the log, and its manifest lists no such output: left by an earlier run"
            " into OUTDIR, or put there; or written after the last checkpoint of a run that was"
            " killed, which --resume finishes):",
            file=out,
        )
        _listed(tally.not_written, out)
    if tally.not_in_run:
        print(
            f"not compared: {counted(len(tally.not_in_run), 'file')} in IN with no output, no record,"
            " and no",
            file=out,
        )
        print("  entry in the run's manifest (not inputs of this run, or no manifest to tell):", file=out)
        _listed(tally.not_in_run, out)
    if tally.failures:
        print(f"failed: {tally.failures} (see above)", file=out)
    if tally.bad_lines:
        print(f"the log has {tally.bad_lines} lines that are not log records", file=out)


def _listed(names: list[str], out: TextIO) -> None:
    for name in names[:_SHOW_BAD]:
        print(f"  {one_line(name)}", file=out)
    if len(names) > _SHOW_BAD:
        print(f"  and {len(names) - _SHOW_BAD} more", file=out)
