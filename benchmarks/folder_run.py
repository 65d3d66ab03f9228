# Folder benchmark of `cleaner clean`: generates a folder of mixed scraped files (txt,
# html, jsonl, gz, bad ones) and times --jobs 1 and --jobs 2, peak memory, and --resume.
"""Time ``cleaner clean`` on a generated folder of mixed files.

Usage::

    python benchmarks/folder_run.py [--files 5000] [--workdir DIR] [--keep]

The folder is generated from templates in this script (article sentences, and the
debris scrapers leave: ad placeholders, source links, RSS footers, share and follow
lines, newsletter calls, bylines, captions, invisible characters), deterministically
from ``--seed``. About 1 file in 60 is bad on purpose: empty, not UTF-8, truncated
gzip, a broken JSONL line, binary junk named .txt.

For each of ``--jobs 1`` and ``--jobs 2`` it prints the wall time and the peak memory:
``tree RSS`` is the largest sum of resident memory of the command and all its worker
processes seen while sampling /proc every 20 ms; ``max RSS`` is the largest single process
(getrusage of the children); CPU is user + system time of the command and its workers
(sampled, so the last 20 ms of a worker may be missed). On a shared machine, compare CPU
time: wall time depends on what else runs. It then checks that the two output trees (and logs) are
byte-identical, and that a ``--resume`` re-run does nothing.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

# --- templates ---------------------------------------------------------------------

SUBJECTS = [
    "The city council",
    "Local farmers",
    "The regional health board",
    "Engineers at the port",
    "Residents of the old quarter",
    "The school district",
    "A group of volunteers",
    "Transit officials",
    "The state university",
    "Small business owners",
    "The fire department",
    "Researchers",
]
VERBS = [
    "approved",
    "criticised",
    "postponed",
    "welcomed",
    "questioned",
    "announced",
    "reviewed",
    "funded",
    "rejected",
    "studied",
    "defended",
    "expanded",
]
OBJECTS = [
    "a plan to repair the northern bridge",
    "the new budget for road maintenance",
    "a proposal to extend library hours",
    "the rezoning of the riverside warehouses",
    "a pilot programme for electric buses",
    "the contract for the water treatment plant",
    "changes to the weekend market",
    "a study of air quality near the highway",
    "the hiring of twelve new teachers",
    "a scheme to plant trees along the avenue",
]
TAILS = [
    "after a long meeting on Tuesday evening",
    "despite objections from several neighbours",
    "according to documents seen by reporters",
    "in a vote of seven to two",
    "following months of public consultation",
    "which is expected to cost about four million dollars",
    "citing rising costs and staff shortages",
    "as the season's first storms approached",
]
QUOTES = [
    '"We have waited a long time for this," said one resident who lives near the site.',
    '"The numbers simply do not add up," a spokesperson told the meeting.',
    '"It is a good first step, but there is more to do," the mayor said.',
    '"Nobody asked us what we needed," said a shop owner on the main street.',
]
SITES = ["citytelegraph.com", "valleyherald.net", "coastnews.org", "metrodaily.co", "harbourpost.com"]
NAMES = ["Maria Lopez", "James Carter", "Aiko Tanaka", "Samuel Okafor", "Elena Petrova", "David Kim"]

DEBRIS_TOP = [
    "[ad_1]",
    "Share this:\nFacebook\nTwitter\nEmail",
    "By {name}, Staff Writer",
    "Posted on {date} by {name}",
    "Advertisement",
    "Skip to content",
]
DEBRIS_MIDDLE = [
    "[ad_2]",
    "(Photo: {name}/{site})",
    "Related: {subject} {verb} {object}",
    "Sign up for our newsletter to get the latest news delivered to your inbox.",
    "Follow us on Twitter and Facebook for more local news.",
    "ADVERTISEMENT",
]
DEBRIS_END = [
    "Source link",
    "The post {title} appeared first on {sitename}.",
    "[ad_3]",
    "Copyright 2024 {sitename}. All rights reserved.",
    "{name} is a reporter covering local government. Contact her at news@{site}.",
    "Like this:\nLike Loading...",
]
INVISIBLE = ["\u200b", "\u00a0", "\u00ad", "\ufeff"]


def _sentence(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)}."


def _paragraph(rng: random.Random) -> str:
    parts = [_sentence(rng) for _ in range(rng.randint(2, 5))]
    if rng.random() < 0.3:
        parts.insert(rng.randint(0, len(parts)), rng.choice(QUOTES))
    text = " ".join(parts)
    if rng.random() < 0.1:  # an invisible or non-breaking character inside a word gap
        i = text.find(" ", rng.randint(0, len(text) - 1))
        if i > 0:
            text = text[:i] + rng.choice(INVISIBLE) + text[i + 1 :]
    return text


def _fill(template: str, rng: random.Random, site: str, title: str) -> str:
    return template.format(
        name=rng.choice(NAMES),
        site=site,
        sitename=site.split(".")[0].title(),
        date=f"June {rng.randint(1, 28)}, 2024",
        title=title,
        subject=rng.choice(SUBJECTS),
        verb=rng.choice(VERBS),
        object=rng.choice(OBJECTS),
    )


def article(rng: random.Random, site: str) -> tuple[str, list[str]]:
    """An article as plain lines with debris mixed in, and its paragraphs alone."""
    title = _sentence(rng).rstrip(".")
    paragraphs = [_paragraph(rng) for _ in range(rng.randint(4, 12))]
    lines: list[str] = []
    if rng.random() < 0.6:
        lines.append(_fill(rng.choice(DEBRIS_TOP), rng, site, title))
    for i, p in enumerate(paragraphs):
        lines.append(p)
        if i and rng.random() < 0.15:
            lines.append(_fill(rng.choice(DEBRIS_MIDDLE), rng, site, title))
    for _ in range(rng.choice([0, 1, 1, 2])):
        lines.append(_fill(rng.choice(DEBRIS_END), rng, site, title))
    sep = "\n\n" if rng.random() < 0.5 else "\n"
    text = sep.join(lines) + ("\n" if rng.random() < 0.7 else "")
    if rng.random() < 0.1:
        text = text.replace("\n", "  \n", 3)  # trailing blanks
    return text, paragraphs


def html_page(rng: random.Random, site: str) -> str:
    title = _sentence(rng).rstrip(".")
    _, paragraphs = article(rng, site)
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    if rng.random() < 0.5:
        body += f"\n<p>{_fill(rng.choice(DEBRIS_END), rng, site, title)}</p>"
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head><body>\n'
        f'<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>\n'
        f"<article><h1>{title}</h1>\n{body}\n</article>\n"
        f"<aside><h3>Most read</h3><ul><li>{_sentence(rng)}</li><li>{_sentence(rng)}</li></ul></aside>\n"
        f"<footer>Copyright 2024 {site}</footer></body></html>\n"
    )


def generate(root: Path, n: int, seed: int) -> dict[str, int]:
    """Write ``n`` files under ``root``; return counts per kind."""
    rng = random.Random(seed)
    counts: dict[str, int] = {}
    for i in range(n):
        site = rng.choice(SITES)
        folder = root / site / f"2024-{rng.randint(1, 12):02}"
        folder.mkdir(parents=True, exist_ok=True)
        r = rng.random()
        gz = rng.random() < 0.15
        if i % 60 == 59:
            kind = _bad(folder, i, rng)
        elif r < 0.55:
            kind = "txt"
            data = article(rng, site)[0].encode("utf-8")
            _write(folder / f"a{i:05}.txt", data, gz)
        elif r < 0.8:
            kind = "html"
            name = f"p{i:05}.{'htm' if rng.random() < 0.2 else 'html'}"
            _write(folder / name, html_page(rng, site).encode("utf-8"), gz)
        else:
            kind = "jsonl"
            records = []
            for j in range(rng.randint(3, 15)):
                text = article(rng, site)[0]
                records.append(
                    json.dumps(
                        {
                            "id": f"{i}-{j}",
                            "url": f"https://{site}/story/{i}/{j}",
                            "text": text,
                            "lang": "en",
                        },
                        ensure_ascii=rng.random() < 0.5,
                    )
                )
            _write(folder / f"r{i:05}.jsonl", ("\n".join(records) + "\n").encode("utf-8"), gz)
        kind += ".gz" if gz and not kind.startswith("bad") else ""
        counts[kind] = counts.get(kind, 0) + 1
    return counts


def _write(path: Path, data: bytes, gz: bool) -> None:
    if gz:
        path.with_name(path.name + ".gz").write_bytes(gzip.compress(data, mtime=0))
    else:
        path.write_bytes(data)


def _bad(folder: Path, i: int, rng: random.Random) -> str:
    which = (i // 60) % 5
    if which == 0:
        (folder / f"bad{i:05}.txt").write_bytes(b"")
        return "bad-empty"
    if which == 1:
        text = article(rng, "example.com")[0].replace("the", "thé")
        (folder / f"bad{i:05}.txt").write_bytes(text.encode("latin-1", "replace"))
        return "bad-latin1"
    if which == 2:
        data = gzip.compress(article(rng, "example.com")[0].encode("utf-8"))
        (folder / f"bad{i:05}.txt.gz").write_bytes(data[: len(data) // 2])
        return "bad-truncated-gzip"
    if which == 3:
        good = json.dumps({"id": i, "text": article(rng, "example.com")[0]})
        (folder / f"bad{i:05}.jsonl").write_text(f'{good}\n{{"id": {i}, "text": "cut off\n{good}\n', "utf-8")
        return "bad-jsonl-line"
    (folder / f"bad{i:05}.txt").write_bytes(bytes(rng.randrange(256) for _ in range(4096)))
    return "bad-binary"


# --- measuring ---------------------------------------------------------------------


def _sample_tree(pid: int, cpu: dict[int, int]) -> int:
    """Resident bytes of ``pid`` and all its descendants, from /proc (0 if gone); records
    each process's CPU ticks so far in ``cpu`` (workers are grandchildren under the
    forkserver, which getrusage of our children does not count)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            cpu[p] = max(cpu.get(p, 0), int(fields[11]) + int(fields[12]))  # utime + stime
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
                        break
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError, IndexError):
            continue
    return total


