# Tests of the `score` matcher kind: each feature's value, the threshold and bias, units,
# neighbours, region limits, logged scores, loading from YAML, schema errors and pickling.
from __future__ import annotations

import pickle
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import Cleaner, load_rules, restore
from cleaner.document import Document
from cleaner.errors import RulePatternError, RuleSchemaError
from cleaner.matchers import MATCHER_KINDS, ScoreMatcher
from cleaner.matchers.base import Budget
from cleaner.matchers.score import FEATURES
from cleaner.ruletest import check_rules

#: no time limit, for the matchers' entry points (find, find_near)
UNLIMITED = Budget(None)


def _scores(matcher: ScoreMatcher, text: str) -> dict[str, float | None]:
    doc = Document(text)
    return {text[s:e]: sc for s, e, sc in matcher.scores(doc)}


def _one(feature: str, text: str, **params) -> float | None:
    """The value of one feature for the single unit ``text`` (weight 1, bias 0)."""
    m = ScoreMatcher([{"feature": feature, "weight": 1.0, **params}], threshold=100)
    ((_, _, value),) = m.scores(Document(text))
    return value


def test_registered_kind():
    assert MATCHER_KINDS["score"] is ScoreMatcher


@pytest.mark.parametrize(
    ("feature", "text", "params", "value"),
    [
        ("words", "Read more about it", {}, 4.0),
        ("chars", "a b  c", {}, 3.0),
        ("short", "Share this", {"max_words": 2}, 1.0),
        ("short", "Share this story", {"max_words": 2}, 0.0),
        ("long", "one two three", {"min_words": 3}, 1.0),
        ("terminal_punctuation", "It rained.", {}, 1.0),
        ("terminal_punctuation", "He said “no.”", {}, 1.0),
        ("terminal_punctuation", "Related stories", {}, 0.0),
        ("terminal_punctuation", "Er sagte: „Ja.“", {}, 1.0),  # German quotes close with “
        ("terminal_punctuation", "»Nein.«", {}, 1.0),
        ("terminal_punctuation", "यह अच्छा है।", {}, 1.0),  # danda
        ("terminal_punctuation", "هل هذا صحيح؟", {}, 1.0),
        ("terminal_punctuation", "「はい。」", {}, 1.0),
        ("terminal_punctuation", "Price: 5 €", {}, 0.0),
        ("ends_with_colon", "Read more:", {}, 1.0),
        ("title_case_share", "Google Bets on the Future With Stadia", {}, 1.0),
        ("title_case_share", "the rain fell on Paris all night", {}, 0.25),
        ("upper_case_share", "DON'T MISS this", {}, 2 / 3),
        ("link_share", "Follow @cleaner or see example.com/page", {}, 0.4),
        ("digit_share", "ab12", {}, 0.5),
        ("separators", "Home | News | Sport", {}, 2.0),
        ("separators", "Home | News | Sport | Weather", {"max": 2}, 2.0),
        ("list_item", "- Apples", {}, 1.0),
        ("list_item", "3) Pears", {}, 1.0),
        ("list_item", "-5 degrees outside", {}, 0.0),
        (
            "keywords",
            "Share on Facebook and share on Twitter",
            {"phrases": ["facebook", "twitter"], "ignore_case": True},
            2.0,
        ),
        ("keywords", "Shares of Facebooker fell", {"phrases": ["Share", "Facebook"]}, 0.0),
        (
            "debris_similarity",
            "Sign up for our newsletter",
            {"phrases": ["Sign up for the newsletter"]},
            4 / 6,
        ),
        ("word_share", "the cat and the dog", {"words": ["the", "and"]}, 0.6),
        ("pattern", "Photo: Jane Doe/AP", {"regex": r"^Photo:"}, 1.0),
    ],
)
def test_feature_values(feature, text, params, value):
    assert _one(feature, text, **params) == pytest.approx(value)


