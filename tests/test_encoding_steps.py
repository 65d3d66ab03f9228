# The steps of the encoding stage one by one: every id switchable by select/ignore,
# minimal logged spans, opt-in typography, warnings for what stays lost, and the seeds.
from __future__ import annotations

import pickle
import re
import unicodedata
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest

import cleaner
from cleaner.encoding import REPAIR_STEPS, EncodingOptions, repair
from cleaner.encoding.mojibake import MOJIBAKE_CONFIG
from cleaner.encoding.repair import STEPS
from cleaner.removals import EditLog, restore

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_FILES = sorted(p for p in SEEDS.glob("*.txt") if not p.name.endswith(".clean.golden"))
CURLY = re.compile("[‘’“”]")

# a text each step has work in (the opt-in steps with their option on)
WORK = {
    "encoding.entities": "Fish &amp; chips",
    "encoding.mojibake": "It’s a cafÃ©",
    "encoding.ligatures": "ﬁnal",
    "encoding.width": "ＬＯＵＤ",
    "encoding.uncurl-quotes": "“quoted”",
    "encoding.controls": "bell\x07 ring",
    "encoding.invisible": "zero\u200bwidth",
    "encoding.nbsp": "10\xa0km",
    "encoding.lost-chars": "Happy birthday ???? see you",
    "encoding.apostrophe": "The president?s plan",
    "encoding.nfc": "e\u0301te\u0301",
}
_DEFAULT = EncodingOptions()
ALL_OPTIONS = EncodingOptions(uncurl_quotes=True, fix_width=True, fix_ligatures=True)


def _repair(text, steps=frozenset(REPAIR_STEPS), options=_DEFAULT):
    log = EditLog(text)
    warnings = repair(log, steps, options)
    return log, warnings


def test_every_step_has_an_id_a_description_and_work():
    assert list(REPAIR_STEPS) == list(dict.fromkeys(s.id for s in STEPS))  # NFC runs twice
    assert set(WORK) == set(REPAIR_STEPS)
    for step_id, description in REPAIR_STEPS.items():
        assert step_id.startswith("encoding.") and description and "\n" not in description


@pytest.mark.parametrize("step_id", list(REPAIR_STEPS))
def test_each_step_runs_alone_and_can_be_switched_off(step_id):
    text = WORK[step_id]
    log, _ = _repair(text, frozenset({step_id}), ALL_OPTIONS)
    assert log.removals and {r.rule for r in log.removals} == {step_id}
    assert restore(log.current, log.removals) == text
    log, _ = _repair(text, frozenset(REPAIR_STEPS) - {step_id}, ALL_OPTIONS)
    assert step_id not in {r.rule for r in log.removals}


@pytest.mark.parametrize("step_id", list(REPAIR_STEPS))
def test_cleaner_select_and_ignore_take_step_ids(step_id):
    off = cleaner.Cleaner(select=["encoding"], ignore=[step_id], encoding=ALL_OPTIONS)
    assert step_id not in off.steps
    on = cleaner.Cleaner(select=[step_id], encoding=ALL_OPTIONS)
    assert step_id in on.steps
    assert step_id in {r.rule for r in on.clean(WORK[step_id]).removals}


def test_typography_is_not_touched_by_default():
    text = "“Quoted” ‘single’ — ﬁne ＬＯＵＤ"
    log, _ = _repair(text)
    assert log.current == text and not log.removals
    assert not (MOJIBAKE_CONFIG.uncurl_quotes or MOJIBAKE_CONFIG.fix_latin_ligatures)
    assert not (MOJIBAKE_CONFIG.fix_character_width or MOJIBAKE_CONFIG.unescape_html)


def test_mojibake_spans_are_one_per_character():
    log, _ = _repair("CrÃ©Ã© en 2005, lâ€™Ã©vÃ©nement Â« vit Â»")
    assert log.current == "Créé en 2005, l’événement « vit »"
    assert [(r.text, r.replacement) for r in log.removals] == [
        ("Ã©", "é"),
        ("Ã©", "é"),
        ("â€™", "’"),
        ("Ã©", "é"),
        ("Ã©", "é"),
        ("Â«", "«"),
        ("Â»", "»"),
    ]


