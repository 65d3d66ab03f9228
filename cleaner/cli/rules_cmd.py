# `cleaner rules list|test|lint|new|try|docs|schema`: the rule author's commands. Only
# argparse is imported here; each command imports its module when it runs.
"""The ``rules`` subcommand group."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from cleaner.cli.style import counted, each_line, one_line

if TYPE_CHECKING:
    from cleaner.ruleset import RuleSet

__all__ = ["register"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from cleaner.cli.cleaner_options import add_corpus_limit

    p = sub.add_parser(
        "rules",
        help="list, test, lint, scaffold, try and document rule files",
        description="Tools for rule authors. Guide: docs/writing-rules.md; catalogue: docs/rules.md.",
    )
    rsub = p.add_subparsers(dest="rules_command", metavar="SUBCOMMAND")
    p.set_defaults(run=lambda args: p.print_help() or 2)

    q = rsub.add_parser("list", help="list rules: id, category, confidence, status, description")
    q.add_argument("--category", action="append", metavar="C", help="only this category (repeatable)")
    q.add_argument("--pack", action="append", metavar="P", help="only this pack (repeatable)")
    q.add_argument("--status", choices=("stable", "preview", "deprecated"), help="only rules of this status")
    _add_rules_option(q)
    q.set_defaults(run=run_list)

    q = rsub.add_parser(
        "test",
        help="run every rule's examples and counterexamples, and the fixture files",
        description="Run each rule alone on its examples (the output must match) and counterexamples "
        "(the text must come out unchanged), and run the whole-document cases of the *.cases.yaml "
        "fixture files. Prints the rule id, file:line and a diff for each failure; exits 1 on any.",
    )
    _add_paths_argument(q)
    q.set_defaults(run=run_test)

    q = rsub.add_parser(
        "lint",
        help="check rule files: schema, ids, regexes, backtracking, breadth, examples, fixture files",
        description="Report every problem with its code, file, line and rule id; exit 1 if any. "
        "The codes are listed in docs/writing-rules.md.",
    )
    _add_paths_argument(q)
    q.add_argument(
        "--ignore",
        action="append",
        metavar="CODE",
        default=[],
        help="skip a check (repeatable); a problem that stops a file from loading (yaml, schema, "
        "unknown-key, duplicate-key, duplicate-id, regex-compile, ...) is reported all the same",
    )
    q.set_defaults(run=run_lint)

    q = rsub.add_parser(
        "new",
        help="write a new rule file with every field and TODO placeholders",
        description="Write DIR/PACK/NAME.yaml with every field, a comment on each and TODO placeholders; "
        "`cleaner rules lint` rejects it until they are all filled in. An id that a rule file of DIR "
        "or of the shipped packs already has is refused.",
    )
    q.add_argument("name", metavar="NAME", help="the rule's name; its id is PACK.NAME")
    q.add_argument("--pack", required=True, metavar="P", help="pack (folder and id prefix)")
    q.add_argument("--category", required=True, metavar="C", help="category of debris")
    q.add_argument("--domain", metavar="D", help="make it a site pack: the file applies to this site only")
    q.add_argument("--dir", default="rules", metavar="DIR", help="rules folder (default: rules)")
    q.set_defaults(run=run_new)

    q = rsub.add_parser(
        "try",
        help="run a rule file over a corpus and show its impact; writes nothing",
        description="Run the rules of RULEFILE (preview included, no removal guard) over the .txt and "
        ".jsonl files of FOLDER and print hits, characters removed, documents touched, the most "
        "frequent removed texts and a sample of spans in context. Nothing is written.",
    )
    q.add_argument("rulefile", metavar="RULEFILE", help="rule file (or folder of them) to try")
    q.add_argument(
        "folder", metavar="FOLDER", help="folder (or file) of .txt / .jsonl documents, .gz allowed"
    )
    q.add_argument("--rule", action="append", metavar="ID", help="only this rule of the file (repeatable)")
    q.add_argument("--any-source", action="store_true", help="run site-scoped rules on every document")
    q.add_argument("--limit", type=int, metavar="N", help="read at most N documents")
    q.add_argument(
        "--text-field",
        metavar="NAME",
        help="field of JSONL records that holds the text (default: text_field of the config file, "
        "else text, else content)",
    )
    q.add_argument("--samples", type=int, default=10, metavar="N", help="spans to show (default 10)")
    add_corpus_limit(q, "and so is a longer line")
    q.set_defaults(run=run_try)

    q = rsub.add_parser(
        "docs",
        help="write the Markdown catalogue of all rules",
        description="Generate the rule catalogue, grouped by pack and category. The repository's copy "
        "is docs/rules.md: cleaner rules docs --rules rules/ -o docs/rules.md",
    )
    q.add_argument("-o", "--output", metavar="FILE", help="write here (default: standard output)")
    _add_rules_option(q)
    q.set_defaults(run=run_docs)

    q = rsub.add_parser("schema", help="print where the rule-file JSON Schema is installed (for editors)")
    q.set_defaults(run=run_schema)


def _add_paths_argument(q: argparse.ArgumentParser) -> None:
    """The PATH... positional of `rules test` and `rules lint`."""
    q.add_argument(
        "paths", nargs="*", metavar="PATH", help="rule files or folders (default: the shipped packs)"
    )


def _add_rules_option(q: argparse.ArgumentParser) -> None:
    q.add_argument(
        "--rules",
        action="append",
        metavar="PATH",
        help="rule file or folder (repeatable; default: shipped packs)",
    )


def _load(paths: list[str] | None) -> RuleSet:
    from cleaner.cli.cleaner_options import load_rules_or_report

    return load_rules_or_report(paths or None)


def _paths(paths: list[str] | None) -> list[Path]:
    """The rule files and folders named (default: the shipped packs). A folder that holds
    no rule file is a usage error: testing or linting it would pass having checked nothing."""
    from cleaner.io.discover import UsageError
    from cleaner.loader import default_rules_path, rule_files

    if not paths:
        return [default_rules_path()]
    out = [Path(p) for p in paths]
    for p in out:
        if p.is_dir() and not rule_files(p):
            raise UsageError(f"{p}: no rule files (.yaml, .yml) in this folder")
    return out


def run_list(args: argparse.Namespace) -> int:
    rules = [
        r
        for r in _load(args.rules)
        if (not args.category or r.category in args.category)
        and (not args.pack or r.pack in args.pack)
        and (not args.status or r.status == args.status)
    ]
    if not rules:
        print("no rules match", file=sys.stderr)
        return 1
    rows = [
        (r.id, r.category, r.confidence, r.status + " opt-in" * r.opt_in, r.description.splitlines()[0])
        for r in rules
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        desc = row[4] if len(row[4]) <= 90 else row[4][:89] + "…"
        print(one_line("  ".join(cell.ljust(w) for cell, w in zip(row[:4], widths)) + "  " + desc))
    return 0


def run_test(args: argparse.Namespace) -> int:
    from cleaner.authoring.fixtures import find_fixture_files, read_cases, rule_paths_of, run_case
    from cleaner.errors import RuleError
    from cleaner.loader import load_rules
    from cleaner.ruletest import check_rule

    paths = _paths(args.paths)
    errors: list[RuleError] = []
    rs = load_rules(rule_paths_of(paths), errors)
    problems = 0
    for err in errors:
        print(one_line(str(err)), file=sys.stderr)
        problems += 1
    n_examples = n_counter = n_cases = 0
    for rule in rs.rules:
        n_examples += len(rule.examples)
        n_counter += len(rule.counterexamples)
        for example_failure in check_rule(rule):
            print(each_line(str(example_failure)))
            problems += 1
    for fixture in find_fixture_files(paths):
        fixture_errors: list[RuleError] = []
        cases = read_cases(fixture, rs, fixture_errors)
        for err in fixture_errors:
            print(one_line(str(err)), file=sys.stderr)
            problems += 1
        for case in cases:
            n_cases += 1
            for failure in run_case(case, rs):
                print(each_line(str(failure)))
                problems += 1
    summary = ", ".join(
        counted(n, noun)
        for n, noun in ((len(rs), "rule"), (n_examples, "example"), (n_counter, "counterexample"))
    )
    summary += f", {counted(n_cases, 'fixture case')}"
    if problems:
        print(f"rules test: {counted(problems, 'failure')} ({summary})", file=sys.stderr)
        return 1
    print(f"rules test: all passed ({summary})")
    return 0


def run_lint(args: argparse.Namespace) -> int:
    from cleaner.authoring.lint import CODES, lint_paths
    from cleaner.rule_messages import did_you_mean

    unknown = [c for c in args.ignore if c not in CODES]
    if unknown:
        print(
            f"cleaner rules lint: unknown code(s) {', '.join(c + did_you_mean(c, CODES) for c in unknown)}; "
            f"codes: {', '.join(CODES)}",
            file=sys.stderr,
        )
        return 2
    report = lint_paths(_paths(args.paths))
    issues = report.without(args.ignore)
    for issue in issues:
        print(one_line(str(issue)))
    kept = sorted({i.code for i in issues if i.load_error and i.code in args.ignore})
    if kept:
        print(
            f"rules lint: --ignore {', '.join(kept)} does not apply to a file that does not load",
            file=sys.stderr,
        )
    errors = sum(1 for i in issues if not i.is_warning)
    warnings = len(issues) - errors
    where = f"{counted(report.rules, 'rule')} in {counted(report.files, 'file')}"
    if report.fixtures:
        where += f", {counted(report.fixtures, 'fixture file')}"
    also = f", {counted(warnings, 'warning')}" if warnings else ""
    if errors:
        print(f"rules lint: {counted(errors, 'problem')}{also} ({where})", file=sys.stderr)
        return 1
    print(f"rules lint: all checks passed{also} ({where})")
    return 0


def run_new(args: argparse.Namespace) -> int:
    from cleaner.authoring.scaffold import new_rule_file
    from cleaner.io.discover import is_inside
    from cleaner.loader import default_rules_path

    path = new_rule_file(args.pack, args.category, args.name, directory=args.dir, domain=args.domain)
    shown = one_line(str(path))
    print(f"wrote {shown}")
    print("next: replace every TODO, then")
    print(f"  cleaner rules lint {shown}")
    print(f"  cleaner rules test {shown}")
    print(f"  cleaner rules try {shown} CORPUS/")
    default = default_rules_path()
    if not is_inside(path.resolve(), default.resolve()):  # --dir is often relative (`rules`)
        shipped = [p.name for p in default.iterdir() if p.is_dir()] if default.is_dir() else []
        if any((Path(args.dir) / name).is_dir() for name in shipped if name != args.pack):
            # a checkout's copy of the packs, while an installed cleaner runs its own copy
            print(
                f"note: the default packs this cleaner runs are in {default}, so clean and explain "
                f"run this rule only with --preview --rules {args.dir} (or after pip install -e . of this "
                "checkout; --preview while it has status: preview)"
            )
        else:  # a folder of one's own rules
            print(
                f"note: clean and explain run this rule beside the default packs with --preview --rules "
                f"{default} --rules {args.dir} (--preview while it has status: preview; --rules "
                f"replaces the default packs, so naming only {args.dir} runs its rules alone)"
            )
    return 0


def run_try(args: argparse.Namespace) -> int:
    from cleaner.authoring.trial import format_report, try_rules
    from cleaner.cli.cleaner_options import corpus_reading
    from cleaner.errors import RuleSelectionError
    from cleaner.io.discover import UsageError
    from cleaner.ruleset import RuleSet

    for option, value in (("--samples", args.samples), ("--limit", args.limit)):
        if value is not None and value < 0:
            raise UsageError(f"{option} must be 0 or more (got {value})")
    rs = _load([args.rulefile])
    if args.rule:
        missing = [i for i in args.rule if rs.get(i) is None]
        if missing:
            import shlex

            from cleaner.rule_messages import did_you_mean

            ids = [r.id for r in rs.rules]
            said = ", ".join(i + did_you_mean(i, ids) for i in missing)
            listed = f"{len(ids)} rules: `cleaner rules list --rules {shlex.quote(args.rulefile)}` names them"
            has = ", ".join(ids) if len(ids) <= 10 else listed
            raise RuleSelectionError(f"{said}: no rule of {args.rulefile} has this id (it has {has})")
        wanted = {rs.get(i).id for i in args.rule}  # type: ignore[union-attr]
        rs = RuleSet(tuple(r for r in rs.rules if r.id in wanted), rs.disables, rs.redirects)
    reading = corpus_reading(args)
    report = try_rules(
        rs,
        args.folder,
        any_source=args.any_source,
        limit=args.limit,
        text_field=reading.text_field,
        max_text_size=reading.max_text_size,
    )
    # names and spans of the corpus: escaped, so that scraped text cannot reach the terminal
    sys.stdout.write(each_line(format_report(report, samples=args.samples)))
    return 0


def run_docs(args: argparse.Namespace) -> int:
    from cleaner.authoring.catalogue import render_catalogue

    paths = _paths(args.rules)
    text = render_catalogue(_load([str(p) for p in paths]), [p if p.is_dir() else p.parent for p in paths])
    if args.output:
        out = Path(args.output)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, "utf-8")
        print(f"wrote {one_line(str(out))}")
    else:
        sys.stdout.write(text)
    return 0


def run_schema(args: argparse.Namespace) -> int:
    from cleaner.authoring.scaffold import schema_path

    path = schema_path()
    print(path)
    print(
        f"editors: put `# yaml-language-server: $schema={path.as_uri()}` at the top of a rule file",
        file=sys.stderr,
    )
    return 0
