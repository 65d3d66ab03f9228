# Property tests that the scan's and the score matcher's shortcuts answer as the plain path
# does: located lines skipped by first character, and regexes skipped for a missing string.
from __future__ import annotations

import functools

import regex
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cleaner import load_rules, scan
from cleaner.document import Document
from cleaner.errors import RulePatternError
from cleaner.matchers import LineMatcher, ScoreMatcher
from cleaner.matchers.base import Budget, compile_regex
from cleaner.matchers.score import _Strings
from cleaner.prefilter import required_literals

#: letters whose case classes the regex module and str.casefold see differently, blanks
#: that are and are not spaces or tabs, a combining mark, a BOM
_TRICKY = [
    "ß", "ẞ", "İ", "ı", "ﬁ", "ſ", "\u212a", "\u212b", "å", "Å", "ς", "Σ", "σ", "ǅ", "ǆ", "Ǆ",
    "ΐ", "\u0345", "ι", "θ", "ϑ", "µ", "μ", "é", "É", "\u0301", "\u00a0", "\u3000", "\ufeff",
    "\u200b", " ", "\t",
]  # fmt: skip
_ALPHABET = list("aAsSkKiIfFzZ") + _TRICKY
_TEXT_EXTRA = ["\n", "\r", "\ud800", "b", "."]

_literal = st.text(alphabet=st.sampled_from(_ALPHABET), min_size=1, max_size=4).map(regex.escape)


