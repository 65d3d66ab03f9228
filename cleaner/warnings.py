# The CleanWarning record: something the user must know about one document that is
# not a removal (a rule that timed out, the removal guard, bytes that did not decode).
"""Warnings attached to a CleanResult."""

from __future__ import annotations

from dataclasses import dataclass

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
