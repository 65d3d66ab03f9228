# Required literals of a rule-file regex: strings of which at least one must occur in
# any text the regex matches, so a rule can be skipped on documents that lack them all.
"""Conservative literal extraction from regular expressions.

:func:`required_literals` parses a pattern with the standard library's regex parser
and returns a set of strings such that any text the pattern matches in contains at
least one of them (inside the match, unless a lookaround saw it); ``None`` when it
cannot prove such a set (then the rule always runs). :func:`line_local` tells whether
a line pattern's verdict on a line depends on that line alone.

The extraction is conservative by construction: anything the parser does not know,
anything the ``regex`` module might read differently from ``re`` (fuzzy ``{e<=1}``,
POSIX classes, set operations, verbose mode), and everything the parser would warn
about make it give up rather than guess; a group with its own case flag
(``(?i:...)``) is read as text it knows nothing about.

Case-insensitive patterns yield case-folded literals, meant to be looked up in the
case-folded text; :func:`case_unsafe_chars` names the characters whose presence in a
text breaks that equivalence (the text must then be scanned without the prefilter).
"""

from __future__ import annotations

import functools
import re
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

if sys.version_info >= (3, 11):
    import re._constants as _c
    import re._parser as _p
else:  # pragma: no cover - Python 3.10
    import sre_constants as _c
    import sre_parse as _p

__all__ = [
    "MIN_CASED_LITERAL",
    "MIN_LITERAL",
    "Literals",
    "case_unsafe_chars",
    "line_local",
    "line_start_chars",
    "minimal_set",
    "quality",
    "required_literals",
    "starts_at_line_start",
    "within_line",
]

#: least quality (length, rare characters counting 3) of a literal worth a lookup
MIN_LITERAL = 3
#: least quality of a case-sensitive string for regex rules: "By", "AP" or "VK" written
#: in that case is rare in text, and a line rule is then tried only on the lines that
#: hold one (case-folded strings keep MIN_LITERAL)
MIN_CASED_LITERAL = 2
_CAP = 64  # most strings an exact set may hold before it is cut
_REQ_CAP = 1024  # most strings a required any-of set may hold
_MAX_LEN = 80  # longest string an exact set may hold
# an unescaped "{" that opens no {m,n} quantifier (an escape pair is skipped as a whole)
_QUANTIFIER_BRACE = re.compile(r"\\.|(\{)(?!\d*,?\d*\})", re.DOTALL)
# \p{..} / \P{..} (Unicode properties, which re lacks) stand for one character of some
# class: read as \w or \s (see _property_stand_in), which are just as opaque to the
# extractor; a \\ pair stays as it is
_PROPERTY = re.compile(r"(\\\\)|\\[pP](?:\{[^}]*\}|[A-Za-z])")

_Exact = frozenset[str] | None
_Info = tuple[_Exact, _Exact]  # (every string the node can match, a required any-of set)


@dataclass(frozen=True, slots=True)
class Literals:
    """Every match of a pattern contains one of ``strings``.

    When ``folded``, the strings are case-folded and hold for the case-folded text,
    provided the text contains none of the characters in ``unsafe``.
    """

    strings: frozenset[str]
    folded: bool = False
    unsafe: frozenset[str] = frozenset()


class _GiveUp(Exception):
    """The pattern uses something the extractor does not reason about."""


def _all_cases(ch: str) -> list[str] | None:
    """Characters the ``regex`` module treats as equal to ``ch`` ignoring case
    (None if this ``regex`` cannot say)."""
    import regex

    try:
        from regex import _regex

        return [chr(c) for c in _regex.get_all_cases(regex.V0 | regex.IGNORECASE, ord(ch))]
    except (ImportError, AttributeError):  # pragma: no cover - a regex without this helper
        return None


@functools.lru_cache(maxsize=4096)
def _unsafe_for(ch: str) -> frozenset[str] | None:
    """:func:`case_unsafe_chars` of one character (a pure function of the installed
    ``regex``, so it is remembered: rule sets repeat the same few letters)."""
    cases = _all_cases(ch)
    if cases is None:
        return None
    folded = ch.casefold()
    return frozenset(other for other in cases if other.casefold() != folded)


