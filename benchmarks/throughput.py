# Throughput benchmark: the full default pipeline next to ftfy and clean-text on one core,
# its growth with document size and rule count, --jobs scaling, and peak memory on big inputs.
"""Measure how fast ``cleaner`` cleans, and how much memory ``cleaner clean`` needs.

Usage::

    python benchmarks/throughput.py [--corpus PATH ...] [--field NAME] [--size-mb 50]
        [--cli-mb 20] [--big-gb 2] [--skip-cli] [--skip-big] [--cli-only] [--seed 1]
        [--workdir DIR]

The corpus is built in memory, never written into the project:

* from ``--corpus`` paths (``.jsonl``/``.jsonl.gz`` records, whose ``--field`` is the
  article text, default ``gold`` then ``text``; ``.txt`` files; folders of them), e.g. the
  gold articles of ``shared/eval/*-text.jsonl``;
* else from built-in article templates.

Debris is spliced into every article at a realistic density (a few lines per article, at
the top, the bottom and in between): the lines that the default rules' own examples
remove, plus encoding debris (mojibake, zero-width characters, non-breaking spaces,
entities). Articles are reused with fresh debris until the corpus holds ``--size-mb``.

It prints, measured in this one run on one core: MB/s of the full default pipeline
(encoding repair, all default rules, whitespace tidy, the removal log), of
``ftfy.fix_text`` and of clean-text's ``clean`` on the same documents, and the ratios;
where the pipeline's time goes (stages, slowest rules); time per document from 1 KB to
1 MB; time per document with the default packs and with 10x as many generated rules.

Then, unless skipped (``--cli-only`` runs only this part), with ``cleaner clean`` on
files generated in a temp folder (deleted afterwards): the throughput of ``--jobs 1`` and
``--jobs 2`` on a folder of ``--cli-mb`` of one-article files and on one JSONL file of
``--cli-mb``, each also net of the start-up time (the wall time of cleaning one tiny
file: importing, compiling the rules, starting workers), with the CPU seconds of the
command and of each worker; the same comparison on one JSONL file of ``--scale-mb``
(400 MB by default), where the start-up no longer weighs; and the peak memory cleaning a
folder of many files and a single JSONL file of ``--big-gb`` each. Peak memory is the
largest sum of resident memory of the command and its workers, sampled from /proc every
50 ms (pages the forked workers share with the command count once per process, so this
overstates the real total).

The machine may be shared: CPU time is printed next to wall time, and every ratio
compares figures taken in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus import read_texts  # noqa: E402  (benchmarks/, the script's own folder)

import cleaner  # noqa: E402
from cleaner import RuleSet, load_rules  # noqa: E402

MB = 1_000_000

# --- corpus ---------------------------------------------------------------------------

_SENTENCES = [
    "The council voted seven to two on Tuesday to approve the plan, after a debate that ran past midnight.",
    "Officials said the work would begin in the spring and take about eighteen months to finish.",
    "“We are not done yet,” the mayor told reporters outside city hall, adding that costs were under review.",
    "Residents who spoke at the meeting were divided, with several asking for a second public hearing.",
    "The agency’s report, released last week, found that demand had grown faster than expected since 2019.",
    "Analysts expect the company to report higher revenue when it publishes its results next month.",
    "The storm brought heavy rain to the coast, and forecasters warned of flooding in low-lying areas.",
    "Shares rose 4% in early trading before falling back as investors weighed the outlook for the sector.",
    "Der Stadtrat hat am Dienstag den Haushalt beschlossen; die Sanierung der Brücke beginnt im März.",
    "Le conseil municipal a voté mardi soir, et les travaux commenceront à l’automne prochain.",
    "Researchers said the findings, published in a peer-reviewed journal, would need to be confirmed.",
    "The team won its third game in a row, thanks to a late goal from its youngest player.",
]
_ENCODING_DEBRIS = [
    ("’", "â€™"),  # mojibake
    (" the ", " the\u200b "),  # zero-width space
    (", ", ",\u00a0"),  # non-breaking space
    (" & ", " &amp; "),  # leftover entity
]


def _debris_lines(c: cleaner.Cleaner) -> list[str]:
    """Lines the default rules' own examples remove (the input lines missing from the output)."""
    out: list[str] = []
    for rule in c.rules:
        for ex in rule.examples:
            if ex.output is None:
                continue
            kept = Counter(ex.output.split("\n"))
            for line in ex.input.split("\n"):
                if line.strip() and kept[line] <= 0:
                    out.append(line)
                kept[line] -= 1
    return sorted(set(out))


