# Properties of the encoding stage: the removal log rebuilds the input exactly with every
# repair step on, repairing twice changes nothing more, and no text makes it raise.
from __future__ import annotations

from hypothesis import given
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
