# `cleaner rules lint`: every check a rule must pass before it ships, each reported
# with a stable code, the rule id, the file and the line.
"""Lint rule files.

Codes (stable; the guide in docs/writing-rules.md explains each):

========================  ============================================================
yaml, file                the file cannot be read or is not valid YAML
schema, unknown-key       the file does not follow the rule schema
duplicate-key             a key appears twice in one mapping
duplicate-id              two rules share an id
missing-examples          a rule has no examples
missing-counterexamples   a rule has no counterexamples
regex-compile             a regex, or a replacement's group reference, does not compile
nested-quantifier         a repetition inside a repetition (static backtracking check)
slow-lookbehind           an unbounded repetition inside a lookbehind
backtracking              a regex is too slow on generated adversarial input
short-literal             a literal too short to be safe
empty-match               a pattern can match the empty string
too-broad                 the rule changes too many lines of the bundled clean prose
broad-opt-in              (warning) the same, for an opt-in rule, which is meant for other
                          input than article prose
placeholder               TODO left from ``cleaner rules new``
example-unchanged         an example whose output equals its input
example-source            a site-scoped rule's example has no source, so it tests nothing
unknown-ref               disable, replaces or a redirect names no known rule, or a
                          fixture case's removed_by names no loaded rule
same-match                two rules make exactly the same changes
no-literal                (warning) the prefilter finds no string the rule needs, so it
                          runs on every document
straight-apostrophe       (warning) a regex or literal takes ``'`` where scraped text
                          writes ``’`` as often
========================  ============================================================

Fixture files (``*.cases.yaml``) in the folders linted are checked too: what stops one
from loading is reported with the same codes as for rule files (``yaml``, ``schema``,
``unknown-key``, ``duplicate-key``).

Every code is an error except ``no-literal``, ``broad-opt-in`` and
``straight-apostrophe``, warnings: they do not fail the lint. A problem that stops a file
from loading (any of the codes above that the loader reports: ``yaml``, ``file``,
``schema``, ``unknown-key``, ``duplicate-key``, ``duplicate-id``, ``missing-*``,
``regex-compile``) is a load error, which
``--ignore`` cannot hide: ignoring it would pass a file that nothing can load.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from cleaner.authoring.backtrack import (
    TIME_LIMIT,
    PatternSyntaxUnknown,
    nested_quantifiers,
    repeated_groups_behind,
    slow_inputs,
)
from cleaner.document import Document
from cleaner.errors import RuleError, RuleFileError, RulePatternError
from cleaner.matchers.base import compile_regex, line_regex
from cleaner.matchers.score import ScoreMatcher
from cleaner.rule import Condition, Rule
from cleaner.rule_messages import did_you_mean
from cleaner.ruleset import RuleSet

__all__ = [
    "BROAD_LINE_SHARE",
    "CODES",
    "MIN_LINE_LITERAL",
    "MIN_SPAN_LITERAL",
    "LintIssue",
    "LintReport",
    "lint_paths",
    "lint_rules",
    "prose_documents",
]

CODES = (
    "yaml",
    "file",
    "schema",
    "unknown-key",
    "duplicate-key",
    "duplicate-id",
    "missing-examples",
    "missing-counterexamples",
    "regex-compile",
    "nested-quantifier",
    "slow-lookbehind",
    "backtracking",
    "short-literal",
    "empty-match",
    "too-broad",
    "placeholder",
    "example-unchanged",
    "example-source",
    "unknown-ref",
    "same-match",
    "no-literal",
    "broad-opt-in",
    "straight-apostrophe",
)
#: codes reported as warnings: shown, but they do not fail the lint
WARNINGS = frozenset({"no-literal", "broad-opt-in", "straight-apostrophe"})

#: literals matched anywhere must be at least this many characters (blanks not counted)
MIN_SPAN_LITERAL = 4
#: whole-line literals must be at least this many characters when they are letters or
#: digits (a lone "1" or "I" on a line is often a list number, an initial or a section)
MIN_LINE_LITERAL = 2
#: a rule may change at most this share of the non-blank lines of the bundled prose
BROAD_LINE_SHARE = 0.02
#: the word `rules new` leaves in every field to fill in
PLACEHOLDER = "TODO"
#: the line that separates the articles of the bundled prose sample
PROSE_SEPARATOR = "====="


@dataclass(frozen=True, slots=True)
class LintIssue:
    """One problem: a stable code, a message and where it is."""

    code: str
    message: str
    path: str | None = None
    line: int | None = None
    rule_id: str | None = None
    #: the file does not load (`rules list`, `rules test` and cleaning fail on it too)
    load_error: bool = False

    @property
    def is_warning(self) -> bool:
        return self.code in WARNINGS

    def __str__(self) -> str:
        where = (self.path or "<rules>") + (f":{self.line}" if self.line else "")
        who = f" {self.rule_id}:" if self.rule_id else ""
        warn = "warning: " if self.is_warning else ""
        return f"{where}:{who} [{self.code}] {warn}{self.message}"


@dataclass(frozen=True, slots=True)
class LintReport:
    issues: tuple[LintIssue, ...]
    rules: int  # rules that loaded and were checked
    files: int
    fixtures: int = 0  # fixture files (*.cases.yaml) checked

    @property
    def ok(self) -> bool:
        """No errors (warnings allowed)."""
        return not any(not i.is_warning for i in self.issues)

    def without(self, codes: Iterable[str]) -> tuple[LintIssue, ...]:
        """The issues whose code is not among ``codes`` (``--ignore``). Load errors are
        kept whatever their code: a file that does not load cannot pass the lint."""
        skip = frozenset(codes)
        return tuple(i for i in self.issues if i.load_error or i.code not in skip)


# --- load errors --------------------------------------------------------------------------


def _code_of(err: RuleError) -> str:
    msg = err.message
    if isinstance(err, RulePatternError):
        return "regex-compile"
    if isinstance(err, RuleFileError):
        return "yaml" if msg.startswith("invalid YAML") else "file"
    if msg.startswith("duplicate rule id"):
        return "duplicate-id"
    if msg.startswith("duplicate key"):
        return "duplicate-key"
    if "unknown key" in msg:
        return "unknown-key"
    for field in ("counterexamples", "examples"):
        at_field = msg.split(":", 1)[0].endswith("." + field) and "at least one" in msg
        if f"'{field}' is required" in msg or at_field:
            return f"missing-{field}"
    return "schema"


def _load_issue(err: RuleError) -> LintIssue:
    code = _code_of(err)
    msg = err.message
    if code == "missing-examples":
        msg += " (every rule needs at least one example of debris it removes)"
    elif code == "missing-counterexamples":
        msg += " (every rule needs at least one counterexample: text it must leave alone)"
    return LintIssue(code, msg, err.path, err.line, err.rule_id, load_error=True)


# --- the bundled prose ------------------------------------------------------------------


@lru_cache(maxsize=1)
def prose_documents() -> tuple[str, ...]:
    """The articles of the bundled sample of ordinary clean prose."""
    text = resources.files("cleaner").joinpath("data/prose_sample.txt").read_text("utf-8")
    docs: list[list[str]] = [[]]
    for line in text.splitlines():
        if line.strip() == PROSE_SEPARATOR:
            docs.append([])
        else:
            docs[-1].append(line)
    return tuple("\n".join(d) for d in docs if any(x.strip() for x in d))


# --- per-rule checks ----------------------------------------------------------------------


def _unscoped(rule: Rule) -> Rule:
    """The rule with its `when` removed, to see what its matcher does anywhere."""
    return dataclasses.replace(rule, when=Condition())


def _edits(rule: Rule, doc: Document) -> list[tuple[int, int, str]]:
    from cleaner.engine import find_edits

    timed_out: set[str] = set()
    return [(e.start, e.end, e.replacement) for e in find_edits([rule], doc, 1.0, timed_out)]


#: matcher kinds whose regexes must fill a whole line (compiled with line_regex)
_WHOLE_LINE_KINDS = ("line", "block")


def _regexes(rule: Rule) -> list[tuple[str, str, bool]]:
    """(name, source, is a whole-line regex) of every regex the rule runs."""
    out = [(name, src, name.split(".")[0] in _WHOLE_LINE_KINDS) for name, src in rule.matcher.patterns()]
    out += [("exclude", src, False) for src in rule.exclude_patterns]
    return out


def _check_regexes(rule: Rule, limit: float) -> list[LintIssue]:
    issues: list[LintIssue] = []
    ic = bool(getattr(rule.matcher, "ignore_case", False))
    for name, src, whole_line in _regexes(rule):

        def compile_fn(p: str, whole_line: bool = whole_line) -> Any:
            return line_regex(p, ignore_case=ic) if whole_line else compile_regex(p, ignore_case=ic)

        shown = src if len(src) <= 60 else src[:40] + "…" + src[-15:]
        try:
            for f in nested_quantifiers(src, ignore_case=ic):
                issues.append(_issue(rule, "nested-quantifier", f"{name} `{shown}`: {f.message}"))
            for f in repeated_groups_behind(src):
                issues.append(_issue(rule, "slow-lookbehind", f"{name} `{shown}`: {f.message}"))
            for f in slow_inputs(src, compile_fn, ignore_case=ic, limit=limit):
                issues.append(_issue(rule, "backtracking", f"{name} `{shown}`: {f.message}"))
        except PatternSyntaxUnknown:
            pass  # syntax the checker does not model; the regex compiled, so run on
        compiled = compile_fn(src)
        if whole_line:
            empty = compiled.fullmatch("") is not None
        else:
            probe = "\n".join(prose_documents()[:1]) + "\n \t,.!?-"
            empty = compiled.fullmatch("") is not None or any(
                m.start() == m.end() for m in compiled.finditer(probe, timeout=1.0)
            )
        if empty:
            what = {
                "exclude": "an exclude pattern that matches the empty string vetoes every hit, so the rule "
                "never acts",
            }.get(name, "every part of it is optional, so it can match the empty string")
            issues.append(_issue(rule, "empty-match", f"{name} `{shown}`: {what}"))
    return issues


#: how far from a straight apostrophe a typographic one may stand to count as its alternative
_APOSTROPHE_REACH = 20


def straight_apostrophes(src: str) -> list[int]:
    """Offsets of the ``'`` in regex ``src`` that do not also accept ``’``: outside a
    character class with no ``’`` within a few characters (``(?:'|’)`` is fine), or in a
    class that has neither ``’`` nor ``‘`` (an opening-quote class ``[“"‘']`` is fine)."""
    out: list[int] = []
    i, n = 0, len(src)
    while i < n:
        ch = src[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            k = i + 1 + (src[i + 1 : i + 2] == "^")
            k += src[k : k + 1] == "]"
            depth = 1
            while k < n and depth:
                if src[k] == "\\":
                    k += 2
                    continue
                depth += {"[": 1, "]": -1}.get(src[k], 0)
                k += 1
            cls = src[i:k]
            if "'" in cls and not cls.startswith("[^") and "’" not in cls and "‘" not in cls:
                out.append(i + cls.index("'"))
            i = k
            continue
        if ch == "'" and "’" not in src[max(0, i - _APOSTROPHE_REACH) : i + _APOSTROPHE_REACH]:
            out.append(i)
        i += 1
    return out


def _check_apostrophes(rule: Rule) -> list[LintIssue]:
    """Scraped text writes "don't" with ' or with ’ alike: a regex or a list of phrases
    that takes one only misses half of its debris."""
    issues = []
    if rule.matcher.kind == "literal":
        phrases = set(rule.matcher.literals())
        for phrase in sorted(phrases):
            twin = phrase.translate({ord("'"): "’", ord("’"): "'"})
            if twin != phrase and twin not in phrases:
                issues.append(
                    _issue(
                        rule,
                        "straight-apostrophe",
                        f"phrase {phrase!r} has an apostrophe, but its twin {twin!r} is not listed",
                    )
                )
        return issues
    for name, src, _whole in _regexes(rule):
        for at in straight_apostrophes(src):
            context = src[max(0, at - 15) : at + 15]
            issues.append(
                _issue(
                    rule,
                    "straight-apostrophe",
                    f"{name} takes a straight apostrophe but not the typographic one at `…{context}…`: "
                    "write ['’] (or (?:'|’))",
                )
            )
    return issues


def _check_literals(rule: Rule) -> list[LintIssue]:
    if rule.matcher.kind != "literal":
        return []
    whole = bool(getattr(rule.matcher, "whole_line", False))
    least = MIN_LINE_LITERAL if whole else MIN_SPAN_LITERAL
    issues = []
    for phrase in rule.matcher.literals():
        squeezed = "".join(phrase.split())
        n = len(squeezed)
        if whole and not (squeezed.isascii() and squeezed.isalnum()):
            continue  # a whole line of symbols such as "Δ" or "***" is narrow enough
        if n < least:
            where = "whole-line literals" if whole else "literals matched anywhere in the text"
            issues.append(
                _issue(
                    rule,
                    "short-literal",
                    f"literal {phrase!r} is {n} character{'s' if n != 1 else ''} long; {where} need at "
                    f"least {least}, or they match inside ordinary text",
                )
            )
    return issues


def _check_prefilter(rule: Rule) -> list[LintIssue]:
    """A rule whose regex needs no string the literal scan can look for runs on every
    document (see cleaner/scan.py); rules scoped to sites run on theirs only, and a
    regex anchored at ``\\A`` is tried once per document."""
    from cleaner.scan import requirement_of

    if rule.when.domains or rule.when.sources or requirement_of(rule) is not None:
        return []
    patterns = [src for _name, src in rule.matcher.patterns()]
    if patterns and all(src.startswith("\\A") for src in patterns):
        return []  # anchored at the start of the text: one try per document
    if isinstance(rule.matcher, ScoreMatcher):
        advice = _score_literal_advice(rule.matcher)
    else:
        advice = (
            ", the slowest kind of rule: give its regex a word of 3 or more letters that every "
            "match holds (a case-sensitive 2-letter one will do for line, pattern and block rules)"
        )
    return [
        _issue(
            rule,
            "no-literal",
            f"the prefilter finds no string this rule needs, so it runs on every document{advice}",
        )
    ]


def _score_literal_advice(m: ScoreMatcher) -> str:
    """Why a score rule needs no string: the features that hold none (a keywords phrase,
    a word of a pattern) reach the threshold alone. Says which, and how far."""
    from cleaner.scan import free_reach

    reach = free_reach(m)
    if reach is None:
        return (
            ": a feature of it has no upper bound (words or log_words without max_words), so no "
            "phrase is ever needed; set max_words"
        )
    top, terms = reach
    parts = ", ".join(f"{name} {value:g}" for name, value in (("bias", m.bias), *terms) if value)
    if len(terms) == len([f for f in m.features if f.weight > 0]):
        return (
            f": none of its features looks for a string (a keywords phrase, a word of a pattern or "
            f"follows regex), so every {m.unit} of every document is scored. Fine for a rule about "
            "the form of lines; if the debris has words of its own, add them as a keywords feature"
        )
    return (
        f": without a phrase of its keywords, a {m.unit} scores up to {top:g} ({parts}), which "
        f"reaches the threshold {m.threshold:g}. Lower those weights or raise the threshold, so "
        "that a unit needs a keywords phrase (or a word of a pattern or follows regex) to reach it"
    )


def _check_prose(rule: Rule) -> list[LintIssue]:
    touched = 0
    total = 0
    shown: list[str] = []
    unscoped = _unscoped(rule)
    for text in prose_documents():
        doc = Document(text)
        total += len(doc.content_lines)
        hit_lines: set[int] = set()
        for start, end, _ in _edits(unscoped, doc):
            first = doc.line_at(start).index
            last = doc.line_at(max(start, end - 1)).index
            for ln in doc.lines[first : last + 1]:
                if not ln.blank and ln.index not in hit_lines:
                    hit_lines.add(ln.index)
                    if len(shown) < 3:
                        shown.append(text[ln.lo : ln.hi][:70])
        touched += len(hit_lines)
    if total and touched / total > BROAD_LINE_SHARE:
        return [
            _issue(
                rule,
                # an opt-in rule is for other input (whole-page text): its cost on article
                # prose is shown, for its rationale to own, but is not a defect
                "broad-opt-in" if rule.opt_in else "too-broad",
                f"changes {touched} of {total} lines ({touched / total:.0%}) of the bundled sample of clean "
                f"prose (limit {BROAD_LINE_SHARE:.0%}), e.g. " + "; ".join(repr(s) for s in shown),
            )
        ]
    return []


def _check_placeholders(rule: Rule) -> list[LintIssue]:
    fields: list[tuple[str, str | None]] = [
        ("description", rule.description),
        ("rationale", rule.rationale),
        ("provenance", rule.provenance),
        ("replacement", rule.replacement),
    ]
    fields += [(f"match {name}", src) for name, src, _ in _regexes(rule)]
    fields += [("match literal", lit) for lit in rule.matcher.literals()]
    for i, ex in enumerate(rule.examples):
        fields += [(f"examples[{i}].input", ex.input), (f"examples[{i}].output", ex.output)]
    for i, ex in enumerate(rule.counterexamples):
        fields.append((f"counterexamples[{i}]", ex.input))
    left = [name for name, value in fields if value and PLACEHOLDER in value]
    if not left:
        return []
    return [
        _issue(
            rule,
            "placeholder",
            f"{PLACEHOLDER} placeholder still in {', '.join(left)}: "
            "fill in every field `rules new` left open",
        )
    ]


def _check_examples(rule: Rule) -> list[LintIssue]:
    issues = []
    for ex in rule.examples:
        if ex.output is not None and ex.output.strip() == ex.input.strip():
            issues.append(
                LintIssue(
                    "example-unchanged",
                    "example output equals its input: it shows nothing removed (make it a counterexample)",
                    rule.path,
                    ex.line or rule.line,
                    rule.id,
                )
            )
    if rule.when.scoped:
        for kind, items in (("example", rule.examples), ("counterexample", rule.counterexamples)):
            for ex in items:
                if ex.source is None:
                    issues.append(
                        LintIssue(
                            "example-source",
                            f"the rule is scoped by `when` but this {kind} ({ex.shown()}) has no "
                            "`source`, so the rule never runs on it; give it a source URL "
                            + (
                                "on the site" if kind == "example" else "(on the site, to show what it keeps)"
                            ),
                            rule.path,
                            ex.line or rule.line,
                            rule.id,
                        )
                    )
    return issues


def _issue(rule: Rule, code: str, message: str) -> LintIssue:
    return LintIssue(code, message, rule.path, rule.line, rule.id)


# --- checks across rules ------------------------------------------------------------------


def _known(name: str, rules: Iterable[Rule]) -> bool:
    return any(r.id == name or r.id.startswith(name + ".") for r in rules)


def _check_refs(rs: RuleSet, context: RuleSet) -> list[LintIssue]:
    everything = list(rs.rules) + list(context.rules)
    redirects = {**context.redirects, **rs.redirects}

    def known(name: str) -> bool:
        return _known(redirects.get(name, name), everything)

    ids = [r.id for r in everything]
    names = sorted({*ids, *(i.split(".")[0] for i in ids)})

    issues: list[LintIssue] = []
    for r in rs.rules:
        for ref in r.replaces:
            if not known(ref):
                why = f"replaces {ref!r}, which names no known rule{did_you_mean(ref, ids)}"
                issues.append(_issue(r, "unknown-ref", why))
    for d in rs.disables:
        for ref in d.ids:
            if not known(ref):
                why = f"disable names {ref!r}, which is no known rule or pack{did_you_mean(ref, names)}"
                issues.append(LintIssue("unknown-ref", why, d.path))
    for old, new in rs.redirects.items():
        if not _known(new, everything):
            issues.append(
                LintIssue("unknown-ref", f"redirect {old!r} -> {new!r}: no rule {new!r}", rule_id=old)
            )
        if any(r.id == old for r in everything):
            issues.append(
                LintIssue("unknown-ref", f"redirect from {old!r}, but a rule still has that id", rule_id=old)
            )
    return issues


def _check_shipped_ids(rs: RuleSet, shipped: RuleSet) -> list[LintIssue]:
    """Rules of one's own that take the id of a shipped rule: they load alone, but not
    beside the shipped packs, which is how they are run (``--rules rules/ --rules mine/``).
    A file at the same place in its pack as the shipped one (``cta/calls.yaml``) is a copy
    of it, as in a checkout linted while an installed copy is the default: no clash."""
    by_id = {r.id: r for r in shipped.rules}
    issues: list[LintIssue] = []
    for r in rs.rules:
        other = by_id.get(r.id)
        if other is None or Path(r.path or "").parts[-2:] == Path(other.path or "").parts[-2:]:
            continue
        issues.append(
            _issue(
                r,
                "duplicate-id",
                f"the id of a shipped rule ({other.location()}): loaded beside the shipped packs, "
                f"the rules would not load. Give the rule an id of your own pack; to run it in place "
                f"of the shipped rule, add `replaces: [{r.id}]` to it (or `disable: [{r.id}]` in its file)",
            )
        )
    return issues


def _unresolved_refs(rs: RuleSet) -> bool:
    """True if some disable, replaces or redirect names no rule of ``rs`` itself."""
    refs = [ref for r in rs.rules for ref in r.replaces] + [ref for d in rs.disables for ref in d.ids]
    refs += list(rs.redirects.values())
    return any(not _known(rs.redirects.get(ref, ref), rs.rules) for ref in refs)


def _signature_key(rule: Rule) -> tuple[Any, ...] | None:
    getstate = type(rule.matcher).__dict__.get("__getstate__")
    if getstate is None:
        return None
    state = getstate(rule.matcher)
    return (
        rule.matcher.kind,
        repr(sorted(state.items())) if isinstance(state, dict) else repr(state),
        rule.region,
        rule.when,
        rule.action,
        rule.replacement,
        rule.exclude_patterns,
    )


def _check_same(rs: RuleSet) -> list[LintIssue]:
    """Pairs of rules that make exactly the same changes: identical definitions, or the
    same edits on every example, counterexample and prose article known to lint."""
    issues: list[LintIssue] = []
    rules = list(rs.rules)
    reported: set[frozenset[str]] = set()

    def report(a: Rule, b: Rule, why: str) -> None:
        key = frozenset((a.id, b.id))
        if key not in reported:
            reported.add(key)
            issues.append(
                _issue(b, "same-match", f"makes the same changes as {a.id} ({a.location()}): {why}")
            )

    by_def: dict[tuple[Any, ...], Rule] = {}
    for r in rules:
        k = _signature_key(r)
        if k is None:
            continue
        if k in by_def:
            report(by_def[k], r, "identical match, region, condition and action")
        else:
            by_def[k] = r
    groups: dict[Condition, list[Rule]] = defaultdict(list)
    for r in rules:
        groups[r.when].append(r)
    texts = list(prose_documents())
    for r in rules:
        texts += [ex.input for ex in r.examples + r.counterexamples]
    docs = [Document(t) for t in dict.fromkeys(texts)]
    for group in groups.values():
        if len(group) < 2:
            continue
        seen: dict[tuple[Any, ...], Rule] = {}
        for r in group:
            unscoped = _unscoped(r)
            sig = tuple(tuple(_edits(unscoped, d)) for d in docs)
            if not any(sig):
                continue
            if sig in seen:
                report(seen[sig], r, "the same edits on every example, counterexample and prose sample")
            else:
                seen[sig] = r
    return issues


# --- entry points -------------------------------------------------------------------------


def lint_rules(
    rs: RuleSet, *, context: RuleSet | None = None, time_limit: float = TIME_LIMIT
) -> list[LintIssue]:
    """Issues of loaded rules. ``context``: further rules that references may name."""
    issues: list[LintIssue] = []
    for r in rs.rules:
        issues += _check_placeholders(r)
        issues += _check_literals(r)
        issues += _check_regexes(r, time_limit)
        issues += _check_apostrophes(r)
        issues += _check_examples(r)
        issues += _check_prose(r)
        issues += _check_prefilter(r)
    issues += _check_refs(rs, context or RuleSet())
    issues += _check_same(rs)
    return issues


def _locate(issues: list[LintIssue], paths: list[Path]) -> list[LintIssue]:
    """Give file-level issues (disable, redirects) the file and line they come from."""
    from cleaner.loader import is_rule_file, read_rule_yaml

    if not any(i.code == "unknown-ref" and i.line is None for i in issues):
        return issues
    redirects: dict[str, tuple[str, int | None]] = {}
    disables: dict[str, int | None] = {}
    for p in paths:
        files = [p] if p.is_file() else sorted(f for f in p.rglob("*") if is_rule_file(f) and f.is_file())
        for f in files:
            try:
                doc = read_rule_yaml(f)
            except RuleError:
                continue
            if not isinstance(doc, dict):
                continue
            lines = getattr(doc, "key_lines", {})
            red = doc.get("redirects")
            for old in red if isinstance(red, dict) else ():
                redirects[str(old)] = (str(f), getattr(red, "key_lines", {}).get(str(old)))
            if "disable" in doc:
                disables[str(f)] = lines.get("disable")
    out = []
    for i in issues:
        if i.code == "unknown-ref" and i.line is None:
            if i.path is None and i.rule_id in redirects:
                path, line = redirects[i.rule_id]
                i = dataclasses.replace(i, path=path, line=line)
            elif i.path is not None and i.path in disables:
                i = dataclasses.replace(i, line=disables[i.path])
        out.append(i)
    return out


def _check_fixtures(paths: list[Path], rs: RuleSet) -> tuple[list[LintIssue], int]:
    """Issues of the fixture files (``*.cases.yaml``) among and under ``paths``, and how
    many there are: what stops one from loading, as for rule files, and a ``removed_by``
    naming a rule that is not loaded (``rules test`` would fail on either)."""
    from cleaner.authoring.fixtures import find_fixture_files, read_cases

    issues: list[LintIssue] = []
    fixtures = find_fixture_files(paths)
    ids = {r.id for r in rs.rules}
    for fixture in fixtures:
        errors: list[RuleError] = []
        cases = read_cases(fixture, rs, errors)
        issues += [_load_issue(e) for e in errors]
        for case in cases:
            lines = case.removed_by_lines or (case.line,) * len(case.removed_by or ())
            for name, line in zip(case.removed_by or (), lines):
                if name in ids:
                    continue
                renamed = rs.redirects.get(name)
                hint = f" (renamed to {renamed!r}: write that)" if renamed in ids else ""
                issues.append(
                    LintIssue(
                        "unknown-ref",
                        f"case {case.name!r}: removed_by names {name!r}, which is no loaded rule{hint}",
                        case.path,
                        line,
                    )
                )
    return issues, len(fixtures)


def lint_paths(
    paths: Sequence[str | Path] | None = None,
    *,
    context: RuleSet | None = None,
    time_limit: float = TIME_LIMIT,
) -> LintReport:
    """Lint rule files and folders (default: the packs shipped with cleaner), and the
    fixture files in the folders."""
    from cleaner.authoring.fixtures import rule_paths_of
    from cleaner.loader import default_rules_path, distinct_rule_files, load_rules

    default = default_rules_path()
    named = [Path(p) for p in paths] if paths else [default]
    where = rule_paths_of(named)  # a fixture file named alone: the rule files beside it
    errors: list[RuleError] = []
    rs = load_rules(where, errors)
    shipped = RuleSet()
    if default.resolve() not in {p.resolve() for p in where}:
        shipped = load_rules(default, [])  # ids and references are weighed against them
        if context is None and _unresolved_refs(rs):
            context = shipped
    files = len(distinct_rule_files(where, []))
    issues = [_load_issue(e) for e in errors]
    issues += _check_shipped_ids(rs, shipped)
    issues += _locate(lint_rules(rs, context=context, time_limit=time_limit), where)
    fixture_issues, fixtures = _check_fixtures(named, rs)
    issues += fixture_issues
    issues.sort(key=lambda i: (i.path or "", i.line or 0, i.code))
    return LintReport(tuple(issues), len(rs), files, fixtures)
