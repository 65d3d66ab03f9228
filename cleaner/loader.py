# Reading rule files: strict YAML (duplicate keys are errors), validation against the
# shipped JSON Schema, and building Rule objects; every error names file, line and id.
"""Load declarative rule files into :class:`cleaner.ruleset.RuleSet`."""

from __future__ import annotations

import codecs
import json
import os
import reprlib
from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import regex
import yaml

from cleaner.errors import RuleError, RuleFileError, RulePatternError, RuleSchemaError
from cleaner.matchers import BlockMatcher, LineMatcher, LiteralMatcher, Matcher, PatternMatcher, ScoreMatcher
from cleaner.matchers.base import compile_regex
from cleaner.rule import Condition, Example, Region, Rule
from cleaner.rule_messages import meant, schema_message, yaml_problem
from cleaner.ruleset import Disable, RuleSet

__all__ = [
    "FIXTURE_SUFFIXES",
    "RULE_FILE_SUFFIXES",
    "default_rules_path",
    "distinct_rule_files",
    "each_once",
    "is_rule_file",
    "load_rules",
    "parse_rule_file",
    "read_rule_yaml",
    "rule_files",
    "rule_paths",
    "rule_schema",
    "schema_errors",
]

RULE_FILE_SUFFIXES = (".yaml", ".yml")
#: whole-document test cases that live beside rule files (see cleaner.authoring.fixtures)
FIXTURE_SUFFIXES = (".cases.yaml", ".cases.yml")


def is_rule_file(path: Path) -> bool:
    """True for a .yaml/.yml file that is not a fixture (``*.cases.yaml``) file."""
    return path.suffix in RULE_FILE_SUFFIXES and not path.name.endswith(FIXTURE_SUFFIXES)


def default_rules_path() -> Path:
    """Folder of the default packs: inside the installed package, or the repo's rules/."""
    packaged = Path(str(resources.files("cleaner"))) / "_packs"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "rules"


@lru_cache(maxsize=1)
def rule_schema() -> dict[str, Any]:
    """The JSON Schema of rule files, shipped in the package."""
    text = resources.files("cleaner").joinpath("schema/rules.schema.json").read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


# --- YAML with line numbers and duplicate-key errors ------------------------------


class _LineDict(dict):  # type: ignore[type-arg]
    """A mapping that remembers the line of itself and of each key."""

    line: int = 0
    key_lines: dict[str, int]


class _LineList(list):  # type: ignore[type-arg]
    """A sequence that remembers the line of each item (``item_lines[i]``), for items
    such as plain strings that cannot carry a line of their own."""

    item_lines: list[int]


# libyaml's parser when PyYAML has it (ten times faster on the packs), same constructors
_SAFE_BASE: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_SAFE_BASE):  # type: ignore[misc, valid-type]
    pass


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> _LineDict:
    out = _LineDict()
    out.line = node.start_mark.line + 1
    out.key_lines = {}
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)  # type: ignore[no-untyped-call]
        if key in out:
            raise RuleSchemaError(
                f"duplicate key {key!r} (first at line {out.key_lines[key]})",
                line=key_node.start_mark.line + 1,
            )
        out[key] = loader.construct_object(value_node, deep=True)  # type: ignore[no-untyped-call]
        out.key_lines[str(key)] = key_node.start_mark.line + 1
    return out


def _construct_sequence(loader: _StrictLoader, node: yaml.SequenceNode, deep: bool = False) -> _LineList:
    out = _LineList(loader.construct_object(child, deep=True) for child in node.value)  # type: ignore[no-untyped-call]
    out.item_lines = [child.start_mark.line + 1 for child in node.value]
    return out


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)  # type: ignore[arg-type]
_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)  # type: ignore[arg-type]


