# `cleaner rules docs`: the Markdown catalogue of every rule, grouped by pack and
# category, with what each rule does, why, how it matches and its examples.
"""Generate the rule catalogue (docs/rules.md)."""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from cleaner.rule import CATEGORIES, Condition, Example, Rule
from cleaner.ruleset import RuleSet

__all__ = ["render_catalogue"]

_STATUS_NOTE = {
    "preview": "preview — runs only with `--preview` or when selected by id",
    "deprecated": "deprecated — runs only when selected by id",
    "stable": "stable",
}


def _code(text: str) -> str:
    """An inline code span that survives backticks in ``text``."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or longest else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _yaml(value: object) -> str:
    """A parameter as a rule file writes it: ``true``, not Python's ``True``."""
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _block(text: str, lang: str = "text") -> str:
    longest = max((len(m) for m in re.findall(r"`{3,}", text)), default=2)
    fence = "`" * (longest + 1)
    body = text if text.endswith("\n") else text + "\n"
    return f"{fence}{lang}\n{body}{fence}\n"


def _shown(path: str | None, roots: list[Path]) -> str:
    if not path:
        return "<memory>"
    p = Path(path).resolve()
    for root in roots:
        try:
            return (Path(root.name) / p.relative_to(root)).as_posix()
        except ValueError:
            continue
    return Path(path).as_posix()


def _scope(when: Condition) -> str:
    parts = []
    if when.domains:
        parts.append("sites " + ", ".join(_code(d) for d in when.domains))
    if when.sources:
        parts.append("sources matching " + ", ".join(_code(s) for s in when.sources))
    if when.min_lines:
        parts.append(f"documents of at least {when.min_lines} lines")
    return "; ".join(parts)


def _matcher(rule: Rule) -> str:
    m = rule.matcher
    ic = " (any case)" if getattr(m, "ignore_case", False) else ""
    if m.kind == "literal":
        how = "whole lines that are exactly" if getattr(m, "whole_line", False) else "the phrase(s)"
        return f"{how} " + ", ".join(_code(p) for p in m.literals()) + ic
    if m.kind == "score":
        return _score(m) + ic
    pats = m.patterns()
    return "; ".join(f"{name} {_code(src)}" for name, src in pats) + ic


def _score(m: Any) -> str:
    """A score matcher in words: its unit, bias, threshold and weighted features."""
    head = f"a score over each {getattr(m, 'unit', 'line')}"
    facts = [f"bias {getattr(m, 'bias', 0):g}", f"threshold {getattr(m, 'threshold', 0):g}"]
    if getattr(m, "max_words", None):
        facts.append(f"units of at most {m.max_words} words")
    terms = []
    for f in m.spec() if hasattr(m, "spec") else []:
        params = {k: v for k, v in f.items() if k not in ("feature", "weight")}
        shown = ", ".join(
            f"{k} " + (", ".join(_code(_yaml(x)) for x in v) if isinstance(v, list) else _code(_yaml(v)))
            for k, v in params.items()
        )
        terms.append(f"{f['feature']} × {f['weight']:g}" + (f" ({shown})" if shown else ""))
    return f"{head} ({'; '.join(facts)}) of the features " + "; ".join(terms)


def _example_diff(ex: Example) -> str:
    before = ex.input.splitlines()
    after = (ex.output or "").splitlines()
    lines = list(difflib.unified_diff(before, after, lineterm="", n=max(len(before), len(after))))
    body = "\n".join(ln for ln in lines[3:] if not ln.startswith("@@")) if len(lines) > 3 else ""
    return _block(body or ex.input, "diff")


