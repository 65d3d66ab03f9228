# The exception tree of cleaner: one root, CleanerError, and a subclass per failure.
# Each error carries the file, line and rule id it concerns, so messages name the culprit.
"""Exceptions raised by cleaner.

CleanerError
 +-- RuleError              a rule file or a rule in it is wrong
 |    +-- RuleFileError     the file cannot be read or parsed
 |    +-- RuleSchemaError   a key is unknown, missing, duplicated or of the wrong type
 |    +-- RulePatternError  a regular expression does not compile
 |    +-- RuleSelectionError a select, ignore or enable entry names no rule
 +-- RestoreError           a removal log does not fit the text it is applied to, or a
 |                          record in it is corrupt (Removal, Undecoded, CleanWarning.from_dict)
 +-- InputError             an input cannot be read or decoded
 |    +-- ExtractionError   an HTML page is not HTML, too big, or yields no main text
 |    +-- OutputError       an input's output cannot be written (a full disk, a read-only folder)
 +-- ConfigError            a configuration file is wrong
 +-- MineError              mining cannot go on (its own drafts fail to load, no documents)
 +-- UsageError             a command line asks for something impossible (a missing input,
                            inputs and outputs that overlap, a bad option value)
"""

from __future__ import annotations

__all__ = [
    "CleanerError",
    "ConfigError",
    "ExtractionError",
    "InputError",
    "MineError",
    "OutputError",
    "RestoreError",
    "RuleError",
    "RuleFileError",
    "RulePatternError",
    "RuleSchemaError",
    "RuleSelectionError",
    "UsageError",
]


class CleanerError(Exception):
    """Root of every error cleaner raises on purpose."""


class RuleError(CleanerError):
    """A rule or rule file is wrong. Carries the file, line and rule id where known."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        rule_id: str | None = None,
    ) -> None:
        self.message = message
        self.path = path
        self.line = line
        self.rule_id = rule_id
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = self.path + (f":{self.line}" if self.line else "")
        parts = [p for p in (where, f"rule {self.rule_id}" if self.rule_id else "") if p]
        prefix = ": ".join(parts)
        return f"{prefix}: {self.message}" if prefix else self.message

    def __reduce__(self):  # keep the keyword-only fields through pickling
        return (
            _rebuild_rule_error,
            (type(self), self.message, self.path, self.line, self.rule_id),
        )


def _rebuild_rule_error(cls, message, path, line, rule_id):  # type: ignore[no-untyped-def]
    return cls(message, path=path, line=line, rule_id=rule_id)


class RuleFileError(RuleError):
    """A rule file cannot be read or is not valid YAML."""


class RuleSchemaError(RuleError):
    """A rule file does not follow the rule schema."""


class RulePatternError(RuleError):
    """A regular expression in a rule does not compile."""


class RuleSelectionError(RuleError):
    """A select, ignore or enable entry matches no loaded rule, id, pack or category."""


class RestoreError(CleanerError):
    """A removal log does not fit the clean text it is applied to, or one of its
    records is not a removal record (a field missing, of the wrong type, or offsets
    that are not a range as long as its text), nor an undecoded-bytes or warning record
    for ``from_dict``."""


class InputError(CleanerError):
    """An input file cannot be read, decompressed, decoded or parsed."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        self.message = message
        self.path = path
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = (self.path or "") + (f":{self.line}" if self.line else "")
        return f"{where}: {self.message}" if where else self.message

    def __reduce__(self):
        return (_rebuild_input_error, (type(self), self.message, self.path, self.line))


def _rebuild_input_error(cls, message, path, line):  # type: ignore[no-untyped-def]
    return cls(message, path=path, line=line)


class OutputError(InputError):
    """The output of an input cannot be written (a folder that cannot be written, a full
    disk): a failure of where the run writes, not of the input, so ``--resume`` tries the
    input again where it would pass over a bad file that has not changed."""


class ExtractionError(InputError):
    """An HTML input is not HTML, is bigger than the size limit, or the extractor found
    no main text in it."""


class ConfigError(CleanerError):
    """A [tool.cleaner] table or cleaner.toml is wrong."""


class MineError(CleanerError):
    """Mining cannot go on (for instance, its own drafts fail to load)."""


class UsageError(CleanerError):
    """The command line asks for something impossible (missing input, overlap ...)."""