def _decode(data: bytes, path: Path) -> str:
    """A rule file's text: UTF-8 (a byte-order mark allowed). Anything else is an error
    that says where the first byte that is not UTF-8 stands and how to fix it, rather
    than a codec's "position 68"."""
    head = data[:200]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        why = "it starts with a UTF-16 byte-order mark"
    elif len(head) >= 4 and max(head[0::2].count(0), head[1::2].count(0)) * 4 >= len(head):
        why = "every other byte is NUL"  # UTF-16 without a mark: valid UTF-8, NULs and all
    else:
        why = ""
    if why:
        raise RuleFileError(
            f"the file is UTF-16 ({why}); {_kind_of(path)} files are UTF-8: save it as UTF-8", path=str(path)
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise RuleFileError(
            f"not UTF-8: byte 0x{data[exc.start]:02X} at line {line}, column {column} (counted in "
            f"bytes); {_kind_of(path)} files are UTF-8: save it as UTF-8",
            path=str(path),
            line=line,
        ) from None


def _kind_of(path: Path) -> str:
    """What a file read here is called in its messages: "fixture" or "rule"."""
    return "fixture" if path.name.endswith(FIXTURE_SUFFIXES) else "rule"


def _read_yaml(path: Path) -> Any:
    try:
        text = _decode(path.read_bytes(), path)
    except OSError as exc:
        if path.is_symlink() and not path.exists():
            reason = f"a link to {path.readlink()}, which does not exist"
        else:
            reason = (exc.strerror or str(exc)).lower()  # without errno and file name
        raise RuleFileError(f"cannot read {_kind_of(path)} file: {reason}", path=str(path)) from exc
    try:
        return yaml.load(text, Loader=_StrictLoader)
    except RuleSchemaError as exc:
        exc.path = str(path)
        raise RuleSchemaError(exc.message, path=str(path), line=exc.line) from None
    except yaml.YAMLError as exc:
        problem, line = yaml_problem(exc, text)
        if isinstance(exc, yaml.reader.ReaderError):  # a character YAML refuses: no mark, a position
            line = text.count("\n", 0, exc.position) + 1
            char = exc.character
            problem = f"character U+{char if isinstance(char, int) else ord(char):04X} is not allowed in YAML"
        raise RuleFileError(f"invalid YAML: {problem}", path=str(path), line=line) from exc


def read_rule_yaml(path: str | Path) -> Any:
    """Strict YAML as rule files are read: duplicate keys are errors, each mapping
    knows its line (``.line``) and the line of each key (``.key_lines``), and each
    sequence the line of each item (``.item_lines``)."""
    return _read_yaml(Path(path))


# --- validation ---------------------------------------------------------------------


def _line_of(doc: Any, path_in_doc: Iterable[Any]) -> int | None:
    """Best line for a JSON path inside the loaded YAML."""
    node = doc
    line = getattr(doc, "line", None)
    for part in path_in_doc:
        if isinstance(node, _LineDict):
            line = node.key_lines.get(str(part), line)
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        line = getattr(node, "line", line)
    return line


def _rule_id_at(doc: Any, path_in_doc: list[Any]) -> str | None:
    if len(path_in_doc) >= 2 and path_in_doc[0] == "rules" and isinstance(doc, dict):
        try:
            rid = doc["rules"][path_in_doc[1]].get("id")
        except (IndexError, AttributeError, TypeError):
            return None
        return rid if isinstance(rid, str) else None
    return None


def schema_errors(doc: Any, schema: dict[str, Any], path: str | Path) -> list[RuleSchemaError]:
    """Every way ``doc`` (as :func:`read_rule_yaml` gives it) breaks ``schema``, each
    with the line it concerns (an unknown key's own line) and, in a rule, the rule's id."""
    from jsonschema import Draft202012Validator  # imported here: only loading rules needs it

    out = []
    validator = Draft202012Validator(schema)
    found = sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))
    # a key missing because it is misspelt is said once, as the unknown key it was meant as
    misspelt = {
        (tuple(map(str, e.absolute_path)), meant_key)
        for e in found
        if e.validator == "additionalProperties" and isinstance(e.instance, dict)
        for k in e.instance
        if k not in e.schema.get("properties", {})
        and (meant_key := meant(k, e.schema.get("properties", {}))) is not None
    }
    for err in found:
        p = list(err.absolute_path)
        if err.validator == "required" and isinstance(err.instance, dict):
            missing = [k for k in err.validator_value if k not in err.instance]
            if missing and all((tuple(map(str, p)), k) in misspelt for k in missing):
                continue
        line = _unknown_key_line(doc, p, err) or _line_of(doc, p)
        rid = _rule_id_at(doc, p)
        out.append(RuleSchemaError(schema_message(err), path=str(path), line=line, rule_id=rid))
    return out


def _validate(doc: Any, path: Path, errors: list[RuleError]) -> bool:
    found = schema_errors(doc, rule_schema(), path)
    errors.extend(found)
    return not found


