# Tests of compiled scanning: literal extraction is sound, and the compiled engine gives
# exactly the results of running every rule's matcher, on a varied corpus and the seeds.
from __future__ import annotations

import copy
import pickle
import random
import sys
from pathlib import Path
from unittest import mock

import pytest
import regex
from hypothesis import example, given
from hypothesis import strategies as st
from rulehelp import ruleset

import cleaner
from cleaner import scan
from cleaner.document import Document
from cleaner.engine import EngineSettings, run_rules
from cleaner.matchers.base import Budget, line_regex
from cleaner.matchers.literal import normalise_line
from cleaner.prefilter import case_unsafe_chars, line_local, required_literals, within_line
from cleaner.removals import EditLog, restore
from cleaner.scan import CompiledRules, _casefold, _line_key, _unfold_offsets, requirement_of

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

# --- literal extraction ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "ic", "expected"),
    [
        ("Source link", False, {"Source link"}),
        (r"\[(?:ad_\d{1,2}|matched_content)\]", False, {"ad_", "matched_content"}),
        ("(?:Share|Tweet) this", False, {"Share this", "Tweet this"}),
        ("colou?r scheme", False, {"color scheme", "colour scheme"}),
        ("Read More", True, {"read more"}),
        ("(?i)Read More", False, {"read more"}),
        ("Straße", True, {"strasse"}),
        ("(?i:share) this more", False, {" this more"}),  # the group with its own case: opaque
        (r"\d+ comments?", False, {" comment"}),
        (r"By \p{Lu}\w+ reports", False, {" reports"}),
        (r"(?=[^\n]{0,40}(?:all rights|reserved))[^\n]+", False, {"all rights", "reserved"}),
    ],
)
def test_required_literals(pattern, ic, expected):
    lits = required_literals(pattern, ignore_case=ic)
    assert lits is not None and set(lits.strings) == expected


@pytest.mark.parametrize(
    "pattern",
    [
        r"(a|aa)+$",  # nothing long enough
        r".*",
        r"Ab|Cd",  # an alternative too short
        r"(?:foo bar){e<=1}",  # fuzzy matching: regex reads {e<=1}, re would read a literal
        r"[[:alpha:]]+ Share",  # a POSIX class in regex, a set then ']' in re
        r"(?x) a b c d e f",  # verbose mode: whitespace rules may differ
        r"\\{2}foo{x}",  # a brace that is not a quantifier
        r"(?|(abc)|(abd))",  # regex-only syntax: re cannot read it
    ],
)
def test_required_literals_gives_up(pattern):
    assert required_literals(pattern) is None


def test_line_local():
    assert line_local(r"Share (?:this|that)$")
    assert line_local(r"\bfoo\b")
    assert not line_local(r"foo(?=\nbar)")
    assert not line_local(r"foo\Z")
    assert not line_local(r"\Afoo")
    # a lookaround that can match no line break sees only its own line
    assert line_local(r"(?<!x)foo")
    assert line_local(r"[^\n]{3,}?(?<=[.!?])[ \t]+more")
    assert not line_local(r"(?<![^x])foo")  # [^x] matches the line break before the line
    assert not line_local(r"(?<=\s)foo")
    assert not line_local(r"foo(?=\W)")
    # with DOTALL a . in a lookaround sees the next line
    assert line_local(r"foo(?=.bar)")
    assert not line_local(r"foo(?=(?s:.)bar)")
    assert not line_local(r"(?s)foo(?=.bar)")
    # a property class is judged by whether it takes a line break
    assert line_local(r"foo(?=\p{L}bar)")
    assert line_local(r"foo(?=[^\P{L}]bar)")
    assert not line_local(r"foo(?=\P{L}bar)")
    assert not line_local(r"(?<=\p{Cc})foo")
    # a lookaround inside a lookaround stays in the line if it can match no break either
    assert line_local(r"(?=[^\n]*+(?<=more))[^\n]{40,}")
    assert not line_local(r"(?=[^\n]*+(?<=\nmore))[^\n]{40,}")
    assert not line_local(r"(?=[^\n]*+(?<!\s))foo")
    # a possessive or atomic run that can take a line break: a whole scan commits to it
    assert not line_local(r"Share[^|]*+")
    assert not line_local(r"(?>Share\s+)this")
    assert line_local(r"Share[^|\n]*+")


def test_compiled_equals_reference_for_a_possessive_run_over_a_line_break():
    c = cleaner.Cleaner(ruleset({"id": "t.poss", "match": {"line": r"Share[^|]*+"}, "action": "drop-line"}),
                        ignore=["encoding"], max_removal=1.0)
    for text in ("Prose here.\nShare this\nMore | prose.\nShare that", "Share this\nno bar\nShare | that"):
        _same(c.clean(text), _reference(c).clean(text))


@given(st.text(alphabet="ab.\n x", max_size=30),
       st.sampled_from([r"(?<!x)a+", r"(?<=[.])b", r"a(?!b)", r"(?<=\S)b+\.?", r"x(?=a.b)", r"(?<![ab])b",
                        r"(?=[^\n]*+(?<=b\.))[^\n]+", r"a(?=[^\n]*(?<!x)b)", r"(?<=(?<!a)b)a"]))
def test_line_local_lookarounds_hit_the_lines_a_whole_scan_hits(text, pattern):
    """For a line-local pattern, scanning the whole text with its line regex and
    fullmatching each line alone agree (the compiled engine relies on it)."""
    assert line_local(pattern)
    rx = line_regex(pattern)
    scanned = {m.start() for m in rx.finditer(text)}
    doc = Document(text)
    one_by_one = {ln.start for ln in doc.lines if rx.fullmatch(text, ln.start, ln.end)}
    assert scanned == one_by_one


