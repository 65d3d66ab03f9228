# The rule stage: run the active rules over a document, resolve overlapping hits,
# repeat until nothing more matches, and apply the guard against runaway removal.
"""Apply a RuleSet to text through an EditLog.

``run_rules`` takes the rules either compiled (:class:`cleaner.scan.CompiledRules`,
what a Cleaner uses: only rules that can match a document run on it) or as a plain
RuleSet, which runs every active rule's matcher: the straightforward reference the
compiled form is tested against.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass

from cleaner.actions import edit_for
from cleaner.document import Document
from cleaner.linebreaks import LineFeedView
from cleaner.matchers import RegexTimeout
from cleaner.matchers.base import Budget
from cleaner.removals import Edit, EditLog
from cleaner.rule import Rule, domain_of
from cleaner.ruleset import RuleSet
from cleaner.scan import CompiledRules
from cleaner.warnings import CleanWarning

__all__ = ["RULE_WARNINGS", "EngineSettings", "find_edits", "run_rules"]

#: the codes of the warnings run_rules gives (a new run of the rule stage replaces them)
RULE_WARNINGS = frozenset({"guard", "unsettled", "rule-timeout"})


@dataclass(frozen=True, slots=True)
class EngineSettings:
    """Limits of the rule stage."""

    max_removal: float = 0.5  # guard: share of characters rules may remove
    rule_timeout: float = 1.0  # seconds one rule may spend on one document
    max_passes: int = 8  # passes until no rule matches any more (a warning if they run out)
    min_body: float = 0.2  # guard: share a cut to the end must leave before it


def _pick(edits: list[tuple[int, Edit]]) -> list[Edit]:
    """Non-overlapping edits: the earliest start wins, then the longest, then rule order.

    Two deletions that overlap (typically two dropped lines sharing a line break) both
    stand: the later one is trimmed to start where the earlier ends, so the union is
    deleted and each rule keeps its own record.
    """
    edits.sort(key=lambda oe: (oe[1].start, -(oe[1].end - oe[1].start), oe[0]))
    out: list[Edit] = []
    last_end = -1
    for _order, e in edits:
        if e.start >= last_end:
            out.append(e)
            last_end = e.end
        elif e.end > last_end and not e.replacement and not out[-1].replacement:
            out.append(Edit(last_end, e.end, "", e.rule, e.category, e.score))
            last_end = e.end
    return out


def find_edits(
    rules: list[Rule],
    doc: Document,
    timeout: float,
    timed_out: set[str] | None = None,
    spent: dict[str, float] | None = None,
) -> list[Edit]:
    """Edits that ``rules`` propose for ``doc`` in one pass, overlaps resolved.

    Each rule has ``timeout`` seconds, all of its regex calls together (its matcher's, its
    exclude patterns'), less what ``spent`` says it took in earlier passes over the same
    document (updated here); a rule that runs past them proposes nothing and is added to
    ``timed_out`` (without it, RegexTimeout is raised)."""
    proposals: list[tuple[int, Edit]] = []
    for order, rule in enumerate(rules):
        if timed_out is not None and rule.id in timed_out:
            continue
        lo, hi = rule.region.span(doc) if rule.region else (0, len(doc.text))
        budget = Budget(timeout - (spent.get(rule.id, 0.0) if spent is not None else 0.0))
        rule_edits: list[tuple[int, Edit]] = []
        try:
            for hit in rule.matcher.find(doc, lo, hi, template=rule.replacement, budget=budget):
                e = edit_for(rule, doc, hit, budget)
                if e is not None and e.end > e.start:
                    rule_edits.append((order, e))
            took = budget.close()
        except RegexTimeout:  # a rule out of time is not run again on this document
            if timed_out is None:
                raise
            timed_out.add(rule.id)
            continue
        if spent is not None:
            spent[rule.id] = spent.get(rule.id, 0.0) + took
        proposals.extend(rule_edits)
    return _pick(proposals)


def _written(edits: list[Edit]) -> list[tuple[int, int]]:
    """Where ``edits`` (sorted, non-overlapping) put their replacements in the new
    text: an empty span where a deletion joined it."""
    out = []
    delta = 0
    for e in edits:
        start = e.start + delta
        out.append((start, start + len(e.replacement)))
        delta += len(e.replacement) - (e.end - e.start)
    return out


def _map_spans(spans: list[tuple[int, int]], edits: list[Edit]) -> list[tuple[int, int]]:
    """``spans`` of a text, carried through ``edits`` (sorted, non-overlapping) into the
    edited text; a span end inside an edit widens to the edit's replacement."""
    if not edits:
        return spans
    ends = [e.end for e in edits]
    shift = [0]
    for e in edits:
        shift.append(shift[-1] + len(e.replacement) - (e.end - e.start))

    def carry(p: int, right: bool) -> int:
        k = bisect.bisect_right(ends, p)  # edits that end at or before p
        if k < len(edits) and edits[k].start < p:  # p is inside edit k
            e = edits[k]
            return e.start + shift[k] + (len(e.replacement) if right else 0)
        return p + shift[k]

    return [(carry(s, False), carry(e, True)) for s, e in spans]


#: characters of text split at a time by _visible: its word list stays small however long
#: the document (a whole 20 MB text split at once held a list of millions of words)
_VISIBLE_CHUNK = 1 << 16


def _visible(text: str) -> int:
    """Number of characters that are not whitespace (``str.split`` cuts at exactly the
    characters ``str.isspace`` names, in C). Counted a slice at a time: a word cut at a
    slice's edge still counts each of its characters once."""
    if len(text) <= _VISIBLE_CHUNK:
        return sum(map(len, text.split()))
    return sum(
        sum(map(len, text[i : i + _VISIBLE_CHUNK].split())) for i in range(0, len(text), _VISIBLE_CHUNK)
    )


def _cuts_tail(ruleset: RuleSet, edit: Edit, text: str) -> bool:
    """Whether ``edit`` deletes everything from its start to the end of ``text`` for a
    rule whose hits run from a heading to the end (looked up only for such deletions)."""
    if edit.replacement or text[edit.end :].strip():
        return False
    rule = ruleset.get(edit.rule)
    return rule is not None and rule.matcher.cuts_tail


def _over_guard(removed: int, tail: int, start_len: int, settings: EngineSettings) -> bool:
    """Whether removing ``removed`` of ``start_len`` visible characters, ``tail`` of them
    in cuts to the end of the text, trips the guard."""
    if removed <= 0 or removed / start_len <= settings.max_removal:
        return False
    body = start_len - tail
    if not tail or body < settings.min_body * start_len:
        return True
    return (removed - tail) / body > settings.max_removal


def _plain(ruleset: RuleSet | CompiledRules) -> RuleSet:
    """The RuleSet behind either form of the rules."""
    return ruleset.ruleset if isinstance(ruleset, CompiledRules) else ruleset


@dataclass(slots=True)
class _Tally:
    """What the passes of one run removed, in visible characters, and how they ended."""

    removed: int = 0
    exempt: int = 0  # removed by guard-exempt rules
    tail: int = 0  # removed by tail-cutting rules to the end of the text
    unsettled: bool = False  # the passes ran out while rules still matched


def _passes(
    log: EditLog,
    ruleset: RuleSet | CompiledRules,
    source: str | None,
    settings: EngineSettings,
    settle: Callable[[EditLog], None] | None,
    timed_out: set[str],
    only: frozenset[str] | None = None,
) -> _Tally:
    """Apply the rules (only the rules named in ``only``, if given) in passes until
    nothing matches, settling after each pass that changed the text. A rule's time limit
    is for all the passes together: each pass has what the earlier ones left of it."""
    tally = _Tally()
    spent: dict[str, float] = {}  # rule id -> seconds taken in the passes so far
    domain = domain_of(source)
    rule_set = _plain(ruleset)
    exempt_ids = rule_set.guard_exempt
    changed: list[tuple[int, int]] | None = None  # what the last pass wrote, in log.current
    memo: dict[object, object] = {}  # see Document.memo
    for _pass in range(settings.max_passes):
        view = LineFeedView.of(log.current)
        doc = Document(log.current if view is None else view.text, source, domain, memo)
        if isinstance(ruleset, CompiledRules):
            if view is not None and changed is not None:
                changed = [(view.to_view(s), view.to_view(e)) for s, e in changed]
            found = ruleset.proposals(doc, settings.rule_timeout, timed_out, changed, spent, rule_ids=only)
            edits = _pick(found)
        else:
            rules = ruleset.active(doc)
            if only is not None:
                rules = [r for r in rules if r.id in only]
            edits = find_edits(rules, doc, settings.rule_timeout, timed_out, spent)
        if not edits:
            break
        if view is not None:
            edits = [view.edit_to_text(e) for e in edits]
        current = log.current
        for e in edits:
            lost = _visible(current[e.start : e.end]) - _visible(e.replacement)
            tally.removed += lost
            if lost > 0 and e.rule in exempt_ids:
                tally.exempt += lost
        last = edits[-1]
        if last.rule not in exempt_ids and _cuts_tail(rule_set, last, current):
            tally.tail += _visible(current[last.start : last.end])
        log.apply(edits)
        changed = _written(edits)
        if settle is not None:
            log.journal = []
            try:
                settle(log)
            finally:
                batches, log.journal = log.journal, None
            for batch in batches:  # what settle wrote is changed too
                changed = _map_spans(changed, batch) + _written(batch)
    else:
        tally.unsettled = True
    return tally


def run_rules(
    log: EditLog,
    ruleset: RuleSet | CompiledRules,
    source: str | None,
    settings: EngineSettings,
    settle: Callable[[EditLog], None] | None = None,
    *,
    exempt_fallback: bool = True,
) -> list[CleanWarning]:
    """Apply the rules to ``log.current`` until nothing matches; return warnings.

    ``settle``, if given, runs after every pass that changed the text (the pipeline's
    whitespace tidying and encoding repair: a removal can leave blanks at a line end or
    join two halves of mojibake), so that the rules, and then ``settle``, find nothing
    more in what they leave.

    Every rule runs in every pass, those that judge a line by its neighbours or its
    position too: a removal can bring new lines into their reach, and a text that
    cleaning left as it is must give nothing to clean again (idempotence). If rules
    still match after ``settings.max_passes`` passes, an ``unsettled`` warning says so.

    If the rules would remove more than ``settings.max_removal`` of the characters,
    nothing is applied and a ``guard`` warning is returned. What rules declared
    ``guard: exempt`` remove (debris whose form is never article text, such as server
    error messages) is left out of both sides of that share. A deletion that runs to the
    end of the text (a comment thread cut at its heading) is measured apart: the share
    is taken of the text before it, since how long a thread grows says nothing about
    the article above it. Only rules that declare such a cut (a block ``until: end``,
    which names the section it opens on) are measured so; the cut must still leave
    ``settings.min_body`` of the visible text, or it counts like any other removal.

    When the guard trips, the guard-exempt rules alone still run (``exempt_fallback``):
    their removals stay if all the rules, run on what they leave, trip the guard again,
    which is what cleaning the result again would do; otherwise nothing is applied.
    """
    warnings: list[CleanWarning] = []
    saved_removals, saved_text = list(log.removals), log.current
    # The guard counts visible characters only, so whitespace tidying cannot move a
    # document across the limit between one cleaning and the next (idempotence).
    start_text = log.current
    timed_out: set[str] = set()
    tally = _passes(log, ruleset, source, settings, settle, timed_out)
    for rid in sorted(timed_out):
        warnings.append(
            CleanWarning(
                "rule-timeout",
                f"rule {rid} ran past its {settings.rule_timeout:g}s limit; its matches were not applied "
                "(`cleaner rules lint` on its file checks its regexes for backtracking)",
                rid,
            )
        )
    removed, exempt = tally.removed, tally.exempt
    start_len = _visible(start_text) - exempt if removed > exempt else 0
    if start_len > 0 and _over_guard(removed - exempt, tally.tail, start_len, settings):
        log.removals, log.current = list(saved_removals), saved_text  # a copy: the fallback writes on
        share = (
            f"rules would remove {(removed - exempt) / start_len:.0%} of the text "
            f"(limit {settings.max_removal:.0%})"
        )
        if exempt_fallback and _exempt_only(log, ruleset, source, settings, settle):
            message = f"{share}; only the guard-exempt rules were applied"
        else:
            log.removals, log.current = saved_removals, saved_text
            message = f"{share}; document left unchanged by rules"
        warnings.append(CleanWarning("guard", message))
    elif tally.unsettled:
        warnings.append(
            CleanWarning(
                "unsettled",
                f"rules still matched after {settings.max_passes} passes; cleaning the result "
                "again may remove more",
            )
        )
    return warnings


def _exempt_only(
    log: EditLog,
    ruleset: RuleSet | CompiledRules,
    source: str | None,
    settings: EngineSettings,
    settle: Callable[[EditLog], None] | None,
) -> bool:
    """After the guard tripped: apply the guard-exempt rules alone to ``log``; keep what
    they did (True) only if it settles and all the rules, run on the result, trip the
    guard again, so that cleaning the result changes nothing more."""
    rule_set = _plain(ruleset)
    only = rule_set.guard_exempt
    if not only:
        return False
    before = log.current
    timed_out: set[str] = set()
    tally = _passes(log, ruleset, source, settings, settle, timed_out, only)
    if log.current == before or tally.unsettled or timed_out:
        return False
    probe = EditLog(log.current)
    again = run_rules(probe, ruleset, source, settings, settle, exempt_fallback=False)
    return any(w.code == "guard" for w in again)
