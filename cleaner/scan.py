# The compiled form of a rule set: one literal-automaton pass per document tells which
# rules can match at all, and where; a pass runs only those (same hits as every rule).
"""Compiled rule scanning.

:class:`CompiledRules` is built once per :class:`~cleaner.Cleaner` from its RuleSet:

- every rule gets a *requirement*: strings of which at least one occurs in any text the
  rule can hit (span literals: the phrases; whole-line literals: a word of each
  phrase; line, pattern and block rules: literals proven from the regex by
  :mod:`cleaner.prefilter`; score rules: the literals of the features without which
  no unit can reach the threshold). Rules with no provable requirement, and matcher
  kinds this module does not know, always run;
- all requirements go into one Aho-Corasick automaton over the text and one over
  its case-folded form, so one scan names the rules that can match; the others are
  skipped without touching the text again;
- a line rule whose regex cannot see past its line is tried only on the lines where
  its literals occur (a line rule hits exactly the lines its regex fullmatches);
- all whole-line literal rules share one dictionary: each line is normalised once;
- conditions, site-pack disables and ``replaces`` are pre-indexed, so choosing the
  active rules costs nothing for rule sets without conditions;
- regions are computed once per pass and shared by the rules that use them.

Every other rule that may match runs its own ``find``, so the hits, and therefore
every output, are those of running each rule over the document. The one difference:
a rule that provably cannot match a document is not run on it, so it cannot time out
on it either.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
import sys
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from cleaner.actions import edit_for
from cleaner.document import Document, Line
from cleaner.matchers import BlockMatcher, Hit, LineMatcher, LiteralMatcher, PatternMatcher, RegexTimeout
from cleaner.matchers.base import Budget, CpuClock, line_regex
from cleaner.matchers.literal import normalise_line
from cleaner.matchers.score import ScoreMatcher
from cleaner.prefilter import (
    MIN_CASED_LITERAL,
    Literals,
    case_unsafe_chars,
    line_local,
    line_start_chars,
    minimal_set,
    quality,
    required_literals,
    starts_at_line_start,
    within_line,
)
from cleaner.removals import Edit
from cleaner.rule import Rule
from cleaner.ruleset import RuleSet

__all__ = ["CompiledRules", "requirement_of"]

#: a rule may hit a document only if one of these groups' strings occurs in it
Requirement = tuple[Literals, ...]


def _whole_line_tokens(m: LiteralMatcher) -> Literals | None:
    """The longest word of each phrase's line key: a line equal to the key contains it.

    Keys are case-folded for ignore_case rules; a word of a case-folded key occurs in
    the case-folded text (case folding works character by character and never makes
    or removes blanks), so no character is unsafe here.
    """
    tokens = []
    for p in m.phrases:
        key = normalise_line(p, m.ignore_case)
        if not key:
            return None
        tokens.append(max(key.split(" "), key=len))
    return Literals(minimal_set(tokens), m.ignore_case)


def _phrases(phrases: Iterable[str], ignore_case: bool) -> Literals | None:
    """Phrases matched as written (case-folded for ignore_case)."""
    phrases = list(phrases)
    if not phrases or not all(phrases):
        return None
    if not ignore_case:
        return Literals(minimal_set(phrases))
    unsafe = case_unsafe_chars(phrases)
    if unsafe is None:
        return None
    return Literals(minimal_set(p.casefold() for p in phrases), True, unsafe)


def _feature_literals(f: Any, ignore_case: bool) -> Literals | None:
    """Strings without which a score feature is 0: they must occur in the unit (or,
    for ``follows``, in an earlier unit). None for features not bound to literals."""
    ic = bool(f.param("ignore_case", ignore_case))
    if f.name == "keywords":
        return _phrases(f.param("phrases"), ic)
    if f.name in ("pattern", "follows"):
        return required_literals(f.param("regex"), ignore_case=ic)
    return None


def _feature_max(f: Any, max_words: int | None) -> float | None:
    """The largest value a score feature can take (None: unbounded, or a feature
    this table does not know, which then keeps the rule always running)."""
    name = f.name
    if name == "words":
        return float(max_words) if max_words is not None else None
    if name == "log_words":
        return math.log2(1 + max_words) if max_words is not None else None
    if name == "separators":
        return float(f.param("max", 3))
    if name == "keywords":
        return float(f.param("max", 3))
    if name in (
        "short",
        "long",
        "terminal_punctuation",
        "ends_with_colon",
        "title_case_share",
        "upper_case_share",
        "link_share",
        "digit_share",
        "list_item",
        "position",
        "from_top",
        "from_bottom",
        "debris_similarity",
        "word_share",
        "pattern",
        "repeated",
        "seen_before",
        "follows",
        "neighbours",
    ):
        return 1.0
    return None


def _score_plan(m: Any) -> tuple[float, tuple[Literals, ...]] | None:
    """The literals a score rule needs, and the most a unit without any of them can score
    before its ``neighbours`` terms.

    With every literal-bound feature at 0, a unit scores at most the bias plus each
    other positive term at its largest value. While that stays below the threshold,
    literal-bound features are set aside too, at their largest value, the ones with the
    shortest (most common) strings first: a unit then needs a string of one of the
    features kept. None when no such set exists (the rule always runs).
    """
    base = m.bias  # the most a unit scores before its neighbours terms
    neighbours = 0.0  # the most the neighbours terms add
    bound_by_literals: list[tuple[Literals, float | None]] = []
    for f in m.features:
        lits = _feature_literals(f, m.ignore_case) if f.weight > 0 else None
        top = _feature_max(f, m.max_words)
        if lits is not None:
            bound_by_literals.append((lits, None if top is None else f.weight * top))
            continue
        if f.weight <= 0:
            continue
        if top is None:
            return None
        if f.name == "neighbours":
            neighbours += f.weight * top
        else:
            base += f.weight * top
    if base + neighbours >= m.threshold - 1e-9 or not bound_by_literals:
        return None

    def commonness(item: tuple[Literals, float | None]) -> float:
        strings = item[0].strings
        return sum(quality(x) for x in strings) / len(strings)

    kept: list[Literals] = []
    for lits, top in sorted(bound_by_literals, key=commonness):
        if top is not None and base + top + neighbours < m.threshold - 1e-9:
            base += top  # a unit can do without this feature and still stay below
        else:
            kept.append(lits)
    if not kept:  # no unit can reach the threshold at all: no claim
        return None
    return base, tuple(kept)


def free_reach(m: Any) -> tuple[float, tuple[tuple[str, float], ...]] | None:
    """The most a unit of score rule ``m`` scores with no string of its features in it
    (the bias and every positive term bound to no literal at its largest value, the
    neighbours terms too), and those terms (feature name, weight x largest value); None
    when a term has no upper bound. What ``rules lint`` tells a rule that always runs."""
    top = float(m.bias)
    terms: list[tuple[str, float]] = []
    for f in m.features:
        if f.weight <= 0 or _feature_literals(f, m.ignore_case) is not None:
            continue
        most = _feature_max(f, m.max_words)
        if most is None:
            return None
        top += f.weight * most
        terms.append((f.name, f.weight * most))
    return top, tuple(terms)


def _score_requirement(m: Any) -> Requirement | None:
    """Literals without which no unit of a score rule reaches its threshold (see
    :func:`_score_plan`)."""
    plan = _score_plan(m)
    return None if plan is None else plan[1]


def _score_reach(m: Any) -> int | None:
    """How many units after a unit holding one of a score rule's required strings can
    also reach its threshold (through ``follows``); None when skipping the other units
    would not give exactly :meth:`ScoreMatcher.find`'s hits.

    Skipping is exact when the rule has a requirement (every other unit scores below
    the threshold), every such unit also scores below each ``neighbours`` cut (so a
    skipped neighbour never counts), and keyword phrases neither start nor end with a
    blank nor hold a line break (so counting them unit by unit equals one scan).
    """
    plan = _score_plan(m)
    if plan is None:
        return None
    bound = plan[0]  # the most a unit without a required string scores, neighbours aside
    reach = 0
    for f in m.features:
        if f.name == "neighbours" and f.weight and bound >= float(f.param("min_score", m.threshold)) - 1e-9:
            return None
        if f.name == "keywords" and any(p != p.strip() or "\n" in p for p in f.param("phrases")):
            return None
        if f.name == "follows" and f.weight > 0:
            reach = max(reach, int(f.param("within", 3)))
    return reach


def requirement_of(rule: Rule) -> Requirement | None:
    """Groups of strings: ``rule`` can hit a document only if a string of some group
    occurs in it (see :class:`~cleaner.prefilter.Literals`). None: always run it.

    Only the matcher classes of this package are reasoned about (exact types, not
    subclasses); any other kind always runs.
    """
    m = rule.matcher
    kind = type(m)
    lits: Literals | None
    if kind is LiteralMatcher:
        lm: LiteralMatcher = m  # type: ignore[assignment]
        lits = _whole_line_tokens(lm) if lm.whole_line else _phrases(lm.phrases, lm.ignore_case)
    elif kind is LineMatcher or kind is PatternMatcher:
        lits = required_literals(m.pattern, ignore_case=m.ignore_case, min_quality=MIN_CASED_LITERAL)  # type: ignore[attr-defined]
    elif kind is BlockMatcher:
        lits = required_literals(m.start, ignore_case=m.ignore_case, min_quality=MIN_CASED_LITERAL)  # type: ignore[attr-defined]
    elif kind is ScoreMatcher:
        return _score_requirement(m)
    else:
        return None
    return (lits,) if lits is not None else None


#: a lone surrogate, left when the encoding repair is switched off; scanned as U+FFFF (a
#: noncharacter no rule holds), one code point for one, so offsets stay the same
_SURROGATE = re.compile("[\ud800-\udfff]")


#: a longer text is scanned for the rules' strings in windows of this many characters
_SCAN_PIECE = 1 << 20


class _Automaton:
    """One Aho-Corasick automaton (a DFA) over the strings of many rules."""

    __slots__ = ("_auto", "_located", "_longest", "_rules_of")

    def __init__(self, wanted: dict[str, set[int]], located: frozenset[int]) -> None:
        import ahocorasick_rs

        strings = sorted(wanted)
        self._rules_of = [tuple(sorted(wanted[s])) for s in strings]
        self._longest = max(map(len, strings), default=1)
        self._located = frozenset(
            lid for lid, s in enumerate(strings) if "\n" not in s and not located.isdisjoint(wanted[s])
        )
        self._auto = ahocorasick_rs.AhoCorasick(strings, implementation=ahocorasick_rs.Implementation.DFA)

    def scan(self, text: str, into: set[int], where: dict[int, list[int]] | None) -> None:
        """Add the rules whose strings occur in ``text`` to ``into``; with ``where``,
        also the start offsets of the strings of located rules (by rule).

        A text longer than ``_SCAN_PIECE`` is scanned in windows that start every
        ``_SCAN_PIECE`` characters and reach one string's length less one further, each
        keeping the hits that start in its first ``_SCAN_PIECE`` characters: every
        occurrence once, and the automaton's list of hits (about 150 bytes each, tens
        per kilobyte of prose) never holds more than one window's."""
        n = len(text)
        if n <= _SCAN_PIECE + self._longest:
            self._scan_window(text, 0, n, into, where)
            return
        for c in range(0, n, _SCAN_PIECE):
            self._scan_window(text[c : c + _SCAN_PIECE + self._longest - 1], c, _SCAN_PIECE, into, where)

    def _scan_window(
        self, window: str, offset: int, keep: int, into: set[int], where: dict[int, list[int]] | None
    ) -> None:
        """``scan`` of ``window``, which starts ``offset`` into the text: the rules of every
        string in it (one that lies in the overlap with the next window occurs in the text
        all the same), and the offsets of those that start before ``keep``, so that none
        is recorded twice."""
        try:
            hits = self._auto.find_matches_as_indexes(window, overlapping=True)
        except UnicodeEncodeError:  # a lone surrogate, which the automaton cannot take
            hits = self._auto.find_matches_as_indexes(_SURROGATE.sub("\uffff", window), overlapping=True)
        if not hits:
            return
        found = {lid for lid, _start, _end in hits}
        rules_of = self._rules_of
        for lid in found:
            into.update(rules_of[lid])
        if where is None or found.isdisjoint(self._located):
            return
        located = self._located
        for lid, start, _end in hits:
            if lid in located and start < keep:
                for r in rules_of[lid]:
                    where.setdefault(r, []).append(start + offset)


