# The compiled form of a rule set: one literal-automaton pass per document tells which
# rules can match at all, so a pass runs only those (same hits as running every rule).
"""Compiled rule scanning.

:class:`CompiledRules` is built once per :class:`~cleaner.Cleaner` from its RuleSet:

- every rule gets a *requirement*: strings of which at least one occurs in any text the
  rule can match (span literals: the phrases; whole-line literals: a word of each
  phrase; line, pattern and block rules: literals proven from the regex by
  :mod:`cleaner.prefilter`). Rules with no provable requirement (and matcher kinds
  this module does not know, such as ``score``) always run;
- all requirements go into one Aho-Corasick automaton per case mode, so one scan of
  the text (and of its lower-cased form, for case-insensitive rules) names the rules
  that can match; the others are skipped without touching the text again;
- all whole-line literal rules share one dictionary: each line is normalised once;
- conditions, site-pack disables and ``replaces`` are pre-indexed, so choosing the
  active rules costs nothing for rule sets without conditions;
- regions are computed once per pass and shared by the rules that use them.

Rules that may match run exactly as before (their own ``find``), so the hits, and
therefore every output, are those of running each rule over the document. The one
difference: a rule that provably cannot match a document is not run on it, so it
cannot time out on it either.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from cleaner.actions import edit_for
from cleaner.document import Document
from cleaner.matchers import BlockMatcher, Hit, LineMatcher, LiteralMatcher, PatternMatcher, RegexTimeout
from cleaner.matchers.literal import normalise_line
from cleaner.prefilter import Literals, case_unsafe_chars, minimal_set, required_literals
from cleaner.removals import Edit
from cleaner.rule import Rule
from cleaner.ruleset import RuleSet

__all__ = ["CompiledRules", "requirement_of"]


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


def _span_phrases(m: LiteralMatcher) -> Literals | None:
    """The phrases themselves (case-folded for ignore_case rules)."""
    if not m.ignore_case:
        return Literals(minimal_set(m.phrases))
    unsafe = case_unsafe_chars(m.phrases)
    if unsafe is None:
        return None
    return Literals(minimal_set(p.casefold() for p in m.phrases), True, unsafe)


def requirement_of(rule: Rule) -> Literals | None:
    """Strings of which at least one occurs in any document ``rule`` can hit (see
    :class:`~cleaner.prefilter.Literals`). None: the rule must always run.

    Only the matcher classes of this package are reasoned about (exact types, not
    subclasses); any other kind, such as ``score``, always runs.
    """
    m = rule.matcher
    kind = type(m)
    if kind is LiteralMatcher:
        lm: LiteralMatcher = m  # type: ignore[assignment]
        return _whole_line_tokens(lm) if lm.whole_line else _span_phrases(lm)
    if kind is LineMatcher or kind is PatternMatcher:
        return required_literals(m.pattern, ignore_case=m.ignore_case)  # type: ignore[attr-defined]
    if kind is BlockMatcher:
        return required_literals(m.start, ignore_case=m.ignore_case)  # type: ignore[attr-defined]
    return None


class _Automaton:
    """One Aho-Corasick automaton over the strings of many rules."""

    __slots__ = ("_auto", "_rules_of")

    def __init__(self, wanted: dict[str, set[int]]) -> None:
        import ahocorasick

        self._rules_of: list[tuple[int, ...]] = []
        auto = ahocorasick.Automaton()
        for lid, (s, rules) in enumerate(sorted(wanted.items())):
            auto.add_word(s, lid)
            self._rules_of.append(tuple(sorted(rules)))
        auto.make_automaton()
        self._auto = auto

    def rules_in(self, text: str, into: set[int]) -> None:
        found = {lid for _end, lid in self._auto.iter(text)}
        rules_of = self._rules_of
        for lid in found:
            into.update(rules_of[lid])


class CompiledRules:
    """A RuleSet prepared for fast scanning. Immutable; pickles as its RuleSet."""

    __slots__ = (
        "_always",
        "_cond",
        "_contextual",
        "_disables",
        "_fold_auto",
        "_off_of",
        "_plain",
        "_replacers",
        "_rules",
        "_ruleset",
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
        for i, rule in enumerate(rules):
            req = requirement_of(rule)
            if req is None:
                always.append(i)
                continue
            for s in req.strings:
                wanted[req.folded].setdefault(s, set()).add(i)
            if req.unsafe:
                unsafe |= req.unsafe
                unsafe_rules.add(i)
        self._always = frozenset(always)
        self._text_auto = _Automaton(wanted[False]) if wanted[False] else None
        self._fold_auto = _Automaton(wanted[True]) if wanted[True] else None
        self._unsafe = tuple(sorted(unsafe))
        self._unsafe_rules = frozenset(unsafe_rules)
        # whole-line literal rules: line key -> rule indices, per case mode
        self._whole: dict[int, tuple[frozenset[str], bool]] = {
            i: (r.matcher._keys, r.matcher.ignore_case)  # type: ignore[attr-defined]
            for i, r in enumerate(rules)
            if type(r.matcher) is LiteralMatcher and r.matcher.whole_line  # type: ignore[attr-defined]
        }
        self._contextual = frozenset(i for i, r in enumerate(rules) if r.matcher.contextual)
        # activity: conditions, disables, replaces
        self._cond = tuple(i for i, r in enumerate(rules) if not r.when.always)
        self._disables = tuple((d.when, d.ids) for d in ruleset.disables)
        self._replacers = tuple(i for i, r in enumerate(rules) if r.replaces)
        names = {o for _w, ids in self._disables for o in ids}
        names |= {o for i in self._replacers for o in rules[i].replaces}
        self._off_of = {o: self._named(ruleset.redirects.get(o, o)) for o in names}
        self._plain = not (self._cond or self._disables or self._replacers)

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

    def _found(self, text: str) -> set[int]:
        """Rules whose requirement occurs in ``text`` (plus those that always run)."""
        cands = set(self._always)
        if self._text_auto is not None:
            self._text_auto.rules_in(text, cands)
        if self._fold_auto is not None:
            self._fold_auto.rules_in(text.casefold(), cands)
            if self._unsafe and any(ch in text for ch in self._unsafe):
                cands |= self._unsafe_rules
        return cands

    # -- one pass ---------------------------------------------------------------------

    def proposals(
        self, doc: Document, timeout: float, timed_out: set[str], first_pass: bool
    ) -> list[tuple[int, Edit]]:
        """(rule order, edit) of every rule that applies to ``doc``, as running each
        rule's matcher over its region would give them; overlaps not yet resolved."""
        cands = self._found(doc.text)
        active = self.active(doc)
        if active is not None:
            cands &= active
        if not first_pass:
            cands -= self._contextual
        if not cands:
            return []
        rules = self._rules
        whole_hits = self._whole_line_hits(doc, [i for i in cands if i in self._whole])
        regions: dict[Any, tuple[int, int]] = {}
        out: list[tuple[int, Edit]] = []
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
            deadline = time.monotonic() + timeout
            rule_edits: list[tuple[int, Edit]] = []
            if i in whole_hits:
                hits: Iterable[Hit] = (
                    Hit(s, e, rule.replacement)
                    for (start, end, s, e) in whole_hits[i]
                    if start >= lo and end <= hi
                )
            else:
                hits = rule.matcher.find(doc, lo, hi, template=rule.replacement, timeout=timeout)
            try:
                for hit in hits:
                    e = edit_for(rule, doc, hit)
                    if e is not None and e.end > e.start:
                        rule_edits.append((i, e))
                    if time.monotonic() > deadline:
                        raise RegexTimeout(f"more than {timeout:g}s")
            except RegexTimeout:
                timed_out.add(rule.id)
                continue
            out.extend(rule_edits)
        return out

    def _whole_line_hits(self, doc: Document, which: list[int]) -> dict[int, list[tuple[int, int, int, int]]]:
        """(start, end, lo, hi) of the content lines each whole-line literal rule in
        ``which`` matches: every line is normalised once per case mode."""
        if not which:
            return {}
        by_key: dict[tuple[bool, str], list[int]] = {}
        modes = set()
        for i in sorted(which):
            keys, ic = self._whole[i]
            modes.add(ic)
            for k in keys:
                by_key.setdefault((ic, k), []).append(i)
        out: dict[int, list[tuple[int, int, int, int]]] = {i: [] for i in which}
        text = doc.text
        for ln in doc.content_lines:
            s = text[ln.lo : ln.hi]
            for ic in modes:
                for i in by_key.get((ic, normalise_line(s, ic)), ()):
                    out[i].append((ln.start, ln.end, ln.lo, ln.hi))
        return out