def _template_article(r: random.Random) -> str:
    paras = []
    for _ in range(r.randint(4, 12)):
        paras.append(" ".join(r.choice(_SENTENCES) for _ in range(r.randint(1, 4))))
    return "\n\n".join(paras)


def _with_debris(article: str, debris: list[str], r: random.Random) -> str:
    """The article with 2-7 debris lines (top, bottom, between paragraphs) and, in one
    article of three, some encoding debris."""
    paras = article.split("\n\n")
    for _ in range(r.randint(2, 7)):
        line = r.choice(debris)
        where = r.random()
        if where < 0.35:
            paras.insert(0, line)
        elif where < 0.75:
            paras.append(line)
        else:
            paras.insert(r.randint(0, len(paras)), line)
    text = "\n\n".join(paras) if r.random() < 0.5 else "\n".join(paras)
    if r.random() < 0.33:
        old, new = r.choice(_ENCODING_DEBRIS)
        text = text.replace(old, new, 2)
    return text


def build_corpus(
    c: cleaner.Cleaner, paths: list[str], field: str | None, size_mb: float, seed: int
) -> list[str]:
    r = random.Random(seed)
    bases = read_texts(paths, [field] if field else ["gold", "text"]) if paths else []
    if paths and not bases:
        raise SystemExit(f"no article text found in {paths}")
    debris = _debris_lines(c)
    docs: list[str] = []
    total = 0
    i = 0
    while total < size_mb * MB:
        base = bases[i % len(bases)] if bases else _template_article(r)
        doc = _with_debris(base, debris, r)
        docs.append(doc)
        total += len(doc.encode("utf-8"))
        i += 1
    return docs


# --- timing helpers ---------------------------------------------------------------------


def _mb(docs: Iterable[str]) -> float:
    return sum(len(d.encode("utf-8")) for d in docs) / MB


def _time(fn: Callable[[str], object], docs: list[str]) -> float:
    """CPU seconds of this process for ``fn`` over ``docs`` (one core, so CPU = work)."""
    t0 = time.process_time()
    for d in docs:
        fn(d)
    return time.process_time() - t0


def _stages(c: cleaner.Cleaner, docs: list[str]) -> dict[str, float]:
    """CPU seconds per pipeline stage of ``Cleaner.clean``: tidying and repair (before the
    rules and after each pass that changed the text) are timed through the pipeline's
    own calls to them; the rules are the rest."""
    from cleaner import pipeline

    t = Counter[str]()

    def timed(fn: Any, stage: str) -> Any:
        def run(*args: Any) -> Any:
            t0 = time.process_time()
            try:
                return fn(*args)
            finally:
                t[stage] += time.process_time() - t0

        return run

    tidy, apply_repairs = pipeline.tidy, pipeline.apply_repairs
    pipeline.tidy = timed(tidy, "whitespace tidy")  # type: ignore[assignment]
    pipeline.apply_repairs = timed(apply_repairs, "encoding repair")  # type: ignore[assignment]
    try:
        total = _time(c.clean, docs)
    finally:
        pipeline.tidy, pipeline.apply_repairs = tidy, apply_repairs  # type: ignore[assignment]
    t["rules"] = total - t["whitespace tidy"] - t["encoding repair"]
    return dict(t)


