# Tests of the removal-log promise for each way an input reaches `cleaner clean`: the
# run's outputs and log rebuild every input byte for byte with `cleaner restore --check`.
from __future__ import annotations

import json
from pathlib import Path

import pytest
from clihelp import RULES, article, run_cli, tree_hashes

import cleaner


def _clean(src: Path, out: Path, *extra: str) -> int:
    return run_cli("clean", src, "-o", out, "--rules", RULES, "--jobs", "1", "-q", *extra)


def _restored(src: Path, out: Path, back: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """Rebuild the run's inputs into ``back`` and check them; the summary."""
    capsys.readouterr()
    before = tree_hashes(src)
    assert run_cli("restore", out, "-o", back, "--check", src) == 0, capsys.readouterr().err
    assert tree_hashes(src) == before  # inputs never written to
    return capsys.readouterr().err


@pytest.mark.parametrize(
    "text",
    [
        article(1).replace("council", "Straße council"),
        "[ad_1]\nВ Москве прошёл дождь, сообщили синоптики во вторник.\nSource link\n",
    ],
    ids=["latin", "cyrillic"],
)
def test_utf16_without_a_byte_order_mark_is_read_as_the_api_reads_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    src, out, back = tmp_path / "in", tmp_path / "out", tmp_path / "back"
    src.mkdir()
    inputs = {"le.txt": text.encode("utf-16-le"), "be.txt": text.encode("utf-16-be")}
    for name, data in inputs.items():
        (src / name).write_bytes(data)
    assert _clean(src, out) == 0, capsys.readouterr().err  # not "binary data, not text"
    api = cleaner.Cleaner(rules=[RULES])
    for name, data in inputs.items():
        assert (out / name).read_text("utf-8") == api.clean_bytes(data).text
    err = _restored(src, out, back, capsys)
    assert "2  identical to the input" in err
    for name, data in inputs.items():
        assert (back / name).read_bytes() == data


def test_a_lone_surrogate_in_a_record_is_shown_escaped_and_comes_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src, out, back = tmp_path / "in", tmp_path / "out", tmp_path / "back"
    src.mkdir()
    # JSON may hold a lone surrogate; it has no UTF-8, so stdout cannot take it as it is
    line = '{"id": 1, "text": "Rain \\ud800 today. Follow us on Twitter!\\nSource link"}\n'
    (src / "r.jsonl").write_text(line, "utf-8")
    capsys.readouterr()
    assert _clean(src, out, "--diff") == 0
    assert "-Rain \\ud800 today. Follow us on Twitter!" in capsys.readouterr().out
    for args in (("explain", src / "r.jsonl", "--rules", RULES), ("explain", "--run", out, "r.jsonl")):
        assert run_cli(*args, "--color", "never") == 0
        assert "Rain[- \\ud800-]{encoding.lost-chars} today." in capsys.readouterr().out
    assert "1  identical to the input" in _restored(src, out, back, capsys)
    assert (back / "r.jsonl").read_text("utf-8") == line


def test_the_python_example_of_the_docs_rebuilds_text_with_its_own_line_breaks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "cli.md").read_text("utf-8")
    example = doc.split("**Rebuilding the inputs.**", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    src = tmp_path / "in"
    (src / "a").mkdir(parents=True)
    # Windows and classic Mac line breaks
    text = article(1).replace("\n", "\r\n").replace("Report", "Late\rReport")
    (src / "a" / "b.txt").write_bytes(text.encode("utf-8"))
    record = {"id": 2, "text": article(2).replace("\n", "\r\n")}
    (src / "recs.jsonl").write_bytes(b"\n" + json.dumps(record).encode("utf-8") + b"\r\n")
    assert _clean(src, tmp_path / "out") == 0
    monkeypatch.chdir(tmp_path)
    scope: dict[str, object] = {}
    exec(example, scope)
    assert scope["original"] == text
    assert scope["rec"] == record


def test_bytes_that_did_not_decode_come_back_and_an_output_edited_after_the_run_differs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    # UTF-8 with a stray windows-1252 apostrophe and a truncated sequence in the middle
    text = article(1).replace("Rain", "Caf\u00e9 d\u00e9j\u00e0 vu rain")
    data = text.encode().replace(b"council", b"council\x92s \xe2\x80", 1)
    (src / "a.txt").write_bytes(data)
    assert _clean(src, out) == 0
    capsys.readouterr()
    assert run_cli("restore", out, "--check", src) == 0
    assert "1  identical to the input" in capsys.readouterr().err  # the log holds those bytes
    assert run_cli("restore", out, "-o", tmp_path / "back") == 0
    assert (tmp_path / "back" / "a.txt").read_bytes() == data
    edited = (out / "a.txt").read_text("utf-8").replace("Thursday", "Saturday")  # same length: the log fits
    (out / "a.txt").write_text(edited, "utf-8")
    assert run_cli("restore", out, "--check", src) == 1
    err = capsys.readouterr().err
    assert "1  DIFFERS from the input" in err and "a.txt: the rebuilt input differs from" in err


def test_a_stray_nul_in_a_long_text_is_removed_with_a_record_not_a_binary_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src, out, back = tmp_path / "in", tmp_path / "out", tmp_path / "back"
    src.mkdir()
    text = "".join(article(n) for n in range(30))
    data = text[:50].encode() + b"\x00" + text[50:].encode()  # one NUL in 5,000 bytes
    (src / "a.txt").write_bytes(data)
    (src / "junk.txt").write_bytes(b"\x00\x01\x02junk" * 100)  # still binary
    assert _clean(src, out) == 1
    assert "junk.txt: binary data, not text" in capsys.readouterr().err
    assert (out / "a.txt").read_text("utf-8") == cleaner.Cleaner(rules=[RULES]).clean_bytes(data).text
    assert "1  identical to the input" in _restored(src, out, back, capsys)
    assert (back / "a.txt").read_bytes() == data
