# Unit tests of rule-file loading: strict YAML, schema errors with file/line/id,
# regex compile errors, duplicate ids across files, and the shipped default packs.
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from cleaner import load_rules
from cleaner.errors import RuleFileError, RulePatternError, RuleSchemaError
from cleaner.loader import default_rules_path

GOOD = """\
rules:
  - id: demo.marker
    category: ads
    description: A marker line.
    rationale: Markers are never content.
    confidence: high
    match:
      literal: "[[marker]]"
      whole_line: true
    action: drop-line
    examples:
      - input: "[[marker]]\\nText."
        output: "Text."
    counterexamples:
      - "Text about [[marker]] lines."
"""


def _write(tmp_path: Path, body: str, name: str = "r.yaml") -> Path:
    p = tmp_path / name
    p.write_text(textwrap.dedent(body), "utf-8")
    return p


def test_loads_good_file(tmp_path):
    rs = load_rules(_write(tmp_path, GOOD))
    (rule,) = rs.rules
    assert rule.id == "demo.marker" and rule.pack == "demo"
    assert rule.line == 2 and rule.path.endswith("r.yaml")
    assert len(rule.examples) == 1 and len(rule.counterexamples) == 1


def test_unknown_key_names_file_line_and_rule(tmp_path):
    p = _write(tmp_path, GOOD.replace("    confidence: high\n", "    confidence: high\n    colour: red\n"))
    with pytest.raises(RuleSchemaError) as ei:
        load_rules(p)
    msg = str(ei.value)
    assert "r.yaml:" in msg and "demo.marker" in msg and "colour" in msg
    assert ei.value.line == 7  # the unknown key itself


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        # a misspelt key: one error, with the key meant, not also "'description' is required"
        ("    description:", "    descripton:", "unknown key(s) 'descripton' (did you mean 'description'?)"),
        (
            "      whole_line: true",
            "      whole_lines: true",
            "unknown key(s) 'whole_lines' (did you mean 'whole_line'?)",
        ),
        (
            "    action: drop-line",
            "    action: drop-lines",
            "'drop-lines' is not one of drop-span, drop-line, ",
        ),
        ("    category: ads", "    category: ad", "'ad' is not one of ads, social, "),
    ],
    ids=["key", "nested-key", "action", "category"],
)
def test_a_misspelt_key_or_value_names_the_one_meant(tmp_path, old, new, says):
    errors: list = []
    load_rules(_write(tmp_path, GOOD.replace(old, new)), errors)
    assert len(errors) == 1, errors
    assert says in str(errors[0])
    if "not one of" in says:
        assert f"(did you mean {old.split(': ')[1]!r}?)" in str(errors[0])


def test_a_misspelt_score_feature_names_the_one_meant(tmp_path):
    score = (
        "      score:\n        threshold: 1\n        features:\n"
        "          - {feature: titlecase_share, wieght: 1}\n"
    )
    errors: list = []
    load_rules(_write(tmp_path, GOOD.replace(_MATCH, score)), errors)
    said = sorted(str(e).split(": ", 2)[2] for e in errors)
    assert len(said) == 2, said
    assert said[0].startswith(
        "rules.0.match.score.features.0.feature: 'titlecase_share' is not one of words, "
    )
    assert said[0].endswith("(did you mean 'title_case_share'?)")
    assert said[1] == "rules.0.match.score.features.0: unknown key(s) 'wieght' (did you mean 'weight'?)"


@pytest.mark.parametrize(
    ("domain", "says"),
    [
        ("https://www.RivertonCourier.com/news/", "write 'rivertoncourier.com'"),
        ("RivertonCourier.com", "write 'rivertoncourier.com'"),
        ("rivertoncourier.com:8080", "write 'rivertoncourier.com'"),
        ("rivertoncourier", "has no dot"),
    ],
)
def test_a_domain_that_is_no_host_name_says_what_to_write(tmp_path, domain, says):
    body = "when:\n  domains: ['" + domain + "']\n" + GOOD
    with pytest.raises(RuleSchemaError) as ei:
        load_rules(_write(tmp_path, body))
    assert ei.value.line == 2
    assert f"when.domains.0: {domain!r} is not a domain: a domain is a host name" in str(ei.value)
    assert says in str(ei.value)


