# Scale benchmark of `cleaner mine`: generates a synthetic corpus of many sites (their own
# header, nav, byline and footer shapes around varied bodies) and mines it in bounded memory.
"""Run ``cleaner mine`` on a large synthetic corpus and print time, peak memory and quality.

Usage::

    python benchmarks/mine_scale.py [--docs 100000 ...] [--sites 40] [--workdir DIR] [--keep]

For each ``--docs`` size, writes that many pages (one JSONL file per site, under a temporary
``--workdir``), then runs ``python -m cleaner.cli.main mine --by domain`` on them in a child
process and prints its wall time and peak RSS (``ru_maxrss`` of the child). Several sizes show
whether memory stays flat as the corpus grows.

Every site is written from templates: a masthead and a nav menu of its own, a dated byline
in one of a few site formats, an optional ad label, a related-link line, a share bar and a
footer; the bodies are sentences drawn from a large grammar, with a wire story and a quote
that recur across sites in a few pages (content the miner must not draft). Because the
generator knows which lines are boilerplate, the drafts are then scored on a sample of pages:
the share of boilerplate lines they remove (recall) and the share of removed lines that were
boilerplate (precision).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout, uninstalled

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
SYLLABLES = [
    "ka",
    "lo",
    "ri",
    "ven",
    "tor",
    "mal",
    "sen",
    "dra",
    "bel",
    "cor",
    "fin",
    "gal",
    "hol",
    "mir",
    "nor",
    "pel",
    "qua",
    "rus",
    "tal",
    "ul",
    "vor",
    "wen",
    "yar",
    "zel",
]
SECTIONS = [
    "News",
    "Politics",
    "Business",
    "Sport",
    "Culture",
    "Opinion",
    "Science",
    "Health",
    "Travel",
    "Food",
    "Technology",
    "Weather",
    "Local",
    "World",
    "Education",
    "Environment",
    "Money",
    "Lifestyle",
    "Books",
    "Music",
    "Film",
    "Cars",
    "Property",
    "Jobs",
]
NOUNS = [
    "council",
    "mayor",
    "river",
    "bridge",
    "school",
    "budget",
    "harbour",
    "festival",
    "station",
    "museum",
    "hospital",
    "farmer",
    "orchard",
    "factory",
    "library",
    "ferry",
    "tunnel",
    "market",
    "election",
    "committee",
    "volunteer",
    "inspector",
    "engineer",
    "bakery",
    "stadium",
    "airport",
    "garden",
    "reservoir",
    "clinic",
    "gallery",
    "railway",
    "warehouse",
    "village",
    "district",
    "quarry",
    "lighthouse",
    "vineyard",
    "brewery",
    "courthouse",
    "pier",
    "canal",
    "forest",
    "meadow",
]
VERBS = [
    "approved",
    "rejected",
    "delayed",
    "reviewed",
    "funded",
    "opened",
    "closed",
    "inspected",
    "expanded",
    "repaired",
    "praised",
    "questioned",
    "announced",
    "postponed",
    "celebrated",
    "measured",
    "restored",
    "replaced",
    "doubled",
    "halved",
]
ADJS = [
    "new",
    "old",
    "northern",
    "southern",
    "busy",
    "quiet",
    "historic",
    "modern",
    "small",
    "large",
    "local",
    "regional",
    "rural",
    "coastal",
    "flooded",
    "crowded",
    "empty",
    "popular",
    "costly",
    "cheap",
]
FIRST = [
    "Anna",
    "Ben",
    "Carla",
    "David",
    "Elena",
    "Farid",
    "Greta",
    "Hugo",
    "Ines",
    "Jonas",
    "Kira",
    "Leo",
    "Maya",
    "Nils",
    "Olga",
    "Pavel",
]
LAST = [
    "Alder",
    "Brook",
    "Crane",
    "Dale",
    "Ellis",
    "Frost",
    "Grove",
    "Hale",
    "Irving",
    "Jensen",
    "Keller",
    "Lund",
    "Moss",
    "Nash",
]
WIRE = (
    "Regional rail services will run a reduced timetable this weekend while engineers replace "
    "a signal box near the junction, the operator said in a statement on its website."
)
QUOTE = "“We will not let the river decide our future,” the minister told reporters after the meeting."


def _name(rnd: random.Random) -> str:
    return "".join(rnd.choice(SYLLABLES) for _ in range(rnd.randint(2, 3))).capitalize()


@dataclass(frozen=True)
class Site:
    """The template of one site: its own boilerplate shapes."""

    host: str
    title: str
    tagline: str
    nav: tuple[str, ...]
    byline: int  # which dated-line format the site uses
    ad_label: str | None
    related: str
    share: tuple[str, ...]
    footer: tuple[str, ...]

    @staticmethod
    def make(i: int, rnd: random.Random) -> Site:
        name = _name(rnd)
        title = f"The {name} {rnd.choice(['Gazette', 'Herald', 'Courier', 'Post', 'Chronicle', 'Times'])}"
        nav = (
            "Home",
            *rnd.sample(SECTIONS, rnd.randint(5, 10)),
            rnd.choice(["Contact", "About us", "Subscribe"]),
        )
        share = rnd.choice(
            [
                ("Share this:", "Click to share on Facebook (Opens in new window)", "Click to share on X"),
                ("Share", "Tweet", "Email", "Print"),
                (f"Share this story from {title}",),
            ]
        )
        footer = (
            f"© 2024 {title}. All rights reserved.",
            rnd.choice(
                ["Privacy Policy | Terms of Use | Cookie Settings", "Impressum · Datenschutz · Kontakt"]
            ),
            f"Sign up for the {name} newsletter and get the day's news every morning.",
        )
        return Site(
            host=f"{name.lower()}{i}.example",
            title=title,
            tagline=rnd.choice(
                ["Independent local news since 1887", "News for the valley", "Your city, every day"]
            ),
            nav=nav,
            byline=rnd.randrange(3),
            ad_label=rnd.choice([None, "Advertisement", "- Advertisement -", "Sponsored content"]),
            related=rnd.choice(["Related:", "Read more:", "See also:"]),
            share=share,
            footer=footer,
        )


def _sentence(rnd: random.Random) -> str:
    a, n, v = rnd.choice, rnd.choice(NOUNS), rnd.choice(VERBS)
    parts = [
        f"The {a(ADJS)} {n} {v} a plan for the {a(ADJS)} {a(NOUNS)}",
        f"{rnd.randint(2, 900)} residents of the {a(NOUNS)} district {a(VERBS)} the idea",
        f"officials {a(VERBS)} the {a(NOUNS)} near the {a(ADJS)} {a(NOUNS)}",
        f"a {a(ADJS)} {a(NOUNS)} was {a(VERBS)} on {a(DAYS)}",
        f"the cost of the {a(NOUNS)} rose by {rnd.randint(2, 60)} percent since {a(MONTHS)}",
    ]
    rnd.shuffle(parts)
    s = ", and ".join(parts[: rnd.randint(1, 3)])
    return s[0].upper() + s[1:] + "."


def page(site: Site, rnd: random.Random) -> list[tuple[str, bool]]:
    """One page as (line, is_boilerplate); blank lines are ("", False)."""
    B, C = True, False
    lines: list[tuple[str, bool]] = [(site.title, B), (site.tagline, B)]
    lines += [(f"* {x}" if site.byline == 2 else x, B) for x in site.nav]
    d = f"{rnd.choice(MONTHS)} {rnd.randint(1, 28)}, {rnd.choice([2023, 2024])}"
    lines.append(("", C))
    headline = " ".join(w.capitalize() for w in _sentence(rnd).rstrip(".").split()[:9])
    lines.append((headline, C))
    author = f"{rnd.choice(FIRST)} {rnd.choice(LAST)}"
    if site.byline == 0:
        lines += [(f"By {author}", C), (f"Posted on {d}", B)]
    elif site.byline == 1:
        lines += [(f"{rnd.choice(DAYS)}, {d} | Updated {rnd.randint(1, 12)}:{rnd.randint(0, 59):02d} pm", B)]
    else:
        lines += [(f"Published {d}", B), (f"{rnd.randint(2, 15)} min read", B)]
    lines.append(("", C))
    paras = rnd.randint(4, 9)
    for p in range(paras):
        text = " ".join(_sentence(rnd) for _ in range(rnd.randint(1, 4)))
        lines += [(text, C), ("", C)]
        if p == 1 and site.ad_label and rnd.random() < 0.8:
            lines += [(site.ad_label, B), ("", C)]
        if p == 2 and rnd.random() < 0.02:
            lines += [(WIRE, C), ("", C)]
        if p == 3 and rnd.random() < 0.02:
            lines += [(QUOTE, C), ("", C)]
    lines += [(f"{site.related} {' '.join(_sentence(rnd).split()[:7])}", C), ("", C)]
    lines += [(x, B) for x in site.share]
    lines.append(("", C))
    lines += [(x, B) for x in site.footer]
    return lines


def sites_for(n: int, seed: int) -> list[Site]:
    rnd = random.Random(seed)
    return [Site.make(i, rnd) for i in range(n)]


def write_corpus(folder: Path, docs: int, sites: list[Site], seed: int) -> int:
    """``docs`` pages spread over ``sites``, one JSONL file per site; returns bytes written."""
    folder.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(seed)
    handles = [open(folder / f"{s.host}.jsonl", "w", encoding="utf-8") for s in sites]  # noqa: SIM115
    size = 0
    try:
        for i in range(docs):
            k = i % len(sites)
            text = "\n".join(line for line, _ in page(sites[k], rnd))
            row = json.dumps(
                {"url": f"https://www.{sites[k].host}/story/{i}", "text": text}, ensure_ascii=False
            )
            handles[k].write(row + "\n")
            size += len(row) + 1
    finally:
        for h in handles:
            h.close()
    return size


def run_mine(corpus: Path, out: Path, extra: list[str]) -> tuple[float, float, str]:
    """Run mine in a child process: (seconds, peak RSS in MB of the child, stdout)."""
    cmd = [
        sys.executable,
        "-m",
        "cleaner.cli.main",
        "mine",
        str(corpus),
        "--by",
        "domain",
        "-o",
        str(out),
        *extra,
    ]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent)
    secs = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"mine failed ({proc.returncode}):\n{proc.stderr}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the largest child so far; the sizes run in increasing order
    return secs, max(peak, before) / 1024, proc.stdout


def score_drafts(drafts: Path, sites: list[Site], seed: int, pages: int) -> tuple[float, float, int, int]:
    """(recall of boilerplate lines, precision of removed lines, removed, boilerplate) on
    ``pages`` fresh pages from the same site templates (another seed)."""
    from cleaner import Cleaner, load_rules

    rs = load_rules(drafts)
    c = Cleaner(rs, select=[r.id for r in rs] + ["whitespace"], max_removal=1.0)
    rnd = random.Random(seed + 1)
    tp = fp = boiler = 0
    for i in range(pages):
        s = sites[i % len(sites)]
        lines = page(s, rnd)
        text = "\n".join(x for x, _ in lines)
        kept = c.clean(text, source=f"https://{s.host}/check/{i}").text.split("\n")
        left = {x.strip() for x in kept}
        for line, is_b in lines:
            if not line.strip():
                continue
            removed = line.strip() not in left
            boiler += is_b
            tp += is_b and removed
            fp += (not is_b) and removed
    removed_total = tp + fp
    return tp / boiler if boiler else 0.0, tp / removed_total if removed_total else 1.0, removed_total, boiler


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, nargs="+", default=[100_000], help="corpus sizes to run, ascending")
    ap.add_argument("--sites", type=int, default=40)
    ap.add_argument("--seed", type=int, default=20240)
    ap.add_argument("--workdir", type=Path, help="where the corpus and drafts go (default: a temp folder)")
    ap.add_argument("--keep", action="store_true", help="keep the generated corpus and drafts")
    ap.add_argument("--score-pages", type=int, default=2000, help="fresh pages to score the drafts on")
    ap.add_argument("mine_args", nargs="*", help="extra arguments for cleaner mine (after --)")
    args = ap.parse_args(argv)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="mine-scale-"))
    sites = sites_for(args.sites, args.seed)
    print(f"{args.sites} sites; workdir {work}")
    print(
        f"{'docs':>8} {'MB in':>7} {'gen s':>6} {'mine s':>7} {'docs/s':>7} {'peak RSS MB':>11} "
        f"{'drafts':>6} {'recall':>6} {'precision':>9}"
    )
    try:
        for n in sorted(args.docs):
            corpus = work / f"corpus-{n}"
            out = work / f"drafts-{n}"
            shutil.rmtree(out, ignore_errors=True)
            t0 = time.perf_counter()
            size = write_corpus(corpus, n, sites, args.seed)
            gen = time.perf_counter() - t0
            secs, rss, _stdout = run_mine(corpus, out, args.mine_args)
            report = json.loads((out / "report.json").read_text("utf-8"))
            recall, precision, _removed, _boiler = score_drafts(out, sites, args.seed, args.score_pages)
            print(
                f"{n:>8} {size / 1e6:>7.0f} {gen:>6.0f} {secs:>7.1f} {n / secs:>7.0f} {rss:>11.0f} "
                f"{report['drafts']:>6} {recall:>6.3f} {precision:>9.3f}",
                flush=True,
            )
            rejected: dict[str, int] = {}
            for g in report["per_group"]:
                for k, v in g["rejected"].items():
                    rejected[k] = rejected.get(k, 0) + v
            print(
                f"         rejected candidates by reason: {rejected}; "
                f"sketch {report['sketch_bytes'] >> 20} MB"
            )
            if not args.keep:
                shutil.rmtree(corpus, ignore_errors=True)
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
