# Properties of the encoding stage: the removal log rebuilds the input exactly with every
# repair step on, repairing twice changes nothing more, and no text makes it raise.
from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

import cleaner
from cleaner.encoding import REPAIR_STEPS, EncodingOptions, repair
from cleaner.removals import EditLog, apply_removals, restore

_ALL = frozenset(REPAIR_STEPS)
_ENCODING_ONLY = cleaner.Cleaner(select=["encoding", "whitespace"])
_DEFAULT = EncodingOptions()
_EVERYTHING = EncodingOptions(uncurl_quotes=True, fix_width=True, fix_ligatures=True)

# pieces of damaged and clean text, mixed with arbitrary characters
_PIECES = st.sampled_from(
    [
        "It’s “quoted” — ok.",
        "Itâ€™s â€œquotedâ€\x9d â€” ok.",
        "ItÃ¢â‚¬â„¢s",
        "cafÃ© Ã\xa0 Ã ",
        "don\x92t \x93x\x94",
        "president?s didn?t l?ami divers? work",
        "don\ufffdt \ufffd\ufffd",
        " ???? ",
        "(??? ???)",
        "??????? | ",
        "Why?? What?! ",
        "&amp; &quot; &#8217; &nbsp; &amp;amp;",
        "<b>&amp;</b>",
        "\u200b\u00ad\u2060\ufeff\u200d\u200c",
        "\x00\x07\x1b[31m\x0c\x7f",
        "\xa0\u2009\u202f\u3000",
        "e\u0301 A\u030a",
        "ＬＯＵＤ ﬁ",
        "👨\u200d👩 می\u200cخ",
        "\n",
        "\r\n",
        " ",
    ]
)
_TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=12)), max_size=30).map("".join)


def _repair(text: str, options: EncodingOptions = _DEFAULT) -> EditLog:
    log = EditLog(text)
    repair(log, _ALL, options)
    return log


@given(_TEXT)
def test_restore_is_exact_with_encoding_repair(text):
    log = _repair(text)
    assert restore(log.current, log.removals) == text
    assert apply_removals(text, log.removals) == log.current
    for r in log.removals:
        assert text[r.start : r.end] == r.text and r.category == "encoding" and r.rule in REPAIR_STEPS


@given(_TEXT)
def test_restore_is_exact_with_every_option(text):
    log = _repair(text, _EVERYTHING)
    assert restore(log.current, log.removals) == text


@given(_TEXT)
def test_repair_is_idempotent(text):
    once = _repair(text).current
    assert _repair(once).current == once


@given(st.text(max_size=200))
def test_any_text_repairs_without_error(text):
    log = _repair(text)
    assert restore(log.current, log.removals) == text


@given(_TEXT)
def test_whole_pipeline_restores_with_encoding_on(text):
    r = _ENCODING_ONLY.clean(text)
    assert cleaner.restore(r.text, r.removals) == text


def _apostrophes_the_slow_way(text: str) -> list[int]:
    """encoding.apostrophe's choice of places, as first written: each mark scans its
    token and the word before it afresh (quadratic on a long token full of marks), and
    the whole text is read again for signs that letters were lost."""
    import unicodedata

    import regex

    from cleaner.encoding import lost

    word_end = regex.compile(r"[\p{L}\p{M}]+\Z")

    def kind(i: int) -> str | None:
        """'certain', 'likely', 'letter', 'question', or None for a mark in an address."""
        ts = i
        while ts > 0 and not text[ts - 1].isspace():
            ts -= 1
        te = i + 1
        while te < len(text) and not text[te].isspace():
            te += 1
        if lost._URLISH.search(text, ts, te):
            return None
        left_m = word_end.search(text, ts, i)
        right_m = lost._LETTERS.match(text, i + 1, te)
        if left_m is None or right_m is None:
            return "letter"
        left, right = left_m.group().lower(), right_m.group().lower()
        after = text[right_m.end() : right_m.end() + 1]
        word_ends = after == "" or not (after.isalnum() or lost._is_mark(after) or after in lost._LOST)
        if word_ends and (
            (right == "t" and left.endswith("n"))
            or (right == "m" and left == "i")
            or (right in lost._CONTRACTED and left in lost._CONTRACTED[right])
        ):
            return "certain"
        if word_ends and right == "s":
            vowel = regex.search("[aeiouy]", unicodedata.normalize("NFD", left))
            consonants = left_m.group().islower() and not vowel
            return "letter" if consonants else "likely"
        if (left, right) in (("o", "clock"), ("y", "all")):
            return "certain"
        whole_word = left_m.start() == ts or not text[left_m.start() - 1].isalnum()
        if whole_word and word_ends and (left, right) in lost._CERTAIN_ELISIONS:
            return "certain"
        vowel = unicodedata.normalize("NFD", right)[0] in "aeiouyh"
        elides = vowel and (len(right) > 1 or right in ("a", "à", "y", "è"))
        if whole_word and left in lost._ELISION and elides:
            return "likely"
        return "question" if text[i] == "?" and text[i - 1].islower() and text[i + 1].isupper() else "letter"

    n = len(text)
    kinds = {
        i: kind(i)
        for i in lost._marks(text)
        if 0 < i < n - 1 and lost._is_letter(text[i - 1]) and text[i + 1].isalpha()
    }
    in_word = any(
        not regex.fullmatch(r"\p{Ll}\?+\p{Lu}", m.group())
        for m in regex.finditer(r"[\p{L}\p{M}][?\ufffd]{2,}\p{L}", text, overlapped=True)
    )
    if in_word or "letter" in kinds.values():
        return [i for i, k in kinds.items() if k == "certain"]
    return [i for i, k in kinds.items() if k in ("certain", "likely")]


# words and pieces that make lost apostrophes likely, and the cases around them
_APOSTROPHE_PIECES = st.sampled_from(
    ["l", "d", "qu", "n", "t", "s", "ll", "re", "ve", "o", "clock", "y", "all", "i", "m", "don", "homme",
     "it", "they", "na", "tr", "ner", "à", "è", "a", "c", "est", "il", "Why", "B", "No",
     "?", "?", "\ufffd", " ", " ", ".", "(", "/", "5", "é", "\u0301", "a", "www."]
)


@example("(l?homme dell?arte, 5l?homme, o?clock www.l?x don\ufffdt")
@given(st.lists(_APOSTROPHE_PIECES, max_size=16).map("".join))
def test_apostrophe_places_match_the_straightforward_search(text):
    from cleaner.encoding.lost import _certain_apostrophes

    assert _certain_apostrophes(text) == _apostrophes_the_slow_way(text)
