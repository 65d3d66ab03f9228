# The `score` matcher: a weighted judgement of each line or paragraph from declared features
# (length, punctuation, case, links, position, debris phrases, neighbours); logs its score.
"""A linear score over features of a line or paragraph.

A rule file declares the unit (``line`` or ``paragraph``), a ``bias``, a ``threshold`` and a
list of features, each with a ``weight`` and its own parameters::

    match:
      score:
        unit: line
        bias: -1.0
        threshold: 1.0
        max_words: 30            # units longer than this are never matched
        features:
          - {feature: terminal_punctuation, weight: -1.5}
          - {feature: title_case_share, weight: 1.0}
          - {feature: keywords, weight: 1.0, phrases: ["Read more", "Related"]}
          - {feature: neighbours, weight: 0.5, window: 1}

score = bias + sum(weight * value); the unit matches when score >= threshold. Adjacent matched
units (only blank lines between them) form one hit, which carries the lowest of their scores, so
the removal log says how sure the rule was. The matcher is ``contextual``: a removal can change
its verdict on other units, so the engine runs it over the whole text in every pass, until
nothing more matches. A ``follows`` look-back does not count the units the rule itself takes,
so one pass takes what repeated passes would (a list under its heading, however long, rather
than ``within`` more lines each time the text is cleaned). ``FEATURES`` documents the
value of each feature. ``neighbours`` is computed last: the share of nearby units whose score
without the neighbours term reaches ``min_score`` (a run of debris-like lines).
"""

from __future__ import annotations

import bisect
import heapq
import math
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import ahocorasick_rs
import regex

from cleaner.document import Document
from cleaner.matchers.base import Budget, Hit, Matcher, RegexTimeout, compile_regex
from cleaner.prefilter import case_unsafe_chars, required_literals

__all__ = ["FEATURES", "UNITS", "ScoreMatcher"]

UNITS = ("line", "paragraph")

#: feature name -> (allowed parameters, what its value is)
FEATURES: dict[str, tuple[frozenset[str], str]] = {
    "words": (frozenset(), "number of words"),
    "log_words": (frozenset(), "log2(1 + number of words)"),
    "chars": (frozenset(), "number of non-blank characters"),
    "short": (frozenset({"max_words"}), "1 if the unit has at most max_words words (default 6), else 0"),
    "long": (frozenset({"min_words"}), "1 if the unit has at least min_words words (default 25), else 0"),
    "terminal_punctuation": (
        frozenset(),
        "1 if the unit ends a sentence, in any script (. ! ? … । ؟ ۔ ։ ። 。 ！), closing quotes and "
        "brackets allowed after („Ja.“ »Ja.« (Ja.))",
    ),
    "ends_with_colon": (frozenset(), "1 if the unit ends with a colon"),
    "title_case_share": (frozenset(), "share of words of four or more letters that start with a capital"),
    "upper_case_share": (frozenset(), "share of words of two or more letters written all in capitals"),
    "link_share": (
        frozenset(),
        "share of blank-separated tokens that are URLs, domains, e-mails, @handles or #tags",
    ),
    "digit_share": (frozenset(), "share of non-blank characters that are digits"),
    "separators": (
        frozenset({"max"}),
        "count of separators (| • · » › ⋅ ▪ ◦) standing between words, capped at max (default 3)",
    ),
    "list_item": (frozenset(), "1 if the unit starts with a bullet (- * • · ▪ ►) or a number and '.' or ')'"),
    "position": (frozenset(), "relative position of the unit in the document: 0 first, 1 last"),
    "from_top": (frozenset({"within"}), "1 if the unit is one of the first `within` units of the document"),
    "from_bottom": (frozenset({"within"}), "1 if the unit is one of the last `within` units of the document"),
    "keywords": (
        frozenset({"phrases", "ignore_case", "max"}),
        "number of `phrases` found in the unit as whole words, capped at max (default 3)",
    ),
    "debris_similarity": (
        frozenset({"phrases", "ignore_case"}),
        "highest word-overlap (Jaccard) of the unit with any of `phrases`, 0..1",
    ),
    "word_share": (
        frozenset({"words", "ignore_case"}),
        "share of the unit's words that are in the list `words` (e.g. a stop-word list)",
    ),
    "pattern": (frozenset({"regex", "ignore_case"}), "1 if the regex `regex` matches somewhere in the unit"),
    "repeated": (frozenset(), "1 if the same unit text (case and blanks ignored) occurs more than once"),
    "seen_before": (
        frozenset(),
        "1 if the same unit text (case and blanks ignored) occurred earlier in the document",
    ),
    "follows": (
        frozenset(
            {"regex", "within", "ignore_case", "gap_max_words", "min_position", "max_from_end",
             "stop_at_blank", "stop_at_prose"}
        ),
        "1 if one of the `within` (default 3) units before this one matches the regex `regex` "
        "(units the rule itself takes are not counted), lies at relative position `min_position` "
        "or later (default 0) and among the last `max_from_end` units (default: anywhere), "
        "and no unit in between "
        "has more than `gap_max_words` words (default: no limit); with `stop_at_blank: true`, a "
        "blank line ends the heading's reach, unless a blank line follows the heading itself "
        "(a list whose items are spaced by blank lines); with `stop_at_prose: N`, a heading "
        "followed at once by N units that end a sentence (as `terminal_punctuation`, but not "
        "with an ellipsis) and that the rule does not take reaches no unit after them: its list "
        "was lost, and the article goes on under it",
    ),
    "neighbours": (
        frozenset({"window", "min_score"}),
        "share of the units within `window` (default 1) on either side whose score without this "
        "term reaches `min_score` (default: the threshold)",
    ),
}

