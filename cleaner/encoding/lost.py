# Characters lost in a lossy conversion: runs of '?' / U+FFFD that stood for emoji or
# other scripts (encoding.lost-chars), and apostrophes lost inside words (encoding.apostrophe).
"""Lost characters.

A converter that cannot represent a character writes ``?`` (or a decoder writes
U+FFFD). Real question marks must never be touched, so both steps act only where the
damage is certain:

``encoding.lost-chars`` removes a run of ``?``/U+FFFD that stands apart from the words
around it (whitespace or line ends on both sides, or inside its own parentheses) when

- it holds a U+FFFD, unless the text names that character (``U+FFFD``, "replacement
  character": a manual on decoding errors shows it on purpose);
- it is in parentheses and has two or more characters (``(??? ???)``, a lost name);
- it has several groups (``??????? ??``) and three or more characters;
- it starts a line and has two or more characters followed by more text, or three alone;
- it follows punctuation that ends a phrase (``path. ??``, ``Hi, ??``; not a colon, as in
  ``Winner: ???``) and has two or more;
- it follows a word and has three or more characters and the sentence goes on after it
  (``little bear ???? don’t``; not before a capital, which may start the sentence after
  a question spaced the French way, ``C’est vrai ??? Je``), or two or more in a document
  whose apostrophes were lost to ``?`` too. Not in documents with French spacing
  (``Quoi ??``), where ``?`` after a space is punctuation.

A run that starts its line may also end in a colon, as a label (``??????: Text``, a
speaker's name lost). A removed run takes one adjacent space with it (the one before it,
else the one after), and its parentheses; at the start or end of a line it also takes
the separator that tied it to the rest of the line (``??????? | Text``, ``???: Text``,
``Text – ???``).

``encoding.apostrophe`` restores a ``?``/U+FFFD between two letters when the letters
make an English contraction (``don?t``, ``I?m``, ``it?s``, ``they?re``, ``we?ve``: the
words that take ``'d``, ``'ll``, ``'re``, ``'ve`` are listed), an English possessive
(``president?s``; not after a lower-case word of consonants, ``tr?s``) or a
French/Italian elision before a vowel or h (``l?association``, ``qu?il``,
``dell?anno``), and never in URLs or code. A lost accented letter looks the same
(``apr?s``, ``pa?s``, ``na?ve``, ``d?ner``, ``n?o``): when the document shows that
letters were lost (a mark between letters that no apostrophe explains, or two marks in
a word; not a ``?`` between a lower-case letter and a capital, ``Why?Because``, which is
a question mark that lost its space), possessives and elisions are not certain and stay
as they are; the listed contractions and a few common elisions no lost letter makes
(``c?est``, ``qu?il``) still are. A ``s?`` before a lower-case word (``the divers? work``) is
restored only when the same document has certain cases and lost no letters. The
apostrophe is the one the document's intact apostrophes use (curly ``’`` when there are
none), or ``options.apostrophe``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from enum import IntEnum

import regex

from cleaner.encoding.options import APOSTROPHES, EncodingOptions
from cleaner.linebreaks import LINE_BREAKS
from cleaner.removals import Edit

__all__ = ["apostrophe_edits", "lost_char_edits"]

_LOST = "?\ufffd"
_HSPACE = " \t\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_PHRASE_END = '.,;…—–|"”»)]'  # not ':', after which ??? may be a placeholder
#: separators between a label and the text on its line ("Channel | Headline")
_SEPARATORS = "|•·–—-/"
# French typography puts a space before ! ; : and inside « »
_SPACED_PUNCT = re.compile(r"\w[ \u00a0\u202f][!;:]|«[ \u00a0\u202f]")

_PLURAL = regex.compile(r"(?<=[\p{L}\p{M}]s)[?\ufffd](?= \p{L})")
_INTACT = re.compile(r"(?<=[^\W\d_])['\u2019\u02bc](?=[^\W\d_])")
_LETTERS = regex.compile(r"[\p{L}\p{M}]+")  # letters with their combining marks
#: a run of two or more marks: see _marks_in_word
_MARK_RUN = re.compile("[?\ufffd]{2,}")
_URLISH = re.compile(r"[/=&@#%<>{}\[\]\\|_~^]|www\.|https?:|\.[a-z]{2,}\b")
#: a text that names the replacement character (a manual on decoding errors) shows its
#: U+FFFD on purpose: there they are text, not stand-ins for lost characters
_NAMES_FFFD = re.compile(r"U\+FFFD|\\ufffd|replacement character", re.IGNORECASE)

_PRONOUNS = {
    "i", "you", "he", "she", "it", "we", "they",
    "who", "what", "where", "when", "why", "how", "there", "that",
}  # fmt: skip
#: the words an English contraction other than n't and I'm follows; after any other word a
#: mark before s, d, ll, re, ve is as likely a lost letter (na?ve, tr?s, p?re)
_CONTRACTED = {
    "s": _PRONOUNS - {"i", "you", "we", "they"}
    | {"here", "this", "let", "everyone", "everything", "nothing", "something", "someone", "nobody"},
    "d": _PRONOUNS,
    "ll": _PRONOUNS | {"this", "these", "those"},
    "re": _PRONOUNS - {"i", "he", "she", "it", "that"} | {"here", "these", "those"},
    "ve": _PRONOUNS - {"he", "she", "it", "that"} | {"could", "would", "should", "might", "must"},
}
#: French and Italian elisions that no word with a lost letter spells (c?est, qu?il; not
#: m?a, which is Spanish mía): certain even in a document that lost letters
_CERTAIN_ELISIONS = {
    ("c", "est"), ("c", "était"), ("n", "est"), ("j", "ai"), ("d", "un"), ("d", "une"), ("l", "un"),
    ("l", "une"), ("l", "on"), ("s", "il"), ("s", "ils"), ("qu", "il"), ("qu", "ils"), ("qu", "elle"),
    ("qu", "elles"), ("qu", "on"), ("aujourd", "hui"), ("jusqu", "à"), ("c", "è"), ("c", "era"),
}  # fmt: skip
_ELISION = {
    # French
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu", "aujourd",
    # Italian
    "dell", "dall", "nell", "sull", "all", "coll", "un", "quest", "quell", "sant", "buon", "nessun",
}  # fmt: skip


def _marks(text: str) -> list[int]:
    """Positions of ``?`` and U+FFFD, in order (str.find is far faster than a regex here)."""
    out: list[int] = []
    for mark in _LOST:
        i = text.find(mark)
        while i >= 0:
            out.append(i)
            i = text.find(mark, i + 1)
    out.sort()
    return out


def _is_space(c: str) -> bool:
    return c != "" and c in _HSPACE


def _is_mark(c: str) -> bool:
    return unicodedata.category(c)[0] == "M"


def _is_letter(c: str) -> bool:
    """A letter, or a combining mark (which belongs to the letter before it)."""
    return c.isalpha() or _is_mark(c)


class _Mark(IntEnum):
    """What a ``?``/U+FFFD between two letters stands for."""

    LETTER = 0  # no apostrophe explains it: a lost letter (tr?s → très, d?ner → dîner)
    LIKELY = 1  # a possessive or an elision: an apostrophe, unless the document lost letters
    CERTAIN = 2  # a contraction that no lost letter makes (don?t, it?s, they?re)
    QUESTION = 3  # a question mark that lost its space (Why?Because): neither


def _elides(right: str) -> bool:
    """True if ``right`` (lower case) can follow a French/Italian elision: it starts with
    a vowel or h, and is a word (of one letter only French ``a``, ``à``, ``y``, Italian ``è``)."""
    first = unicodedata.normalize("NFD", right[0])[0]
    return first in "aeiouyh" and (len(right) > 1 or right in ("a", "à", "y", "è"))


def _lost_apostrophe(text: str, i: int, ts: int, te: int) -> _Mark:
    """What the ``?``/U+FFFD at ``i``, between two letters, stands for. ``[ts, te)`` is
    the blank-delimited token around it."""
    ls = i  # the letters (and their marks) just before the mark
    while ls > ts and _is_letter(text[ls - 1]):
        ls -= 1
    right_m = _LETTERS.match(text, i + 1, te)
    if ls == i or right_m is None:
        return _Mark.LETTER
    left, right = text[ls:i].lower(), right_m.group().lower()
    after = text[right_m.end() : right_m.end() + 1]
    word_ends = after == "" or not (after.isalnum() or _is_mark(after) or after in _LOST)
    if word_ends:
        if (
            (right == "t" and left.endswith("n"))
            or (right == "m" and left == "i")
            or left in _CONTRACTED.get(right, ())
        ):
            return _Mark.CERTAIN
        if right == "s":  # a possessive, unless a lower-case word of consonants lost its vowel
            vowel = any(c in "aeiouy" for c in unicodedata.normalize("NFD", left))
            return _Mark.LIKELY if vowel or not text[ls:i].islower() else _Mark.LETTER
    if (left, right) in (("o", "clock"), ("y", "all")):
        return _Mark.CERTAIN
    whole_word = ls == ts or not text[ls - 1].isalnum()
    if whole_word and word_ends and (left, right) in _CERTAIN_ELISIONS:
        return _Mark.CERTAIN
    if whole_word and left in _ELISION and _elides(right):
        return _Mark.LIKELY
    # a lower-case letter, ?, a capital: a sentence ends there, no letter was lost
    if text[i] == "?" and text[i - 1].islower() and text[i + 1].isupper():
        return _Mark.QUESTION
    return _Mark.LETTER


def _marks_in_word(text: str) -> bool:
    """Whether two or more marks stand inside a word (th??tre, informa??o): letters lost,
    never an apostrophe. Not question marks between a lower-case letter and a capital
    (Really??No: a sentence ends there). The runs of marks are found first, in C: a regex
    asking about the letters around at every character took 4x the time."""
    for m in _MARK_RUN.finditer(text):
        start, end = m.span()
        if start == 0 or end == len(text):
            continue
        before, after = unicodedata.category(text[start - 1]), unicodedata.category(text[end])
        if before[0] not in "LM" or after[0] != "L":
            continue
        if before == "Ll" and after == "Lu" and m.group().count("?") == end - start:
            continue
        return True
    return False


def _apostrophe_places(text: str) -> tuple[list[int], bool]:
    """Places of ``?``/U+FFFD between two letters that are certainly lost apostrophes,
    and whether the document lost letters to such marks too (then only the contractions
    no lost letter makes are certain)."""
    n = len(text)
    certain: list[int] = []
    likely: list[int] = []
    letters_lost = _marks_in_word(text)
    ts = te = 0  # the token of the last mark looked at, and whether it is URL-like
    urlish = False
    for i in _marks(text):
        if not (0 < i < n - 1 and _is_letter(text[i - 1]) and text[i + 1].isalpha()):
            continue
        if i >= te:  # a new token: found once, however many marks it holds
            ts = i
            while ts > 0 and not text[ts - 1].isspace():
                ts -= 1
            te = i + 1
            while te < n and not text[te].isspace():
                te += 1
            urlish = _URLISH.search(text, ts, te) is not None
        if urlish:
            continue
        mark = _lost_apostrophe(text, i, ts, te)
        if mark is _Mark.CERTAIN:
            certain.append(i)
        elif mark is _Mark.LIKELY:
            likely.append(i)
        elif mark is _Mark.LETTER:
            letters_lost = True
    if letters_lost:
        return certain, True
    return sorted(certain + likely), False


def _certain_apostrophes(text: str) -> list[int]:
    """Places of ``?``/U+FFFD between two letters that are certainly lost apostrophes."""
    return _apostrophe_places(text)[0]


def _apostrophe(text: str, options: EncodingOptions) -> str:
    if options.apostrophe != "auto":
        return options.apostrophe
    counts = Counter(m.group() for m in _INTACT.finditer(text))
    best = max(APOSTROPHES, key=lambda a: (counts[a], a == "\u2019"))
    return best if counts[best] else "\u2019"


def apostrophe_edits(text: str, options: EncodingOptions) -> list[Edit]:
    """``encoding.apostrophe``: certain lost apostrophes inside words are restored."""
    if "?" not in text and "\ufffd" not in text:
        return []
    places, letters_lost = _apostrophe_places(text)
    if places and not letters_lost:
        for m in _PLURAL.finditer(text):
            if not text[m.end() + 1].islower():
                continue
            ts = text.rfind(" ", 0, m.start()) + 1
            te = text.find(" ", m.end())
            if not _URLISH.search(text, ts, m.end() if te < 0 else te):
                places.append(m.start())
    if not places:
        return []
    mark = _apostrophe(text, options)
    return [Edit(i, i + 1, mark, "encoding.apostrophe", "encoding") for i in sorted(set(places))]


def lost_char_edits(text: str, options: EncodingOptions) -> list[Edit]:
    """``encoding.lost-chars``: runs of ``?``/U+FFFD that stood for lost characters go."""
    if "?" not in text and "\ufffd" not in text:
        return []
    spaced: bool | None = None
    evidence: bool | None = None
    shown = "\ufffd" in text and _NAMES_FFFD.search(text) is not None
    edits: list[Edit] = []
    n = len(text)
    end = 0
    reach: dict[int, int] = {}  # last index of each run found lost -> where its look-back stopped
    for s in _marks(text):
        if s < end:
            continue
        # the run: marks, and groups of marks after single spaces or tabs
        e = s + 1
        while e < n and (text[e] in _LOST or (text[e] in " \t" and e + 1 < n and text[e + 1] in _LOST)):
            e += 1
        end = e
        run = text[s:e]
        chars = len(run) - run.count(" ") - run.count("\t")
        lo, hi = s, e
        paren = s > 0 and e < n and text[s - 1] == "(" and text[e] == ")"
        if paren:
            lo, hi = s - 1, e + 1
        before = text[lo - 1] if lo > 0 else ""
        after = text[hi] if hi < n else ""
        apart = (before == "" or before.isspace()) and (after == "" or after.isspace())
        closed = paren and (before == "" or before.isspace()) and after != "" and after in ".,;:"
        # a label that starts its line ("???: Text", a speaker's name lost)
        label = not paren and (before == "" or before in LINE_BREAKS) and text[hi : hi + 2] == ": "
        if not (apart or closed or label):
            continue
        # what precedes the run on its line, past spaces and the runs removed before it
        # (a removed run's own look-back went on from there: its answer is taken as is)
        k = lo - 1
        while k >= 0 and _is_space(text[k]):
            k -= 1
            if k in reach:
                k = reach[k]
        looked_back = k
        while k > 0 and _is_mark(text[k]):  # a combining mark belongs to its letter
            k -= 1
        prev = text[k] if k >= 0 else "\n"
        at_line_start = prev in LINE_BREAKS
        rest_of_line = not (after == "" or after in LINE_BREAKS)
        if "\ufffd" in run:
            lost = not shown
        elif paren:
            lost = chars >= 2
        elif " " in run or "\t" in run:
            lost = chars >= 3
        elif at_line_start:
            lost = chars >= 3 or (chars >= 2 and rest_of_line)
        elif prev in _PHRASE_END:
            lost = chars >= 2
        elif prev.isalnum():
            if spaced is None:
                spaced = bool(_SPACED_PUNCT.search(text))
            if spaced:
                lost = False
            elif (
                chars >= 3 and after == " " and text[hi + 1 : hi + 2].isalnum() and not text[hi + 1].isupper()
            ):
                lost = True
            else:
                if evidence is None:
                    evidence = any(text[i] == "?" for i in _certain_apostrophes(text))
                lost = evidence and chars >= 2
        else:
            lost = False
        if not lost:
            continue
        reach[hi - 1] = looked_back
        taken = edits[-1].end if edits else 0  # a space the run before took stays taken
        if lo > taken and _is_space(text[lo - 1]) and not at_line_start:
            lo -= 1
        elif hi < n and _is_space(text[hi]):
            hi += 1
        # a label lost at a line's edge leaves its separator behind ("??? | Text",
        # "???: Text", "Text – ???"): the separator goes with it
        if at_line_start and hi + 1 < n and (text[hi] in _SEPARATORS or label) and _is_space(text[hi + 1]):
            hi += 2
        elif not rest_of_line and lo - 2 > taken and text[lo - 1] in _SEPARATORS and _is_space(text[lo - 2]):
            lo -= 2
        edits.append(Edit(lo, hi, "", "encoding.lost-chars", "encoding"))
    return edits