def _unknown_key_line(doc: Any, path_in_doc: list[Any], err: Any) -> int | None:
    """For an unknown key, the line of the key itself rather than of its mapping."""
    if err.validator != "additionalProperties":
        return None
    node = doc
    for part in path_in_doc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    if not isinstance(node, _LineDict):
        return None
    extra = [k for k in node if k not in err.schema.get("properties", {})]
    return node.key_lines.get(str(extra[0])) if extra else None


# --- building rules -----------------------------------------------------------------


def _condition(spec: dict[str, Any] | None) -> Condition:
    if not spec:
        return Condition()
    return Condition(
        domains=tuple(d.lower() for d in spec.get("domains", ())),
        sources=tuple(spec.get("sources", ())),
        min_lines=int(spec.get("min_lines", 0)),
    )


def _matcher(spec: dict[str, Any]) -> Matcher:
    ic = bool(spec.get("ignore_case", False))
    if "whole_line" in spec and "literal" not in spec:
        raise ValueError("whole_line applies only to literal")
    if "literal" in spec:
        lits = spec["literal"]
        return LiteralMatcher(
            [lits] if isinstance(lits, str) else list(lits),
            whole_line=bool(spec.get("whole_line", False)),
            ignore_case=ic,
        )
    if "line" in spec:
        return LineMatcher(spec["line"], ignore_case=ic)
    if "pattern" in spec:
        return PatternMatcher(spec["pattern"], ignore_case=ic)
    if "score" in spec:
        sc = spec["score"]
        return ScoreMatcher(
            sc["features"],
            threshold=sc["threshold"],
            bias=sc.get("bias", 0.0),
            unit=sc.get("unit", "line"),
            max_words=sc.get("max_words"),
            ignore_case=ic,
        )
    b = spec["block"]
    return BlockMatcher(
        b["start"], end=b.get("end"), until=b.get("until"), max_lines=b.get("max_lines", 12), ignore_case=ic
    )


def _regex_fields(match: dict[str, Any]) -> Iterator[tuple[str, list[Any], str]]:
    """(name, path under ``match``, source) of every regex a match spec holds."""
    for key in ("line", "pattern"):
        if isinstance(match.get(key), str):
            yield key, [key], match[key]
    block = match.get("block")
    if isinstance(block, dict):
        for key in ("start", "end"):
            if isinstance(block.get(key), str):
                yield f"block {key}", ["block", key], block[key]
    score = match.get("score")
    features = score.get("features") if isinstance(score, dict) else None
    for i, feature in enumerate(features if isinstance(features, list) else ()):
        if isinstance(feature, dict) and isinstance(feature.get("regex"), str):
            name = f"features[{i}] ({feature.get('feature')})"
            yield name, ["score", "features", i, "regex"], feature["regex"]
    for i, source in enumerate(match.get("exclude") or ()):
        if isinstance(source, str):
            yield f"exclude[{i}]", ["exclude", i], source


def _failing_regex(match: dict[str, Any], exc: regex.error) -> tuple[str, list[Any], str]:
    """Which of a rule's regexes does not compile, and why, in the rule file's own terms.

    A line regex is compiled inside a wrapper (blanks at the ends, whole line), so the
    error ``regex`` gives for it counts positions in the wrapper, and an unclosed ``[`` or
    a trailing backslash reads there as a missing ``)``; compiled alone it says what is
    wrong where the author wrote it."""
    for name, at, source in _regex_fields(match):
        try:
            compile_regex(source)
        except regex.error as own:
            return name, at, str(own)
    return "a", [], str(exc)


def _examples(items: list[Any], counter: bool) -> tuple[Example, ...]:
    out = []
    item_lines = getattr(items, "item_lines", None) or [None] * len(items)
    for item, item_line in zip(items, item_lines):
        line = getattr(item, "line", None) or item_line
        if isinstance(item, str):  # a plain counterexample: its line is the list's record of it
            out.append(Example(item, None, None, line))
        elif counter:
            out.append(Example(item["input"], None, item.get("source"), line))
        else:
            out.append(Example(item["input"], item["output"], item.get("source"), line))
    return tuple(out)