def test_every_feature_is_documented_and_in_the_schema():
    from cleaner.loader import rule_schema

    enum = rule_schema()["$defs"]["score_feature"]["properties"]["feature"]["enum"]
    assert sorted(enum) == sorted(FEATURES)
    assert all(desc for _, desc in FEATURES.values())


def test_position_features():
    text = "a\nb\nc\nd\ne"
    m = ScoreMatcher([{"feature": "position", "weight": 1.0}], threshold=100)
    assert [s for _, _, s in m.scores(Document(text))] == [0.0, 0.25, 0.5, 0.75, 1.0]
    top = ScoreMatcher([{"feature": "from_top", "weight": 1.0, "within": 2}], threshold=1)
    bottom = ScoreMatcher([{"feature": "from_bottom", "weight": 1.0, "within": 1}], threshold=1)
    assert [s for _, _, s in top.scores(Document(text))] == [1.0, 1.0, 0.0, 0.0, 0.0]
    assert [s for _, _, s in bottom.scores(Document(text))] == [0.0, 0.0, 0.0, 0.0, 1.0]


def test_repeated_ignores_case_and_blanks():
    m = ScoreMatcher([{"feature": "repeated", "weight": 1.0}], threshold=1)
    assert _scores(m, "Photo: AP\nText.\nphoto:   ap") == {"Photo: AP": 1.0, "Text.": 0.0, "photo:   ap": 1.0}
    later = ScoreMatcher([{"feature": "seen_before", "weight": 1.0}], threshold=1)
    assert _scores(later, "Photo: AP\nText.\nphoto:   ap") == {
        "Photo: AP": 0.0,
        "Text.": 0.0,
        "photo:   ap": 1.0,
    }


def test_follows_looks_back_within_a_window():
    # units the rule takes do not count: removing them would bring the next ones in reach
    m = ScoreMatcher([{"feature": "follows", "weight": 1.0, "regex": "^Related$", "within": 2}], threshold=1)
    text = "Intro.\nRelated\nFirst teaser\nSecond teaser\nThird teaser"
    assert [s for _, _, s in m.scores(Document(text))] == [0.0, 0.0, 1.0, 1.0, 1.0]
    # units it keeps do count
    kept = ScoreMatcher(
        [{"feature": "follows", "weight": 1.0, "regex": "^Related$", "within": 2},
         {"feature": "pattern", "weight": -1.0, "regex": "[.]$"}],
        threshold=1,
    )
    assert [s for _, _, s in kept.scores(Document("Related\nOne.\nTwo.\nThird teaser"))] == [0.0] * 4
    assert [s for _, _, s in kept.scores(Document("Related\nOne.\nThird teaser"))] == [0.0, 0.0, 1.0]
    assert m.patterns() == [("score.follows", "^Related$")]
    gap = ScoreMatcher(
        [{"feature": "follows", "weight": 1.0, "regex": "^Related$", "within": 5, "gap_max_words": 3}],
        threshold=1,
    )
    text = "Related\nTeaser one\nA long line of prose with many words in it.\nSubheading"
    # the long line is taken itself (the gap is checked between a unit and its heading),
    # so it is not there to stop the look-back of the line after it
    assert [s for _, _, s in gap.scores(Document(text))] == [0.0, 1.0, 1.0, 1.0]
    text = "Related\nTeaser one\nA long line of prose with many words in it.\nSubheading"
    keep_long = ScoreMatcher(
        [{"feature": "follows", "weight": 1.0, "regex": "^Related$", "within": 5, "gap_max_words": 3},
         {"feature": "long", "weight": -1.0, "min_words": 4}],
        threshold=1,
    )
    assert [s for _, _, s in keep_long.scores(Document(text))] == [0.0, 1.0, 0.0, 0.0]
    late = ScoreMatcher(
        [{"feature": "follows", "weight": 1.0, "regex": "^Comments$", "within": 9, "min_position": 0.5}],
        threshold=1,
    )
    assert [s for _, _, s in late.scores(Document("Comments\na\nb\nc\nd"))] == [0.0] * 5
    assert [s for _, _, s in late.scores(Document("a\nb\nComments\nc\nd"))] == [0.0, 0.0, 0.0, 1.0, 1.0]
    near_end = ScoreMatcher(
        [{"feature": "follows", "weight": 1.0, "regex": "^Comments$", "within": 9, "max_from_end": 3}],
        threshold=1,
    )  # a heading counts only among the last three units
    assert [s for _, _, s in near_end.scores(Document("a\nComments\nb\nc\nd"))] == [0.0] * 5
    assert [s for _, _, s in near_end.scores(Document("a\nb\nComments\nc\nd"))] == [0.0, 0.0, 0.0, 1.0, 1.0]
    block = ScoreMatcher(
        [{"feature": "follows", "weight": 1.0, "regex": "^Related$", "within": 3, "stop_at_blank": True}],
        threshold=1,
    )
    text = "Related\nTeaser one\n\nHeadline of the next part\nTeaser two"
    assert [s for _, _, s in block.scores(Document(text))] == [0.0, 1.0, 0.0, 0.0]
    doc = Document(text)  # the compiled engine's scoring of units near the heading agrees
    near = block.find_near(doc, 0, len(text), [0], reach=3, template=None, budget=UNLIMITED)
    full = block.find(doc, 0, len(text), template=None, budget=UNLIMITED)
    assert [(h.start, h.end) for h in near] == [(h.start, h.end) for h in full] == [(8, 18)]
    spaced = "Related\n\nTeaser one\n\nTeaser two\n\nLast"  # a list spaced by blank lines
    assert [s for _, _, s in block.scores(Document(spaced))] == [0.0, 1.0, 1.0, 1.0]


