# HTML pages to main text: decoding page bytes (BOM, then the declared charset, then detection)
# and extracting the main text with trafilatura, imported lazily so plain text never pays for it.
"""From an HTML page to the text the rules clean.

:func:`decode_html` turns page bytes into text the way a browser would: a byte-order mark
wins, then the charset the page declares in ``<meta>`` (or an XML declaration), with the
WHATWG aliases (``iso-8859-1`` is read as windows-1252, ``gb2312`` as GB18030); bytes that do
not fit the declared charset fall back to detection (chardet, as for plain text). A page that
declares UTF-8 but carries a few stray bytes keeps UTF-8, and each stray byte is read as
windows-1252 (the usual culprit); the result is then marked ``lossy``.

:func:`extract_main_text` runs ``trafilatura.extract`` with ``include_comments=False`` and
raises :class:`cleaner.errors.ExtractionError` when the input is not HTML or has no main text.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

import regex

from cleaner.errors import ExtractionError

__all__ = ["DecodedPage", "Extraction", "decode_html", "extract_main_text", "looks_like_html"]

#: how far into the page the charset declaration is looked for (the HTML spec says 1024 bytes;
#: real pages put long <head> sections before it)
SNIFF_BYTES = 8192

_META_CHARSET = regex.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", regex.IGNORECASE)
_XML_ENCODING = regex.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)""", regex.IGNORECASE)
_HTML_TAG = regex.compile(
    r"<(?:!doctype\s+html|html|head|body|div|p|article|main|section|meta|title|span|table|br|a\s)\b",
    regex.IGNORECASE,
)
_STRAY = regex.compile(r"[\udc80-\udcff]+")

#: WHATWG encoding labels whose Python codec differs from the label
_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "latin5": "cp1254",
    "iso-8859-11": "cp874",
    "tis-620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "utf8": "utf-8",
    "unicode": "utf-16le",
}

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True, slots=True)
class DecodedPage:
    """Page text, the codec it was decoded with, what the page declared, and whether bytes
    had to be guessed or replaced."""

    text: str
    encoding: str
    declared: str | None = None
    lossy: bool = False


@dataclass(frozen=True, slots=True)
class Extraction:
    """The main text of a page and how the page was decoded (None when given as str)."""

    text: str
    encoding: str | None = None
    lossy: bool = False


def _codec(label: bytes | str) -> str | None:
    """Python codec name for an encoding label, or None if unknown."""
    name = label.decode("ascii", "replace") if isinstance(label, bytes) else label
    name = name.strip().lower()
    name = _ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def declared_charset(data: bytes) -> str | None:
    """The codec a page declares in its first bytes (meta charset or XML declaration)."""
    head = data[:SNIFF_BYTES]
    m = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return _codec(m.group(1)) if m else None


def _utf8_with_strays(data: bytes) -> str:
    """UTF-8, each byte that is not valid UTF-8 read as windows-1252."""
    text = data.decode("utf-8", "surrogateescape")
    return _STRAY.sub(
        lambda m: bytes(ord(c) - 0xDC00 for c in m.group()).decode("cp1252", "replace"),
        text,
    )


def decode_html(data: bytes) -> DecodedPage:
    """Decode page bytes: BOM, then the declared charset, then detection (see the module doc)."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return DecodedPage(data.decode(name), codecs.lookup(name).name)
            except UnicodeDecodeError:
                break
    declared = declared_charset(data)
    if declared is not None:
        try:
            return DecodedPage(data.decode(declared), declared, declared)
        except UnicodeDecodeError:
            if declared == "utf-8" and _mostly_utf8(data):
                return DecodedPage(_utf8_with_strays(data), "utf-8", declared, lossy=True)
    else:
        try:
            return DecodedPage(data.decode("utf-8"), "utf-8")
        except UnicodeDecodeError:
            pass
    from cleaner.encoding.decode import detect_charset

    detected = detect_charset(data)
    if detected is not None:
        try:
            return DecodedPage(data.decode(detected), detected, declared, lossy=declared is not None)
        except UnicodeDecodeError:  # chardet looked at the first 200 KB only
            return DecodedPage(data.decode(detected, "replace"), detected, declared, lossy=True)
    return DecodedPage(_utf8_with_strays(data), "utf-8", declared, lossy=True)


def _mostly_utf8(data: bytes) -> bool:
    """True when at most one byte in a thousand (and at least the first) fails UTF-8."""
    text = data.decode("utf-8", "surrogateescape")
    bad = sum(len(m.group()) for m in _STRAY.finditer(text))
    return bad <= max(4, len(data) // 1000)


def looks_like_html(text: str) -> bool:
    """True if the text contains an HTML tag such as <html>, <body>, <div> or <p>."""
    return _HTML_TAG.search(text) is not None


def extract_main_text(html: str | bytes, url: str | None = None) -> Extraction:
    """The main text of an HTML page, by trafilatura with ``include_comments=False``.

    Raises ExtractionError if the input is not HTML, trafilatura fails, or it finds no
    main text.
    """
    encoding: str | None = None
    lossy = False
    if isinstance(html, bytes):
        page = decode_html(html)
        text, encoding, lossy = page.text, page.encoding, page.lossy
    elif isinstance(html, str):
        text = html
    else:
        raise TypeError(f"extract_main_text() takes str or bytes, not {type(html).__name__}")
    if not looks_like_html(text):
        raise ExtractionError("input is not HTML (no HTML tags found)", path=url)
    try:
        import trafilatura
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ExtractionError(f"the HTML path needs trafilatura: {exc}", path=url) from exc
    try:
        extracted = trafilatura.extract(text, url=url, include_comments=False)
    except Exception as exc:  # trafilatura or lxml failing on a malformed page
        raise ExtractionError(f"trafilatura failed: {type(exc).__name__}: {exc}", path=url) from exc
    if not extracted or not extracted.strip():
        raise ExtractionError("trafilatura found no main text in the page", path=url)
    return Extraction(extracted, encoding, lossy)
