# Encoding repair steps, each with its own rule id, each a batch of logged edits.
# (Interim: invisible characters and non-breaking spaces; mojibake and the rest follow.)
"""Text repair steps run before the rules."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from cleaner.removals import Edit, EditLog
from cleaner.warnings import CleanWarning

__all__ = ["REPAIR_STEPS", "EncodingOptions", "repair"]

REPAIR_STEPS: dict[str, str] = {
    "encoding.invisible": "remove zero-width characters, soft hyphens and stray control characters",
    "encoding.nbsp": "turn non-breaking and other unusual spaces into plain spaces",
}


@dataclass(frozen=True, slots=True)
class EncodingOptions:
    """Settings of the encoding stage."""


_INVISIBLE = regex.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]+")
_NBSP = regex.compile(r"[\u00a0\u2000-\u200a\u202f\u205f]")


def repair(log: EditLog, steps: frozenset[str], options: EncodingOptions) -> list[CleanWarning]:
    if "encoding.invisible" in steps:
        log.apply([Edit(m.start(), m.end(), "", "encoding.invisible", "encoding") for m in _INVISIBLE.finditer(log.current)])
    if "encoding.nbsp" in steps:
        log.apply([Edit(m.start(), m.end(), " ", "encoding.nbsp", "encoding") for m in _NBSP.finditer(log.current)])
    return []
