# Tests of benchmarks/charset_detection.py: which script a text is sorted into, which encoded
# windows become detection cases, and the table it prints for a small data file.
from __future__ import annotations

import json
import sys

import pytest
from benchhelp import load_benchmark

GERMAN = "Die Bäckereikette schließt zwölf Filialen; größere Standorte öffnen länger. " * 3
POLISH = "Zażółć gęślą jaźń. Łódź jest dużym miastem w Polsce, a Śląsk ma kopalnie. " * 3
RUSSIAN = "Президент посетил Северную Корею впервые за двадцать четыре года. " * 3
ENGLISH = "Plain English text without a single accented letter in it at all. " * 3


@pytest.fixture(scope="module")
def cd():
    return load_benchmark("charset_detection")


def test_texts_are_sorted_by_script(cd):
    assert cd.script_of(GERMAN) == "western"
    assert cd.script_of(POLISH) == "central"
    assert cd.script_of(RUSSIAN) == "cyrillic"
    assert cd.script_of(ENGLISH) is None  # nothing to detect in ASCII


def test_cases_are_windows_in_the_scripts_charsets_that_are_not_utf8(cd):
    cases = cd.cases([GERMAN, RUSSIAN, ENGLISH], per_text=2, seed=3)
    assert cases and {script for script, *_ in cases} == {"western", "cyrillic"}
    for script, length, window, data in cases:
        assert len(window) <= length
        readings = [c for c in cd.CHARSETS[script] if cd._reads_back(data, window, c)]
        assert readings, (script, window)  # the bytes are the window in one of its charsets
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")


def test_reads_back_only_the_exact_window(cd):
    data = "Grüße".encode("cp1252")
    assert cd._reads_back(data, "Grüße", "cp1252")
    assert not cd._reads_back(data, "Grüße", "cp1251")
    assert not cd._reads_back(data, "Grüße", None)
    assert not cd._reads_back(data, "Grüße", "no-such-codec")


def test_main_prints_a_table_for_a_data_file(cd, tmp_path, monkeypatch, capsys):
    data = tmp_path / "texts.jsonl"
    data.write_text("\n".join(json.dumps({"text": t}) for t in (GERMAN, RUSSIAN)) + "\n", "utf-8")
    monkeypatch.setattr(sys, "argv", ["charset_detection.py", str(data), "--per-text", "1"])
    assert cd.main() == 0
    out = capsys.readouterr().out
    assert "2 texts" in out and "western" in out and "cyrillic" in out
    assert out.splitlines()[-2].startswith("all")
