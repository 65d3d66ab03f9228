# How often decoding finds the right legacy charset: windows of real text, by script and
# length, encoded in the charsets that script was written in before UTF-8.
"""Measure legacy-charset detection on windows of real article text.

Each text of the given files is sorted by script (Western Latin, Central European Latin,
Cyrillic, Greek, Chinese, Japanese, Korean, Arabic). Windows of 20 to 5,000 characters
are cut from it at random and encoded in the legacy charsets of that script
(windows-1252 and ISO-8859-15 for Western text, windows-1251 and KOI8-R for Cyrillic,
…). A window whose bytes are valid UTF-8 (pure ASCII) is no detection case and is
skipped. A reading counts as right when it gives back the window exactly.

Printed per script and length: how often ``cleaner.encoding.decode_bytes`` is right,
and, if charset-normalizer is installed, how often its ``from_bytes(...).best()`` is,
which ``cleaner`` used before chardet 7.

    python benchmarks/charset_detection.py ../shared/eval/scrapinghub-aeb-trafrecall-text.jsonl \
        ../shared/eval/trafilatura-eval-trafrecall-text.jsonl.gz ../shared/devset/debris-dev.jsonl
"""

from __future__ import annotations

import argparse
import random
import time
import unicodedata
from collections import Counter
from collections.abc import Callable

from corpus import read_texts  # benchmarks/, the script's own folder

from cleaner.encoding import decode_bytes

CHARSETS = {
    "western": ("cp1252", "iso8859_15"),
    "central": ("cp1250", "iso8859_2"),
    "cyrillic": ("cp1251", "koi8_r"),
    "greek": ("cp1253", "iso8859_7"),
    "chinese": ("gb18030", "big5"),
    "japanese": ("shift_jis", "euc_jp"),
    "korean": ("euc_kr",),
    "arabic": ("cp1256",),
}
LENGTHS = (20, 40, 100, 300, 1000, 5000)
_SCRIPT_NAMES = {"CYRILLIC": "cyrillic", "GREEK": "greek", "CJK": "chinese", "HIRAGANA": "japanese",
                 "KATAKANA": "japanese", "HANGUL": "korean", "ARABIC": "arabic"}
_CENTRAL = set("łśżźćńŁŚŻŹĆŃřčěšůŕőűŘČĚŠŮ")


def script_of(text: str) -> str | None:
    """The script a text is mostly written in, as a key of CHARSETS; None if unsure."""
    names = Counter(
        _SCRIPT_NAMES.get(unicodedata.name(ch, "?").split()[0])
        for ch in text
        if ord(ch) > 0x24F and ch.isalpha()
    )
    names.pop(None, None)
    if names:
        name, count = names.most_common(1)[0]
        if count > 50:
            return name
    if sum(ch in _CENTRAL for ch in text) > 5:
        return "central"
    if sum(0x7F < ord(ch) < 0x250 for ch in text) > 3:
        return "western"
    return None


def cases(texts: list[str], per_text: int, seed: int) -> list[tuple[str, int, str, bytes]]:
    """(script, length, window, bytes) for windows of each text in its script's charsets."""
    r = random.Random(seed)
    out = []
    for text in texts:
        script = script_of(text)
        if script is None:
            continue
        # few texts are not Western: cut more windows from them
        count = per_text if script == "western" else 4 * per_text
        for length in LENGTHS:
            for _ in range(count):
                start = r.randrange(0, max(1, len(text) - length))
                window = text[start : start + length]
                for charset in CHARSETS[script]:
                    try:
                        data = window.encode(charset)
                        data.decode("utf-8")
                        continue  # valid UTF-8 (ASCII): nothing to detect
                    except UnicodeEncodeError:
                        continue  # the window has characters the charset lacks
                    except UnicodeDecodeError:
                        out.append((script, length, window, data))
    return out


def _reads_back(data: bytes, window: str, codec: str | None) -> bool:
    if not codec:
        return False
    try:
        return data.decode(codec) == window
    except (UnicodeDecodeError, LookupError):
        return False


def _charset_normalizer() -> Callable[[bytes], str | None] | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:
        return None

    def best(data: bytes) -> str | None:
        match = from_bytes(data).best()
        return match.encoding if match else None

    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", nargs="+", help=".jsonl[.gz] or .txt files, or folders of them")
    ap.add_argument("--per-text", type=int, default=3, help="windows per text and length (Western)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    texts = read_texts(args.data, ("dirty", "text", "gold"))
    todo = cases(texts, args.per_text, args.seed)
    methods: dict[str, Callable[[bytes], str | None]] = {"cleaner": lambda b: decode_bytes(b).encoding}
    baseline = _charset_normalizer()
    if baseline is not None:
        methods["charset-normalizer"] = baseline
    right: Counter[tuple[str, int, str]] = Counter()
    seen: Counter[tuple[str, int]] = Counter()
    spent: Counter[str] = Counter()
    for script, length, window, data in todo:
        seen[script, length] += 1
        for name, detect in methods.items():
            t0 = time.perf_counter()
            codec = detect(data)
            spent[name] += time.perf_counter() - t0
            right[script, length, name] += _reads_back(data, window, codec)
    print(f"{len(texts)} texts, {len(todo)} encoded windows; share read back exactly")
    print(f"{'script':10} {'chars':>6} {'cases':>6}  " + "  ".join(f"{m:>18}" for m in methods))
    for script in CHARSETS:
        for length in LENGTHS:
            n = seen[script, length]
            if n:
                cells = "  ".join(f"{right[script, length, m] / n:>18.3f}" for m in methods)
                print(f"{script:10} {length:>6} {n:>6}  {cells}")
    total = sum(seen.values())
    if not total:
        print("no text with non-ASCII characters found")
        return 1
    cells = "  ".join(f"{sum(v for k, v in right.items() if k[2] == m) / total:>18.3f}" for m in methods)
    print(f"{'all':10} {'':>6} {total:>6}  {cells}")
    print("seconds   " + " " * 15 + "  ".join(f"{spent[m]:>18.1f}" for m in methods))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
