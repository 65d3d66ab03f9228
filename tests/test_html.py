# Tests of the HTML path: decoding page bytes (BOM, declared charset, stray bytes, detection),
# main-text extraction with trafilatura, and Cleaner.clean_html's result and removal log.
from __future__ import annotations

import pickle
import textwrap

import pytest

from cleaner import Cleaner, InputError, load_rules, restore
from cleaner.errors import ExtractionError
from cleaner.html import declared_charset, decode_html, extract_main_text, looks_like_html

PROSE = (
    "The river rose by two metres overnight and the town council opened the old school as a shelter. "
    "Volunteers carried sandbags to the bridge while the fire brigade pumped water from the cellars."
)


def _page(body: str, head: str = '<meta charset="utf-8">') -> str:
    return f"<!DOCTYPE html><html><head>{head}<title>Flood</title></head><body>{body}</body></html>"


ARTICLE = _page(
    "<nav><a href='/'>Home</a> | <a href='/news'>News</a></nav>"
    f"<article><h1>Flood in the valley</h1><p>{PROSE}</p>"
    "<p>Sponsored: Buy our raincoats today</p>"
    f"<p>{PROSE.replace('river', 'stream')}</p></article>"
    "<footer>© 2019 Valley News</footer>"
)


@pytest.mark.parametrize(
    ("head", "codec"),
    [
        (b'<meta charset="utf-8">', "utf-8"),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">', "cp1252"),
        (b"<meta charset='gb2312'>", "gb18030"),
        (b'<?xml version="1.0" encoding="windows-1250"?>', "cp1250"),
        (b'<meta charset="no-such-charset">', None),
        (b'<meta charset="rot13">', None),
        (b'<meta charset=" Windows-31J ">', "cp932"),
        (b'<meta charset="x-mac-cyrillic">', "mac-cyrillic"),
        (b"<title>none</title>", None),
    ],
)
def test_declared_charset(head, codec):
    assert declared_charset(head + b"<html><head></head><body></body></html>") == codec


@pytest.mark.parametrize(
    "label",
    ["rot13", "base64", "hex", "zlib", "bz2", "punycode", "utf-7", "latin-1", "iso-2022-kr", "x-foobar"],
)
def test_a_label_a_browser_does_not_accept_is_ignored(demo_cleaner, label):
    """Python's codecs that are not text encodings (LookupError), punycode (UnicodeError),
    labels outside the WHATWG list: the page goes through detection, as if undeclared."""
    page = ARTICLE.replace('charset="utf-8"', f'charset="{label}"').encode("utf-8")
    assert declared_charset(page) is None
    decoded = decode_html(page)
    assert decoded.encoding == "utf-8" and decoded.declared is None and not decoded.lossy
    res = demo_cleaner.clean_html(page)
    assert PROSE in res.input_text and not res.warnings


@pytest.mark.parametrize("label", ["utf-16", "UTF-16LE", "utf-16be", "unicode", "ucs-2"])
def test_a_declared_utf16_is_read_as_utf8(demo_cleaner, label):
    """The HTML standard: a <meta> that declares UTF-16 means UTF-8 (only a BOM selects
    UTF-16). An even number of bytes would decode as UTF-16, into nonsense."""
    page = ARTICLE.replace('charset="utf-8"', f'charset="{label}"').replace("rose", "rosé").encode("utf-8")
    page += b"" if len(page) % 2 == 0 else b" "
    assert declared_charset(page) == "utf-8"
    decoded = decode_html(page)
    assert (decoded.encoding, decoded.declared, decoded.lossy) == ("utf-8", "utf-8", False)
    res = demo_cleaner.clean_html(page)
    assert "The river rosé by two metres" in res.input_text and res.encoding == "utf-8"


def test_a_utf16_page_with_a_bom_stays_utf16():
    page = decode_html(ARTICLE.replace('charset="utf-8"', 'charset="utf-16"').encode("utf-16"))
    assert page.encoding == "utf-16" and PROSE in page.text