class CompiledRules:
    """A RuleSet prepared for fast scanning. Immutable; pickles as its RuleSet."""

    __slots__ = (
        "_always",
        "_cond",
        "_disables",
        "_fold_auto",
        "_head",
        "_line_any",
        "_line_fast",
        "_line_starts",
        "_off_of",
        "_per_line",
        "_plain",
        "_replacers",
        "_rules",
        "_ruleset",
        "_score_near",
        "_span_lines",
        "_text_auto",
        "_unsafe",
        "_unsafe_rules",
        "_whole",
    )

    def __init__(self, ruleset: RuleSet) -> None:
        self._ruleset = ruleset
        rules = ruleset.rules
        self._rules: tuple[Rule, ...] = rules
        always: list[int] = []
        wanted: dict[bool, dict[str, set[int]]] = {False: {}, True: {}}
        unsafe: set[str] = set()
        unsafe_rules: set[int] = set()
        line_fast: dict[int, Any] = {}
        line_any: dict[int, Any] = {}
        score_near: dict[int, int] = {}
        line_starts: dict[int, frozenset[str] | None] = {}
        span_lines: dict[int, Any] = {}
        for i, rule in enumerate(rules):
            req = requirement_of(rule)
            m = rule.matcher
            line_rx = _line_local_regex(m)
            if req is None:
                always.append(i)
                # a line-local line rule without strings to look for: in later passes it
                # is tried on the changed lines only, like the located ones
                if line_rx is not None and type(m) is LineMatcher:
                    line_any[i] = line_rx
                continue
            for lits in req:
                for s in lits.strings:
                    wanted[lits.folded].setdefault(s, set()).add(i)
                if lits.unsafe:
                    unsafe |= lits.unsafe
                    unsafe_rules.add(i)
            if line_rx is not None:
                line_fast[i] = line_rx
            elif type(m) is PatternMatcher and within_line(m.pattern, ignore_case=m.ignore_case):  # type: ignore[attr-defined]
                span_lines[i] = m._regex  # type: ignore[attr-defined]  # searched on the lines of its strings
            elif type(m) is PatternMatcher:
                # tried at line starts only (see _at_line_starts)
                if sum(len(lits.strings) for lits in req) >= _LINE_START_MIN_STRINGS and starts_at_line_start(
                    m.pattern, ignore_case=m.ignore_case  # type: ignore[attr-defined]
                ):
                    # and only at lines whose first non-blank character can open a match
                    line_starts[i] = line_start_chars(m.pattern, ignore_case=m.ignore_case)  # type: ignore[attr-defined]
            elif type(m) is ScoreMatcher:
                reach = _score_reach(m)
                # positions are gathered only for strings without a line break
                if reach is not None and not any("\n" in s for lits in req for s in lits.strings):
                    score_near[i] = reach
        self._always = frozenset(always)
        self._score_near = score_near
        self._line_any = line_any
        # whole-line literal rules: their line keys and case mode
        self._whole: dict[int, tuple[frozenset[str], bool]] = {
            i: (frozenset(normalise_line(p, r.matcher.ignore_case) for p in r.matcher.phrases),  # type: ignore[attr-defined]
                r.matcher.ignore_case)  # type: ignore[attr-defined]
            for i, r in enumerate(rules)
            if type(r.matcher) is LiteralMatcher and r.matcher.whole_line  # type: ignore[attr-defined]
        }
        located = (
            frozenset(line_fast)
            | frozenset(span_lines)
            | frozenset(score_near)
            | (frozenset(self._whole) - frozenset(always))
        )
        self._text_auto = _Automaton(wanted[False], located) if wanted[False] else None
        self._fold_auto = _Automaton(wanted[True], located) if wanted[True] else None
        self._unsafe = tuple(sorted(unsafe))
        self._unsafe_rules = frozenset(unsafe_rules)
        self._line_fast = line_fast
        self._line_starts = line_starts
        self._span_lines = span_lines
        # activity: conditions, disables, replaces (mirrors RuleSet.active)
        self._cond = tuple(i for i, r in enumerate(rules) if not r.when.always)
        self._disables = tuple((d.when, d.ids) for d in ruleset.disables)
        self._replacers = tuple(i for i, r in enumerate(rules) if r.replaces)
        names = {o for _w, ids in self._disables for o in ids}
        names |= {o for i in self._replacers for o in rules[i].replaces}
        self._off_of = {o: self._named(ruleset.redirects.get(o, o)) for o in names}
        self._plain = not (self._cond or self._disables or self._replacers)
        # rules that judge each line on its own, everywhere, whatever the document: a line
        # a pass left unchanged gets the same verdict in the next pass
        switched = frozenset().union(*self._off_of.values()) if self._off_of else frozenset()
        # active on every document alike: no condition, no disable or replacement can turn them off
        steady = [(i, r) for i, r in enumerate(rules) if r.when.always and i not in switched]
        by_line = self._whole.keys() | line_fast.keys() | line_any.keys() | span_lines.keys()
        self._per_line = frozenset(
            i for i, r in steady if r.region is None and i in by_line and type(r.matcher) is not BlockMatcher
        )
        # rules confined to the head of the text (first lines or paragraphs), whatever the
        # document: a later pass that changed nothing up to the end of that head finds
        # what the previous one found there, which was nothing (a hit would have changed it)
        self._head = frozenset(
            i
            for i, r in steady
            if r.region is not None
            and r.region.kind in ("first_lines", "first_paragraphs")
            and not r.matcher.contextual
        )

    def _named(self, name: str) -> frozenset[int]:
        """Indices of the rules a disable or ``replaces`` entry turns off."""
        return frozenset(i for i, r in enumerate(self._rules) if r.id == name or r.id.startswith(name + "."))

    def __reduce__(self) -> tuple[Any, ...]:
        return (CompiledRules, (self._ruleset,))

    def __len__(self) -> int:
        return len(self._rules)

    @property
    def ruleset(self) -> RuleSet:
        return self._ruleset

    # -- which rules ----------------------------------------------------------------

    def active(self, doc: Document) -> set[int] | None:
        """Indices of the rules that apply to ``doc`` (as ``RuleSet.active``); None: all."""
        if self._plain:
            return None
        rules = self._rules
        inactive = {i for i in self._cond if not rules[i].when.holds(doc)}
        off: set[int] = set()
        for when, ids in self._disables:
            if when.holds(doc):
                for o in ids:
                    off |= self._off_of[o]
        for i in self._replacers:
            if i not in inactive:
                for o in rules[i].replaces:
                    off |= self._off_of[o]
        inactive |= off
        return set(range(len(rules))) - inactive if inactive else None

    def candidates(self, text: str) -> tuple[set[int], dict[int, list[int]]]:
        """Rules whose requirement occurs in ``text`` (plus those that always run),
        and, for line rules tried line by line, where their strings start. A located
        rule missing from the second result must be run over its whole region."""
        cands = set(self._always)
        where: dict[int, list[int]] = {}
        if self._text_auto is not None:
            self._text_auto.scan(text, cands, where)
        if self._fold_auto is not None:
            folded = _casefold(text)
            if len(folded) == len(text):  # every character folded to one: same offsets
                self._fold_auto.scan(folded, cands, where)
            else:  # "ß" -> "ss": take the offsets back to the text
                found: dict[int, list[int]] = {}
                self._fold_auto.scan(folded, cands, found)
                back = _unfold_offsets(text)
                for i, starts in found.items():
                    where.setdefault(i, []).extend(back(p) for p in starts)
            if self._unsafe and any(ch in text for ch in self._unsafe):
                cands |= self._unsafe_rules
                for i in self._unsafe_rules:
                    where.pop(i, None)
        return cands, where

    # -- one pass ---------------------------------------------------------------------

    def proposals(
        self,
        doc: Document,
        timeout: float,
        timed_out: set[str],
        changed: Sequence[tuple[int, int]] | None = None,
        spent: dict[str, float] | None = None,
        rule_ids: frozenset[str] | None = None,
    ) -> list[tuple[int, Edit]]:
        """(rule order, edit) of every rule that applies to ``doc`` (of those named in
        ``rule_ids``, if given), as running each rule's matcher over its region would give
        them; overlaps not yet resolved.

        ``changed``: in a later pass, the spans of ``doc.text`` that the previous pass
        wrote (a deletion: an empty span where it joined the text). Rules that judge
        each line on its own are then tried on the lines those spans touch only: every
        other line is as it was when they found nothing on it (a hit on it would have
        removed or changed it). Rules confined to the head of the text are skipped when
        the head ends before the first change, for the same reason.

        Each rule has ``timeout`` seconds, less what ``spent`` says it took in earlier
        passes over the same document (updated here); a rule that runs past them proposes
        nothing and is added to ``timed_out``.
        """
        cands, where = self.candidates(doc.text)
        only: set[int] | None = None
        first_change: int | None = None  # in a later pass, where the text first differs
        if changed is not None:
            only = _lines_touched(doc, changed)
            first_change = min((s for s, _e in changed), default=len(doc.text))
        active = self.active(doc)
        if active is not None:
            cands &= active
        if rule_ids is not None:
            cands = {i for i in cands if self._rules[i].id in rule_ids}
        if not cands:
            return []
        rules = self._rules
        whole = [i for i in cands if i in self._whole]
        whole_hits = self._whole_line_hits(doc, whole, where, only)
        regions: dict[Any, tuple[int, int]] = {}
        out: list[tuple[int, Edit]] = []
        clock = CpuClock()  # the rules' budgets start from it
        for i in sorted(cands):
            rule = rules[i]
            if rule.id in timed_out:
                continue
            reg = rule.region
            if reg is None:
                lo, hi = 0, len(doc.text)
            else:
                span = regions.get(reg)
                if span is None:
                    span = regions[reg] = reg.span(doc)
                lo, hi = span
                # the head [0, hi] is as the previous pass saw it: the regex cannot look past
                # hi, so it finds again what it found then
                if first_change is not None and hi < first_change and i in self._head:
                    continue
            left = timeout - (spent.get(rule.id, 0.0) if spent is not None else 0.0)
            if left <= 0:  # the earlier passes took all its time
                timed_out.add(rule.id)
                continue
            budget = Budget(left, clock)
            rule_edits: list[tuple[int, Edit]] = []
            hits: Iterable[Hit]
            if i in whole_hits:
                hits = (
                    Hit(s, e, rule.replacement)
                    for (start, end, s, e) in whole_hits[i]
                    if start >= lo and end <= hi
                )
            elif only is not None and i in self._line_any and i in self._per_line:
                lines = _located_lines(self._line_any[i], doc, only, lo, hi, budget)
                hits = _line_hits(lines, rule.replacement)
            elif i in self._line_fast and i in where:
                at = _lines_at(doc, where[i])
                if only is not None and i in self._per_line:
                    at &= only
                lines = _located_lines(self._line_fast[i], doc, at, lo, hi, budget)
                if type(rule.matcher) is BlockMatcher:
                    starts = ((ln.index, ln.start) for ln, _m in lines)
                    block: BlockMatcher = rule.matcher  # type: ignore[assignment]
                    hits = block.blocks(doc, starts, lo, hi, template=rule.replacement, budget=budget)
                else:
                    hits = _line_hits(lines, rule.replacement)
            elif i in self._span_lines and i in where:
                at = _lines_at(doc, where[i])
                if only is not None and i in self._per_line:
                    at &= only
                hits = _in_lines(self._span_lines[i], doc, at, lo, hi, rule.replacement, budget)
            elif i in self._score_near and i in where:
                reach = self._score_near[i]
                hits = rule.matcher.find_near(  # type: ignore[attr-defined]
                    doc, lo, hi, where[i], reach=reach, template=rule.replacement, budget=budget
                )
            elif i in self._line_starts:
                hits = _at_line_starts(
                    rule.matcher._regex, doc, lo, hi, rule.replacement, budget, self._line_starts[i]  # type: ignore[attr-defined]
                )
            else:
                hits = rule.matcher.find(doc, lo, hi, template=rule.replacement, budget=budget)
            try:
                for hit in hits:  # the clock is read before each hit's excludes, and at the end
                    e = edit_for(rule, doc, hit, budget)
                    if e is not None and e.end > e.start:
                        rule_edits.append((i, e))
                took = budget.close()
            except RegexTimeout:  # a rule out of time is not run again on this document
                timed_out.add(rule.id)
                continue
            if spent is not None:
                spent[rule.id] = spent.get(rule.id, 0.0) + took
            out.extend(rule_edits)
        return out

    def _whole_line_hits(
        self,
        doc: Document,
        which: list[int],
        where: dict[int, list[int]],
        only: set[int] | None = None,
    ) -> dict[int, list[tuple[int, int, int, int]]]:
        """(start, end, lo, hi) of the content lines each whole-line literal rule in
        ``which`` matches. A rule whose strings were located is tried on the lines that
        hold them (a line equal to a phrase holds the phrase's longest word); the
        others share one pass over every line, each line normalised once per case mode."""
        if not which:
            return {}
        out: dict[int, list[tuple[int, int, int, int]]] = {i: [] for i in which}
        text = doc.text
        keys_of: dict[int, str] = {}
        rest = []
        for i in which:
            starts = where.get(i)
            if starts is None:
                rest.append(i)
                continue
            keys, ic = self._whole[i]
            at = _lines_at(doc, starts)
            if only is not None and i in self._per_line:
                at &= only
            for k in sorted(at):
                key = keys_of.get(k)
                if key is None:
                    ln = doc.line(k)
                    key = keys_of[k] = _line_key(text[ln.lo : ln.hi]) if ln.hi > ln.lo else ""
                if key and (key.casefold() if ic else key) in keys:
                    ln = doc.line(k)
                    out[i].append((ln.start, ln.end, ln.lo, ln.hi))
        if not rest:
            return out
        by_key: dict[tuple[bool, str], list[int]] = {}
        modes = set()
        for i in sorted(rest):
            keys, ic = self._whole[i]
            modes.add(ic)
            for key in keys:
                by_key.setdefault((ic, key), []).append(i)
        longest = max(len(key) for _ic, key in by_key)
        for ln in doc.content_lines:
            key = _line_key(text[ln.lo : ln.hi])
            if len(key) > longest:
                continue
            for ic in modes:
                for i in by_key.get((ic, key.casefold() if ic else key), ()):
                    out[i].append((ln.start, ln.end, ln.lo, ln.hi))
        return out


