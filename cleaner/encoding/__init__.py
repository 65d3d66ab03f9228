# The encoding stage: bytes to text, and repair of mojibake, lost characters, HTML
# entities and invisible characters before the rules run, every change logged.
"""Encoding repair. ``repair`` runs the selected steps through an EditLog."""

from __future__ import annotations

from cleaner.encoding.repair import REPAIR_STEPS, EncodingOptions, repair

__all__ = ["REPAIR_STEPS", "EncodingOptions", "repair"]