def case_unsafe_chars(literals: Iterable[str]) -> frozenset[str] | None:
    """Characters that the ``regex`` module matches case-insensitively against a
    character of ``literals`` but that case-fold differently (``"İ"`` against ``"i"``).

    ``str.casefold`` works character by character, so a text that contains none of
    them matches ``lit`` case-insensitively only where its ``casefold()`` contains
    ``lit.casefold()``. None if the installed ``regex`` cannot tell its case classes.
    """
    unsafe: set[str] = set()
    for ch in set("".join(literals)):
        of_ch = _unsafe_for(ch)
        if of_ch is None:
            return None
        unsafe |= of_ch
    return frozenset(unsafe)


class _Walk:
    """One walk over a parsed pattern; collects the case-unsafe characters met."""

    def __init__(self, ic: bool) -> None:
        self.ic = ic
        self.unsafe: set[str] = set()

    def char(self, code: int) -> str:
        ch = chr(code)
        if not self.ic:
            return ch
        unsafe = case_unsafe_chars(ch)
        if unsafe is None:
            raise _GiveUp
        self.unsafe |= unsafe
        return ch.casefold()

def _product(a: frozenset[str], b: frozenset[str]) -> frozenset[str] | None:
    if len(a) * len(b) > _CAP or max(map(len, a)) + max(map(len, b)) > _MAX_LEN:
        return None
    if len(b) == 1:  # the common case: one more literal character
        (y,) = b
        return frozenset([x + y for x in a])
    return frozenset(x + y for x in a for y in b)


#: characters rare in prose (with every symbol, Unicode category S): a string holding
#: one is worth more than its length says
_RARE = frozenset("|@#[]{}<>»«›‹•·▪►◦/\\_=+*~^`$%&")


def _rare(ch: str) -> bool:
    return ch in _RARE or (ch > "\x7f" and unicodedata.category(ch)[0] == "S")


_WITHOUT_RARE_ASCII = {ord(ch): None for ch in _RARE if ch <= "\x7f"}


def quality(s: str) -> int:
    """How selective a literal is: its length, plus 2 for each character rare in prose
    (``" |"``, ``"©"`` and ``"♬"`` are worth a lookup, ``", "`` is not)."""
    if s.isascii():  # the common case, counted in C
        return 3 * len(s) - 2 * len(s.translate(_WITHOUT_RARE_ASCII))
    return len(s) + 2 * sum(_rare(ch) for ch in s)


@functools.lru_cache(maxsize=256)  # a set is scored again at each level it rises through
def _score(s: frozenset[str]) -> tuple[int, int]:
    return (min((quality(x) for x in s), default=0), -len(s))


def _best(cands: Iterable[_Exact]) -> _Exact:
    best: _Exact = None
    best_score = (0, 0)
    for c in cands:
        if not c or "" in c:
            continue
        score = _score(c)
        if best is None or score > best_score:
            best, best_score = c, score
    return best


def _req_of(info: _Info) -> _Exact:
    exact, req = info
    return _best([exact, req])


def _seq(items: Any, w: _Walk) -> _Info:
    cands: list[_Exact] = []
    cur: frozenset[str] = frozenset({""})
    whole = True
    for item in items:
        exact, req = _node(item, w)
        cands.append(req)
        if exact is None:
            cands.append(cur)
            cur = frozenset({""})
            whole = False
            continue
        prod = _product(cur, exact)
        if prod is None:
            cands.extend((cur, exact))
            cur = exact
            whole = False
        else:
            cur = prod
    cands.append(cur)
    return (cur if whole else None), _best(cands)


def _in_set(items: Any, w: _Walk) -> _Exact:
    chars: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            chars.add(w.char(av))
        elif op is _c.RANGE and av[1] - av[0] < 8:
            chars.update(w.char(c) for c in range(av[0], av[1] + 1))
        else:  # NEGATE, CATEGORY, wide ranges
            return None
        if len(chars) > 10:
            return None
    return frozenset(chars)


