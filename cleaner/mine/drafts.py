# Draft rules from mined candidates, in the project's own rule format: status preview,
# a literal/line/block matcher, region and domain scope, real examples, provenance.
"""Turn candidates and runs into draft rules, check them, and write rule files.

A single line becomes a ``literal`` whole-line rule when its shape has no folded
parts, else a ``line`` rule whose regex is the shape's; a run becomes a ``block``
rule from its first line to its last. Every draft is ``status: preview`` and
carries ``provenance`` with its counts. A region (``first_lines`` / ``last_lines``)
is set when the material sits at the head or the tail of (nearly) all its
documents; a domain scope when it was seen on at most ``MAX_SCOPE_DOMAINS`` hosts.

Examples and counterexamples are real text from the corpus (see
:mod:`cleaner.mine.measure`); :func:`verified` keeps only those the rule really
passes, so a written draft always passes ``cleaner rules test``.
"""

from __future__ import annotations

import dataclasses
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex
import yaml

from cleaner.errors import RuleError
from cleaner.loader import load_rules
from cleaner.matchers import BlockMatcher, LineMatcher, LiteralMatcher, Matcher
from cleaner.matchers.literal import normalise_line
from cleaner.mine.count import GroupStats, LineStats
from cleaner.mine.filters import placement
from cleaner.mine.normalise import PLACEHOLDERS, display_shape, shape_regex
from cleaner.rule import Condition, Example, Region, Rule
from cleaner.ruletest import check_rule

__all__ = [
    "MAX_SCOPE_DOMAINS",
    "PACK",
    "Draft",
    "draft_for_line",
    "draft_for_run",
    "dump_rule_file",
    "lint_issues",
    "slug",
    "verified",
]

#: id prefix of every mined rule
PACK = "mined"
#: a candidate seen on at most this many hosts is scoped to them
MAX_SCOPE_DOMAINS = 3

#: (category, regex on the draft's text) in order; the first that matches wins
_CATEGORY_HINTS: tuple[tuple[str, str], ...] = (
    ("consent", r"cookie|consent|gdpr|dsgvo"),
    ("ads", r"\badvertis|\banzeige\b|\bsponsored\b|\bwerbung\b|publicidad|publicit[ée]"),
    ("comments", r"\bcomments?\b|\bkommentar|\breply\b|\bantworten\b|commentaire|comentario"),
    (
        "share",
        r"\bshare\b|\bteilen\b|partager|compartir|\btweet\b|\bpin it\b|\bprint\b|\bdrucken\b|like this",
    ),
    (
        "cta",
        r"subscribe|newsletter|sign up|abonn|download|\bapp\b|register|anmelden|log ?in\b|sign in|"
        r"join our|stay in touch|\bchannel\b",
    ),
    ("social", r"facebook|twitter|instagram|youtube|linkedin|whatsapp|telegram|tiktok|follow us"),
    ("footer", r"©|\(c\)|copyright|rights reserved|rechte vorbehalten|impressum|privacy|datenschutz|terms"),
    ("byline", r"^(by|von|par|por)\s|\bauthor\b|\bautor"),
    (
        "navigation",
        r"\bhome\b|\bmenu\b|skip to|\bnext\b|\bprevious\b|related|read more|\bmore\b|search|"
        r"\btags?\b|categor|weiterlesen|startseite|\bmehr\b|suche|accueil|inicio|sitemap|\bcontact|"
        r"latest|popular|trending|don.t miss|also read|see also|lire aussi|lesen sie|te puede",
    ),
)


def _category(text: str, region: tuple[str, int] | None) -> str:
    low = text.casefold()
    for cat, pattern in _CATEGORY_HINTS:
        if regex.search(pattern, low):
            return cat
    if region is not None:
        return "header" if region[0] == "first_lines" else "footer"
    return "other"


