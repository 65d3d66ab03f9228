# Tests of line shapes: what folds together, what stays apart, and that the regex drawn
# from a shape matches every line of that shape.
from __future__ import annotations

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from cleaner.mine.normalise import (
    NUM,
    display_shape,
    escape,
    fixed_text,
    languages_of,
    shape_lines,
    shape_of,
    shape_regex,
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Posted on June 3", "Posted on July 9"),
        ("Posted on June 3rd", "Posted on July 21st"),
        ("12 Comments", "3 Comments"),
        ("Updated 10:30 AM, Tuesday, March 4, 2025", "Updated 4:15 pm, Friday, May 30, 2025"),
        ("Stand: 04.03.2025, 12:00 Uhr", "Stand: 11.12.2024, 09:45 Uhr"),
        ("Publié le 3 juin 2024", "Publié le 14 août 2023"),
        ("  Share   this\t", "Share this"),
        ("Sat, Jun 3", "Mon, Dec 24"),
    ],
)
def test_variable_parts_fold_to_one_shape(a: str, b: str) -> None:
    assert shape_of(a) == shape_of(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Posted on June 3", "Posted by June 3"),
        ("The Sun", "The Mon"),  # abbreviations fold only next to a number
        ("you may read", "you june read"),  # the verb "may" is not a month
        ("Share this", "share this"),  # case is kept
    ],
)
def test_different_lines_stay_apart(a: str, b: str) -> None:
    assert shape_of(a) != shape_of(b)


def test_shape_lines_keeps_line_count_and_blank_lines() -> None:
    text = "A 1\n\n  \nB June 2\n"
    shapes = shape_lines(text)
    assert len(shapes) == len(text.split("\n"))
    assert shapes[1] == shapes[2] == shapes[4] == ""
    assert display_shape(shapes[3]) == "B <month> <n>"


def test_fixed_text_drops_placeholders() -> None:
    assert fixed_text(shape_of("Posted on June 3")).split() == ["Posted", "on"]


def test_languages_are_the_fewest_that_cover_the_names() -> None:
    assert languages_of(["Posted on March 2", "April 3"]) == ("en",)
    assert languages_of(["Dienstag, 4. März 2025"]) == ("de",)
    assert len(languages_of(["no dates here"])) > 1


@pytest.mark.parametrize(
    "lines",
    [
        ["Posted on June 3", "Posted on July 19"],
        ["Updated 10:30 AM, Tuesday, March 4, 2025", "Updated 4:15 pm, Friday, May 30, 2025"],
        ["Dienstag, 4. März 2025"],
        ["© 2019 (c) Foo. All rights [reserved] | *x* + y? $5 ^ {2}"],
        ["Page 3 of 12"],
    ],
)
def test_shape_regex_matches_its_lines(lines: list[str]) -> None:
    r = shape_regex(shape_of(lines[0]), lines)
    for line in lines:
        assert regex.fullmatch(r, line.strip()), line


@given(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"), max_size=60)
)
def test_shape_regex_matches_any_line_of_its_shape(line: str) -> None:
    shape = shape_of(line)
    if shape:
        r = shape_regex(shape, [line])
        assert regex.fullmatch(r"\s*(?:" + r + r")\s*", line), (line, r)


@given(st.text(max_size=40))
def test_escape_matches_literally(text: str) -> None:
    assert regex.fullmatch(escape(text), text, regex.DOTALL)


def test_icon_glyphs_are_text_and_placeholder_characters_have_no_shape() -> None:
    # icon fonts put their glyphs in the private use area: such a line keeps its shape
    icon = "\ue000 Share 12"
    assert regex.fullmatch(shape_regex(shape_of(icon), [icon]), icon)
    # a line holding a placeholder itself would read two ways: no shape, like a blank line
    assert shape_lines("Page 3\nodd \ufdd0 3\nPage 4") == ["Page " + NUM, "", "Page " + NUM]