def _rule_costs(c: cleaner.Cleaner, docs: list[str]) -> Counter[str]:
    """CPU seconds each rule's matcher spends, over ``docs`` (matchers wrapped in place)."""
    costs: Counter[str] = Counter()
    originals = []

    def wrap(find: Callable[..., Iterator[object]], rid: str) -> Callable[..., Iterator[object]]:
        def timed(*a: object, **k: object) -> Iterator[object]:
            it = find(*a, **k)
            while True:
                t0 = time.process_time()
                try:
                    hit = next(it)
                except StopIteration:
                    costs[rid] += time.process_time() - t0
                    return
                costs[rid] += time.process_time() - t0
                yield hit

        return timed

    for rule in c.rules:
        m = rule.matcher
        originals.append((m, m.__dict__.get("find")))
        m.find = wrap(m.find, rule.id)  # type: ignore[method-assign]
    try:
        for d in docs:
            c.clean(d)
    finally:
        for m, old in originals:
            if old is None:
                del m.find
            else:
                m.find = old
    return costs


def _sized(docs: list[str], size: int, count: int) -> list[str]:
    """``count`` documents of about ``size`` characters, made of whole corpus documents."""
    out = []
    k = 0
    for _ in range(count):
        parts: list[str] = []
        n = 0
        while n < size:
            d = docs[k % len(docs)]
            k += 1
            parts.append(d)
            n += len(d) + 2
        out.append("\n\n".join(parts)[:size])
    return out


# --- generated rules ---------------------------------------------------------------------

_SYLLABLES = ["zor", "bex", "quil", "lan", "vep", "dor", "tic", "mar", "sol", "fen", "grit", "hux", "jal"]


def _word(r: random.Random) -> str:
    return "".join(r.choice(_SYLLABLES) for _ in range(r.randint(2, 3)))


def write_generated_rules(folder: Path, count: int, seed: int) -> None:
    """``count`` rules of every matcher kind, shaped like real ones, that real text
    rarely triggers (made-up words)."""
    import yaml

    r = random.Random(seed)
    rules = []
    for i in range(count):
        w1, w2, w3 = _word(r), _word(r).capitalize(), _word(r)
        kind = i % 5
        ic = r.random() < 0.3
        if kind == 0:
            match: dict[str, object] = {"literal": [f"{w2} {w1}", f"{w3} {w1}"]}
            action, ex_in, ex_out = "drop-span", f"Text {w2} {w1} here.", "Text here."
        elif kind == 1:
            match = {"literal": [f"{w2} {w3}", f"More {w2}"], "whole_line": True}
            action, ex_in, ex_out = "drop-line", f"Body.\n{w2} {w3}", "Body."
        elif kind == 2:
            match = {"line": rf"(?:{w2}|{w1.capitalize()}) {w3}[ \t]*[:|][^\n]{{1,60}}"}
            action, ex_in, ex_out = "drop-line", f"Body.\n{w2} {w3}: x", "Body."
        elif kind == 3:
            match = {"pattern": rf"\({w2} {w3}(?: \d{{1,4}})?\)"}
            action, ex_in, ex_out = "drop-span", f"Body ({w2} {w3}) more.", "Body more."
        else:
            match = {"block": {"start": rf"{w2} {w1}[ \t]*:?", "until": "blank", "max_lines": 6}}
            action, ex_in, ex_out = "drop-block", f"Body.\n\n{w2} {w1}\n- a\n- b", "Body."
        if ic:
            match["ignore_case"] = True
        rules.append(
            {
                "id": f"gen.r{i:05d}",
                "category": "other",
                "description": "generated for the throughput benchmark",
                "rationale": "scale test",
                "confidence": "low",
                "match": match,
                "action": action,
                "examples": [{"input": ex_in, "output": ex_out}],
                "counterexamples": ["Plain prose."],
            }
        )
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(0, len(rules), 200):
        (folder / f"gen{k // 200:03d}.yaml").write_text(
            yaml.safe_dump({"rules": rules[k : k + 200]}, allow_unicode=True), "utf-8"
        )


