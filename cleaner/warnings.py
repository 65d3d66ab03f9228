# The CleanWarning record: something the user must know about one document that is
# not a removal (a rule that timed out, the removal guard, bytes that did not decode).
"""Warnings attached to a CleanResult."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from cleaner.errors import RestoreError

__all__ = ["CleanWarning"]


@dataclass(frozen=True, slots=True)
class CleanWarning:
    """``code``: rule-timeout, guard, unsettled or decode (an extraction from HTML is no
    warning: ``CleanResult.extracted_by`` says it was made); ``rule`` when a rule is
    involved; ``offset`` where in the input; ``encoding`` the charset a ``decode`` warning
    says the input was read as (so ``cleaner restore`` can encode the rebuilt text)."""

    code: str
    message: str
    rule: str | None = None
    offset: int | None = None
    encoding: str | None = None

    def to_dict(self) -> dict[str, object]:
        d: dict[str, object] = {"warning": self.code, "message": self.message}
        if self.rule is not None:
            d["rule"] = self.rule
        if self.offset is not None:
            d["offset"] = self.offset
        if self.encoding is not None:
            d["encoding"] = self.encoding
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, object]) -> CleanWarning:
        """The CleanWarning a :meth:`to_dict` record describes (its ``warning`` key is the
        ``code``; other keys, such as a log's ``file`` and ``record``, are ignored).
        Raises RestoreError naming the field when the record is not one."""

        def bad(problem: str) -> RestoreError:
            return RestoreError(f"not a warning record: {problem}")

        if not isinstance(d, Mapping):
            raise bad(f"a {type(d).__name__}, not a mapping of fields")
        for key in ("warning", "message"):
            if key not in d:
                raise bad(f"'{key}' is missing")
        for key in ("warning", "message", "rule", "encoding"):
            value = d.get(key)
            if value is not None and not isinstance(value, str):
                raise bad(f"'{key}' is {_kind(value)}, not a string")
        offset = d.get("offset")
        if offset is not None and (not isinstance(offset, int) or isinstance(offset, bool) or offset < 0):
            raise bad(f"'offset' is {_kind(offset)}, not an offset")
        return cls(
            code=d["warning"],  # type: ignore[arg-type]  # all checked above
            message=d["message"],  # type: ignore[arg-type]
            rule=d.get("rule"),  # type: ignore[arg-type]
            offset=offset,
            encoding=d.get("encoding"),  # type: ignore[arg-type]
        )


def _kind(value: object) -> str:
    """How a wrong value reads in a message: ``'3' (str)``, ``True (bool)``."""
    return f"{value!r} ({type(value).__name__})"
