# Quality harness: runs a Cleaner over the public extraction benchmarks (Scrapinghub AEB and
# trafilatura's eval set) and prints shingle P/R/F1, snippet keep/leak and per-rule false removals.
"""Measure cleaner on labelled web pages.

Usage::

    python benchmarks/quality.py DATA [DATA ...] [--rules PATH ...] [--select ID ...] [--enable ID ...]
        [--ignore ID ...] [--max-removal SHARE] [--limit N] [--jobs N] [--rule-report N]
        [--show-losses N] [--show-leaks N] [--worst N]

Each DATA is one of (the data always stays outside the project):

* ``*-text.jsonl[.gz]`` with a ``gold`` field (Scrapinghub AEB dirty text): the dirty text is
  cleaned and scored against the gold article with the benchmark's shingle method, next to the
  dirty text itself as the baseline;
* ``*-text.jsonl[.gz]`` with ``with`` / ``without`` snippets (trafilatura's eval set): the share
  of all "with" snippets kept and of all "without" snippets leaked (the data README's
  denominators: a snippet missing from the dirty text is lost or not leaked), cleaned and dirty;
* a ``scrapinghub-aeb/`` folder (``html/*.html.gz`` + ``ground-truth.json``): the HTML path,
  trafilatura alone (include_comments=False) against trafilatura + cleaner;
* a ``trafilatura-eval/`` folder (``html/`` + ``evaldata.json`` + ``file_map.json``): the HTML
  path scored with all of upstream's snippets.

Scoring (the benchmark's ``sh4`` scheme): tokens are ``\\w+`` after NFC; each text is the multiset
of its overlapping 4-token shingles (a text of fewer tokens is one shingle); per page tp, fp and fn
are normalised by their sum; precision is averaged over pages with a non-empty prediction, recall
over pages with a non-empty gold, and F1 is the harmonic mean of the two averages.

The false-removal report maps each removal of the log back to the shingles of the input it
destroyed: a destroyed shingle that the gold needs (beyond the copies that survive) is a gold
shingle lost to that rule; the others are debris removed.
"""

from __future__ import annotations

import argparse
import bisect
import gzip
import json
import multiprocessing
import re
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout, uninstalled

from cleaner import Cleaner, CleanResult, Removal
from cleaner.errors import CleanerError

SHINGLE = 4
_TOKEN = re.compile(r"\w+")


# --- text normalisation with a map back to the input ------------------------------------


def nfc_with_map(text: str) -> tuple[str, list[int] | None]:
    """NFC of ``text`` and, for each output character, its offset in ``text``.

    The map is None when the text is already NFC (identity). Otherwise the text is
    normalised piece by piece, a piece being a base character and its combining marks,
    so every output character maps to the start of the piece it came from.
    """
    if unicodedata.is_normalized("NFC", text):
        return text, None
    out: list[str] = []
    offsets: list[int] = []
    start = 0
    n = len(text)
    while start < n:
        end = start + 1
        while end < n and unicodedata.combining(text[end]):
            end += 1
        piece = unicodedata.normalize("NFC", text[start:end])
        out.append(piece)
        offsets.extend([start] * len(piece))
        start = end
    return "".join(out), offsets


def tokens(text: str) -> list[str]:
    """The benchmark's tokens: ``\\w+`` over the NFC text."""
    return _TOKEN.findall(unicodedata.normalize("NFC", text or ""))


