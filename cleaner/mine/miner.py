# The `mine` run from corpus to checked drafts: count, filter, assemble runs, draft,
# measure on a sample, keep verified examples, and write one rule file per group.
"""Mine a corpus for repeated boilerplate and draft reviewable rules.

Three reads of the corpus: two counting passes (:mod:`cleaner.mine.count`) and one
pass over a sample of each group that runs the drafts through the real cleaner
(:mod:`cleaner.mine.measure`). Everything is deterministic for a given input order.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from cleaner.errors import MineError
from cleaner.mine.corpus import MineDoc
from cleaner.mine.count import Counts, CountSettings, GroupStats, LineStats, count_corpus
from cleaner.mine.drafts import (
    PACK,
    Draft,
    check_loads,
    draft_for_line,
    draft_for_run,
    dump_rule_file,
    lint_issues,
    slug,
    verified,
)
from cleaner.mine.filters import Rejection, content_rejection, is_anchor, standalone_rejection
from cleaner.mine.measure import SampleStats, measure
from cleaner.mine.normalise import display_shape, shape_of
from cleaner.mine.runs import find_runs

__all__ = ["GroupResult", "MineError", "MineResult", "MineSettings", "mine", "write_drafts"]


@dataclass(frozen=True, slots=True)
class MineSettings:
    """Settings of a run: counting thresholds, sample size, drafts per group."""

    count: CountSettings = field(default_factory=CountSettings)
    sample_docs: int = 200  # documents per group cleaned with the drafts
    max_drafts: int = 100  # drafts per group, the largest first

    def __post_init__(self) -> None:
        if self.sample_docs < 1:
            raise ValueError("sample_docs must be at least 1: examples come from the sample")
        if self.max_drafts < 1:
            raise ValueError("max_drafts must be at least 1")


@dataclass(slots=True)
class GroupResult:
    """What mining found in one group."""

    stats: GroupStats
    slug: str
    drafts: list[Draft] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    sample: SampleStats | None = None

    @property
    def estimated_share(self) -> float:
        """Share of the group's characters the drafted material holds (exact counts)."""
        return sum(d.chars for d in self.drafts) / self.stats.chars if self.stats.chars else 0.0


@dataclass(slots=True)
class MineResult:
    """The outcome of a run."""

    groups: list[GroupResult]
    docs: int
    seconds: float
    sketch_bytes: int
    settings: MineSettings
    skipped: dict[str, int] = field(default_factory=dict)

    @property
    def drafts(self) -> list[Draft]:
        return [d for g in self.groups for d in g.drafts]


def _ids(group_slug: str, drafts: list[Draft]) -> None:
    seen: set[str] = set()
    for i, d in enumerate(drafts, 1):
        base = slug(d.text) or f"rule-{i}"
        if d.kind == "block":
            base = f"block-{base}"
        rid, n = f"{PACK}.{group_slug}.{base}", 2
        while rid in seen:
            rid, n = f"{PACK}.{group_slug}.{base}-{n}", n + 1
        seen.add(rid)
        d.rule_id = rid


def _drafts_for_group(
    counts: Counts, g: GroupStats, group_slug: str, max_drafts: int
) -> tuple[list[Draft], list[Rejection]]:
    lines = counts.group_lines(g.index)
    rejections: list[Rejection] = []
    eligible: list[LineStats] = []
    for st in lines:
        why = content_rejection(st, g)
        if why is None:
            eligible.append(st)
        else:
            rejections.append(why)
    runs, singles = find_runs(eligible, counts.pairs)
    drafts: list[Draft] = []
    for run in runs:
        # a block is found by its first and last lines: both must be safe anchors
        lo, hi = 0, len(run)
        while lo < hi and not is_anchor(run[lo]):
            lo += 1
        while hi > lo and not is_anchor(run[hi - 1]):
            hi -= 1
        singles.extend(run[:lo] + run[hi:])
        if hi - lo >= 2:
            drafts.append(draft_for_run("", run[lo:hi], g))
        else:
            singles.extend(run[lo:hi])
    for st in singles:
        why = standalone_rejection(st, g)
        if why is None:
            drafts.append(draft_for_line("", st, g))
        else:
            rejections.append(why)
    drafts.sort(key=lambda d: (-d.chars, d.text))
    for d in drafts[max_drafts:]:
        rejections.append(
            Rejection(
                g.name,
                d.text,
                display_shape(d.lines[0].shape),
                d.docs,
                "cap",
                f"beyond the {max_drafts} largest drafts of the group",
            )
        )
    drafts = drafts[:max_drafts]
    _ids(group_slug, drafts)
    return drafts, rejections


