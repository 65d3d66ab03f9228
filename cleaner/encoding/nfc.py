# The encoding.nfc step: Unicode normalisation to NFC (a letter and its combining accent
# become one character), logged as minimal edits.
"""NFC normalisation."""

from __future__ import annotations

import unicodedata

from cleaner.encoding.options import EncodingOptions
from cleaner.encoding.spans import transform_edits
from cleaner.removals import Edit

__all__ = ["nfc_edits"]


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def nfc_edits(text: str, options: EncodingOptions) -> list[Edit]:
    """``encoding.nfc``: the text is normalised to NFC."""
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return []
    return transform_edits(text, _nfc, "encoding.nfc")
