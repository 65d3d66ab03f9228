# Quality of `cleaner mine`'s drafts: on the whole-page eval sets, how much precision the
# drafts add to the default packs and how much recall they cost; on the dev set, which
# debris families the miner rediscovers without hand-written rules.
"""Measure what mined drafts add on top of the default packs.

Usage::

    python benchmarks/mine_quality.py EVAL_DIR DEVSET [--workdir DIR] [--min-docs N] [--min-share F]

``EVAL_DIR`` holds ``scrapinghub-aeb-wholepage-text.jsonl`` and
``trafilatura-eval-wholepage-text.jsonl.gz``; ``DEVSET`` is ``debris-dev.jsonl``. No data
and no draft is written into the project: drafts go to ``--workdir`` (default: a temporary
folder, deleted at the end).

For each whole-page set the dirty texts are mined twice, as one group (``--by all``: most
domains have a single page) and per domain (``--by domain``, lines shared by the pages of
one site). Then every page is cleaned with the default packs, and with the default packs
plus each set of drafts (selected by id, as if promoted from preview), and scored with the
functions of ``benchmarks/quality.py``: AEB with the benchmark's 4-token shingle macro
P/R/F1 against the gold article; trafilatura-eval with its snippets (a "with" snippet kept
is a true positive, a "without" snippet left is a false positive; P, R, F1 pooled over
pages, and the leak rate). The drafts are mined from the very texts they are scored on,
without labels: that is how ``mine`` is meant to be used (mine a crawl, review, clean it).

On the dev set (60 hand-labelled documents, no URLs) the dirty texts are mined as one
group, then cleaned with no rules, the drafts alone, the default packs, and both; for each
debris category the labelled spans removed are counted with ``benchmarks/devset.py``'s
method, and the debris families (span texts) the drafts alone remove are listed.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout, uninstalled
sys.path.insert(0, str(Path(__file__).resolve().parent))

import devset
import quality

from cleaner import Cleaner, RuleSet, load_rules
from cleaner.mine import Corpus, CountSettings, Grouping, MineSettings, mine, write_drafts

AEB = "scrapinghub-aeb-wholepage-text.jsonl"
TRAF = "trafilatura-eval-wholepage-text.jsonl.gz"


def mine_into(data: Path, out: Path, by: str, min_docs: int, min_share: float) -> tuple[int, float]:
    """Mine the ``dirty`` texts of ``data`` into ``out``; (drafts, seconds)."""
    shutil.rmtree(out, ignore_errors=True)
    corpus = Corpus([data], Grouping(by), text_field="dirty")
    result = mine(corpus, MineSettings(CountSettings(min_docs=min_docs, min_share=min_share)))
    write_drafts(result, out)
    return len(result.drafts), result.seconds


def cleaner_with(drafts: list[Path]) -> Cleaner:
    """The default packs as a plain Cleaner selects them, plus every draft (by exact id,
    which runs a preview rule as if it were promoted)."""
    base = load_rules()
    chosen = [r.id for r in base.select()]
    extra = load_rules([d for d in drafts if any(d.glob("*.yaml"))]) if drafts else RuleSet()
    merged = RuleSet.merge([base, extra])
    return Cleaner(merged, select=chosen + [r.id for r in extra])


def score_set(ds: quality.Dataset, cleaner: Cleaner) -> dict[str, float]:
    """The set's figures for one cleaner (sh4 macro P/R/F1, or snippet P/R/F1 and leak)."""
    results = [quality.score_page(cleaner, p) for p in ds.pages]
    mined_lost = sum(t.gold_lost for r in results for k, t in r.rules.items() if k.startswith("mined."))
    mined_keep_lost = sum(t.keep_lost for r in results for k, t in r.rules.items() if k.startswith("mined."))
    mined_drop = sum(t.drop_removed for r in results for k, t in r.rules.items() if k.startswith("mined."))
    guard = sum("guard" in r.warnings for r in results)
    if ds.kind == "gold":
        s = quality.macro_score([r.clean for r in results if r.clean is not None])
        return {
            "P": s.precision,
            "R": s.recall,
            "F1": s.f1,
            "mined_gold_shingles_lost": mined_lost,
            "guard": guard,
        }
    kt = sum(r.keep_total for r in results)
    kc = sum(r.keep_clean for r in results)
    dt = sum(r.drop_total for r in results)
    dc = sum(r.drop_clean for r in results)
    tp, fn, fp = kc, kt - kc, dc
    p = tp / (tp + fp) if tp + fp else 0.0
    r_ = tp / (tp + fn) if tp + fn else 0.0
    return {
        "P": p,
        "R": r_,
        "F1": 2 * p * r_ / (p + r_) if p + r_ else 0.0,
        "leak": dc / dt if dt else 0.0,
        "with_kept": kc,
        "with_total": kt,
        "without_left": dc,
        "without_total": dt,
        "mined_with_lost": mined_keep_lost,
        "mined_without_removed": mined_drop,
        "guard": guard,
    }