_WORD = regex.compile(r"\w+(?:['’]\w+)*")
_TOKEN = regex.compile(r"\S+")
_LINKLIKE = regex.compile(
    r"""^[(\[<"'“]*(?:
        (?:https?://|www\.)\S+
      | [\w.+-]+@[\w-]+(?:\.[\w-]+)+
      | [@#]\w+
      | (?:[\w-]+\.)+(?:com|org|net|de|uk|io|co|info|ch|at|fr|it|es|nl|pl|ru|gov|edu|ly|me|tv)(?:/\S*)?
    )[)\]>"'”.,;:!?]*$""",
    regex.VERBOSE | regex.IGNORECASE,
)
# a sentence ends in any script (. ! ? । ؟ ۔ ։ ። 。 ！ …), quotes and brackets may close after
# it, German „…“ and »…« included
_TERMINAL = regex.compile(r"[\p{Sentence_Terminal}…][\p{Pe}\p{Pf}\p{Pi}\"']*$")
_SEPARATOR = regex.compile(r"(?<=\S)\s+[|•·»›⋅▪◦]\s+(?=\S)")
_BULLET = regex.compile(r"^(?:[-*•·▪►–—]\s|\d{1,3}[.)]\s)")
_BLANKS = regex.compile(r"\s+")
_ELLIPSIS_END = regex.compile(r"(?:\.\.\.|…)[\p{Pe}\p{Pf}\p{Pi}\"']*$")


def _ends_sentence(text: str) -> bool:
    """Whether ``text`` ends a sentence (the ``terminal_punctuation`` feature)."""
    return _TERMINAL.search(text) is not None


def _ends_prose(text: str) -> bool:
    """Whether ``text`` ends a sentence, but not with an ellipsis (which ends a teaser cut
    short or a label such as "Loading...", not prose): ``follows``' ``stop_at_prose``."""
    return _TERMINAL.search(text) is not None and _ELLIPSIS_END.search(text) is None


@dataclass(frozen=True, slots=True)
class _Unit:
    """One line or paragraph: its character span (blanks trimmed) and text."""

    lo: int
    hi: int
    text: str


@dataclass(frozen=True, slots=True)
class _Context:
    """Per-document facts that features of one unit look up: repeated unit texts and where
    each first occurs, which units match each ``follows`` regex and how many phrases of each
    ``keywords`` feature each unit holds (by feature index), and every unit's word count."""

    repeats: Counter[str]
    flags: dict[int, Any]  # feature index -> list[bool] or _Lazy of bool
    word_counts: Any  # list[int] or _Lazy of int
    first_index: dict[str, int]
    hits: dict[int, Any]  # feature index -> list[int] or _Lazy of int
    blank_before: Any = None  # _Lazy of bool: a blank line between unit k - 1 and unit k
    prose_end: Any = None  # _Lazy of bool: unit k ends a sentence, not an ellipsis (stop_at_prose)
    nearest: dict[int, dict[int, int]] = field(default_factory=dict)  # see _nearest_flagged
    runs: dict[int, dict[int, tuple[bool, int, bool]]] = field(default_factory=dict)  # see _taken_run
    # the units scored so far whose score (without neighbours terms) reaches the threshold:
    # the rule takes them, so a ``follows`` look-back does not count them (see _follows)
    taken: set[int] = field(default_factory=set)
    taken_order: list[int] = field(default_factory=list)  # the same, in increasing order

    def take(self, k: int) -> None:
        """Record that unit ``k`` (scored after every unit before it) is taken."""
        self.taken.add(k)
        self.taken_order.append(k)

    def taken_between(self, j: int, k: int) -> int:
        """How many units strictly between ``j`` and ``k`` are taken."""
        order = self.taken_order
        return bisect.bisect_left(order, k) - bisect.bisect_right(order, j)


class _Lazy:
    """A read-only list whose items are computed on first use, by index."""

    __slots__ = ("_done", "_fn")

    def __init__(self, fn: Any) -> None:
        self._fn = fn
        self._done: dict[int, Any] = {}

    def __getitem__(self, k: int) -> Any:
        done = self._done
        if k in done:
            return done[k]
        v = done[k] = self._fn(k)
        return v


def _by_text(memo: dict[Any, Any], tag: Any, units: _Lazy, fn: Any) -> _Lazy:
    """A read-only list of ``fn(text of unit k)``, each kept in ``memo`` under ``(tag,
    text)``: a unit of the same text, in a later pass over the same document, gets its
    value without ``fn`` running again (``fn`` must depend on the text alone)."""

    def value(k: int) -> Any:
        key = (tag, units[k].text)
        found = memo.get(key)
        if found is None:
            found = memo[key] = fn(key[1])
        return found

    return _Lazy(value)


