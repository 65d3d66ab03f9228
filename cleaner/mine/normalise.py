# The shape of a line for mining: numbers, month and weekday names and runs of blanks are
# folded, so "Posted on June 3" and "Posted on July 9" are one shape; and shape -> regex.
"""Line shapes.

A *shape* is a line with its variable parts replaced by placeholder characters, three of
Unicode's noncharacters (U+FDD0-U+FDD2, set aside for a program's internal use; a
private-use character would collide with the icon-font glyphs scraped text carries):

* ``NUM`` a number: digits with inner ``.``, ``,`` or ``:`` (``1,234``, ``10:30``),
  an ordinal suffix (``3rd``) and an ``am``/``pm`` that follows;
* ``MONTH`` a month name (English, German, French, Spanish; abbreviations only next to
  a number, so "Sun" in "The Sun" stays a word);
* ``DAY`` a weekday name, likewise.

Blanks at both ends are stripped and inner runs become one space. Case is kept. A line
that holds a placeholder character itself has no shape (""), like a blank line, so no
shape is ever read two ways.
:func:`shape_regex` turns a shape back into a regex that matches every line of that
shape, for a ``line`` matcher.
"""

from __future__ import annotations

import re as stdlib_re
from collections.abc import Iterable
from typing import Any

import regex

__all__ = [
    "DAY",
    "LANGUAGES",
    "MONTH",
    "NUM",
    "NUM_SOURCE",
    "PLACEHOLDERS",
    "day_source",
    "display_shape",
    "escape",
    "fixed_text",
    "languages_of",
    "month_source",
    "number_source",
    "shape_lines",
    "shape_of",
    "shape_regex",
]

NUM = "\ufdd0"
MONTH = "\ufdd1"
DAY = "\ufdd2"
PLACEHOLDERS = NUM + MONTH + DAY

#: language -> (full month names, abbreviations, full weekday names, abbreviations)
_NAMES: dict[str, tuple[str, str, str, str]] = {
    "en": (
        "January February March April May June July August September October November December",
        "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec",
        "Monday Tuesday Wednesday Thursday Friday Saturday Sunday",
        "Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun",
    ),
    "de": (
        "Januar Jänner Februar März Maerz April Mai Juni Juli August September Oktober November Dezember",
        "Jan Jän Feb Mär Apr Jun Jul Aug Sep Sept Okt Nov Dez",
        "Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonnabend Sonntag",
        "Mo Di Mi Do Fr Sa So",
    ),
    "fr": (
        "janvier février fevrier mars avril mai juin juillet août aout septembre octobre novembre décembre",
        "janv févr avr juil sept oct nov déc",
        "lundi mardi mercredi jeudi vendredi samedi dimanche",
        "lun mar mer jeu ven sam dim",
    ),
    "es": (
        "enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre",
        "ene feb mar abr may jun jul ago sep sept oct nov dic",
        "lunes martes miércoles miercoles jueves viernes sábado sabado domingo",
        "lun mar mié jue vie sáb dom",
    ),
}
LANGUAGES = tuple(_NAMES)


def _forms(words: set[str]) -> list[str]:
    """Each name as written, capitalised and in capitals."""
    out: set[str] = set()
    for w in words:
        out.update((w, w[:1].upper() + w[1:], w.upper()))
    return sorted(out, key=lambda s: (-len(s), s))


def _alternation(words: set[str]) -> str:
    """Alternation of the names as one case-insensitive group, for a draft's regex."""
    lower = sorted({w.casefold() for w in words}, key=lambda s: (-len(s), s))
    return "(?i:" + "|".join(regex.escape(w) for w in lower) + ")"


def _names(langs: tuple[str, ...], column: int) -> set[str]:
    return {w for lang in langs for w in _NAMES[lang][column].split()}


#: regex source of one number, as folded into NUM
NUM_SOURCE = r"\d+(?:[.,:]\d+)*(?:st|nd|rd|th)?(?:[^\S\n]?[AaPp]\.?[Mm]\.?(?!\w))?"


def month_source(langs: tuple[str, ...] = LANGUAGES) -> str:
    """Regex source of a month name, full or abbreviated, for a draft's ``line`` pattern
    (folding is stricter about abbreviations, but in a draft the context is fixed)."""
    return _alternation(_names(langs, 0) | _names(langs, 1)) + r"\.?(?!\w)"


def day_source(langs: tuple[str, ...] = LANGUAGES) -> str:
    """Regex source of a weekday name, full or abbreviated, for a draft."""
    return _alternation(_names(langs, 2) | _names(langs, 3)) + r"\.?(?!\w)"


