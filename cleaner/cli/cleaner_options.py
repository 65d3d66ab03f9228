# The options every cleaning command shares (--rules, --select, --ignore, --preview,
# --config ...) and how they combine with the config file into one Cleaner.
"""Shared cleaning options of the command line."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from cleaner.errors import ConfigError, RuleError, RuleSelectionError

if TYPE_CHECKING:
    from cleaner.io.limits import ReadLimits
    from cleaner.pipeline import Cleaner
    from cleaner.ruleset import RuleSet

__all__ = [
    "Settings",
    "add_cleaner_options",
    "build_cleaner",
    "load_rules_or_report",
    "resolve_settings",
    "resolve_text_field",
]

DEFAULT_TEXT_FIELD = "text"
DEFAULT_URL_FIELD = "url"


def _names(values: list[str] | None) -> tuple[str, ...] | None:
    """Repeated and comma-separated values, flattened."""
    if values is None:
        return None
    return tuple(n.strip() for v in values for n in v.split(",") if n.strip())


def add_cleaner_options(p: argparse.ArgumentParser, *, run: bool = True) -> None:
    """The shared options; ``run`` False (explain) leaves out of their help what only a
    run writing outputs does (a failed page lets the run go on, dedup, the added field)."""
    g = p.add_argument_group("rules and settings (defaults from [tool.cleaner] or cleaner.toml)")
    g.add_argument(
        "--rules",
        action="append",
        metavar="PATH",
        help="rule file or folder (repeatable; "
        "replaces the configured rules; default: the packs shipped with cleaner)",
    )
    g.add_argument(
        "--select",
        action="append",
        metavar="ID",
        help="run only these rule ids, packs, categories or built-in steps (a stage none of whose steps "
        "is named runs whole; repeatable or comma-separated; replaces the configured select)",
    )
    g.add_argument(
        "--ignore",
        action="append",
        metavar="ID",
        help="do not run these (repeatable or comma-separated; added to the configured ignore)",
    )
    g.add_argument(
        "--enable",
        action="append",
        metavar="ID",
        help="also run these opt-in rules, packs or categories, such as whole-page, if --select "
        "takes them in (repeatable or comma-separated; added to the configured enable)",
    )
    g.add_argument("--preview", action="store_true", default=None, help="also run rules in preview")
    g.add_argument(
        "--max-removal",
        type=float,
        metavar="SHARE",
        help="guard: the largest share of a "
        "document rules may remove before it is left unchanged (default 0.5)",
    )
    g.add_argument(
        "--rule-timeout",
        type=float,
        metavar="SECONDS",
        help="CPU time one rule may spend on one document, all its regex calls together (default 1)",
    )
    g.add_argument(
        "--max-html-size",
        metavar="SIZE",
        help="largest HTML page to extract, in bytes or with KB, MB or GB (default 20MB); "
        "a bigger page fails with its size" + (" and the run goes on" if run else ""),
    )
    g.add_argument(
        "--max-text-size",
        metavar="SIZE",
        help="largest text file, or JSONL line, to clean, in bytes (once decompressed) or with KB, "
        "MB or GB (default 10MB); a bigger file fails, "
        + (
            "a longer line is copied unchanged as that record's error, and the run goes on"
            if run
            else "a longer line is not shown"
        ),
    )
    g.add_argument("--text-field", metavar="NAME", help="field of JSONL records to clean (default: text)")
    g.add_argument(
        "--url-field",
        metavar="NAME",
        help="field of JSONL records that holds the page's URL, for site packs"
        + (" and --dedup-by domain" if run else "") + " (default: url)",
    )
    g.add_argument(
        "--html-field",
        metavar="NAME",
        help="field of JSONL records that holds a page's HTML: its main text is extracted as for "
        + ("an .html page, cleaned, and added to the record as --text-field" if run else "an .html page")
        + " (default: none, --text-field holds text)",
    )
    g.add_argument(
        "--config",
        metavar="FILE",
        help="config file (default: the nearest cleaner.toml, "
        "or pyproject.toml with [tool.cleaner], from the working folder up)",
    )


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything that decides how documents are cleaned (and so their output)."""

    rules: tuple[str, ...] | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    enable: tuple[str, ...] = ()
    preview: bool = False
    max_removal: float | None = None
    rule_timeout: float | None = None
    max_html_size: int | None = None
    max_text_size: int | None = None  # None: the default (not a setting of the Cleaner: of reading)
    text_field: str = DEFAULT_TEXT_FIELD
    url_field: str = DEFAULT_URL_FIELD
    encoding: dict[str, Any] = field(default_factory=dict)
    config: str | None = None  # the config file read, to name in errors (not a setting)
    html_field: str | None = None  # the JSONL field with a page's HTML (None: text_field is text)

    def as_options(self) -> dict[str, Any]:
        """The settings as plain data, for the resume fingerprint (``html_field`` and
        ``max_text_size`` only when set, so a run from before the option is still resumed)."""
        out = asdict(self)
        del out["config"]
        for name in ("html_field", "max_text_size"):
            if out[name] is None:
                del out[name]
        return out

    def read_limits(self) -> ReadLimits:
        """The most bytes of a text file (or JSONL line) and of an HTML page a run reads."""
        from cleaner.io.limits import ReadLimits

        return ReadLimits.of(self.max_text_size, self.max_html_size)


