# Property tests of the whole pipeline with the default packs: the log rebuilds the
# input exactly, cleaning twice changes nothing more, and no Unicode input raises.
from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import cleaner

_DEFAULT = cleaner.Cleaner()

# Lines that look like scraped articles and their debris, to mix with arbitrary text.
_LINES = st.sampled_from(
    [
        "[ad_1]",
        "[ad_2]",
        "Source link",
        "Latest Posts",
        "Don't Miss",
        "Stay in touch",
        "4.4 C",
        "New York",
        "Saturday, November 23, 2024",
        "Advertisement",
        "— Jane Roe (@janeroe) June 20, 2024",
        "Great view of the bay pic.twitter.com/AbCdEf123",
        "Share this:",
        "Photo: Reuters",
        "Kim Jong Un waves to the crowd | AFP",
        "JOSH WALSH",
        # headings whose followers score rules take, and the short lines of menus under them
        "You may also like",
        "Recent Posts",
        "Das könnte dich auch interessieren",
        "Comments",
        "Menü",
        "Login",
        "* Home",
        "+ News",
        "",
        "JOSH WALSHhttps://example.com/",
        "SEOUL, South Korea (AP) — The talks ended without a deal.",
        "The council voted 7–2 on Tuesday to approve the plan.",
        "“We are not done yet,” she said. Is that right?",
        "Itâ€™s a cafÃ© rÃ©sumÃ©.",
        "Lost ??????? characters and \ufffd\ufffd here",
        "Fish &amp; chips&nbsp;today",
        "",
        "   ",
        "\u00a0",
    ]
)
_DOCS = st.lists(st.one_of(_LINES, st.text(max_size=40)), max_size=25).map("\n".join)


@given(_DOCS)
def test_restore_rebuilds_input(text):
    r = _DEFAULT.clean(text)
    assert cleaner.restore(r.text, r.removals) == text


@given(st.text(max_size=300))
def test_no_unicode_input_raises_and_log_is_exact(text):
    r = _DEFAULT.clean(text)
    assert cleaner.restore(r.text, r.removals) == text
    for rem in r.removals:
        assert text[rem.start : rem.end] == rem.text



# bytes of scraped files: text in some charset, with bytes of another or broken sequences
_CODECS = ["utf-8", "cp1252", "cp1251", "shift_jis", "cp932", "euc_jp", "utf-16", "gb18030", "big5"]
_BYTES = st.one_of(
    st.binary(max_size=300),
    st.tuples(_DOCS, st.sampled_from(_CODECS), st.binary(max_size=8)).map(
        lambda t: t[0].encode(t[1], "replace") + t[2]
    ),
    st.lists(st.one_of(_LINES.map(str.encode), st.binary(max_size=6)), max_size=20).map(b"\n".join),
)


@given(_BYTES)
def test_restore_bytes_rebuilds_any_bytes_that_clean(data):
    # bytes that did not decode come back too, in place of their stand-ins
    try:
        r = _DEFAULT.clean_bytes(data)
    except cleaner.InputError:  # binary data
        return
    assert cleaner.restore_bytes(r.text, r.removals, r.encoding or "utf-8", r.undecoded) == data

@pytest.mark.parametrize("newline", ["\r\n", "\r", "\u2028", "\u2029"])
@given(text=_DOCS)
def test_other_line_breaks_clean_as_line_feeds(newline, text):
    r"""The rules and the whitespace steps read \r\n, \r, U+2028 and U+2029 as \n: the
    same lines go, and the line breaks stay what they were."""
    # a break of its own would count differently: "\r\n" made "\r\r\n" is two breaks
    assume("\r" not in text and newline not in text)
    other = text.replace("\n", newline)
    result = _DEFAULT.clean(other)
    assert result.text.replace(newline, "\n") == _DEFAULT.clean(text).text
    assert cleaner.restore(result.text, result.removals) == other
    assert _DEFAULT.clean(result.text).removals == ()


@given(_DOCS)
def test_cleaning_is_idempotent(text):
    once = _DEFAULT.clean(text)
    twice = _DEFAULT.clean(once.text)
    assert twice.text == once.text
    assert twice.removals == ()