def _rule_entry(rule: Rule, roots: list[Path]) -> str:
    out = [f"#### {rule.id}\n"]
    facts = [
        rule.category,
        f"{rule.confidence} confidence",
        _STATUS_NOTE.get(rule.status, rule.status),
        rule.action,
    ]
    if rule.opt_in:
        facts.insert(3, f"opt-in — runs only with `--enable {rule.pack}` (or its id)")
    where = _shown(rule.path, roots) + (f":{rule.line}" if rule.line else "")
    out.append(f"*{' · '.join(facts)}* — defined in {_code(where)}\n")
    out.append(f"**What it does.** {rule.description}\n")
    out.append(f"**Why.** {rule.rationale}\n")
    how = [f"**Matches** {_matcher(rule)}"]
    if rule.region is not None:
        where, unit = rule.region.kind.split("_", 1)
        n = rule.region.count
        how.append(f"within the {where} {unit[:-1]}" if n == 1 else f"within the {where} {n} {unit}")
    if rule.exclude_patterns:
        how.append("keeping hits that contain " + " or ".join(_code(p) for p in rule.exclude_patterns))
    if rule.action == "replace":
        # an empty code span (two backticks) is no code span in Markdown: say it in words
        how.append(
            f"and replaces them with {_code(rule.replacement)}"
            if rule.replacement
            else "and replaces them with nothing"
        )
    out.append(", ".join(how) + ".\n")
    scope = _scope(rule.when)
    if scope:
        out.append(f"**Applies to** {scope}.\n")
    if rule.replaces:
        out.append("**Stands in for** " + ", ".join(_code(r) for r in rule.replaces) + " where it applies.\n")
    if rule.guard == "exempt":
        out.append("**Guard.** Exempt: the removal guard does not weigh what this rule removes.\n")
    if rule.provenance:
        out.append(f"**Provenance.** {rule.provenance}\n")
    for i, ex in enumerate(rule.examples):
        label = "**Example**" if len(rule.examples) == 1 else f"**Example {i + 1}**"
        src = f" (source {_code(ex.source)})" if ex.source else ""
        out.append(f"{label}{src}:\n\n{_example_diff(ex)}")
    if rule.counterexamples:
        out.append("**Left alone:**\n")
        for ex in rule.counterexamples:
            src = f" (source {_code(ex.source)})" if ex.source else ""
            if src:
                out.append(f"On {src.strip(' ()')}:\n")
            out.append(_block(ex.input))
    return "\n".join(out)


def render_catalogue(rules: RuleSet, roots: list[Path] | None = None) -> str:
    """The Markdown catalogue of ``rules``; paths are shown relative to ``roots``."""
    roots = [Path(r).resolve() for r in (roots or [])]
    packs: dict[str, list[Rule]] = defaultdict(list)
    for r in rules.rules:
        packs[r.pack].append(r)
    n_rules = len(rules.rules)
    out = [
        "# Rule catalogue\n",
        "<!-- Generated by `cleaner rules docs --rules rules/ -o docs/rules.md`; do not edit by hand. -->\n",
        f"{n_rules} rule{'s' if n_rules != 1 else ''} in {len(packs)} pack{'s' if len(packs) != 1 else ''}. "
        "Each entry says what the rule removes, why it is debris, how it matches, and shows "
        "its examples as a diff (`-` lines are removed) and the text it must leave alone. "
        "How to write a rule: [Writing rules](writing-rules.md).\n",
        "| Pack | Rules | Categories |",
        "|---|---|---|",
    ]
    for pack in sorted(packs):
        cats = sorted({r.category for r in packs[pack]}, key=CATEGORIES.index)
        out.append(f"| [{pack}](#pack-{pack}) | {len(packs[pack])} | {', '.join(cats)} |")
    out.append("")
    for pack in sorted(packs):
        prules = packs[pack]
        out.append(f'<a id="pack-{pack}"></a>\n\n## Pack {pack}\n')
        files = sorted({_shown(r.path, roots) for r in prules})
        out.append("Files: " + ", ".join(_code(f) for f in files) + "\n")
        pack_files = {r.path for r in prules}
        disables = [d for d in rules.disables if d.path in pack_files]
        for d in disables:
            scope = _scope(d.when) or "everywhere"
            out.append(f"Turns off {', '.join(_code(i) for i in d.ids)} on {scope}.\n")
        by_cat: dict[str, list[Rule]] = defaultdict(list)
        for r in prules:
            by_cat[r.category].append(r)
        for cat in sorted(by_cat, key=CATEGORIES.index):
            out.append(f"### {pack}: {cat}\n")
            for r in sorted(by_cat[cat], key=lambda r: r.id):
                out.append(_rule_entry(r, roots))
    if rules.redirects:
        out.append("## Renamed rules\n")
        out.append("Old ids keep working in `select`, `ignore`, `disable` and `replaces`.\n")
        out.append("| Old id | Now |\n|---|---|")
        for old, new in sorted(rules.redirects.items()):
            out.append(f"| {_code(old)} | {_code(new)} |")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