def slug(text: str, words: int = 5, limit: int = 40) -> str:
    """A lower-case ASCII id part from ``text`` ("" when nothing is left)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    parts = regex.findall(r"[a-z0-9]+", ascii_text.lower())[:words]
    return "-".join(parts)[:limit].strip("-")


@dataclass(slots=True)
class Draft:
    """One draft rule: what it matches, where, why, and its examples."""

    rule_id: str
    group: str
    lines: list[LineStats]  # one line, or the lines of a run in order
    group_docs: int
    match: dict[str, Any]
    action: str
    region: tuple[str, int] | None
    domains: tuple[str, ...]
    category: str
    examples: list[dict[str, str]] = field(default_factory=list)
    counterexamples: list[dict[str, str]] = field(default_factory=list)
    measured_docs: int = 0  # sample documents it fired on
    guarded_docs: int = 0  # sample documents it matched that the removal guard left alone

    @property
    def kind(self) -> str:
        return "block" if len(self.lines) > 1 else "line"

    @property
    def docs(self) -> int:
        """Documents of the group with this material (for a run, with its rarest line)."""
        return min(st.docs for st in self.lines)

    @property
    def chars(self) -> int:
        """Characters of the group this material holds (counted in the exact pass)."""
        return sum(st.chars for st in self.lines)

    @property
    def text(self) -> str:
        """A real line of it (the first line of a run)."""
        st = self.lines[0]
        return st.examples[0].line if st.examples else display_shape(st.shape)

    @property
    def end_text(self) -> str:
        st = self.lines[-1]
        return st.examples[0].line if st.examples else display_shape(st.shape)

    def matcher(self) -> Matcher:
        m = self.match
        if "literal" in m:
            return LiteralMatcher([m["literal"]], whole_line=True)
        if "line" in m:
            return LineMatcher(m["line"])
        b = m["block"]
        return BlockMatcher(b["start"], end=b["end"], max_lines=b["max_lines"])

    def rule(self) -> Rule:
        """The draft as an in-memory rule (examples included once they are chosen)."""
        spec = self.spec()
        return Rule(
            id=self.rule_id,
            category=self.category,
            description=spec["description"],
            rationale=spec["rationale"],
            confidence=spec["confidence"],
            matcher=self.matcher(),
            action=self.action,
            region=Region(*self.region) if self.region else None,
            when=Condition(domains=self.domains),
            status="preview",
            provenance=spec["provenance"],
            examples=tuple(Example(e["input"], e["output"], e.get("source")) for e in self.examples),
            counterexamples=tuple(Example(c["input"], None, c.get("source")) for c in self.counterexamples),
        )

    def provenance(self) -> str:
        share = self.docs / self.group_docs if self.group_docs else 0.0
        where = {"first_lines": "head", "last_lines": "tail"}.get(self.region[0], "") if self.region else ""
        parts = [
            f"cleaner mine, group {self.group}: in {self.docs} of {self.group_docs} documents ({share:.1%})",
            f"{sum(st.occurrences for st in self.lines)} occurrences",
            f"{self.chars} characters",
        ]
        if self.kind == "block":
            parts.append(f"a run of {len(self.lines)} lines")
        else:
            parts.append(f"shape {display_shape(self.lines[0].shape)!r}")
        if not self.domains:
            parts.append(self._scope_note())
        if where:
            parts.append(f"always near the {where} (within {self.region[1] if self.region else 0} lines)")
        if self.measured_docs:
            parts.append(f"fired on {self.measured_docs} sampled documents")
        return "; ".join(parts)

    def _scope_note(self) -> str:
        """Why the draft has no domain scope."""
        if any(st.no_domain_docs for st in self.lines):
            return "unscoped: some of its documents have no known host"
        hosts = {d for st in self.lines for d in st.domains}
        many = any(st.many_domains for st in self.lines)
        return f"unscoped: seen on {'more than ' if many else ''}{len(hosts)} hosts"

    def spec(self) -> dict[str, Any]:
        """The rule as it is written to a rule file (key order as people read it)."""
        share = self.docs / self.group_docs if self.group_docs else 0.0
        if self.kind == "block":
            desc = (
                f"Block of {len(self.lines)} lines repeated across the documents of group "
                f"{self.group}, from {self.text!r} to {self.end_text!r}."
            )
        else:
            desc = f"Line repeated across the documents of group {self.group}: {self.text!r}."
        rationale = (
            f"Found by `cleaner mine` in {share:.0%} of the documents of {self.group}: material "
            f"repeated across pages is site furniture, not the content of any one page. "
            f"A draft: review it, then promote it from preview."
        )
        out: dict[str, Any] = {
            "id": self.rule_id,
            "status": "preview",
            "category": self.category,
            "description": desc,
            "rationale": rationale,
            "confidence": "medium" if share >= 0.5 and self.domains and self.region else "low",
            "provenance": self.provenance(),
        }
        if self.domains:
            out["when"] = {"domains": list(self.domains)}
        if self.region:
            out["region"] = {self.region[0]: self.region[1]}
        out["match"] = self.match
        out["action"] = self.action
        out["examples"] = self.examples
        out["counterexamples"] = [c if "source" in c else c["input"] for c in self.counterexamples]
        return out


def _samples(st: LineStats) -> list[str]:
    return [ex.line for ex in st.examples]


def _line_match(st: LineStats) -> dict[str, Any]:
    if not any(c in st.shape for c in PLACEHOLDERS) and st.examples:
        return {"literal": normalise_line(st.examples[0].line, False), "whole_line": True}
    return {"line": shape_regex(st.shape, _samples(st) or None)}


def _domains(lines: Sequence[LineStats]) -> tuple[str, ...]:
    if any(st.no_domain_docs or st.many_domains for st in lines):
        return ()
    found = sorted({d for st in lines for d in st.domains})
    return tuple(found) if 0 < len(found) <= MAX_SCOPE_DOMAINS else ()


def draft_for_line(rule_id: str, st: LineStats, group: GroupStats) -> Draft:
    """A draft that drops one repeated line (whole-line literal or line pattern)."""
    region = placement([st])
    return Draft(
        rule_id=rule_id,
        group=group.name,
        lines=[st],
        group_docs=group.docs,
        match=_line_match(st),
        action="drop-line",
        region=region,
        domains=_domains([st]),
        category=_category(" ".join(_samples(st)) or st.shape, region),
    )


def draft_for_run(rule_id: str, run: Sequence[LineStats], group: GroupStats) -> Draft:
    """A draft that drops a run of lines as a block, from its first line to its last."""
    region = placement(run)
    first, last = run[0], run[-1]
    k = len(run)
    block = {
        "start": shape_regex(first.shape, _samples(first) or None),
        "end": shape_regex(last.shape, _samples(last) or None),
        "max_lines": min(500, k + max(2, k // 5)),
    }
    text = " ".join(ex.line for st in run for ex in st.examples[:1])
    return Draft(
        rule_id=rule_id,
        group=group.name,
        lines=list(run),
        group_docs=group.docs,
        match={"block": block},
        action="drop-block",
        region=region,
        domains=_domains(run),
        category=_category(text, region),
    )


def verified(draft: Draft) -> Draft:
    """``draft`` keeping only the examples and counterexamples it really passes."""
    base = dataclasses.replace(draft.rule(), examples=(), counterexamples=())
    good_ex: list[dict[str, str]] = []
    for e in draft.examples:
        if len(good_ex) >= 2:
            break
        one = dataclasses.replace(base, examples=(Example(e["input"], e["output"], e.get("source")),))
        if not check_rule(one) and e not in good_ex:
            good_ex.append(e)
    good_cx: list[dict[str, str]] = []
    for c in draft.counterexamples:
        if len(good_cx) >= 2:
            break
        one = dataclasses.replace(base, counterexamples=(Example(c["input"], None, c.get("source")),))
        if not check_rule(one) and c not in good_cx:
            good_cx.append(c)
    return dataclasses.replace(draft, examples=good_ex, counterexamples=good_cx)


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, s: str) -> yaml.ScalarNode:
    style = "|" if "\n" in s else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", s, style=style)


_Dumper.add_representer(str, _str)


def dump_rule_file(specs: Iterable[dict[str, Any]], header: str) -> str:
    """YAML text of a rule file with ``specs``, under a ``#`` comment ``header``."""
    body = yaml.dump({"rules": list(specs)}, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    comment = "".join(f"# {line}".rstrip() + "\n" for line in header.splitlines())
    return comment + body


def check_loads(text: str) -> list[RuleError]:
    """Errors ``load_rules`` finds in rule-file ``text`` (none for a good draft file)."""
    errors: list[RuleError] = []
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "drafts.yaml"
        p.write_text(text, "utf-8")
        load_rules(p, errors=errors)
    return errors


def lint_issues(drafts: Sequence[Draft]) -> dict[str, list[str]]:
    """``cleaner rules lint`` on ``drafts`` as one rule file: rule id -> its issues
    (code and message). A draft that does not load is reported under its id too."""
    from cleaner.authoring.lint import lint_rules

    out: dict[str, list[str]] = {}
    errors: list[RuleError] = []
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "drafts.yaml"
        p.write_text(dump_rule_file((x.spec() for x in drafts), "lint"), "utf-8")
        rs = load_rules(p, errors=errors)
    for e in errors:
        out.setdefault(e.rule_id or "", []).append(f"load: {e.message}")
    for issue in lint_rules(rs):
        if issue.is_warning:
            continue
        out.setdefault(issue.rule_id or "", []).append(f"{issue.code}: {issue.message}")
    return out