def test_one_value_where_a_list_is_wanted_says_how_to_write_the_list(tmp_path):
    with pytest.raises(RuleSchemaError) as ei:
        load_rules(_write(tmp_path, "when:\n  domains: rivertoncourier.com\n" + GOOD))
    assert "when.domains: 'rivertoncourier.com' is one value, and this key takes a list: " in str(ei.value)
    assert "write [rivertoncourier.com]" in str(ei.value)


@pytest.mark.parametrize(
    ("rid", "says"),
    [
        ("Demo.Marker", "write 'demo.marker'"),
        ("demo.read_more", "write 'demo.read-more'"),
        ("marker", "it needs its pack before a dot (PACK.marker)"),
    ],
)
def test_an_id_that_breaks_the_form_says_what_to_write(tmp_path, rid, says):
    with pytest.raises(RuleSchemaError) as ei:
        load_rules(_write(tmp_path, GOOD.replace("id: demo.marker", f"id: {rid}")))
    assert ei.value.line == 2
    assert f"rules.0.id: {rid!r} is not an id: an id is the pack, a dot and a name" in str(ei.value)
    assert says in str(ei.value) and "does not match" not in str(ei.value)


def test_a_file_that_is_a_list_of_rules_says_to_put_them_under_rules(tmp_path):
    body = "\n".join(line[2:] for line in GOOD.splitlines()[1:]) + "\n"
    with pytest.raises(RuleSchemaError) as ei:
        load_rules(_write(tmp_path, body))
    assert str(ei.value).endswith(
        "file: a rule file is a mapping whose `rules:` holds the list of rules; this file is a "
        "list: write `rules:` on the first line and indent the list under it"
    )


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        (
            '      - input: "[[marker]]\\nText."\n        output: "Text."\n',
            '      - "[[marker]]\\nText."\n',
            "rules.0.examples.0: an example is a mapping of `input:` (the debris in its text) and "
            "`output:` (the text once the rule has run); a text that must come out unchanged is a "
            "counterexample",
        ),
        (
            '      - "Text about [[marker]] lines."\n',
            '      - input: "Text about [[marker]] lines."\n        output: "Text about [[marker]] lines."\n',
            "rules.0.counterexamples.0: a counterexample is a text, or a mapping of `input:` and "
            "`source:`; it has no 'output' (it must come out unchanged)",
        ),
    ],
    ids=["example-as-text", "counterexample-with-output"],
)
def test_an_example_of_the_wrong_shape_says_what_shape_it_takes(tmp_path, old, new, says):
    body = GOOD.replace(old, new)
    assert body != GOOD
    with pytest.raises(RuleSchemaError) as ei:
        load_rules(_write(tmp_path, body))
    assert says in str(ei.value)


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        (
            "    region: {first_lines: 3, last_lines: 2}\n",
            "rules.0.region: a region is exactly one of "
            "first_lines, last_lines, first_paragraphs, last_paragraphs; this one has 2",
        ),
        (
            "    when: {min_lines: '5'}\n",
            "rules.0.when.min_lines: '5' is text, and this key takes an integer: write 5 without quotes",
        ),
        (
            "    opt_in: 'yes'\n",
            "rules.0.opt_in: 'yes' is text, and this key takes true or false: write "
            "true or false without quotes",
        ),
    ],
    ids=["region", "quoted-number", "quoted-boolean"],
)
def test_a_value_of_the_wrong_kind_says_how_to_write_it(tmp_path, extra, says):
    body = GOOD.replace("    action: drop-line\n", "    action: drop-line\n" + extra)
    with pytest.raises(RuleSchemaError) as ei:
        load_rules(_write(tmp_path, body))
    assert says in str(ei.value)


