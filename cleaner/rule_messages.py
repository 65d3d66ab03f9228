# What a rule maintainer reads when a rule file is wrong: YAML syntax errors with how to
# quote a regex, schema errors said in words, and the name a misspelling most likely meant.
"""Messages for mistakes in rule files, and the "did you mean" hint of misspelt names."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

import regex
import yaml

__all__ = ["DOMAIN", "did_you_mean", "domain_message", "meant", "schema_message", "yaml_problem"]

#: a domain as `when.domains` takes it (the schema's pattern): a lower-case host name with a dot
DOMAIN = r"[a-z0-9-]+(?:\.[a-z0-9-]+)+"


def yaml_problem(exc: yaml.YAMLError, text: str) -> tuple[str, int | None]:
    """The message and line of a YAML syntax error. The parser says where it was
    (``context``, e.g. "while scanning a quoted scalar") apart from where it gave up; the
    message names both. The line is where it gave up, unless that is the end of the file
    (an unclosed quote): then the mistake is where the context opened. The mistakes of
    writing a regex in YAML get a hint of how to quote it."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context, at = getattr(exc, "context", None) or "", getattr(exc, "context_mark", None)
    hint = _quoting_hint(problem, context, at, mark, text)
    if context and at is not None and (mark is None or at.line != mark.line):
        gave_up = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
        line = at.line + 1 if "end of stream" in problem or mark is None else mark.line + 1
        return f"{context} (line {at.line + 1}, column {at.column + 1}): {problem}{gave_up}{hint}", line
    return problem + hint, mark.line + 1 if mark is not None else None


def _quoting_hint(problem: str, context: str, at: Any, mark: Any, text: str) -> str:
    """How to write what the YAML error ``problem`` is about: a regex in double quotes
    (YAML reads its backslashes), a value with ': ' left unquoted, a quote never closed, a
    tab or a line out of step in the indentation."""
    if "quoted scalar" in context and "end of stream" in problem:
        return "; is a closing quote missing?"
    flow = {"flow mapping": ("{", "}"), "flow sequence": ("[", "]")}
    for kind, (opening, closing) in flow.items():
        if kind in context and at is not None and (mark is None or mark.line != at.line):
            return f"; is the `{closing}` that closes the `{opening}` of line {at.line + 1} missing?"
    if "cannot start any token" in problem and mark is not None:
        lines = text.splitlines()
        if mark.line < len(lines) and lines[mark.line][mark.column : mark.column + 1] == "\t":
            return "; a tab: YAML indents with spaces only"
    out_of_step = ("expected '-' indicator", "expected <block end>", "did not find expected key")
    if any(x in problem for x in out_of_step):
        return "; check this line's indentation against the lines above it"
    if "mapping values are not allowed" in problem:
        lines = text.splitlines()
        before = lines[mark.line][: mark.column] if mark is not None and mark.line < len(lines) else ""
        if regex.fullmatch(r"[ ]*(?:-[ ]+)?[A-Za-z_][\w-]*", before):
            # the colon is a key's: indented deeper than its neighbours, the key reads
            # as more words of the value on the line above
            return (
                "; this line is indented deeper than the key above it, so YAML reads it as more "
                "of that key's value: check its indentation against the lines above it"
            )
        return "; a value that holds ': ' must be quoted: write it in single quotes"
    if "unknown escape character" in problem and "quoted scalar" in context:  # only "…" has escapes
        quoted = ""
        if at is not None:
            rest = text.splitlines()[at.line][at.column :] if at.line < len(text.splitlines()) else ""
            m = regex.match(r'"((?:[^"\\]|\\.)*)"', rest)
            if m and "'" not in m.group(1) and '\\"' not in m.group(1):
                quoted = f" ('{m.group(1)}')"
        return (
            "; YAML reads the backslashes of a double-quoted string as escapes: write a regex in "
            f"single quotes{quoted}"
        )
    return ""


def meant(word: object, choices: Iterable[str]) -> str | None:
    """The one of ``choices`` that ``word`` is most likely a misspelling of, if any."""
    if not isinstance(word, str):
        return None
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.75)
    return close[0] if close else None


def did_you_mean(word: object, choices: Iterable[str]) -> str:
    """The hint `` (did you mean 'social'?)`` for a misspelling of one of ``choices``, else
    an empty string."""
    name = meant(word, choices)
    return f" (did you mean {name!r}?)" if name else ""


def domain_message(where: str, value: object) -> str:
    """Why a ``when.domains`` entry is not a domain, and what to write instead: an
    address pasted whole, a name in capitals, a port, a name with no dot."""
    text = str(value).strip()
    host = (urlsplit(text if "//" in text else "//" + text).hostname or "").removeprefix("www.")
    if "." not in host:
        why = "it has no dot" if host and host == text else "it is not one"
        hint = f" ({why}: a site's name ends in .com, .org, .de, ...)"
    elif regex.fullmatch(DOMAIN, host):
        hint = f": write {host!r}"
    else:
        hint = ""
    return (
        f"{where}: {value!r} is not a domain: a domain is a host name in lower case, such as "
        f"example.com, without scheme, path or port{hint}"
    )