def test_double_encoding_is_one_span():
    log, _ = _repair("He said ItÃ¢â‚¬â„¢s")
    (r,) = log.removals
    assert (r.text, r.replacement, r.start) == ("Ã¢â‚¬â„¢", "’", 10)


@pytest.mark.parametrize(
    "text",
    [
        "The hall was full\u00a0\nand the vote was close.",  # a no-break space: "Â\xa0"
        "Le conseil a voté à\nl'unanimité mardi soir.",  # "à": "Ã\xa0"
        "서울시 의회는 화요일에 예산을 통과시켰다 유\n투표는 길었다.",  # "유" ends in byte A0
    ],
)
def test_mojibake_that_ends_in_a_no_break_space_at_a_line_end_is_repaired(text):
    """Read as windows-1252, a UTF-8 character whose last byte is A0 ends in a no-break
    space; at a line end, tidying would strip it and leave the rest unrepairable, so the
    repair runs first."""
    import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-1252: C1 bytes kept)

    broken = text.encode("utf-8").decode("sloppy-windows-1252")
    result = cleaner.clean(broken)
    assert result.text == cleaner.clean(text).text
    assert restore(result.text, result.removals) == broken


@pytest.mark.parametrize(
    "text",
    [
        "“That felt important,” she said. “We’re young.”",  # â€\x9d: the C1 byte
        "Le conseil a voté à l’unanimité mardi soir.",
        "Straße, München – Überblick für São Paulo",
    ],
)
def test_mojibake_normalised_to_nfd_is_repaired(text):
    """Mojibake that a later tool normalised to NFD ("â" as "a" and U+0302) is composed
    before ftfy reads it, as the text would have come without that tool."""
    import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-1252: C1 bytes kept)

    broken = unicodedata.normalize("NFD", text.encode("utf-8").decode("sloppy-windows-1252"))
    assert broken != unicodedata.normalize("NFC", broken)
    result = cleaner.clean(broken)
    assert result.text == text
    assert restore(result.text, result.removals) == broken


def test_composing_before_the_mojibake_step_changes_no_character_ftfy_decodes():
    """The order above is safe: no byte of the single-byte codecs ftfy reads mojibake
    in decodes to a character NFC changes or a combining mark joins."""
    import ftfy.bad_codecs  # noqa: F401
    from ftfy.chardata import CHARMAP_ENCODINGS

    for encoding in CHARMAP_ENCODINGS:
        for byte in range(256):
            char = bytes([byte]).decode(encoding, errors="ignore")
            if char:
                assert unicodedata.normalize("NFC", char) == char, (encoding, byte)
                assert not unicodedata.category(char).startswith("M"), (encoding, byte)


@pytest.mark.parametrize(
    ("text", "fixed", "warned"),
    [
        # bytes read as ASCII with errors="surrogateescape" (sys.stdin, os.fsdecode): UTF-8
        ("caf\udcc3\udca9 ok", "café ok", False),
        ("\udce2\udc80\udc99 and \udcc3\udcbc", "’ and ü", False),
        # escaped bytes that are no UTF-8: nothing says what they were, so they are lost
        ("caf\udce9 ok", "caf\ufffd ok", True),
        # UTF-8 and a byte that is not, in one run: the UTF-8 decodes, the byte is lost
        ("caf\udcc3\udca9\udcff x", "café\ufffd x", True),
        # a UTF-16 surrogate pair is one character (ftfy)
        ("x \ud83d\ude00 y", "x \U0001f600 y", False),
    ],
)
def test_escaped_bytes_that_form_utf8_are_decoded(text, fixed, warned):
    result = cleaner.Cleaner(cleaner.RuleSet(), select=["encoding.mojibake"]).clean(text)
    assert result.text == fixed and cleaner.restore(result.text, result.removals) == text
    assert {r.rule for r in result.removals} == {"encoding.mojibake"}
    assert any(w.code == "decode" for w in result.warnings) is warned