#: control characters that a double-quoted YAML string makes of an escape a regex means
#: otherwise (\\b a word boundary, \\a, \\v, \\f, \\e, \\0): a regex holding one never matches
_YAML_ESCAPED = {
    0x00: "NUL",
    0x07: "bell",
    0x08: "backspace",
    0x0B: "vertical tab",
    0x0C: "form feed",
    0x1B: "escape",
}
_CONTROL = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _check_control_chars(spec: dict[str, Any], path: Path) -> None:
    """A regex with a control character in it is a regex written in double quotes, whose
    backslashes YAML read as escapes; it loads and never matches, so it is an error."""
    for name, at, source in _regex_fields(spec["match"]):
        m = _CONTROL.search(source)
        if m is None:
            continue
        code = ord(m.group())
        what = _YAML_ESCAPED.get(code, "a control character")
        raise RulePatternError(
            f"{name} regex holds U+{code:04X} ({what}), which is what a double-quoted YAML string "
            "makes of a backslash escape (\\b, \\a, \\f ...): write the regex in single quotes",
            path=str(path),
            line=_line_of(spec, ["match", *at]) or _line_of(spec, ["match"]),
            rule_id=spec["id"],
        )


def _build_rule(spec: dict[str, Any], file_when: Condition, path: Path) -> Rule:
    rid = spec["id"]
    line = getattr(spec, "line", None)
    match_line = _line_of(spec, ["match"])
    action = spec["action"]
    _check_control_chars(spec, path)
    try:
        matcher = _matcher(spec["match"])
        exclude_src = tuple(spec["match"].get("exclude", ()))
        exclude = tuple(
            compile_regex(p, ignore_case=bool(spec["match"].get("ignore_case"))) for p in exclude_src
        )
    except regex.error as exc:
        field, at, cause = _failing_regex(spec["match"], exc)
        raise RulePatternError(
            f"{field} regex does not compile: {cause}",
            path=str(path),
            line=_line_of(spec, ["match", *at]) or match_line,
            rule_id=rid,
        ) from None
    except ValueError as exc:
        raise RuleSchemaError(str(exc), path=str(path), line=match_line, rule_id=rid) from None
    if action == "replace" and "replacement" not in spec:
        raise RuleSchemaError("action replace needs `replacement`", path=str(path), line=line, rule_id=rid)
    if action != "replace" and "replacement" in spec:
        raise RuleSchemaError(
            "`replacement` is only for action replace", path=str(path), line=line, rule_id=rid
        )
    if action == "replace":
        try:
            matcher.check_replacement(spec["replacement"])
        except ValueError as exc:
            raise RulePatternError(
                str(exc), path=str(path), line=_line_of(spec, ["replacement"]) or line, rule_id=rid
            ) from None
    if (action == "drop-block") != isinstance(matcher, BlockMatcher):
        raise RuleSchemaError(
            "action drop-block goes with a block matcher, and a block matcher with drop-block",
            path=str(path),
            line=line,
            rule_id=rid,
        )
    region = None
    if "region" in spec:
        ((kind, count),) = spec["region"].items()
        region = Region(kind, int(count))
    replaces = spec.get("replaces", ())
    try:
        when = _condition(spec.get("when")).merged(file_when)
    except ValueError as exc:
        raise RuleSchemaError(str(exc), path=str(path), line=_line_of(spec, ["when"]), rule_id=rid) from None
    return Rule(
        id=rid,
        category=spec["category"],
        description=spec["description"].strip(),
        rationale=spec["rationale"].strip(),
        confidence=spec["confidence"],
        matcher=matcher,
        action=action,
        replacement=spec.get("replacement"),
        region=region,
        when=when,
        exclude=exclude,
        exclude_patterns=exclude_src,
        status=spec.get("status", "stable"),
        opt_in=spec.get("opt_in", False),
        provenance=spec.get("provenance"),
        guard=spec.get("guard", "weigh"),
        replaces=(replaces,) if isinstance(replaces, str) else tuple(replaces),
        examples=_examples(spec["examples"], counter=False),
        counterexamples=_examples(spec["counterexamples"], counter=True),
        path=str(path),
        line=line,
    )


