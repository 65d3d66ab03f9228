# Slow-regex checks for rule files: a small pattern parser, static checks (nested
# quantifiers, groups repeated in lookbehinds) and timed runs on adversarial input.
r"""Find rule regexes that can backtrack catastrophically.

Three checks, heuristics that err on the side of reporting:

* :func:`nested_quantifiers` reads the pattern (``regex`` module syntax, V0) into a
  small tree and reports a repetition nested inside another repetition, as in
  ``(a+)+``, unless something mandatory in the repeated group can never match what
  the inner repetition matches (``(?:[^,]*,)*`` is fine: the comma splits it), or a
  possessive quantifier or atomic group forbids backtracking into it.
* :func:`repeated_groups_behind` reports a group repeated without bound inside a
  lookbehind, as in ``(?<=\A(?:[ \t]*\n)*)``: the ``regex`` module matches a
  lookbehind backwards and takes time that grows with the square of the repetitions,
  whatever the quantifier (possessive too). ``\s*`` or ``[^\n]*`` (a class, not a
  group) is linear.
* :func:`slow_inputs` builds inputs aimed at each repetition of the pattern (a prefix
  that reaches it, many copies of what it repeats, then a character that makes the
  match fail), and runs of blanks (alone, and one long run before a text the pattern
  matches, and one after such a text, before a word), and runs the compiled regex on
  them under ``timeout=``. An input that takes longer than the limit is run again a
  third as long: only time that grows faster than the input (backtracking) is
  reported, so a slower machine does not turn a linear pattern into a finding.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import regex

__all__ = [
    "ADVERSARIAL_CHARS",
    "BLANK_RUNS",
    "TIME_LIMIT",
    "BacktrackFinding",
    "PatternSyntaxUnknown",
    "adversarial_inputs",
    "nested_quantifiers",
    "parse_pattern",
    "repeated_groups_behind",
    "slow_inputs",
]

#: seconds one adversarial input may take before the pattern is reported
TIME_LIMIT = 0.1
#: length of the long adversarial inputs (polynomial blow-ups need length to show); kept
#: short enough that an ordinary quadratic scan such as `\w+\s` stays far below the limit
LONG_INPUT = 1000
#: repetitions in the short inputs (exponential blow-ups show early)
SHORT_PUMPS = 30
#: at most this many short, and this many long, inputs per pattern
MAX_SHORT = 24
MAX_LONG = 8
#: an outer repetition bounded at more than this counts as unbounded
_BIG_COUNT = 5

#: a run slower than the limit is reported only if the same input a third as long took
#: less than 1/_GROWTH of its time: 1/3 for a linear scan (about 1/3.6 for a bounded
#: repeat such as ``[^\n]{10,500}``), 1/9 for a quadratic one, far less for exponential
_GROWTH = 5.0
#: ... or if it took this many times the limit: too slow whatever its growth
_SLOW_ANYWAY = 10


def _blank_lines(width: int) -> tuple[str, str]:
    return ("\n" + " " * width) * 3 + "\n", ("\n" + "\t " * (width // 2)) * 3 + "x\n"


def _long_blank_runs(width: int) -> tuple[str, str]:
    return "\n" + " " * width + "\n", "\n" + "\t " * (width // 2) + "\n"


#: lines of nothing but blanks, as whole-page scrapes have them by the thousand (page
#: layout): a pattern that can split one run of blanks between two of its parts takes
#: quadratic time on them, whatever it is aimed at
_BLANK_RUN = 1500
BLANK_RUNS = _blank_lines(_BLANK_RUN)

#: one run of blanks three times as long as those of BLANK_RUNS: time that grows with the
#: square of a run's length shows on it (9x), while a search merely quadratic in the
#: length of the text (``(?:[^,]*,)*x``, tolerated as on LONG_INPUT) takes no longer
#: than on all of BLANK_RUNS
_LONG_BLANK_RUN = 4500

#: characters used to work out which characters a class matches
ADVERSARIAL_CHARS = (
    "aA0 ._-,:;!?'\"/\\()[]{}<>@#$%&*+=|~^`\t\n\r\x0b\x0c\x00"
    + "bcdefghijklmnopqrstuvwxyzBCDEFGHIJKLMNOPQRSTUVWXYZ123456789"
    + "\u00a0\u00e9\u00df\u0436\u4e2d\u2014\u2019\u201c\u00bb\u2022\u200b\U0001f600"
)


class PatternSyntaxUnknown(ValueError):
    """The pattern uses syntax this checker does not model (the regex still compiles)."""


# --- the tree ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Atom:
    """Something that matches exactly one character: a literal or a class."""

    source: str


@dataclass(frozen=True, slots=True)
class Zero:
    """Zero-width or opaque: anchors, lookarounds, backreferences, recursion."""

    source: str
    opaque: bool = False  # True when it may match any text (backreference, recursion)


@dataclass(frozen=True, slots=True)
class Group:
    alts: tuple[tuple[Item, ...], ...]
    atomic: bool = False
    look: bool = False
    behind: bool = False  # a lookbehind (matched backwards by the regex module)


@dataclass(frozen=True, slots=True)
class Item:
    node: Atom | Zero | Group
    min: int
    max: int | None  # None: unbounded
    possessive: bool
    start: int  # span in the pattern source, for messages
    end: int

    @property
    def varies(self) -> bool:
        """True when the number of repetitions is open (more than one choice, two or more)."""
        return self.max is None or (self.max > self.min and self.max >= 2)


_QUANT = regex.compile(r"\{(\d*)(?:(,)(\d*))?\}")
_FLAGS = regex.compile(r"\?([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])")
_CLASS_ESCAPES = "dDwWsShHX"
_ZERO_ESCAPES = "bBAZzGmMK"
_CHAR_ESCAPES = "ntrfvae"


class _Parser:
    def __init__(self, src: str) -> None:
        self.src = src
        self.pos = 0
        self.verbose = False

    def peek(self, k: int = 0) -> str:
        i = self.pos + k
        return self.src[i] if i < len(self.src) else ""

    def parse(self) -> Group:
        alts = self.alternatives()
        if self.pos < len(self.src):
            raise PatternSyntaxUnknown(f"unbalanced ')' at {self.pos}")
        return Group(alts)

    def alternatives(self) -> tuple[tuple[Item, ...], ...]:
        alts = [self.sequence()]
        while self.peek() == "|":
            self.pos += 1
            alts.append(self.sequence())
        return tuple(alts)

    def sequence(self) -> tuple[Item, ...]:
        items: list[Item] = []
        while self.pos < len(self.src) and self.peek() not in "|)":
            start = self.pos
            node = self.atom()
            if node is None:
                continue
            lo, hi, possessive = self.quantifier()
            items.append(Item(node, lo, hi, possessive, start, self.pos))
        return tuple(items)

    def quantifier(self) -> tuple[int, int | None, bool]:
        c = self.peek()
        if c == "*":
            lo, hi, self.pos = 0, None, self.pos + 1
        elif c == "+":
            lo, hi, self.pos = 1, None, self.pos + 1
        elif c == "?":
            lo, hi, self.pos = 0, 1, self.pos + 1
        elif c == "{" and (m := _QUANT.match(self.src, self.pos)) and (m.group(1) or m.group(3)):
            a, comma, b = m.group(1), m.group(2), m.group(3)
            lo = int(a) if a else 0
            hi = (int(b) if b else None) if comma else lo
            self.pos = m.end()
        else:
            return 1, 1, False
        possessive = False
        if self.peek() == "?":
            self.pos += 1
        elif self.peek() == "+":
            self.pos += 1
            possessive = True
        return lo, hi, possessive

    def atom(self) -> Atom | Zero | Group | None:
        c = self.peek()
        if self.verbose and c in " \t\n\r\f\v":
            self.pos += 1
            return None
        if self.verbose and c == "#":
            nl = self.src.find("\n", self.pos)
            self.pos = len(self.src) if nl < 0 else nl + 1
            return None
        if c == "(":
            return self.group()
        if c == "[":
            return Atom(self.char_class())
        if c == "\\":
            return self.escape()
        self.pos += 1
        if c == ".":
            return Atom(".")
        if c in "^$":
            return Zero(c)
        return Atom(regex.escape(c))

    def char_class(self) -> str:
        start = self.pos
        self.pos += 1
        if self.peek() == "^":
            self.pos += 1
        if self.peek() == "]":
            self.pos += 1
        while self.pos < len(self.src):
            c = self.peek()
            if c == "\\":
                self.pos += 2
                if self.src[self.pos - 1 : self.pos] in ("p", "P", "N", "x", "u") and self.peek() == "{":
                    self.pos = self.src.index("}", self.pos) + 1
            elif c == "[" and self.peek(1) == ":":
                end = self.src.find(":]", self.pos + 2)
                self.pos = self.pos + 1 if end < 0 else end + 2
            elif c == "]":
                self.pos += 1
                return self.src[start : self.pos]
            else:
                self.pos += 1
        raise PatternSyntaxUnknown("unterminated character class")

    def escape(self) -> Atom | Zero:
        start = self.pos
        c = self.peek(1)
        self.pos += 2
        if c in "pPN" and self.peek() == "{":
            self.pos = self.src.index("}", self.pos) + 1
            src = self.src[start : self.pos]
            return Atom(src)
        if c in "pP":
            self.pos += 1
            return Atom(self.src[start : self.pos])
        if c in _CLASS_ESCAPES:
            return Atom("." if c == "X" else "\\" + c)
        if c in _ZERO_ESCAPES:
            return Zero("\\" + c)
        if c in "gk":
            close = {"<": ">", "{": "}", "'": "'"}.get(self.peek(), "")
            if close:
                self.pos = self.src.index(close, self.pos + 1) + 1
            return Zero(self.src[start : self.pos], opaque=True)
        if c.isdigit() and c != "0":
            while self.peek().isdigit():
                self.pos += 1
            return Zero(self.src[start : self.pos], opaque=True)
        if c == "0":
            while self.peek() in "01234567" and self.pos - start < 4:
                self.pos += 1
        elif c == "x":
            if self.peek() == "{":
                self.pos = self.src.index("}", self.pos) + 1
            else:
                self.pos += 2
        elif c == "u":
            self.pos += 4
        elif c == "U":
            self.pos += 8
        return Atom(self.src[start : self.pos])

    def group(self) -> Group | Zero | None:
        self.pos += 1
        atomic = look = behind = False
        if self.peek() == "?":
            rest = self.src[self.pos : self.pos + 4]
            if rest.startswith("?#"):
                self.pos = self.src.index(")", self.pos) + 1
                return None
            if rest.startswith(("?:", "?>", "?|")):
                atomic = rest.startswith("?>")
                self.pos += 2
            elif rest.startswith(("?=", "?!")):
                look = True
                self.pos += 2
            elif rest.startswith(("?<=", "?<!")):
                look = behind = True
                self.pos += 3
            elif rest.startswith(("?P<", "?<", "?'")):
                close = "'" if rest.startswith("?'") else ">"
                self.pos = self.src.index(close, self.pos + 2) + 1
            elif (
                rest.startswith(("?P=", "?R", "?&", "?P>"))
                or rest[1:2].isdigit()
                or (rest[1:2] in "+-" and (rest[2:3].isdigit()))
            ):
                end = self.src.index(")", self.pos) + 1
                src = "(" + self.src[self.pos : end]
                self.pos = end
                return Zero(src, opaque=True)
            elif rest.startswith("?("):
                self.pos = self.src.index(")", self.pos + 2) + 1  # the condition
            elif m := _FLAGS.match(self.src, self.pos):
                if "x" in m.group(1):
                    self.verbose = True
                self.pos = m.end()
                if m.group(3) == ")":
                    return None
            else:
                raise PatternSyntaxUnknown(f"group syntax at {self.pos}")
        alts = self.alternatives()
        if self.peek() != ")":
            raise PatternSyntaxUnknown("missing ')'")
        self.pos += 1
        return Group(alts, atomic=atomic, look=look, behind=behind)


@lru_cache(maxsize=1024)  # each check reads the same pattern; the tree is immutable
def parse_pattern(source: str) -> Group:
    """The tree of ``source``. Raises PatternSyntaxUnknown on syntax it does not model."""
    try:
        return _Parser(source).parse()
    except (IndexError, ValueError) as exc:
        if isinstance(exc, PatternSyntaxUnknown):
            raise
        raise PatternSyntaxUnknown(str(exc)) from None


# --- character sets -----------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _chars_of_atom(source: str, ignore_case: bool) -> frozenset[str]:
    flags = regex.V0 | (regex.IGNORECASE if ignore_case else 0)
    try:
        compiled = regex.compile(source, flags)
    except regex.error:
        return frozenset(ADVERSARIAL_CHARS)
    return frozenset(ch for ch in ADVERSARIAL_CHARS if compiled.fullmatch(ch))


def _chars(node: Atom | Zero | Group, ic: bool) -> frozenset[str]:
    """Characters (of ADVERSARIAL_CHARS) that text matched by ``node`` may contain."""
    if isinstance(node, Atom):
        return _chars_of_atom(node.source, ic)
    if isinstance(node, Zero):
        return frozenset(ADVERSARIAL_CHARS) if node.opaque else frozenset()
    if node.look:
        return frozenset()
    out: set[str] = set()
    for alt in node.alts:
        for it in alt:
            out |= _chars(it.node, ic)
    return frozenset(out)


def _fits_in(node: Atom | Zero | Group, allowed: frozenset[str], ic: bool) -> bool:
    """True if ``node`` can match some text made only of ``allowed`` characters (the
    empty text included). A mandatory part for which this is False splits the repeats
    of a repetition over ``allowed``: they can never run into each other."""
    if isinstance(node, Atom):
        return bool(_chars_of_atom(node.source, ic) & allowed)
    if isinstance(node, Zero) or node.look:
        return True
    return any(all(it.min == 0 or _fits_in(it.node, allowed, ic) for it in alt) for alt in node.alts)


# --- static check -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BacktrackFinding:
    """Why a pattern may backtrack catastrophically."""

    message: str
    static: bool  # True: found by reading the pattern; False: a timed run was too slow


def _walk(items: tuple[Item, ...]) -> Iterator[Item]:
    """Every item below ``items`` whose repetitions can still be backtracked into."""
    for it in items:
        yield it
        if isinstance(it.node, Group) and not it.node.atomic and not it.possessive:
            for alt in it.node.alts:
                yield from _walk(alt)


def _is_outer_repeat(it: Item) -> bool:
    if not isinstance(it.node, Group) or it.node.atomic or it.node.look or it.possessive:
        return False
    return it.max is None or it.max > _BIG_COUNT


def _clip(s: str, n: int = 50) -> str:
    return s if len(s) <= n else s[: n - 12] + "…" + s[-11:]


def nested_quantifiers(source: str, *, ignore_case: bool = False) -> list[BacktrackFinding]:
    """Repetitions nested in repetitions with nothing mandatory to split them."""
    tree = parse_pattern(source)
    ic = ignore_case or "(?i" in source
    found: list[BacktrackFinding] = []
    reported: set[tuple[int, int]] = set()
    for outer in _walk(tree.alts[0] if len(tree.alts) == 1 else (Item(tree, 1, 1, False, 0, len(source)),)):
        if not _is_outer_repeat(outer):
            continue
        assert isinstance(outer.node, Group)
        for alt in outer.node.alts:
            for inner in _walk(alt):
                if inner is outer or not inner.varies or inner.possessive:
                    continue
                if (inner.start, inner.end) in reported:
                    continue
                inner_chars = _chars(inner.node, ic)
                if not inner_chars:
                    continue
                split = any(
                    sep.min >= 1 and not _fits_in(sep.node, inner_chars, ic)
                    for sep in alt
                    if not (sep.start <= inner.start and inner.end <= sep.end)
                )
                if split:
                    continue
                reported.add((inner.start, inner.end))
                found.append(
                    BacktrackFinding(
                        f"nested quantifier: `{_clip(source[inner.start : inner.end])}` repeats inside "
                        f"the repeated group `{_clip(source[outer.start : outer.end])}`, and the group "
                        "holds nothing mandatory that the inner repetition cannot match too, so nothing "
                        "separates the repeats and a long run of matching text can be split in "
                        "exponentially (or polynomially, for a counted group) many ways before the "
                        "match fails. Make a repetition "
                        "possessive (`+` after it, e.g. `a++`), use an atomic group `(?>...)`, or remove "
                        "the nesting",
                        static=True,
                    )
                )
    return found


#: a group repeated more than this many times in a lookbehind counts as unbounded
_BEHIND_COUNT = 50


def _all_items(items: tuple[Item, ...]) -> Iterator[Item]:
    """Every item below ``items``, inside lookarounds and atomic groups too."""
    for it in items:
        yield it
        if isinstance(it.node, Group):
            for alt in it.node.alts:
                yield from _all_items(alt)


def repeated_groups_behind(source: str) -> list[BacktrackFinding]:
    """Groups repeated without bound inside a lookbehind."""
    tree = parse_pattern(source)
    found: list[BacktrackFinding] = []
    reported: set[tuple[int, int]] = set()
    for look in _all_items((Item(tree, 1, 1, False, 0, len(source)),)):
        if not (isinstance(look.node, Group) and look.node.behind):
            continue
        for alt in look.node.alts:
            for it in _all_items(alt):
                unbounded = it.max is None or it.max > _BEHIND_COUNT
                if not isinstance(it.node, Group) or not unbounded or (it.start, it.end) in reported:
                    continue
                reported.add((it.start, it.end))
                found.append(
                    BacktrackFinding(
                        f"repeated group in a lookbehind: `{_clip(source[it.start : it.end])}` repeats "
                        "without bound inside a lookbehind, which the regex module matches backwards in "
                        "time that grows with the square of the repetitions (thousands of blank lines "
                        "take seconds). Bound it (`{0,10}`) or repeat a class instead (`\\s*\\n` for a run "
                        "of blank lines)",
                        static=True,
                    )
                )
    return found


# --- adversarial inputs -----------------------------------------------------------------


_PREFERRED = "aA0 .-,:!/"


def _one_char(node: Atom, ic: bool) -> str:
    chars = _chars_of_atom(node.source, ic)
    for ch in _PREFERRED:
        if ch in chars:
            return ch
    if not chars and len(node.source) == 1:  # a literal outside ADVERSARIAL_CHARS ("ä")
        return node.source
    return min(chars) if chars else ""


def _sample(items: tuple[Item, ...], ic: bool, optional: bool) -> str:
    """A short text ``items`` match; with ``optional``, optional parts appear once."""
    out: list[str] = []
    for it in items:
        reps = max(it.min, 1) if optional and it.max != 0 else it.min
        out.append(_sample_node(it.node, ic, optional) * reps)
    return "".join(out)


def _sample_node(node: Atom | Zero | Group, ic: bool, optional: bool) -> str:
    if isinstance(node, Atom):
        return _one_char(node, ic)
    if isinstance(node, Zero) or node.look:
        return ""
    return _sample(node.alts[0], ic, optional) if node.alts else ""


def _targets(items: tuple[Item, ...], prefix: str, ic: bool) -> Iterator[tuple[str, Item]]:
    """(text leading up to it, item) for every repetition that varies."""
    done = prefix
    for it in items:
        if it.varies:
            yield done, it
        if isinstance(it.node, Group) and not it.node.look:
            for alt in it.node.alts:
                yield from _targets(alt, done, ic)
        done += _sample_node(it.node, ic, False) * it.min


def adversarial_inputs(source: str, *, ignore_case: bool = False) -> list[str]:
    """Inputs aimed at each open repetition of ``source``: a prefix that reaches it, the
    repeated text many times, then a character that makes the match fail."""
    return [text for text, _ in _adversarial_pairs(source, ignore_case)]


def _adversarial_pairs(source: str, ignore_case: bool) -> list[tuple[str, str]]:
    """(input, the same input with a third of the repeats) for adversarial_inputs."""
    tree = parse_pattern(source)
    ic = ignore_case or "(?i" in source
    short: dict[str, str] = {}
    long: dict[str, str] = {}
    for prefix, it in _targets((Item(tree, 1, 1, False, 0, len(source)),), "", ic):
        pumps: list[str] = []
        for optional in (False, True):
            p = _sample_node(it.node, ic, optional)
            if p and p not in pumps:
                pumps.append(p)
        for ch in sorted(_chars(it.node, ic), key=lambda c: (_PREFERRED.find(c) % 99, c))[:3]:
            if ch not in pumps:
                pumps.append(ch)
        for pump in pumps:
            for tail in ("!", "\x00"):
                for n, out in ((SHORT_PUMPS, short), (max(SHORT_PUMPS, LONG_INPUT // len(pump)), long)):
                    out.setdefault(prefix + pump * n + tail, prefix + pump * (n // 3) + tail)
    return [*short.items()][:MAX_SHORT] + [*long.items()][:MAX_LONG]


#: how far the wall-clock stop of a run may be stretched when the machine is busy
_WALL_FACTOR = 20


def _run(compiled: Any, text: str, limit: float) -> float | None:
    """CPU seconds the regex took on ``text``, or None when it spent ``limit`` of CPU.

    The regex module's timeout is wall-clock time; a run stopped by it counts as slow
    only if this process really spent most of that time computing. Otherwise (a machine
    busy with other work) the run is repeated with a longer stop, so a sound pattern
    is not reported for the load of others.
    """
    wall = limit
    while True:
        t0 = time.process_time()
        try:
            for _ in compiled.finditer(text, timeout=wall):
                pass
        except TimeoutError:
            if time.process_time() - t0 >= 0.8 * limit or wall >= limit * _WALL_FACTOR:
                return None
            wall *= 4
            continue
        return time.process_time() - t0


def _blank_runs(source: str, ignore_case: bool) -> list[tuple[str, str]]:
    """(input, the same a third as long): BLANK_RUNS, and one run three times as long
    followed by a text the pattern matches.
    The ``regex`` module gives up at once on a text that lacks a string every match needs,
    so a pattern that splits each run of blanks (an unanchored ``[ \\t]*Share this:``
    tries every blank of a run as its start) seems fast on blanks alone; on a page that
    also holds its words it is quadratic in the length of every run."""
    try:
        hit = _sample_node(parse_pattern(source), ignore_case or "(?i" in source, False)
    except PatternSyntaxUnknown:
        hit = ""
    pairs = [*zip(BLANK_RUNS, _blank_lines(_BLANK_RUN // 3))]
    if not hit.strip():
        return pairs
    # the run before the text, and after it with a word that ends the line: a pattern whose
    # own blanks meet another blank run (`Comments[ \t]*:?` then the line's trailing
    # blanks) splits the run every way before it fails on the word
    runs = [*zip(_long_blank_runs(_LONG_BLANK_RUN), _long_blank_runs(_LONG_BLANK_RUN // 3))]
    pairs += [(run + hit, third + hit) for run, third in runs]
    word = hit.rstrip("\n")
    pairs += [(word + run.strip("\n") + "x\n", word + third.strip("\n") + "x\n") for run, third in runs]
    return pairs


def _backtracks(compiled: Any, text: str, third: str, took: float | None, limit: float) -> bool:
    """True when a run over ``limit`` (``took``; None: stopped at the limit) is slow
    because the pattern backtracks, not because the machine is slow: on ``third`` (the
    same input, a third as long) it takes less than 1/_GROWTH of the time. A run over
    _SLOW_ANYWAY times the limit counts whatever its growth."""
    if took is None:
        took = _run(compiled, text, limit * _SLOW_ANYWAY)
        if took is None:
            return True
    if took > limit * _SLOW_ANYWAY:
        return True
    small = _run(compiled, third, took)  # None: the third spent about as long, no growth
    return small is not None and took > _GROWTH * small


def slow_inputs(
    source: str,
    compile_fn: Callable[[str], Any],
    *,
    ignore_case: bool = False,
    limit: float = TIME_LIMIT,
) -> list[BacktrackFinding]:
    """Run ``compile_fn(source)`` (the regex as the matcher compiles it) over the
    adversarial inputs; report the first input that takes longer than ``limit`` and
    whose time grows faster than its length (see _backtracks)."""
    compiled = compile_fn(source)
    for text, third in [*_adversarial_pairs(source, ignore_case), *_blank_runs(source, ignore_case)]:
        took = _run(compiled, text, limit)
        if (took is None or took > limit) and _backtracks(compiled, text, third, took, limit):
            shown = text if len(text) <= 40 else f"{text[:20]}…{text[-8:]}"
            kind = "exponential" if len(text) < LONG_INPUT // 2 else "polynomial"
            return [
                BacktrackFinding(
                    f"{kind} backtracking: took more than {limit:g}s of CPU on a {len(text):,}-character "
                    f"adversarial input {shown!r}; on longer text of that shape the rule hits the "
                    "cleaning time limit and its matches are lost",
                    static=False,
                )
            ]
    return []
