# Helpers of the CLI tests: a small input tree of every kind with bad files mixed in,
# the test rule pack, a tree hasher, and helpers that run `cleaner` or a test's function.
from __future__ import annotations

import gzip
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from cleaner.cli.main import main
from cleaner.io.manifest import MANIFEST_NAME

DATA = Path(__file__).resolve().parent / "data"
RULES = DATA / "test_rules.yaml"
SEEDS = Path(__file__).resolve().parents[2] / "seeds"

BODY = (
    "Rain is expected across the county on Tuesday, forecasters said, with flooding possible "
    "near the river.{follow}\nThe council will meet on Thursday to review the drainage plan "
    "and the cost of new pumps for the lower town.\n"
)


def article(n: int, debris: bool = True) -> str:
    """A short article; with debris it carries an ad marker, a social call and a source link."""
    body = BODY.format(follow=" Follow us on Twitter!" if debris else "")
    body = body.replace("Tuesday", ["Monday", "Tuesday", "Friday"][n % 3]) + f"Report number {n}.\n"
    return f"[ad_{n % 3 + 1}]\n{body}Source link\n" if debris else body


HTML = """<!DOCTYPE html><html><head><title>Drainage plan</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Council reviews drainage plan</h1>
<p>Rain is expected across the county on Tuesday, forecasters said, with flooding possible near the
river and in the lower town, where streets flooded twice last winter. Follow us on Twitter!</p>
<p>The council will meet on Thursday to review the drainage plan and the cost of new pumps, which
engineers say could protect two hundred homes from the worst of the water.</p>
<p>Residents asked for sandbags to be handed out before the weekend, and the mayor agreed to open
the depot on Saturday morning for anyone who needs them.</p>
</article><footer>Copyright 2024</footer></body></html>
"""


def jsonl_records(n: int) -> bytes:
    lines = []
    for i in range(n):
        text = article(i) if i % 2 == 0 else article(i, debris=False).strip()
        rec = {"id": i, "url": f"https://news.example/{i}", "text": text, "meta": {"n": [i, 1.5]}}
        lines.append(json.dumps(rec, ensure_ascii=i % 3 == 0))
    return ("\n".join(lines) + "\n").encode("utf-8")


def make_good_tree(root: Path) -> Path:
    """Inputs that all clean without error."""
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / "a.txt").write_text(article(1), "utf-8")
    (root / "sub" / "b.txt").write_text(article(2, debris=False), "utf-8")
    (root / "sub" / "deeper" / "c.txt.gz").write_bytes(gzip.compress(article(3).encode("utf-8")))
    (root / "page.html").write_text(HTML, "utf-8")
    (root / "recs.jsonl").write_bytes(jsonl_records(5))
    (root / "sub" / "recs2.jsonl.gz").write_bytes(gzip.compress(jsonl_records(3)))
    (root / "empty.txt").write_bytes(b"")
    (root / "crlf.txt").write_bytes(article(4).replace("\n", "\r\n").encode("utf-8"))
    (root / "notes.md").write_text("not an input kind", "utf-8")
    return root


def make_bad_tree(root: Path) -> Path:
    """The good tree plus bad files: invalid UTF-8, truncated gzip, broken JSONL line,
    binary junk named .txt, a FIFO named .txt (unreadable as a file, even for root), and
    a .html file that is not HTML."""
    make_good_tree(root)
    bad = root / "bad"
    bad.mkdir()
    (bad / "latin1.txt").write_bytes(article(5).replace("council", "café council").encode("latin-1"))
    whole = gzip.compress(article(6).encode("utf-8") * 20)
    (bad / "truncated.txt.gz").write_bytes(whole[: len(whole) // 2])
    good_line = json.dumps({"id": 1, "text": article(7)})
    (bad / "broken.jsonl").write_text(
        good_line + '\n{"id": 2, "text": "unterminated\n' + good_line + "\n", "utf-8"
    )
    (bad / "junk.txt").write_bytes(bytes(range(256)) * 8)
    os.mkfifo(bad / "fifo.txt")
    (bad / "plain.html").write_text("Just a line of text, no markup at all.\n", "utf-8")
    return root


def tree_hashes(root: Path) -> dict[str, str]:
    """sha256 and mode of every regular file under root (FIFOs by name only)."""
    out = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_fifo():
            out[rel] = "fifo"
        elif path.is_file():
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest() + f":{path.stat().st_mode:o}"
    return out


def run_cli(*args: str | Path) -> int:
    return main([str(a) for a in args])


#: runs MODULE.FUNCTION(*json.loads(ARGS)) of tests/cli and prints its result as JSON
_FRESH = """
import importlib, json, sys
sys.path.insert(0, sys.argv[1])
result = getattr(importlib.import_module(sys.argv[2]), sys.argv[3])(*json.loads(sys.argv[4]))
print(json.dumps(result))
"""


def in_fresh_process(module: str, function: str, *args: Any) -> Any:
    """``module.function(*args)`` (a module of tests/cli) run in a new interpreter, and its
    result, through JSON. For what needs a process that other tests have not touched: the
    --jobs workers fork only from a process with one thread, and pandas, pyarrow and dask
    leave threads in the test process (test_distributed, test_docs), in whatever order the
    tests run. OPENBLAS_NUM_THREADS, which conftest.py sets, is not passed on: the child
    is as a user's process."""
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    here = str(Path(__file__).resolve().parent)
    argv = [sys.executable, "-c", _FRESH, here, module, function, json.dumps(args)]
    child = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=300)
    assert child.returncode == 0, f"{module}.{function} failed in a fresh process:\n{child.stderr}"
    return json.loads(child.stdout.splitlines()[-1])


def output_tree(out: Path) -> dict[str, bytes]:
    """Every file of an output folder but the manifest (which records when), by path."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != MANIFEST_NAME
    }
