# Fixture files: whole-document cases beside the rules (rules/<pack>/<name>.cases.yaml),
# each run through the full pipeline and compared with its expected clean text.
"""Whole-document test cases for rule packs.

A fixture file sits beside rule files and is named ``<anything>.cases.yaml``::

    select: [social]            # optional; default: the packs of the rule files in this folder
    cases:
      - name: tweet residue after the last paragraph
        source: https://example.com/a      # optional: lets site-scoped rules apply
        input: |
          Body text.
          pic.twitter.com/abc123
        output: |
          Body text.
        removed_by: [social.pic-twitter-line]   # optional: exactly these rules changed the text

Each case runs the whole pipeline (encoding repair, the selected rules, whitespace
tidying). It passes when the clean text equals ``output`` (whitespace tidied the same
way), the removal log restores the input exactly, cleaning the output again removes
nothing, and, if given, ``removed_by`` names exactly the rules that changed the text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from cleaner.errors import RuleError, RuleSchemaError
from cleaner.loader import FIXTURE_SUFFIXES, read_rule_yaml, schema_errors
from cleaner.ruleset import RuleSet
from cleaner.ruletest import text_diff

__all__ = ["Case", "CaseFailure", "find_fixture_files", "fixture_schema", "read_cases", "run_case"]


@dataclass(frozen=True, slots=True)
class Case:
    """One whole-document case of a fixture file."""

    name: str
    input: str
    output: str
    path: str
    line: int | None
    source: str | None = None
    removed_by: tuple[str, ...] | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    preview: bool = False
    #: the line of each name in ``removed_by`` (empty when not known)
    removed_by_lines: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class CaseFailure:
    """A case whose clean text, removal log or rule attribution is not as expected."""

    path: str
    line: int | None
    name: str
    problem: str
    expected: str = ""
    actual: str = ""

    def diff(self) -> str:
        return text_diff(self.expected, self.actual)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: case {self.name!r}: {self.problem}\n{self.diff()}"


@lru_cache(maxsize=1)
def fixture_schema() -> dict[str, Any]:
    """The JSON Schema of fixture files, shipped in the package."""
    text = resources.files("cleaner").joinpath("schema/cases.schema.json").read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def is_fixture_file(path: Path) -> bool:
    """A ``*.cases.yaml`` (or ``.yml``) file that is not a folder."""
    return path.name.endswith(FIXTURE_SUFFIXES) and not path.is_dir()


def rule_paths_of(paths: Iterable[str | Path]) -> list[Path]:
    """The rule files and folders that ``paths`` name, for ``rules test`` and ``lint``:
    a fixture file named alone stands for the rule files beside it (those its cases run
    by default), since it is no rule file itself."""
    from cleaner.loader import is_rule_file

    out: list[Path] = []
    for p in map(Path, paths):
        if is_fixture_file(p):
            out.extend(sorted(f for f in p.parent.glob("*") if is_rule_file(f) and f.is_file()))
        else:
            out.append(p)
    return out


def find_fixture_files(paths: Iterable[str | Path]) -> list[Path]:
    """Fixture files among ``paths`` and inside the folders among them, each once however
    often it is named (a folder and a file in it, as rule files are)."""
    from cleaner.loader import each_once

    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found.extend(sorted(f for f in p.rglob("*") if f.name.endswith(FIXTURE_SUFFIXES) and f.is_file()))
        elif is_fixture_file(p):
            found.append(p)
    return each_once(found)


def _names(value: Any) -> tuple[str, ...]:
    return tuple(value) if value else ()


def read_cases(path: str | Path, rules: RuleSet, errors: list[RuleError] | None = None) -> list[Case]:
    """The cases of one fixture file. ``rules`` gives the default selection: the packs
    of the rule files in the same folder. Raises the first RuleError of a malformed file
    (not YAML, a duplicate or unknown key, a schema error), or with ``errors`` given,
    collects every one there and returns the cases that could be read (none when the file
    breaks the schema)."""
    path = Path(path)
    collected: list[RuleError] = []
    cases: list[Case] = []
    try:
        doc = read_rule_yaml(path)
    except RuleError as exc:
        collected.append(exc)
    else:
        if doc is None:  # as an empty rule file is said to be, not "None is not of type 'object'"
            collected.append(
                RuleSchemaError(
                    "empty fixture file: write `cases:` and a case under it (name, input, output), "
                    "or delete the file",
                    path=str(path),
                )
            )
        elif isinstance(doc, dict) and "rules" in doc and "cases" not in doc:
            collected.append(_rules_in_a_fixture_file(doc, path))
        else:
            collected.extend(schema_errors(doc, fixture_schema(), path))
        if not collected:
            cases = _cases(doc, path, rules, collected)
    if collected and errors is None:
        raise collected[0]
    if errors is not None:
        errors.extend(collected)
    return cases


def _rules_in_a_fixture_file(doc: Any, path: Path) -> RuleSchemaError:
    """A rule file saved under a fixture file's name: it is read as one (and its rules
    are not loaded), so the schema would only say "'cases' is required"."""
    name = path.name.removesuffix(".cases.yaml").removesuffix(".cases.yml") + ".yaml"
    return RuleSchemaError(
        f"file: this file holds rules, but a name ending in {''.join(path.suffixes[-2:])} makes it a "
        f"fixture file: rename it {name}",
        path=str(path),
        line=getattr(doc, "line", None),
    )


def _cases(doc: Any, path: Path, rules: RuleSet, errors: list[RuleError]) -> list[Case]:
    """The cases of a fixture file that follows the schema."""
    folder = path.resolve().parent
    default_select = tuple(
        sorted({r.pack for r in rules.rules if r.path and Path(r.path).resolve().parent == folder})
    )
    cases = []
    for item in doc["cases"]:
        select = _names(item.get("select")) or _names(doc.get("select")) or default_select
        if not select:
            errors.append(
                RuleSchemaError(
                    "no rule files beside this fixture file; name the rules to run with `select`",
                    path=str(path),
                    line=getattr(item, "line", None),
                )
            )
            continue
        removed_by = item.get("removed_by")
        cases.append(
            Case(
                name=item["name"],
                input=item["input"],
                output=item["output"],
                path=str(path),
                line=getattr(item, "line", None),
                source=item.get("source"),
                removed_by=tuple(removed_by) if removed_by is not None else None,
                select=select,
                ignore=_names(item.get("ignore")) or _names(doc.get("ignore")),
                preview=bool(item.get("preview", doc.get("preview", False))),
                removed_by_lines=tuple(getattr(removed_by, "item_lines", ())),
            )
        )
    return cases


_BUILTIN_PREFIXES = ("encoding.", "whitespace.")


def run_case(case: Case, rules: RuleSet) -> list[CaseFailure]:
    """Failures of one case (empty when it passes)."""
    from cleaner.pipeline import Cleaner
    from cleaner.removals import restore

    def fail(problem: str, expected: str = "", actual: str = "") -> CaseFailure:
        return CaseFailure(case.path, case.line, case.name, problem, expected, actual)

    try:
        cleaner = Cleaner(
            rules,
            select=list(case.select),
            ignore=list(case.ignore),
            enable=list(case.select),  # the rules a case names run, opt-in ones too
            preview=case.preview,
        )
    except RuleError as exc:
        return [fail(f"cannot select its rules: {exc.message}")]
    result = cleaner.clean(case.input, source=case.source)
    failures: list[CaseFailure] = []
    expected = Cleaner(RuleSet(), select=["whitespace"]).clean(case.output).text
    if result.text != expected:
        fired = ", ".join(sorted({r.rule for r in result.removals})) or "none"
        warns = "".join(f"; warning: {w.message}" for w in result.warnings)
        failures.append(
            fail(f"clean text differs (rules that changed it: {fired}{warns})", expected, result.text)
        )
    if restore(result.text, result.removals) != case.input:
        failures.append(
            fail(
                "the removal log does not restore the input",
                case.input,
                restore(result.text, result.removals),
            )
        )
    fired_rules = sorted({r.rule for r in result.removals if not r.rule.startswith(_BUILTIN_PREFIXES)})
    if case.removed_by is not None and fired_rules != sorted(set(case.removed_by)):
        # an empty side of the diff would be a blank line: say "no rule"; and say why a
        # named rule cannot be among them (no such rule, or the guard stopped the rules)
        known = {r.id for r in rules.rules} | set(rules.redirects)
        unknown = [n for n in case.removed_by if n not in known]
        why = "".join(
            [f"; {n!r} names no loaded rule" for n in unknown]
            + [f"; warning: {w.message}" for w in result.warnings if w.code == "guard"]
        )
        failures.append(
            fail(
                f"removed_by differs{why}",
                "\n".join(sorted(set(case.removed_by)) or ["(no rule)"]) + "\n",
                "\n".join(fired_rules or ["(no rule)"]) + "\n",
            )
        )
    again = cleaner.clean(result.text, source=case.source)
    more = [r for r in again.removals if not r.rule.startswith(_BUILTIN_PREFIXES)]
    if more:
        failures.append(
            fail(
                "cleaning the output again removes more: "
                + "; ".join(f"{r.rule} removed {r.text!r}" for r in more[:3]),
                result.text,
                again.text,
            )
        )
    return failures