def test_declared_latin1_is_read_as_windows_1252():
    data = '<meta charset="iso-8859-1"><p>Café “quoted”</p>'.encode("cp1252")
    page = decode_html(data)
    assert page.encoding == "cp1252" and page.declared == "cp1252" and not page.lossy
    assert "Café “quoted”" in page.text


def test_utf8_page_with_stray_bytes_keeps_utf8():
    data = '<meta charset="utf-8"><p>Grüße aus Köln</p>'.encode() + b"<p>caf\xe9</p>"
    page = decode_html(data)
    assert page.encoding == "utf-8" and page.lossy
    assert "Grüße aus Köln" in page.text and "café" in page.text


def test_undeclared_pages_try_utf8_then_detection():
    assert decode_html("<p>naïve</p>".encode()).encoding == "utf-8"
    text = (
        "<html><body><p>"
        + "Die Straße war gesperrt, die Brücke über den Fluß auch. " * 20
        + "</p></body></html>"
    )
    page = decode_html(text.encode("cp1252"))
    assert "Straße" in page.text and "Brücke" in page.text


def test_wrong_declaration_falls_back_to_detection():
    text = "<meta charset='utf-8'><p>" + "Привет, как дела? Всё хорошо. " * 30 + "</p>"
    page = decode_html(text.encode("cp1251"))
    assert "Привет" in page.text and page.lossy


_POLISH = "Sejm zagłosował w środę nad ustawą o funduszach; posłowie mówili, że źródła są pewne. " * 12
_CHINESE = "新华社北京电，国务院常务会议今天在北京召开，会议讨论了经济形势和下一步工作安排。" * 12


@pytest.mark.parametrize(
    ("label", "codec", "prose", "stray"),
    [("windows-1250", "cp1250", _POLISH, b"\x98"), ("gb2312", "gb18030", _CHINESE, b"\xff")],
    ids=["cp1250", "gb2312"],
)
def test_a_stray_byte_does_not_send_a_declared_page_to_detection(label, codec, prose, stray):
    """One byte the declared charset does not have is damage: it becomes U+FFFD and the
    page keeps its charset. Detection, which wants a charset that reads every byte, read
    such a windows-1250 page as TIS-620 (Thai) and a GB2312 one as KOI8-U."""
    data = f'<meta charset="{label}"><p>{prose}</p>'.encode(codec).replace(b"</p>", stray + b"</p>")
    page = decode_html(data)
    assert page.encoding == codec and prose in page.text and "\ufffd</p>" in page.text
    assert page.note == f"the page declares {codec}, but 1 byte did not decode as {codec}: each became U+FFFD"


def test_a_utf8_page_that_declares_a_legacy_charset_still_goes_to_detection():
    data = f'<meta charset="windows-1250"><p>Łódź. {_POLISH}</p>'.encode()
    assert data.decode("cp1250", "replace").count("\ufffd")  # bytes cp1250 does not have
    page = decode_html(data)
    assert page.encoding == "utf-8" and _POLISH in page.text


def test_bom_wins():
    page = decode_html(b"\xef\xbb\xbf<meta charset='iso-8859-1'><p>\xc3\xa9</p>")
    assert page.encoding == "utf-8" and "é" in page.text


def test_looks_like_html():
    assert looks_like_html("<p>hi</p>") and looks_like_html("<!DOCTYPE html>")
    assert not looks_like_html("a < b and c > d") and not looks_like_html("plain text")


def test_extract_main_text_drops_navigation_and_footer():
    ex = extract_main_text(ARTICLE.encode(), url="https://valley.example/flood")
    assert PROSE in ex.text
    assert "© 2019" not in ex.text and "Home" not in ex.text
    assert ex.encoding == "utf-8"


@pytest.mark.parametrize(
    ("page", "cause"),
    [
        ("Just some plain text, no markup at all.", "not HTML"),
        (_page(""), "no main text"),
        (b"\x00\x01\x02 binary", "not HTML"),
    ],
)
def test_extraction_failures_are_input_errors(page, cause):
    with pytest.raises(ExtractionError, match=cause) as ei:
        extract_main_text(page)
    assert isinstance(ei.value, InputError)