class _Strings:
    """Strings of which a text holds one wherever a feature's regex matches in it,
    case-folded when ``folded`` (which is exact for a text without a character of
    ``unsafe``; None: no claim), looked for in one automaton pass: a feature has up to
    170 of them, and looking for each in turn took longer than the regex call it spares."""

    __slots__ = ("_auto", "_strings", "folded", "unsafe")

    def __init__(self, strings: Iterable[str], folded: bool, unsafe: frozenset[str] | None) -> None:
        self._strings = tuple(sorted(set(strings)))
        # an empty string is in every text: no automaton
        self._auto = ahocorasick_rs.AhoCorasick(self._strings) if all(self._strings) else None
        self.folded = folded
        self.unsafe = unsafe

    def held_in(self, haystack: str) -> bool:
        """Whether ``haystack`` (case-folded already when ``folded``) holds one of the strings."""
        if self._auto is None:
            return True
        try:
            return bool(self._auto.find_matches_as_indexes(haystack))
        except UnicodeEncodeError:  # a lone surrogate, which the automaton cannot take
            return any(s in haystack for s in self._strings)

    def may_occur(self, text: str) -> bool:
        """False when the regex cannot match in ``text``: it holds none of the strings."""
        if self.unsafe is None or any(ch in text for ch in self.unsafe):
            return True
        return self.held_in(text.casefold() if self.folded else text)


@dataclass(frozen=True, slots=True)
class _Feature:
    """A feature term as declared, with its compiled helpers."""

    name: str
    weight: float
    params: tuple[tuple[str, Any], ...]

    def param(self, key: str, default: Any = None) -> Any:
        for k, v in self.params:
            if k == key:
                return v
        return default


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _phrase_regex(phrases: Sequence[str], ignore_case: bool) -> Any:
    parts = []
    for p in sorted(phrases, key=len, reverse=True):
        body = regex.escape(p)
        if p[:1].isalnum():
            body = r"(?<!\w)" + body
        if p[-1:].isalnum():
            body += r"(?!\w)"
        parts.append(body)
    return compile_regex("|".join(parts), ignore_case=ignore_case, multiline=False)