# Whole-page text: widget and menu headings over long runs of short lines, where a rule
# that judges a line by the lines around it sees new neighbours after every removal.
_PAGE_LINES = st.sampled_from(
    ["* Recent Posts", "+ Meistgelesen", "recommended", "Comments", "Menü", "Login", "Search",
     "* Home", "+ News", "+ Sport", "+ Teaser story", "Another story", "A sentence that ends.", ""]
)


@given(st.lists(_PAGE_LINES, max_size=60).map("\n".join))
def test_cleaning_whole_page_runs_is_idempotent(text):
    once = _DEFAULT.clean(text)
    twice = _DEFAULT.clean(once.text)
    assert twice.text == once.text
    assert twice.removals == ()


_WHOLE_PAGE = cleaner.Cleaner(enable=["whole-page"], max_removal=0.8)
_PAGE_PROSE = st.sampled_from(
    ["The council met on Monday and voted to close the bridge.", "Repairs will take a year, it said.",
     "Council votes to close bridge", "Why the piers cracked", "- 17 shots, 6 on target"]
)


@given(st.lists(st.one_of(_PAGE_LINES, _PAGE_PROSE), max_size=60).map("\n".join))
def test_the_whole_page_pack_settles_and_rebuilds(text):
    """The opt-in rule judges a line by its neighbours, which its removals change."""
    once = _WHOLE_PAGE.clean(text)
    assert cleaner.restore(once.text, once.removals) == text
    assert not [w for w in once.warnings if w.code == "unsettled"]
    twice = _WHOLE_PAGE.clean(once.text)
    assert twice.text == once.text
    assert twice.removals == ()


# With the encoding repair off, text may keep what the repair would have taken out, such
# as lone surrogates (from JSON "\ud800" escapes or surrogateescape decoding).
_RULES_ONLY = cleaner.Cleaner(ignore=["encoding"])
_ANY_CHAR = st.one_of(st.characters(), st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF))
_RAW_DOCS = st.lists(st.one_of(_LINES, st.text(_ANY_CHAR, max_size=40)), max_size=25).map("\n".join)


@given(_RAW_DOCS)
def test_lone_surrogates_without_the_encoding_repair(text):
    r = _RULES_ONLY.clean(text)
    assert cleaner.restore(r.text, r.removals) == text
    assert _RULES_ONLY.clean(r.text).text == r.text


def test_rules_still_act_beside_a_lone_surrogate():
    body = "The council met on Monday and voted to reopen the bridge in May.\n" * 3
    r = _RULES_ONLY.clean("[ad_1]\n" + body + "Lost \udcff here.\nSource link")
    assert r.text == body + "Lost \udcff here."


# Texts a fuzz run found where a second clean changed something: a rule removal that
# leaves mojibake or lost characters for the repair to judge anew, ends the text, or
# leaves blanks at a line end; and a repair that turns a control character into a break.
_SETTLE_CASES = [
    ("Hello world, said the mayor.\n[ad_1]Â said the mayor.", {}),
    ("It was fun ??? for all.\nFollow us on ;", {}),
    ("[ad_2]Cmon?t", {}),
    ("Ã©İ \u200d", {}),
    ("Text here.\n4C\u2029\x0cMore text here.", {}),
    ("Hello world again and again.\n4C\r\n\x81", {}),
    ("The mayor said so, and left. Source link\n\nLatest Posts\n" + "It rained. " * 30, {}),
    ("thcouncilnew\n4.4C\r\n\nSignup newsletter", {"ignore": ["encoding.lost-chars"]}),
    ("Reporting by D;Editing by B\nsceolice\x0c\u2029\ufeff\nThe end.", {"ignore": ["encoding.nbsp"]}),
]


@pytest.mark.parametrize(("text", "options"), _SETTLE_CASES)
def test_one_clean_settles_rules_repair_and_tidying_together(text, options):
    c = cleaner.Cleaner(**options)
    once = c.clean(text)
    assert cleaner.restore(once.text, once.removals) == text
    twice = c.clean(once.text)
    assert (twice.text, twice.removals) == (once.text, ())
