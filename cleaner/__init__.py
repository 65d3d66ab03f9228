# The public API of cleaner, and nothing else: re-exports from the modules that own it.
# Anything not in __all__ is internal and may change.
"""cleaner: turn scraped web text into clean text, and log exactly what was taken out."""

from cleaner.errors import (
    CleanerError,
    ConfigError,
    ExtractionError,
    InputError,
    RestoreError,
    RuleError,
    RuleFileError,
    RulePatternError,
    RuleSchemaError,
    RuleSelectionError,
)
from cleaner.removals import Removal, Undecoded, restore, restore_bytes
from cleaner.warnings import CleanWarning

__version__ = "0.1.0"

# The cleaning machinery (rule loading, ftfy, the regex engine) loads on first use, so
# `import cleaner` and `cleaner --help` stay fast (PEP 562).
_LAZY = {
    "Cleaner": "cleaner.pipeline",
    "CleanResult": "cleaner.pipeline",
    "clean": "cleaner.pipeline",
    "clean_bytes": "cleaner.pipeline",
    "load_rules": "cleaner.loader",
    "RuleSet": "cleaner.ruleset",
}

if __import__("typing").TYPE_CHECKING:
    from cleaner.loader import load_rules
    from cleaner.pipeline import Cleaner, CleanResult, clean, clean_bytes
    from cleaner.ruleset import RuleSet


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'cleaner' has no attribute {name!r}")
    value = getattr(__import__("importlib").import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))

__all__ = [
    "CleanResult",
    "CleanWarning",
    "Cleaner",
    "CleanerError",
    "ConfigError",
    "ExtractionError",
    "InputError",
    "Removal",
    "RestoreError",
    "RuleError",
    "RuleFileError",
    "RulePatternError",
    "RuleSchemaError",
    "RuleSelectionError",
    "RuleSet",
    "Undecoded",
    "clean",
    "clean_bytes",
    "load_rules",
    "restore",
    "restore_bytes",
]
