# Throughput of the encoding repair stage next to plain ftfy.fix_text, in the same run,
# on a corpus where one document in N has real damage (mojibake, lost characters, …).
"""Encoding repair speed versus plain ftfy.

Usage::

    python benchmarks/encoding_speed.py CORPUS.jsonl[.gz] [--field gold] [--every 20]
    python benchmarks/encoding_speed.py --synthetic [--docs 400]

``CORPUS`` is a JSON-lines file of documents (the text in ``--field``, else ``gold``,
``text`` or ``dirty``); it is read at run time and never copied into the project. Every
``--every``-th document (default 20) gets real damage injected: a mis-decoded page,
paragraph or double-encoded sentence, apostrophes and emoji lost to ``?``, leftover
entities, C1 controls, no-break and zero-width spaces. ``--synthetic`` builds the
documents from typeset sentences in several languages instead.

Printed, for the same documents: MB/s (UTF-8 bytes of input per CPU second, best of
``--repeat`` runs for the fast ones) of

* the whole encoding repair stage (all default steps, logged edits included),
* its ftfy fast path alone (``fix_mojibake``),
* ``ftfy.fix_text`` with the stage's configuration on every line,
* plain ``ftfy.fix_text`` with its defaults,

the speed-up of the stage over plain ftfy (the target is 10x or more), whether the fast
path's output is identical to running ftfy on everything, and how many undamaged
documents each one changes (ftfy's defaults straighten curly quotes).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

import ftfy
import ftfy.bad_codecs

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cleaner.encoding import REPAIR_STEPS, EncodingOptions, repair
from cleaner.encoding.mojibake import MOJIBAKE_CONFIG, fix_mojibake
from cleaner.removals import EditLog

_SENTENCES = [
    "The council voted 7–2 on Tuesday to approve the plan, which “puts residents first,” the mayor said.",
    "It’s the company’s third recall this year — and analysts don’t expect it to be the last.",
    "Shares fell 4.5% to £12.30 after the report; the CEO’s statement didn’t calm investors.",
    "“We’re not done yet,” she said. “There’s more work to do, and we’ll do it.”",
    "Officials said the bridge would reopen in March, about two weeks later than planned.",
    "Le théâtre de la ville fête ses 120 ans : « Quelle aventure ! », dit la directrice.",
    "Die Bäckerei schließt um 18 Uhr. „Wir sind müde“, sagt Jürgen Größer.",
    "¿Dónde está el museo? La señora García respondió que está cerca de la estación.",
    "The festival drew 30,000 visitors — a record — despite rain on Saturday.",
    "Kim’s team scored twice in the last ten minutes to win 3–1.",
    "Президент заявил, что переговоры продолжатся в понедельник.",
    "The recipe calls for ½ cup of sugar, 200 g of flour and a pinch of salt.",
]


def _synthetic(docs: int, rng: random.Random) -> list[str]:
    out = []
    for _ in range(docs):
        paragraphs = [
            " ".join(rng.choices(_SENTENCES, k=rng.randrange(2, 6))) for _ in range(rng.randrange(4, 12))
        ]
        out.append("\n\n".join(paragraphs))
    return out


def _load(path: Path, field: str | None) -> list[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    texts = []
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            record = json.loads(line)
            for name in (field,) if field else ("gold", "text", "dirty"):
                if isinstance(record.get(name), str):
                    texts.append(record[name])
                    break
    return texts


def _mis_decode(text: str) -> str:
    return text.encode("utf-8").decode("sloppy-windows-1252")


def _damage(text: str, rng: random.Random) -> str:
    """The text with one or two kinds of damage a scraper really hands over."""
    paragraphs = text.split("\n")
    i = rng.randrange(len(paragraphs))
    for kind in rng.sample(range(8), rng.choice((1, 2))):
        p = paragraphs[i]
        if kind == 0:  # the whole page mis-decoded
            paragraphs = [_mis_decode(x) for x in paragraphs]
        elif kind == 1:  # one paragraph mis-decoded
            paragraphs[i] = _mis_decode(p)
        elif kind == 2:  # one sentence encoded twice
            head, _, tail = p.partition(". ")
            paragraphs[i] = _mis_decode(_mis_decode(head)) + (". " + tail if tail else "")
        elif kind == 3:  # apostrophes and emoji lost in a lossy conversion
            paragraphs[i] = p.replace("’", "?").replace("'", "?") + " ????"
        elif kind == 4:  # leftover entities
            paragraphs[i] = (
                p.replace("&", "&amp;").replace('"', "&quot;").replace("’", "&#8217;") + " &amp; more"
            )
        elif kind == 5:  # windows-1252 read as latin-1: C1 controls
            paragraphs[i] = p.encode("cp1252", "replace").decode("latin-1")
        elif kind == 6:  # no-break and zero-width spaces from link markup
            paragraphs[i] = p.replace(" ", "\xa0", 3).replace(" ", "\u200b ", 1)
        else:  # lost characters as U+FFFD
            paragraphs[i] = p.replace("’", "\ufffd") + " \ufffd\ufffd"
    return "\n".join(paragraphs)


_ALL = frozenset(REPAIR_STEPS)
_DEFAULT = EncodingOptions()


def _cpu_time(fn: Callable[[str], object], docs: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for doc in docs:
            fn(doc)
        best = min(best, time.process_time() - start)
    return best


def _repair(doc: str, steps: frozenset[str] = _ALL, options: EncodingOptions = _DEFAULT) -> str:
    log = EditLog(doc)
    repair(log, steps, options)
    return log.current


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", type=Path, help="JSON-lines corpus (read at run time)")
    ap.add_argument("--synthetic", action="store_true", help="generate documents instead of reading a corpus")
    ap.add_argument("--docs", type=int, default=400, help="synthetic documents (default 400)")
    ap.add_argument("--field", help="JSON field holding the text (default: gold, text or dirty)")
    ap.add_argument("--every", type=int, default=20, help="damage one document in N (default 20)")
    ap.add_argument("--repeat", type=int, default=5, help="runs of the fast candidates; the best counts")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    if (args.corpus is None) == (not args.synthetic):
        ap.error("give a CORPUS or --synthetic (one of them)")
    rng = random.Random(args.seed)
    docs = _synthetic(args.docs, rng) if args.synthetic else _load(args.corpus, args.field)
    if not docs:
        ap.error("no documents found")
    damaged = set(range(0, len(docs), args.every))
    docs = [_damage(d, rng) if i in damaged else d for i, d in enumerate(docs)]
    mb = sum(len(d.encode("utf-8", "surrogatepass")) for d in docs) / 1e6

    identical = all(fix_mojibake(d) == ftfy.fix_text(d, MOJIBAKE_CONFIG) for d in docs)
    clean_docs = [d for i, d in enumerate(docs) if i not in damaged]
    changed_ours = sum(_repair(d) != d for d in clean_docs)
    changed_ftfy = sum(ftfy.fix_text(d) != d for d in clean_docs)

    t_repair = _cpu_time(_repair, docs, args.repeat)
    t_fast = _cpu_time(fix_mojibake, docs, args.repeat)
    t_ftfy_cfg = _cpu_time(lambda d: ftfy.fix_text(d, MOJIBAKE_CONFIG), docs, min(2, args.repeat))
    t_ftfy = _cpu_time(ftfy.fix_text, docs, min(2, args.repeat))

    source = "synthetic" if args.synthetic else str(args.corpus)
    print(f"corpus: {source}: {len(docs)} documents, {mb:.2f} MB, {len(damaged)} damaged (1 in {args.every})")
    rows = [
        ("encoding repair stage (all steps)", t_repair),
        ("  its ftfy fast path alone", t_fast),
        ("ftfy.fix_text, stage config, every line", t_ftfy_cfg),
        ("ftfy.fix_text, defaults", t_ftfy),
    ]
    for name, seconds in rows:
        print(f"{name:42s} {mb / seconds:8.1f} MB/s  ({seconds:.3f} s CPU)")
    print(f"speed-up of the stage over plain ftfy: {t_ftfy / t_repair:.1f}x (target >= 10x)")
    print(f"fast path identical to ftfy on every document: {'yes' if identical else 'NO'}")
    print(
        f"undamaged documents changed: stage {changed_ours}/{len(clean_docs)}, "
        f"plain ftfy {changed_ftfy}/{len(clean_docs)}"
    )
    _long_lines()
    return 0 if identical else 1


_LONG_LINE_PIECES = {
    "decomposed accents (NFD)": lambda n: unicodedata.normalize("NFD", _FRENCH * n),
    "mojibake": lambda n: _mis_decode(_FRENCH) * n,
    "a repair every other char": lambda n: "a\ud800" * (38 * n),
    "lost runs between blanks": lambda n: "(??) " * (15 * n),
}
_FRENCH = "Le café était plein, et l'été arrivait à Noël; déjà les élèves étaient là. "


def _long_lines() -> None:
    """A repaired line is diffed against the damaged one to log minimal edits; that must
    stay linear in the line's length (one-line documents of 6 KB to 400 KB)."""
    print("time per KB for one-line documents (should stay flat as the line grows):")
    for name, make in _LONG_LINE_PIECES.items():
        cells = []
        for copies in (80, 320, 1280, 5120):
            doc = make(copies)
            seconds = _cpu_time(_repair, [doc], 1)
            cells.append(f"{len(doc) // 1000:4d}k chars {seconds * 1e6 / len(doc):5.1f} ms per 1k")
        print(f"  {name:26s} " + "  ".join(cells))


if __name__ == "__main__":
    raise SystemExit(main())