def _widget(**follows) -> ScoreMatcher:
    """A heading's list: lines under "Most read", less those that end with a full stop."""
    return ScoreMatcher(
        [{"feature": "follows", "weight": 2.0, "regex": "^Most read$", "within": 5, **follows},
         {"feature": "pattern", "weight": -2.0, "regex": "[.]$"}],
        threshold=2,
    )


def _scored(m: ScoreMatcher, text: str) -> list[float | None]:
    doc = Document(text)  # the compiled engine's scoring near the heading agrees
    near = m.find_near(doc, 0, len(text), [0], reach=5, template=None, budget=UNLIMITED)
    full = m.find(doc, 0, len(text), template=None, budget=UNLIMITED)
    assert [(h.start, h.end) for h in near] == [(h.start, h.end) for h in full]
    return [s for _, _, s in m.scores(doc)]


def test_follows_stop_at_prose_ends_the_reach_of_a_heading_that_lost_its_list():
    # an extractor kept a widget's heading and dropped its list: the article goes on under
    # it, and the subheading past two lines of its prose is not in the heading's reach
    text = "Most read\nThe ferry left at noon.\nIt was full.\nWho pays for the pier?\nThe council does."
    assert _scored(_widget(), text) == [0.0, 0.0, 0.0, 2.0, 0.0]
    assert _scored(_widget(stop_at_prose=2), text) == [0.0, 0.0, 0.0, 0.0, -2.0]
    assert _scored(_widget(stop_at_prose=1), text) == [0.0, 0.0, -2.0, 0.0, -2.0]
    # one sentence under the heading (a widget's sign-up line) does not end a reach of two
    signup = "Most read\nSign up for our daily email.\nFerry timetable changes\nPier repairs"
    assert _scored(_widget(stop_at_prose=2), signup) == [0.0, 0.0, 2.0, 2.0]
    # a list whose items the rule takes: summaries under its headlines do not stop it
    listed = "Most read\nWho pays for the pier?\nThe council pays.\nIt says so.\nFerry timetable changes"
    assert _scored(_widget(stop_at_prose=2), listed) == [0.0, 2.0, 0.0, 0.0, 2.0]
    # an ellipsis ends a label or a teaser cut short, not prose
    loading = "Most read\nLoading...\nPlease wait...\nFerry timetable changes"
    assert _scored(_widget(stop_at_prose=2), loading) == [0.0, 0.0, 0.0, 2.0]
    assert _scored(_widget(stop_at_prose=2), loading.replace("...", ".")) == [0.0, 0.0, 0.0, 0.0]