@functools.cache
def _expanding() -> Any:
    """A regex for the characters whose case folding is longer than one character
    (ß -> ss, ﬁ -> fi, ...), built on first use, so that import stays light."""
    found = []
    for block in range(0, sys.maxunicode + 1, 4096):  # whole blocks at a time, in C
        codes = array("I", range(block, min(block + 4096, sys.maxunicode + 1)))
        chars = codes.tobytes().decode("utf-32-le" if sys.byteorder == "little" else "utf-32-be", "replace")
        if len(chars.casefold()) != len(chars):
            found += [ch for ch in chars if len(ch.casefold()) > 1]
    # a plain set of characters: the standard library scans it ten times faster
    return re.compile("[" + "".join(re.escape(ch) for ch in found) + "]")


#: characters folded at a time by _casefold
_FOLD_PIECE = 1 << 16


def _casefold(text: str) -> str:
    """``text.casefold()``, folded a slice at a time. The same string: case folding maps
    each character on its own. But ``str.casefold`` first fills a buffer of three 4-byte
    code points per character, so folding a 20 MB text in one call held 240 MB at once."""
    if len(text) <= _FOLD_PIECE:
        return text.casefold()
    return "".join([text[i : i + _FOLD_PIECE].casefold() for i in range(0, len(text), _FOLD_PIECE)])


