# HTML pages to main text: decoding page bytes (BOM, then the declared charset, then detection)
# and extracting the main text with trafilatura, imported lazily so plain text never pays for it.
"""From an HTML page to the text the rules clean.

:func:`decode_html` turns page bytes into text the way a browser would: a byte-order mark
wins, then the charset the page declares in ``<meta>`` (or an XML declaration), if it is a
label of the WHATWG Encoding Standard, read as browsers read it (``iso-8859-1`` as
windows-1252, ``gb2312`` as GB18030); any other label (``rot13``, ``x-foobar``) is ignored,
as a browser ignores it. A declared UTF-16 is read as UTF-8, as the HTML standard says (only
a byte-order mark selects UTF-16). A page that declares no charset is read as UTF-8 if it is
UTF-8. Bytes that do not fit the declared charset, or UTF-8 when none is declared, fall back
to detection (chardet, as for plain text). A page that declares UTF-8 but carries a few
stray bytes keeps UTF-8, and each stray byte is read as windows-1252 (the usual culprit); a
page in another declared charset with a few bytes that charset lacks (at most one in a
thousand, or four in a short page) keeps it too, each such byte a U+FFFD, as a browser shows it.
When the bytes did not fit the declared charset, or were guessed or replaced, the result
is ``lossy`` and its ``note`` says what did not fit and how the page was read (the message
of the ``decode`` warning that ``Cleaner.clean_html`` gives).

:func:`extract_main_text` runs ``trafilatura.extract`` with ``include_comments=False`` and
raises :class:`cleaner.errors.ExtractionError` when the input is empty, is not HTML (JSON, a
feed or a sitemap holds HTML but is no page) or has no main text.
It parses the page itself, as trafilatura would but with lxml's ``huge_tree``: libxml2 stops
at 255 nested elements and silently drops everything deeper and after (the rest of the
article); with ``huge_tree`` it keeps up to 2,048 levels, and a page nested deeper than that
is an ExtractionError that says so, never a text that lost its end without a word.

A page bigger than ``max_size`` (:data:`DEFAULT_MAX_HTML_SIZE`, 20 MB, trafilatura's own
``MAX_FILE_SIZE`` for what it downloads; ``None``: no limit) is refused with an
ExtractionError that gives its size, before it is decoded or parsed: trafilatura's time and
memory grow with the page (a 28 MB page took 34 s and 1 GB), and nothing else bounds them.
"""

from __future__ import annotations

import codecs
import json
from dataclasses import dataclass

import regex

from cleaner.errors import ExtractionError

__all__ = [
    "DEFAULT_MAX_HTML_SIZE",
    "DecodedPage",
    "Extraction",
    "decode_html",
    "extract_main_text",
    "looks_like_html",
    "page_address",
]

#: the largest page (bytes, or characters of a str) the HTML path extracts by default:
#: trafilatura's MAX_FILE_SIZE, above which its own downloader gives a page up
DEFAULT_MAX_HTML_SIZE = 20_000_000

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
#: the first element of a document, past an XML declaration, comments and a doctype
_ROOT = regex.compile(
    r"\A(?:\s|\ufeff|<\?.*?\?>|<!--.*?-->|<!doctype[^>]*>)*<([A-Za-z][\w:.-]*)",
    regex.IGNORECASE | regex.DOTALL,
)
#: root elements of XML documents that scrapers save as pages but are not pages: trafilatura
#: "extracts" their items, with the HTML escaped in them as text
_NOT_PAGES = {
    "rss": "an RSS feed",
    "rdf:rdf": "an RSS feed",
    "feed": "an Atom feed",
    "urlset": "an XML sitemap",
    "sitemapindex": "an XML sitemap index",
}
#: how far into a document its root element is looked for
_ROOT_SNIFF = 65536

