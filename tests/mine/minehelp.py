# Helpers of the mining tests: a small synthetic corpus of a few sites, each with its own
# header, dated byline and footer around varied article bodies, plus planted content traps.
from __future__ import annotations

import json
import random
from pathlib import Path

WORDS = [
    "council",
    "river",
    "market",
    "school",
    "team",
    "season",
    "plan",
    "budget",
    "city",
    "road",
    "water",
    "health",
    "report",
    "vote",
    "court",
    "police",
    "park",
    "music",
    "film",
    "book",
    "game",
    "price",
    "rate",
    "energy",
    "farm",
    "bridge",
    "station",
    "library",
    "harvest",
    "festival",
    "museum",
    "hospital",
    "election",
    "tunnel",
    "ferry",
    "orchard",
    "factory",
    "garden",
]
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
QUOTE = "“We will rebuild the bridge before the winter floods arrive,” the mayor told the crowd."
LONG_SYNDICATED = (
    "The regional transport authority announced on Monday that the northern ferry line will "
    "resume its full timetable after months of repairs to the harbour wall and the pier."
)


SITE_NAMES = ("Valley Gazette", "Harbour Herald", "Ridge Times", "Mill Courier", "Lake Post", "Fen Echo")


def sentence(rnd: random.Random) -> str:
    return " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(9, 18))).capitalize() + "."


def site_doc(rnd: random.Random, site: int, i: int) -> str:
    """One page of site ``site``: header block, dated line, body, share bar, footer."""
    head = [SITE_NAMES[site], "Home", "Local", "Sport", "Weather", "Contact"]
    dated = f"Posted on {rnd.choice(MONTHS)} {rnd.randint(1, 28)}, 2024"
    body = [sentence(rnd) for _ in range(rnd.randint(4, 8))]
    if i % 7 == 3:
        body.insert(1, QUOTE)
    if i % 6 == 4:
        body.append(LONG_SYNDICATED)
    foot = [
        "Share this article",
        "Click to share on Facebook (Opens in new window)",
        f"© 2024 {SITE_NAMES[site]}. All rights reserved.",
    ]
    return "\n".join(head) + "\n" + dated + "\n\n" + "\n\n".join(body) + "\n\n" + "\n".join(foot) + "\n"


def write_jsonl(path: Path, sites: int = 3, per_site: int = 30, seed: int = 7) -> list[dict[str, str]]:
    """A JSONL corpus; returns the records written."""
    rnd = random.Random(seed)
    records = []
    for i in range(per_site):
        for s in range(sites):
            records.append({"url": f"https://www.gazette{s}.example/news/{i}", "text": site_doc(rnd, s, i)})
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return records


def write_txt_tree(root: Path, sites: int = 2, per_site: int = 12, seed: int = 3) -> None:
    """Folders named like hosts, one .txt file per page."""
    rnd = random.Random(seed)
    for s in range(sites):
        d = root / f"gazette{s}.example"
        d.mkdir(parents=True, exist_ok=True)
        for i in range(per_site):
            (d / f"page{i:03d}.txt").write_text(site_doc(rnd, s, i), "utf-8")
