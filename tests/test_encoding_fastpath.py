# The ftfy fast path gives exactly what running ftfy on everything gives: checked on a
# large generated corpus of clean, typographic, foreign and damaged text, and by hypothesis.
from __future__ import annotations

import random
import re

import ftfy
import ftfy.bad_codecs
import pytest
from ftfy.badness import BADNESS_RE
from ftfy.chardata import CHARMAP_ENCODINGS
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.encoding.ftfy_gate import GATE, FtfyGate, _analyse, segments
from cleaner.encoding.mojibake import MOJIBAKE_CONFIG, fix_mojibake

SENTENCES = [
    "The minister said the plan “would not survive the winter” — and she was right.",
    "It’s the company’s third recall this year; shares fell 4.5% to £12.30.",
    "Don't panic, it's only a test... isn't it?",
    "Le théâtre de l’Œuvre fête ses 120 ans à Paris : « Quelle aventure ! »",
    "Die Bäckerei schließt um 18 Uhr. „Wir sind müde“, sagt Jürgen Größer.",
    "¿Dónde está el niño? ¡Allí, en la señal de tráfico!",
    "Não há informação sobre a votação em São Paulo.",
    "Zażółć gęślą jaźń — Łódź, Kraków, Gdańsk.",
    "Президент заявил, что «всё будет хорошо» — 24 июня.",
    "Η Ελλάδα είναι χώρα της νοτιοανατολικής Ευρώπης.",
    "İstanbul’da hava güneşli; sıcaklık 25 °C.",
    "東京は日本の首都です。北京是中国的首都。서울은 한국의 수도입니다.",
    "مرحبا بالعالم. שלום עולם.",
    "Fire 🔥 rocket 🚀 flag 🇫🇷 thumbs 👍🏽 and ½ cup, 5 × 3, x ≤ y, © 2024 ™, 90°.",
    "Plain ASCII sentence with numbers 12345 and symbols #@!",
    "naïve coöperate façade Ångström Æsir œuvre cœur weiß Ørsted Dvořák",
    "Box drawing ┌─┐ │ │ └─┘ and blocks ▀▄█▌▐░▒▓",
    "JOÃO e CONCEIÇÃO; Â is a letter too; ÃO.",
]
# characters that occur in mojibake: every character the badness regex lists
_MOJI = sorted(
    GATE.analysis.single.union(*(a | b for a, b, _ in GATE.analysis.pairs))
    if GATE.analysis
    else {"Ã", "â", "€"}
)


def _damage(rng: random.Random, text: str) -> str:
    kind = rng.randrange(10)
    if kind == 0:  # the whole text mis-decoded, once or twice
        enc = rng.choice(CHARMAP_ENCODINGS)
        for _ in range(rng.choice((1, 1, 2))):
            text = text.encode("utf-8").decode(enc, "replace")
        return text
    if kind == 1:  # one word mis-decoded
        words = text.split(" ")
        i = rng.randrange(len(words))
        words[i] = words[i].encode("utf-8").decode("sloppy-windows-1252")
        return " ".join(words)
    if kind == 2:  # lossy: some bytes of the mojibake lost to '?'
        moj = text.encode("utf-8").decode("sloppy-windows-1252")
        return "".join("?" if c > "\x7f" and rng.random() < 0.2 else c for c in moj)
    if kind == 3:  # C1 controls (windows-1252 read as latin-1)
        return text.encode("cp1252", "replace").decode("latin-1")
    if kind == 4:  # sprinkled mojibake characters, alone and in pairs
        chars = list(text)
        for _ in range(rng.randrange(1, 6)):
            chars.insert(rng.randrange(len(chars) + 1), "".join(rng.choices(_MOJI, k=rng.choice((1, 2, 3)))))
        return "".join(chars)
    if kind == 5:  # "Ã " and "Â " at the start of a line, and after spaces
        return rng.choice(("Ã ", "Â ", "Ã\xa0", " Ã ")) + text
    if kind == 6:  # surrogates, paired and lone
        return text + rng.choice(("\ud83d\ude00", "\ud83d", "\ude00 x"))
    if kind == 7:  # line breaks of every kind
        return text.replace(" ", rng.choice(("\r\n", "\r", "\u2028", "\n\n", "\x0c")), 2)
    if kind == 8:  # random characters from many scripts
        return "".join(
            chr(
                rng.choice(
                    (
                        rng.randrange(0x80, 0x250),
                        rng.randrange(0x370, 0x530),
                        rng.randrange(0x2000, 0x2200),
                        rng.randrange(0x2500, 0x2600),
                        rng.randrange(0x20, 0x7F),
                    )
                )
            )
            for _ in range(rng.randrange(5, 60))
        )
    return text  # left clean