#: The encoding labels of the WHATWG Encoding Standard (https://encoding.spec.whatwg.org/,
#: "Encodings" table): the labels a browser accepts, by the Python codec that reads their
#: encoding. Any other label (Python's "rot13", "base64", "punycode", "utf-7", or a typo) is
#: ignored, as a browser ignores it. Where the standard's encoding is a superset of the
#: charset its labels name, so is the codec: iso-8859-1 and us-ascii are windows-1252,
#: iso-8859-9 is windows-1254, gb2312 is GB18030, shift_jis is windows-31j (cp932),
#: euc-kr is UHC (cp949), big5 is cp950. The "replacement" labels (iso-2022-kr, hz-gb-2312,
#: ...), for which a browser shows one U+FFFD, are left out: such a page goes to detection.
#: x-user-defined is windows-1252, as the HTML standard reads it in a <meta>.
_WHATWG_LABELS: dict[str, str] = {
    label: codec
    for codec, labels in (
        ("utf-8", "unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8"),
        ("cp866", "866 cp866 csibm866 ibm866"),
        (
            "iso8859-2",
            "csisolatin2 iso-8859-2 iso-ir-101 iso8859-2 iso88592 iso_8859-2 iso_8859-2:1987 l2 latin2",
        ),
        (
            "iso8859-3",
            "csisolatin3 iso-8859-3 iso-ir-109 iso8859-3 iso88593 iso_8859-3 iso_8859-3:1988 l3 latin3",
        ),
        (
            "iso8859-4",
            "csisolatin4 iso-8859-4 iso-ir-110 iso8859-4 iso88594 iso_8859-4 iso_8859-4:1988 l4 latin4",
        ),
        (
            "iso8859-5",
            "csisolatincyrillic cyrillic iso-8859-5 iso-ir-144 iso8859-5 iso88595 iso_8859-5 iso_8859-5:1988",
        ),
        (
            "iso8859-6",
            "arabic asmo-708 csiso88596e csiso88596i csisolatinarabic ecma-114 iso-8859-6 iso-8859-6-e "
            "iso-8859-6-i iso-ir-127 iso8859-6 iso88596 iso_8859-6 iso_8859-6:1987",
        ),
        (
            "iso8859-7",
            "csisolatingreek ecma-118 elot_928 greek greek8 iso-8859-7 iso-ir-126 iso8859-7 iso88597 "
            "iso_8859-7 iso_8859-7:1987 sun_eu_greek",
        ),
        (
            "iso8859-8",
            "csiso88598e csisolatinhebrew hebrew iso-8859-8 iso-8859-8-e iso-ir-138 iso8859-8 iso88598 "
            "iso_8859-8 iso_8859-8:1988 visual csiso88598i iso-8859-8-i logical",
        ),
        ("iso8859-10", "csisolatin6 iso-8859-10 iso-ir-157 iso8859-10 iso885910 l6 latin6"),
        ("iso8859-13", "iso-8859-13 iso8859-13 iso885913"),
        ("iso8859-14", "iso-8859-14 iso8859-14 iso885914"),
        ("iso8859-15", "csisolatin9 iso-8859-15 iso8859-15 iso885915 iso_8859-15 l9"),
        ("iso8859-16", "iso-8859-16"),
        ("koi8-r", "cskoi8r koi koi8 koi8-r koi8_r"),
        ("koi8-u", "koi8-ru koi8-u"),
        ("mac-roman", "csmacintosh mac macintosh x-mac-roman"),
        ("cp874", "dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 windows-874"),
        ("cp1250", "cp1250 windows-1250 x-cp1250"),
        ("cp1251", "cp1251 windows-1251 x-cp1251"),
        (
            "cp1252",
            "ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100 iso8859-1 "
            "iso88591 iso_8859-1 iso_8859-1:1987 l1 latin1 us-ascii windows-1252 x-cp1252 x-user-defined",
        ),
        ("cp1253", "cp1253 windows-1253 x-cp1253"),
        (
            "cp1254",
            "cp1254 csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 iso88599 iso_8859-9 iso_8859-9:1989 l5 "
            "latin5 windows-1254 x-cp1254",
        ),
        ("cp1255", "cp1255 windows-1255 x-cp1255"),
        ("cp1256", "cp1256 windows-1256 x-cp1256"),
        ("cp1257", "cp1257 windows-1257 x-cp1257"),
        ("cp1258", "cp1258 windows-1258 x-cp1258"),
        ("mac-cyrillic", "x-mac-cyrillic x-mac-ukrainian"),
        (
            "gb18030",
            "chinese csgb2312 csiso58gb231280 gb2312 gb_2312 gb_2312-80 gbk iso-ir-58 x-gbk gb18030",
        ),
        ("cp950", "big5 big5-hkscs cn-big5 csbig5 x-x-big5"),
        ("euc_jp", "cseucpkdfmtjapanese euc-jp x-euc-jp"),
        ("iso2022_jp", "csiso2022jp iso-2022-jp"),
        ("cp932", "csshiftjis ms932 ms_kanji shift-jis shift_jis sjis windows-31j x-sjis"),
        (
            "cp949",
            "cseuckr csksc56011987 euc-kr iso-ir-149 korean ks_c_5601-1987 ks_c_5601-1989 ksc5601 "
            "ksc_5601 windows-949",
        ),
        ("utf-16-be", "unicodefffe utf-16be"),
        ("utf-16-le", "csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff utf-16 utf-16le"),
    )
    for label in labels.split()
}