def worst_drafts(ds: quality.Dataset, cleaner: Cleaner, n: int = 5) -> list[tuple[str, int, int]]:
    """Drafts that cost the most gold shingles (AEB) or "with" snippets: (id, lost, removed)."""
    tally: dict[str, quality.RuleTally] = defaultdict(quality.RuleTally)
    for p in ds.pages:
        for rid, t in quality.score_page(cleaner, p).rules.items():
            if rid.startswith("mined."):
                tally[rid].add(t)
    key = (lambda kv: kv[1].gold_lost) if ds.kind == "gold" else (lambda kv: kv[1].keep_lost)
    ranked = sorted(tally.items(), key=lambda kv: (-key(kv), kv[0]))
    out = []
    for rid, t in ranked[:n]:
        lost = t.gold_lost if ds.kind == "gold" else t.keep_lost
        done = t.removed if ds.kind == "gold" else t.drop_removed
        out.append((rid, lost, done))
    return out


def run_eval(eval_dir: Path, work: Path, args: argparse.Namespace) -> None:
    for name in (AEB, TRAF):
        data = eval_dir / name
        ds = quality.load_dataset(data, None)
        print(f"\n== {name}: {len(ds.pages)} pages ==")
        configs: list[tuple[str, list[Path]]] = [("default packs", [])]
        for by, min_docs, min_share in (
            ("all", args.min_docs, args.min_share),
            ("domain", 2, 0.5),
        ):
            out = work / f"{data.name}.{by}"
            n, secs = mine_into(data, out, by, min_docs, min_share)
            print(f"mined --by {by} --min-docs {min_docs} --min-share {min_share}: {n} drafts ({secs:.1f} s)")
            configs.append((f"+ drafts --by {by} ({n})", [out]))
        configs.append(("+ both draft sets", [work / f"{data.name}.all", work / f"{data.name}.domain"]))
        rows = []
        for label, drafts in configs:
            t0 = time.perf_counter()
            c = cleaner_with(drafts)
            figs = score_set(ds, c)
            rows.append((label, figs, time.perf_counter() - t0))
        base = rows[0][1]
        if ds.kind == "gold":
            print(f"{'cleaner':<30} {'P':>6} {'R':>6} {'F1':>6} {'dP':>7} {'dR':>7} {'drafts lost sh4':>15}")
            for label, f, _s in rows:
                print(
                    f"{label:<30} {f['P']:6.3f} {f['R']:6.3f} {f['F1']:6.3f} {f['P'] - base['P']:+7.3f} "
                    f"{f['R'] - base['R']:+7.3f} {f['mined_gold_shingles_lost']:>15}"
                )
        else:
            print(
                f"{'cleaner':<30} {'P':>6} {'R':>6} {'F1':>6} {'leak':>6} {'dP':>7} {'dR':>7} "
                f"{'with lost':>9} {'without rm':>10}"
            )
            for label, f, _s in rows:
                print(
                    f"{label:<30} {f['P']:6.3f} {f['R']:6.3f} {f['F1']:6.3f} {f['leak']:6.3f} "
                    f"{f['P'] - base['P']:+7.3f} {f['R'] - base['R']:+7.3f} {f['mined_with_lost']:>9} "
                    f"{f['mined_without_removed']:>10}"
                )
        worst = worst_drafts(ds, cleaner_with(configs[-1][1]))
        if worst:
            what = "gold shingles lost" if ds.kind == "gold" else "with snippets lost"
            print(f"drafts that cost the most ({what}, removed):")
            for rid, lost, done in worst:
                print(f"  {rid}: {lost}, {done}")


