# EncodingOptions: the settings of the encoding stage ([tool.cleaner.encoding] in config).
# Typography is kept as written unless one of the opt-in ftfy fixers is switched on here.
"""Settings of the encoding repair stage."""

from __future__ import annotations

from dataclasses import dataclass, fields

__all__ = ["APOSTROPHES", "EncodingOptions"]

#: characters a lost apostrophe may be restored as
APOSTROPHES = ("\u2019", "'", "\u02bc")


@dataclass(frozen=True, slots=True)
class EncodingOptions:
    """What the encoding stage may change beyond plain repairs.

    ``uncurl_quotes``, ``fix_width`` and ``fix_ligatures`` let ftfy straighten curly
    quotes, turn full-width Latin letters, digits and punctuation into ASCII (and
    half-width katakana into full width; the ideographic space stays) and split
    ligatures such as ``ﬁ``.
    They change good text, so they are off by default; each runs as its own step
    (``encoding.uncurl-quotes``, ``encoding.width``, ``encoding.ligatures``).

    ``apostrophe`` is the character a lost apostrophe (``don?t``) is restored as; the
    default, ``"auto"``, takes the one the document's intact apostrophes use, and the
    curly ``’`` when it has none (a lost character was not ASCII, so not ``'``).
    """

    uncurl_quotes: bool = False
    fix_width: bool = False
    fix_ligatures: bool = False
    apostrophe: str = "auto"

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if f.type in ("bool", bool) and not isinstance(value, bool):
                raise TypeError(f"encoding option {f.name} must be true or false, not {value!r}")
        if self.apostrophe != "auto" and self.apostrophe not in APOSTROPHES:
            choices = ", ".join(repr(a) for a in ("auto", *APOSTROPHES))
            raise ValueError(f"encoding option apostrophe must be one of {choices}, not {self.apostrophe!r}")
