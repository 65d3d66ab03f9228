# The encoding stage: bytes to text, and repair of mojibake, lost characters, HTML
# entities and invisible characters before the rules run, every change logged.
"""Encoding repair. ``repair`` runs the selected steps through an EditLog;
``decode_bytes`` turns bytes into text and says which charset it used."""

from __future__ import annotations

from cleaner.encoding.decode import Decoded, DecodeProblem, decode_bytes
from cleaner.encoding.options import EncodingOptions
from cleaner.encoding.repair import REPAIR_STEPS, repair

__all__ = ["REPAIR_STEPS", "DecodeProblem", "Decoded", "EncodingOptions", "decode_bytes", "repair"]