def _unquoted(value: object, kind: str) -> str | None:
    """How to write text that a key wants as a number or a boolean ('5' -> 5 without quotes,
    'yes' -> true or false, '1,5' -> 1.5), or None when it is no such value."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if kind == "boolean":
        return (
            "true or false without quotes"
            if text.lower() in ("true", "false", "yes", "no", "on", "off")
            else None
        )
    if regex.fullmatch(r"-?\d+" if kind == "integer" else r"-?\d+(?:\.\d+)?", text):
        return f"{text} without quotes"
    if kind == "number" and regex.fullmatch(r"-?\d+,\d+", text):
        return f"{text.replace(',', '.')} (a point, not a comma)"
    return None


def _id_message(where: str, value: object, pattern: str) -> str:
    """Why a rule id is not one, and the id it was likely meant to be."""
    text = str(value)
    fixed = regex.sub(r"[\s_]+", "-", text.strip().lower())
    if regex.fullmatch(pattern, fixed):
        hint = f": write {fixed!r}"
    elif "." not in text and regex.fullmatch(r"[a-z0-9][a-z0-9-]*", fixed):
        hint = f"; it needs its pack before a dot (PACK.{fixed})"
    else:
        hint = ""
    return (
        f"{where}: {value!r} is not an id: an id is the pack, a dot and a name, in lower-case "
        f"kebab-case, such as cta.follow-mastodon{hint}"
    )


def _flow_item(value: str) -> str:
    """``value`` as an item of a YAML ``[...]`` list reads it back: bare when nothing in it
    means something there, else in single quotes (a comma would end the item, ': ' make it a
    mapping, and bare ``no``, ``2024`` or ``null`` read as a bool, a number or nothing), or
    in double quotes, with escapes, when it holds a line break."""
    if "\n" in value:
        return json.dumps(value, ensure_ascii=False)
    if value and not regex.search(r"[,\[\]{}#&*!|>'\"%@`]|: |:$|^[-?:\s]|\s$", value):
        try:
            if yaml.safe_load(f"[{value}]") == [value]:
                return value
        except yaml.YAMLError:
            pass  # bare, it is no YAML at all: quoted, it is the text
    return "'" + value.replace("'", "''") + "'"


def schema_message(err: Any) -> str:
    where = ".".join(str(p) for p in err.absolute_path) or "file"
    path = list(err.absolute_path)
    if err.validator == "pattern" and path[-2:-1] == ["domains"]:
        return domain_message(where, err.instance)
    if err.validator == "pattern" and path[-1:] == ["id"]:
        return _id_message(where, err.instance, err.validator_value)
    if path[-2:-1] == ["examples"] and err.validator == "type":
        return (
            f"{where}: an example is a mapping of `input:` (the debris in its text) and `output:` "
            "(the text once the rule has run); a text that must come out unchanged is a counterexample"
        )
    if path[-2:-1] == ["counterexamples"] and err.validator == "oneOf" and isinstance(err.instance, dict):
        extra = sorted(set(err.instance) - {"input", "source"})
        why = (
            f"it has no {', '.join(map(repr, extra))} (it must come out unchanged)"
            if extra
            else "it needs `input:`"
        )
        return f"{where}: a counterexample is a text, or a mapping of `input:` and `source:`; {why}"
    if err.validator == "type" and not path and isinstance(err.instance, list):
        return (
            f"{where}: a rule file is a mapping whose `rules:` holds the list of rules; this file is "
            "a list: write `rules:` on the first line and indent the list under it"
        )
    if err.validator == "maxProperties" and path[-1:] == ["region"]:
        return (
            f"{where}: a region is exactly one of {', '.join(err.schema.get('properties', {}))}; "
            f"this one has {len(err.instance)}"
        )
    if err.validator == "type" and err.validator_value in ("integer", "number", "boolean"):
        quoted = _unquoted(err.instance, err.validator_value)
        if quoted is not None:
            kind = "true or false" if err.validator_value == "boolean" else f"an {err.validator_value}"
            kind = "a number" if err.validator_value == "number" else kind
            return f"{where}: {err.instance!r} is text, and this key takes {kind}: write {quoted}"
    if err.validator == "type" and err.validator_value == "array" and path[-1:] == ["examples"]:
        return (
            f"{where}: examples is a list of mappings, each of `input:` (the debris in its text) "
            "and `output:` (the text once the rule has run): write `- input: ...` and, under it, "
            "`output: ...` on lines of their own"
        )
    if err.validator == "type" and err.validator_value == "array" and isinstance(err.instance, str):
        listed = _flow_item(err.instance)
        return f"{where}: {err.instance!r} is one value, and this key takes a list: write [{listed}]"
    if err.validator == "enum":
        choices = [str(c) for c in err.validator_value]
        return (
            f"{where}: {err.instance!r} is not one of {', '.join(choices)}"
            f"{did_you_mean(err.instance, choices)}"
        )
    if {"then", "dependentSchemas"} & set(err.schema_path) and err.schema.get("description"):
        return f"{where}: {err.schema['description']}"  # a rule between fields, said in its own words
    if err.validator == "dependentRequired":
        key, needs = next((k, v) for k, v in err.validator_value.items() if k in err.instance)
        return f"{where}: {key} goes only with {', '.join(needs)}"
    if err.validator == "additionalProperties":
        known = list(err.schema.get("properties", {}))
        extra = sorted(set(err.instance) - set(known), key=str)
        said = f"{where}: unknown key(s) {', '.join(repr(k) + did_you_mean(k, known) for k in extra)}"
        if any(isinstance(k, (int, float)) and not isinstance(k, bool) for k in extra):
            said += (
                " (in a {…} mapping a comma starts a new entry, so a decimal comma such as 1,5 reads "
                "as 1 and a key 5: write a point, 1.5)"
            )
        return said
    if err.validator == "required":
        return f"{where}: {err.message.replace(' is a required property', '')} is required"
    if err.validator == "oneOf" and list(err.absolute_path)[-1:] == ["match"]:
        return f"{where}: needs exactly one of literal, line, pattern, block, score"
    if err.validator == "minItems" and list(err.absolute_path)[-1:] in (["examples"], ["counterexamples"]):
        return f"{where}: at least one is required"
    return f"{where}: {err.message}"
