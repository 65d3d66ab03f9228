# The encoding stage's step registry and runner: each step (mojibake, lost characters,
# entities, invisible characters, …) has its own id and runs as one batch of logged edits.
"""Encoding repair: the steps, in order, and ``repair``, which runs the selected ones."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from cleaner.encoding.entities import entity_edits
from cleaner.encoding.invisible import HIDDEN, control_edits, invisible_edits, nbsp_edits
from cleaner.encoding.lost import apostrophe_edits, lost_char_edits
from cleaner.encoding.mojibake import ligature_edits, mojibake_edits, uncurl_edits, width_edits
from cleaner.encoding.nfc import nfc_edits
from cleaner.encoding.options import EncodingOptions
from cleaner.linebreaks import LineFeedView, line_feeds
from cleaner.removals import Edit, EditLog
from cleaner.warnings import CleanWarning

__all__ = ["REPAIR_STEPS", "STEPS", "EncodingOptions", "Step", "apply_repairs", "lost_warnings", "repair"]

_MAX_LOST_WARNINGS = 10
_MAX_ROUNDS = 3
_FFFD = re.compile("\ufffd")


@dataclass(frozen=True, slots=True)
class Step:
    """One repair step: its id (the ``rule`` of its edits), what it does, its function,
    and optionally a pattern the text must contain for the step to have work (steps
    that share it let one scan answer for all of them)."""

    id: str
    description: str
    edits: Callable[[str, EncodingOptions], list[Edit]]
    gate: re.Pattern[str] | None = None


_NFC = Step("encoding.nfc", "normalise the text to Unicode NFC", nfc_edits)

#: the steps in the order they run. Entities go first (an entity may spell mojibake);
#: NFC before mojibake too: mojibake normalised to NFD ("â" as "a" and U+0302) is what
#: ftfy repairs once composed, and left as it is the controls step would remove the C1
#: byte of its "â€\x9d"; composing spoils no mojibake, as NFC changes no character that
#: a byte of ftfy's single-byte codecs decodes to (a test checks it);
#: mojibake before lost characters (ftfy marks bytes it cannot recover with U+FFFD);
#: invisible characters and odd spaces before lost characters (so ``bear\xa0????``
#: loses its run with the space); NFC last, for what the steps before it decomposed.
STEPS: tuple[Step, ...] = (
    Step("encoding.entities", "decode HTML entities left in the text (&amp; &#8217; &nbsp;)", entity_edits),
    _NFC,
    Step(
        "encoding.mojibake",
        "repair mis-decoded text with ftfy (â€™ → ’, Ã© → é, double encoding)",
        mojibake_edits,
    ),
    Step(
        "encoding.ligatures",
        "split Latin ligatures such as ﬁ (only with the fix_ligatures option)",
        ligature_edits,
    ),
    Step(
        "encoding.width",
        "full-width Latin letters, digits and punctuation to ASCII, half-width katakana to full width"
        " (only with the fix_width option)",
        width_edits,
    ),
    Step(
        "encoding.uncurl-quotes", "straighten curly quotes (only with the uncurl_quotes option)", uncurl_edits
    ),
    Step(
        "encoding.controls",
        "remove stray control characters and terminal colour codes",
        control_edits,
        HIDDEN,
    ),
    Step("encoding.invisible", "remove zero-width characters and soft hyphens", invisible_edits, HIDDEN),
    Step("encoding.nbsp", "turn non-breaking and other unusual spaces into plain spaces", nbsp_edits, HIDDEN),
    Step(
        "encoding.lost-chars",
        "remove runs of ? or U+FFFD that stood for characters lost in conversion",
        lost_char_edits,
    ),
    Step(
        "encoding.apostrophe",
        "restore apostrophes lost inside words (president?s → president’s)",
        apostrophe_edits,
    ),
    _NFC,
)

#: step id -> what it does
REPAIR_STEPS: dict[str, str] = {s.id: s.description for s in STEPS}


def _input_offset(log: EditLog, pos: int) -> int:
    """The offset in the input of position ``pos`` of the current text."""
    delta = 0
    for r in log.removals:  # sorted by start
        cur_start = r.start + delta
        if pos < cur_start:
            break
        if pos < cur_start + len(r.replacement):
            return r.start
        delta += len(r.replacement) - len(r.text)
    return pos - delta


def lost_warnings(log: EditLog) -> list[CleanWarning]:
    """A warning for each U+FFFD left in the text: a character was lost and stays lost."""
    text = log.current
    if "\ufffd" not in text:
        return []
    places = [m.start() for m in _FFFD.finditer(text)]
    out = [
        CleanWarning(
            "decode",
            "a character was lost in conversion (U+FFFD) and could not be restored",
            offset=_input_offset(log, i),
        )
        for i in places[:_MAX_LOST_WARNINGS]
    ]
    if len(places) > _MAX_LOST_WARNINGS:
        out.append(
            CleanWarning(
                "decode",
                f"{len(places) - _MAX_LOST_WARNINGS} more U+FFFD characters",
                offset=_input_offset(log, places[_MAX_LOST_WARNINGS]),
            )
        )
    return out


def repair(log: EditLog, steps: frozenset[str], options: EncodingOptions) -> list[CleanWarning]:
    """Run the selected repair steps (:func:`apply_repairs`); return a warning for each
    U+FFFD left in the text (none when no repair step is selected)."""
    if not any(step.id in steps for step in STEPS):
        return []
    apply_repairs(log, steps, options)
    return lost_warnings(log)


def _own_breaks(edits: list[Edit], text: str) -> list[Edit]:
    """``edits`` (found on the ``line_feeds`` reading of ``text``) writing the text's own
    line break (its most frequent, as a rule's edit writes it) instead of ``\\n``: a page
    break made a line break in a file saved with ``\\r`` stays a ``\\r``."""
    view = LineFeedView.of(text)
    if view is None:
        return edits
    nl = view.newline()
    return [replace(e, replacement=e.replacement.replace("\n", nl)) for e in edits]


def apply_repairs(log: EditLog, steps: frozenset[str], options: EncodingOptions) -> bool:
    """Run the selected repair steps on ``log.current``, in order, each as one batch;
    True if any of them changed the text.

    One step can uncover work for an earlier one (removing a stray control character or
    a zero-width space can join two halves of mojibake), so the steps run again until a
    round changes nothing, at most ``_MAX_ROUNDS`` times; repairing a repaired text then
    changes nothing. Clean text takes one round.
    """
    selected = [step for step in STEPS if step.id in steps]
    applied = False
    for _ in range(_MAX_ROUNDS):
        changed = False
        gated: dict[int, tuple[str, bool]] = {}  # id(gate) -> (text it was asked about, answer)
        current = text = ""
        for step in selected:
            # steps that judge a character by its line (ftfy reads line by line) see every
            # line break as \n; no step changes a line break, and the offsets are the same.
            # Read anew only when a step changed the text, so that the gates' answers hold
            if log.current is not current:
                current = log.current
                text = line_feeds(current)
            if step.gate is not None:
                asked = gated.get(id(step.gate))
                if asked is None or asked[0] is not text:
                    asked = gated[id(step.gate)] = (text, step.gate.search(text) is not None)
                if not asked[1]:
                    continue
            edits = step.edits(text, options)
            if any("\n" in e.replacement for e in edits):
                edits = _own_breaks(edits, current)
            if edits:
                log.apply(edits)
                changed = applied = True
        if not changed:
            break
    return applied