def test_lost_run_takes_one_space_or_its_parentheses():
    log, _ = _repair("Kim (??? ???) said ???? then.\n??????? x")
    assert [r.text for r in log.removals] == [" (??? ???)", " ????", "??????? "]
    assert log.current == "Kim said then.\nx"


def test_lost_run_at_a_line_edge_takes_its_separator():
    log, _ = _repair("??????? | Talks resume.\nTalks ended – ????\nWho? | Nobody.")
    assert [r.text for r in log.removals] == ["??????? | ", " – ????"]
    assert log.current == "Talks resume.\nTalks ended\nWho? | Nobody."


def test_apostrophe_follows_the_document_or_the_option():
    assert _repair("Its ʼn ʼs wordʼs and don?t")[0].current.endswith("donʼt")
    assert _repair("don?t")[0].current == "don’t"
    assert _repair("don?t", options=EncodingOptions(apostrophe="'"))[0].current == "don't"


def test_a_character_that_stays_lost_is_a_warning_with_its_input_offset():
    text = "Caf&eacute; au lait \ufffd caf\ufffd"
    log, warnings = _repair(text)
    assert log.current == "Café au lait caf\ufffd"
    (w,) = warnings
    assert w.code == "decode" and text[w.offset] == "\ufffd" and w.offset == len(text) - 1


def test_a_reference_in_a_code_span_stays():
    """A manual writes the reference itself between backticks; elsewhere it is decoded."""
    text = "Write ``&lt;`` for a less-than sign and `&amp;&amp;` in a shell; salt &amp; pepper.\n"
    log, _ = _repair(text)
    assert log.current == "Write ``&lt;`` for a less-than sign and `&amp;&amp;` in a shell; salt & pepper.\n"
    log, _ = _repair("A lone ` tick, then fish &amp; chips.\n")
    assert log.current == "A lone ` tick, then fish & chips.\n"


def test_a_replacement_character_the_text_names_stays():
    """A manual on decoding errors shows U+FFFD on purpose; elsewhere a lone one is lost."""
    text = "On a bad byte the decoder writes \ufffd (U+FFFD) and goes on.\n"
    log, warnings = _repair(text)
    assert log.current == text and not log.removals
    assert [w.code for w in warnings] == ["decode"]
    log, _ = _repair("Tickets \ufffd sold out in an hour.\n")
    assert log.current == "Tickets sold out in an hour.\n"


def test_many_lost_characters_are_summed_up():
    _, warnings = _repair("x\ufffdy " * 30)
    assert len(warnings) == 11 and "20 more" in warnings[-1].message


def test_options_are_frozen_picklable_and_checked():
    opts = EncodingOptions(uncurl_quotes=True)
    assert pickle.loads(pickle.dumps(opts)) == opts
    with pytest.raises(FrozenInstanceError):
        opts.uncurl_quotes = False  # type: ignore[misc]
    with pytest.raises(TypeError):
        EncodingOptions(fix_width="yes")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        EncodingOptions(apostrophe="`")
    assert (
        pickle.loads(pickle.dumps(cleaner.Cleaner(select=["encoding"], encoding=opts))).clean("“x”").text
        == '"x"'
    )


def test_nothing_to_do_on_clean_text():
    for text in ("", "Plain ASCII.", "Typographic “text” — with ’ and é, 東京, Москва, 🚀"):
        log, warnings = _repair(text)
        assert log.current == text and not log.removals and not warnings


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def test_seed_000_lost_run_is_logged_as_lost_characters(default_cleaner):
    (seed,) = [p for p in SEED_FILES if p.name.startswith("000_")]
    text = _read(seed)
    start = text.index("??????? |")
    result = default_cleaner.clean(text)
    lost = [r for r in result.removals if r.rule == "encoding.lost-chars"]
    assert [(r.start, r.text) for r in lost] == [(start, "??????? | ")]


@pytest.mark.parametrize("seed", SEED_FILES, ids=[p.name for p in SEED_FILES])
def test_no_curly_quote_in_the_seeds_changes(seed):
    text = _read(seed)
    log, _ = _repair(text)
    assert CURLY.findall(log.current) == CURLY.findall(text)
    assert not any(CURLY.search(r.text) for r in log.removals)