def _fallback_examples(d: Draft) -> None:
    """Examples and counterexamples from the counting pass, for a line draft the
    sample did not show: the line with a neighbour of another shape."""
    st = d.lines[0]
    tail = d.region is not None and d.region[0] == "last_lines"
    for ctx in st.examples:
        source = None
        if d.domains:
            source = ctx.source if "//" in ctx.source else (f"https://{ctx.domain}/" if ctx.domain else None)
            if source is None:
                continue
        pairs = [(ctx.before, True), (ctx.after, False)]
        if not tail:
            pairs.reverse()
        for other, first in pairs:
            if not other or shape_of(other) == st.shape:
                continue
            text = f"{other}\n{ctx.line}" if first else f"{ctx.line}\n{other}"
            ex = {"input": text, "output": other}
            cx = {"input": other}
            if source:
                ex["source"] = cx["source"] = source
            d.examples.append(ex)
            d.counterexamples.append(cx)
            break


def _rejection(group: str, d: Draft, reason: str, why: str) -> Rejection:
    """The record of a draft the miner drops, and why."""
    return Rejection(group, d.text, display_shape(d.lines[0].shape), d.docs, reason, why)


def _unverified_why(d: Draft, sample: SampleStats | None) -> str:
    """Why a draft has no example or no counterexample it passes, as the report says it."""
    if d.examples:
        return "no counterexample from the corpus that the draft passes"
    if d.guarded_docs and not d.measured_docs:
        n = d.guarded_docs
        return (
            f"no example: the removal guard left alone {'the' if n == 1 else 'all'} {n} sampled "
            f"document{'' if n == 1 else 's'} it matched (the group's drafts together would remove "
            f"too much of {'it' if n == 1 else 'them'}), and the corpus gave no other example it passes"
        )
    if not d.measured_docs and sample is not None:
        return (
            f"no example from the corpus that the draft passes (it removed nothing from the "
            f"{sample.docs} sampled documents; another draft may have removed its lines first)"
        )
    return "no example from the corpus that the draft passes"


def mine(corpus: Iterable[MineDoc], settings: MineSettings | None = None) -> MineResult:
    """Count, filter, draft, measure and verify; ``corpus`` is read three times."""
    settings = settings or MineSettings()
    t0 = time.perf_counter()
    counts = count_corpus(corpus, settings.count)
    results: list[GroupResult] = []
    used: set[str] = set()
    for g in counts.groups:
        gs = slug(g.name, words=8) or f"group-{g.index + 1}"
        base, n = gs, 2
        while gs in used:
            gs, n = f"{base}-{n}", n + 1
        used.add(gs)
        res = GroupResult(g, gs)
        if g.docs >= g.threshold:
            res.drafts, res.rejections = _drafts_for_group(counts, g, gs, settings.max_drafts)
        results.append(res)

    samples = measure(
        corpus,
        {r.stats.name: r.drafts for r in results},
        settings.sample_docs,
        {r.stats.name: r.stats.docs for r in results},
    )
    for res in results:
        res.sample = samples.get(res.stats.name)
        group = res.stats.name
        kept: list[Draft] = []
        for d in res.drafts:
            if d.kind == "line":
                _fallback_examples(d)
            d.examples.sort(key=lambda e: len(e["input"]))
            v = verified(d)
            if v.examples and v.counterexamples:
                kept.append(v)
            else:
                res.rejections.append(_rejection(group, d, "unverified", _unverified_why(v, res.sample)))
        issues = lint_issues(kept) if kept else {}
        for d in kept:
            if d.rule_id in issues:
                res.rejections.append(_rejection(group, d, "lint", "; ".join(issues[d.rule_id])))
        if "" in issues:  # an issue of the file, not of one draft: a bug of the miner
            raise MineError(f"draft file of group {res.stats.name}: {'; '.join(issues[''])}")
        res.drafts = [d for d in kept if d.rule_id not in issues]
        res.rejections.sort(key=lambda r: (-r.docs, r.reason, r.text))
    return MineResult(
        groups=results,
        docs=counts.docs,
        seconds=time.perf_counter() - t0,
        sketch_bytes=counts.sketch_bytes,
        settings=settings,
        skipped=dict(getattr(corpus, "skipped", {}) or {}),
    )


def _file_header(res: GroupResult) -> str:
    g = res.stats
    return (
        f"Draft rules mined by `cleaner mine` from {g.docs} documents of group {g.name}.\n"
        f"Every rule is status: preview and runs only with --preview or when selected by id.\n"
        f"Review each one (examples and counterexamples are real text from the corpus), then\n"
        f"move it into a pack and drop `status: preview`."
    )


def write_drafts(result: MineResult, outdir: str | Path) -> list[Path]:
    """Write one rule file per group with drafts into ``outdir``; check each loads."""
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for res in result.groups:
        if not res.drafts:
            continue
        text = dump_rule_file((d.spec() for d in res.drafts), _file_header(res))
        errors = check_loads(text)
        if errors:
            raise MineError(f"draft file for group {res.stats.name} does not load: {errors[0]}")
        path = out / f"{res.slug}.yaml"
        path.write_text(text, "utf-8")
        written.append(path)
    return written