_ITEM = f"<item><title>Item</title><description>&lt;p&gt;{PROSE}&lt;/p&gt;</description></item>"
_RSS = f'<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>{_ITEM * 5}</channel></rss>'
_ATOM = (
    '\ufeff<?xml version="1.0" encoding="utf-8"?><!-- generator -->'
    '<feed xmlns="http://www.w3.org/2005/Atom">'
    f"<entry><content type='html'>&lt;p&gt;{PROSE}&lt;/p&gt;</content></entry></feed>"
)
_WP_JSON = '{"id": 5, "content": {"rendered": "<p>' + PROSE.replace("river", "rivi\\u00e8re") + '</p>\\n"}}'
_SITEMAP = '<?xml version="1.0"?><urlset><url><loc>https://valley.example/a</loc></url></urlset>'


@pytest.mark.parametrize(
    ("document", "cause"),
    [
        (_WP_JSON, "JSON"),  # a WordPress REST response: its escaped HTML, \\u00e8re and all
        ('[{"html": "<html><body><article><p>' + PROSE + '</p></article></body></html>"}]', "JSON"),
        (_RSS, r"an RSS feed \(<rss>\)"),
        (_ATOM, "an Atom feed"),
        (_SITEMAP, "an XML sitemap"),
    ],
    ids=["wordpress-json", "json-list", "rss", "atom", "sitemap"],
)
def test_json_feeds_and_sitemaps_saved_as_pages_are_not_extracted(demo_cleaner, document, cause):
    """Each holds HTML, but is no page: extracting it gave JSON escapes or a feed's items
    run together as if they were an article, and no error."""
    for given in (document, document.encode("utf-8")):
        with pytest.raises(ExtractionError, match=cause):
            demo_cleaner.clean_html(given)


def test_a_page_that_starts_with_a_bracket_or_an_xhtml_declaration_is_still_a_page(demo_cleaner):
    assert PROSE in demo_cleaner.clean_html("[ad_1]" + ARTICLE).input_text
    xhtml = '<?xml version="1.0" encoding="utf-8"?>\n' + ARTICLE
    assert PROSE in demo_cleaner.clean_html(xhtml.encode()).input_text


def _nested(depth: int, declaration: str = "") -> str:
    """A page whose article has a paragraph ``depth`` elements deep between two others."""
    first = "<p>" + "The first paragraph of the story is plain prose of some length. " * 4 + "</p>"
    deep = "<p>" + "The deep paragraph holds words that must not be lost without a word. " * 4 + "</p>"
    last = "<p>" + "The last paragraph closes the story with a few more sentences. " * 4 + "</p>"
    return declaration + (
        "<html><body><article>" + first + "<div>" * depth + deep + "</div>" * depth + last
        + "</article></body></html>"
    )


@pytest.mark.parametrize("declaration", ["", '<?xml version="1.0" encoding="utf-8"?>\n'])
def test_a_page_nested_deeper_than_libxml2s_default_keeps_its_text(declaration):
    # libxml2 stops at 255 levels and drops the rest of the page without an error
    for page in (_nested(300, declaration), _nested(300, declaration).encode()):
        text = extract_main_text(page).text
        assert "The deep paragraph" in text and "The last paragraph" in text


def test_a_page_nested_beyond_the_parsers_limit_is_an_extraction_error():
    with pytest.raises(ExtractionError, match=r"nests elements too deeply .*2048.* drop everything"):
        extract_main_text(_nested(2100), url="https://deep.example/a")

RULES = """\
rules:
  - id: demo.sponsored
    category: ads
    description: Sponsored lines.
    rationale: A line that starts with "Sponsored:" is an advertisement.
    confidence: high
    match:
      line: 'Sponsored:.*'
    action: drop-line
    examples:
      - input: "Text.\\nSponsored: Buy now\\nMore."
        output: "Text.\\nMore."
    counterexamples:
      - "The event was sponsored: by the city."
"""