def _compose(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    pair = st.tuples(inner, inner)
    return st.one_of(
        pair.map(lambda t: t[0] + t[1]),
        pair.map(lambda t: f"(?:{t[0]}|{t[1]})"),
        inner.map(lambda c: f"(?:{c}|)"),  # an empty branch
        inner.map(lambda c: f"(?i:{c})"),
        inner.map(lambda c: f"(?-i:{c})"),
        inner.map(lambda c: f"(?:{c})?"),
        inner.map(lambda c: f"(?:{c})+"),
        inner.map(lambda c: rf"\b{c}"),
        inner.map(lambda c: f"(?<={c})"),
        inner.map(lambda c: f"(?<!{c})"),
        inner.map(lambda c: f"(?={c})"),
    )


_pattern = st.recursive(_literal, _compose, max_leaves=6)
_text = st.text(alphabet=st.sampled_from(_ALPHABET + _TEXT_EXTRA), max_size=30)
_PIECE = regex.compile(r"(?:\\.|[^\\()\[\]|?*+:<=!^-])+")


def _pieces(pattern: str) -> list[str]:
    """The literal runs of ``pattern``, unescaped: text built of them matches it often."""
    return [regex.sub(r"\\(.)", r"\1", p) for p in _PIECE.findall(pattern)]


def _texts(pattern: str, texts: list[str]) -> list[str]:
    """``texts``, and each with the pattern's literal runs put in, in several cases."""
    out = list(texts)
    for t in texts or [""]:
        for piece in _pieces(pattern):
            for v in (piece, piece.upper(), piece.lower(), piece.casefold(), piece.swapcase()):
                out.append(t[: len(t) // 2] + v + t[len(t) // 2 :])
    return out


def _hit_lines(compiled, opens: frozenset[str] | None, text: str) -> list[int]:
    """The lines of ``text`` that ``scan._located_lines`` hits when every line is located:
    by first character with ``opens``, each line tried with None (the plain path)."""
    doc = Document(text)
    located = scan._located_lines((compiled, opens), doc, range(len(doc.lines)), 0, len(text), Budget(None))
    return [ln.index for ln, _m in located]


_FAST = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))


@_FAST
@example(pattern="AAı", ic=False, inline=True, texts=["AAI"])  # (?i)ı matches "I", which folds to "i"
@given(pattern=_pattern, ic=st.booleans(), inline=st.booleans(), texts=st.lists(_text, max_size=6))
def test_a_regex_skipped_for_a_missing_string_would_not_have_matched(pattern, ic, inline, texts):
    """``_Strings.may_occur`` (built from ``required_literals``) says False only for a
    text the regex finds nothing in: case-folding specials, inline case flags,
    lookarounds, ``\\b`` and empty branches included."""
    if inline:
        pattern = "(?i)" + pattern
    try:
        compiled = compile_regex(pattern, ignore_case=ic, multiline=False)
    except regex.error:
        return
    lits = required_literals(pattern, ignore_case=ic)
    if lits is None:
        return
    needles = _Strings(lits.strings, lits.folded, lits.unsafe)
    for text in _texts(pattern, texts):
        if not needles.may_occur(text):
            assert compiled.search(text) is None, (pattern, ic, text, lits)


@_FAST
@example(pattern="a", ic=False, texts=["\u00a0a", "\u3000a", "b"])
@given(pattern=_pattern, ic=st.booleans(), texts=st.lists(_text, max_size=6))
def test_located_lines_skipped_by_first_character_are_those_the_line_regex_does_not_fill(pattern, ic, texts):
    """A line rule tried on its located lines by first character hits the lines it hits
    when every line is tried: a line that opens with a no-break space or an ideographic
    space (which the line regex takes before the pattern), with a case-folding special,
    a combining mark or a BOM."""
    try:
        matcher = LineMatcher(pattern, ignore_case=ic)
        line_rx = scan._line_local_regex(matcher)
    except (regex.error, RulePatternError):
        return
    if line_rx is None or line_rx[1] is None:
        return
    compiled, opens = line_rx
    whole = "".join(_pieces(pattern))
    lines = [*"\n".join(texts).split("\n"), whole, whole.upper(), whole.casefold(), " " + whole.swapcase()]
    lines += ["\u00a0" + whole, "\u3000" + whole, "\ufeff" + whole]
    text = "\n".join(lines)
    assert _hit_lines(compiled, opens, text) == _hit_lines(compiled, None, text), (pattern, ic, opens)


# --- the shipped rules ------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _shipped() -> list:
    return list(load_rules())


@functools.cache
def _example_lines(rule) -> list[str]:
    lines = []
    for ex in (*rule.examples, *rule.counterexamples):
        for text in (ex.input, ex.output):
            if text:
                lines += [ln for ln in text.split("\n") if ln.strip()]
    return lines


@functools.lru_cache(maxsize=1)
def _line_rules() -> list:
    out = []
    for rule in _shipped():
        line_rx = scan._line_local_regex(rule.matcher)
        if line_rx is not None and line_rx[1] is not None:
            out.append((rule, line_rx))
    return out


@functools.lru_cache(maxsize=1)
def _score_features() -> list:
    out = []
    for rule in _shipped():
        if isinstance(rule.matcher, ScoreMatcher):
            for i, f in enumerate(rule.matcher.features):
                if f.name in ("pattern", "follows") and rule.matcher._needles.get(i) is not None:
                    out.append((rule, i))
    return out


_variant = st.sampled_from(["", *_TRICKY, "\r"])
_case = st.sampled_from([str, str.upper, str.lower, str.casefold, str.swapcase, str.title])


@_FAST
@given(data=st.data())
def test_located_lines_of_a_shipped_rule_are_those_every_line_tried_gives(data):
    """For each shipped line rule tried by first character: its example lines, with a
    tricky character put before or in them and their case changed, are hit as when
    every line is tried."""
    rule, (compiled, opens) = data.draw(st.sampled_from(_line_rules()))
    base = data.draw(st.lists(st.sampled_from(_example_lines(rule)), min_size=1, max_size=6))
    lines = []
    for line in base:
        change = data.draw(_case)
        at = data.draw(st.integers(0, 2))
        line = change(line) if data.draw(st.booleans()) else line
        lines.append(line[:at] + data.draw(_variant) + line[at:])
    text = "\n".join(lines)
    assert _hit_lines(compiled, opens, text) == _hit_lines(compiled, None, text), rule.id


@_FAST
@given(data=st.data())
def test_a_shipped_score_feature_skips_its_regex_only_where_it_finds_nothing(data):
    """For each pattern or follows feature of a shipped score rule: on its example lines,
    changed in case and with a tricky character put in, the feature's answer is the
    regex's own."""
    rule, i = data.draw(st.sampled_from(_score_features()))
    m = rule.matcher
    line = data.draw(st.sampled_from(_example_lines(rule)))
    line = data.draw(_case)(line)
    at = data.draw(st.integers(0, len(line)))
    line = line[:at] + data.draw(_variant) + line[at:]
    assert m._search(i, line, Budget(None)) == (m._compiled[i].search(line) is not None), rule.id
