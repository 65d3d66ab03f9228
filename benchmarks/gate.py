# Quality gate: measures the dev set and the public benchmarks with the harnesses, and fails
# when a figure falls below its floor in benchmarks/floors.toml (run it before a rule change lands).
"""Refuse quality regressions on the labelled data.

Usage::

    python benchmarks/gate.py --devset PATH/debris-dev.jsonl --eval PATH/eval [--jobs N]
        [--floors FILE] [--rules PATH ...] [--only NAME ...]

Every ``[[check]]`` of the floors file (default ``benchmarks/floors.toml``) names a data
set, the cleaner options it runs with and the figures it must reach. The gate cleans each
set with the harness of ``benchmarks/quality.py`` (or ``devset.py`` for the dev set),
prints each figure beside its floor, and exits 1 when one falls short (a ``NAME_max``
floor is a ceiling). A data set that is not there is an error (exit 2), never a pass.
The data stays outside the project: pass its paths.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the sibling harnesses
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout, uninstalled

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

import devset
import quality

from cleaner import Cleaner

FLOORS = Path(__file__).resolve().parent / "floors.toml"
_OPTIONS = ("name", "data", "enable", "max_removal")


@dataclass(frozen=True, slots=True)
class Verdict:
    """One figure of one check against its floor (or ceiling)."""

    check: str
    figure: str
    value: float | None  # None: the harness gave no such figure
    bound: float
    ceiling: bool

    @property
    def ok(self) -> bool:
        if self.value is None or math.isnan(self.value):
            return False
        # figures are printed and floored at 4 decimals: compare at that precision
        return round(self.value, 4) <= self.bound if self.ceiling else round(self.value, 4) >= self.bound


def judge(check: str, floors: dict[str, object], figures: dict[str, float]) -> list[Verdict]:
    """The verdict on every floor of one check, given the figures measured."""
    out = []
    for key, bound in floors.items():
        if key in _OPTIONS:
            continue
        ceiling = key.endswith("_max")
        figure = key[: -len("_max")] if ceiling else key
        if not isinstance(bound, (int, float)) or isinstance(bound, bool):
            raise SystemExit(f"gate: {check}: floor {key} is not a number: {bound!r}")
        out.append(Verdict(check, figure, figures.get(figure), float(bound), ceiling))
    return out


def _measure(check: dict[str, object], args: argparse.Namespace) -> dict[str, float]:
    enable = check.get("enable")
    cleaner = Cleaner(
        args.rules or None,
        enable=list(enable) if isinstance(enable, list) else None,
        max_removal=float(check.get("max_removal", 0.5)),  # type: ignore[arg-type]
    )
    if check["data"] == "devset":
        if args.devset is None:
            raise SystemExit(f"gate: {check['name']}: give --devset")
        path = Path(args.devset)
        if not path.is_file():
            raise SystemExit(f"gate: {path}: no such file")
        return devset.measure(path, cleaner).figures()
    if args.eval is None:
        raise SystemExit(f"gate: {check['name']}: give --eval")
    path = Path(args.eval) / str(check["data"])
    if not path.exists():
        raise SystemExit(f"gate: {path}: no such file or folder")
    ds = quality.load_dataset(path, None)
    return quality.figures(ds, quality.score_dataset(cleaner, ds, args.jobs))


def run(args: argparse.Namespace) -> int:
    try:
        checks = tomllib.loads(Path(args.floors).read_text("utf-8")).get("check", [])
    except (OSError, tomllib.TOMLDecodeError) as exc:
        print(f"gate: {args.floors}: {exc}", file=sys.stderr)
        return 2
    if args.only:
        checks = [c for c in checks if c["name"] in args.only]
    verdicts: list[Verdict] = []
    for check in checks:
        t0 = time.perf_counter()
        figures = _measure(check, args)
        found = judge(str(check["name"]), check, figures)
        verdicts += found
        print(f"{check['name']}  ({time.perf_counter() - t0:.1f}s)")
        for v in found:
            shown = "missing" if v.value is None else f"{v.value:.4f}"
            sign = "<=" if v.ceiling else ">="
            print(f"  {'ok  ' if v.ok else 'FAIL'}  {v.figure:<26} {shown:>8}  (floor {sign} {v.bound:g})")
    failed = [v for v in verdicts if not v.ok]
    print(f"\n{len(verdicts) - len(failed)} of {len(verdicts)} figures at or above their floors")
    return 1 if failed else 0


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--devset", metavar="FILE", help="the dev set (debris-dev.jsonl)")
    p.add_argument("--eval", metavar="DIR", help="the folder of the public benchmarks")
    p.add_argument("--floors", default=str(FLOORS), metavar="FILE", help="floors file (default: %(default)s)")
    p.add_argument("--rules", action="append", metavar="PATH", help="rule file or folder (default: shipped)")
    p.add_argument("--only", action="append", metavar="NAME", help="run only the check of this name")
    p.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    return run(p.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
