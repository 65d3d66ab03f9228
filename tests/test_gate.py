# Tests of benchmarks/gate.py: floors and ceilings judged at the printed precision, a
# missing figure or data set never passing, and a run over small labelled sets.
from __future__ import annotations

import json
from pathlib import Path

import pytest
from benchhelp import load_benchmark

BODY = "The council met on Monday and voted to repair the bridge before the winter storms."


@pytest.fixture(scope="module")
def gate():
    return load_benchmark("gate")


def test_judge_floors_and_ceilings(gate) -> None:
    figures = {"f1": 0.96484, "without_leaked": 0.0489, "leak2": 0.05, "exact": 60.0, "kept": 0.9}
    floors = {"name": "x", "data": "d", "f1": 0.9648, "without_leaked_max": 0.0489, "exact": 61}
    floors |= {"leak2_max": 0.0489, "kept": 0.95}
    verdicts = {v.figure: v.ok for v in gate.judge("x", floors, figures)}
    assert verdicts == {"f1": True, "without_leaked": True, "exact": False, "leak2": False, "kept": False}
    assert not gate.judge("x", {"recall": 0.5}, figures)[0].ok  # a figure not measured fails
    with pytest.raises(SystemExit, match="not a number"):
        gate.judge("x", {"f1": "high"}, figures)


def _data(tmp_path: Path) -> tuple[Path, Path]:
    evald = tmp_path / "eval"
    evald.mkdir()
    recs = [{"id": str(i), "dirty": f"[ad_1]\n{BODY}\nSource link", "gold": BODY} for i in range(3)]
    (evald / "x-text.jsonl").write_text("".join(json.dumps(r) + "\n" for r in recs), "utf-8")
    dirty = f"[ad_1]\n{BODY}"
    dev = {
        "id": "d1",
        "dirty": dirty,
        "gold": BODY,
        "notes": "",
        "debris": [{"category": "ads", "text": "[ad_1]\n", "start": 0, "end": 7}],
    }
    devfile = tmp_path / "dev.jsonl"
    devfile.write_text(json.dumps(dev) + "\n", "utf-8")
    return evald, devfile


def test_gate_passes_and_fails_on_its_floors(gate, tmp_path: Path, capsys) -> None:
    evald, devfile = _data(tmp_path)
    floors = tmp_path / "floors.toml"
    floors.write_text(
        '[[check]]\nname = "dev"\ndata = "devset"\nexact = 1\ndebris_removed = 1.0\n\n'
        '[[check]]\nname = "text"\ndata = "x-text.jsonl"\nf1 = 1.0\n',
        "utf-8",
    )
    args = ["--devset", str(devfile), "--eval", str(evald), "--floors", str(floors)]
    assert gate.main(args) == 0
    assert "3 of 3 figures at or above their floors" in capsys.readouterr().out
    # without the rules that take the debris, the figures fall below the floors
    assert gate.main([*args, "--rules", str(Path(__file__).parent / "cli/data/test_rules.yaml")]) == 0
    capsys.readouterr()
    none = tmp_path / "none.yaml"
    none.write_text(  # one rule that finds nothing in these files
        "rules:\n  - id: t.nothing\n    category: ads\n    description: A line no test file has.\n"
        "    rationale: It stands for no rules at all.\n    confidence: high\n"
        "    match:\n      line: 'zzqx never here'\n    action: drop-line\n"
        "    examples:\n      - input: \"zzqx never here\\nKept.\"\n        output: \"Kept.\"\n"
        "    counterexamples: [\"Kept.\"]\n",
        "utf-8",
    )
    assert gate.main([*args, "--rules", str(none)]) == 1
    out = capsys.readouterr().out
    assert "FAIL  exact" in out and "FAIL  f1" in out


def test_missing_data_is_an_error_not_a_pass(gate, tmp_path: Path) -> None:
    floors = tmp_path / "floors.toml"
    floors.write_text('[[check]]\nname = "text"\ndata = "x-text.jsonl"\nf1 = 0.5\n', "utf-8")
    with pytest.raises(SystemExit, match="no such file or folder"):
        gate.main(["--eval", str(tmp_path), "--floors", str(floors)])
    with pytest.raises(SystemExit, match="give --eval"):
        gate.main(["--floors", str(floors)])