def test_bias_threshold_and_logged_score():
    m = ScoreMatcher(
        [{"feature": "terminal_punctuation", "weight": -2.0}, {"feature": "short", "weight": 1.5}],
        bias=0.5,
        threshold=2.0,
    )
    doc = Document("Most read\nThe council met on Monday.")
    hits = list(m.find(doc, 0, len(doc.text), template=None, budget=UNLIMITED))
    assert [(doc.text[h.start : h.end], h.score) for h in hits] == [("Most read", 2.0)]


def test_neighbours_reward_runs_of_debris():
    feats = [
        {"feature": "short", "weight": 1.0, "max_words": 4},
        {"feature": "terminal_punctuation", "weight": -1.0},
        {"feature": "neighbours", "weight": 1.0, "min_score": 1.5},
    ]
    m = ScoreMatcher(feats, threshold=2.0, bias=0.5)
    text = (
        "A long sentence of prose that ends here.\nSubheading\nMore prose follows in this line.\n"
        "Teaser one\nTeaser two\nTeaser three"
    )
    matched = [
        text[h.start : h.end] for h in m.find(Document(text), 0, len(text), template=None, budget=UNLIMITED)
    ]
    assert matched == ["Teaser one\nTeaser two\nTeaser three"]  # one hit per run


def test_max_words_gate_and_paragraph_unit():
    m = ScoreMatcher(
        [{"feature": "short", "weight": 1.0, "max_words": 100}], threshold=1, unit="paragraph", max_words=5
    )
    text = "Related\nMore news\n\nA paragraph with rather more than five words in it.\n\nLast one"
    hits = list(m.find(Document(text), 0, len(text), template=None, budget=UNLIMITED))
    assert [text[h.start : h.end] for h in hits] == ["Related\nMore news", "Last one"]


def test_region_limits_hits_but_not_positions():
    m = ScoreMatcher([{"feature": "from_bottom", "weight": 1.0, "within": 2}], threshold=1)
    doc = Document("a\nb\nc")
    lo, hi = doc.region("first_lines", 2)
    assert [doc.text[h.start : h.end] for h in m.find(doc, lo, hi, template=None, budget=UNLIMITED)] == ["b"]