def _unfold_offsets(text: str) -> Callable[[int], int]:
    """A map from offsets of ``text.casefold()`` to offsets of ``text``: an offset
    inside the folding of one character maps to that character."""
    chars: list[int] = []  # offsets in text of the characters that fold to several
    ends: list[int] = []  # where their foldings end in the folded text
    extra: list[int] = [0]  # characters the folding added up to and including each
    for m in _expanding().finditer(text):
        grow = len(m.group().casefold()) - 1
        chars.append(m.start())
        ends.append(m.start() + extra[-1] + grow + 1)
        extra.append(extra[-1] + grow)

    def back(p: int) -> int:
        k = bisect.bisect_right(ends, p)
        i = p - extra[k]
        return chars[k] if k < len(chars) and i > chars[k] else i

    return back


def _line_key(s: str) -> str:
    """``normalise_line(s, False)``, without the regex for the usual line whose only
    blanks are single spaces (every other blank character is not printable)."""
    t = s.strip()
    if t.isprintable() and "  " not in t:
        return t
    return normalise_line(s, False)


def _lines_touched(doc: Document, spans: Sequence[tuple[int, int]]) -> set[int]:
    """Indices of the lines that hold a character of a span, or meet an empty span (a
    join), or end where one starts."""
    line_starts = doc.line_starts
    out: set[int] = set()
    for s, e in spans:
        first = bisect.bisect_right(line_starts, max(s - 1, 0)) - 1
        last = bisect.bisect_right(line_starts, e) - 1
        out.update(range(first, last + 1))
    return out