def _node(item: Any, w: _Walk) -> _Info:
    op, av = item
    if op is _c.LITERAL:
        return frozenset({w.char(av)}), None
    if op is _c.IN:
        return _in_set(av, w), None
    if op is _c.AT or op is _c.ASSERT_NOT:
        return frozenset({""}), None
    if op is _c.ASSERT:  # zero-width, but what it looks at is in the text
        return frozenset({""}), _req_of(_seq(av[1], w))
    if op is _c.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        if (add_flags | del_flags) & re.VERBOSE:
            raise _GiveUp
        if (add_flags | del_flags) & re.IGNORECASE:
            return None, None  # its case differs from the rest: claim nothing about it
        return _seq(sub, w)
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _seq(av, w)
    if op is _c.BRANCH:
        infos = [_seq(alt, w) for alt in av[1]]
        exacts = [e for e, _ in infos]
        exact: _Exact = None
        if all(e is not None for e in exacts):
            union = frozenset().union(*exacts)  # type: ignore[arg-type]
            exact = union if len(union) <= _CAP else None
        reqs = [_req_of(i) for i in infos]
        req: _Exact = None
        if all(r is not None for r in reqs):
            union = frozenset().union(*reqs)  # type: ignore[arg-type]
            req = union if len(union) <= _REQ_CAP else None
        return exact, req
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT) or op is getattr(_c, "POSSESSIVE_REPEAT", None):
        lo, hi, sub = av
        body = _seq(sub, w)
        exact = None
        if body[0] is not None and hi <= 3:
            acc: _Exact = frozenset({""})
            options: set[str] = set()
            for k in range(hi + 1):
                if k >= lo:
                    options.update(acc)  # type: ignore[arg-type]
                acc = _product(acc, body[0]) if acc is not None else None  # type: ignore[arg-type]
                if acc is None:
                    break
            else:
                exact = frozenset(options) if len(options) <= _CAP else None
        return exact, (_req_of(body) if lo >= 1 else None)
    # ANY, NOT_LITERAL, CATEGORY, GROUPREF, GROUPREF_EXISTS and anything new
    return None, None


# a {m,n} quantifier at the start of the text
_BRACE_QUANTIFIER = re.compile(r"\{(?:\d+(?:,\d*)?|,\d+)\}")


def without_possessives(pattern: str) -> str | None:
    """``pattern`` with its possessive quantifiers (``a*+``) made greedy and its atomic
    groups (``(?>…)``) plain, for a parser that cannot read them (Python 3.10's). Every
    match of ``pattern`` is a match of the result, so whatever is proven of all matches
    of the result holds for ``pattern`` too. None for a set inside a set, whose end this
    reading cannot be sure of."""
    out: list[str] = []
    i, n = 0, len(pattern)
    quantified = False  # the last token was a quantifier: a "+" now makes it possessive
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            quantified = False
        elif ch == "[":
            j = i + 1
            j += pattern.startswith("^", j)
            j += pattern.startswith("]", j)  # a "]" first in a set is a character of it
            while j < n and pattern[j] != "]":
                if pattern[j] == "[":
                    return None
                j += 2 if pattern[j] == "\\" else 1
            out.append(pattern[i : j + 1])
            i = j + 1
            quantified = False
        elif pattern.startswith("(?#", i):  # a comment, up to the first ")"
            j = pattern.find(")", i)
            j = n if j < 0 else j + 1
            out.append(pattern[i:j])
            i = j
            quantified = False
        elif pattern.startswith("(?>", i):
            out.append("(?:")
            i += 3
            quantified = False
        elif ch == "(" and pattern.startswith("?", i + 1):  # "(?" opens a group: no quantifier
            out.append("(?")
            i += 2
            quantified = False
        elif ch == "+" and quantified:
            i += 1
            quantified = False
        elif ch in "*+?":
            out.append(ch)
            i += 1
            if ch == "?" and quantified:  # lazy: "a*?"
                quantified = False
            else:
                quantified = True
        elif ch == "{" and (m := _BRACE_QUANTIFIER.match(pattern, i)) is not None:
            out.append(m.group())
            i = m.end()
            quantified = True
        else:
            out.append(ch)
            i += 1
            quantified = False
    return "".join(out)