def parse_rule_file(path: str | Path, errors: list[RuleError] | None = None) -> RuleSet:
    """Load one rule file. Raises the first error, or collects all into ``errors``."""
    path = Path(path)
    collected: list[RuleError] = []
    rules: list[Rule] = []
    disables: list[Disable] = []
    redirects: dict[str, str] = {}
    if path.name.endswith(FIXTURE_SUFFIXES):  # named on its own: a folder's are left out
        error = RuleFileError(
            "a fixture file (whole-document cases, run by `cleaner rules test`), not a rule file: "
            "name the rule files beside it, or their folder",
            path=str(path),
        )
        if errors is None:
            raise error
        errors.append(error)
        return RuleSet()
    try:
        doc = _read_yaml(path)
        if doc is None:
            raise RuleSchemaError(
                "empty rule file: write `rules:` and a rule under it (`cleaner rules new` writes one), "
                "or delete the file",
                path=str(path),
            )
        if _validate(doc, path, collected):
            if not (doc["rules"] or doc.get("disable") or doc.get("redirects")):
                raise RuleSchemaError(
                    "`rules:` is an empty list and the file disables and redirects nothing, so it "
                    "does nothing: write a rule under `rules:` (`cleaner rules new` writes one), "
                    "or delete the file",
                    path=str(path),
                )
            file_when = _condition(doc.get("when"))
            for spec in doc["rules"]:
                try:
                    rules.append(_build_rule(spec, file_when, path))
                except RuleError as exc:
                    collected.append(exc)
            if doc.get("disable"):
                disables.append(Disable(file_when, tuple(doc["disable"]), str(path)))
            redirects.update(doc.get("redirects", {}))
    except RuleError as exc:
        collected.append(exc)
    if collected and errors is None:
        raise collected[0]
    if errors is not None:
        errors.extend(collected)
    return RuleSet(tuple(rules), tuple(disables), redirects)


def rule_files(path: Path) -> list[Path]:
    """The rule files of ``path``: the file itself, or a folder's, found recursively and
    sorted (fixture files left out)."""
    if path.is_dir():  # a link to a file that is gone is kept, to be reported when read
        return sorted(
            p
            for p in path.rglob("*")
            if is_rule_file(p) and (p.is_file() or (p.is_symlink() and not p.exists()))
        )
    if not path.exists():
        raise RuleFileError("no such rule file or folder", path=str(path))
    return [path]


def distinct_rule_files(paths: Iterable[str | Path], errors: list[RuleError] | None = None) -> list[Path]:
    """The rule files of ``paths`` in order, each once however often it is named. A
    folder with none is a RuleFileError naming it: a mistyped or empty folder gave no
    rules, and text went through "cleaned" by nothing (no rules on purpose: no paths, an
    empty RuleSet, or select only built-in steps)."""
    found: list[Path] = []
    for p in paths:
        try:
            if os.fspath(p) == "":  # Path("") is ".": every YAML file under the working folder
                raise RuleFileError("an empty path names no rule file or folder (the working folder is '.')")
            files = rule_files(Path(p))
            if not files:
                kinds = ", ".join(RULE_FILE_SUFFIXES)
                raise RuleFileError(f"no rule files ({kinds}) in this folder", path=str(p))
        except RuleError as exc:
            if errors is None:
                raise
            errors.append(exc)
            continue
        found.extend(files)
    return each_once(found)


def each_once(files: Iterable[Path]) -> list[Path]:
    """``files`` in order, each file once however it is named (a link, ``a/../a``): the
    rule or fixture files of a folder and of a file in it named beside it."""
    out: list[Path] = []
    seen: set[Path] = set()
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def rule_paths(
    value: object, takes: str = "rules takes rule files or folders (str or Path) or a list of them"
) -> list[str | Path]:
    """``value`` as a list of rule files and folders: one path (str or ``os.PathLike``) is
    one, not a list of letters. A TypeError that starts with ``takes`` for anything else:
    a number was "'int' object is not iterable", and bytes failed on their first byte."""
    if isinstance(value, (str, os.PathLike)):
        value = [value]
    elif isinstance(value, (bytes, bytearray)) or not isinstance(value, Iterable):
        raise TypeError(f"{takes}, not {type(value).__name__}: {reprlib.repr(value)}")
    paths: list[str | Path] = []
    for p in value:
        if not isinstance(p, (str, os.PathLike)):
            raise TypeError(f"{takes}, not {type(p).__name__}: {reprlib.repr(p)}")
        paths.append(p if isinstance(p, str) else Path(p))  # "" stays "", not Path's "."
    return paths


def load_rules(
    paths: str | Path | Iterable[str | Path] | None = None, errors: list[RuleError] | None = None
) -> RuleSet:
    """Load rule files and folders (recursively) into one RuleSet.

    With no paths, the default packs shipped with cleaner. A file named twice (a folder
    and a file in it, say) is read once. Duplicate ids across files are an error. With
    ``errors`` given, every error is collected there instead of raising the first.
    """
    if paths is None:
        paths = [default_rules_path()]
    sets: list[RuleSet] = []
    for f in distinct_rule_files(rule_paths(paths), errors):
        sets.append(parse_rule_file(f, errors))
    return RuleSet.merge(sets, errors)