def _lines_at(doc: Document, offsets: Iterable[int]) -> set[int]:
    """Indices of the lines that hold the characters at ``offsets``."""
    line_starts = doc.line_starts
    return {bisect.bisect_right(line_starts, p) - 1 for p in offsets}


#: a line regex tried line by line, and the characters of which one opens any line it
#: fills (None: no claim)
LineRegex = tuple[Any, frozenset[str] | None]


def _line_local_regex(m: Any) -> LineRegex | None:
    """The line regex a line rule (or a block rule's start) is tried with line by line,
    if its verdict on a line depends on that line alone, with the characters of which
    one is the first of the line past its blanks, on any line it fills; else None."""
    if type(m) is LineMatcher:
        pattern = m.pattern
    elif type(m) is BlockMatcher:
        pattern = m.start
    else:
        return None
    if not line_local(pattern, ignore_case=m.ignore_case):
        return None
    # the line regex takes the blanks before the pattern (possessively), so the pattern
    # starts at the line's first character that is not a blank
    opens = line_start_chars(f"^(?:{pattern})", ignore_case=m.ignore_case)
    return line_regex(pattern, ignore_case=m.ignore_case), opens


def _located_lines(
    line_rx: LineRegex, doc: Document, lines: Iterable[int], lo: int, hi: int, budget: Budget
) -> Iterator[tuple[Line, Any]]:
    """Of ``lines`` (indices), the non-blank ones in ``[lo, hi)`` that the line regex
    fullmatches, in order, with the match: the lines a scan of the whole range would
    hit, for a regex that sees no further than its line. ``budget`` (the rule's turn)
    bounds all the lines together, not each: many slow lines that do not match must not
    add up to a rule that runs for minutes without a ``rule-timeout`` warning.

    A line whose first character past spaces and tabs is neither one that can open a
    match nor another blank (which the regex takes before the pattern) is not tried: a
    regex call costs a few microseconds, most of them the ``regex`` module reading the
    CPU clock for its time limit."""
    compiled, opens = line_rx
    firsts = doc.first_non_blank if opens is not None else []
    text = doc.text
    for k in sorted(lines):
        ln = doc.line(k)
        if ln.start < lo or ln.end > hi or ln.lo == ln.hi:
            continue
        if opens is not None and firsts[k] not in opens and not firsts[k].isspace():
            continue
        try:
            # the time limit by position: see matchers.base.REGEX_POSITIONAL
            m = compiled.fullmatch(text, ln.start, ln.end, None, False, budget.left())
        except TimeoutError as exc:
            raise RegexTimeout(str(exc)) from exc
        if m is not None:
            yield ln, m


