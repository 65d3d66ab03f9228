# The Rule record and its parts (region, condition, examples): what a rule file
# becomes after loading, immutable and picklable.
"""Rule objects, built by :mod:`cleaner.loader` from rule files."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import regex

from cleaner.document import Document
from cleaner.matchers import Matcher

__all__ = [
    "ACTIONS",
    "CATEGORIES",
    "CONFIDENCES",
    "STATUSES",
    "Condition",
    "Example",
    "Region",
    "Rule",
    "domain_of",
]

CATEGORIES = (
    "ads",
    "social",
    "byline",
    "header",
    "cta",
    "navigation",
    "share",
    "comments",
    "caption",
    "consent",
    "footer",
    "dedup",
    "other",
)
ACTIONS = ("drop-span", "drop-line", "drop-block", "replace")
CONFIDENCES = ("high", "medium", "low")
STATUSES = ("stable", "preview", "deprecated")
REGION_KINDS = ("first_lines", "last_lines", "first_paragraphs", "last_paragraphs")


def domain_of(source: str | None) -> str | None:
    """Host name of a URL-like source, lower case, without a leading ``www.``; None
    for a source with no host, or none that parses (``x[1].txt``, ``http://[bad``)."""
    if not source:
        return None
    try:
        host = urlsplit(source if "//" in source else "//" + source).hostname
    except ValueError:  # brackets that do not hold an IPv6 address
        return None
    if not host:
        return None
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


@dataclass(frozen=True, slots=True)
class Region:
    """Where a rule may match: the first or last N non-blank lines or paragraphs."""

    kind: str
    count: int

    def span(self, doc: Document) -> tuple[int, int]:
        return doc.region(self.kind, self.count)


@dataclass(frozen=True, slots=True)
class Condition:
    """When a rule applies: sources, domains and document size."""

    domains: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    min_lines: int = 0

    @property
    def always(self) -> bool:
        return not (self.domains or self.sources or self.min_lines)

    @property
    def scoped(self) -> bool:
        """True when the condition names sites or sources."""
        return bool(self.domains or self.sources)

    def holds(self, doc: Document) -> bool:
        if self.domains:
            d = doc.domain
            if d is None or not any(d == x or d.endswith("." + x) for x in self.domains):
                return False
        if self.sources and (
            doc.source is None or not any(fnmatch.fnmatchcase(doc.source, p) for p in self.sources)
        ):
            return False
        return not (self.min_lines and doc.line_count < self.min_lines)

    def merged(self, other: Condition) -> Condition:
        """Both conditions at once (the rule's own plus its file-level scope).

        A rule may narrow its file's domains (``news.example.com`` inside
        ``example.com``) but never widen them. Raises ValueError when no document can
        meet both, or when both name source patterns (globs cannot be intersected).
        """
        if self.sources and other.sources and set(self.sources) != set(other.sources):
            raise ValueError("a rule cannot set when.sources when its file's when sets sources too")
        return Condition(
            domains=_narrowest_domains(self.domains, other.domains),
            sources=self.sources or other.sources,
            min_lines=max(self.min_lines, other.min_lines),
        )


def _narrowest_domains(own: tuple[str, ...], outer: tuple[str, ...]) -> tuple[str, ...]:
    """The domains in both lists, each (sub)domain taken at its narrower form."""
    if not own or not outer:
        return own or outer
    both: list[str] = []
    for a in own:
        for b in outer:
            narrow = a if (a == b or a.endswith("." + b)) else b if b.endswith("." + a) else None
            if narrow is not None and narrow not in both:
                both.append(narrow)
    if not both:
        raise ValueError(
            f"when.domains {list(own)} lie outside the file's when.domains {list(outer)}; "
            "the rule could never apply"
        )
    return tuple(both)


@dataclass(frozen=True, slots=True)
class Example:
    """An input and the output the rule alone must turn it into (None: unchanged)."""

    input: str
    output: str | None
    source: str | None = None
    line: int | None = None

    def shown(self, width: int = 60) -> str:
        """The input quoted, cut to ``width`` characters (ending in …), to name it in a message."""
        text = self.input
        return repr(text if len(text) <= width else text[: width - 1] + "…")


@dataclass(frozen=True, slots=True)
class Rule:
    """One loaded rule."""

    id: str
    category: str
    description: str
    rationale: str
    confidence: str
    matcher: Matcher
    action: str
    replacement: str | None = None
    region: Region | None = None
    when: Condition = field(default_factory=Condition)
    exclude: tuple[Any, ...] = ()
    exclude_patterns: tuple[str, ...] = ()
    status: str = "stable"
    opt_in: bool = False  # runs only when enabled by id, pack or category
    provenance: str | None = None
    guard: str = "weigh"  # "exempt": the removal guard does not count this rule's removals
    replaces: tuple[str, ...] = ()
    examples: tuple[Example, ...] = ()
    counterexamples: tuple[Example, ...] = ()
    path: str | None = None
    line: int | None = None

    # A pickle holds the exclude patterns, not the regexes compiled from them (as the
    # matchers do): a compiled regex comes from the regex module's cache, so whether its
    # pattern is the very string in exclude_patterns (one pickle memo entry or two) hung
    # on what the process compiled before, and equal rules pickled to different bytes.
    def __getstate__(self) -> list[Any]:
        state = [getattr(self, name) for name in self.__slots__]
        if tuple(x.pattern for x in self.exclude) == self.exclude_patterns:
            state[self.__slots__.index("exclude")] = tuple(x.flags for x in self.exclude)
        return state

    def __setstate__(self, state: list[Any]) -> None:
        for name, value in zip(self.__slots__, state):
            object.__setattr__(self, name, value)
        flags = self.exclude
        if all(isinstance(f, int) for f in flags):
            compiled = tuple(regex.compile(p, f) for p, f in zip(self.exclude_patterns, flags))
            object.__setattr__(self, "exclude", compiled)

    @property
    def pack(self) -> str:
        """The id's prefix before the first dot."""
        return self.id.split(".", 1)[0]

    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.path and self.line else (self.path or "<memory>")