def _trie(words: Iterable[str]) -> str:
    """An alternation of ``words`` factored by common prefixes (much faster to scan)."""
    root: dict[str, Any] = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        alts = [stdlib_re.escape(ch) + emit(node[ch]) for ch in sorted(node) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


# Folding runs on every line of the corpus, so it uses the stdlib `re` and a prefix trie
# of the name forms; what depends on context (abbreviations) is decided in _fold.
_KIND: dict[str, set[str]] = {}
for _lang, (_mf, _ma, _df, _da) in _NAMES.items():
    for _col, _kind in ((_mf, "month"), (_ma, "month-abbr"), (_df, "day"), (_da, "day-abbr")):
        for _form in _forms(set(_col.split())):
            _KIND.setdefault(_form, set()).add(_kind)
_MONTH_FORMS = _trie(f for f, k in _KIND.items() if k & {"month", "month-abbr"})
_FOLD = stdlib_re.compile(rf"(?<!\w)(?:(?P<num>{NUM_SOURCE})|(?P<name>{_trie(_KIND)})(?!\w)(?P<dot>\.?))")
_NUMBER_AFTER = stdlib_re.compile(r"[^\S\n]*\d")
_NUMBER_BEFORE = stdlib_re.compile(r"\d\.?[^\S\n]{0,2}\Z")
_DATE_AFTER = stdlib_re.compile(rf",?[^\S\n]*(?:\d|(?:{_MONTH_FORMS})(?!\w))")
_BLANKS = regex.compile(r"[^\S\n]+")  # the `regex` module's \s: what drafts' patterns see


def _name_kind(m: stdlib_re.Match[str]) -> str | None:
    """ "month", "day" or None (an abbreviation out of a date's context stays a word)."""
    kinds = _KIND[m.group("name")]
    if "month" in kinds:
        return "month"
    if "day" in kinds:
        return "day"
    s, start, end = m.string, m.start(), m.end()
    if "month-abbr" in kinds and (
        _NUMBER_AFTER.match(s, end) or _NUMBER_BEFORE.search(s[max(0, start - 4) : start])
    ):
        return "month"
    if "day-abbr" in kinds and _DATE_AFTER.match(s, end):
        return "day"
    return None


def _fold(m: stdlib_re.Match[str]) -> str:
    if m.group("num") is not None:
        return NUM
    kind = _name_kind(m)
    if kind is None:
        return m.group()
    full = _KIND[m.group("name")] & {"month", "day"}
    return (MONTH if kind == "month" else DAY) + (m.group("dot") if full else "")


def languages_of(lines: list[str]) -> tuple[str, ...]:
    """Languages whose month or weekday names fill the placeholders of ``lines``
    (all languages when no name does)."""
    seen: set[str] = set()
    for line in lines:
        for m in _FOLD.finditer(line):
            if m.group("name") is not None and _name_kind(m) is not None:
                seen.add(m.group("name").casefold())
    # the fewest languages (in table order) whose names cover every name seen
    found: list[str] = []
    left = set(seen)
    for lang, cols in _NAMES.items():
        names = {w.casefold() for col in cols for w in col.split()}
        if left & names:
            found.append(lang)
            left -= names
    return tuple(found) or LANGUAGES


def shape_lines(text: str) -> list[str]:
    """The shape of every line of ``text`` ("" for a blank line), in one scan."""
    folded = _BLANKS.sub(" ", _FOLD.sub(_fold, text))
    shapes = [ln.strip(" ") for ln in folded.split("\n")]
    if any(c in text for c in PLACEHOLDERS):  # such a line has no shape: it would read two ways
        for i, line in enumerate(text.split("\n")):
            if any(c in line for c in PLACEHOLDERS):
                shapes[i] = ""
    return shapes


def shape_of(line: str) -> str:
    """The shape of one line."""
    return shape_lines(line.replace("\n", " "))[0]


def fixed_text(shape: str) -> str:
    """What of a shape is constant: the shape without its placeholders."""
    return shape.translate({ord(c): None for c in PLACEHOLDERS})


_DISPLAY = {NUM: "<n>", MONTH: "<month>", DAY: "<day>"}


def display_shape(shape: str) -> str:
    """A shape for people: placeholders as ``<n>``, ``<month>``, ``<day>``."""
    return "".join(_DISPLAY.get(c, c) for c in shape)


_META = frozenset("\\.^$*+?{}[]|()")


def escape(text: str) -> str:
    """``text`` as a regex that matches it literally, escaping only metacharacters
    (``regex.escape`` also escapes spaces and punctuation, which is harder to read)."""
    return "".join("\\" + c if c in _META else c for c in text)


_ORDINAL = regex.compile(r"\d(?:st|nd|rd|th)(?!\w)")
_AMPM = regex.compile(r"\d[^\S\n]?[AaPp]\.?[Mm]\.?(?!\w)")


def number_source(samples: list[str] | None = None) -> str:
    """Regex source for NUM: digits with inner separators, plus an ordinal suffix and
    am/pm only when ``samples`` (real lines of the shape) show them; all without samples."""
    out = r"\d+(?:[.,:]\d+)*"
    if samples is None or any(_ORDINAL.search(x) for x in samples):
        out += "(?:st|nd|rd|th)?"
    if samples is None or any(_AMPM.search(x) for x in samples):
        out += r"(?:[^\S\n]?[AaPp]\.?[Mm]\.?(?!\w))?"
    return out


def shape_regex(shape: str, samples: list[str] | None = None) -> str:
    """A regex (for a ``line`` matcher) that matches every line of ``shape``.

    Literal parts are escaped; a space stands for any run of blanks; each placeholder
    becomes a pattern for what folds into it. ``samples``, real lines of the shape,
    keep the regex short: month and weekday names only of their languages, and the
    optional parts of numbers only if they show them.
    """
    langs = languages_of(samples) if samples else LANGUAGES
    sources = {NUM: number_source(samples), MONTH: month_source(langs), DAY: day_source(langs)}
    parts: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        if buf:
            parts.append(escape("".join(buf)))
            buf.clear()

    for ch in shape:
        if ch in sources:
            flush()
            parts.append(f"(?:{sources[ch]})")
        elif ch == " ":
            flush()
            parts.append(r"\s+")
        else:
            buf.append(ch)
    flush()
    return "".join(parts)
