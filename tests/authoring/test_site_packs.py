# End-to-end checks of the rule-file features authors rely on: site packs scoped by a
# file-level `when`, `disable` and `replaces` across packs, preview/deprecated status, redirects.
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from cleaner import Cleaner, RuleSchemaError, RuleSelectionError, load_rules

BODY = "The council approved the budget on Monday after a long debate about the bridge.\n"

GENERIC = """\
redirects:
  generic.subscribe-line: generic.subscribe
rules:
  - id: generic.subscribe
    category: cta
    description: A bare "Subscribe now!" line.
    rationale: A call to action, never content on a line of its own.
    confidence: high
    match:
      line: 'Subscribe now!'
    action: drop-line
    examples:
      - input: "Text.\\nSubscribe now!"
        output: "Text."
    counterexamples:
      - "Subscribe now! said the banner."
  - id: generic.trial
    category: cta
    description: A preview rule.
    rationale: Being tried out.
    confidence: low
    status: preview
    match:
      line: 'Try our app'
    action: drop-line
    examples:
      - input: "Text.\\nTry our app"
        output: "Text."
    counterexamples:
      - "Try our app, he said."
  - id: generic.retired
    category: cta
    description: A deprecated rule.
    rationale: Superseded.
    confidence: low
    status: deprecated
    match:
      line: 'Old banner'
    action: drop-line
    examples:
      - input: "Text.\\nOld banner"
        output: "Text."
    counterexamples:
      - "Old banner here."
"""

SITE = """\
when:
  domains: [citytelegraph.com]
disable: [generic.subscribe-line]
rules:
  - id: citytelegraph.promo
    category: cta
    description: The paper's own promo line.
    rationale: Appears under every article of the site.
    confidence: high
    match:
      line: 'Read more at City Telegraph'
    action: drop-line
    examples:
      - input: "Text.\\nRead more at City Telegraph"
        output: "Text."
        source: https://citytelegraph.com/a
    counterexamples:
      - input: "Text.\\nRead more at City Telegraph"
        source: https://elsewhere.org/a
"""

OVERRIDE = """\
when:
  domains: [dailyplanet.net]
rules:
  - id: dailyplanet.subscribe
    category: cta
    description: The site's subscribe line, which keeps the paper's name.
    rationale: On this site the line is replaced by a marker instead of dropped.
    confidence: high
    replaces: generic.subscribe
    match:
      line: 'Subscribe now!'
    action: replace
    replacement: "[cta]"
    examples:
      - input: "Text.\\nSubscribe now!"
        output: "Text.\\n[cta]"
        source: https://dailyplanet.net/a
    counterexamples:
      - input: "Text.\\nSubscribe now!"
        source: https://elsewhere.org/a
"""

DOC = BODY + "Subscribe now!\nRead more at City Telegraph\nTry our app\nOld banner\n"


@pytest.fixture()
def packs(tmp_path: Path) -> Path:
    files = {"generic/g.yaml": GENERIC, "citytelegraph/s.yaml": SITE, "dailyplanet/o.yaml": OVERRIDE}
    for name, body in files.items():
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(body, "utf-8")
    return tmp_path


def _rules_fired(c: Cleaner, text: str, source: str | None) -> list[str]:
    """Ids of the rules that changed ``text`` (the whitespace steps left out)."""
    return [r.rule for r in c.clean(text, source=source).removals if not r.rule.startswith("whitespace.")]


def _removed(c: Cleaner, source: str | None) -> list[str]:
    return _rules_fired(c, DOC, source)


def test_site_pack_applies_only_on_its_domain_and_subdomains(packs):
    c = Cleaner(load_rules(packs))
    assert "citytelegraph.promo" in _removed(c, "https://citytelegraph.com/2024/story")
    assert "citytelegraph.promo" in _removed(c, "https://www.news.citytelegraph.com/x")
    assert "citytelegraph.promo" not in _removed(c, "https://elsewhere.org/story")
    assert "citytelegraph.promo" not in _removed(c, None)
    assert "citytelegraph.promo" not in _removed(c, "https://notcitytelegraph.com/x")


def test_site_pack_disables_another_packs_rule_through_a_redirected_id(packs):
    # the site pack names the rule by its old id; the redirects table keeps that working
    c = Cleaner(load_rules(packs))
    assert "generic.subscribe" not in _removed(c, "https://citytelegraph.com/a")
    assert "generic.subscribe" in _removed(c, "https://elsewhere.org/a")