def make_corpus(seed: int, docs: int) -> list[str]:
    """A deterministic corpus: documents of clean and damaged lines in many scripts."""
    rng = random.Random(seed)
    out = []
    for _ in range(docs):
        lines = []
        for _ in range(rng.randrange(1, 12)):
            line = " ".join(rng.choices(SENTENCES, k=rng.randrange(1, 4)))
            lines.append(_damage(rng, line) if rng.random() < 0.35 else line)
        out.append(rng.choice(("\n", "\n\n", "\r\n")).join(lines))
    return out


def test_gate_analyses_the_installed_ftfy():
    """The fast scan is in use (otherwise the gate is exact but slow)."""
    assert GATE.exact_fast
    assert GATE.analysis is not None and GATE.analysis.width <= 10


def test_fast_path_is_identical_to_ftfy_on_a_large_mixed_corpus():
    corpus = make_corpus(seed=20240620, docs=2500)
    assert sum(len(d) for d in corpus) > 1_000_000
    changed = 0
    for doc in corpus:
        expected = ftfy.fix_text(doc, MOJIBAKE_CONFIG)
        assert fix_mojibake(doc) == expected, doc
        changed += expected != doc
    assert changed > 300  # the corpus does exercise the fixes


def test_fast_path_skips_most_clean_lines():
    corpus = make_corpus(seed=7, docs=300)
    clean = [s for s in SENTENCES if ftfy.fix_text(s, MOJIBAKE_CONFIG) == s]
    assert not any(GATE.candidates(s, 10**6) for s in clean if "Ã" not in s and "Â" not in s)
    listed = sum(len(GATE.candidates(d, 10**6)) for d in corpus)
    changed = sum(
        1 for d in corpus for s, e in segments(d, 10**6) if ftfy.fix_text(d[s:e], MOJIBAKE_CONFIG) != d[s:e]
    )
    assert changed <= listed <= 3 * changed + 50


def test_long_lines_are_cut_like_ftfy_cuts_them():
    config = MOJIBAKE_CONFIG._replace(max_decode_length=37)
    for doc in make_corpus(seed=11, docs=300):
        assert fix_mojibake(doc, config) == ftfy.fix_text(doc, config)


def test_fallback_per_line_check_is_identical_too():
    gate = FtfyGate()
    gate._window_re = None  # as if the regex could not be analysed
    for doc in make_corpus(seed=3, docs=200):
        assert fix_mojibake(doc, gate=gate) == ftfy.fix_text(doc, MOJIBAKE_CONFIG)


@pytest.mark.parametrize(
    "pattern",
    [r"(?<=a)[Ã]", r"\bÃ", r"[Ã]+", r"Ã|[a-z]", r"\AÃ"],
)
def test_patterns_the_analysis_refuses(pattern):
    assert _analyse(pattern, re.VERBOSE) is None


def test_badness_regex_is_read_as_ftfy_defines_it():
    a = _analyse(BADNESS_RE.pattern, BADNESS_RE.flags)
    assert a is not None
    assert "\x80" in a.single and "Ã" in a.single
    assert "’" not in a.single and "é" not in a.single  # common in clean text


_ALPHABET = st.sampled_from(_MOJI + list("aeiouAEIOU sct?.,'\n") + ["\ud83d", "\ude00", "\x85", "\xa0"])


@settings(max_examples=300)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_fast_path_equals_ftfy_on_mojibake_soup(text):
    assert fix_mojibake(text) == ftfy.fix_text(text, MOJIBAKE_CONFIG)
