# Writes (or checks) the seed goldens: for each seeds/NAME.txt, NAME.clean.golden (the clean
# text) and NAME.removals.golden (the removal log) as the default cleaner produces them now.
"""Regenerate the golden files beside the seeds.

Usage::

    python benchmarks/regen_seeds.py [SEEDS_DIR] [--check]

Without ``--check`` it rewrites ``NAME.clean.golden`` and ``NAME.removals.golden`` for every
``NAME.txt`` seed and prints which files changed. With ``--check`` it writes nothing and
exits 1 if any golden file differs from what the cleaner produces. The goldens are a
judgement, not a snapshot: after regenerating, review the diff by hand against the
issue's list of what is debris in the seeds and what stays.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout, uninstalled

from cleaner import Cleaner, CleanResult, restore

GOLDEN_SUFFIXES = (".clean.golden", ".removals.golden")  # unknown suffixes: `cleaner clean seeds/` skips them
DEFAULT_SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def seed_files(folder: Path) -> list[Path]:
    """The seed inputs in ``folder``: ``*.txt`` that are not golden files."""
    return sorted(p for p in folder.glob("*.txt") if not p.name.endswith(".clean.golden"))


def golden_paths(seed: Path) -> tuple[Path, Path]:
    stem = seed.name[: -len(".txt")]
    return seed.with_name(stem + ".clean.golden"), seed.with_name(stem + ".removals.golden")


def read_text(path: Path) -> str:
    """The file's text exactly (no newline translation)."""
    return path.read_bytes().decode("utf-8")


def render_removals(result: CleanResult) -> str:
    return "".join(json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in result.removals)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("seeds", nargs="?", type=Path, default=DEFAULT_SEEDS, help="folder of seed .txt files")
    ap.add_argument("--check", action="store_true", help="compare only; exit 1 on any difference")
    args = ap.parse_args(argv)
    cleaner = Cleaner()
    differs = 0
    for seed in seed_files(args.seeds):
        text = read_text(seed)
        result = cleaner.clean(text)
        if restore(result.text, result.removals) != text:
            print(f"{seed}: restore does not rebuild the seed", file=sys.stderr)
            return 2
        clean_path, log_path = golden_paths(seed)
        for path, content in ((clean_path, result.text), (log_path, render_removals(result))):
            old = read_text(path) if path.exists() else None
            if old == content:
                continue
            differs += 1
            if args.check:
                print(f"{path}: differs from the cleaner's output")
            else:
                path.write_bytes(content.encode("utf-8"))
                print(f"{path}: written")
    if args.check and differs:
        return 1
    if not differs:
        print("seed goldens up to date")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