# --- the command line tool --------------------------------------------------------------


def _tree_rss(pid: int, cpu: dict[int, float]) -> int:
    """Resident bytes of ``pid`` and all its descendants (from /proc); their CPU
    seconds so far go into ``cpu``."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    ticks: dict[int, float] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    hz = os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        p = int(entry)
        children.setdefault(int(fields[1]), []).append(p)
        rss[p] = int(fields[21]) * page
        ticks[p] = (int(fields[11]) + int(fields[12])) / hz
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        if p in ticks:
            cpu[p] = max(cpu.get(p, 0.0), ticks[p])
        todo.extend(children.get(p, ()))
    return total


@dataclass
class CliRun:
    """One run of ``cleaner``: wall seconds, CPU seconds of the command itself and of its
    workers (each as last sampled), and the peak resident memory of the process tree."""

    wall: float
    cpu_main: float
    cpu_workers: list[float]
    peak: int
    waited: float | None = None  # share of the wall time some task waited for a CPU (Linux PSI)

    @property
    def cpu(self) -> float:
        return self.cpu_main + sum(self.cpu_workers)

    def describe(self) -> str:
        workers = " + ".join(f"{c:.1f}" for c in self.cpu_workers) or "-"
        out = f"CPU {self.cpu_main:.1f} s main, {workers} s workers; peak RSS {self.peak / MB:.0f} MB"
        if self.waited is not None:
            out += f"; tasks waited for a CPU {100 * self.waited:.0f}% of the time"
        return out


def run_cli(args: list[str]) -> CliRun:
    """Run ``cleaner`` with ``args``, sampling the CPU time and memory of its process tree."""
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    cpu_of: dict[int, float] = {}
    stall0 = _cpu_stall()
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "cleaner.cli.main", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss(proc.pid, cpu_of))
        time.sleep(0.05)
    wall = time.perf_counter() - t0
    stall1 = _cpu_stall()
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode not in (0,):
        raise SystemExit(f"cleaner {' '.join(args)} failed ({proc.returncode}):\n{err[-2000:]}")
    workers = sorted((c for pid, c in cpu_of.items() if pid != proc.pid), reverse=True)
    waited = None if stall0 is None or stall1 is None else (stall1 - stall0) / wall
    return CliRun(wall, cpu_of.get(proc.pid, 0.0), workers, peak, waited)


def _cpu_stall() -> float | None:
    """Seconds, so far, during which some runnable task on this machine waited for a CPU
    (Linux pressure stall information): how much the machine was shared during a run."""
    try:
        with open("/proc/pressure/cpu") as fh:
            some = fh.readline().split()
        return int(some[-1].split("=")[1]) / 1e6
    except (OSError, IndexError, ValueError):
        return None


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.1f}/{five:.1f} (1/5 min) on {os.cpu_count()} cores"


def compare_jobs(what: str, src: Path, mb: float, tmp_root: Path) -> None:
    """``--jobs 1`` against ``--jobs 2`` on ``src``, back to back, with the start-up time
    (cleaning one tiny file) measured too, so the rate net of start-up can be judged."""
    tiny = tmp_root / "tiny"
    tiny.mkdir(exist_ok=True)
    (tiny / "t.txt").write_text("One line of text.\n", "utf-8")
    rates: dict[int, float] = {}
    net: dict[int, float] = {}
    outs: dict[int, Path] = {}
    print(f"\n`cleaner clean`, {what}, {mb:.0f} MB ({_load()}):")
    for jobs in (1, 2):
        start = run_cli(["clean", str(tiny), "-o", str(tmp_root / "tiny-out"), "--jobs", str(jobs), "-q"])
        shutil.rmtree(tmp_root / "tiny-out")
        out = tmp_root / f"out{jobs}"
        r = run_cli(["clean", str(src), "-o", str(out), "--jobs", str(jobs), "-q"])
        rates[jobs] = mb / r.wall
        net[jobs] = mb / max(r.wall - start.wall, 1e-9)
        outs[jobs] = out
        print(f"  --jobs {jobs}   {r.wall:7.1f} s   {rates[jobs]:6.2f} MB/s   ({net[jobs]:6.2f} MB/s after "
              f"{start.wall:.1f} s start-up)   {r.describe()}")
    same = _same_tree(outs[1], outs[2])
    print(f"  --jobs 2 / --jobs 1 throughput   {rates[2] / rates[1]:.2f}x   net of start-up "
          f"{net[2] / net[1]:.2f}x   (target >= 1.8x); outputs identical: {same}; {_load()}")
    for out in outs.values():
        shutil.rmtree(out)
    shutil.rmtree(tiny)


def _write_folder(folder: Path, docs: list[str], total_bytes: float, r: random.Random) -> int:
    """Text files of one corpus document each, in subfolders of 500, up to ``total_bytes``."""
    n = written = 0
    while written < total_bytes:
        d = docs[n % len(docs)]
        sub = folder / f"part{n // 500:04d}"
        if n % 500 == 0:
            sub.mkdir(parents=True, exist_ok=True)
        data = d.encode("utf-8")
        (sub / f"doc{n:07d}.txt").write_bytes(data)
        written += len(data)
        n += 1
    return n


def _write_jsonl(path: Path, docs: list[str], total_bytes: float) -> int:
    n = written = 0
    with open(path, "w", encoding="utf-8") as fh:
        while written < total_bytes:
            rec = {"id": n, "url": f"https://example.com/{n}", "text": docs[n % len(docs)]}
            line = json.dumps(rec) + "\n"
            fh.write(line)
            written += len(line.encode("utf-8"))
            n += 1
    return n


def _same_tree(a: Path, b: Path) -> bool:
    """Same outputs and log (the --resume manifest, a dot file, names its own folder)."""
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file() and not p.name.startswith("."))
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file() and not p.name.startswith("."))
    if files_a != files_b:
        return False
    return all((a / f).read_bytes() == (b / f).read_bytes() for f in files_a)


# --- main --------------------------------------------------------------------------------


def one_machine(args: argparse.Namespace, docs: list[str], tmp_root: Path) -> None:
    """`cleaner clean`: --jobs 1 against --jobs 2 on a folder and on one JSONL file, then
    the peak memory on big inputs."""
    # 4. one machine: --jobs ------------------------------------------------------------
    if not (ROOT / "cleaner" / "cli" / "clean_cmd.py").exists():
        print("\n`cleaner clean` is not there yet: --jobs and memory figures skipped")
        return
    r = random.Random(args.seed)
    folder = tmp_root / "folder"
    nfiles = _write_folder(folder, docs, args.cli_mb * MB, r)
    compare_jobs(f"folder of {nfiles} files", folder, args.cli_mb, tmp_root)
    shutil.rmtree(folder)
    one = tmp_root / "one.jsonl"
    nrec = _write_jsonl(one, docs, args.cli_mb * MB)
    compare_jobs(f"one JSONL file of {nrec} records", one, args.cli_mb, tmp_root)
    one.unlink()

    # 5. --jobs at scale, then memory on big inputs ------------------------------------------
    if args.skip_big:
        return
    if args.scale_mb:
        # the same comparison on an input large enough for the start-up (about a second,
        # paid once whatever --jobs is) and the last chunk's wait not to weigh: the rate an
        # operator sees over a real corpus
        scale = tmp_root / "scale.jsonl"
        nrec = _write_jsonl(scale, docs, args.scale_mb * MB)
        compare_jobs(f"one JSONL file of {nrec} records, at scale", scale, args.scale_mb, tmp_root)
        scale.unlink()
    gb = args.big_gb
    print(f"\npeak memory of `cleaner clean --jobs 2` on {gb:g} GB inputs (target < 500 MB):")
    big_folder = tmp_root / "big-folder"
    n = _write_folder(big_folder, docs, gb * 1e9, r)
    big_out = str(tmp_root / "big-out")
    run = run_cli(["clean", str(big_folder), "-o", big_out, "--jobs", "2", "-q"])
    print(f"  folder of {n} files   {run.wall:7.0f} s   {gb * 1000 / run.wall:6.2f} MB/s   "
          f"peak tree RSS {run.peak / MB:6.0f} MB   ({run.describe()}; {_load()})")
    shutil.rmtree(big_folder)
    shutil.rmtree(tmp_root / "big-out")
    big_jsonl = tmp_root / "big.jsonl"
    n = _write_jsonl(big_jsonl, docs, gb * 1e9)
    run = run_cli(["clean", str(big_jsonl), "-o", big_out, "--jobs", "2", "-q"])
    print(f"  one JSONL, {n} records   {run.wall:7.0f} s   {gb * 1000 / run.wall:6.2f} MB/s   "
          f"peak tree RSS {run.peak / MB:6.0f} MB   ({run.describe()}; {_load()})")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", nargs="*", default=[], help="article text: .jsonl[.gz], .txt, or folders")
    ap.add_argument("--field", help="JSONL field holding the article (default: gold, then text)")
    ap.add_argument("--size-mb", type=float, default=50.0, help="corpus size (default 50)")
    ap.add_argument("--cli-mb", type=float, default=20.0, help="folder size for the --jobs comparison")
    ap.add_argument("--big-gb", type=float, default=2.0, help="size of each big input (default 2)")
    ap.add_argument(
        "--scale-mb", type=float, default=400.0,
        help="JSONL size for the --jobs comparison at scale (default 400; 0: skip; skipped with --skip-big)",
    )
    ap.add_argument("--skip-cli", action="store_true", help="no `cleaner clean` measurements")
    ap.add_argument("--skip-big", action="store_true", help="no big-input memory measurements")
    ap.add_argument(
        "--cli-only", action="store_true", help="only the `cleaner clean` figures (--jobs, memory)"
    )
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workdir", help="where temp files go (default: the system temp dir)")
    args = ap.parse_args()

    import ftfy

    c = cleaner.Cleaner()
    print(f"cleaner {cleaner.__version__}: {len(c.rules)} default rules; python {sys.version.split()[0]}; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    docs = build_corpus(c, args.corpus, args.field, args.size_mb, args.seed)
    size = _mb(docs)
    print(f"corpus: {len(docs)} documents, {size:.1f} MB "
          f"({'from ' + ', '.join(args.corpus) if args.corpus else 'built-in templates'}, with debris)\n")

    if args.cli_only:
        tmp_root = Path(tempfile.mkdtemp(prefix="cleaner-bench-", dir=args.workdir))
        try:
            one_machine(args, docs, tmp_root)
        finally:
            shutil.rmtree(tmp_root, ignore_errors=True)
        return 0

    # 1. one core, same documents --------------------------------------------------------
    results: dict[str, float] = {}
    print("one core, same documents (CPU time of this process):")
    t = _time(c.clean, docs)
    results["cleaner"] = size / t
    removed = sum(len(r.removals) > 0 for r in map(c.clean, docs[:200]))
    print(f"  cleaner, full default pipeline   {size / t:8.2f} MB/s   ({removed}/200 documents changed)")
    t = _time(ftfy.fix_text, docs)
    results["ftfy"] = size / t
    print(f"  ftfy.fix_text                    {size / t:8.2f} MB/s")
    try:
        from cleantext import clean as clean_text
    except ImportError:
        print("  clean-text                       skipped: not installed (pip install cleaner[bench])")
    else:
        t = _time(clean_text, docs)
        results["clean-text"] = size / t
        print(f"  clean-text clean()               {size / t:8.2f} MB/s")
    ratio = results["cleaner"] / results["ftfy"]
    print(f"  ratio cleaner / ftfy             {ratio:8.2f}x   (target >= 20x)")
    if "clean-text" in results:
        print(f"  ratio cleaner / clean-text       {results['cleaner'] / results['clean-text']:8.2f}x")

    sample = docs[: max(50, len(docs) // 20)]
    stages = _stages(c, sample)
    total = sum(stages.values())
    print(f"\nwhere the pipeline's time goes ({_mb(sample):.1f} MB sample):")
    for name, sec in stages.items():
        print(f"  {name:18s} {100 * sec / total:5.1f}%   {_mb(sample) / sec:8.2f} MB/s")
    costs = _rule_costs(c, sample)
    print("  slowest rules (time in their matchers' own find(); rules the compiled engine")
    print("  tries line by line or at line starts only are not in this list):")
    for rid, sec in costs.most_common(8):
        print(f"    {rid:40s} {100 * sec / total:5.1f}% of the pipeline")

    # 2. document size ------------------------------------------------------------------------
    print("\ntime per document by document size (one core):")
    base_rate = None
    guarded_sizes = 0
    for kb in (1, 4, 16, 64, 256, 1024):
        n = max(2, min(400, int(2 * MB / (kb * 1000))))
        sized = _sized(docs, kb * 1000, n)
        guarded = 0

        def clean(d: str) -> None:
            nonlocal guarded
            guarded += any(w.code == "guard" for w in c.clean(d).warnings)

        t = _time(clean, sized) / n
        per_kb = t / kb * 1e6
        base_rate = base_rate or per_kb
        note = f"   guard on {guarded}/{n}" if guarded else ""
        guarded_sizes += bool(guarded)
        print(
            f"  {kb:5d} KB   {t * 1e3:9.2f} ms/doc   {per_kb:8.1f} us/KB   "
            f"({per_kb / base_rate:4.2f}x the 1 KB rate){note}"
        )
    if guarded_sizes:
        print(
            "  (these documents join whole articles, so a rule that cuts a thread or a list\n"
            "  to the end of the text can cut the articles after it; 'guard on k/n' counts the\n"
            "  documents where the removal guard refused that; such a document runs the rules\n"
            "  again: the guard-exempt ones, and all of them once more on what those leave)"
        )

    # 3. number of rules ------------------------------------------------------------------
    print("\ntime per document by number of rules (one core):")
    tmp_root = Path(tempfile.mkdtemp(prefix="cleaner-bench-", dir=args.workdir))
    try:
        subset = docs[:300]
        gen = tmp_root / "generated-rules"
        write_generated_rules(gen, 10 * len(c.rules), args.seed)
        t0 = time.process_time()
        # the same default rules as `c` (rule files may change while this runs), plus the generated
        big = cleaner.Cleaner(rules=RuleSet.merge([c.rules, load_rules(gen)]))
        build = time.process_time() - t0
        t_small = _time(c.clean, subset) / len(subset)
        t_big = _time(big.clean, subset) / len(subset)
        same = all(c.clean(d).text == big.clean(d).text for d in subset[:50])
        print(f"  {len(c.rules):6d} rules (default packs)  {t_small * 1e3:8.3f} ms/doc")
        print(f"  {len(big.rules):6d} rules (+10x generated)  {t_big * 1e3:8.3f} ms/doc   "
              f"({t_big / t_small:.2f}x the time for {len(big.rules) / len(c.rules):.0f}x the rules; "
              f"compiled in {build:.1f}s; same output: {same})")

        if not args.skip_cli:
            one_machine(args, docs, tmp_root)
    finally:
        shutil.rmtree(tmp_root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