@pytest.fixture
def demo_cleaner(tmp_path):
    p = tmp_path / "r.yaml"
    p.write_text(textwrap.dedent(RULES), "utf-8")
    return Cleaner(load_rules(p))


def test_clean_html_logs_against_the_extracted_text(demo_cleaner):
    url = "https://valley.example/flood"
    res = demo_cleaner.clean_html(ARTICLE.encode(), url=url)
    assert res.extracted_by == "trafilatura" and res.encoding == "utf-8" and res.source == url
    assert res.input_text == extract_main_text(ARTICLE, url=url).text
    assert "Sponsored" in res.input_text and "Sponsored" not in res.text
    assert [r.rule for r in res.removals if r.rule.startswith("demo.")] == ["demo.sponsored"]
    assert restore(res.text, res.removals) == res.input_text


def test_clean_html_accepts_str_and_pickled_cleaner(demo_cleaner):
    res = pickle.loads(pickle.dumps(demo_cleaner)).clean_html(ARTICLE)
    assert res.encoding is None and res.extracted_by == "trafilatura"
    assert res.text == demo_cleaner.clean_html(ARTICLE.encode()).text


def test_clean_html_takes_page_bytes_in_any_buffer_as_clean_bytes_does(demo_cleaner):
    """A page read into a bytearray or handed over as a memoryview (a socket buffer, an
    mmap) is page bytes, decoded as bytes are: not a TypeError naming an inner function."""
    page = ARTICLE.replace("river", "rivière").replace('charset="utf-8"', 'charset="windows-1252"')
    data = page.encode("cp1252")
    want = demo_cleaner.clean_html(data)
    assert want.encoding == "cp1252" and "rivière" in want.text
    for buffer in (bytearray(data), memoryview(data)):
        got = demo_cleaner.clean_html(buffer)
        assert (got.text, got.encoding, got.removals) == (want.text, want.encoding, want.removals)
    with pytest.raises(TypeError, match=r"clean_html\(\) takes str or bytes, not int"):
        demo_cleaner.clean_html(5)


def test_clean_html_warns_when_bytes_were_guessed(demo_cleaner):
    data = ARTICLE.encode().replace(b"stream", b"str\xe9am")
    res = demo_cleaner.clean_html(data)
    assert any(w.code == "decode" for w in res.warnings)
    assert "stréam" in res.text


def test_the_decode_warning_says_what_did_not_fit_and_how_the_page_was_read(demo_cleaner):
    """A page that declares UTF-8 but is windows-1252 throughout: the bytes did not fit the
    declared UTF-8, and detection read the page as cp1252 (they all fit that)."""
    page = ARTICLE.replace("river", "rivière").replace("Volunteers", "“Volunteers”").encode("cp1252")
    res = demo_cleaner.clean_html(page)
    assert res.encoding == "cp1252" and "rivière" in res.input_text
    decode = [w.message for w in res.warnings if w.code == "decode"]
    said = "the page declares utf-8, but its bytes are not utf-8: read as cp1252, the charset detected"
    assert decode == [said]


def test_the_decode_warning_of_stray_bytes_counts_them(demo_cleaner):
    page = ARTICLE.encode().replace(b"stream", b"str\xe9am").replace(b"Home", b"H\xf6me")
    decode = [w.message for w in demo_cleaner.clean_html(page).warnings if w.code == "decode"]
    assert decode == ["the page declares utf-8, but 2 bytes did not decode as UTF-8: read as windows-1252"]


@pytest.mark.parametrize("page", [b"", "", b" \n\t\n", "\ufeff", b"\xef\xbb\xbf\r\n"])
def test_an_empty_page_is_said_to_be_empty_not_to_be_something_else_than_html(demo_cleaner, page):
    with pytest.raises(ExtractionError, match="the page is empty: no text to extract"):
        demo_cleaner.clean_html(page, url="https://valley.example/empty")


def test_clean_html_raises_on_text(demo_cleaner):
    with pytest.raises(ExtractionError):
        demo_cleaner.clean_html("no markup here")


