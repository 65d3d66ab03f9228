# Defaults from configuration files: [tool.cleaner] in pyproject.toml or a cleaner.toml,
# found from the working folder upwards or named with --config; wrong keys name the file.
"""Configuration of the command line: rules, select, ignore and cleaning settings."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from cleaner.encoding import EncodingOptions
from cleaner.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = [
    "CONFIG_NAMES",
    "CleanerSettings",
    "Config",
    "cleaner_arguments",
    "find_config",
    "load_config",
    "parse_size",
]

#: file names searched in each folder, in order of preference
CONFIG_NAMES = ("cleaner.toml", "pyproject.toml")

_LISTS = ("rules", "select", "ignore", "enable")


#: the most seconds ``rule_timeout`` may be, in a config file or as --rule-timeout: an
#: hour per rule and document is no limit in practice, and a typo of more is no setting
MAX_RULE_TIMEOUT = 3600.0

#: the units a size (max_html_size, max_text_size, --max-html-size) may be written in: decimal, as ls -h --si
_SIZE_UNITS = {"": 1, "b": 1, "kb": 10**3, "k": 10**3, "mb": 10**6, "m": 10**6, "gb": 10**9, "g": 10**9}


def parse_size(value: str | int) -> int:
    """A size in bytes from ``20000000``, ``"20MB"``, ``"500 KB"`` or ``"1.5GB"`` (decimal
    units); ValueError for anything else, or for a size below one byte."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValueError(f"a size must be a number of bytes or a string such as '20MB', not {value!r}")
    text = str(value).strip().lower()
    number = text.rstrip("kmgb ")
    unit = text[len(number) :].strip()
    try:
        size = float(number) * _SIZE_UNITS[unit]
    except (ValueError, KeyError):
        raise ValueError(f"not a size: {value!r} (write bytes, or a number with KB, MB or GB)") from None
    if not 1 <= size < float("inf"):
        raise ValueError(f"a size must be at least 1 byte, not {value!r}")
    return int(size)


@dataclass(frozen=True, slots=True)
class Config:
    """Settings from a config file; ``None`` means "not set there"."""

    path: Path | None = None
    rules: tuple[str, ...] | None = None  # paths, made relative to the config's folder
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    enable: tuple[str, ...] = ()
    preview: bool = False
    max_removal: float | None = None
    rule_timeout: float | None = None
    max_html_size: int | None = None
    max_text_size: int | None = None
    text_field: str | None = None
    url_field: str | None = None
    html_field: str | None = None
    encoding: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    def cleaner_arguments(self) -> dict[str, Any]:
        """The keyword arguments of ``Cleaner`` this file sets, as ``cleaner clean
        --config FILE`` passes them (``Cleaner.from_config`` builds that Cleaner)."""
        return cleaner_arguments(self)


class CleanerSettings(Protocol):
    """What :func:`cleaner_arguments` reads: a :class:`Config`, or the command line's
    settings (the config's values with the options over them)."""

    @property
    def rules(self) -> Sequence[str] | None: ...
    @property
    def select(self) -> Sequence[str] | None: ...
    @property
    def ignore(self) -> Sequence[str]: ...
    @property
    def enable(self) -> Sequence[str]: ...
    @property
    def preview(self) -> bool: ...
    @property
    def max_removal(self) -> float | None: ...
    @property
    def rule_timeout(self) -> float | None: ...
    @property
    def max_html_size(self) -> int | None: ...
    @property
    def encoding(self) -> Mapping[str, Any]: ...


def cleaner_arguments(settings: CleanerSettings) -> dict[str, Any]:
    """Settings of a config file (and of options over it) as keyword arguments of
    ``Cleaner``: one place for the command line and ``Cleaner.from_config``, so both
    build the same Cleaner. No rules (None, or an empty list) are the shipped packs; a
    setting that is None is left to the Cleaner's default."""
    kw: dict[str, Any] = {
        "rules": list(settings.rules) if settings.rules else None,
        "select": list(settings.select) if settings.select is not None else None,
        "ignore": list(settings.ignore),
        "enable": list(settings.enable),
        "preview": settings.preview,
        "encoding": EncodingOptions(**settings.encoding),
    }
    for name in ("max_removal", "rule_timeout", "max_html_size"):
        value = getattr(settings, name)
        if value is not None:
            kw[name] = value
    return kw


