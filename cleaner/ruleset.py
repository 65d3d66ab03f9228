# A set of loaded rules and what decides which of them run: select/ignore by id,
# pack or category, preview status, redirects of renamed ids, and site packs that
# disable or replace other rules where they apply.
"""RuleSet: the loaded rules plus selection."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType

from cleaner.document import Document
from cleaner.errors import RuleError, RuleSchemaError, RuleSelectionError
from cleaner.rule import CATEGORIES, Condition, Rule
from cleaner.rule_messages import did_you_mean

__all__ = ["Disable", "RuleSet"]


@dataclass(frozen=True, slots=True)
class Disable:
    """Rule ids or prefixes that a (site) rule file turns off wherever ``when`` holds."""

    when: Condition
    ids: tuple[str, ...]
    path: str


def _names(rule: Rule, name: str) -> bool:
    """True if ``name`` selects ``rule``: its id, an id prefix at a dot, or its category."""
    return rule.id == name or rule.id.startswith(name + ".") or rule.category == name


def _one_or_many(names: str | Iterable[str]) -> Iterable[str]:
    """One name given as a string is one name, not a list of its letters."""
    return [names] if isinstance(names, str) else names


@dataclass(frozen=True)
class RuleSet:
    """An immutable, ordered collection of rules, hashable (equal sets hash alike).

    ``redirects`` (renamed id -> current id) is taken as any mapping and kept as a
    read-only copy: a dict here was reachable through ``Cleaner.rules`` and could be
    changed under a Cleaner that is meant to be immutable.
    """

    rules: tuple[Rule, ...] = ()
    disables: tuple[Disable, ...] = ()
    redirects: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "redirects", MappingProxyType(dict(self.redirects)))

    def __len__(self) -> int:
        return len(self.rules)

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __hash__(self) -> int:
        return self._hash

    @cached_property
    def _hash(self) -> int:
        # the redirects as a set of pairs: equal mappings in any order are equal
        return hash((self.rules, self.disables, frozenset(self.redirects.items())))

    # the fields only: a cached property computed by a clean is no part of the rules, and
    # pickled along it made a Cleaner's pickle change once it had cleaned a text; the
    # redirects as a plain dict, which pickles (a read-only view does not), as before
    def __getstate__(self) -> dict[str, object]:
        return {"rules": self.rules, "disables": self.disables, "redirects": dict(self.redirects)}

    def __setstate__(self, state: dict[str, object]) -> None:
        redirects = state["redirects"]
        assert isinstance(redirects, Mapping)
        self.__dict__.update(state, redirects=MappingProxyType(dict(redirects)))

    @cached_property
    def guard_exempt(self) -> frozenset[str]:
        """Ids of the rules whose removals the removal guard does not weigh."""
        return frozenset(r.id for r in self.rules if r.guard == "exempt")

    def get(self, rule_id: str) -> Rule | None:
        rule_id = self.redirects.get(rule_id, rule_id)
        for r in self.rules:
            if r.id == rule_id:
                return r
        return None

    @classmethod
    def merge(cls, sets: Iterable[RuleSet], errors: list[RuleError] | None = None) -> RuleSet:
        """Combine rule sets; a duplicate id is an error naming both places."""
        rules: list[Rule] = []
        seen: dict[str, Rule] = {}
        disables: list[Disable] = []
        redirects: dict[str, str] = {}
        for s in sets:
            for r in s.rules:
                if r.id in seen:
                    err = RuleSchemaError(
                        f"duplicate rule id (first defined at {seen[r.id].location()})",
                        path=r.path,
                        line=r.line,
                        rule_id=r.id,
                    )
                    if errors is None:
                        raise err
                    errors.append(err)
                    continue
                seen[r.id] = r
                rules.append(r)
            disables.extend(s.disables)
            redirects.update(s.redirects)
        return cls(tuple(rules), tuple(disables), redirects)

    def _resolve(self, name: str) -> str:
        return self.redirects.get(name, name)

    def _meant(self, name: str) -> str:
        """The hint for a misspelt rule id, pack or category: " (did you mean 'social'?)"."""
        ids = [r.id for r in self.rules]
        return did_you_mean(name, sorted({*ids, *(i.split(".")[0] for i in ids), *CATEGORIES}))

    def select(
        self,
        select: str | Iterable[str] | None = None,
        ignore: str | Iterable[str] | None = None,
        *,
        preview: bool = False,
        strict: bool = True,
        enable: str | Iterable[str] | None = None,
    ) -> RuleSet:
        """The rules chosen by ``select`` (default: all) minus ``ignore``.

        Entries are rule ids, id prefixes (packs) or categories; renamed ids go through
        the redirects table. Preview rules run only with ``preview=True`` or when
        selected by their exact id; deprecated rules only when selected by exact id.
        Opt-in rules run only when ``enable`` names them (by id, pack or category), and
        ``select`` and ``ignore`` still apply to them. An entry that names nothing is an
        error when ``strict``. Each of the three takes a list of names, or one name as a
        string (as Cleaner does; iterated, "ads" was the names "a", "d" and "s").
        """
        sel = [self._resolve(s) for s in _one_or_many(select)] if select else None
        ign = [self._resolve(s) for s in _one_or_many(ignore)] if ignore else []
        ena = [self._resolve(s) for s in _one_or_many(enable)] if enable else []
        if strict:
            for name in (sel or []) + ign + ena:
                if name not in CATEGORIES and not any(_names(r, name) for r in self.rules):
                    raise RuleSelectionError(
                        f"{name!r} names no loaded rule, pack or category{self._meant(name)}"
                    )
        if strict:
            self._check_enabled(sel, ena)
        chosen: list[Rule] = []
        for r in self.rules:
            exact = sel is not None and r.id in sel
            if sel is not None and not any(_names(r, n) for n in sel):
                continue
            if any(_names(r, n) for n in ign):
                continue
            if r.opt_in and not any(_names(r, n) for n in ena):
                continue
            if r.status == "preview" and not (preview or exact):
                continue
            if r.status == "deprecated" and not exact:
                continue
            chosen.append(r)
        return RuleSet(tuple(chosen), self.disables, self.redirects)

    def _check_enabled(self, sel: list[str] | None, ena: list[str]) -> None:
        """RuleSelectionError for an ``enable`` entry whose opt-in rules ``select`` all
        leaves out: ``--select ads --enable whole-page`` ran no whole-page rule and said
        nothing, though the user plainly asked for them. (An ``ignore`` that takes some
        out is a choice; callers that enable what they select, as rule fixtures do, are
        never refused.)"""
        if sel is None:
            return
        for name in ena:
            named = [r for r in self.rules if r.opt_in and _names(r, name)]
            if named and not any(_names(r, n) for r in named for n in sel):
                raise RuleSelectionError(
                    f"enable {name!r} turns on rules that select ({', '.join(sel)}) leaves out: "
                    f"select {name!r} too"
                )

    def active(self, doc: Document) -> list[Rule]:
        """Rules that apply to ``doc``: conditions hold, not disabled or replaced."""
        off: list[str] = []
        for d in self.disables:
            if d.when.holds(doc):
                off.extend(d.ids)
        applicable = [r for r in self.rules if r.when.holds(doc)]
        for r in applicable:
            off.extend(r.replaces)
        if not off:
            return applicable
        off = [self._resolve(o) for o in off]  # a pack may name a rule by a renamed id
        return [r for r in applicable if not any(r.id == o or r.id.startswith(o + ".") for o in off)]
