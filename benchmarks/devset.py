# Scores the default cleaner on a labelled dev set (debris-dev.jsonl): share of labelled
# debris removed, share of gold text kept, exact matches, per category; --verbose explains misses.
"""Score ``cleaner`` on a labelled development set.

Usage::

    python benchmarks/devset.py PATH/debris-dev.jsonl [--verbose] [--rules DIR ...]

The data file is never copied into the project; pass its path. The figures follow the
set's README:

* **debris removed**: a non-encoding span counts as removed when none of its lines
  (stripped) survives as a line of the output. A line that also occurs in ``gold``
  (a town name in a weather header, a date that is also a schedule heading) only
  counts as surviving when the output has it more often than ``gold`` does. A span
  that is only part of a line counts as removed when its text no longer occurs in
  the output more often than in ``gold``. An ``encoding`` span counts as fixed when
  the output contains ``fix`` in place of ``text``: the span's context (up to 12
  characters either side within its line, widened so that no other labelled span is
  cut, with every labelled fix applied) occurs in the output.
* **gold kept**: the share of ``gold``'s word 4-gram shingles (NFC, ``\\w+`` tokens,
  as a multiset) that the output still contains.
* **exact**: share of documents whose output equals ``gold``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import regex

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout, uninstalled

from cleaner import Cleaner, CleanResult

_WORD = regex.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """Multiset of word n-grams of ``text`` (NFC, ``\\w+`` tokens)."""
    words = _WORD.findall(unicodedata.normalize("NFC", text))
    if len(words) < n:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i : i + n]) for i in range(len(words) - n + 1))


def line_counts(text: str) -> Counter[str]:
    return Counter(s for s in (ln.strip() for ln in text.split("\n")) if s)


@dataclass
class SpanResult:
    doc_id: str
    category: str
    text: str
    removed: bool
    surviving: list[str] = field(default_factory=list)


def _whole_lines(dirty: str, start: int, end: int) -> bool:
    ls = dirty.rfind("\n", 0, start) + 1
    le = dirty.find("\n", end)
    le = len(dirty) if le < 0 else le
    return not dirty[ls:start].strip() and not dirty[end:le].strip()


def _context(doc: dict, span: dict, width: int = 12) -> tuple[str, str]:
    """The span with up to ``width`` characters either side (within its line, never
    cutting another span): as the gold has it (every labelled fix applied) and as the
    input has it, both stripped."""
    dirty = doc["dirty"]
    a, b = span["start"], span["end"]
    ls = dirty.rfind("\n", 0, a) + 1
    le = dirty.find("\n", b)
    le = len(dirty) if le < 0 else le
    lo, hi = max(ls, a - width), min(le, b + width)
    inside = []
    for other in doc["debris"]:
        s, e = other["start"], other["end"]
        if e > lo and s < hi:
            lo, hi = min(lo, max(s, ls)), max(hi, min(e, le))
            inside.append(other)
    fixed, pos = [], lo
    for other in sorted(inside, key=lambda x: x["start"]):
        s, e = max(other["start"], lo), min(other["end"], hi)
        if s < pos:
            continue
        fixed.append(dirty[pos:s])
        fixed.append(other["fix"] if (s, e) == (other["start"], other["end"]) else "")
        pos = e
    fixed.append(dirty[pos:hi])
    return "".join(fixed).strip(), dirty[lo:hi].strip()


def score_span(
    doc: dict, span: dict, out: str, out_lines: Counter[str], gold_lines: Counter[str]
) -> SpanResult:
    dirty, gold = doc["dirty"], doc["gold"]
    cat, text = span["category"], span["text"]
    if cat == "encoding":
        fixed_ctx, broken_ctx = _context(doc, span)
        ok = fixed_ctx in out if fixed_ctx else broken_ctx not in out
        return SpanResult(doc["id"], cat, text, ok, [] if ok else [broken_ctx])
    if not _whole_lines(dirty, span["start"], span["end"]):
        survived = out.count(text) > gold.count(text)
        return SpanResult(doc["id"], cat, text, not survived, [text] if survived else [])
    surviving = []
    for ln in (s.strip() for s in text.split("\n")):
        if ln and out_lines[ln] > gold_lines[ln]:
            surviving.append(ln)
    return SpanResult(doc["id"], cat, text, not surviving, surviving)


def responsible_rules(result: CleanResult, doc: dict, line: str) -> list[str]:
    """Rules whose removals cover (part of) an occurrence of ``line`` as a whole line of
    the input that is not labelled debris."""
    dirty = doc["dirty"]
    debris = [(s["start"], s["end"]) for s in doc["debris"] if s["category"] != "encoding"]
    rules: set[str] = set()
    for m in regex.finditer(r"(?m)^[^\S\n]*" + regex.escape(line) + r"[^\S\n]*$", dirty):
        pos, end = m.start(), m.end()
        if any(a <= pos and end <= b for a, b in debris):
            continue
        rules.update(
            r.rule for r in result.removals if r.start < end and r.end > pos and r.category != "whitespace"
        )
    return sorted(rules)


@dataclass
class DevResult:
    """What the dev set says of one cleaner."""

    docs: int = 0
    spans: list[SpanResult] = field(default_factory=list)
    gold_total: int = 0
    gold_kept: int = 0
    neg_total: int = 0
    neg_kept: int = 0
    exact: int = 0
    lost: list[tuple[str, str, list[str]]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def debris_spans(self) -> list[SpanResult]:
        return [s for s in self.spans if s.category != "encoding"]

    @property
    def encoding_spans(self) -> list[SpanResult]:
        return [s for s in self.spans if s.category == "encoding"]

    def figures(self) -> dict[str, float]:
        """Headline figures: ``debris_removed``, ``encoding_fixed``, ``gold_kept`` and
        ``gold_kept_hard_negatives`` (shares), ``exact`` (documents)."""
        non_enc, enc = self.debris_spans, self.encoding_spans
        return {
            "debris_removed": sum(s.removed for s in non_enc) / len(non_enc) if non_enc else 1.0,
            "encoding_fixed": sum(s.removed for s in enc) / len(enc) if enc else 1.0,
            "gold_kept": self.gold_kept / self.gold_total if self.gold_total else 1.0,
            "gold_kept_hard_negatives": self.neg_kept / self.neg_total if self.neg_total else 1.0,
            "exact": float(self.exact),
        }


def measure(path: Path, cleaner: Cleaner) -> DevResult:
    """Clean every document of the dev set at ``path`` and score it."""
    docs = [json.loads(line) for line in path.read_text("utf-8").split("\n") if line.strip()]
    res = DevResult(docs=len(docs))
    t0 = time.perf_counter()
    for doc in docs:
        result = cleaner.clean(doc["dirty"])
        out, gold = result.text, doc["gold"]
        res.exact += out == gold
        out_lines, gold_lines = line_counts(out), line_counts(gold)
        for span in doc["debris"]:
            res.spans.append(score_span(doc, span, out, out_lines, gold_lines))
        g, o = shingles(gold), shingles(out)
        total = sum(g.values())
        kept = sum(min(c, o[k]) for k, c in g.items())
        res.gold_total += total
        res.gold_kept += kept
        if doc["notes"].startswith("HARD NEGATIVE"):
            res.neg_total += total
            res.neg_kept += kept
        if kept < total:
            for ln, c in gold_lines.items():
                if out_lines[ln] < c:
                    res.lost.append((doc["id"], ln, responsible_rules(result, doc, ln)))
    res.seconds = time.perf_counter() - t0
    return res


def run(path: Path, cleaner: Cleaner, verbose: bool) -> int:
    res = measure(path, cleaner)
    spans, exact, docs, elapsed = res.spans, res.exact, res.docs, res.seconds
    gold_total, gold_kept, neg_total, neg_kept = res.gold_total, res.gold_kept, res.neg_total, res.neg_kept
    lost = res.lost

    def pct(a: int, b: int) -> str:
        return f"{100 * a / b:6.2f}%" if b else "   n/a"

    non_enc, enc = res.debris_spans, res.encoding_spans
    print(f"documents            {docs}   ({elapsed:.2f}s)")
    print(f"debris removed       {pct(sum(s.removed for s in non_enc), len(non_enc))}"
          f"  ({sum(s.removed for s in non_enc)}/{len(non_enc)} non-encoding spans)")
    print(f"encoding fixed       {pct(sum(s.removed for s in enc), len(enc))}"
          f"  ({sum(s.removed for s in enc)}/{len(enc)} spans)")
    print(f"all spans            {pct(sum(s.removed for s in spans), len(spans))}")
    print(f"gold kept            {pct(gold_kept, gold_total)}  ({gold_kept}/{gold_total} 4-gram shingles)")
    print(f"gold kept (hard neg) {pct(neg_kept, neg_total)}")
    print(f"exact match          {pct(exact, docs)}  ({exact}/{docs})")
    by_cat: dict[str, list[SpanResult]] = defaultdict(list)
    for s in spans:
        by_cat[s.category].append(s)
    print("per category:")
    for cat in sorted(by_cat):
        items = by_cat[cat]
        print(f"  {cat:<11} {pct(sum(s.removed for s in items), len(items))}  "
              f"({sum(s.removed for s in items)}/{len(items)})")
    if verbose:
        _explain(spans, lost)
    return 0


def _explain(spans: Iterable[SpanResult], lost: list[tuple[str, str, list[str]]]) -> None:
    print("\nmissed debris:")
    for s in spans:
        if not s.removed:
            shown = " / ".join(x[:90] for x in s.surviving) or s.text[:90]
            print(f"  {s.doc_id} [{s.category}] {shown!r}")
    print("\nlost gold lines (rule responsible):")
    for doc_id, ln, rules in lost:
        print(f"  {doc_id} {', '.join(rules) or '-'}: {ln[:100]!r}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", type=Path, help="debris-dev.jsonl")
    ap.add_argument("--verbose", "-v", action="store_true", help="list missed debris and lost gold lines")
    ap.add_argument("--rules", nargs="*", help="rule files or folders (default: the shipped packs)")
    args = ap.parse_args(argv)
    cleaner = Cleaner(rules=args.rules) if args.rules else Cleaner()
    return run(args.path, cleaner, args.verbose)


if __name__ == "__main__":
    raise SystemExit(main())
