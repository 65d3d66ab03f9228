# `cleaner stats LOG`: what a removal log says: changes and characters removed per rule
# and per category, warnings and errors, and a few example spans for each rule.
"""The ``stats`` subcommand."""

from __future__ import annotations

import argparse
import os
from collections import Counter
from dataclasses import dataclass, field

__all__ = ["LogStats", "register", "run"]

#: distinct example texts remembered per rule (the most frequent are shown)
_KEEP_DISTINCT = 200


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "stats",
        help="summarise a removal log: changes per rule and category, with examples",
        description="Read a removal log written by 'cleaner clean' and print changes and characters "
        "removed per rule and per category, warnings, errors, and example spans for each rule.",
    )
    p.add_argument(
        "log",
        metavar="LOG",
        help="removal log (JSON Lines), or the OUTDIR of a run, whose removals.jsonl is read",
    )
    p.add_argument("--examples", type=int, default=3, metavar="N", help="example spans per rule (default 3)")
    p.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text: tables for reading (default); json: one JSON object, for dashboards and pipeline checks",
    )
    p.set_defaults(run=run)


@dataclass(slots=True)
class LogStats:
    """Counts over the records of one removal log. ``files`` are the files with changes
    (removal records), as `clean`'s summary counts changed files; ``flagged`` the files
    with warning or error records, changed or not."""

    files: set[str] = field(default_factory=set)
    flagged: set[str] = field(default_factory=set)
    changes: Counter[str] = field(default_factory=Counter)
    chars: Counter[str] = field(default_factory=Counter)
    category_changes: Counter[str] = field(default_factory=Counter)
    category_chars: Counter[str] = field(default_factory=Counter)
    rule_category: dict[str, str] = field(default_factory=dict)
    examples: dict[str, Counter[str]] = field(default_factory=dict)
    warnings: Counter[str] = field(default_factory=Counter)
    events: Counter[str] = field(default_factory=Counter)
    errors: int = 0

    def add(self, rec: dict[str, object]) -> None:
        from cleaner.io.removal_log import record_type

        kind = record_type(rec)
        if kind == "warning":
            self.warnings[str(rec["warning"])] += 1
            self.flagged.add(str(rec.get("file")))
        elif kind == "event":
            self.events[str(rec["event"])] += 1
        elif kind == "error":
            self.errors += 1
            self.flagged.add(str(rec.get("file")))
        else:
            self.files.add(str(rec.get("file")))
            rule, cat = str(rec.get("rule")), str(rec.get("category"))
            text, repl = str(rec.get("text", "")), str(rec.get("replacement", ""))
            removed = len(text) - len(repl)
            self.changes[rule] += 1
            self.chars[rule] += removed
            self.category_changes[cat] += 1
            self.category_chars[cat] += removed
            self.rule_category.setdefault(rule, cat)
            ex = self.examples.setdefault(rule, Counter())
            if text in ex or len(ex) < _KEEP_DISTINCT:
                ex[text] += 1

    def as_dict(self, n_examples: int, bad_lines: int = 0) -> dict[str, object]:
        """The counts as plain data (``--format json``): totals, then per category and per
        rule (most changes first), each rule with its ``n_examples`` most frequent texts."""

        def by_changes(changes: Counter[str]) -> list[str]:
            return [k for k, _ in sorted(changes.items(), key=lambda kv: (-kv[1], kv[0]))]

        return {
            "changes": sum(self.changes.values()),
            "chars_removed": sum(self.chars.values()),
            "files_changed": len(self.files),
            "files_only_flagged": len(self.flagged - self.files),
            "warnings": dict(sorted(self.warnings.items())),
            "events": dict(sorted(self.events.items())),
            "errors": self.errors,
            "bad_lines": bad_lines,
            "categories": {
                c: {"changes": self.category_changes[c], "chars_removed": self.category_chars[c]}
                for c in by_changes(self.category_changes)
            },
            "rules": {
                r: {
                    "category": self.rule_category[r],
                    "changes": self.changes[r],
                    "chars_removed": self.chars[r],
                    "examples": [
                        {"text": t, "count": n} for t, n in self.examples[r].most_common(max(n_examples, 0))
                    ],
                }
                for r in by_changes(self.changes)
            },
        }

    def report(self, n_examples: int) -> str:
        from cleaner.cli.style import counted, one_line

        lines: list[str] = []
        total = sum(self.changes.values())
        removed = sum(self.chars.values())
        files = counted(len(self.files), "file")
        head = f"{counted(total, 'change')}, {counted(removed, 'character')} removed, in {files}"
        unchanged = len(self.flagged - self.files)
        if unchanged:
            head += f"; {counted(unchanged, 'file')} with only warnings or errors"
        lines.append(head)
        if self.warnings:
            lines.append("warnings: " + ", ".join(f"{k} {v}" for k, v in sorted(self.warnings.items())))
        if self.events:
            lines.append("events: " + ", ".join(f"{k} {v}" for k, v in sorted(self.events.items())))
        if self.errors:
            lines.append(f"errors: {self.errors}")
        if self.category_changes:
            lines += ["", _table("category", self.category_changes, self.category_chars, None)]
        if self.changes:
            lines += ["", _table("rule", self.changes, self.chars, self.rule_category)]
        if n_examples > 0 and self.examples:
            lines += ["", "examples"]
            for rule, _ in sorted(self.changes.items(), key=lambda kv: (-kv[1], kv[0])):
                lines.append(f"  {one_line(rule)}")
                for text, n in self.examples[rule].most_common(n_examples):
                    lines.append(f"    {n:>6}x  {_show(text)}")
        return "\n".join(lines)