def run_devset(path: Path, work: Path, args: argparse.Namespace) -> None:
    docs = [json.loads(x) for x in path.read_text("utf-8").split("\n") if x.strip()]
    out = work / "devset.all"
    n, secs = mine_into(path, out, "all", args.dev_min_docs, 0.0)
    print(
        f"\n== {path.name}: {len(docs)} documents, mined as one group "
        f"(--min-docs {args.dev_min_docs} --min-share 0): {n} drafts ({secs:.1f} s) =="
    )
    drafts = load_rules(out) if n else RuleSet()
    alone = Cleaner(drafts, select=[r.id for r in drafts] + ["whitespace"]) if n else None
    configs = {
        "no rules": Cleaner(RuleSet()),
        "drafts alone": alone,
        "default packs": cleaner_with([]),
        "default + drafts": cleaner_with([out]),
    }
    removed: dict[str, Counter[str]] = {k: Counter() for k in configs}
    total: Counter[str] = Counter()
    kept: dict[str, tuple[int, int]] = {}
    families: dict[str, set[str]] = defaultdict(set)
    for label, c in configs.items():
        g_total = g_kept = 0
        for doc in docs:
            res = c.clean(doc["dirty"]) if c is not None else None
            text = res.text if res is not None else doc["dirty"]
            out_lines, gold_lines = devset.line_counts(text), devset.line_counts(doc["gold"])
            for span in doc["debris"]:
                if span["category"] == "encoding":
                    continue
                if label == "no rules":
                    total[span["category"]] += 1
                sr = devset.score_span(doc, span, text, out_lines, gold_lines)
                if sr.removed:
                    removed[label][span["category"]] += 1
                    if label == "drafts alone":
                        families[span["category"]].add(span["text"].split("\n")[0].strip()[:60])
            g, o = devset.shingles(doc["gold"]), devset.shingles(text)
            g_total += sum(g.values())
            g_kept += sum(min(v, o[k]) for k, v in g.items())
        kept[label] = (g_kept, g_total)
    print(f"{'category':<12} {'spans':>5} " + " ".join(f"{k:>17}" for k in configs))
    for cat in sorted(total):
        print(f"{cat:<12} {total[cat]:>5} " + " ".join(f"{removed[k][cat]:>17}" for k in configs))
    print(
        f"{'all':<12} {sum(total.values()):>5} "
        + " ".join(f"{sum(removed[k].values()):>17}" for k in configs)
    )
    print("gold kept    " + " ".join(f"{100 * a / b:>16.2f}%" for a, b in kept.values()))
    print("debris families the drafts alone remove (first line of each labelled span):")
    for cat in sorted(families):
        print(f"  {cat}: " + "; ".join(sorted(families[cat])))
    if n:
        print("drafts:")
        for r in drafts:
            print(f"  {r.id}  [{r.category}]  {r.provenance.split(';')[0] if r.provenance else ''}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("eval_dir", type=Path)
    ap.add_argument("devset", type=Path)
    ap.add_argument("--workdir", type=Path, help="where drafts go (default: a temp folder, removed)")
    ap.add_argument("--min-docs", type=int, default=5, help="for the one-group mining of the eval sets")
    ap.add_argument("--min-share", type=float, default=0.03, help="for the one-group mining of the eval sets")
    ap.add_argument("--dev-min-docs", type=int, default=3, help="for the dev set (60 documents)")
    ap.add_argument("--skip-eval", action="store_true")
    args = ap.parse_args(argv)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="mine-quality-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        if not args.skip_eval:
            run_eval(args.eval_dir, work, args)
        run_devset(args.devset, work, args)
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