#: the codecs of the WHATWG UTF-16 labels, which a declaration in the page cannot mean
_UTF16 = frozenset({"utf-16-le", "utf-16-be"})

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True, slots=True)
class DecodedPage:
    """Page text, the codec it was decoded with, what the page declared, and, when the
    bytes did not fit the declared charset (or UTF-8) and had to be guessed or replaced,
    a note saying what was done (``lossy``)."""

    text: str
    encoding: str
    declared: str | None = None
    note: str | None = None

    @property
    def lossy(self) -> bool:
        return self.note is not None


@dataclass(frozen=True, slots=True)
class Extraction:
    """The main text of a page and how the page was decoded (None when given as str)."""

    text: str
    encoding: str | None = None
    note: str | None = None
    url: str | None = None  # the address the page gives itself, when none was given

    @property
    def lossy(self) -> bool:
        return self.note is not None


def _codec(label: bytes) -> str | None:
    """The Python codec of a WHATWG encoding label, or None for a label a browser ignores."""
    name = label.decode("ascii", "replace").strip().lower()
    codec = _WHATWG_LABELS.get(name)
    return None if codec is None else codecs.lookup(codec).name


def declared_charset(data: bytes) -> str | None:
    """The codec a page declares in its first bytes (meta charset or XML declaration).

    A declared UTF-16 is UTF-8, as the HTML standard reads it: a declaration found by
    reading the bytes as ASCII is not in UTF-16 (only a byte-order mark selects UTF-16)."""
    head = data[:SNIFF_BYTES]
    m = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    codec = _codec(m.group(1)) if m else None
    return "utf-8" if codec in _UTF16 else codec