@pytest.mark.parametrize(
    ("feature", "says"),
    [
        (
            "          - feature: short\n            weight: 1,5\n",
            "weight: '1,5' is text, and this key takes a number: write 1.5 (a point, not a comma)",
        ),
        (  # in a {…} mapping the comma ends the entry: weight 1, and a key 5
            "          - {feature: short, weight: 1,5}\n",
            "unknown key(s) 5 (in a {…} mapping a comma starts a new entry, so a decimal comma such as "
            "1,5 reads as 1 and a key 5: write a point, 1.5)",
        ),
    ],
    ids=["block", "flow"],
)
def test_a_weight_with_a_decimal_comma_says_to_write_a_point(tmp_path, feature, says):
    score = "      score:\n        threshold: 1\n        features:\n" + feature
    with pytest.raises(RuleSchemaError) as ei:
        load_rules(_write(tmp_path, GOOD.replace(_MATCH, score)))
    assert says in str(ei.value)


def test_duplicate_key_is_an_error(tmp_path):
    p = _write(
        tmp_path, GOOD.replace("    confidence: high\n", "    confidence: high\n    confidence: low\n")
    )
    with pytest.raises(RuleSchemaError, match="duplicate key 'confidence'") as ei:
        load_rules(p)
    assert ei.value.line == 7


def test_missing_field(tmp_path):
    p = _write(tmp_path, GOOD.replace("    rationale: Markers are never content.\n", ""))
    with pytest.raises(RuleSchemaError, match="rationale"):
        load_rules(p)


def test_missing_counterexamples(tmp_path):
    body = GOOD.split("    counterexamples:")[0]
    with pytest.raises(RuleSchemaError, match="counterexamples"):
        load_rules(_write(tmp_path, body))


def test_bad_regex_names_rule(tmp_path):
    body = GOOD.replace('      literal: "[[marker]]"\n      whole_line: true\n', "      line: '(unclosed'\n")
    with pytest.raises(RulePatternError) as ei:
        load_rules(_write(tmp_path, body))
    assert ei.value.rule_id == "demo.marker" and ei.value.line is not None


def test_invalid_yaml(tmp_path):
    with pytest.raises(RuleFileError, match="invalid YAML"):
        load_rules(_write(tmp_path, "rules: [\n  - id: x\n"))


_MATCH = '      literal: "[[marker]]"\n      whole_line: true\n'


@pytest.mark.parametrize("body", ["rules: []\n", "when:\n  domains: [example.com]\nrules: []\n"])
def test_a_rule_file_with_an_empty_rules_list_and_nothing_else_is_the_empty_file_mistake(tmp_path, body):
    """A file whose rules list is empty does nothing, as an empty file does, unless it
    disables or redirects rules (a site pack may only turn default rules off)."""
    with pytest.raises(RuleSchemaError, match=r"r\.yaml: `rules:` is an empty list and the file disables"):
        load_rules(_write(tmp_path, body))


def test_a_rule_file_that_only_disables_or_redirects_loads(tmp_path):
    (tmp_path / "a.yaml").write_text("disable: [ads]\nrules: []\n", "utf-8")
    (tmp_path / "b.yaml").write_text("redirects:\n  ads.old: ads.new\nrules: []\n", "utf-8")
    assert len(load_rules(tmp_path / "a.yaml")) == 0
    assert dict(load_rules(tmp_path / "b.yaml").redirects) == {"ads.old": "ads.new"}


