"""What the prefilter proves of a rule regex does not depend on the Python it runs on."""

from __future__ import annotations

import threading
import time
import warnings

import pytest

import cleaner
from cleaner.prefilter import (
    line_local,
    line_start_chars,
    required_literals,
    starts_at_line_start,
    without_possessives,
)


@pytest.mark.parametrize(
    ("pattern", "plain"),
    [
        (r"a*+b", r"a*b"),
        (r"a++", r"a+"),
        (r"a?+", r"a?"),
        (r"a{2,3}+b", r"a{2,3}b"),
        (r"(?:x)*+", r"(?:x)*"),
        (r"(?>ab)c", r"(?:ab)c"),
        (r"(?<![ \t])[ \t]*+(?:A|B)", r"(?<![ \t])[ \t]*(?:A|B)"),
        # not possessive: a set, an escaped "+" quantified, a lazy quantifier, a comment
        (r"[*+]x", r"[*+]x"),
        (r"[]+]+", r"[]+]+"),
        (r"[\]+]++", r"[\]+]+"),
        (r"\++", r"\++"),
        (r"a+?b", r"a+?b"),
        (r"(?#a*+)b", r"(?#a*+)b"),
        (r"x{}+", r"x{}+"),
        (r"(?P<n>a)(?=b)", r"(?P<n>a)(?=b)"),
        (r"[[:alpha:]]+", None),  # a set inside a set: no claim on where it ends
    ],
)
def test_without_possessives(pattern, plain):
    assert without_possessives(pattern) == plain


def test_every_shipped_regex_is_read_alike_without_possessives():
    """Python 3.10's parser cannot read ``a*+`` or ``(?>…)``; there the prefilter reads
    each regex with them made plain. Proven here, on a parser that reads both: for every
    regex of the default packs the two readings prove the same."""
    seen = 0
    for rule in cleaner.Cleaner().rules:
        ic = bool(getattr(rule.matcher, "ignore_case", False))
        for _name, src in rule.matcher.patterns():
            plain = without_possessives(src)
            if plain is None or plain == src:
                continue
            seen += 1
            for proof in (required_literals, line_local, starts_at_line_start, line_start_chars):
                assert proof(plain, ignore_case=ic) == proof(src, ignore_case=ic), (proof.__name__, src)
    assert seen >= 5  # the packs use possessives (menus, phone lines); the check must meet them


# --- thread safety: the process's warning filters are left alone ----------------------


@pytest.mark.parametrize(
    "pattern",
    [
        r"[[a]bcdef",  # a set that starts with "[": "Possible nested set"
        r"[a--b]cdefg",  # "Possible set difference"
        r"[a&&b]cdefg",
        r"[a~~b]cdefg",
        r"[a||b]cdefg",
        r"[a-z--]cdefg",  # a "-" after a range, doubled
        "(a)(?(\u0661)b|c)defgh",  # a condition on a group numbered in Arabic-Indic digits
        r"(?#x[)[[a]bcdef",  # a "[" in a comment is no set: the "[[" after it is one
        r"(?#\)[)[[a]bcdef",  # an escaped ")" does not end the comment
        "(?x)abc # [\n[[a]bcdef",  # a verbose pattern's comment, to the line end
        "abc(?x: # [\n[[a]bcdef)",
    ],
)
def test_a_pattern_the_standard_parser_warns_about_gets_no_claim_and_no_warning(pattern):
    # the regex module reads these as set operations; the standard parser warns (a
    # FutureWarning) and may read them otherwise: no claim, and the user sees no warning.
    # The warnings are recorded, not made errors: an error is caught as a pattern the
    # parser rejects, and the test passed with no check of the text at all
    from cleaner import prefilter

    prefilter._parse.cache_clear()
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        assert required_literals(pattern) is None
        assert not line_local(pattern)
    assert [str(w.message) for w in seen] == []


def test_a_posix_class_after_a_comment_gets_no_claim_that_regex_breaks():
    # re reads "[[:alpha:]]" as a set of "[:alph" and a "]", regex as a letter: the claim
    # that a match holds "a]foo" (or another of that set) left out every line with "afoo"
    import regex

    from cleaner import prefilter

    pattern = r"(?#a letter[)[[:alpha:]]foo"
    prefilter._parse.cache_clear()
    with warnings.catch_warnings():  # as a user runs: a warning is not an error (pytest's is)
        warnings.simplefilter("ignore")
        literals = required_literals(pattern)
    found = regex.compile(pattern, regex.V0).search("see afoo here")
    assert found is not None and found.group() == "afoo"
    assert literals is None or any(s in "see afoo here" for s in literals.strings)


def test_parsing_a_pattern_leaves_the_process_warning_filters_alone(monkeypatch):
    # warnings.catch_warnings() around the parse set the filters of the whole process to
    # "error" while a Cleaner compiled its rules (at construction, and each time a worker
    # unpickled one): a warning of any other thread then raised as an exception
    from cleaner import prefilter

    seen: list[list[object]] = []
    parse = prefilter._p.parse

    def spying(*args: object, **kwargs: object) -> object:
        seen.append(list(warnings.filters))
        return parse(*args, **kwargs)

    monkeypatch.setattr(prefilter._p, "parse", spying)
    prefilter._parse.cache_clear()
    before = list(warnings.filters)
    cleaner.Cleaner()
    assert seen and all(filters == before for filters in seen)


def test_building_a_cleaner_does_not_turn_other_threads_warnings_into_errors():
    from cleaner import prefilter

    rules = cleaner.load_rules()
    stop, raised, warned = threading.Event(), [], [0]

    def user_code() -> None:
        while not stop.is_set():
            try:
                warnings.warn("a library's notice", FutureWarning, stacklevel=1)
            except FutureWarning as exc:
                raised.append(exc)
            warned[0] += 1

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        thread = threading.Thread(target=user_code)
        thread.start()
        try:
            while warned[0] == 0:
                time.sleep(0.001)
            prefilter._parse.cache_clear()
            cleaner.Cleaner(rules)
        finally:
            stop.set()
            thread.join()
    assert raised == []


@pytest.mark.parametrize(
    ("pattern", "text", "found"),
    [
        (r"x[ab[:alpha:]]yzzy", "see xqyzzy", "xqyzzy"),  # re: "xa]yzzy", "x:]yzzy", ...
        (r"[\w[:punct:]]foo", "a !foo", "!foo"),  # re: "]foo"
        (r"[a[:^digit:]]+ items", "see qq items", "see qq items"),
    ],
)
def test_a_posix_class_inside_a_set_gets_no_claim(pattern: str, text: str, found: str) -> None:
    # regex reads [:name:] as a class anywhere in a set; re, with no warning unless it
    # opens the set, as the characters of its name and a "]" after the set: the claim
    # that a match holds "]foo" left out the lines the rule matches
    import regex

    from cleaner import prefilter

    prefilter._parse.cache_clear()
    match = regex.compile(pattern, regex.V0).search(text)
    assert match is not None and match.group() == found
    literals = required_literals(pattern)
    assert literals is None or any(s in found for s in literals.strings)
    assert not line_local(pattern) and line_start_chars(pattern) is None
