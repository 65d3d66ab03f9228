# The public API of cleaner, and nothing else: re-exports from the modules that own it.
# Anything not in __all__ is internal and may change.
"""cleaner: turn scraped web text into clean text, and log exactly what was taken out."""

from cleaner.errors import (
    CleanerError,
    ConfigError,
    InputError,
    RestoreError,
    RuleError,
    RuleFileError,
    RulePatternError,
    RuleSchemaError,
    RuleSelectionError,
)
from cleaner.loader import load_rules
from cleaner.pipeline import Cleaner, CleanResult, clean
from cleaner.removals import Removal, restore
from cleaner.ruleset import RuleSet
from cleaner.warnings import CleanWarning

__version__ = "0.1.0"

__all__ = [
    "CleanResult",
    "CleanWarning",
    "Cleaner",
    "CleanerError",
    "ConfigError",
    "InputError",
    "Removal",
    "RestoreError",
    "RuleError",
    "RuleFileError",
    "RulePatternError",
    "RuleSchemaError",
    "RuleSelectionError",
    "RuleSet",
    "clean",
    "load_rules",
    "restore",
]