@functools.lru_cache(maxsize=256)
def _property_stand_in(escape: str) -> str:
    """What the standard parser reads in place of a ``\\p{...}``/``\\P{...}`` escape,
    which it does not know: a class of no literal, ``\\s`` if the property takes a line
    break (``\\P{L}``, ``\\p{Cc}``), else ``\\w``, so that locality proofs see the break."""
    import regex

    try:
        takes_newline = regex.match(escape, "\n") is not None
    except regex.error:  # an unknown property: the rule's own compile says so
        takes_newline = True
    return r"\s" if takes_newline else r"\w"


#: global flags after the start: a DeprecationWarning before Python 3.11 (an error since)
_LATE_FLAGS = re.compile(r"(?<!^)\(\?[aiLmsux]+\)")
#: a condition on a group, ``(?(name)...)``: a number in non-ASCII digits warns
_CONDITION = re.compile(r"\(\?\(([^)]*)\)")
#: a POSIX class, which regex reads as one anywhere in a set ("[a[:digit:]]": "a" or a
#: digit) and re as the characters of its name and a "]" after the set (no warning but at
#: the set's start)
_POSIX_CLASS = re.compile(r"\[:\^?\w+:\]")
#: inline flags that may turn verbose mode on, where "#" starts a comment to the line end
_VERBOSE_FLAGS = re.compile(r"\(\?[aiLmsux-]*x")


def _parser_would_warn(pattern: str) -> bool:
    """Whether the standard parser may warn about ``pattern`` (Python 3.10 to 3.13): a
    set that starts with "[" or holds a doubled "-", "&", "~" or "|" (a FutureWarning:
    the regex module reads set operations there), a group condition in non-ASCII digits,
    and before 3.11 global flags after the start. Read from the text, never missed,
    rather than by turning warnings into errors: warnings.catch_warnings() sets the
    filters of the whole process, so while a Cleaner compiled its rules, a warning in any
    other thread raised as an exception. A comment is passed over as the parser passes
    it: a "[" in ``(?#...)`` read as a set hid the "[[" after it, which re then read as
    a set and regex as a POSIX class, and the claim was wrong. A pattern that may be
    verbose and holds a "#" is a yes: its comments are not read here (and ``regex``
    reads a verbose group's comment otherwise)."""
    if sys.version_info < (3, 11) and _LATE_FLAGS.search(pattern):
        return True
    if "#" in pattern and _VERBOSE_FLAGS.search(pattern):
        return True
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            i += 2
        elif pattern.startswith("(?#", i):  # a comment, to the first ")" not escaped
            i += 3
            while i < n and pattern[i] != ")":
                i += 2 if pattern[i] == "\\" else 1
            i += 1
        elif c == "(":
            condition = _CONDITION.match(pattern, i)
            if condition is not None:
                name = condition.group(1)
                if not (name.isidentifier() or (name.isdecimal() and name.isascii())):
                    return True
            i += 1
        elif c != "[":
            i += 1
        else:  # a set: up to its "]", which is a literal as its first item
            if pattern.startswith("[", i + 1):
                return True
            i += 1
            if pattern.startswith("^", i):
                i += 1
            first = True
            while i < n and (pattern[i] != "]" or first):
                if pattern[i] == "\\":
                    i += 2
                else:
                    if pattern[i] in "-&~|" and pattern.startswith(pattern[i], i + 1):
                        return True
                    i += 1
                first = False
            i += 1
    return False


@functools.lru_cache(maxsize=8)  # a parse tree is large; it is asked for twice in a row
def _parse(pattern: str, ignore_case: bool) -> Any:
    """The pattern parsed by the standard library, or None where ``re`` and
    ``regex`` might read it differently (or ``re`` cannot read it). Remembered: a
    rule's pattern is read for its literals and for its locality; the parse tree is
    only read, never changed."""
    pattern = _PROPERTY.sub(lambda m: m.group(1) or _property_stand_in(m.group()), pattern)
    if any(m.group(1) for m in _QUANTIFIER_BRACE.finditer(pattern)):
        return None
    if sys.version_info < (3, 11):  # pragma: no cover - its parser reads no a*+ or (?>…)
        plain = without_possessives(pattern)
        if plain is None:
            return None
        pattern = plain
    if _parser_would_warn(pattern) or _POSIX_CLASS.search(pattern):
        return None  # no claim, as on a pattern the parser rejects
    try:
        parsed = _p.parse(pattern, re.IGNORECASE if ignore_case else 0)
    except Exception:  # re rejects what regex accepts: no claim
        return None
    if parsed.state.flags & re.VERBOSE:
        return None
    return parsed


