# The matcher kinds a rule can use, one module each, and the table that maps the
# key under a rule's `match:` to the class that builds that matcher.
"""Matcher kinds: literal, line, pattern, block and score."""

from __future__ import annotations

from cleaner.matchers.base import Hit, Matcher, RegexTimeout
from cleaner.matchers.block import BlockMatcher
from cleaner.matchers.line import LineMatcher
from cleaner.matchers.literal import LiteralMatcher
from cleaner.matchers.pattern import PatternMatcher
from cleaner.matchers.score import ScoreMatcher

__all__ = [
    "MATCHER_KINDS",
    "BlockMatcher",
    "Hit",
    "LineMatcher",
    "LiteralMatcher",
    "Matcher",
    "PatternMatcher",
    "RegexTimeout",
    "ScoreMatcher",
]

#: key under `match:` -> matcher class
MATCHER_KINDS: dict[str, type[Matcher]] = {
    "literal": LiteralMatcher,
    "line": LineMatcher,
    "pattern": PatternMatcher,
    "block": BlockMatcher,
    "score": ScoreMatcher,
}
