# `cleaner rules new`: write a rule file with every field, a comment on each and TODO
# placeholders that `cleaner rules lint` rejects until they are filled in.
"""Scaffold a new rule file."""

from __future__ import annotations

import os
import re
from importlib import resources
from pathlib import Path

from cleaner.errors import RuleFileError, RuleSchemaError
from cleaner.rule import CATEGORIES
from cleaner.rule_messages import DOMAIN, domain_message

__all__ = ["new_rule_file", "render_rule_file", "schema_path"]

_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_DOMAIN = re.compile(f"^{DOMAIN}$")  # as the schema's `when.domains`


def schema_path() -> Path:
    """Where the rule-file JSON Schema is installed."""
    return Path(str(resources.files("cleaner"))) / "schema" / "rules.schema.json"


def _schema_ref(target: Path) -> str:
    """The schema's path as seen from ``target``'s folder (relative when possible)."""
    schema = schema_path().resolve()
    project = schema.parents[2]  # the checkout (or site-packages) that holds cleaner/
    folder = target.resolve().parent
    # inside the project (rules/<pack>/ next to cleaner/) a relative path travels with
    # the repository; anywhere else (a folder of one's own rules, in /tmp or beside the
    # checkout) point at the installed file: a relative path would break when either moves
    if not folder.is_relative_to(project):
        return schema.as_uri()
    try:
        return Path(os.path.relpath(schema, folder)).as_posix()
    except ValueError:  # another drive on Windows
        return schema.as_uri()


_HEADER = """\
# yaml-language-server: $schema={schema}
# Rule file of pack `{pack}`, written by `cleaner rules new`. Replace every TODO, then:
#   cleaner rules lint {path}
#   cleaner rules test {path}
#   cleaner rules try {path} CORPUS/      (see what it removes from real documents)
# and set `status: stable` once it has earned it. Guide: docs/writing-rules.md
"""

_SITE = """\
# when: the sites this whole file applies to; its rules never run anywhere else.
# A document's site comes from the `source` given to clean() (a URL or path).
when:
  domains: [{domain}]
# disable: rules of other packs to turn off on these sites (ids or pack prefixes),
# without editing those packs. For example: disable: [share.buttons]
disable: []
"""

_RULE = """\
rules:
  # id: stable and never reused: the pack, a dot, a short kebab-case name.
  - id: {pack}.{name}
    # category: the kind of debris, one of
    #   {categories}
    category: {category}
    # description: one line saying what the rule removes; it heads the catalogue entry.
    description: TODO what this rule removes, in one line.
    # rationale: why this text is never content, and what the rule takes care to keep.
    rationale: >
      TODO why this is debris and never content.
    # confidence: how sure you are that every match is debris: high, medium or low.
    confidence: medium
    # status: preview (runs only with --preview or when selected by id), stable
    # (runs by default) or deprecated (runs only when selected by id).
    status: preview
    # opt_in: true runs the rule only when --enable (Cleaner(enable=...)) names it, its pack
    # or its category: for debris of some input only, such as text of whole pages.
    #   opt_in: true
    # provenance: where the case came from: a URL, a corpus and document id, an issue.
    provenance: TODO where this debris was seen.
    # match: exactly one of
    #   literal: a phrase or a list of phrases, found as whole words anywhere
    #            (add `whole_line: true` for lines that are exactly the phrase)
    #   line:    a regex that must fill a whole line (blanks at either end allowed)
    #   pattern: a regex searched anywhere; may span lines (^ and $ match at lines)
    #   block:   whole lines from a line matching `start` to one matching `end`
    #            (or `until: blank`), at most `max_lines` lines
    #   score:   weighted features of each line or paragraph (length, case, links,
    #            phrases, neighbours ...) against a threshold; see the guide's table
    # Regexes use the Python `regex` module; write them in single quotes.
    match:
      line: 'TODO a regex that fills the whole debris line'
      # ignore_case: match upper and lower case alike.
      ignore_case: false
      # exclude: regexes; a hit whose text contains a match of any of them is kept.
      exclude: []
    # action: drop-line (the whole lines of each hit), drop-span (just the hit),
    # drop-block (with a block matcher) or replace (with `replacement`).
    action: drop-line
    # replacement: only with action replace; may refer to groups as \\1 or \\g<name>.
    #   replacement: ''
    # region: only match within the first or last N lines or paragraphs, e.g.
    #   region: {{last_lines: 5}}
    # when: narrow this rule further: domains, sources (globs), min_lines, e.g.
    #   when: {{min_lines: 5}}
    # replaces: ids of rules of other packs this rule stands in for where it applies.
    replaces: []
    # guard: exempt leaves this rule's removals out of the removal guard's share; only for
    # machine formats that are never article text (server errors), and only with
    # confidence: high.
    #   guard: exempt
    # examples: debris as scraped (input), and the text after this rule alone (output).
    examples:
      - input: "TODO a sentence of the article.\\nTODO the debris line"
        output: "TODO a sentence of the article."{example_source}
    # counterexamples: text like the debris that is content; it must come out unchanged.
    counterexamples:
      - {counterexample}
"""