@pytest.mark.parametrize(
    ("features", "message"),
    [
        ([{"feature": "nope", "weight": 1}], "unknown score feature 'nope'"),
        ([{"feature": "short"}], "`weight` is required"),
        ([{"feature": "short", "weight": 1, "within": 2}], "unknown parameter(s) within"),
        ([{"feature": "keywords", "weight": 1}], "`phrases` is required"),
        ([{"feature": "from_top", "weight": 1}], "`within` is required"),
        ([], "at least one feature"),
    ],
)
def test_bad_specs(features, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        ScoreMatcher(features, threshold=1)


def test_pickle_round_trip_keeps_behaviour():
    m = ScoreMatcher(
        [
            {"feature": "keywords", "weight": 2.0, "phrases": ["Read more"], "ignore_case": True},
            {"feature": "pattern", "weight": 1.0, "regex": r"\d"},
            {"feature": "debris_similarity", "weight": 1.0, "phrases": ["sign up now"]},
            {"feature": "neighbours", "weight": 0.5, "window": 2},
        ],
        threshold=2,
        unit="line",
        max_words=12,
    )
    m2 = pickle.loads(pickle.dumps(m))
    text = "READ MORE: 5 things\nSign up now\nProse."
    assert m2.scores(Document(text)) == m.scores(Document(text))
    assert m2.patterns() == [("score.pattern", r"\d")]
    assert m2.literals() == ["Read more", "sign up now"]


RULE = """\
rules:
  - id: demo.teasers
    category: navigation
    description: Runs of short headline-like lines.
    rationale: Teaser lists are short, unpunctuated and come in runs.
    confidence: medium
    match:
      score:
        unit: line
        bias: 0.5
        threshold: 2.0
        max_words: 12
        features:
          - {feature: short, weight: 1.0, max_words: 8}
          - {feature: terminal_punctuation, weight: -1.0}
          - {feature: neighbours, weight: 1.0, min_score: 1.5}
    action: drop-line
    examples:
      - input: "The council met on Monday.\\nTeaser one\\nTeaser two"
        output: "The council met on Monday."
    counterexamples:
      - "The council met on Monday.\\nA subheading\\nThe vote was close."
"""


def _write(tmp_path: Path, body: str) -> Path:
    p = tmp_path / "r.yaml"
    p.write_text(textwrap.dedent(body), "utf-8")
    return p


def test_rule_file_loads_and_its_examples_pass(tmp_path):
    rs = load_rules(_write(tmp_path, RULE))
    (rule,) = rs.rules
    assert isinstance(rule.matcher, ScoreMatcher)
    assert check_rules(rs) == []


def test_removal_log_carries_rule_and_score(tmp_path):
    c = Cleaner(load_rules(_write(tmp_path, RULE)), max_removal=1.0)
    text = "The council met on Monday.\nTeaser one\nTeaser two\n"
    res = c.clean(text)
    assert res.text == "The council met on Monday."
    scored = [r for r in res.removals if r.rule == "demo.teasers"]
    assert [r.score for r in scored] == [2.0]  # one run, its weakest score
    assert restore(res.text, res.removals) == text
    assert pickle.loads(pickle.dumps(c)).clean(text) == res


def _last_line_rule():
    from cleaner.rule import Rule

    m = ScoreMatcher([{"feature": "from_bottom", "weight": 1.0, "within": 1}], threshold=1)
    return Rule(id="demo.last", category="footer", description="d", rationale="r", confidence="low",
                matcher=m, action="drop-line")


def test_contextual_rules_run_in_every_pass_until_nothing_matches():
    from cleaner.ruleset import RuleSet

    # "the last line" judged again after each removal takes every line: what cleaning the
    # result again would take too. Rules run until nothing matches, so the result is final.
    c = Cleaner(RuleSet((_last_line_rule(),)), max_removal=1.0)
    res = c.clean("a\nb\nc\nd\n")
    assert res.text == "" and res.warnings == ()
    assert restore(res.text, res.removals) == "a\nb\nc\nd\n"
    # a rule that never settles stops at the pass limit, with a warning
    long = "\n".join(f"line {i}" for i in range(30))
    res = c.clean(long)
    assert [w.code for w in res.warnings] == ["unsettled"]
    assert res.text == "\n".join(f"line {i}" for i in range(30 - 8))
    # the removal guard leaves such a document as it was, which it stays when cleaned again
    guarded = Cleaner(RuleSet((_last_line_rule(),)))
    res = guarded.clean("a\nb\nc\nd\n")
    assert res.text == "a\nb\nc\nd" and [w.code for w in res.warnings] == ["guard"]


def test_schema_rejects_unknown_score_key(tmp_path):
    body = RULE.replace("        max_words: 12\n", "        max_words: 12\n        colour: red\n")
    with pytest.raises(RuleSchemaError, match="colour"):
        load_rules(_write(tmp_path, body))


def test_bad_feature_parameter_names_the_rule(tmp_path):
    body = RULE.replace("min_score: 1.5}", "min_score: 1.5, within: 3}")
    with pytest.raises(RuleSchemaError, match="neighbours: unknown parameter") as ei:
        load_rules(_write(tmp_path, body))
    assert ei.value.rule_id == "demo.teasers"


def test_bad_regex_is_a_pattern_error(tmp_path):
    body = RULE.replace(
        "{feature: short, weight: 1.0, max_words: 8}", "{feature: pattern, weight: 1.0, regex: '(['}"
    )
    with pytest.raises(RulePatternError):
        load_rules(_write(tmp_path, body))


def test_regex_timeout_is_a_warning_not_a_miss():
    m = ScoreMatcher([{"feature": "pattern", "weight": 1.0, "regex": r"(a|aa)+$"}], threshold=1)
    from cleaner.rule import Rule
    from cleaner.ruleset import RuleSet

    rule = Rule(
        id="demo.slow",
        category="other",
        description="d",
        rationale="r",
        confidence="low",
        matcher=m,
        action="drop-line",
    )
    c = Cleaner(RuleSet((rule,)), rule_timeout=0.05)
    res = c.clean("a" * 40 + "b\nok")
    assert any(w.code == "rule-timeout" and w.rule == "demo.slow" for w in res.warnings)


@settings(max_examples=200, deadline=None)
@given(
    lines=st.lists(st.sampled_from(["Comments", "a reply", "more text"]), min_size=1, max_size=40),
    within=st.integers(min_value=1, max_value=30),
    min_position=st.sampled_from([0.0, 0.3, 0.5, 0.9]),
    max_from_end=st.sampled_from([None, 1, 4, 12]),
)
def test_follows_look_back_is_the_nearest_heading_in_the_window(lines, within, min_position, max_from_end):
    # long look-backs are answered from the nearest heading (found once per document),
    # short ones unit by unit: both must say what the definition says
    m = ScoreMatcher(
        [{"feature": "follows", "weight": 1.0, "regex": "^Comments$", "within": within,
          "min_position": min_position, **({} if max_from_end is None else {"max_from_end": max_from_end})}],
        threshold=1,
    )
    n = len(lines)

    def heading(j: int) -> bool:
        late = n < 2 or (j / (n - 1) >= min_position and (max_from_end is None or n - 1 - j < max_from_end))
        return lines[j] == "Comments" and late

    # the nearest heading before unit k counts if fewer than `within` units that the rule
    # does not take lie between them (every unit scoring 1 is taken)
    want: list[float] = []
    for k in range(n):
        near = [j for j in range(k) if heading(j)]
        kept = 0 if not near else sum(1 for m in range(near[-1] + 1, k) if not want[m])
        want.append(float(bool(near) and kept < within))
    text = "\n".join(lines)
    assert [s for _, _, s in m.scores(Document(text))] == want
    starts = [i for i, line in enumerate(text.split("\n")) if line == "Comments"]
    offsets = [sum(len(x) + 1 for x in lines[:i]) for i in starts]
    near = m.find_near(Document(text), 0, len(text), offsets, reach=within, template=None, budget=UNLIMITED)
    full = m.find(Document(text), 0, len(text), template=None, budget=UNLIMITED)
    assert [(h.start, h.end) for h in near] == [(h.start, h.end) for h in full]


@settings(max_examples=300, deadline=None)
@given(
    lines=st.lists(
        st.sampled_from(["Comments", "a reply", "a much longer reply with many words in it", "It ends.",
                         "Does it?", "It trails off...", ""]),
        min_size=1,
        max_size=40,
    ),
    within=st.integers(min_value=1, max_value=12),
    gap_max=st.sampled_from([None, 3]),
    stop_at_blank=st.booleans(),
    stop_at_prose=st.sampled_from([None, 1, 2]),
    min_position=st.sampled_from([0.0, 0.5]),
)
def test_follows_with_stops_says_what_the_definition_says(
    lines, within, gap_max, stop_at_blank, stop_at_prose, min_position
):
    # the look-back over runs of taken units is remembered per unit; it must agree with
    # walking back unit by unit, blank lines, long units and sentences included
    feature = {"feature": "follows", "weight": 1.0, "regex": "^Comments$", "within": within,
               "min_position": min_position, "stop_at_blank": stop_at_blank}
    if gap_max is not None:
        feature["gap_max_words"] = gap_max
    if stop_at_prose is not None:
        feature["stop_at_prose"] = stop_at_prose
    # a sentence in reach is not taken (so it can stop the reach), a question is
    m = ScoreMatcher([feature, {"feature": "pattern", "weight": -1.0, "regex": "[.]$"}], threshold=1)
    units: list[str] = []
    blank_before: list[bool] = []
    blank = False
    for line in lines:
        if line == "":
            blank = True
            continue
        units.append(line)
        blank_before.append(blank)
        blank = False
    n = len(units)
    taken: set[int] = set()
    want: list[float] = []
    for k in range(n):
        crossed, counted, j, score = False, 0, k - 1, 0.0
        while j >= 0 and counted < within:
            if stop_at_blank and blank_before[j + 1]:
                crossed = True
            if units[j] == "Comments" and (n < 2 or j / (n - 1) >= min_position):
                score = 0.0 if crossed and not blank_before[j + 1] else 1.0
                if stop_at_prose and j + stop_at_prose < k and all(
                    m not in taken and units[m].endswith((".", "?")) and not units[m].endswith("...")
                    for m in range(j + 1, j + stop_at_prose + 1)
                ):
                    score = 0.0  # the heading lost its list: prose goes on under it
                break
            if j not in taken:
                if gap_max is not None and len(units[j].split()) > gap_max:
                    break
                counted += 1
            j -= 1
        if units[k].endswith("."):
            score -= 1.0
        want.append(score)
        if score >= 1:
            taken.add(k)
    text = "\n".join(lines)
    assert [s for _, _, s in m.scores(Document(text))] == want
    offsets, at = [], 0  # the compiled engine's scoring near the headings agrees
    for line in lines:
        if line == "Comments":
            offsets.append(at)
        at += len(line) + 1
    near = m.find_near(Document(text), 0, len(text), offsets, reach=within, template=None, budget=UNLIMITED)
    full = m.find(Document(text), 0, len(text), template=None, budget=UNLIMITED)
    assert [(h.start, h.end) for h in near] == [(h.start, h.end) for h in full]


_SEARCHED = [
    r"(?:Read|Lies) (?:more|mehr)", r"^(?:Related|Mehr zum Thema)\b", r"\bSTRASSE\b", r"(?<=\d) comments?",
]


@given(
    text=st.text(alphabet="Read more Lies mehr Related Thema STRASSE Straße ſ 3 comment\n", max_size=40),
    pattern=st.sampled_from(_SEARCHED),
    ic=st.booleans(),
)
def test_a_feature_regex_is_searched_only_in_units_holding_a_string_it_requires(text, pattern, ic):
    """``pattern`` and ``follows`` answer without the regex for a unit that holds none
    of its required strings (case-folded for ignore_case, the characters that fold
    unsafely aside), and give what the search gives."""
    from cleaner.prefilter import required_literals

    m = ScoreMatcher([{"feature": "pattern", "weight": 1.0, "regex": pattern}], threshold=1, ignore_case=ic)
    lits = required_literals(pattern, ignore_case=ic)
    assert lits is not None
    haystack = text.casefold() if lits.folded else text
    skipped = not any(ch in text for ch in lits.unsafe) and not any(s in haystack for s in lits.strings)
    compiled = m._compiled[0]
    searched = []

    class Counting:
        def search(self, *args):
            searched.append(args[0])
            return compiled.search(*args)

    m._compiled[0] = Counting()
    assert m._search(0, text, Budget(5.0)) == (compiled.search(text) is not None)
    assert searched == ([] if skipped else [text])


def test_a_feature_regex_is_not_run_on_a_unit_without_its_strings():
    m = ScoreMatcher([{"feature": "follows", "weight": 1.0, "regex": r"^Related(?: posts)?:?$"}], threshold=1)
    searched = []
    compiled = m._compiled[0]

    class Counting:
        def search(self, *args):
            searched.append(args[0])
            return compiled.search(*args)

    m._compiled[0] = Counting()
    assert not m._search(0, "An ordinary line of prose.", Budget(5.0))
    assert m._search(0, "Related posts", Budget(5.0))
    assert searched == ["Related posts"]