@pytest.mark.parametrize(
    ("line", "says"),
    [
        (
            "      line: 'Join our club'\n      exclude: ['\\d{4}'\n",
            "while parsing a flow sequence (line 9, column 16): did not find expected ',' or ']' (line 10, "
            "column 5); is the `]` that closes the `[` of line 9 missing?",
        ),
        (
            "      block: {start: 'Join our club', max_lines: 3\n",
            "while parsing a flow mapping (line 8, column 14): did not find expected ',' or '}' (line 9, "
            "column 11); is the `}` that closes the `{` of line 8 missing?",
        ),
    ],
    ids=["list", "mapping"],
)
def test_an_unclosed_bracket_says_where_it_opens(tmp_path, line, says):
    """YAML gives up on the line after an unclosed `[` or `{`: the message names the line
    of the bracket that is not closed."""
    with pytest.raises(RuleFileError) as ei:
        load_rules(_write(tmp_path, GOOD.replace(_MATCH, line)))
    assert says in str(ei.value)


@pytest.mark.parametrize(
    ("match", "says", "line"),
    [
        # a line regex is compiled inside a wrapper; the error must be about the author's text
        ("      line: 'Join (our podcast'\n", "line regex does not compile: missing ) at position 17", 8),
        ("      line: 'Subscribe to [our'\n", "line regex does not compile: unterminated character set", 8),
        ("      line: 'Subscribe \\'\n", "line regex does not compile: bad escape (end of pattern)", 8),
        ("      pattern: 'a{2,1}x'\n", "pattern regex does not compile: min repeat greater than max", 8),
        ("      line: 'ok'\n      exclude: ['fine', '(bad']\n", "exclude[1] regex does not compile", 9),
        ("      block:\n        start: 'Talk'\n        end: '(x'\n", "block end regex does not compile", 10),
        (
            "      score:\n        threshold: 1\n        features:\n"
            "          - feature: pattern\n            weight: 1\n            regex: '[a-'\n",
            "features[0] (pattern) regex does not compile",
            13,
        ),
    ],
)
def test_a_bad_regex_is_named_with_its_own_line_and_cause(tmp_path, match, says, line):
    body = GOOD.replace(_MATCH, match)
    if "block" in match:
        body = body.replace("action: drop-line", "action: drop-block")
    with pytest.raises(RulePatternError) as ei:
        load_rules(_write(tmp_path, body))
    assert says in str(ei.value) and ei.value.line == line


def test_a_character_yaml_refuses_is_reported_with_its_line(tmp_path):
    with pytest.raises(RuleFileError, match=r"invalid YAML: character U\+0000 is not allowed") as ei:
        load_rules(_write(tmp_path, "rules:\n  - id: x\n    description: a\x00b\n"))
    assert ei.value.line == 3 and ":3: " in str(ei.value)


def test_an_unclosed_quote_is_reported_where_it_opens(tmp_path):
    """PyYAML finds the end of the file while it scans the quoted string: the line of that
    alone (the last one) points away from the mistake; the message names both."""
    body = GOOD.replace('literal: "[[marker]]"', "literal: '[[marker]]")
    with pytest.raises(RuleFileError) as ei:
        load_rules(_write(tmp_path, body))
    assert ei.value.line == 8  # the line of the quote that is never closed
    assert (
        "invalid YAML: while scanning a quoted scalar (line 8, column 16): found unexpected end of stream"
        in (str(ei.value))
    )
    assert "(line 16, column 1); is a closing quote missing?" in str(ei.value)  # where it gave up


@pytest.mark.parametrize(
    ("data", "says", "line"),
    [
        (GOOD.encode("utf-16"), "the file is UTF-16 (it starts with a UTF-16 byte-order mark)", None),
        (GOOD.encode("utf-16-le"), "the file is UTF-16 (every other byte is NUL)", None),
        (
            GOOD.replace("A marker line.", "Un caf\u00e9.").encode("latin-1"),
            "not UTF-8: byte 0xE9 at line 4, column 24",
            4,
        ),
    ],
    ids=["utf-16", "utf-16-without-bom", "latin-1"],
)
def test_a_rule_file_not_in_utf8_says_so_and_how_to_fix_it(tmp_path, data, says, line):
    p = tmp_path / "r.yaml"
    p.write_bytes(data)
    with pytest.raises(RuleFileError) as ei:
        load_rules(p)
    assert says in str(ei.value) and "save it as UTF-8" in str(ei.value)
    assert ei.value.line == line and "codec" not in str(ei.value)