def _table(path: Path) -> dict[str, Any] | None:
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        tool = data.get("tool")
        table = tool.get("cleaner") if isinstance(tool, dict) else None  # `tool = 1` is not ours
        if table is not None and not isinstance(table, dict):
            raise ConfigError(f"{path}: tool.cleaner must be a table ([tool.cleaner]), not {table!r}")
        return table
    return data


def find_config(start: Path) -> Path | None:
    """The nearest cleaner.toml, or pyproject.toml with [tool.cleaner], from ``start`` up."""
    for folder in [start, *start.parents]:
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _table(candidate) is not None):
                return candidate
    return None


def config_name(path: Path) -> str:
    """How a config file is named in messages: ``pyproject.toml [tool.cleaner]``."""
    return f"{path} [tool.cleaner]" if path.name == "pyproject.toml" else str(path)


def _str_list(path: Path, key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{config_name(path)}: {key!r} must be a string or a list of strings")
    return tuple(value)


def _number(path: Path, key: str, value: Any, lo: float, hi: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not lo < value <= hi:
        raise ConfigError(f"{config_name(path)}: {key!r} must be a number in ({lo:g}, {hi:g}], not {value!r}")
    return float(value)


def _names(path: Path, table: dict[str, Any], where: str = "") -> Iterator[tuple[str, str, Any]]:
    """The keys of ``table`` with the name each stands for (``-`` read as ``_``), and
    their values; a ConfigError for a key written twice, once with each."""
    spelt: dict[str, str] = {}
    for key, value in table.items():
        name = key.replace("-", "_")
        if name in spelt:
            raise ConfigError(
                f"{config_name(path)}: {spelt[name]!r} and {key!r} are one key{where} (written with - or _): "
                "keep one"
            )
        spelt[name] = key
        yield key, name, value


def _encoding(path: Path, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{config_name(path)}: 'encoding' must be a table")
    known = {f.name: f for f in dataclasses.fields(EncodingOptions)}
    out: dict[str, Any] = {}
    for key, name, v in _names(path, value, " in 'encoding'"):
        if name not in known:
            names = ", ".join(sorted(known)) or "none"
            raise ConfigError(f"{config_name(path)}: unknown key {key!r} in 'encoding'; known: {names}")
        out[name] = v
    try:
        EncodingOptions(**out)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{config_name(path)}: 'encoding': {exc}") from None
    return out


def load_config(path: Path | None = None, start: Path | None = None) -> Config:
    """The Config in ``path``, or in the nearest config file from ``start`` (default:
    the working folder) upwards; an empty Config when there is none.

    Keys may be written with ``-`` or ``_``. An unknown key or a wrong value raises
    ConfigError naming the file.
    """
    if path is None:
        path = find_config(start or Path.cwd())
        if path is None:
            return Config()
    table = _table(path)
    if table is None:
        raise ConfigError(f"{path}: no [tool.cleaner] table")
    kw: dict[str, Any] = {"path": path}
    for key, name, value in _names(path, table):
        if name in _LISTS:
            items = _str_list(path, key, value)
            if name == "rules":
                items = tuple(str(path.parent / p) for p in items)
            kw[name] = items
        elif name == "preview":
            if not isinstance(value, bool):
                raise ConfigError(f"{config_name(path)}: 'preview' must be true or false")
            kw[name] = value
        elif name == "max_removal":
            kw[name] = _number(path, key, value, 0.0, 1.0)
        elif name == "rule_timeout":
            kw[name] = _number(path, key, value, 0.0, MAX_RULE_TIMEOUT)
        elif name in ("max_html_size", "max_text_size"):
            try:
                kw[name] = parse_size(value)
            except ValueError as exc:
                raise ConfigError(f"{config_name(path)}: {name!r}: {exc}") from None
        elif name in ("text_field", "url_field", "html_field"):
            if not isinstance(value, str) or not value.strip():
                raise ConfigError(f"{config_name(path)}: {name!r} must be a non-empty string")
            kw[name] = value
        elif name == "encoding":
            kw[name] = _encoding(path, value)
        elif name == "tool" and isinstance(value, dict) and "cleaner" in value:
            raise ConfigError(
                f"{path}: [tool.cleaner] is read from a file named pyproject.toml; in any other "
                "config file, as in cleaner.toml, write its keys at the top level"
            )
        else:
            raise ConfigError(
                f"{config_name(path)}: unknown key {key!r}; known keys: enable, encoding, html_field, "
                f"ignore, max_html_size, max_removal, max_text_size, preview, rule_timeout, rules, select, "
                "text_field, url_field"
            )
    return Config(**kw)
