# The third pass of `mine`: clean a sample of each group with its drafts through the
# real pipeline, to measure what they remove and to take real examples from the corpus.
"""Run the drafts on the first documents of each group.

For each group with drafts, the first ``sample_docs`` documents are cleaned with
those drafts alone (the real :class:`~cleaner.pipeline.Cleaner`, its guard
included). From that come:

* the share of characters the drafts remove from the sample, and how many
  documents the guard left alone (and, per draft, how many of those it matched:
  a document the guard left alone gives no example);
* for each draft, real examples (the lines it removed plus the nearest line that
  survived, which is what the rule should leave) and counterexamples (surviving
  lines of the same documents, preferably ones that share a word with the draft).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import regex

from cleaner.document import Document
from cleaner.mine.corpus import MineDoc
from cleaner.mine.drafts import Draft
from cleaner.pipeline import Cleaner
from cleaner.removals import Removal
from cleaner.ruleset import RuleSet

__all__ = ["SampleStats", "example_source", "measure"]

#: candidate examples and counterexamples collected per draft
_KEEP = 4
_WORD = regex.compile(r"\w{4,}")


@dataclass(slots=True)
class SampleStats:
    """What the drafts of one group did to its sample."""

    docs: int = 0
    chars: int = 0
    removed: int = 0  # characters removed by the drafts
    guard_docs: int = 0  # documents the guard left unchanged (drafts would remove too much)
    by_rule: dict[str, int] = field(default_factory=dict)

    @property
    def share(self) -> float:
        return self.removed / self.chars if self.chars else 0.0


def example_source(doc: MineDoc) -> str | None:
    """A source under which site-scoped drafts apply to ``doc``: its URL, or its host's."""
    if "//" in doc.source:
        return doc.source
    return f"https://{doc.domain}/" if doc.domain else None


def _surviving(doc: Document, removals: list[Removal]) -> list[bool]:
    """For each line of ``doc``: non-blank and untouched by any removal."""
    spans = sorted((r.start, r.end) for r in removals if r.category != "whitespace")
    out: list[bool] = []
    j = 0
    for ln in doc.lines:
        while j < len(spans) and spans[j][1] <= ln.lo:
            j += 1
        hit = j < len(spans) and spans[j][0] < ln.hi
        out.append(not ln.blank and not hit)
    return out


def _words(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text)}


def measure(
    docs: Iterable[MineDoc],
    drafts: dict[str, list[Draft]],
    sample_docs: int,
    group_sizes: dict[str, int] | None = None,
) -> dict[str, SampleStats]:
    """Clean the first ``sample_docs`` documents of each group that has drafts.

    A group's cleaner is built when its first document comes and dropped once its
    sample is complete (``group_sizes`` tells when a small group is), so memory
    follows the groups in progress, not all groups.
    """
    by_id = {d.rule_id: d for ds in drafts.values() for d in ds}
    stats: dict[str, SampleStats] = {g: SampleStats() for g, ds in drafts.items() if ds}
    want = {g: min(sample_docs, (group_sizes or {}).get(g, sample_docs)) for g in stats}
    pending = {g for g in stats if want[g] > 0}
    cleaners: dict[str, tuple[Cleaner, Cleaner]] = {}  # group -> (guarded, unguarded)
    for doc in docs:
        if not pending:
            break
        g = doc.group
        if g not in pending:
            continue
        pair = cleaners.get(g)
        if pair is None:
            rules = RuleSet(tuple(d.rule() for d in drafts[g]))
            pair = cleaners[g] = (Cleaner(rules, preview=True), Cleaner(rules, preview=True, max_removal=1.0))
        cleaner, unguarded = pair
        st = stats[g]
        st.docs += 1
        st.chars += len(doc.text)
        if st.docs >= want[g]:
            pending.discard(g)
            del cleaners[g]
        source = example_source(doc)
        result = cleaner.clean(doc.text, source=source)
        if any(w.code == "guard" for w in result.warnings):
            st.guard_docs += 1
            # which drafts the guard held back here: it is why a draft may lack an example
            probe = unguarded.clean(doc.text, source=source)
            for rid in dict.fromkeys(r.rule for r in probe.removals if r.rule in by_id):
                by_id[rid].guarded_docs += 1
        mined = [r for r in result.removals if r.rule in by_id]
        if not mined:
            continue
        st.removed += sum(len(r.text) - len(r.replacement) for r in mined)
        _collect(Document(doc.text), list(result.removals), mined, by_id, st, source)
    return stats


def _collect(
    doc: Document,
    removals: list[Removal],
    mined: list[Removal],
    by_id: dict[str, Draft],
    st: SampleStats,
    source: str | None,
) -> None:
    """Count what each draft removed here and take examples and counterexamples."""
    alive = _surviving(doc, removals)
    lines = doc.lines
    text = doc.text
    fired: dict[str, None] = {}  # in removal order, not a set's (salted) string order
    for r in mined:
        draft = by_id[r.rule]
        st.by_rule[r.rule] = st.by_rule.get(r.rule, 0) + len(r.text)
        if r.rule not in fired:
            fired[r.rule] = None
            draft.measured_docs += 1
        if len(draft.examples) >= _KEEP:
            continue
        inside = [ln for ln in lines if not ln.blank and ln.lo >= r.start and ln.hi <= r.end]
        if not inside:
            continue
        body = text[inside[0].lo : inside[-1].hi]
        tail = draft.region is not None and draft.region[0] == "last_lines"
        before = [ln for ln in lines[: inside[0].index] if alive[ln.index]]
        after = [ln for ln in lines[inside[-1].index + 1 :] if alive[ln.index]]
        if tail and before:
            ctx = text[before[-1].lo : before[-1].hi]
            example = {"input": f"{ctx}\n{body}", "output": ctx}
        elif after:
            ctx = text[after[0].lo : after[0].hi]
            example = {"input": f"{body}\n{ctx}", "output": ctx}
        elif before:
            ctx = text[before[-1].lo : before[-1].hi]
            example = {"input": f"{ctx}\n{body}", "output": ctx}
        else:
            continue
        if draft.domains and source:
            example["source"] = source
        draft.examples.append(example)
    for rid in fired:
        draft = by_id[rid]
        if len(draft.counterexamples) >= _KEEP:
            continue
        want = _words(draft.text)
        kept = [text[ln.lo : ln.hi] for ln in lines if alive[ln.index]]
        near = [k for k in kept if want & _words(k) and len(k) <= 300]
        pick = near[0] if near else next((k for k in kept if 20 <= len(k) <= 300), None)
        if pick is None:
            continue
        cx = {"input": pick}
        if draft.domains and source:
            cx["source"] = source
        if cx not in draft.counterexamples:
            draft.counterexamples.append(cx)