def test_a_rule_file_with_a_utf8_byte_order_mark_loads(tmp_path):
    p = tmp_path / "r.yaml"
    p.write_bytes(b"\xef\xbb\xbf" + GOOD.encode("utf-8"))
    assert [r.id for r in load_rules(p).rules] == ["demo.marker"]


def test_an_unreadable_rule_file_in_a_folder_is_named_with_its_cause(tmp_path, monkeypatch):
    """Every unreadable file of a folder is reported (the others still load), in words:
    a file the user may not read, and a link to a file that is gone (which a folder
    walk would otherwise pass over without a word)."""
    _write(tmp_path, GOOD)
    locked = _write(tmp_path, GOOD.replace("demo.marker", "demo.locked"), name="locked.yaml")
    (tmp_path / "gone.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    errors: list = []
    rs = load_rules(tmp_path, errors)
    assert [r.id for r in rs.rules] == ["demo.marker"]
    assert sorted(str(e) for e in errors) == [
        f"{tmp_path / 'gone.yaml'}: cannot read rule file: a link to {tmp_path / 'elsewhere.yaml'}, "
        "which does not exist",
        f"{locked}: cannot read rule file: permission denied",
    ]


@pytest.mark.parametrize("body", ["", "# rules to come\n"], ids=["empty", "comments"])
def test_an_empty_rule_file_says_what_to_write_or_to_delete_it(tmp_path, body):
    with pytest.raises(RuleSchemaError) as ei:
        load_rules(_write(tmp_path, body))
    assert str(ei.value) == (
        f"{tmp_path / 'r.yaml'}: empty rule file: write `rules:` and a rule under it "
        "(`cleaner rules new` writes one), or delete the file"
    )


@pytest.mark.parametrize(
    ("line", "says"),
    [
        (
            '      line: "Join\\s+our club"\n',
            "found unknown escape character; YAML reads the backslashes of a double-quoted string "
            "as escapes: write a regex in single quotes ('Join\\s+our club')",
        ),
        (
            "      line: Read more: the latest\n",
            "mapping values are not allowed in this context; a value that holds ': ' must be "
            "quoted: write it in single quotes",
        ),
        (
            "\tline: 'Join our club'\n",
            "found character that cannot start any token; a tab: YAML indents with spaces only",
        ),
        (
            "      line: 'Join our club'\n   ignore_case: true\n",
            "; check this line's indentation against the lines above it",
        ),
        (
            "      line: Join our club\n       ignore_case: true\n",
            "; this line is indented deeper than the key above it, so YAML reads it as more of "
            "that key's value: check its indentation against the lines above it",
        ),
        (
            "      line: 'Join our club'\n       ignore_case: true\n",
            "did not find expected key (line 9, column 8); check this line's indentation against "
            "the lines above it",
        ),
    ],
    ids=["double-quoted-regex", "unquoted-colon", "tab", "indent", "indented-too-deep", "deeper-after-quote"],
)
def test_a_yaml_mistake_of_a_regex_says_how_to_quote_it(tmp_path, line, says):
    with pytest.raises(RuleFileError) as ei:
        load_rules(_write(tmp_path, GOOD.replace(_MATCH, line)))
    assert ei.value.line == 7 + line.count("\n") and says in str(ei.value)  # the last line written


@pytest.mark.parametrize(
    ("match", "says", "line"),
    [
        # valid YAML escapes, so no YAML error: a regex that silently never matches
        ('      line: "\\bJoin our club\\b"\n', "line regex holds U+0008 (backspace)", 8),
        ("      line: 'ok'\n      exclude: [\"\\a[0-9]\"]\n", "exclude[0] regex holds U+0007 (bell)", 9),
    ],
    ids=["backspace", "bell-in-exclude"],
)
def test_a_control_character_in_a_regex_is_a_double_quoted_escape(tmp_path, match, says, line):
    with pytest.raises(RulePatternError) as ei:
        load_rules(_write(tmp_path, GOOD.replace(_MATCH, match)))
    assert says in str(ei.value) and ei.value.line == line
    assert "write the regex in single quotes" in str(ei.value)


def test_a_tab_in_a_regex_is_fine(tmp_path):
    load_rules(_write(tmp_path, GOOD.replace(_MATCH, '      line: "Join\\tour club"\n')))


def test_missing_path(tmp_path):
    with pytest.raises(RuleFileError, match="no such"):
        load_rules(tmp_path / "nope.yaml")


def test_a_folder_without_rule_files_is_an_error_naming_it(tmp_path):
    """A mistyped or empty folder gave a Cleaner of 0 rules, without a word: text went
    through "cleaned" by nothing. A folder is named for its rule files, so none is an
    error, as `rules lint` and `rules test` already said."""
    import cleaner

    empty, other = tmp_path / "empty", tmp_path / "notes"
    empty.mkdir()
    other.mkdir()
    (other / "README.md").write_text("no rules here", "utf-8")
    (other / "site.cases.yaml").write_text("cases: []\n", "utf-8")  # test cases, not rules
    for folder in (empty, other):
        says = rf"^{folder}: no rule files \(\.yaml, \.yml\) in this folder"
        for call, arg in ((load_rules, folder), (cleaner.Cleaner, folder), (cleaner.Cleaner, [str(folder)])):
            with pytest.raises(RuleFileError, match=says) as info:
                call(arg)
            assert info.value.path == str(folder)
        errors: list = []
        good = _write(tmp_path, GOOD, "good.yaml")
        assert len(load_rules([good, folder], errors=errors)) == 1  # collected as a missing path is
        assert [str(e) for e in errors] == [str(info.value)]
    # no rules on purpose is still there: a RuleSet of none, no paths, or built-in steps only
    assert len(load_rules([])) == 0 and len(cleaner.Cleaner(cleaner.RuleSet()).rules) == 0
    only_steps = cleaner.Cleaner(select=["encoding", "whitespace"])
    assert len(only_steps.rules) == 0 and only_steps.clean("caf\u00c3\u00a9  \n").text == "caf\u00e9"


def test_duplicate_id_across_files(tmp_path):
    _write(tmp_path, GOOD, "a.yaml")
    _write(tmp_path, GOOD, "b.yaml")
    with pytest.raises(RuleSchemaError, match="duplicate rule id"):
        load_rules(tmp_path)


def test_errors_are_collected_when_asked(tmp_path):
    _write(tmp_path, GOOD, "a.yaml")
    _write(tmp_path, GOOD, "b.yaml")
    _write(tmp_path, "rules: 3\n", "c.yaml")
    errors: list = []
    rs = load_rules(tmp_path, errors=errors)
    assert len(rs) == 1 and len(errors) == 2


def test_action_must_fit_matcher(tmp_path):
    body = GOOD.replace("action: drop-line", "action: drop-block")
    with pytest.raises(RuleSchemaError, match="drop-block"):
        load_rules(_write(tmp_path, body))


def test_replace_needs_replacement(tmp_path):
    body = GOOD.replace("action: drop-line", "action: replace")
    with pytest.raises(RuleSchemaError, match="replacement"):
        load_rules(_write(tmp_path, body))


_REPLACER = GOOD.replace(
    '      literal: "[[marker]]"\n      whole_line: true\n', "      line: '\\[\\[(?P<word>\\w+)\\]\\]'\n"
).replace("action: drop-line", "action: replace\n    replacement: 'TEMPLATE'")


@pytest.mark.parametrize(
    ("template", "cause"),
    [
        (r"\2", "no such group"),
        (r"\g<who>", "unknown group"),
        (r"\g<3>", "invalid group reference"),
        (r"\q", "bad escape"),
    ],
)
def test_a_replacement_that_cannot_be_written_names_its_line(tmp_path, template, cause):
    """Found at load time, not as an IndexError at the first match of a run."""
    with pytest.raises(RulePatternError, match=cause) as ei:
        load_rules(_write(tmp_path, _REPLACER.replace("TEMPLATE", template)))
    assert ei.value.rule_id == "demo.marker" and ei.value.line == 10  # the replacement key


@pytest.mark.parametrize("template", [r"\1", r"\g<word>", r"<\g<0>>", r"a\nb", "plain"])
def test_a_replacement_that_can_be_written_loads(tmp_path, template):
    (rule,) = load_rules(_write(tmp_path, _REPLACER.replace("TEMPLATE", template)))
    assert rule.replacement == template


def test_default_packs_load():
    rs = load_rules()
    assert len(rs) > 0
    assert default_rules_path().is_dir()
    assert all(r.path for r in rs)


def test_a_file_named_twice_is_read_once(tmp_path):
    """Linting a folder beside the file being edited in it is no duplicate id."""
    p = _write(tmp_path, GOOD)
    for paths in ([p, p], [tmp_path, p], [p, tmp_path / "." / "r.yaml"]):
        assert [r.id for r in load_rules(paths)] == ["demo.marker"]


@pytest.mark.parametrize(
    "value",
    [
        "rivertoncourier.com",
        "Share, like and follow",
        "Note: the text",
        "It's late",
        "A.\\nB",
        "# tag",
        "- item",
        # text that YAML reads bare as another type: a bool, a number, null, a date
        "no",
        "Yes",
        "2024",
        "null",
        "2024-05-01",
    ],
)
def test_the_list_one_value_should_be_written_as_reads_back_as_that_value(tmp_path, value):
    """The advice `write [...]` is pasted into the file: it must be a list of the one value,
    not two items split at a comma, a mapping at ': ' or a YAML error at a quote."""
    import yaml

    body = GOOD.replace('      - "Text about [[marker]] lines."\n', "").replace(
        "    counterexamples:\n", '    counterexamples: "' + value + '"\n'
    )
    with pytest.raises(RuleSchemaError) as ei:
        load_rules(_write(tmp_path, body))
    said = str(ei.value)
    assert "is one value, and this key takes a list: write " in said
    advice = said.split("this key takes a list: write ", 1)[1]
    wanted = value.replace("\\n", "\n")
    assert yaml.safe_load("counterexamples: " + advice) == {"counterexamples": [wanted]}


def test_examples_written_as_one_text_say_what_an_example_is(tmp_path):
    body = GOOD.replace(
        '    examples:\n      - input: "[[marker]]\\nText."\n        output: "Text."\n',
        '    examples: "[[marker]]\\nText."\n',
    )
    with pytest.raises(RuleSchemaError) as ei:
        load_rules(_write(tmp_path, body))
    said = str(ei.value)
    assert "rules.0.examples: examples is a list of mappings, each of `input:`" in said
    assert "write [" not in said  # a list of texts would fail again: an example needs an output


def test_a_fixture_file_named_as_rules_is_said_to_be_one(tmp_path):
    """`--rules x.cases.yaml` or `rules try x.cases.yaml`: the file is read as a fixture
    file it is, not as a rule file that lacks `rules:` and has an unknown key `cases`."""
    fixture = tmp_path / "demo.cases.yaml"
    fixture.write_text("cases:\n  - name: a\n    input: x\n    output: x\n", "utf-8")
    with pytest.raises(RuleFileError) as ei:
        load_rules(fixture)
    said = str(ei.value)
    assert said.startswith(f"{fixture}: a fixture file (whole-document cases, run by `cleaner rules test`)")
    assert "'rules' is required" not in said
    errors: list = []
    assert len(load_rules([fixture], errors)) == 0 and len(errors) == 1