def _show(text: str, width: int = 72) -> str:
    s = repr(text)[1:-1]
    return s if len(s) <= width else s[: width - 3] + "..."


def _table(label: str, changes: Counter[str], chars: Counter[str], cats: dict[str, str] | None) -> str:
    from cleaner.cli.style import one_line  # a rule or category as the log has it: one row

    items = sorted(changes.items(), key=lambda kv: (-kv[1], kv[0]))
    names = {k: one_line(k) for k, _ in items}
    w = max(len(label), *(len(names[k]) for k, _ in items))
    head = (
        f"{label:<{w}}  " + (f"{'category':<12}" if cats else "") + f"{'changes':>9}  {'chars removed':>13}"
    )
    rows = [head]
    for key, n in items:
        cat = f"{one_line(cats[key]):<12}" if cats else ""
        rows.append(f"{names[key]:<{w}}  {cat}{n:>9}  {chars[key]:>13}")
    return "\n".join(rows)


#: bad lines printed one by one; the rest are counted
_SHOW_BAD = 10


def run(args: argparse.Namespace) -> int:
    from cleaner.cli.style import each_line, say
    from cleaner.errors import InputError
    from cleaner.io.discover import UsageError, is_url
    from cleaner.io.removal_log import LOG_NAME, read_log

    if is_url(args.log):  # as a path, s3://b/out/removals.jsonl would be "no such file"
        raise UsageError(f"{args.log}: stats reads a local log, not a URL; copy it down from object storage")
    log = args.log
    if os.path.isdir(log):  # the OUTDIR of a run, as restore and explain --run take it
        log = os.path.join(log, LOG_NAME)
        if not os.path.exists(log):
            raise UsageError(f"{args.log}: a folder without a {LOG_NAME}; give the removal log's path")
    stats = LogStats()
    bad: list[InputError] = []
    try:
        for rec in read_log(log, on_error=bad.append):
            stats.add(rec)
    except FileNotFoundError:
        raise UsageError(f"{log}: no such file") from None
    except IsADirectoryError:  # a log path that is a folder (removals.jsonl/ in OUTDIR)
        raise UsageError(f"{log}: a folder, not a log file") from None
    except OSError as exc:
        say(f"{log}: {exc.strerror or exc}")
        return 1
    for err in bad[:_SHOW_BAD]:
        say(str(err))
    if len(bad) > _SHOW_BAD:
        more = f"{log}: {len(bad) - _SHOW_BAD} more lines are not log records"
        say(more)
    if args.format == "json":
        import json
        import re

        out = json.dumps(stats.as_dict(args.examples, len(bad)), ensure_ascii=False, indent=1)
        # a lone surrogate (JSON may hold one) has no UTF-8, and DEL and the C1 controls,
        # which JSON leaves as they are, a terminal may take for commands: each written as
        # its JSON escape
        print(re.sub("[\x7f-\x9f\ud800-\udfff]", lambda m: f"\\u{ord(m.group()):04x}", out))
    else:  # rule ids, warnings and example spans come from the log: escaped, as any name
        print(each_line(stats.report(args.examples)))
    return 1 if bad else 0