@functools.lru_cache(maxsize=1024)
def required_literals(
    pattern: str, *, ignore_case: bool = False, min_quality: int = MIN_LITERAL
) -> Literals | None:
    """Strings of which any text ``pattern`` matches in contains at least one, each
    of at least ``min_quality`` (see :func:`quality`); None if no such set can be
    proven. Without lookaround in the pattern, the string lies inside the match.

    With ``ignore_case`` (or an inline ``(?i)``) the strings are case-folded, and
    :data:`MIN_LITERAL` is the least quality whatever ``min_quality`` says: a short
    case-folded string occurs in most texts.

    Remembered per pattern (the answer is immutable): rules that share a regex, as
    the features of several score rules do, are analysed once.
    """
    parsed = _parse(pattern, ignore_case)
    if parsed is None:
        return None
    flags = parsed.state.flags
    walk = _Walk(bool(flags & re.IGNORECASE))
    try:
        req = _req_of(_seq(parsed, walk))
    except (_GiveUp, RecursionError):
        return None
    least = MIN_LITERAL if walk.ic else min_quality
    if req is None or min(quality(s) for s in req) < least:
        return None
    return Literals(minimal_set(req), walk.ic, frozenset(walk.unsafe))


def minimal_set(strings: Iterable[str]) -> frozenset[str]:
    """Drop strings that contain another string of the set (any-of semantics)."""
    kept: list[str] = []
    for s in sorted(set(strings), key=len):
        if not any(k in s for k in kept):
            kept.append(s)
    return frozenset(kept)


def starts_at_line_start(pattern: str, *, ignore_case: bool = False) -> bool:
    """True if every match of ``pattern`` (compiled in multi-line mode) starts at the
    start of a line: the pattern begins with ``^``, outside any alternation."""
    parsed = _parse(pattern, ignore_case)
    return parsed is not None and len(parsed) > 0 and parsed[0] == (_c.AT, _c.AT_BEGINNING)


#: the blanks :func:`line_start_chars` looks past, and ``Document.first_non_blank`` too
LINE_BLANKS = " \t"
_BLANK_ORDS = frozenset(map(ord, LINE_BLANKS))
_MAX_RANGE = 1024  # widest [a-z] range expanded into characters


# \p{Lu} (an upper-case letter), read by line_start_chars as this private-use character
_UPPER_MARK = "\uf8ff"
_UPPER_PROPERTY = re.compile(r"(\\\\)|\\p\{Lu\}")


@functools.lru_cache(maxsize=1)
def upper_case_letters() -> frozenset[str]:
    """Every character the installed ``regex`` module matches with ``\\p{Lu}``. Planes 2
    and up hold no upper-case letter (a test checks the whole range)."""
    import regex

    chars = "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x20000)))
    return frozenset(regex.findall(r"\p{Lu}", chars))


def line_start_chars(pattern: str, *, ignore_case: bool = False) -> frozenset[str] | None:
    """For a pattern whose every match starts at a line start (:func:`starts_at_line_start`):
    characters of which one is the first character, not a space or tab, at or after the
    start of any match (a line break for a match that runs past a blank line). None when
    that cannot be proven (a class such as ``\\w`` or ``[^x]`` there, a group reference, a
    match that may be empty, a case flag of its own). ``\\p{Lu}`` stands for the
    upper-case letters when case matters."""
    if _UPPER_MARK in pattern or not starts_at_line_start(pattern, ignore_case=ignore_case):
        return None
    marked = _UPPER_PROPERTY.sub(lambda m: m.group(1) or _UPPER_MARK, pattern)
    parsed = _parse(marked, ignore_case)
    if parsed is None:
        return None
    ic = bool(parsed.state.flags & re.IGNORECASE)
    if ic and marked != pattern:  # which letters \p{Lu} matches regardless of case: no claim
        return None
    try:
        chars, nullable = _first(parsed, ic)
    except (_GiveUp, RecursionError):
        return None
    if nullable or not chars:
        return None
    return frozenset(chars)


