# Mining gives the same files whatever Python's string-hash salt: two processes with
# different PYTHONHASHSEED mine the same corpus and must write the same bytes.
from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path

from minehelp import WORDS, sentence, write_jsonl

import cleaner

ROOT = Path(cleaner.__file__).resolve().parents[1]


def _tie_records(n: int = 20) -> list[dict[str, str]]:
    """A site whose masthead is followed by one of two lines, each in half its pages:
    both links tie, so which one makes the block must not depend on a hash salt."""
    rnd = random.Random(11)
    out = []
    for i in range(n):
        second = "Subscribe to our weekly newsletter" if i % 2 else "Follow our reporters on social media"
        body = "\n\n".join(sentence(rnd) for _ in range(4))
        text = f"Tie Valley Daily Record\n{second}\n\n{body}\n\nPrivacy policy and terms of use\n"
        out.append({"url": f"https://tie.example/p/{i}", "text": text})
    return out


def _noise_records(n: int = 40) -> list[dict[str, str]]:
    """Pages of many distinct lines: with a tiny sketch they collide, and which shapes
    collide (the sketch's false positives in the report) must not depend on the salt."""
    rnd = random.Random(5)
    out = []
    for i in range(n):
        lines = [f"{rnd.choice(WORDS)} {rnd.choice(WORDS)} {rnd.choice(WORDS)} {k}x" for k in range(60)]
        out.append({"url": f"https://noise.example/{i}", "text": "Noise Site Masthead\n" + "\n".join(lines)})
    return out


def _mine(corpus: Path, out: Path, seed: str) -> dict[str, bytes]:
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "cleaner.cli.main", "mine", str(corpus), "--min-docs", "3"]
    cmd += ["--sketch-mb", "0.001", "-q", "-o", str(out)]
    subprocess.run(cmd, env=env, check=True, capture_output=True)
    files = {}
    for p in sorted(out.iterdir()):
        data = p.read_bytes()
        if p.name in ("report.json", "report.md"):  # the run time is the one thing that may differ
            data = re.sub(rb'"seconds": [0-9.]+', b'"seconds": T', data)
            data = re.sub(rb"draft rules; [0-9.]+ s\.", b"draft rules; T s.", data)
        files[p.name] = data
    return files


def test_output_does_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    corpus = tmp_path / "pages.jsonl"
    records = write_jsonl(corpus) + _tie_records() + _noise_records()
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    runs = [_mine(corpus, tmp_path / f"out{seed}", seed) for seed in ("1", "2", "3")]
    assert "tie-example.yaml" in runs[0] and "report.json" in runs[0]
    for other in runs[1:]:
        assert other.keys() == runs[0].keys()
        for name, data in runs[0].items():
            assert other[name] == data, f"{name} differs between hash seeds"