def render_rule_file(pack: str, category: str, name: str, *, domain: str | None, path: Path) -> str:
    """The text of a new rule file (every field, a comment on each, TODO placeholders)."""
    for label, value in (("pack", pack), ("name", name)):
        if not _NAME.match(value):
            raise RuleSchemaError(f"{label} {value!r}: use lower-case letters, digits and hyphens")
    if category not in CATEGORIES:
        raise RuleSchemaError(f"category {category!r}: choose one of {', '.join(CATEGORIES)}")
    if domain is not None and not _DOMAIN.match(domain):
        raise RuleSchemaError(domain_message("--domain", domain))
    text = _HEADER.format(schema=_schema_ref(path), pack=pack, path=path.as_posix())
    if domain:
        text += _SITE.format(domain=domain)
        example_source = f"\n        source: https://{domain}/TODO-an-article"
        counterexample = (
            f'input: "TODO a sentence of the article.\\nTODO the debris line"\n'
            f"        # on another site the rule does not run, so the line stays\n"
            f"        source: https://another-site.example/TODO-an-article\n"
            f'      - input: "TODO a sentence that mentions the debris but is content."\n'
            f"        source: https://{domain}/TODO-an-article"
        )
    else:
        example_source = ""
        counterexample = '"TODO a sentence that mentions the debris but is content."'
    text += _RULE.format(
        pack=pack,
        name=name,
        category=category,
        categories=", ".join(CATEGORIES),
        example_source=example_source,
        counterexample=counterexample,
    )
    return text


def _id_taken(rule_id: str, folders: list[Path]) -> str | None:
    """Where a rule file under ``folders`` already has ``rule_id``, as a rule's id or as
    the old id of a redirect ("file:line"), or None. The files are read as text, not
    loaded, so a broken file among them still counts."""
    from cleaner.errors import RuleError
    from cleaner.loader import distinct_rule_files

    quoted = f"""['"]?{re.escape(rule_id)}['"]?"""
    as_id = re.compile(rf"^[ \t]*(?:-[ \t]+)?id:[ \t]*{quoted}[ \t]*(?:#.*)?$")
    as_old = re.compile(rf"^[ \t]+{quoted}:[ \t]")
    no_files: list[RuleError] = []  # a folder with no rule file has no id to clash with
    for f in distinct_rule_files([d for d in folders if d.is_dir()], no_files):
        try:
            lines = f.read_text("utf-8", errors="replace").splitlines()
        except OSError:  # a link to a file that is gone
            continue
        for n, line in enumerate(lines, 1):
            if as_id.match(line) or as_old.match(line):
                return f"{f}:{n}"
    return None


def new_rule_file(
    pack: str, category: str, name: str, *, directory: str | Path = "rules", domain: str | None = None
) -> Path:
    """Write ``<directory>/<pack>/<name>.yaml``; refuse to overwrite an existing file, and
    an id that a rule file of ``directory`` or of the default packs already has (as a
    rule's id or a redirect's old id): two rules with one id stop every rule from loading."""
    from cleaner.loader import default_rules_path

    path = Path(directory) / pack / f"{name}.yaml"
    if path.exists():
        raise RuleFileError("already exists; pick another name or edit it", path=str(path))
    text = render_rule_file(pack, category, name, domain=domain, path=path)
    taken = _id_taken(f"{pack}.{name}", [Path(directory), default_rules_path()])
    if taken is not None:
        raise RuleFileError(
            f"the id {pack}.{name} is already taken at {taken}, and ids are never reused (two rules "
            "with one id stop the rules from loading): pick another name, or edit that rule",
            path=str(path),
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as f:
        f.write(text)
    return path