def token_spans(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    """Tokens of ``text`` (as :func:`tokens`) with their [start, end) in ``text`` itself."""
    norm, offsets = nfc_with_map(text)
    toks: list[str] = []
    spans: list[tuple[int, int]] = []
    for m in _TOKEN.finditer(norm):
        toks.append(m.group())
        s, e = m.span()
        if offsets is None:
            spans.append((s, e))
        else:
            spans.append((offsets[s], offsets[e - 1] + 1))
    return toks, spans


def shingle_list(toks: Sequence[str], n: int = SHINGLE) -> list[tuple[str, ...]]:
    """Overlapping n-token shingles; a shorter non-empty text is one shingle."""
    return [tuple(toks[i : i + n]) for i in range(max(1, len(toks) - n + 1)) if toks[i : i + n]]


def snippet_norm(text: str) -> str:
    """Snippet matching form: NFC, whitespace runs collapsed to one space, ends trimmed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def snippet_norm_with_map(text: str) -> tuple[str, list[int]]:
    """:func:`snippet_norm` of ``text`` plus the input offset of each output character."""
    norm, offsets = nfc_with_map(text)
    out: list[str] = []
    omap: list[int] = []
    pending_space = -1
    for i, ch in enumerate(norm):
        if ch.isspace():
            if out and pending_space < 0:
                pending_space = i
            continue
        if pending_space >= 0:
            out.append(" ")
            omap.append(pending_space if offsets is None else offsets[pending_space])
            pending_space = -1
        out.append(ch)
        omap.append(i if offsets is None else offsets[i])
    return "".join(out), omap


# --- scoring ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Counts:
    """Normalised tp, fp, fn of one page (they sum to 1 unless both texts are empty)."""

    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float:
        if self.fp == self.fn == 0:
            return 1.0
        if self.tp == self.fp == 0:
            return 0.0
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        if self.fp == self.fn == 0:
            return 1.0
        if self.tp == self.fn == 0:
            return 0.0
        return self.tp / (self.tp + self.fn)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def shingle_counts(gold: Counter[tuple[str, ...]], pred: Counter[tuple[str, ...]]) -> Counts:
    tp = sum((gold & pred).values())
    fp = sum(pred.values()) - tp
    fn = sum(gold.values()) - tp
    s = tp + fp + fn
    if s == 0:
        return Counts(0.0, 0.0, 0.0)
    return Counts(tp / s, fp / s, fn / s)


@dataclass(frozen=True, slots=True)
class Score:
    precision: float
    recall: float
    f1: float
    pages: int

    def __str__(self) -> str:
        return f"P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}"


def macro_score(pages: Sequence[Counts]) -> Score:
    """The benchmark's macro averages: P over non-empty predictions, R over non-empty golds."""
    ps = [c.precision for c in pages if c.tp + c.fp > 0]
    rs = [c.recall for c in pages if c.tp + c.fn > 0]
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return Score(p, r, f1, len(pages))


# --- benchmark records ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Page:
    """One benchmark document: text or HTML bytes to clean, and its labels."""

    id: str
    url: str | None
    text: str | None = None  # dirty text (text modes)
    html: bytes | None = None  # raw page (HTML modes)
    gold: str | None = None  # full gold article (AEB)
    keep: tuple[str, ...] = ()  # snippets that must survive
    drop: tuple[str, ...] = ()  # snippets that must go


@dataclass(frozen=True, slots=True)
class Dataset:
    name: str
    kind: str  # "gold" or "snippets"
    html: bool
    pages: list[Page]


def _open_text(path: Path) -> Iterator[str]:
    opener: Any = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        yield from f


def load_dataset(path: Path, limit: int | None) -> Dataset:
    """Read one benchmark file or folder (see the module docstring)."""
    if path.is_dir():
        if (path / "ground-truth.json").is_file():
            truth = json.loads((path / "ground-truth.json").read_text("utf-8"))
            pages = []
            for pid in sorted(truth)[:limit]:
                raw = gzip.decompress((path / "html" / f"{pid}.html.gz").read_bytes())
                entry = truth[pid]
                pages.append(Page(pid, entry.get("url"), html=raw, gold=entry.get("articleBody", "")))
            return Dataset(path.name + " (html)", "gold", True, pages)
        if (path / "evaldata.json").is_file() and (path / "file_map.json").is_file():
            evaldata = json.loads((path / "evaldata.json").read_text("utf-8"))
            file_map = json.loads((path / "file_map.json").read_text("utf-8"))
            pages = []
            for url in list(evaldata)[:limit]:
                entry = evaldata[url]
                raw = gzip.decompress((path / file_map[entry["file"]]["path"]).read_bytes())
                pages.append(
                    Page(
                        url,
                        url,
                        html=raw,
                        keep=tuple(entry.get("with", ())),
                        drop=tuple(entry.get("without", ())),
                    )
                )
            return Dataset(path.name + " (html)", "snippets", True, pages)
        raise SystemExit(f"{path}: not a benchmark folder (no ground-truth.json or evaldata.json)")
    pages = []
    kind = None
    for i, line in enumerate(_open_text(path)):
        if limit is not None and i >= limit:
            break
        rec = json.loads(line)
        if "gold" in rec:
            kind = "gold"
            pages.append(Page(rec["id"], rec.get("url"), text=rec["dirty"], gold=rec["gold"]))
        else:
            kind = "snippets"
            pages.append(
                Page(
                    rec["id"],
                    rec.get("url"),
                    text=rec["dirty"],
                    keep=tuple(rec.get("with", ())),
                    drop=tuple(rec.get("without", ())),
                )
            )
    if kind is None:
        raise SystemExit(f"{path}: no records")
    return Dataset(path.name, kind, False, pages)


# --- one page --------------------------------------------------------------------------------


@dataclass
class RuleTally:
    """What one rule did over the pages: removed shingles, of which gold; snippets."""

    docs: int = 0
    removed: int = 0
    gold_lost: int = 0
    keep_lost: int = 0
    drop_removed: int = 0

    def add(self, other: RuleTally) -> None:
        self.docs += other.docs
        self.removed += other.removed
        self.gold_lost += other.gold_lost
        self.keep_lost += other.keep_lost
        self.drop_removed += other.drop_removed


@dataclass
class PageResult:
    id: str
    error: str | None = None
    base: Counts | None = None  # dirty text / trafilatura alone
    clean: Counts | None = None
    keep_total: int = 0
    keep_base: int = 0
    keep_clean: int = 0
    drop_total: int = 0
    drop_base: int = 0
    drop_clean: int = 0
    rules: dict[str, RuleTally] = field(default_factory=dict)
    losses: list[tuple[str, int, str]] = field(default_factory=list)  # (rule, gold shingles, text)
    leaks: list[tuple[str, str]] = field(default_factory=list)  # leaked "without" (snippet, its line)
    warnings: list[str] = field(default_factory=list)  # codes of the result's warnings
    seconds: float = 0.0


class _RemovalIndex:
    """Find the removal (of input text, whitespace tidy excluded) that covers an offset range."""

    def __init__(self, removals: Iterable[Removal]) -> None:
        self.items = sorted((r for r in removals if r.text), key=lambda r: r.start)
        self.starts = [r.start for r in self.items]

    def first_overlap(self, start: int, end: int) -> Removal | None:
        i = bisect.bisect_right(self.starts, start) - 1
        i = max(i, 0)
        while i < len(self.items) and self.items[i].start < end:
            r = self.items[i]
            if r.end > start:
                return r
            i += 1
        return None

    def overlapping(self, start: int, end: int) -> list[Removal]:
        out = []
        i = max(bisect.bisect_right(self.starts, start) - 1, 0)
        while i < len(self.items) and self.items[i].start < end:
            r = self.items[i]
            if r.end > start:
                out.append(r)
            i += 1
        return out


def attribute_shingles(
    original: str, clean: str, gold: str, removals: Sequence[Removal], tally: dict[str, RuleTally]
) -> list[tuple[str, int, str]]:
    """Charge each rule with the input shingles its removals destroyed.

    Lost gold = per shingle, copies the gold needs that the input had and the clean text
    lacks. They are charged, in text order, to destroyed copies (each destroyed copy is
    charged to the removal that took its first removed token); other destroyed copies
    count as debris removed. Returns (rule, gold shingles lost, removal text) per removal
    that lost gold.
    """
    toks, spans = token_spans(original)
    index = _RemovalIndex(removals)
    removed_by: list[Removal | None] = [index.first_overlap(s, e) for s, e in spans]
    gold_c = Counter(shingle_list(tokens(gold)))
    in_c = Counter(shingle_list(toks))
    out_c = Counter(shingle_list(tokens(clean)))
    lost = (in_c & gold_c) - (out_c & gold_c)
    per_removal: dict[int, int] = defaultdict(int)
    by_id: dict[int, Removal] = {}
    seen_docs: set[str] = set()
    for i, sh in enumerate(shingle_list(toks)):
        culprit = next((r for r in removed_by[i : i + SHINGLE] if r is not None), None)
        if culprit is None:
            continue
        t = tally.setdefault(culprit.rule, RuleTally())
        if culprit.rule not in seen_docs:
            seen_docs.add(culprit.rule)
            t.docs += 1
        t.removed += 1
        if lost[sh] > 0:
            lost[sh] -= 1
            t.gold_lost += 1
            per_removal[id(culprit)] += 1
            by_id[id(culprit)] = culprit
    return [(by_id[k].rule, n, by_id[k].text) for k, n in per_removal.items()]


def attribute_snippets(
    original: str,
    snippets: Sequence[str],
    survived: Sequence[bool],
    removals: Sequence[Removal],
    tally: dict[str, RuleTally],
    keep: bool,
) -> None:
    """Charge a lost "keep" snippet (or credit a removed "drop" snippet) to the removals
    that overlap its first occurrence in the input."""
    norm, omap = snippet_norm_with_map(original)
    index = _RemovalIndex(removals)
    for snip, ok in zip(snippets, survived):
        if ok:
            continue
        s = snippet_norm(snip)
        pos = norm.find(s)
        if pos < 0 or not s:
            continue
        start, end = omap[pos], omap[pos + len(s) - 1] + 1
        for rule in sorted({r.rule for r in index.overlapping(start, end)}):
            t = tally.setdefault(rule, RuleTally())
            if keep:
                t.keep_lost += 1
            else:
                t.drop_removed += 1


def _contains(haystack_norm: str, snippets: Sequence[str]) -> list[bool]:
    return [bool(s) and s in haystack_norm for s in (snippet_norm(x) for x in snippets)]


def _line_of(text: str, snippet: str) -> str:
    """The line(s) of ``text`` that hold ``snippet`` (matched as in :func:`snippet_norm`)."""
    norm, omap = snippet_norm_with_map(text)
    s = snippet_norm(snippet)
    pos = norm.find(s) if s else -1
    if pos < 0:
        return ""
    start, end = omap[pos], omap[pos + len(s) - 1] + 1
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    return text[lo : hi if hi >= 0 else len(text)]


_WORKER_CLEANER: Cleaner | None = None


def _init_worker(cleaner: Cleaner) -> None:
    global _WORKER_CLEANER
    _WORKER_CLEANER = cleaner


def _run_page(page: Page) -> PageResult:
    assert _WORKER_CLEANER is not None
    return score_page(_WORKER_CLEANER, page)


def score_page(cleaner: Cleaner, page: Page) -> PageResult:
    """Clean one page and score the result and its baseline."""
    res = PageResult(page.id)
    t0 = time.perf_counter()
    try:
        if page.html is not None:
            result: CleanResult = cleaner.clean_html(page.html, url=page.url)
        else:
            assert page.text is not None
            result = cleaner.clean(page.text, source=page.url)
    except CleanerError as exc:
        res.error = f"{type(exc).__name__}: {exc}"
        result = CleanResult(text="", input_text="")
    res.seconds = time.perf_counter() - t0
    res.warnings = [w.code for w in result.warnings]
    original = result.input_text or ""
    cleaned = result.text
    if page.gold is not None:
        gold_c = Counter(shingle_list(tokens(page.gold)))
        res.base = shingle_counts(gold_c, Counter(shingle_list(tokens(original))))
        res.clean = shingle_counts(gold_c, Counter(shingle_list(tokens(cleaned))))
        res.losses = attribute_shingles(original, cleaned, page.gold, result.removals, res.rules)
    if page.keep or page.drop:
        base_norm, clean_norm = snippet_norm(original), snippet_norm(cleaned)
        kb, kc = _contains(base_norm, page.keep), _contains(clean_norm, page.keep)
        db, dc = _contains(base_norm, page.drop), _contains(clean_norm, page.drop)
        res.keep_total, res.keep_base, res.keep_clean = len(kb), sum(kb), sum(kc)
        res.drop_total, res.drop_base, res.drop_clean = len(db), sum(db), sum(dc)
        attribute_snippets(
            original, page.keep, [not b or c for b, c in zip(kb, kc)], result.removals, res.rules, keep=True
        )
        attribute_snippets(
            original, page.drop, [not b or c for b, c in zip(db, dc)], result.removals, res.rules, keep=False
        )
        res.leaks = [(snip, _line_of(cleaned, snip)) for snip, leaked in zip(page.drop, dc) if leaked]
        if page.gold is None:  # rules that fired, for the docs column
            for rule in {r.rule for r in result.removals if r.text}:
                res.rules.setdefault(rule, RuleTally()).docs += 1
    return res


# --- reporting -------------------------------------------------------------------------------


def _pct(a: int, b: int) -> str:
    return f"{a}/{b} ({100 * a / b:.1f}%)" if b else "0/0"


def report(ds: Dataset, results: list[PageResult], args: argparse.Namespace, seconds: float) -> None:
    base_label = "trafilatura alone (include_comments=False)" if ds.html else "dirty text (baseline)"
    errors = [r for r in results if r.error]
    print(f"\n== {ds.name}: {len(results)} pages, {seconds:.1f}s wall")
    if errors:
        print(f"   {len(errors)} pages failed: " + "; ".join(f"{r.id}: {r.error}" for r in errors[:3]))
    if ds.kind == "gold":
        base = macro_score([r.base for r in results if r.base])
        clean = macro_score([r.clean for r in results if r.clean])
        print(f"   {base_label:<44} {base}")
        print(f"   {'cleaned':<44} {clean}   (ΔF1 {clean.f1 - base.f1:+.4f})")
    if any(r.keep_total or r.drop_total for r in results):
        kt = sum(r.keep_total for r in results)
        dt = sum(r.drop_total for r in results)
        kb, kc = sum(r.keep_base for r in results), sum(r.keep_clean for r in results)
        db, dc = sum(r.drop_base for r in results), sum(r.drop_clean for r in results)
        print(f"   {base_label:<44} with kept {_pct(kb, kt)}   without leaked {_pct(db, dt)}")
        print(f"   {'cleaned':<44} with kept {_pct(kc, kt)}   without leaked {_pct(dc, dt)}")
        if ds.html:
            for label, k, d in (("trafilatura alone", kb, db), ("cleaned", kc, dc)):
                tp, fn, fp = k, kt - k, d
                p = tp / (tp + fp) if tp + fp else 0.0
                r = tp / (tp + fn) if tp + fn else 0.0
                f = 2 * p * r / (p + r) if p + r else 0.0
                print(
                    f"   upstream pooled scores, {label:<19} "
                    f"P {p:.3f}  R {r:.3f}  F1 {f:.3f}  leak {d / dt:.3f}"
                )
    warned = Counter(code for r in results for code in set(r.warnings))
    if warned:
        print("   pages with warnings: " + ", ".join(f"{code} {n}" for code, n in sorted(warned.items())))
    secs = sorted(r.seconds for r in results)
    if secs:
        print(f"   per page: median {1000 * secs[len(secs) // 2]:.1f} ms, max {1000 * secs[-1]:.0f} ms")

    tally: dict[str, RuleTally] = defaultdict(RuleTally)
    for r in results:
        for rule, t in r.rules.items():
            tally[rule].add(t)
    if tally and args.rule_report:
        print("\n   per rule (shingles of the input each rule destroyed; 'gold' = needed by the gold text)")
        if ds.kind == "gold":
            print(f"   {'rule':<44} {'docs':>5} {'removed':>8} {'gold':>6} {'gold%':>6}", end="")
        else:
            print(f"   {'rule':<44} {'docs':>5}", end="")
        print(f" {'with lost':>9} {'w/o removed':>11}" if ds.kind == "snippets" else "")
        order = sorted(
            tally.items(), key=lambda kv: (-kv[1].gold_lost, -kv[1].keep_lost, -kv[1].removed, kv[0])
        )
        cats: dict[str, RuleTally] = defaultdict(RuleTally)
        for rule, t in order[: args.rule_report]:
            line = f"   {rule:<44} {t.docs:>5}"
            if ds.kind == "gold":
                share = 100 * t.gold_lost / t.removed if t.removed else 0.0
                line += f" {t.removed:>8} {t.gold_lost:>6} {share:>5.1f}%"
            if ds.kind == "snippets":
                line += f" {t.keep_lost:>9} {t.drop_removed:>11}"
            print(line)
        for rule, t in tally.items():
            cats[rule.split(".", 1)[0]].add(t)
        print(
            "   by pack: "
            + ", ".join(
                f"{pack} {t.gold_lost}/{t.removed}"
                if ds.kind == "gold"
                else f"{pack} -{t.keep_lost}/+{t.drop_removed}"
                for pack, t in sorted(cats.items())
            )
        )
    if args.show_losses and ds.kind == "gold":
        losses = sorted(((n, rule, text, r.id) for r in results for rule, n, text in r.losses), reverse=True)
        print(f"\n   largest gold losses (top {args.show_losses}):")
        for n, rule, text, pid in losses[: args.show_losses]:
            snippet = " ".join(text.split())
            print(f"   {n:>4} {rule:<36} {pid[:16]}  {snippet[:150]!r}")
    if args.show_leaks and ds.kind == "snippets":
        leaks = [(r.id, snip, line) for r in results for snip, line in r.leaks]
        print(
            f'\n   leaked "without" snippets ({len(leaks)}, first {args.show_leaks}): page | snippet | line'
        )
        for pid, snip, line in leaks[: args.show_leaks]:
            print(f"   {pid} | {' '.join(snip.split())!r} | {' '.join(line.split())[:300]!r}")
    if args.worst and ds.kind == "gold":
        print(f"\n   pages with the lowest cleaned F1 (top {args.worst}):")
        worst = sorted((r for r in results if r.clean), key=lambda r: r.clean.f1)  # type: ignore[union-attr]
        for r in worst[: args.worst]:
            assert r.clean and r.base
            print(
                f"   {r.id[:40]:<40} base P {r.base.precision:.3f} R {r.base.recall:.3f}  "
                f"clean P {r.clean.precision:.3f} R {r.clean.recall:.3f}"
            )


def run(args: argparse.Namespace) -> int:
    try:
        cleaner = Cleaner(
            args.rules or None,
            select=args.select or None,
            ignore=args.ignore or None,
            enable=args.enable or None,
            preview=args.preview,
            max_removal=args.max_removal,
        )
    except (CleanerError, ValueError) as exc:
        print(f"quality: {exc}", file=sys.stderr)
        return 2
    print(f"cleaner: {cleaner!r}; jobs {args.jobs}")
    for data in args.data:
        ds = load_dataset(Path(data), args.limit)
        t0 = time.perf_counter()
        results = score_dataset(cleaner, ds, args.jobs)
        report(ds, results, args, time.perf_counter() - t0)
    return 0


def score_dataset(cleaner: Cleaner, ds: Dataset, jobs: int = 1) -> list[PageResult]:
    """Clean and score every page of ``ds``, in ``jobs`` worker processes."""
    if jobs > 1:
        ctx = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
        with ctx.Pool(jobs, initializer=_init_worker, initargs=(cleaner,)) as pool:
            return pool.map(_run_page, ds.pages, chunksize=4)
    return [score_page(cleaner, p) for p in ds.pages]


def figures(ds: Dataset, results: Sequence[PageResult]) -> dict[str, float]:
    """The headline figures of the cleaned pages: ``f1``, ``precision`` and ``recall``
    for a gold set; ``with_kept`` and ``without_leaked`` (shares) for a snippet set."""
    out: dict[str, float] = {}
    if ds.kind == "gold":
        clean = macro_score([r.clean for r in results if r.clean])
        out.update(f1=clean.f1, precision=clean.precision, recall=clean.recall)
    keep_total = sum(r.keep_total for r in results)
    drop_total = sum(r.drop_total for r in results)
    if keep_total:
        out["with_kept"] = sum(r.keep_clean for r in results) / keep_total
    if drop_total:
        out["without_leaked"] = sum(r.drop_clean for r in results) / drop_total
    return out


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("data", nargs="+", help="benchmark file(s) or folder(s), see the module docstring")
    p.add_argument(
        "--rules", action="append", help="rule file or folder (repeatable; default: shipped packs)"
    )
    p.add_argument("--select", action="append", help="rule id, pack or category to run (repeatable)")
    p.add_argument("--ignore", action="append", help="rule id, pack or category to skip (repeatable)")
    p.add_argument(
        "--enable", action="append", help="opt-in rule id, pack or category to run too (repeatable)"
    )
    p.add_argument("--preview", action="store_true", help="run preview rules too")
    p.add_argument(
        "--max-removal",
        type=float,
        default=0.5,
        metavar="SHARE",
        help="the removal guard's limit, as in Cleaner(max_removal=...) (default 0.5, the library default)",
    )
    p.add_argument("--limit", type=int, help="only the first N pages of each data set")
    p.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    p.add_argument(
        "--rule-report",
        type=int,
        default=40,
        metavar="N",
        help="print the N rules that lost the most gold (0: none; default 40)",
    )
    p.add_argument(
        "--show-losses",
        type=int,
        default=0,
        metavar="N",
        help="print the N removals that lost the most gold shingles",
    )
    p.add_argument(
        "--show-leaks",
        type=int,
        default=0,
        metavar="N",
        help='print N leaked "without" snippets with their page id and the clean line they sit in',
    )
    p.add_argument("--worst", type=int, default=0, metavar="N", help="print the N pages with the lowest F1")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    return run(build_parser().parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