def test_replaces_stands_in_for_the_other_rule_where_it_applies(packs):
    c = Cleaner(load_rules(packs))
    on_site = c.clean(DOC, source="https://dailyplanet.net/a")
    assert [r.rule for r in on_site.removals if r.text.startswith("Subscribe")] == ["dailyplanet.subscribe"]
    assert "[cta]" in on_site.text
    assert "generic.subscribe" in _removed(c, "https://elsewhere.org/a")


def test_preview_rules_run_only_when_asked(packs):
    rs = load_rules(packs)
    assert "generic.trial" not in _removed(Cleaner(rs), None)
    assert "generic.trial" in _removed(Cleaner(rs, preview=True), None)
    assert "generic.trial" in _removed(Cleaner(rs, select=["generic.trial"]), None)
    # selecting the pack does not pull in its preview rules
    assert "generic.trial" not in _removed(Cleaner(rs, select=["generic"]), None)


def test_deprecated_rules_run_only_when_selected_by_id(packs):
    rs = load_rules(packs)
    assert "generic.retired" not in _removed(Cleaner(rs, preview=True), None)
    assert "generic.retired" in _removed(Cleaner(rs, select=["generic.retired"]), None)


def test_redirects_work_in_select_and_ignore(packs):
    rs = load_rules(packs)
    assert rs.get("generic.subscribe-line").id == "generic.subscribe"
    assert _removed(Cleaner(rs, select=["generic.subscribe-line"]), None) == ["generic.subscribe"]
    assert "generic.subscribe" not in _removed(Cleaner(rs, ignore=["generic.subscribe-line"]), None)
    with pytest.raises(RuleSelectionError):
        Cleaner(rs, select=["generic.never-existed"])


def test_a_rule_cannot_widen_its_files_site_scope(tmp_path):
    body = SITE.replace(
        "    match:\n      line: 'Read more at City Telegraph'",
        "    when:\n      domains: [elsewhere.org]\n    match:\n      line: 'Read more at City Telegraph'",
    )
    p = tmp_path / "s.yaml"
    p.write_text(body, "utf-8")
    with pytest.raises(RuleSchemaError, match=r"s\.yaml:\d+: rule citytelegraph\.promo: .*outside"):
        load_rules(p)


def test_a_rule_may_narrow_its_files_site_scope(tmp_path):
    body = SITE.replace(
        "    match:\n      line: 'Read more at City Telegraph'",
        "    when:\n      domains: [sport.citytelegraph.com]\n"
        "    match:\n      line: 'Read more at City Telegraph'",
    ).replace("https://citytelegraph.com/a", "https://sport.citytelegraph.com/a")
    p = tmp_path / "s.yaml"
    p.write_text(body, "utf-8")
    c = Cleaner(load_rules(p))
    assert _removed(c, "https://sport.citytelegraph.com/x") == ["citytelegraph.promo"]
    assert _removed(c, "https://citytelegraph.com/x") == []


def test_file_level_sources_and_rule_level_domains_both_hold(tmp_path):
    body = textwrap.dedent(
        """\
        when:
          sources: ["*/archive/*"]
        rules:
          - id: arch.footer
            category: footer
            description: Archive footer.
            rationale: Archive pages carry a fixed footer.
            confidence: high
            when:
              domains: [citytelegraph.com]
            match:
              line: 'From the archive'
            action: drop-line
            examples:
              - input: "Text.\\nFrom the archive"
                output: "Text."
                source: https://citytelegraph.com/archive/1
            counterexamples:
              - input: "Text.\\nFrom the archive"
                source: https://citytelegraph.com/news/1
        """
    )
    p = tmp_path / "a.yaml"
    p.write_text(body, "utf-8")
    c = Cleaner(load_rules(p))
    text = BODY + "From the archive\n"
    assert _rules_fired(c, text, "https://citytelegraph.com/archive/9") == ["arch.footer"]
    assert _rules_fired(c, text, "https://citytelegraph.com/news/9") == []
    assert _rules_fired(c, text, "https://elsewhere.org/archive/9") == []


def test_merged_conditions_refuse_two_source_lists():
    from cleaner.rule import Condition

    with pytest.raises(ValueError, match="sources"):
        Condition(sources=("*/a/*",)).merged(Condition(sources=("*/b/*",)))
    narrowed = Condition(domains=("example.com",)).merged(Condition(domains=("a.example.com", "other.org")))
    assert narrowed.domains == ("a.example.com",)