def resolve_text_field(option: str | None, configured: str | None) -> str:
    """The JSONL text field: --text-field, else the config's, else ``text``."""
    return _field("--text-field", option, configured, DEFAULT_TEXT_FIELD)


def _field(flag: str, option: str | None, configured: str | None, default: str) -> str:
    """A JSONL field name: the option, else the config's, else ``default``."""
    if option is not None and not option.strip():
        raise ConfigError(f"{flag} must name a field (it is empty)")
    return option or configured or default


def _size(flag: str, option: str | None, configured: int | None) -> int | None:
    """The bytes of a size option (--max-html-size, --max-text-size), else the config's."""
    from cleaner.config import parse_size

    if option is None:
        return configured
    try:
        return parse_size(option)
    except ValueError as exc:
        raise ConfigError(f"{flag}: {exc}") from None


def add_corpus_limit(p: argparse.ArgumentParser, longer: str) -> None:
    """--max-text-size of a command that reads a corpus (``mine``, ``rules try``), and
    --config, the file it takes max_text_size (and text_field) from when not given, as
    ``clean`` does;
    ``longer``: what it does with a JSONL line over the limit."""
    p.add_argument(
        "--max-text-size",
        metavar="SIZE",
        help="largest .txt file, or JSONL line, read, in bytes (once decompressed) or with KB, MB or GB "
        "(default: max_text_size of the config file, else 10MB; a document is held whole, with copies); "
        f"a bigger file is an error, {longer}",
    )
    p.add_argument(
        "--config",
        metavar="FILE",
        help="config file to take max_text_size and text_field from (default: the nearest cleaner.toml, "
        "or pyproject.toml with [tool.cleaner], from the working folder up, as for clean)",
    )


class CorpusReading(NamedTuple):
    """How a command that reads a corpus (``mine``, ``rules try``) reads it."""

    max_text_size: int | None  # None: the default
    text_field: str | None  # None: the command's own default


def corpus_reading(args: argparse.Namespace) -> CorpusReading:
    """:func:`add_corpus_limit`'s --max-text-size and the command's --text-field, else
    the max_text_size and text_field of the config file ``clean`` reads (or of --config),
    as ``clean`` takes them. The config file is read once, and a wrong one is a
    ConfigError, whether the options are given or not, as for ``clean``."""
    from cleaner.config import load_config

    cfg = load_config(Path(args.config) if args.config else None)
    size = _size("--max-text-size", args.max_text_size, cfg.max_text_size)
    if args.text_field is None and cfg.text_field is None:
        return CorpusReading(size, None)
    return CorpusReading(size, resolve_text_field(args.text_field, cfg.text_field))