@given(st.text(alphabet="ab.\n x()", max_size=40),
       st.sampled_from([r"a+", r"(?<=[.])[ ]*\(b+\)", r"a(?!b)", r"(?<![ ])x+$", r"(?<=\S)b+\.?", r"^ ?a",
                        r"x(?=[^\n]*b)", r"(?<!a)(?:ab|b)(?=[ ]*$)", r"(?:a|)", r"\bx\b"]))
def test_span_patterns_within_a_line_hit_what_a_whole_scan_hits(text, pattern):
    """A span pattern whose matches and lookarounds stay in their line finds, line by
    line, what a search of the whole text finds (the compiled engine relies on it)."""
    assert within_line(pattern)
    rx = regex.compile(pattern, regex.V0 | regex.MULTILINE)
    doc = Document(text)
    for lo, hi in ((0, len(text)), (0, len(text) // 2), (len(text) // 3, len(text))):
        whole = [(m.start(), m.end()) for m in rx.finditer(text, lo, hi) if m.end() > m.start()]
        lines = range(len(doc.lines))
        assert [(h.start, h.end) for h in scan._in_lines(rx, doc, lines, lo, hi, None, Budget(5.0))] == whole


def test_within_line():
    assert within_line(r"\(Photo: [^\n()]{1,60}\)(?=[ \t]*$)")
    assert not within_line(r"Photo\s+by")  # \s takes a line break
    assert not within_line(r"Photo\nby")
    assert not within_line(r"Photo(?=\n)")
    assert not within_line(r"(?s)Photo.by")
    assert not within_line(r"Photo(?=\P{L})")
    # without MULTILINE, $ is the end of the text, which a search of one line puts at its end
    assert not within_line(r"Photo(?-m:$)")
    assert not within_line(r"Photo(?=(?-m:$))")
    assert not line_local(r"Photo: AP(?-m:$)")


@pytest.mark.parametrize("match", [{"pattern": r"Photo: AP(?-m:$)"}, {"line": r"Photo: AP(?-m:$)"},
                                   {"pattern": r"AP(?=(?-m:$))"}])
def test_compiled_equals_reference_for_a_dollar_without_multiline(match):
    c = cleaner.Cleaner(ruleset({"id": "t.end", "match": match, "action": "drop-span"}), ignore=["encoding"],
                        max_removal=1.0)
    for text in ("Prose here.\nPhoto: AP\nMore prose.", "Prose here.\nPhoto: AP"):
        _same(c.clean(text), _reference(c).clean(text))


# A small regex grammar: each node yields (pattern source, a function drawing a string
# it matches). Soundness: a string the pattern matches contains a required literal.
_WORDS = ["share", "Share", "READ", "more", "über", "Straße", "ſtory", "KELVIN", "İstanbul", "σας", "ad_1"]


def _node(depth: int):
    leaf = st.one_of(
        st.sampled_from(_WORDS).map(lambda w: (regex.escape(w), lambda r, w=w: w)),
        st.just((r"\d", lambda r: str(r.randint(0, 9)))),
        st.just((r"[ \t]", lambda r: r.choice(" \t"))),
        st.just((r"[Ss]", lambda r: r.choice("Ss"))),
        st.just((r"\b", lambda r: "")),
        st.just((r"(?=\w)", lambda r: "")),
    )
    if depth <= 0:
        return leaf

    def seq(parts):
        return ("".join(p for p, _ in parts), lambda r: "".join(g(r) for _, g in parts))

    def alt(parts):
        return ("(?:" + "|".join(p for p, _ in parts) + ")", lambda r: r.choice(parts)[1](r))

    def rep(args):
        (p, g), (lo, hi) = args
        return (f"(?:{p}){{{lo},{hi}}}", lambda r: "".join(g(r) for _ in range(r.randint(lo, hi))))

    sub = _node(depth - 1)
    return st.one_of(
        leaf,
        st.lists(sub, min_size=1, max_size=4).map(seq),
        st.lists(sub, min_size=2, max_size=3).map(alt),
        st.tuples(sub, st.sampled_from([(0, 1), (1, 1), (1, 3), (2, 2), (0, 4)])).map(rep),
    )


@given(node=_node(3), ic=st.booleans(), seed=st.integers(0, 2**16), noise=st.text(max_size=8))
def test_required_literals_are_sound(node, ic, seed, noise):
    pattern, draw = node
    lits = required_literals(pattern, ignore_case=ic)
    r = random.Random(seed)
    sample = draw(r)
    if ic:  # any case-insensitive spelling of the sample
        sample = "".join(ch.swapcase() if r.random() < 0.5 else ch for ch in sample)
    text = noise + sample + noise
    flags = regex.V0 | (regex.IGNORECASE if ic else 0)
    if lits is None or regex.search(pattern, text, flags) is None:
        return
    if any(ch in text for ch in lits.unsafe):
        return  # the scanner runs such rules without the prefilter
    hay = text.casefold() if lits.folded else text
    assert any(s in hay for s in lits.strings), (pattern, text, lits)


@pytest.fixture(scope="module")
def every_char():
    return "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)


@pytest.mark.parametrize("ch", [*"aeiksStKz19", "ß", "σ", "ü", "İ", "ſ", "K", "ǅ"])
def test_case_classes_match_the_regex_module(ch, every_char):
    """The unsafe-character reasoning relies on regex's own case classes: check them
    against what an IGNORECASE literal really matches, over every code point."""
    every = every_char
    matched = set(regex.findall(regex.escape(ch), every, flags=regex.V0 | regex.IGNORECASE))
    folded = ch.casefold()
    safe = {c for c in matched if c.casefold() == folded}
    assert matched - safe == set(case_unsafe_chars(ch))


@given(st.text(alphabet=["a", "B", " ", "\t", "\u00a0", "\x1c", "\x85", "\u2028", "\u200b", "İ", "ß"]))
def test_whole_line_key_fast_path_equals_normalise_line(s):
    assert _line_key(s) == normalise_line(s, False)
    assert _line_key(s).casefold() == normalise_line(s, True)


# --- Document fast paths --------------------------------------------------------------


@given(st.text(alphabet="ab \t\n\r\u00a0\u3000x", max_size=40))
def test_document_single_lines_equal_the_full_index(text):
    full = Document(text).lines
    doc = Document(text)
    assert doc.line_starts == [ln.start for ln in full]
    assert [doc.line(i) for i in range(len(full))] == full
    for off in range(len(text) + 1):
        assert doc.line_at(off) == Document(text).line_at(off)


@given(st.text(alphabet="aßİﬁxΐ\nB ", max_size=30))
def test_folded_offsets_map_back_to_the_character_they_fold_from(text):
    back = _unfold_offsets(text)
    owner = [i for i, ch in enumerate(text) for _ in ch.casefold()]
    assert [back(p) for p in range(len(text.casefold()))] == owner


@given(st.text(alphabet="aßİﬁxΐ\nB Σς", max_size=60), st.integers(1, 9))
def test_folding_a_slice_at_a_time_gives_the_whole_fold(text, piece):
    with mock.patch.object(scan, "_FOLD_PIECE", piece):
        assert _casefold(text) == text.casefold()


def test_a_long_text_is_folded_in_slices_to_the_same_string():
    text = "Straße ﬁnal İstanbul ΐ " * 20_000  # over 460,000 characters: many slices
    assert len(text) > 4 * scan._FOLD_PIECE
    assert _casefold(text) == text.casefold()


# --- equivalence with the reference engine -------------------------------------------


def _reference(c: cleaner.Cleaner) -> cleaner.Cleaner:
    """The same cleaner running every active rule's matcher (a RuleSet instead of the
    compiled form: run_rules accepts both)."""
    ref = copy.copy(c)
    object.__setattr__(ref, "_scan", c.rules)
    return ref


def _examples(c: cleaner.Cleaner) -> list[str]:
    out = []
    for r in c.rules:
        out += [e.input for e in r.examples] + [e.input for e in r.counterexamples]
    return out


_PROSE = [
    "The council voted 7–2 on Tuesday to approve the plan, after a long debate about costs.",
    "“We are not done yet,” she said, adding that the report would follow in May.",
    "Der Stadtrat hat am Dienstag den Haushalt beschlossen; die Straße wird saniert.",
    "Le conseil a voté mardi. Les travaux commenceront à l’automne.",
    "Shares of the company rose 4% in early trading, according to Reuters.",
    "Read more about the plan in our earlier report, which explains the costs.",
    "ΣΟΦΙΑ: Η ΣΥΝΕΔΡΙΑΣΗ ΤΕΛΕΙΩΣΕ ΑΡΓΑ.",
    "İstanbul’da toplantı yapıldı. ſome old ſpelling, a KELVIN sign.",
]


def _corpus(c: cleaner.Cleaner, n: int, seed: int) -> list[str]:
    """Articles of prose with debris from the rules' own examples spliced in, with
    varied case, blanks and line breaks."""
    r = random.Random(seed)
    debris = [line for ex in _examples(c) for line in ex.split("\n") if line.strip()]
    docs = []
    for _ in range(n):
        lines = []
        for _ in range(r.randint(1, 25)):
            pick = r.random()
            if pick < 0.45:
                line = r.choice(_PROSE)
            elif pick < 0.9:
                line = r.choice(debris)
            else:
                line = ""
            if r.random() < 0.1:
                line = line.upper() if r.random() < 0.5 else line.lower()
            if r.random() < 0.1:
                line = r.choice([" ", "\t", "\u00a0"]) + line + r.choice(["", "  ", "\r"])
            lines.append(line)
        docs.append(r.choice(["\n", "\n\n"]).join(lines))
    return docs


@pytest.fixture(scope="module")
def default_pair():
    c = cleaner.Cleaner()
    return c, _reference(c)


def _same(a: cleaner.CleanResult, b: cleaner.CleanResult) -> None:
    assert a.text == b.text
    assert a.removals == b.removals
    assert a.warnings == b.warnings


def test_compiled_equals_reference_on_seeds_and_rule_examples(default_pair):
    c, ref = default_pair
    texts = [p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt"))] + _examples(c)
    for text in texts:
        _same(c.clean(text), ref.clean(text))


def test_compiled_equals_reference_on_a_generated_corpus(default_pair):
    c, ref = default_pair
    for i, text in enumerate(_corpus(c, 150, seed=7)):
        source = ["https://www.example.com/a", None, "https://citytelegraph.com/x"][i % 3]
        a, b = c.clean(text, source=source), ref.clean(text, source=source)
        _same(a, b)
        assert restore(a.text, a.removals) == text


def test_compiled_equals_reference_with_conditions_regions_and_site_packs():
    rs = ruleset(
        {"id": "t.lit", "match": {"literal": ["Share this", "Tweet"]}, "action": "drop-span"},
        {"id": "t.whole", "match": {"literal": ["Latest posts", "STAY IN TOUCH"], "whole_line": True,
                                    "ignore_case": True}, "action": "drop-line"},
        {"id": "t.line", "match": {"line": r"Photo: [^\n]{1,40}"}, "action": "drop-line",
         "region": {"last_lines": 3}},
        {"id": "t.ic", "match": {"line": r"advertisement", "ignore_case": True}, "action": "drop-line"},
        {"id": "t.pat", "match": {"pattern": r"\(Reuters\) — "}, "action": "drop-span",
         "when": {"domains": ["example.com"]}},
        {"id": "t.block", "match": {"block": {"start": "Related", "until": "blank", "max_lines": 4}},
         "action": "drop-block", "when": {"min_lines": 3}},
        {"id": "t.rep", "match": {"pattern": r"(\w+)\?s\b"}, "action": "replace", "replacement": "\\1’s"},
        {"id": "t.nolit", "match": {"line": r"\d{1,2}\.\d C"}, "action": "drop-line"},
        {"id": "t.replacer", "match": {"line": "Tweet"}, "action": "drop-line", "replaces": "t.lit",
         "when": {"sources": ["*replace*"]}},
    )
    c = cleaner.Cleaner(rs, ignore=["encoding"], max_removal=1.0)
    ref = _reference(c)
    r = random.Random(3)
    parts = ["Share this", "Tweet", "latest POSTS", "Stay in touch", "Photo: AP", "ADVERTISEMENT",
             "Advertiſement", "(Reuters) — Talks ended.", "Related", "- a teaser", "the president?s car",
             "4.4 C", "Plain prose line.", "", "  "]
    for i in range(300):
        text = "\n".join(r.choice(parts) for _ in range(r.randint(1, 12)))
        source = ["https://example.com/x", "https://other.org/replace/1", None][i % 3]
        _same(c.clean(text, source=source), ref.clean(text, source=source))


def test_score_rules_scored_near_their_strings_equal_the_reference():
    """Score rules with a requirement are scored only on the units near their strings;
    keywords, follows, neighbours, repeated units and case folding that changes offsets
    must all come out as scoring every unit."""
    kw = {"feature": "keywords", "weight": 1.5, "max": 2, "ignore_case": True,
          "phrases": ["newsletter", "inbox", "sign up"]}
    rs = ruleset(
        {"id": "t.pitch", "action": "drop-line", "match": {"score": {
            "unit": "line", "threshold": 3.0, "max_words": 12, "features": [
                kw, {"feature": "keywords", "weight": 1.0, "phrases": ["Subscribe", "free"]},
                {"feature": "short", "weight": 0.5, "max_words": 6},
                {"feature": "terminal_punctuation", "weight": -0.5}]}}},
        {"id": "t.after", "action": "drop-line", "match": {"score": {
            "unit": "line", "threshold": 2.0, "features": [
                {"feature": "follows", "weight": 1.6, "regex": "^Related", "within": 2},
                {"feature": "pattern", "weight": 1.0, "regex": "^More:"},
                {"feature": "title_case_share", "weight": 0.5},
                {"feature": "repeated", "weight": 0.4}]}}},
        {"id": "t.run", "action": "drop-line", "match": {"score": {
            "unit": "paragraph", "threshold": 2.5, "features": [
                {"feature": "keywords", "weight": 2.0, "phrases": ["Advertisement", "Anzeige"]},
                {"feature": "neighbours", "weight": 1.0, "window": 1, "min_score": 1.5},
                {"feature": "from_bottom", "weight": 0.2, "within": 3}]}}},
    )
    c = cleaner.Cleaner(rs, ignore=["encoding"], max_removal=1.0)
    assert set(c._scan._score_near) == {0, 1, 2}
    ref = _reference(c)
    r = random.Random(5)
    parts = ["Sign up for our NEWSLETTER", "Get it in your inbox. Subscribe free", "Related stories",
             "More: the Plan", "Big Title Case Line Here", "Advertisement", "Anzeige", "İnbox sign up",
             "A plain sentence of prose that ends.", "Big Title Case Line Here", "newsletter", ""]
    for _ in range(400):
        text = r.choice(["\n", "\n\n"]).join(r.choice(parts) for _ in range(r.randint(1, 14)))
        _same(c.clean(text), ref.clean(text))


def test_score_terms_that_only_lower_are_left_out_where_they_cannot_change_a_hit(monkeypatch):
    """A unit that the raising terms leave below the threshold (less what its neighbours
    can add) and below every neighbours cut matches nowhere and counts for no neighbour,
    whatever the lowering terms take off: they are not computed for it, and every hit and
    score is the reference's."""
    from cleaner.matchers.score import ScoreMatcher

    rs = ruleset(
        {"id": "t.promo", "action": "drop-line", "match": {"score": {
            "unit": "line", "threshold": 2.5, "features": [
                {"feature": "keywords", "weight": 1.2, "phrases": ["Subscribe", "offer"]},
                {"feature": "pattern", "weight": 1.0, "regex": "today"},
                {"feature": "pattern", "weight": -1.0, "regex": "said"},
                {"feature": "neighbours", "weight": 1.0, "window": 1, "min_score": 1.4}]}}},
    )
    c = cleaner.Cleaner(rs, ignore=["encoding"], max_removal=1.0)
    assert set(c._scan._score_near) == {0}
    ref = _reference(c)
    r = random.Random(7)
    parts = ["Subscribe today", "Subscribe to the offer today", "Subscribe, she said today",
             "offer", "A plain sentence of prose.", "She said the offer was fair.", ""]
    for _ in range(300):
        text = "\n".join(r.choice(parts) for _ in range(r.randint(1, 10)))
        _same(c.clean(text), ref.clean(text))
    lowered: list[str] = []
    search = ScoreMatcher._search

    def counting(self, i, text, budget):
        if self.features[i].weight < 0:
            lowered.append(text)
        return search(self, i, text, budget)

    monkeypatch.setattr(ScoreMatcher, "_search", counting)
    text = "She said the offer was fair.\nSubscribe today, she said\nSubscribe today"
    r = c.clean(text)
    # 1.2 for the offer, and at most 1.0 from a neighbour: never 2.5, and below the cut 1.4
    assert lowered == ["Subscribe today, she said", "Subscribe today"]
    _same(r, ref.clean(text))


def test_a_later_pass_reuses_what_depends_on_a_units_text_alone(monkeypatch):
    """Score rules judge every unit again in each pass; a unit's words and the regex
    features of its text are computed once per document, and the hits stay the
    reference's."""
    from cleaner.matchers.score import ScoreMatcher

    rs = ruleset(
        {"id": "t.pitch", "action": "drop-line", "match": {"score": {
            "unit": "line", "threshold": 2.0, "max_words": 12, "features": [
                {"feature": "keywords", "weight": 1.0, "phrases": ["newsletter"]},
                {"feature": "pattern", "weight": 1.0, "regex": "[Ss]ign up"},
                {"feature": "short", "weight": 0.5, "max_words": 3}]}}},
        # takes a line in each pass, so that the text is judged again
        {"id": "t.tail", "action": "drop-line", "match": {"literal": "tail", "whole_line": True},
         "region": {"last_lines": 1}},
    )
    c = cleaner.Cleaner(rs, ignore=["encoding"], max_removal=1.0)
    lines = ["Our newsletter is out.", "Sign up for the newsletter", "The newsletter grew."]
    text = "\n".join(lines + ["tail"] * 3)
    searched: list[str] = []
    search = ScoreMatcher._search

    def counting(self, i, unit, budget):
        searched.append(unit)
        return search(self, i, unit, budget)

    monkeypatch.setattr(ScoreMatcher, "_search", counting)
    r = c.clean(text)
    assert r.text == "Our newsletter is out.\nThe newsletter grew."
    assert sorted(searched) == lines  # once each, in three passes
    monkeypatch.setattr(ScoreMatcher, "_search", search)
    _same(r, _reference(c).clean(text))


def test_follows_chains_scored_near_their_strings_equal_the_reference():
    """A follows look-back skips the units the rule takes, so a heading reaches past
    ``within`` units through a run of taken ones: the units scored near the rule's
    strings must follow that chain as far as scoring every unit does."""
    rs = ruleset(
        {"id": "t.list", "action": "drop-line", "match": {"score": {
            "unit": "line", "threshold": 2.0, "features": [
                {"feature": "follows", "weight": 2.0, "regex": "^(?:Related|Mehr zum Thema)$", "within": 2,
                 "stop_at_blank": True},
                {"feature": "pattern", "weight": 3.0, "regex": "^Mehr zum Thema$"},
                {"feature": "pattern", "weight": -1.5, "regex": "[.]$"}]}}},
        {"id": "t.thread", "action": "drop-line", "match": {"score": {
            "unit": "line", "threshold": 3.0, "features": [
                {"feature": "follows", "weight": 3.0, "regex": "^Comments$", "within": 9,
                 "min_position": 0.3}]}}},
        {"id": "t.widget", "action": "drop-line", "match": {"score": {
            "unit": "line", "threshold": 2.0, "features": [
                {"feature": "follows", "weight": 2.0, "regex": "^Most read$", "within": 4,
                 "gap_max_words": 3, "stop_at_prose": 2},
                {"feature": "pattern", "weight": 3.0, "regex": "^Most read$"},
                {"feature": "pattern", "weight": -1.5, "regex": "[.]$"}]}}},
    )
    c = cleaner.Cleaner(rs, ignore=["encoding"], max_removal=1.0)
    assert set(c._scan._score_near) == {0, 1, 2}
    ref = _reference(c)
    r = random.Random(11)
    parts = ["Related", "Mehr zum Thema", "Comments", "Most read", "Teaser headline", "A sentence that ends.",
             "Another teaser", "Is it a question?", "Loading...", "Short", ""]
    for _ in range(400):
        text = r.choice(["\n", "\n\n"]).join(r.choice(parts) for _ in range(r.randint(1, 40)))
        _same(c.clean(text), ref.clean(text))


def test_score_requirement_sets_aside_features_a_unit_can_do_without():
    """A weak literal feature (here "free"/"daily", worth at most 1) cannot lift a unit to
    the threshold without a product or ask word, so its strings are not required; units
    holding only them are skipped, and the result is still that of scoring every unit."""
    rs = ruleset(
        {"id": "t.pitch", "action": "drop-line", "match": {"score": {
            "unit": "line", "threshold": 3.0, "max_words": 20, "features": [
                {"feature": "keywords", "weight": 1.5, "max": 2, "ignore_case": True,
                 "phrases": ["newsletter", "inbox"]},
                {"feature": "keywords", "weight": 1.0, "max": 2, "ignore_case": True,
                 "phrases": ["subscribe", "sign up"]},
                {"feature": "keywords", "weight": 0.5, "max": 2, "ignore_case": True,
                 "phrases": ["free", "daily"]},
                {"feature": "short", "weight": 0.5, "max_words": 8},
                {"feature": "follows", "weight": 2.0, "within": 2, "regex": "^[A-Z][a-z]+ Newsletter$"},
            ]}}},
    )
    c = cleaner.Cleaner(rs, ignore=["encoding"], max_removal=1.0)
    (req,) = [requirement_of(r) for r in c.rules.rules]
    strings = set().union(*(lits.strings for lits in req))
    assert "free" not in strings and "daily" not in strings
    assert {"newsletter", "subscribe", " Newsletter"} <= strings
    ref = _reference(c)
    r = random.Random(6)
    parts = ["Free and daily", "Subscribe free daily", "Daily News Newsletter", "Get it free", "inbox",
             "Sign up now, it is free", "The council met on Monday and voted.", "daily free free", ""]
    for _ in range(400):
        text = "\n".join(r.choice(parts) for _ in range(r.randint(1, 12)))
        _same(c.clean(text), ref.clean(text))


def test_later_passes_try_line_rules_on_changed_lines_only_and_miss_nothing():
    """A span removal or a replacement can make a line whole-line debris only in the
    next pass; line rules (and span rules that see no further than their line) are then
    tried on the lines the pass changed, and must find exactly what running them
    everywhere finds."""
    rs = ruleset(
        {"id": "t.ad", "match": {"literal": ["[ad]"]}, "action": "drop-span"},
        {"id": "t.fix", "match": {"pattern": r"Sh4re"}, "action": "replace", "replacement": "Share"},
        {"id": "t.whole", "match": {"literal": ["Share", "Tweet"], "whole_line": True},
         "action": "drop-line"},
        {"id": "t.line", "match": {"line": r"Read more: \w+"}, "action": "drop-line"},
        {"id": "t.any", "match": {"line": r"\d{1,2} of \d{1,2}"}, "action": "drop-line"},
        {"id": "t.last", "match": {"line": "Tweet"}, "action": "drop-line", "region": {"last_lines": 2}},
    )
    c = cleaner.Cleaner(rs, ignore=["encoding"], max_removal=1.0)
    assert {c.rules.rules[i].id for i in c._scan._per_line} == {"t.whole", "t.line", "t.any", "t.fix"}
    ref = _reference(c)
    r = random.Random(4)
    parts = ["[ad]Share", "Sh[ad]are", "Sh4re", "Read [ad]more: now", "3 [ad]of 12", "Tweet", "Tweet[ad]",
             "Prose stays here.", "Share this", "", "[ad]"]
    second_pass_hits = 0
    for _ in range(400):
        text = "\n".join(r.choice(parts) for _ in range(r.randint(1, 10)))
        a, b = c.clean(text), ref.clean(text)
        _same(a, b)
        ads = {p for x in a.removals if x.rule == "t.ad" for p in (x.start, x.end)}
        later = [x for x in a.removals if x.rule in ("t.whole", "t.line", "t.any")]
        second_pass_hits += any(x.end in ads or x.start in ads for x in later)  # a line the ad split
    assert second_pass_hits > 20


def test_two_letter_strings_select_lines_for_line_local_rules():
    rs = ruleset({"id": "t.by", "action": "drop-line",
                  "match": {"line": r"(?:By|BY) \p{Lu}\p{L}+(?: \p{Lu}\p{L}+){0,2}"}},
                 {"id": "t.ic", "action": "drop-line", "match": {"line": "by", "ignore_case": True}})
    c = cleaner.Cleaner(rs, ignore=["encoding"], max_removal=1.0)
    assert requirement_of(rs.rules[0]) is not None  # "By", "BY": tried on their lines only
    assert requirement_of(rs.rules[1]) is None  # folded "by" is in most texts
    ref = _reference(c)
    r = random.Random(9)
    parts = ["By Ann Lee", "BY JOE", "Written By Ann", "by the way", "Stand by Me", "By", "Bye Ann"]
    for _ in range(200):
        text = "\n".join(r.choice(parts) for _ in range(r.randint(1, 8)))
        _same(c.clean(text), ref.clean(text))


def test_compiled_rules_agree_at_engine_level(default_pair):
    c, _ = default_pair
    compiled, plain = CompiledRules(c.rules), c.rules
    settings = EngineSettings()
    for text in _corpus(c, 40, seed=11):
        a, b = EditLog(text), EditLog(text)
        assert run_rules(a, compiled, None, settings) == run_rules(b, plain, None, settings)
        assert (a.current, a.removals) == (b.current, b.removals)


def test_proposals_of_named_rules_are_their_share_of_all_proposals(default_pair):
    # the guard's fallback asks for the guard-exempt rules only: the others are not run
    c, _ = default_pair
    compiled = CompiledRules(c.rules)
    r = random.Random(5)
    found = 0
    for text in _corpus(c, 40, seed=12):
        ids = frozenset(x.id for x in c.rules if r.random() < 0.5)
        doc = Document(text)
        whole = compiled.proposals(doc, 1.0, set())
        some = compiled.proposals(doc, 1.0, set(), rule_ids=ids)
        assert some == [(i, e) for i, e in whole if e.rule in ids]
        found += len(some)
        later = [(len(text) // 2, len(text) // 2)]  # a later pass, after a deletion mid-text
        whole = compiled.proposals(doc, 1.0, set(), later)
        some = compiled.proposals(doc, 1.0, set(), later, rule_ids=ids)
        assert some == [(i, e) for i, e in whole if e.rule in ids]
    assert found > 20


def test_most_default_rules_get_a_requirement(default_pair):
    c, _ = default_pair
    with_req = [r.id for r in c.rules if requirement_of(r) is not None]
    assert len(with_req) >= len(c.rules) // 2


# --- pickling -------------------------------------------------------------------------


def test_cleaner_pickles_without_its_compiled_form_and_cleans_the_same(default_pair):
    c, _ = default_pair
    data = pickle.dumps(c)
    assert b"ahocorasick" not in data
    c2 = pickle.loads(data)
    text = (SEEDS / sorted(p.name for p in SEEDS.glob("*.txt"))[0]).read_text("utf-8")
    _same(c.clean(text), c2.clean(text))
    again = pickle.loads(pickle.dumps(CompiledRules(c.rules)))
    assert [r.id for r in again.ruleset] == [r.id for r in c.rules]



def test_head_rules_run_again_when_a_pass_changed_the_head():
    # pass 1 drops the first line, so "Hello" enters the two-line head only in pass 2;
    # when the change lies past the head instead, skipping the head rule changes nothing
    rs = ruleset(
        {"id": "t.head", "match": {"line": "Hello"}, "action": "drop-line", "region": {"first_lines": 2}},
        {"id": "t.drop", "match": {"line": "DROP ME"}, "action": "drop-line"},
    )
    c = cleaner.Cleaner(rs, ignore=["encoding"], max_removal=1.0)
    ref = _reference(c)
    inside = "DROP ME\nA\nHello\nBody line one.\nBody line two."
    past = "A\nB\nHello\nBody line one.\nDROP ME\nBody line two."
    a = c.clean(inside)
    assert a.text == "A\nBody line one.\nBody line two."
    assert [x.rule for x in a.removals] == ["t.drop", "t.head"]
    _same(a, ref.clean(inside))
    _same(c.clean(past), ref.clean(past))
    assert "Hello" in c.clean(past).text


# --- pattern rules tried at line starts ---------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "anchored"),
    [
        ("^Share", True),
        (r"^(?<=\A|\n\n)[ \t]*(?:Jan|Feb) \d{4}(?:\n(?:Jan|Feb) \d{4})+", True),
        ("^Share|Tweet", False),  # the second alternative can start anywhere
        ("(?:^Share)", True),  # the parser reads through a non-capturing group
        ("(^Share)", False),  # not claimed: the anchor is inside a capturing group
        ("Share$", False),
        (r"\p{Lu}^", False),
    ],
)
def test_starts_at_line_start(pattern, anchored):
    from cleaner.prefilter import starts_at_line_start

    assert starts_at_line_start(pattern) is anchored


_ANCHORED = [
    r"^(?:a|b)[ab]*",
    r"^a(?:\nb)+",  # spans lines
    r"^(?<=\A|\n\n)b[^\n]*",  # a lookbehind to the text's start or a blank line
    r"^(?:a\n)?b",  # may start a line early
    r"^b?",  # may match empty: no hit, and the search goes on
    r"^[ab]+$",
]


@example(lines=["a", "b"], pattern=r"^(?:a\n)?b", first=0, last=25)  # the next try is past the match
@given(
    lines=st.lists(st.sampled_from(["a", "b", "ab", "ba", "", " a", "bb"]), min_size=1, max_size=25),
    pattern=st.sampled_from(_ANCHORED),
    first=st.integers(min_value=0, max_value=24),
    last=st.integers(min_value=0, max_value=25),
)
def test_line_start_tries_find_what_a_search_finds(lines, pattern, first, last):
    from cleaner.matchers import PatternMatcher
    from cleaner.scan import _at_line_starts

    text = "\n".join(lines)
    doc = Document(text)
    starts = doc.line_starts
    lo = starts[min(first, len(starts) - 1)]
    hi = max(lo, len(text) if last >= len(starts) else starts[last])
    m = PatternMatcher(pattern)
    want = [(h.start, h.end) for h in m.find(doc, lo, hi, template=None, budget=Budget(1.0))]
    got = [(h.start, h.end) for h in _at_line_starts(m._regex, doc, lo, hi, None, Budget(1.0))]
    assert got == want


@pytest.mark.parametrize(
    ("pattern", "ic", "opens"),
    [
        ("^Share", False, {"S"}),
        ("^Share", True, {"S", "s", "ſ"}),  # every case the regex module matches
        (r"^[ \t]*+[*•+-][ \t]+\w", False, {"*", "•", "+", "-"}),  # leading blanks looked past
        (r"^(?=[ \t]*(?:a|b)\n)(?:[ \t]*[ab]\n)+", False, {"a", "b"}),  # a lookahead says it first
        (r"^(?:x\n)?[ \t]*y", False, {"x", "y"}),  # an optional first line
        (r"^ {0,3}\n?Foo", False, {"\n", "F"}),  # a match may run past a blank line
        (r"^(?<=\A|\n\n)[ \t]*[A-C]", False, {"A", "B", "C"}),  # a lookbehind sees the line before
        (r"^(a)\1", False, {"a"}),
        (r"^[ \t]*\p{Lu}[a-z]+", False, "upper"),  # the upper-case letters regex knows
        (r"^(?=\p{Lu}[^\n]*\n)(?:[A-Z]\w+|About)", False, "upper"),
    ],
)
def test_line_start_chars(pattern, ic, opens):
    from cleaner.prefilter import upper_case_letters

    if opens == "upper":
        opens = upper_case_letters()
        assert {"A", "Z", "É", "Ω", "Ж"} <= opens and not {"a", "é", "1", " "} & opens
    from cleaner.prefilter import line_start_chars

    assert line_start_chars(pattern, ignore_case=ic) == frozenset(opens)


@pytest.mark.parametrize(
    "pattern",
    [
        r"^\s*x",  # \s holds blanks and other characters
        r"^[ a]b",  # a set of a blank and a letter
        r"^[^x]y",  # a negated set
        r"^\w+",  # a class
        r"^(?:Foo)?",  # may be empty
        r"^(?i:a)b",  # a case flag of its own
        "Share",  # not anchored
        r"^\1(a)",  # a group reference first
        r"(?i)^\p{Lu}x",  # upper-case letters regardless of case: no claim
        r"^\p{L}x",  # other properties are read as \w
    ],
)
def test_line_start_chars_gives_up(pattern):
    from cleaner.prefilter import line_start_chars

    assert line_start_chars(pattern) is None


@given(st.text(alphabet="ab \t\n*", max_size=40))
def test_first_non_blank_is_the_first_character_past_spaces_and_tabs(text):
    doc = Document(text)
    for start, ch in zip(doc.line_starts, doc.first_non_blank, strict=True):
        rest = text[start:].lstrip(" \t")
        assert ch == rest[:1]


def test_no_upper_case_letter_lies_past_the_planes_searched():
    from cleaner.prefilter import upper_case_letters

    rest = "".join(map(chr, range(0x20000, 0x110000)))
    assert regex.findall(r"\p{Lu}", rest) == []
    assert len(upper_case_letters()) > 1000


_OPENED = [
    r"^[ \t]*\p{Lu}[a-zé]+(?:\n[ \t]*\p{Lu}[a-zé]+)*",
    r"^[ \t]*+[*+-][ \t]++[ab]+(?:\n[ \t]*+[*+-][ \t]++[ab]+)+",
    r"^(?=(?:[ \t]*[*+][ \t][ab]\n){0,2}?([ \t]*)[*+][ \t][^\n]*\n\1[ \t]+[*+])(?:[ \t]*[*+][ \t][ab]+\n?)+",
    r"^(?:a\n)?[ \t]*b",
    r"^ {0,2}\n?\*",
    r"^(?<=\A|\n\n)[ \t]*a",
]


@example(lines=["  * a", "", "* b"], pattern=r"^ {0,2}\n?\*", ic=False)
@given(
    lines=st.lists(
        st.sampled_from(["* a", "  + b", "\t- ab", "", "  ", "a", " b", "*", "A", "+ a b", " Éa", "Ωb", "é"]),
        max_size=25,
    ),
    pattern=st.sampled_from(_OPENED),
    ic=st.booleans(),
)
def test_line_start_tries_skip_lines_by_first_character_and_find_what_a_search_finds(lines, pattern, ic):
    from cleaner.matchers import PatternMatcher
    from cleaner.prefilter import line_start_chars
    from cleaner.scan import _at_line_starts

    opens = line_start_chars(pattern, ignore_case=ic)
    assert opens is not None or (ic and "\\p{Lu}" in pattern)  # no claim on \p{Lu} without case
    text = "\n".join(lines)
    doc = Document(text)
    m = PatternMatcher(pattern, ignore_case=ic)
    want = [(h.start, h.end) for h in m.find(doc, 0, len(text), template=None, budget=Budget(1.0))]
    got = [(h.start, h.end) for h in _at_line_starts(m._regex, doc, 0, len(text), None, Budget(1.0), opens)]
    assert got == want


# --- the literal scan in windows ----------------------------------------------------------

_WINDOW_PIECES = [
    "Share this:", "Read more", "Photo: AP", "Advertisement", "Source link", "[ad_1]", "Straße",
    "SCHLIESSEN", "ß", "İ", "Newsletter", "Kommentare", "About us", "\n", "\n\n", " ", "the vote",
]


@example(pieces=["[ad_1]", "Share this:"], piece=6)  # a string that starts where a window ends
@given(
    pieces=st.lists(st.sampled_from(_WINDOW_PIECES), max_size=40),
    piece=st.integers(min_value=1, max_value=40),
)
def test_the_literal_scan_in_windows_finds_what_one_scan_finds(default_pair, pieces, piece):
    """A long text is scanned in windows, so the automaton's list of hits stays small;
    every string is found once, at its offset in the text, wherever the windows cut."""
    from unittest import mock

    import cleaner.scan as scan_module

    compiled = default_pair[0]._scan
    text = "".join(pieces)
    whole_cands, whole_where = compiled.candidates(text)
    with mock.patch.object(scan_module, "_SCAN_PIECE", piece):
        cands, where = compiled.candidates(text)
    assert cands == whole_cands
    assert {r: sorted(p) for r, p in where.items()} == {r: sorted(p) for r, p in whole_where.items()}


# --- located lines tried by their first character --------------------------------------

_LINE_OPENED = [
    r"Buy (?:it|now) on \w+",
    r"(?:Photo|Foto):[^\n]{1,40}",
    r"[-*•] (?:Share|Tweet)",
    r"(?:Follow|FOLLOW) us",
    r"É\w*",
]


@example(lines=["\xa0Buy it on eBay", "x"], pattern=r"Buy (?:it|now) on \w+", ic=False)
@given(
    lines=st.lists(
        st.sampled_from(["Buy it on eBay", "  Buy now on Amazon", "\tbuy it on eBay", "\xa0Buy it on eBay",
                         "\u3000Photo: AP", "Photo: AP", "foto: dpa", "- Share", " • Tweet", "* share",
                         "FOLLOW us", "\u2003follow us", "We met on Monday.", "éa", "Éa", "", "  ", "x"]),
        max_size=20,
    ),
    pattern=st.sampled_from(_LINE_OPENED),
    ic=st.booleans(),
)
def test_located_lines_skip_lines_by_first_character_and_fill_the_lines_fullmatch_fills(lines, pattern, ic):
    """A line-local rule tried on its located lines skips those whose first character
    past spaces and tabs can open no match, and still hits every line its line regex
    fullmatches: other blanks before the text (a no-break space) are tried."""
    from cleaner.matchers import LineMatcher

    rx, opens = scan._line_local_regex(LineMatcher(pattern, ignore_case=ic))
    assert opens is not None
    text = "\n".join(lines)
    doc = Document(text)
    everywhere = range(len(doc.lines))
    want = [ln.index for ln in doc.lines if ln.lo < ln.hi and rx.fullmatch(text, ln.start, ln.end)]
    located = scan._located_lines((rx, opens), doc, everywhere, 0, len(text), Budget(5.0))
    got = [ln.index for ln, _m in located]
    assert got == want


def test_located_lines_do_not_run_the_regex_on_lines_no_match_can_open():
    """A regex call costs a few microseconds however short the line (the ``regex``
    module reads the CPU clock for its time limit): a line that opens with a character
    no match opens with is not tried."""
    from cleaner.matchers import LineMatcher

    rx, opens = scan._line_local_regex(LineMatcher(r"Buy (?:it|now) on \w+"))
    tried = []

    class Counting:
        def fullmatch(self, text, pos, endpos, *args):
            tried.append(text[pos:endpos])
            return rx.fullmatch(text, pos, endpos, *args)

    text = "We met on Monday.\nBuy it on eBay\n\xa0Buy now on Amazon\nShop on foot"
    doc = Document(text)
    located = scan._located_lines((Counting(), opens), doc, range(4), 0, len(text), Budget(5.0))
    assert [ln.index for ln, _m in located] == [1, 2]
    assert tried == ["Buy it on eBay", "\xa0Buy now on Amazon"]