def _first(items: Any, ic: bool) -> tuple[set[str], bool]:
    """(the first non-blank characters ``items`` can match, whether they can match
    nothing but blanks); blanks met on the way are looked past."""
    chars: set[str] = set()
    for item in items:
        more, nullable = _first_of(item, ic)
        chars |= more
        if not nullable:
            return chars, False
    return chars, True


def _chars(codes: set[int], ic: bool) -> set[str]:
    """The characters of ``codes``, with every case of each when ``ic``; raises _GiveUp
    for a set that mixes blanks with other characters (its first character may be a
    blank that the blanks before it did not take)."""
    if codes & _BLANK_ORDS:
        if codes <= _BLANK_ORDS:
            return set()
        raise _GiveUp
    out: set[str] = set()
    mark = ord(_UPPER_MARK)
    if mark in codes:
        codes = codes - {mark}
        out |= upper_case_letters()
    for code in codes:
        ch = chr(code)
        cases = _all_cases(ch) if ic else [ch]
        if cases is None:
            raise _GiveUp
        out.update(cases)
        out.add(ch)
    return out


def _first_of(item: Any, ic: bool) -> tuple[set[str], bool]:
    op, av = item
    if op is _c.LITERAL:
        found = _chars({av}, ic)
        return found, not found  # a blank is looked past
    if op is _c.IN:
        codes: set[int] = set()
        for sop, sav in av:
            if sop is _c.LITERAL:
                codes.add(sav)
            elif sop is _c.RANGE and sav[1] - sav[0] < _MAX_RANGE:
                codes.update(range(sav[0], sav[1] + 1))
            else:  # NEGATE, CATEGORY, a wide range
                raise _GiveUp
        found = _chars(codes, ic)
        return found, not found
    if op is _c.AT or op is _c.ASSERT_NOT:
        return set(), True  # zero-width
    if op is _c.ASSERT:
        direction, sub = av
        if direction < 0:  # a lookbehind looks at what is before the line start
            return set(), True
        return _first(sub, ic)  # the text here must start as the lookahead says
    if op is _c.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        if (add_flags | del_flags) & (re.IGNORECASE | re.VERBOSE | re.DOTALL):
            raise _GiveUp
        return _first(sub, ic)
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _first(av, ic)
    if op is _c.BRANCH:
        chars: set[str] = set()
        nullable = False
        for alt in av[1]:
            more, alt_nullable = _first(alt, ic)
            chars |= more
            nullable = nullable or alt_nullable
        return chars, nullable
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT) or op is getattr(_c, "POSSESSIVE_REPEAT", None):
        lo, _hi, sub = av
        chars, nullable = _first(sub, ic)
        return chars, nullable or lo == 0
    raise _GiveUp  # ANY, NOT_LITERAL, CATEGORY, GROUPREF, ...


def line_local(pattern: str, *, ignore_case: bool = False) -> bool:
    """True if whether ``pattern`` fills a line depends on that line alone: no
    ``\\A``/``\\Z``, and no lookaround that could look past the line's ends (one that
    can match no line break sees only its own line). Then a line regex hits exactly
    the lines it ``fullmatch``-es, one by one."""
    parsed = _parse(pattern, ignore_case)
    if parsed is None or parsed.state.flags & re.DOTALL or not _local(parsed):
        return False
    if sys.version_info < (3, 11) and without_possessives(pattern) != pattern:  # pragma: no cover
        # its parser read them as plain groups and repeats, which _commits_past_newline
        # cannot tell apart: no break taken anywhere, then
        return _no_newline(parsed)
    return not _commits_past_newline(parsed)


def _commits_past_newline(items: Any) -> bool:
    """True if a possessive repeat or an atomic group can take a line break (as far as
    :func:`_no_newline` can tell). A scan of the whole text then commits to a run over
    the break and never tries the end of the line, where a line matched alone ends
    (``Share[^|]*+``), so the two disagree."""
    for op, av in items:
        if op is _c.SUBPATTERN:
            body = [av[3]]
        elif op is _c.BRANCH:
            body = list(av[1])
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
            body = [av[2]]
        elif op is getattr(_c, "POSSESSIVE_REPEAT", None) or op is getattr(_c, "ATOMIC_GROUP", None):
            sub = av[2] if op is getattr(_c, "POSSESSIVE_REPEAT", None) else av
            if not _no_newline(sub):
                return True
            body = [sub]
        else:  # lookarounds consume nothing; _local judges them
            continue
        if any(_commits_past_newline(b) for b in body):
            return True
    return False