def resolve_settings(args: argparse.Namespace) -> Settings:
    """The config file's values, overridden (rules, select) or extended (ignore, enable) by
    options."""
    from cleaner.config import config_name, load_config

    cfg = load_config(Path(args.config) if args.config else None)
    rules = tuple(args.rules) if args.rules else cfg.rules
    select = _names(args.select) if args.select else cfg.select
    ignore = cfg.ignore + (_names(args.ignore) or ())
    enable = cfg.enable + (_names(args.enable) or ())
    text_field = resolve_text_field(args.text_field, cfg.text_field)
    html_field = getattr(args, "html_field", None)
    if html_field is not None and not html_field.strip():
        raise ConfigError("--html-field must name a field (it is empty)")
    html_field = html_field or cfg.html_field
    if html_field is not None and html_field == text_field:
        raise ConfigError(
            f"--html-field and --text-field both name {html_field!r}: the text extracted from the HTML "
            "is added to the record beside it, so restore can give the record back (the default "
            "--text-field is 'text')"
        )
    return Settings(
        rules=rules,
        select=select,
        ignore=ignore,
        enable=enable,
        preview=bool(args.preview if args.preview is not None else cfg.preview),
        max_removal=args.max_removal if args.max_removal is not None else cfg.max_removal,
        rule_timeout=args.rule_timeout if args.rule_timeout is not None else cfg.rule_timeout,
        max_html_size=_size("--max-html-size", args.max_html_size, cfg.max_html_size),
        max_text_size=_size("--max-text-size", args.max_text_size, cfg.max_text_size),
        text_field=text_field,
        url_field=_field("--url-field", args.url_field, cfg.url_field, DEFAULT_URL_FIELD),
        encoding=dict(cfg.encoding),
        config=config_name(cfg.path) if cfg.path else None,
        html_field=html_field,
    )


def build_cleaner(settings: Settings) -> Cleaner:
    """The Cleaner the settings describe; rule and setting errors raise CleanerError.
    The arguments come from :func:`cleaner.config.cleaner_arguments`, as those of
    ``Cleaner.from_config``, so a config file gives the same Cleaner in both."""
    from cleaner.config import MAX_RULE_TIMEOUT, cleaner_arguments
    from cleaner.pipeline import Cleaner

    if settings.max_removal is not None and not 0 < settings.max_removal <= 1:
        # the config's value is checked as it is read
        raise ConfigError(f"--max-removal must be a share in (0, 1], not {settings.max_removal:g}")
    if settings.rule_timeout is not None and not 0 < settings.rule_timeout <= MAX_RULE_TIMEOUT:
        raise ConfigError(f"--rule-timeout must be a number in (0, {MAX_RULE_TIMEOUT:g}] seconds")
    try:
        return Cleaner(**cleaner_arguments(settings))
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    except RuleSelectionError as exc:
        if settings.config is None:
            raise
        raise RuleSelectionError(
            f"{exc.message} (select, ignore and enable come from the options and from {settings.config})"
        ) from None
    except RuleError as exc:
        raise _every_rule_error(settings, exc) from None


def _every_rule_error(settings: Settings, first: RuleError) -> RuleError:
    """When the rule files do not load: every problem in them, not one per attempt (see
    :func:`load_rules_or_report`). A lone problem is ``first`` as the Cleaner raised it
    (with its hint for a pack named as a path)."""
    from cleaner.loader import load_rules

    errors: list[RuleError] = []
    load_rules(list(settings.rules) if settings.rules else None, errors)
    if len(errors) < 2 or str(first) != str(errors[0]):
        return first
    return _all_but_last_printed(errors)


def load_rules_or_report(paths: Sequence[str | Path] | None) -> RuleSet:
    """The rules of ``paths`` (default: the shipped packs), or, when they do not load,
    every problem: all but the last printed here, the last raised for main to print
    (exit 2), so a folder with three broken files is fixed in one round, not three."""
    from cleaner.loader import load_rules

    errors: list[RuleError] = []
    rs = load_rules(paths, errors)
    if errors:
        raise _all_but_last_printed(errors)
    return rs


def _all_but_last_printed(errors: list[RuleError]) -> RuleError:
    import sys

    from cleaner.cli.style import one_line

    for err in errors[:-1]:
        print(f"cleaner: error: {one_line(str(err))}", file=sys.stderr)
    return errors[-1]
