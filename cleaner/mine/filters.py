# Telling repeated content from repeated furniture: candidates that look like quotes,
# syndicated sentences or whole documents are rejected, each with a recorded reason.
"""Filters over counted candidates.

Two kinds of rejection:

* **content** (the line is never drafted, not even inside a block): a quotation; a
  long sentence that recurs in only a small share of its group's documents (quoted
  or syndicated text, not site furniture); a line that is the bulk of the documents
  it occurs in (a reposted article, not something around an article).
* **standalone** (the line is not drafted as a rule of its own, but may sit inside a
  drafted block): too little fixed text to be a safe rule alone (a lone date, a page
  number), or a single word found mid-document without a date or time around it
  ("Ingredients", "Step 3"), which may be a heading of the content.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from cleaner.mine.count import GroupStats, LineStats
from cleaner.mine.normalise import PLACEHOLDERS, display_shape, fixed_text

__all__ = [
    "BULK_DOC_SHARE",
    "FEW_DOCS_SHARE",
    "HEAD_SHARE",
    "LONG_WORDS",
    "MIN_LETTERS",
    "Rejection",
    "content_rejection",
    "is_anchor",
    "placement",
    "standalone_rejection",
]

#: a line of at least this many words is a sentence of content unless it is widespread
LONG_WORDS = 20
#: ... where widespread means in at least this share of the group's documents
FEW_DOCS_SHARE = 0.3
#: a line that is the bulk of this share of its documents is content
BULK_DOC_SHARE = 0.2
#: a line drafted on its own needs this many letters of fixed (not folded) text
MIN_LETTERS = 4
#: material in the head (tail) half of at least this share of its documents gets a region
HEAD_SHARE = 0.9

_OPEN_QUOTES = "\"“”„«»‹›‘’'「『"
_WORD = regex.compile(r"\w+")
_LETTER = regex.compile(r"\p{L}")


@dataclass(frozen=True, slots=True)
class Rejection:
    """A candidate that will not become a rule, and why."""

    group: str
    text: str  # a real line of this shape
    shape: str  # the shape, for people
    docs: int
    reason: str  # short code: quote, long-sentence, bulk, too-short, unverified, ...
    detail: str  # the reason in words, with the numbers behind it

    def to_dict(self) -> dict[str, object]:
        return {
            "group": self.group,
            "text": self.text,
            "shape": self.shape,
            "docs": self.docs,
            "reason": self.reason,
            "detail": self.detail,
        }


def _reject(st: LineStats, group: GroupStats, reason: str, detail: str) -> Rejection:
    text = st.examples[0].line if st.examples else display_shape(st.shape)
    return Rejection(group.name, text, display_shape(st.shape), st.docs, reason, detail)


def content_rejection(st: LineStats, group: GroupStats) -> Rejection | None:
    """Why ``st`` is content rather than furniture, or None."""
    text = st.examples[0].line if st.examples else st.shape
    share = st.docs / group.docs if group.docs else 0.0
    if text[:1] in _OPEN_QUOTES or text.startswith(">"):
        return _reject(st, group, "quote", f"starts with {text[:1]!r}: a quotation, not site furniture")
    words = len(_WORD.findall(text))
    if words >= LONG_WORDS and share < FEW_DOCS_SHARE:
        return _reject(
            st,
            group,
            "long-sentence",
            f"{words} words, in only {st.docs} of {group.docs} documents ({share:.0%} < "
            f"{FEW_DOCS_SHARE:.0%}): quoted or syndicated text",
        )
    if st.bulk_docs and st.bulk_docs >= BULK_DOC_SHARE * st.docs:
        return _reject(
            st,
            group,
            "bulk",
            f"at least half of the text of {st.bulk_docs} of its {st.docs} documents: "
            f"the document itself, not something around it",
        )
    return None


def placement(lines: Sequence[LineStats]) -> tuple[str, int] | None:
    """``("first_lines", n)`` / ``("last_lines", n)`` when every line sits in the head
    (tail) half of at least HEAD_SHARE of its documents, ``n`` covering the farthest
    occurrence seen with some room; None when the material is found mid-document."""
    if all(st.head_docs >= HEAD_SHARE * st.docs for st in lines):
        return ("first_lines", math.ceil(max(st.max_head for st in lines) * 1.25) + 2)
    if all(st.tail_docs >= HEAD_SHARE * st.docs for st in lines):
        return ("last_lines", math.ceil(max(st.max_tail for st in lines) * 1.25) + 2)
    return None


def is_anchor(st: LineStats) -> bool:
    """Whether the line can start or end a block: enough fixed letters to be specific."""
    return len(_LETTER.findall(fixed_text(st.shape))) >= MIN_LETTERS


def standalone_rejection(st: LineStats, group: GroupStats) -> Rejection | None:
    """Why ``st`` is unsafe as a rule of its own (it may still be part of a block)."""
    fixed = fixed_text(st.shape)
    letters = len(_LETTER.findall(fixed))
    if letters < MIN_LETTERS:
        return _reject(
            st,
            group,
            "too-short",
            f"only {letters} letters of fixed text: too likely to match content as a rule of its own",
        )
    folded = sum(st.shape.count(c) for c in PLACEHOLDERS)
    if len(_WORD.findall(fixed)) == 1 and folded < 2 and placement([st]) is None:
        return _reject(
            st,
            group,
            "single-word",
            "one word of fixed text and no date, found mid-document: as likely a heading of the "
            'content ("Ingredients", "Step 3") as furniture',
        )
    return None