_SITE_RULE = {
    "id": "t.valley-tagline",
    "match": {"literal": "Valley News: the valley's own paper since 1881", "whole_line": True},
    "action": "drop-line",
    "when": {"domains": ["valley.example"]},
}


@pytest.mark.parametrize(
    ("head", "source"),
    [
        ('<link rel="canonical" href="https://www.valley.example/flood">', "https://www.valley.example/flood"),
        ('<meta property="og:url" content=" https://valley.example/flood ">', "https://valley.example/flood"),
        (  # the canonical link is preferred to og:url, wherever each stands
            '<meta property="og:url" content="https://other.example/x">'
            '<link rel="Canonical alternate" href="https://valley.example/flood">',
            "https://valley.example/flood",
        ),
        (  # the first of two canonical links, as a browser or a crawler takes it
            '<link rel="canonical" href="https://valley.example/flood">'
            '<link rel="canonical" href="https://other.example/x">',
            "https://valley.example/flood",
        ),
        ('<link rel="canonical" href="/flood">', None),  # relative: no site to tell
        ('<meta property="og:url" content="javascript:void(0)">', None),
        ("", None),
    ],
)
def test_a_saved_page_gives_site_rules_its_own_address(head, source):
    """A folder of saved pages has no URL to give clean_html, so site-scoped rules never
    applied to them; the page's canonical link (or og:url) says which site it is from."""
    from rulehelp import ruleset

    c = Cleaner(ruleset(_SITE_RULE))
    page = _page(
        f"<article><h1>Flood</h1><p>{PROSE}</p><p>Valley News: the valley's own paper since 1881</p>"
        f"<p>{PROSE.replace('river', 'stream')}</p></article>",
        head='<meta charset="utf-8">' + head,
    )
    res = c.clean_html(page)
    assert res.source == source
    assert ("Valley News" in res.text) == (source is None)
    given = c.clean_html(page, url="https://elsewhere.example/a")  # a URL given wins
    assert given.source == "https://elsewhere.example/a" and "Valley News" in given.text


def test_a_page_above_max_html_size_is_refused_before_it_is_parsed(monkeypatch):
    import trafilatura

    def no_extraction(*args, **kwargs):  # the refusal must come before trafilatura's work
        raise AssertionError("trafilatura ran on a refused page")

    page = ARTICLE.encode()
    monkeypatch.setattr(trafilatura, "extract", no_extraction)
    with pytest.raises(ExtractionError, match=rf"too big .*: {len(page):,} bytes.*--max-html-size") as info:
        Cleaner(max_html_size=len(page) - 1).clean_html(page, url="https://valley.example/flood")
    assert info.value.path == "https://valley.example/flood"
    with pytest.raises(ExtractionError, match=rf"{len(ARTICLE):,} characters"):
        extract_main_text(ARTICLE, max_size=len(ARTICLE) - 1)


def test_max_html_size_takes_a_page_of_that_size_and_none_is_no_limit():
    page = ARTICLE.encode()
    expected = Cleaner().clean_html(page)
    assert Cleaner(max_html_size=len(page)).clean_html(page) == expected
    assert Cleaner(max_html_size=None).clean_html(page) == expected
    # the limit travels to worker processes with the cleaner
    shipped = pickle.loads(pickle.dumps(Cleaner(max_html_size=len(page) - 1)))
    with pytest.raises(ExtractionError, match="too big"):
        shipped.clean_html(page)


@pytest.mark.parametrize("bad", [0, -5, 1.5, True, "20MB"])
def test_max_html_size_must_be_a_positive_number_of_bytes(bad):
    with pytest.raises(ValueError, match="max_html_size must be a number of bytes"):
        Cleaner(max_html_size=bad)


def test_by_default_a_page_above_20_mb_is_refused_at_once():
    page = b"<html><body><p>" + b"word " * 4_000_000 + b"</p></body></html>"  # 20,000,033 bytes
    said = r"20,000,033 bytes \(20 MB\), above the limit of 20,000,000 \(20 MB\)"
    with pytest.raises(ExtractionError, match=said):
        Cleaner().clean_html(page)