class ScoreMatcher(Matcher):
    """Matches lines or paragraphs whose weighted feature score reaches the threshold."""

    kind = "score"
    contextual = True

    def __init__(
        self,
        features: Sequence[Mapping[str, Any]],
        *,
        threshold: float,
        bias: float = 0.0,
        unit: str = "line",
        max_words: int | None = None,
        ignore_case: bool = False,
    ) -> None:
        if unit not in UNITS:
            raise ValueError(f"score unit must be one of {', '.join(UNITS)}")
        if not features:
            raise ValueError("score needs at least one feature")
        if max_words is not None and max_words < 1:
            raise ValueError("score max_words must be at least 1")
        self.unit = unit
        self.threshold = float(threshold)
        self.bias = float(bias)
        self.max_words = max_words
        self.ignore_case = ignore_case
        terms: list[_Feature] = []
        for spec in features:
            spec = dict(spec)
            name = spec.pop("feature", None)
            if name not in FEATURES:
                raise ValueError(f"unknown score feature {name!r}; known: {', '.join(sorted(FEATURES))}")
            if "weight" not in spec:
                raise ValueError(f"score feature {name}: `weight` is required")
            weight = spec.pop("weight")
            if not isinstance(weight, (int, float)) or isinstance(weight, bool) or not math.isfinite(weight):
                raise ValueError(f"score feature {name}: weight must be a number")
            allowed = FEATURES[name][0]
            extra = sorted(set(spec) - allowed)
            if extra:
                hint = f" (allowed: {', '.join(sorted(allowed))})" if allowed else " (it takes none)"
                raise ValueError(f"score feature {name}: unknown parameter(s) {', '.join(extra)}{hint}")
            if name in ("keywords", "debris_similarity") and not spec.get("phrases"):
                raise ValueError(f"score feature {name}: `phrases` is required")
            if name == "word_share" and not spec.get("words"):
                raise ValueError("score feature word_share: `words` is required")
            if name in ("pattern", "follows") and not spec.get("regex"):
                raise ValueError(f"score feature {name}: `regex` is required")
            if name in ("from_top", "from_bottom") and not spec.get("within"):
                raise ValueError(f"score feature {name}: `within` is required")
            params = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in spec.items()))
            terms.append(_Feature(name, float(weight), params))
        self.features = tuple(terms)
        self._compiled: dict[int, Any] = {}
        # keywords: the phrases as strings to look for (case-folded for ignore_case);
        # pattern, follows: the strings the regex requires (None: none proven)
        self._needles: dict[int, _Strings | None] = {}
        for i, f in enumerate(self.features):
            ic = bool(f.param("ignore_case", ignore_case))
            if f.name == "keywords":
                self._compiled[i] = _phrase_regex(f.param("phrases"), ic)
                phrases = f.param("phrases")
                unsafe = case_unsafe_chars(phrases) if ic else frozenset()
                self._needles[i] = _Strings([p.casefold() if ic else p for p in phrases], ic, unsafe)
            elif f.name in ("pattern", "follows"):
                self._compiled[i] = compile_regex(f.param("regex"), ignore_case=ic, multiline=False)
                lits = required_literals(f.param("regex"), ignore_case=ic)
                self._needles[i] = None if lits is None else _Strings(lits.strings, lits.folded, lits.unsafe)
            elif f.name == "debris_similarity":
                self._compiled[i] = [
                    frozenset(w.casefold() if ic else w for w in _words(p)) for p in f.param("phrases")
                ]
            elif f.name == "word_share":
                self._compiled[i] = frozenset(w.casefold() if ic else w for w in f.param("words"))
        self._has_neighbours = any(f.name == "neighbours" for f in self.features)
        # find_near leaves out the terms that can only lower a score (no feature's value is
        # negative) for a unit the other terms leave below the threshold, less the most its
        # neighbours can add, and below every neighbours cut: it then matches nowhere, is
        # not taken and counts as no one's neighbour, whatever those terms would take off
        lowering = any(f.name != "neighbours" and f.weight < 0 for f in self.features)
        near = [f for f in self.features if f.name == "neighbours" and f.weight]
        lift = sum(f.weight for f in near if f.weight > 0)
        cuts = [float(f.param("min_score", threshold)) for f in near]
        self._hopeless = min([self.threshold - lift, *cuts]) - 1e-9 if lowering else None
        self._has_follows = any(f.name == "follows" and f.weight for f in self.features)
        # whether a unit's words are read (max_words, or a feature of the words)
        self._reads_words = max_words is not None or any(
            f.name in _WORD_FEATURES and f.weight for f in self.features
        )

    # --- units and features ------------------------------------------------------------------

    def _units(self, doc: Document) -> tuple[list[_Unit], list[list[str]]]:
        """The units of ``doc`` and their words, computed once per document for all score
        rules (kept in the document's cache next to its line index)."""
        key = f"_score_units_{self.unit}"
        cached = doc.__dict__.get(key)
        if cached is not None:
            return cached  # type: ignore[no-any-return]
        text = doc.text
        if self.unit == "line":
            units = [_Unit(ln.lo, ln.hi, text[ln.lo : ln.hi]) for ln in doc.content_lines]
        else:
            units = []
            for first, last in doc.paragraphs:
                lo, hi = doc.lines[first].lo, doc.lines[last].hi
                units.append(_Unit(lo, hi, text[lo:hi]))
        result = (units, [_words(u.text) for u in units])
        doc.__dict__[key] = result
        return result

    def _value(
        self,
        i: int,
        f: _Feature,
        unit: _Unit,
        words: list[str],
        index: int,
        count: int,
        ctx: _Context,
        budget: Budget,
    ) -> float:
        name = f.name
        text = unit.text
        if name == "words":
            return float(len(words))
        if name == "log_words":
            return math.log2(1 + len(words))
        if name == "chars":
            return float(sum(1 for c in text if not c.isspace()))
        if name == "short":
            return 1.0 if len(words) <= int(f.param("max_words", 6)) else 0.0
        if name == "long":
            return 1.0 if len(words) >= int(f.param("min_words", 25)) else 0.0
        if name == "terminal_punctuation":
            return 1.0 if _ends_sentence(text) else 0.0
        if name == "ends_with_colon":
            return 1.0 if text.endswith((":", "：")) else 0.0
        if name == "title_case_share":
            long_words = [w for w in words if sum(c.isalpha() for c in w) >= 4 and w[0].isalpha()]
            return sum(w[0].isupper() for w in long_words) / len(long_words) if long_words else 0.0
        if name == "upper_case_share":
            cased = [w for w in words if sum(c.isalpha() for c in w) >= 2]
            return sum(w.isupper() for w in cased) / len(cased) if cased else 0.0
        if name == "link_share":
            toks = _TOKEN.findall(text)
            return sum(1 for t in toks if _LINKLIKE.match(t)) / len(toks) if toks else 0.0
        if name == "digit_share":
            chars = [c for c in text if not c.isspace()]
            return sum(c.isdigit() for c in chars) / len(chars) if chars else 0.0
        if name == "separators":
            return float(min(len(_SEPARATOR.findall(text)), int(f.param("max", 3))))
        if name == "list_item":
            return 1.0 if _BULLET.match(text) else 0.0
        if name == "position":
            return index / (count - 1) if count > 1 else 0.0
        if name == "from_top":
            return 1.0 if index < int(f.param("within")) else 0.0
        if name == "from_bottom":
            return 1.0 if count - index <= int(f.param("within")) else 0.0
        if name == "keywords":
            return float(min(ctx.hits[i][index], int(f.param("max", 3))))
        if name == "debris_similarity":
            ic = bool(f.param("ignore_case", self.ignore_case))
            mine = frozenset(w.casefold() if ic else w for w in words)
            if not mine:
                return 0.0
            return max((len(mine & p) / len(mine | p) for p in self._compiled[i] if p), default=0.0)
        if name == "word_share":
            ic = bool(f.param("ignore_case", self.ignore_case))
            vocab = self._compiled[i]
            return sum((w.casefold() if ic else w) in vocab for w in words) / len(words) if words else 0.0
        if name == "pattern":
            found = ctx.flags[i][index] if i in ctx.flags else self._search(i, text, budget)
            return 1.0 if found else 0.0
        if name == "repeated":
            return 1.0 if ctx.repeats[_key(text)] > 1 else 0.0
        if name == "seen_before":
            return 1.0 if ctx.first_index.get(_key(text), index) < index else 0.0
        if name == "follows":
            return _follows(f, ctx.flags[i], ctx, i, index, count)
        raise AssertionError(f"unhandled feature {name}")  # pragma: no cover - FEATURES is closed

    def _keyword_hits(
        self, i: int, text: str, units: list[_Unit], starts: list[int], budget: Budget
    ) -> list[int]:
        """Phrase hits of keywords feature ``i`` per unit, from one scan of the whole text."""
        counts = [0] * len(units)
        if not units:
            return counts
        needles = self._needles[i]
        assert needles is not None
        if not needles.held_in(text.casefold() if needles.folded else text):  # most texts have none
            return counts
        try:
            for m in self._compiled[i].finditer(text, units[0].lo, units[-1].hi, timeout=budget.left()):
                k = bisect.bisect_right(starts, m.start()) - 1
                if k >= 0 and m.end() <= units[k].hi:
                    counts[k] += 1
        except TimeoutError as exc:
            raise RegexTimeout(str(exc)) from exc
        return counts

    def scores(self, doc: Document, budget: Budget | None = None) -> list[tuple[int, int, float | None]]:
        """(start, end, score) of every unit of ``doc``; score None for units over max_words.
        ``budget`` (None: no limit) bounds the scoring of all the units together
        (RegexTimeout past it)."""
        budget = budget if budget is not None else Budget(None)
        units, unit_words = self._units(doc)
        count = len(units)
        starts = [u.lo for u in units]
        ctx = self._context(doc.text, starts, [u.hi for u in units], units, [len(w) for w in unit_words])
        for i, f in enumerate(self.features):
            if f.name == "keywords" and f.weight:
                ctx.hits[i] = self._keyword_hits(i, doc.text, units, starts, budget)
            if f.name == "follows" and f.weight:
                ctx.flags[i] = [self._search(i, u.text, budget) for u in units]
        base: list[float | None] = []
        threshold = self.threshold
        for n in range(count):  # in order: a unit's look-back reads which units before it are taken
            budget.left()  # features without a regex add up over many units too
            b = self._base(units[n], unit_words[n], n, count, ctx, budget)
            base.append(b)
            if b is not None and b >= threshold:
                ctx.take(n)
        final = list(base)
        if self._has_neighbours:
            for index, own in enumerate(base):
                if own is not None:
                    final[index] = self._with_neighbours(index, own, count, base.__getitem__)
        return [(u.lo, u.hi, s) for u, s in zip(units, final)]

    def _base(
        self,
        unit: _Unit,
        words: list[str],
        index: int,
        count: int,
        ctx: _Context,
        budget: Budget,
        hopeless: float | None = None,
    ) -> float | None:
        """A unit's score without the neighbours terms; None when it is over max_words.

        With ``hopeless``: the terms that raise the score are taken first, and if they
        leave it below ``hopeless`` that is returned, an upper bound of the score, without
        computing the terms that lower it."""
        if self.max_words is not None and len(words) > self.max_words:
            return None
        values: dict[int, float] = {}
        if hopeless is not None:
            top = self.bias
            for i, f in enumerate(self.features):
                if f.name != "neighbours" and f.weight > 0:
                    values[i] = v = self._value(i, f, unit, words, index, count, ctx, budget)
                    top += f.weight * v
            if top < hopeless:
                return top
        s = self.bias  # in the declared order, so that a score is the same however found
        for i, f in enumerate(self.features):
            if f.name != "neighbours" and f.weight:
                v = values[i] if i in values else self._value(i, f, unit, words, index, count, ctx, budget)
                s += f.weight * v
        return s

    def _spans(self, doc: Document) -> tuple[list[int], list[int]]:
        """Start and end offsets of the units of ``doc`` (cached in the document)."""
        key = f"_score_spans_{self.unit}"
        cached = doc.__dict__.get(key)
        if cached is not None:
            return cached  # type: ignore[no-any-return]
        if self.unit == "line":
            content = doc.content_lines
            result = ([ln.lo for ln in content], [ln.hi for ln in content])
        else:
            lines = doc.lines
            paras = doc.paragraphs
            result = ([lines[a].lo for a, _b in paras], [lines[b].hi for _a, b in paras])
        doc.__dict__[key] = result
        return result

    def find_near(
        self,
        doc: Document,
        lo: int,
        hi: int,
        positions: Sequence[int],
        *,
        reach: int,
        template: str | None,
        budget: Budget,
    ) -> Iterator[Hit]:
        """The hits of :meth:`find`, scoring only the units that can reach the threshold.

        The caller (:class:`cleaner.scan.CompiledRules`) proves that a unit can match
        only if one of ``positions`` (where the rule's required strings start in the
        text) lies in it or in one of the ``reach`` units before it, and that the units
        it skips score below every ``neighbours`` cut. Keyword phrases are counted unit
        by unit, which equals the whole-text scan of :meth:`scores` for phrases that
        neither start nor end with a blank (the caller checks that too). ``budget``
        bounds the scoring of all those units together, as in :meth:`scores`.
        """
        starts, ends = self._spans(doc)
        count = len(starts)
        if not count:
            return
        wanted: set[int] = set()
        for p in positions:
            k = bisect.bisect_right(starts, p) - 1
            if k >= 0 and p < ends[k]:
                wanted.update(range(k, min(count, k + reach + 1)))
        if not wanted:
            return
        text = doc.text

        def unit(k: int) -> _Unit:
            return _Unit(starts[k], ends[k], text[starts[k] : ends[k]])

        units = _Lazy(unit)
        # what depends on a unit's text alone is kept for the later passes over the document
        memo: dict[Any, Any] = doc.memo if doc.memo is not None else {}
        words = _by_text(memo, "words", units, _words)
        ctx = self._context(text, starts, ends, units, _Lazy(lambda k: len(words[k])))
        for i, f in enumerate(self.features):
            if f.name == "keywords" and f.weight:
                ctx.hits[i] = _by_text(
                    memo, (self, i), units, lambda t, i=i: self._unit_keyword_hits(i, t, 0, len(t), budget)
                )
            if f.name in ("follows", "pattern") and f.weight:
                ctx.flags[i] = _by_text(memo, (self, i), units, lambda t, i=i: self._search(i, t, budget))
        no_words: list[str] = []  # units are scored without their words when nothing reads them
        base: dict[int, float | None] = {}
        todo = list(wanted)
        heapq.heapify(todo)
        chain = self._has_follows
        pushed = -1  # units up to here were put in ``todo`` by a taken unit's reach
        while todo:  # in index order: a unit's look-back reads which units before it are taken
            k = heapq.heappop(todo)
            if k in base:
                continue
            budget.left()  # features without a regex add up over many units too
            own = words[k] if self._reads_words else no_words
            b = base[k] = self._base(units[k], own, k, count, ctx, budget, self._hopeless)
            if b is not None and b >= self.threshold:
                ctx.take(k)
                if chain:  # a taken unit does not count in a look-back: the reach goes on
                    for m in range(max(k, pushed) + 1, min(count, k + reach + 1)):
                        heapq.heappush(todo, m)
                    pushed = max(pushed, k + reach)
        order = sorted(base)
        def scored(k: int) -> float | None:
            s = base[k]
            if s is not None and self._has_neighbours:
                s = self._with_neighbours(k, s, count, base.get)
            return s

        yield from self._runs(((k, starts[k], ends[k], scored(k)) for k in order), lo, hi, template)

    def _runs(
        self, units: Iterable[tuple[int, int, int, float | None]], lo: int, hi: int, template: str | None
    ) -> Iterator[Hit]:
        """One hit per run of matched units with consecutive indices inside ``[lo, hi)``;
        ``units`` are (index, start, end, score) in index order."""
        run: list[tuple[int, int, float]] = []
        last = -2
        for k, start, end, s in units:
            if s is not None and s >= self.threshold and lo <= start and end <= hi:
                if run and k != last + 1:
                    yield _run_hit(run, template)
                    run = []
                run.append((start, end, s))
                last = k
                continue
            if run:
                yield _run_hit(run, template)
                run = []
        if run:
            yield _run_hit(run, template)

    def _context(
        self, text: str, starts: Sequence[int], ends: Sequence[int], units: Any, word_counts: Any
    ) -> _Context:
        """A new context for ``units`` (a list or _Lazy of _Unit), which lie at
        ``[starts[k], ends[k])`` of ``text``, and have ``word_counts`` words (a list or
        _Lazy too), holding what :meth:`scores` and :meth:`find_near` share: the blank
        lines and sentence ends around each unit, and the repeated unit texts when a
        feature reads them. The features' own flags and hits are the caller's to fill in."""
        ctx = _Context(
            Counter(), {}, word_counts, {}, {}, self._blank_before(text, starts, ends),
            _Lazy(lambda k: _ends_prose(units[k].text)),
        )
        if any(f.name in ("repeated", "seen_before") for f in self.features):
            keys = [_key(text[s:e]) for s, e in zip(starts, ends)]
            ctx.repeats.update(keys)
            for k, key in enumerate(keys):
                ctx.first_index.setdefault(key, k)
        return ctx

    def _blank_before(self, text: str, starts: Sequence[int], ends: Sequence[int]) -> _Lazy:
        """Whether a blank line separates unit k - 1 from unit k (paragraphs: always)."""
        if self.unit != "line":
            return _Lazy(lambda k: True)
        return _Lazy(lambda k: k > 0 and text.count("\n", ends[k - 1], starts[k]) > 1)

    def _unit_keyword_hits(self, i: int, text: str, lo: int, hi: int, budget: Budget) -> int:
        """Phrase hits of keywords feature ``i`` inside ``[lo, hi)``: none, without running
        the regex, when no phrase occurs there as a string (case-folded for ignore_case,
        which is exact unless the unit holds a character the ``regex`` module matches
        otherwise, see ``prefilter.case_unsafe_chars``)."""
        needles = self._needles[i]
        if needles is not None and not needles.may_occur(text[lo:hi]):
            return 0
        try:
            found = self._compiled[i].finditer(text, lo, hi, False, None, False, budget.left())
            return sum(1 for _m in found)
        except TimeoutError as exc:
            raise RegexTimeout(str(exc)) from exc

    def _search(self, i: int, text: str, budget: Budget) -> bool:
        """Whether the regex of feature ``i`` (pattern, follows) occurs in ``text``: not,
        without running it, when ``text`` holds none of the strings it requires (most
        units: a regex call costs a few microseconds, most of them the ``regex`` module
        reading the CPU clock for its time limit)."""
        needles = self._needles[i]
        if needles is not None and not needles.may_occur(text):
            return False
        try:
            return self._compiled[i].search(text, None, None, None, False, budget.left()) is not None
        except TimeoutError as exc:
            raise RegexTimeout(str(exc)) from exc

    def _with_neighbours(self, index: int, own: float, count: int, base_of: Any) -> float:
        """``own`` plus the neighbours terms; ``base_of(j)`` is unit j's base score (None
        for a unit over max_words or below every cut)."""
        s = own
        for f in self.features:
            if f.name != "neighbours":
                continue
            window = int(f.param("window", 1))
            cut = float(f.param("min_score", self.threshold))
            near = [j for j in range(max(0, index - window), min(count, index + window + 1)) if j != index]
            if near:
                hits = 0
                for j in near:
                    b = base_of(j)
                    if b is not None and b >= cut:
                        hits += 1
                s += f.weight * (hits / len(near))
        return s

    def find(self, doc: Document, lo: int, hi: int, *, template: str | None, budget: Budget) -> Iterator[Hit]:
        scored = ((k, start, end, s) for k, (start, end, s) in enumerate(self.scores(doc, budget)))
        yield from self._runs(scored, lo, hi, template)

    # --- linting and pickling ----------------------------------------------------------------

    def patterns(self) -> list[tuple[str, str]]:
        return [
            (f"score.{f.name}", f.param("regex")) for f in self.features if f.name in ("pattern", "follows")
        ]

    def literals(self) -> list[str]:
        out: list[str] = []
        for f in self.features:
            if f.name in ("keywords", "debris_similarity"):
                out.extend(f.param("phrases"))
        return out

    def spec(self) -> list[dict[str, Any]]:
        """The features as declared (plain data)."""
        return [
            {
                "feature": f.name,
                "weight": f.weight,
                **{k: list(v) if isinstance(v, tuple) else v for k, v in f.params},
            }
            for f in self.features
        ]

    def __getstate__(self) -> dict[str, Any]:
        return {
            "features": self.spec(),
            "threshold": self.threshold,
            "bias": self.bias,
            "unit": self.unit,
            "max_words": self.max_words,
            "ignore_case": self.ignore_case,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(  # type: ignore[misc]
            state["features"],
            threshold=state["threshold"],
            bias=state["bias"],
            unit=state["unit"],
            max_words=state["max_words"],
            ignore_case=state["ignore_case"],
        )


def _run_hit(run: list[tuple[int, int, float]], template: str | None) -> Hit:
    """One hit for adjacent matched units, scored by the weakest of them."""
    return Hit(run[0][0], run[-1][1], template, round(min(s for _, _, s in run), 3))


#: the features whose value depends on a unit's words
_WORD_FEATURES = frozenset(
    {"words", "log_words", "short", "long", "title_case_share", "upper_case_share", "debris_similarity",
     "word_share"}
)

#: a ``follows`` look-back longer than this (with no gap or blank-line stop) is answered from
#: the nearest earlier heading, found once per document, rather than unit by unit
_SCAN_WITHIN = 8


def _follows(f: _Feature, flags: Any, ctx: _Context, i: int, index: int, count: int) -> float:
    """The ``follows`` feature ``i`` of unit ``index``: 1.0 if a heading (a unit that
    ``flags`` marks, at or past ``min_position``) lies within ``within`` units before it.

    Units that the rule itself takes (scored before this one) are not counted: removing
    them brings the next units within reach of the heading, so counting them would make
    the rule take more each time the text is cleaned again. They still end the reach
    where a blank line lies next to them (``stop_at_blank``), as the blank line stays.

    With ``stop_at_prose: N``, a heading whose next N units the rule keeps and end
    sentences (see :func:`_lost_list`) reaches no unit after them.
    """
    gap_max = f.param("gap_max_words")
    min_pos = _heading_floor(f, count)
    stop_at_blank = bool(f.param("stop_at_blank", False))
    prose = int(f.param("stop_at_prose", 0))
    within = int(f.param("within", 3))
    taken = ctx.taken
    if gap_max is None and not stop_at_blank and not prose and within > _SCAN_WITHIN:
        # nothing between a heading and this unit can stop the look-back: it finds the
        # nearest heading before the unit, the same for neighbouring units
        j = _nearest_flagged(ctx, i, index, count, min_pos)
        if j < 0:
            return 0.0
        return 1.0 if index - j - 1 - ctx.taken_between(j, index) < within else 0.0
    crossed = False  # a blank line lies between unit j and this unit
    counted = 0  # units looked back over that the rule does not take
    j = index - 1
    while j >= 0 and counted < within:
        if j in taken:  # a run of taken units is not counted: crossed at once
            heading, j, blank = _taken_run(f, flags, ctx, i, j, count)
            crossed = crossed or blank
            if heading:
                if crossed and not ctx.blank_before[j + 1]:
                    return 0.0
                return 0.0 if prose and _lost_list(ctx, j, index, prose) else 1.0
            j -= 1
            continue
        if stop_at_blank and ctx.blank_before[j + 1]:
            crossed = True
        if _is_heading(flags, j, count, min_pos):
            # across a blank line only from a heading that a blank line follows (a list
            # spaced by blank lines), not out of the heading's own block
            if crossed and not ctx.blank_before[j + 1]:
                return 0.0
            return 0.0 if prose and _lost_list(ctx, j, index, prose) else 1.0
        if gap_max is not None and ctx.word_counts[j] > int(gap_max):
            return 0.0
        counted += 1
        j -= 1
    return 0.0


def _lost_list(ctx: _Context, heading: int, index: int, prose: int) -> bool:
    """Whether the ``prose`` units right after ``heading`` lie before unit ``index``, end
    sentences (not with an ellipsis) and are not taken by the rule: then the heading's
    list was lost (an extractor kept the heading of a widget and dropped its items), the
    article goes on under it, and the heading reaches nothing after that prose. One such
    line is not enough for a rule to ask: a widget's own blurb or sign-up line often
    stands between its heading and its list."""
    if heading + prose >= index:
        return False
    return all(m not in ctx.taken and ctx.prose_end[m] for m in range(heading + 1, heading + prose + 1))


def _heading_floor(f: _Feature, count: int) -> float:
    """The relative position at or past which a heading of ``follows`` feature ``f`` counts
    in a document of ``count`` units: ``min_position``, raised so that the heading is one
    of the last ``max_from_end`` units when that is given."""
    floor = float(f.param("min_position", 0.0))
    from_end = f.param("max_from_end")
    if from_end is not None and count >= 2:
        floor = max(floor, (count - int(from_end)) / (count - 1))
    return floor


def _is_heading(flags: Any, j: int, count: int, min_pos: float) -> bool:
    """Unit ``j`` matches a ``follows`` regex (``flags``) at or past ``min_pos`` of the
    document's ``count`` units."""
    # the position first: the regex is not run on a unit too early in the text to count
    return (count < 2 or j / (count - 1) >= min_pos) and bool(flags[j])


def _taken_run(f: _Feature, flags: Any, ctx: _Context, i: int, j: int, count: int) -> tuple[bool, int, bool]:
    """The look-back of ``follows`` feature ``i`` over the taken units from ``j`` down:
    (True, h, blank) if it meets a heading h among them, else (False, first unit of the
    run, blank); blank: a blank line lies next to a unit passed (when the feature stops
    at blank lines). Remembered per taken unit: the taken units before a unit are all
    known when it is scored, and a long list would otherwise be walked once per item."""
    memo = ctx.runs.setdefault(i, {})
    found = memo.get(j)
    if found is not None:
        return found
    min_pos = _heading_floor(f, count)
    stop_at_blank = bool(f.param("stop_at_blank", False))
    path = []  # taken units down to one already known, or to the run's first unit
    k = j
    below: tuple[bool, int, bool] | None = None
    while True:
        path.append(k)
        if _is_heading(flags, k, count, min_pos):
            break
        if k == 0 or k - 1 not in ctx.taken:
            break
        below = memo.get(k - 1)
        if below is not None:
            break
        k -= 1
    for k in reversed(path):  # from the lowest unit up
        blank = stop_at_blank and bool(ctx.blank_before[k + 1])
        if _is_heading(flags, k, count, min_pos):
            below = (True, k, blank)
        elif below is None:
            below = (False, k, blank)
        else:
            below = (below[0], below[1], blank or below[2])
        memo[k] = below
    assert below is not None
    return below


def _nearest_flagged(ctx: _Context, i: int, index: int, count: int, min_pos: float) -> int:
    """The largest j < ``index`` whose unit matches the regex of ``follows`` feature ``i``
    at or past ``min_pos`` of the document (-1: none), remembered per unit for the document."""
    memo = ctx.nearest.setdefault(i, {})
    found = memo.get(index)
    if found is not None:
        return found  # type: ignore[no-any-return]
    flags = ctx.flags[i]
    k = index
    while k > 0 and k not in memo:
        k -= 1
    best = memo.get(k, -1)
    for p in range(k + 1, index + 1):  # the nearest below p: p - 1, or the nearest below p - 1
        j = p - 1
        if _is_heading(flags, j, count, min_pos):
            best = j
        memo[p] = best
    return best


def _key(text: str) -> str:
    return _BLANKS.sub(" ", text.strip()).casefold()