def within_line(pattern: str, *, ignore_case: bool = False) -> bool:
    """True if no text ``pattern`` matches holds a line break and its lookarounds see
    only the line they stand in (as :func:`line_local`). Then a search of one line, its
    line break included, finds the matches that a search of the whole text finds on it:
    no match starts on one line and ends on another, so a search arrives at each line
    start as it would start there."""
    parsed = _parse(pattern, ignore_case)
    if parsed is None or parsed.state.flags & re.DOTALL:
        return False
    # lookarounds are held to their line by both, the text a match takes by _no_newline
    return _local(parsed) and _no_newline(parsed)


_STRING_EDGES = (_c.AT_BEGINNING_STRING, _c.AT_END_STRING)


def _no_newline(items: Any) -> bool:
    """True if no text that ``items`` match holds a line break, and they test no
    string edge (then a lookaround made of them sees only the line it stands in)."""
    for op, av in items:
        if op is _c.LITERAL:
            if av == 10:
                return False
        elif op is _c.NOT_LITERAL:
            if av != 10:
                return False
        elif op is _c.ANY:
            continue  # without DOTALL (a global (?s) is refused by the caller), . skips \n
        elif op is _c.IN:
            if not _set_skips_newline(av):
                return False
        elif op is _c.AT:
            if av in _STRING_EDGES:
                return False
        elif op is _c.SUBPATTERN:
            # (?s:...): its . takes \n; (?-m:...): its ^ and $ are the string's edges, which
            # a search bounded to one line puts at the line's
            if av[1] & re.DOTALL or av[2] & re.MULTILINE or not _no_newline(av[3]):
                return False
        elif op is _c.BRANCH:
            if not all(_no_newline(alt) for alt in av[1]):
                return False
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
            if not _no_newline(av[2]):
                return False
        elif op is getattr(_c, "ATOMIC_GROUP", None):
            if not _no_newline(av):
                return False
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            # a lookaround inside: it stands where the text around it left off, in the
            # line, and sees no further than its line if it can match no break either
            if not _no_newline(av[1]):
                return False
        else:  # group references, conditionals, ...: no claim
            return False
    return True


def _set_skips_newline(items: Any) -> bool:
    """True if the character set ``items`` (a parsed ``[...]``) cannot match ``\n``."""
    negate = False
    hit = False
    for op, av in items:
        if op is _c.NEGATE:
            negate = True
        elif op is _c.LITERAL:
            hit = hit or av == 10
        elif op is _c.RANGE:
            hit = hit or av[0] <= 10 <= av[1]
        elif op is _c.CATEGORY:
            if av in (_c.CATEGORY_DIGIT, _c.CATEGORY_WORD, _c.CATEGORY_NOT_SPACE):
                continue
            if av in (_c.CATEGORY_SPACE, _c.CATEGORY_NOT_DIGIT, _c.CATEGORY_NOT_WORD):
                hit = True
            else:
                return False
        else:
            return False
    return hit if negate else not hit


def _local(items: Any) -> bool:
    for op, av in items:
        if op in (_c.ASSERT, _c.ASSERT_NOT):
            if not _no_newline(av[1]):
                return False
            continue
        if op is _c.AT and av in _STRING_EDGES:
            return False
        if op is _c.SUBPATTERN and (av[2] & re.MULTILINE or not _local(av[3])):  # (?-m:$): see _no_newline
            return False
        if op is _c.BRANCH and not all(_local(alt) for alt in av[1]):
            return False
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)) and not _local(av[2]):
            return False
        if op is getattr(_c, "ATOMIC_GROUP", None) and not _local(av):
            return False
        if op is _c.GROUPREF_EXISTS:
            _group, yes, no = av
            if not _local(yes) or (no is not None and not _local(no)):
                return False
    return True