def _in_lines(
    compiled: Any, doc: Document, lines: Iterable[int], lo: int, hi: int, template: str | None, budget: Budget
) -> Iterator[Hit]:
    """The hits a search of ``[lo, hi)`` gives on ``lines`` (indices), for a pattern no
    match or lookaround of which reaches past its line (``prefilter.within_line``): each
    line is searched alone, its line break included, in order. ``budget`` bounds all
    the lines together."""
    text = doc.text
    n = len(text)
    try:
        for k in sorted(lines):
            ln = doc.line(k)
            start, end = max(ln.start, lo), min(ln.end + 1, n, hi)
            if start >= end:
                continue
            for m in compiled.finditer(text, start, end, False, None, False, budget.left()):
                if m.end() > m.start():
                    yield Hit(m.start(), m.end(), m.expand(template) if template is not None else None)
    except TimeoutError as exc:
        raise RegexTimeout(str(exc)) from exc


#: a pattern rule that starts with ``^`` and needs one of this many strings or more is tried
#: at line starts only: a wide alternation of literals leaves the ``regex`` module no
#: string to search ahead for, so a search tries the pattern at every position of the
#: text; with fewer strings its own literal search is the faster way
_LINE_START_MIN_STRINGS = 9


def _at_line_starts(
    compiled: Any,
    doc: Document,
    lo: int,
    hi: int,
    template: str | None,
    budget: Budget,
    opens: frozenset[str] | None = None,
) -> Iterator[Hit]:
    """The hits a search of ``[lo, hi)`` gives for a pattern whose every match starts at a
    line start, found by trying it at each line start only. Matches do not overlap: the
    next try is at the first line start at or past the end of the last match. ``lo`` is a
    line start (regions are whole lines). ``opens``: the characters of which one is the
    first non-blank character of any match (``prefilter.line_start_chars``); a line whose
    first non-blank character is another is not tried."""
    text = doc.text
    starts = doc.line_starts
    firsts = doc.first_non_blank if opens is not None else []
    first = bisect.bisect_left(starts, lo)
    nxt = lo  # ``budget``: the rule's whole time, not each try's
    try:
        for k in range(first, len(starts)):
            s = starts[k]
            if s >= hi:
                break
            if s < nxt or (opens is not None and firsts[k] not in opens):
                continue
            m = compiled.match(text, s, hi, None, False, budget.left())  # see REGEX_POSITIONAL
            if m is not None:
                e = m.end()
                if e > s:
                    yield Hit(s, e, m.expand(template) if template is not None else None)
                nxt = max(e, s + 1)
    except TimeoutError as exc:
        raise RegexTimeout(str(exc)) from exc


def _line_hits(lines: Iterable[tuple[Line, Any]], template: str | None) -> Iterator[Hit]:
    """The hits of a line rule on its located lines."""
    for ln, m in lines:
        yield Hit(ln.lo, ln.hi, m.expand(template) if template is not None else None)
