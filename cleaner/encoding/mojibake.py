# Mojibake repair with ftfy, run only on the lines the exact fast gate lets through, and
# the opt-in ftfy fixers that change typography (quotes, width, ligatures).
"""ftfy steps of the encoding stage."""

from __future__ import annotations

import re

import ftfy
from ftfy import fixes
from ftfy.chardata import DOUBLE_QUOTE_RE, SINGLE_QUOTE_RE

from cleaner.encoding.ftfy_gate import GATE, FtfyGate
from cleaner.encoding.options import EncodingOptions
from cleaner.encoding.spans import changed_line_edits, transform_edits
from cleaner.removals import Edit

__all__ = [
    "MOJIBAKE_CONFIG",
    "fix_mojibake",
    "ligature_edits",
    "mojibake_edits",
    "uncurl_edits",
    "width_edits",
]

#: ftfy as the mojibake step runs it: mis-decoded text (including double encoding,
#: sequences partly lost to '?', text mixing encodings), C1 controls that stood for
#: windows-1252 characters, and UTF-16 surrogate pairs. Nothing else: entities, control
#: characters and normalisation are their own steps, and typography stays as written.
MOJIBAKE_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=True,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)


#: a run of the lone surrogates Python's "surrogateescape" error handler makes of bytes
#: it could not decode (byte 0xNN becomes U+DCNN)
_ESCAPED_BYTES = re.compile("[\udc80-\udcff]+")


def _unescape(m: re.Match[str]) -> str:
    # what is UTF-8 decodes; a byte that is not stays escaped, for ftfy to mark lost (U+FFFD)
    return bytes(ord(ch) - 0xDC00 for ch in m.group()).decode("utf-8", "surrogateescape")


def _fix_segment(segment: str) -> str:
    """ftfy's repair of a segment, after bytes escaped by "surrogateescape" that form
    UTF-8 are decoded (``caf\\udcc3\\udca9`` from bytes read as ASCII is ``café``; ftfy
    alone would make two U+FFFD of it)."""
    segment = _ESCAPED_BYTES.sub(_unescape, segment)
    return ftfy.fix_text(segment, MOJIBAKE_CONFIG)


def fix_mojibake(text: str, config: ftfy.TextFixerConfig = MOJIBAKE_CONFIG, gate: FtfyGate = GATE) -> str:
    """``ftfy.fix_text(text, config)``, running ftfy only where ``gate`` says it could
    change something. The result is the same string. ``config`` must not enable more
    fixers than MOJIBAKE_CONFIG does (the gate knows only those)."""
    spans = gate.candidates(text, config.max_decode_length)
    if not spans:
        return text
    out: list[str] = []
    pos = 0
    for start, end in spans:
        out.append(text[pos:start])
        out.append(ftfy.fix_text(text[start:end], config))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def mojibake_edits(text: str, options: EncodingOptions) -> list[Edit]:
    """``encoding.mojibake``: one edit per repaired character (``â€™`` → ``’``)."""
    spans = GATE.candidates(text, MOJIBAKE_CONFIG.max_decode_length)
    return changed_line_edits(text, spans, _fix_segment, "encoding.mojibake", per_char=True)


def uncurl_edits(text: str, options: EncodingOptions) -> list[Edit]:
    """``encoding.uncurl-quotes`` (only with ``options.uncurl_quotes``): curly → straight."""
    if not options.uncurl_quotes or text.isascii():
        return []
    if not (SINGLE_QUOTE_RE.search(text) or DOUBLE_QUOTE_RE.search(text)):
        return []
    return transform_edits(text, fixes.uncurl_quotes, "encoding.uncurl-quotes")


def _fix_width(text: str) -> str:
    """ftfy's width fix, except for the ideographic space U+3000: the normal space of CJK
    text, which ftfy would make an ASCII space (and ``encoding.nbsp`` keeps)."""
    return "\u3000".join(fixes.fix_character_width(part) for part in text.split("\u3000"))


def width_edits(text: str, options: EncodingOptions) -> list[Edit]:
    """``encoding.width`` (only with ``options.fix_width``): full-width Latin letters, digits
    and punctuation → ASCII, half-width katakana → full width; U+3000 stays."""
    if not options.fix_width or text.isascii():
        return []
    return transform_edits(text, _fix_width, "encoding.width")


def ligature_edits(text: str, options: EncodingOptions) -> list[Edit]:
    """``encoding.ligatures`` (only with ``options.fix_ligatures``): ``ﬁ`` → ``fi``."""
    if not options.fix_ligatures or text.isascii():
        return []
    return transform_edits(text, fixes.fix_latin_ligatures, "encoding.ligatures")
