# Article texts for the benchmark scripts: the text fields of .jsonl[.gz] records and .txt
# files, from files or folders named on the command line.
"""Read the texts a benchmark measures on, from data kept outside the project."""

from __future__ import annotations

import gzip
import json
from collections.abc import Sequence
from pathlib import Path


def read_texts(paths: Sequence[str], fields: Sequence[str]) -> list[str]:
    """The non-blank texts in ``paths`` (files or folders, searched recursively): of each
    JSONL record, the first of ``fields`` that holds a string; each ``.txt`` file whole."""
    texts: list[str] = []
    for p in paths:
        path = Path(p)
        files = sorted(f for f in path.rglob("*") if f.is_file()) if path.is_dir() else [path]
        for f in files:
            if f.name.endswith((".jsonl", ".jsonl.gz")):
                opener = gzip.open if f.name.endswith(".gz") else open
                with opener(f, "rt", encoding="utf-8") as fh:
                    for line in fh:
                        rec = json.loads(line)
                        text = next((rec[k] for k in fields if isinstance(rec.get(k), str)), None)
                        if text and text.strip():
                            texts.append(text)
            elif f.name.endswith(".txt"):
                texts.append(f.read_text("utf-8", errors="replace"))
    return texts