def _utf8_with_strays(data: bytes) -> tuple[str, int]:
    """UTF-8, each byte that is not valid UTF-8 read as windows-1252; and how many those were."""
    text = data.decode("utf-8", "surrogateescape")
    strays = sum(len(m.group()) for m in _STRAY.finditer(text))
    return (
        _STRAY.sub(lambda m: bytes(ord(c) - 0xDC00 for c in m.group()).decode("cp1252", "replace"), text),
        strays,
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
                text, strays = _utf8_with_strays(data)
                note = (
                    f"the page declares utf-8, but {_bytes(strays)} did not decode as UTF-8: "
                    "read as windows-1252"
                )
                return DecodedPage(text, "utf-8", declared, note)
            if declared != "utf-8" and not _mostly_utf8(data):
                damaged = _with_misfits(data, declared)
                if damaged is not None:
                    return damaged
    else:
        try:
            return DecodedPage(data.decode("utf-8"), "utf-8")
        except UnicodeDecodeError:
            pass
    from cleaner.encoding.decode import detect_charset

    # what did not fit: the declared charset, or UTF-8 when the page declares none
    misfit = f"the page declares {declared}, but its bytes are not {declared}" if declared else ""
    detected = detect_charset(data)
    if detected is not None:
        try:
            text = data.decode(detected)
        except UnicodeDecodeError:  # chardet looked at the first 200 KB only
            text = data.decode(detected, "replace")
            if detected == declared:
                note = f"the page declares {declared}; bytes that are not {declared} became U+FFFD"
                return DecodedPage(text, detected, declared, note)
            note = f"read as {detected}, the charset detected; bytes that are not {detected} became U+FFFD"
            return DecodedPage(
                text, detected, declared, f"{misfit}: {note}" if misfit else f"not UTF-8: {note}"
            )
        if not misfit:  # a page that declares nothing and is not UTF-8: nothing amiss
            return DecodedPage(text, detected)
        return DecodedPage(text, detected, declared, f"{misfit}: read as {detected}, the charset detected")
    text, strays = _utf8_with_strays(data)
    note = (
        "no charset was detected: read as UTF-8, with windows-1252 for what did not decode "
        f"({_bytes(strays)})"
    )
    return DecodedPage(text, "utf-8", declared, f"{misfit}; {note}" if misfit else note)


def _with_misfits(data: bytes, declared: str) -> DecodedPage | None:
    """The page in the charset it declares when all but a few of its bytes fit it (at most
    one in a thousand, or four in a short page): those few are damage, and become U+FFFD,
    as a browser reads them.
    Detection, which must find a charset that reads every byte, would rather take another
    one for the whole page (a Polish windows-1250 page with one stray byte read as Thai
    TIS-620, a GB18030 page as KOI8-U). None when more bytes than that do not fit."""
    text = data.decode(declared, "surrogateescape")
    bad = sum(len(m.group()) for m in _STRAY.finditer(text))
    if bad > max(4, len(data) // 1000):
        return None
    note = f"the page declares {declared}, but {_bytes(bad)} did not decode as {declared}: each became U+FFFD"
    return DecodedPage(_STRAY.sub(lambda m: "\ufffd" * len(m.group()), text), declared, declared, note)


def format_size(n: int) -> str:
    """A size for a message, in decimal units: ``980 bytes``, ``12.5 KB``, ``28.6 MB``, ``1.2 GB``."""
    if n < 1000:
        return _bytes(n)
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if n >= scale:
            return f"{n / scale:.1f}".removesuffix(".0") + f" {unit}"
    raise AssertionError(n)  # pragma: no cover - n >= 1000 has a unit


def _bytes(n: int) -> str:
    """'1 byte', '2 bytes', ..."""
    return "1 byte" if n == 1 else f"{n} bytes"


def _mostly_utf8(data: bytes) -> bool:
    """True when at most one byte in a thousand (and at least the first) fails UTF-8."""
    text = data.decode("utf-8", "surrogateescape")
    bad = sum(len(m.group()) for m in _STRAY.finditer(text))
    return bad <= max(4, len(data) // 1000)


def looks_like_html(text: str) -> bool:
    """True if the text contains an HTML tag such as <html>, <body>, <div> or <p>."""
    return _HTML_TAG.search(text) is not None


def extract_main_text(
    html: str | bytes, url: str | None = None, max_size: int | None = DEFAULT_MAX_HTML_SIZE
) -> Extraction:
    """The main text of an HTML page, by trafilatura with ``include_comments=False``.

    Raises ExtractionError if the input is bigger than ``max_size`` (bytes, or characters of
    a str; None for no limit), empty or not HTML (JSON, an RSS or Atom feed, an XML
    sitemap), trafilatura fails, or it finds no main text.
    """
    encoding: str | None = None
    note: str | None = None
    if isinstance(html, (str, bytes)) and max_size is not None and len(html) > max_size:
        unit = "bytes" if isinstance(html, bytes) else "characters"
        raise ExtractionError(
            f"the page is too big for the HTML path: {len(html):,} {unit} ({format_size(len(html))}),"
            f" above the limit of {max_size:,} ({format_size(max_size)}); --max-html-size"
            " (max_html_size in the config, Cleaner(max_html_size=...)) raises it",
            path=url,
        )
    if isinstance(html, bytes):
        page = decode_html(html)
        text, encoding, note = page.text, page.encoding, page.note
    elif isinstance(html, str):
        text = html
    else:
        raise TypeError(f"extract_main_text() takes str or bytes, not {type(html).__name__}")
    if not text.lstrip("\ufeff").strip():  # not "not HTML": an empty page (maybe a BOM)
        raise ExtractionError("the page is empty: no text to extract", path=url)
    _check_page(text, url)
    if not looks_like_html(text):
        raise ExtractionError("input is not HTML (no HTML tags found)", path=url)
    try:
        import trafilatura
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ExtractionError(f"the HTML path needs trafilatura: {exc}", path=url) from exc
    try:
        tree = _parsed(text, url)
        own_url = _page_url(tree) if url is None else None  # before extract() prunes the tree
        extracted = trafilatura.extract(tree, url=url, include_comments=False)
    except ExtractionError:
        raise
    except Exception as exc:  # trafilatura or lxml failing on a malformed page
        raise ExtractionError(f"trafilatura failed: {type(exc).__name__}: {exc}", path=url) from exc
    if not extracted or not extracted.strip():
        raise ExtractionError("trafilatura found no main text in the page", path=url)
    return Extraction(extracted, encoding, note, own_url)


def page_address(html: str | bytes) -> str | None:
    """The address a page gives itself, as :func:`extract_main_text` finds it for a page
    it extracts (decoded and parsed the same way), without extracting its text: the
    ``source`` :meth:`cleaner.Cleaner.clean_html` gave a page it got no URL for."""
    text = decode_html(html).text if isinstance(html, bytes) else html
    return _page_url(_parsed(text, None))


def _page_url(tree: object) -> str | None:
    """The absolute http(s) address a parsed page gives itself: its canonical link, else
    its ``og:url``. A page saved by a crawler keeps them, and site-scoped rules need the
    address, which a folder of saved pages does not give otherwise."""
    if isinstance(tree, str):  # not parsed (a dubious page left to trafilatura's fallbacks)
        return None
    canonical: list[str] = []
    og: list[str] = []
    for el in tree.iter("link", "meta"):  # type: ignore[attr-defined]
        if el.tag == "link" and "canonical" in (el.get("rel") or "").lower().split():
            canonical.append(el.get("href") or "")
        elif el.tag == "meta" and (el.get("property") or "").lower() == "og:url":
            og.append(el.get("content") or "")
    for candidate in canonical + og:  # in page order within each
        candidate = candidate.strip()
        if _ABSOLUTE_URL.match(candidate):
            return candidate
    return None


def _check_page(text: str, url: str | None) -> None:
    """Raise ExtractionError for a document that holds HTML but is no page: JSON (an API's
    response, whose escaped HTML trafilatura would extract with its ``\\u00e9`` and ``\\n``
    left in) or a feed or sitemap (whose items it would join into one text)."""
    head = text[:_ROOT_SNIFF].lstrip("\ufeff \t\r\n")
    if head[:1] in ("{", "["):
        try:
            value = json.loads(text)
        except ValueError:
            value = None
        if isinstance(value, (dict, list)):
            raise ExtractionError(
                "input is JSON, not an HTML page (extract the page's HTML from it first)", path=url
            )
    m = _ROOT.match(head)
    what = _NOT_PAGES.get(m.group(1).lower()) if m else None
    if m and what:
        raise ExtractionError(f"input is {what} (<{m.group(1)}>), not an HTML page", path=url)


#: an absolute web address with a host
_ABSOLUTE_URL = regex.compile(r"https?://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?\Z", regex.IGNORECASE)


def _parsed(text: str, url: str | None) -> object:
    """The page's tree, parsed as ``trafilatura.utils.load_html`` parses it (its repairs,
    its parser's options, UTF-8 bytes for a page with an XML encoding declaration) but with
    ``huge_tree``; ``text`` itself when the tree is empty or dubious, which load_html
    handles with fallbacks of its own.

    Raises ExtractionError when the page is nested deeper than even ``huge_tree`` allows:
    the parser would drop what lies deeper and everything after it."""
    import lxml.html
    from trafilatura.utils import is_dubious_html, repair_faulty_html

    beginning = text[:50].lower()
    parser = lxml.html.HTMLParser(
        collect_ids=False,
        default_doctype=False,
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
        huge_tree=True,
    )
    page = repair_faulty_html(text, beginning)
    try:
        tree = lxml.html.fromstring(page, parser=parser)
    except ValueError:  # "Unicode strings with encoding declaration are not supported"
        tree = lxml.html.fromstring(page.encode("utf-8", "surrogatepass"), parser=parser)
    for err in parser.error_log:
        if err.type_name == "ERR_RESOURCE_LIMIT":
            limit = err.message.split(",")[0].strip()  # "Excessive depth in document: 2048"
            what = "nests elements too deeply" if "depth" in limit else "is beyond a limit"
            raise ExtractionError(
                f"the page {what} for the HTML parser ({limit}, line {err.line}): it would drop"
                " everything from there to the end of the page",
                path=url,
            )
    if tree is None or len(tree) < 1 or (is_dubious_html(beginning) and len(tree) < 2):
        return text
    return tree