def run_clean(args: list[str]) -> tuple[float, float, int, int, int, str]:
    """Run ``cleaner clean``: wall seconds, CPU seconds (user + system of the command and
    its workers, sampled every 20 ms), exit code, peak tree RSS, max single-process RSS,
    standard error."""
    cmd = [sys.executable, "-m", "cleaner.cli.main", "clean", *args]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0]
    cpu: dict[int, int] = {}
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _sample_tree(proc.pid, cpu))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    max_rss = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before) * 1024
    cpu_s = sum(cpu.values()) / os.sysconf("SC_CLK_TCK")
    return wall, cpu_s, proc.returncode, peak[0], max_rss, err.decode("utf-8", "replace")


def tree_digest(root: Path, skip: set[str]) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name not in skip
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, default=5000)
    ap.add_argument("--workdir", type=Path, help="where to generate (default: a temp folder, removed after)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--keep", action="store_true", help="keep the generated folder and outputs")
    ap.add_argument("--rules", action="append", help="rule files or folders (default: shipped packs)")
    args = ap.parse_args(argv)

    work = args.workdir or Path(tempfile.mkdtemp(prefix="cleaner-bench-"))
    src = work / "in"
    if src.exists():
        shutil.rmtree(src)
    t0 = time.perf_counter()
    counts = generate(src, args.files, args.seed)
    size = sum(p.stat().st_size for p in src.rglob("*") if p.is_file())
    print(
        f"generated {args.files} files, {size / 1e6:.1f} MB in {time.perf_counter() - t0:.1f}s: "
        + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    )
    input_digest = tree_digest(src, set())
    rules = [a for r in (args.rules or []) for a in ("--rules", r)]

    outs = {}
    for jobs in (1, 2):
        out = work / f"out-j{jobs}"
        if out.exists():
            shutil.rmtree(out)
        wall, cpu, rc, tree_rss, max_rss, err = run_clean(
            [str(src), "-o", str(out), "--jobs", str(jobs), *rules]
        )
        n_err = sum(1 for line in err.splitlines() if line.startswith("cleaner: ") and "summary" not in line)
        print(
            f"--jobs {jobs}: wall {wall:.1f}s ({args.files / wall:.0f} files/s), CPU {cpu:.1f}s, exit {rc}, "
            f"peak tree RSS {tree_rss / 2**20:.0f} MiB, max single-process RSS {max_rss / 2**20:.0f} MiB, "
            f"{n_err} error lines"
        )
        outs[jobs] = out
        if jobs == 1:
            print(
                "\n".join(
                    "    " + line
                    for line in err.splitlines()
                    if not line.startswith("cleaner: ") or "summary" in line
                )[:3000]
            )

    same = tree_digest(outs[1], {".cleaner-manifest.json"}) == tree_digest(
        outs[2], {".cleaner-manifest.json"}
    )
    print(f"outputs and logs identical for --jobs 1 and 2: {same}")
    print(f"load average (1, 5, 15 min) after the runs: {os.getloadavg()}")
    print(f"inputs untouched: {tree_digest(src, set()) == input_digest}")

    stamps = {p: p.stat().st_mtime_ns for p in outs[2].rglob("*") if p.is_file()}
    wall, _, rc, _, _, err = run_clean([str(src), "-o", str(outs[2]), "--jobs", "2", "--resume", *rules])
    untouched = all(p.stat().st_mtime_ns == t for p, t in stamps.items())
    done_line = next((line.strip() for line in err.splitlines() if line.strip().startswith("files")), "")
    print(f"--resume re-run: wall {wall:.1f}s, exit {rc}, nothing rewritten: {untouched}; {done_line}")

    if not args.keep and args.workdir is None:
        shutil.rmtree(work)
    ok = same and untouched and tree_digest(src, set()) == input_digest
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
