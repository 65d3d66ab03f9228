# The public cleaning API: Cleaner (immutable, picklable, thread-safe), CleanResult,
# and clean(); it runs tidy + repair, then the rules, settling again after each pass.
"""Cleaner and CleanResult."""

from __future__ import annotations

import hashlib
import math
import os
import pickle
import reprlib
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from numbers import Real
from pathlib import Path

from cleaner.encoding import REPAIR_STEPS, EncodingOptions, decode_bytes
from cleaner.encoding.repair import apply_repairs, lost_warnings
from cleaner.engine import RULE_WARNINGS, EngineSettings, run_rules
from cleaner.errors import ConfigError, RuleFileError, RuleSelectionError
from cleaner.html import DEFAULT_MAX_HTML_SIZE
from cleaner.loader import default_rules_path, distinct_rule_files, is_rule_file, load_rules, rule_paths
from cleaner.removals import Edit, EditLog, Removal, Undecoded
from cleaner.rule import CATEGORIES
from cleaner.ruleset import RuleSet
from cleaner.scan import CompiledRules
from cleaner.tidy import TIDY_STEPS, tidy
from cleaner.warnings import CleanWarning

__all__ = ["BUILTIN_STEPS", "CleanResult", "Cleaner", "clean", "clean_bytes"]

#: ids of the built-in (non-file) steps, which select/ignore accept like rule ids
BUILTIN_STEPS: dict[str, str] = {**REPAIR_STEPS, **TIDY_STEPS}
_REPAIR_IDS = frozenset(REPAIR_STEPS)
#: rounds of tidying and repair at most, each time the text is settled (one suffices
#: unless one makes work for the other: repair turning a control character into a break,
#: or tidying a U+3000 whose presence kept ftfy off a line; fuzzing saw three at most)
_SETTLE_ROUNDS = 5


@dataclass(frozen=True, slots=True)
class CleanResult:
    """The clean text, every change made (offsets into the input), and warnings."""

    text: str
    removals: tuple[Removal, ...] = ()
    warnings: tuple[CleanWarning, ...] = ()
    source: str | None = None
    encoding: str | None = None  # the charset bytes were decoded with
    extracted_by: str | None = None  # set when the text was extracted from HTML first
    input_text: str | None = field(default=None, repr=False)  # the text the log refers to
    # of clean_bytes: the bytes that did not decode and where their stand-ins are in input_text
    undecoded: tuple[Undecoded, ...] = field(default=(), repr=False)

    @property
    def changed(self) -> bool:
        return bool(self.removals)

    @property
    def removed_chars(self) -> int:
        return sum(len(r.text) - len(r.replacement) for r in self.removals)


def _names_step(name: str, step: str) -> bool:
    return step == name or step.startswith(name + ".")


def _is_builtin(name: str) -> bool:
    """Whether ``name`` names built-in steps (``encoding``, ``whitespace.trailing``)."""
    return any(_names_step(name, s) for s in BUILTIN_STEPS)


def _step_selection(
    select: Sequence[str] | None, ignore: Sequence[str] | None
) -> tuple[frozenset[str], list[str] | None, list[str]]:
    """Split select/ignore into the built-in steps to run and the entries for rule files."""
    ign = list(ignore or [])
    sel = list(select) if select else None
    steps = set(BUILTIN_STEPS)
    for stage in ("encoding", "whitespace"):
        stage_steps = {s for s in BUILTIN_STEPS if s.startswith(stage + ".")}
        if sel is not None and any(_names_step(n, s) for n in sel for s in stage_steps):
            steps -= {s for s in stage_steps if not any(_names_step(n, s) for n in sel)}
    steps = {s for s in steps if not any(_names_step(n, s) for n in ign)}

    rule_sel = [n for n in sel if not _is_builtin(n)] if sel is not None else None
    rule_ign = [n for n in ign if not _is_builtin(n)]
    return frozenset(steps), rule_sel, rule_ign


def _check_source(source: object) -> None:
    if source is not None and not isinstance(source, str):
        raise TypeError(f"source must be a URL or path as str (or None), not {type(source).__name__}")


def _is_missing(value: object) -> bool:
    """None, a float NaN, or pandas' NA and NaT: a missing value in a column of text."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True
    return type(value).__name__ in ("NAType", "NaTType")


def _not_text_hint(value: object) -> str:
    """What to do with a value clean() was given that is not text: bytes have their own
    method, and a missing value in a column (met in Series.map/apply) has nothing to clean."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "; use clean_bytes() for bytes"
    if _is_missing(value):
        return (
            ": a missing value has nothing to clean; skip it "
            "(pandas: series.map(f, na_action='ignore'))"
        )
    return ""


#: the compiled rules of the Cleaners this process unpickled last, by the digest of their
#: pickled state: a worker that is sent the same Cleaner with every task (as
#: ProcessPoolExecutor.map(c.clean, texts) does) compiles its rules once, not per task
_COMPILED: OrderedDict[bytes, CompiledRules] = OrderedDict()
_COMPILED_KEEP = 4
_COMPILED_LOCK = threading.Lock()


def _compiled(digest: bytes | None, ruleset: RuleSet) -> CompiledRules:
    """The compiled form of ``ruleset``: the one this process built for the same pickled
    Cleaner state if it is among the last few, else built now."""
    if digest is None:
        return CompiledRules(ruleset)
    with _COMPILED_LOCK:
        scan = _COMPILED.get(digest)
        if scan is not None:
            _COMPILED.move_to_end(digest)
            return scan
    scan = CompiledRules(ruleset)  # outside the lock: other threads need not wait for it
    with _COMPILED_LOCK:
        scan = _COMPILED.setdefault(digest, scan)
        while len(_COMPILED) > _COMPILED_KEEP:
            _COMPILED.popitem(last=False)
    return scan


def _names(param: str, value: str | Iterable[str] | None) -> list[str] | None:
    """select/ignore/enable as a list: one string is one name, not a list of letters."""
    if value is None:
        return None
    if isinstance(value, str):
        return [value]
    if isinstance(value, (bytes, bytearray)) or not isinstance(value, Iterable):
        # a number was "'int' object is not iterable", bytes "not int: 97" of the first byte
        kind = type(value).__name__
        raise TypeError(f"{param} takes a name (str) or a list of names, not {kind}: {value!r}")
    names = list(value)
    bad = next((n for n in names if not isinstance(n, str)), None)
    if bad is not None:
        raise TypeError(f"{param} takes names (str), not {type(bad).__name__}: {bad!r}")
    return names


def _load(rules: str | Path | Iterable[str | Path] | None) -> RuleSet:
    """load_rules, with a missing path that is the name of a pack, category or rule
    (Cleaner(["ads"]), meant as select) told to go to select."""
    if rules is not None:
        takes = "rules takes rule files or folders (str or Path), a list of them, or a RuleSet"
        rules = rule_paths(rules, takes)
    try:
        return load_rules(rules)
    except RuleFileError as exc:
        name = exc.path or ""
        packs = default_rules_path()
        if exc.message == "no such rule file or folder" and (
            name in CATEGORIES
            or ("/" not in name and not is_rule_file(Path(name)) and (packs / name.split(".")[0]).is_dir())
        ):
            raise RuleFileError(
                f"no such rule file or folder; rules (Cleaner's first argument, --rules) are files "
                f"and folders: {_name_hint(name)}",
                path=exc.path,
            ) from None
        raise


def _name_hint(name: str) -> str:
    """How to run the default rules ``name`` names: select them, or enable them when they
    are opt-in (``whole-page``), which select alone leaves out: it would run no rule."""
    default = load_rules()
    if not default.select([name], strict=False) and default.select([name], strict=False, enable=[name]):
        return f"to run the opt-in rules {name!r} names, enable them (enable=[{name!r}], --enable {name})"
    return f"to run only the rules {name!r} names, select them (select=[{name!r}], --select {name})"


def _selection_key(loaded: RuleSet, kw: Mapping[str, list[str] | None]) -> str:
    """Which of select, ignore and enable the RuleSelectionError of building a Cleaner
    of ``loaded`` with ``kw`` came from: the first with an entry that names nothing,
    else enable (an opt-in entry that select leaves out)."""
    for key in ("select", "ignore", "enable"):
        for entry in kw.get(key) or ():
            if _is_builtin(entry):
                continue
            try:
                loaded.select([entry])
            except RuleSelectionError:
                return key
    return "enable"


def _encoding_options(value: object) -> EncodingOptions:
    """``encoding`` checked: anything but EncodingOptions (a dict of its fields, a charset
    name) was taken, and every clean() then failed with an AttributeError naming neither."""
    if value is None:
        return EncodingOptions()
    if isinstance(value, EncodingOptions):
        return value
    takes = "encoding takes cleaner.encoding.EncodingOptions (what the encoding stage may change)"
    hint = ""
    if isinstance(value, Mapping):
        hint = "; for a dict of its fields, pass EncodingOptions(**options)"
    elif isinstance(value, str):
        hint = "; it is not a charset: clean_bytes() detects that of bytes, or decode them first"
    raise TypeError(f"{takes}, not {type(value).__name__}: {reprlib.repr(value)}{hint}")


def _number(param: str, value: object) -> float:
    """A float setting, or a TypeError that names it ("0.5" from a form is not a number)."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{param} must be a number, not {type(value).__name__}: {value!r}")
    return float(value)  # type: ignore[arg-type]


class Cleaner:
    """A configured cleaner. Immutable after construction; share it between threads
    and ship it to worker processes (it pickles).

    ``rules`` is a rule file, a folder, a list of them, or a loaded RuleSet (default:
    the packs shipped with cleaner; files and folders replace them, and
    ``RuleSet.merge([load_rules(), load_rules(folder)])`` runs yours beside them; a
    folder with no rule file in it is a RuleFileError naming it).
    ``select`` and ``ignore`` take rule ids, id prefixes such as a pack name,
    categories, and the built-in step ids
    (``encoding`` or ``whitespace`` for a stage, ``encoding.mojibake`` for one step).
    Built-in steps run unless ignored, or unless ``select`` names some steps of the same
    stage. ``enable`` names opt-in rules to run as well (ids, packs or categories), such
    as the ``whole-page`` pack; ``select`` and ``ignore`` still apply to them (an
    ``enable`` entry whose rules ``select`` leaves out is a RuleSelectionError). Each of
    the three takes a list (or a set, any iterable) of names, or one name as a string.
    ``preview`` also runs the rules in preview. ``max_removal`` is the removal guard's
    share: a document the rules would strip of more of its visible characters is left
    unchanged by them (``guard`` warning). ``rule_timeout`` is the CPU time in seconds one
    rule may spend on one document (``rule-timeout`` warning). ``encoding`` says what the
    encoding stage may change beyond plain repairs (EncodingOptions).
    ``max_html_size`` is the largest page ``clean_html`` takes, in bytes (characters for a
    str; None: no limit); a bigger one raises ExtractionError before it is parsed.
    """

    __slots__ = ("_digest", "_encoding", "_engine", "_max_html_size", "_ruleset", "_scan", "_steps")
    _PICKLED = ("_encoding", "_engine", "_max_html_size", "_ruleset", "_steps")

    def __init__(
        self,
        rules: str | Path | Iterable[str | Path] | RuleSet | None = None,
        select: str | Iterable[str] | None = None,
        ignore: str | Iterable[str] | None = None,
        *,
        enable: str | Iterable[str] | None = None,
        preview: bool = False,
        max_removal: float = 0.5,
        rule_timeout: float = 1.0,
        encoding: EncodingOptions | None = None,
        max_html_size: int | None = DEFAULT_MAX_HTML_SIZE,
    ) -> None:
        select, ignore, enable = _names("select", select), _names("ignore", ignore), _names("enable", enable)
        if not isinstance(preview, bool):  # a non-empty string ("no") ran the preview rules
            raise TypeError(f"preview must be true or false, not {preview!r}")
        encoding = _encoding_options(encoding)
        max_removal = _number("max_removal", max_removal)
        rule_timeout = _number("rule_timeout", rule_timeout)
        if not 0.0 < max_removal <= 1.0:
            raise ValueError(f"max_removal must be in (0, 1], not {max_removal!r}")
        if not 0.0 < rule_timeout < math.inf:
            raise ValueError(f"rule_timeout must be a finite number of seconds above 0, not {rule_timeout!r}")
        if max_html_size is not None and (
            isinstance(max_html_size, bool) or not isinstance(max_html_size, int) or max_html_size < 1
        ):
            raise ValueError(
                f"max_html_size must be a number of bytes above 0, or None, not {max_html_size!r}"
            )
        loaded = rules if isinstance(rules, RuleSet) else _load(rules)
        steps, rule_sel, rule_ign = _step_selection(select, ignore)
        if rule_sel == []:  # select named built-in steps only
            ruleset = RuleSet((), loaded.disables, loaded.redirects)
        else:
            rule_ena = [n for n in enable or () if not _is_builtin(n)]  # steps need no enabling
            ruleset = loaded.select(rule_sel, rule_ign, preview=preview, enable=rule_ena)
        self._ruleset = ruleset
        self._scan = CompiledRules(ruleset)  # rebuilt, not pickled: see __getstate__
        self._steps = steps
        self._digest: bytes | None = None  # of the pickled state, made by the first pickling
        self._engine = EngineSettings(max_removal=max_removal, rule_timeout=rule_timeout)
        self._max_html_size = max_html_size
        self._encoding = encoding

    @classmethod
    def from_config(cls, path: str | os.PathLike[str]) -> Cleaner:
        """The Cleaner that ``cleaner clean --config PATH`` builds: the rules, select,
        ignore, enable, preview, max_removal, rule_timeout, max_html_size and encoding
        of that config file (a ``cleaner.toml``, or a ``pyproject.toml``'s
        ``[tool.cleaner]`` table), rule paths taken from the file's folder; a key it
        does not set has the default of the command line, which is the Cleaner's. The
        keys of reading files (text_field, url_field, html_field, max_text_size) are
        the command line's, and no setting of a Cleaner.

        Raises ConfigError naming the file and the key: for a file that cannot be read
        or is not TOML, an unknown key or a wrong value, a ``rules`` path that is not
        there or a folder with no rule file, a ``select``, ``ignore`` or ``enable``
        entry that names no rule (the RuleSelectionError as its ``__cause__``). A rule
        file that does not load raises its own RuleError (file, line and rule id).
        """
        from cleaner.config import config_name, load_config  # tomllib: only when used

        if not isinstance(path, (str, os.PathLike)):
            raise TypeError(f"from_config takes the path of a config file, not {type(path).__name__}")
        if os.fspath(path) == "":
            raise ConfigError("an empty path names no config file")
        config = load_config(Path(path))
        name = config_name(Path(path))
        kw = config.cleaner_arguments()
        for rule_path in kw["rules"] or ():
            try:
                distinct_rule_files([rule_path])
            except RuleFileError as exc:
                raise ConfigError(f"{name}: 'rules': {exc}") from exc
        loaded = load_rules(kw.pop("rules"))
        try:
            return cls(loaded, **kw)
        except RuleSelectionError as exc:
            key = _selection_key(loaded, kw)
            raise ConfigError(f"{name}: {key!r}: {exc.message}") from exc

    # immutability: no attribute may be set after __init__, nor any deleted
    def __setattr__(self, name: str, value: object) -> None:
        if hasattr(self, "_encoding"):
            raise AttributeError("Cleaner is immutable")
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        raise AttributeError("Cleaner is immutable")

    # The same configuration pickles to the same bytes, in any process and after any use,
    # so tools that hash a pickled function to find their cache (Hugging Face datasets'
    # map) find it again: the steps go in sorted, not in the frozenset's order, which
    # changes with PYTHONHASHSEED.
    # The compiled form is rebuilt, not pickled; the state carries its digest, so that a
    # process unpickling the same Cleaner again (one per task) reuses what it compiled.
    def __getstate__(self) -> dict[str, object]:
        state: dict[str, object] = {name: getattr(self, name) for name in self._PICKLED}
        state["_steps"] = tuple(sorted(self._steps))
        if self._digest is None:
            digest = hashlib.sha256(pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)).digest()
            object.__setattr__(self, "_digest", digest)
        state["_digest"] = self._digest
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        for name in self._PICKLED:
            object.__setattr__(self, name, state[name])
        object.__setattr__(self, "_steps", frozenset(self._steps))
        digest = state.get("_digest")
        scan = _compiled(digest if isinstance(digest, bytes) else None, self._ruleset)
        object.__setattr__(self, "_ruleset", scan.ruleset)
        object.__setattr__(self, "_scan", scan)
        object.__setattr__(self, "_digest", digest)

    def __repr__(self) -> str:
        return f"Cleaner({len(self._ruleset)} rules, {len(self._steps)} built-in steps)"

    @property
    def rules(self) -> RuleSet:
        """The rules this cleaner runs."""
        return self._ruleset

    @property
    def steps(self) -> frozenset[str]:
        """The built-in steps this cleaner runs."""
        return self._steps

    def clean(self, text: str, source: str | None = None) -> CleanResult:
        """Clean ``text``. ``source`` (a URL or path) lets site-scoped rules apply."""
        if not isinstance(text, str):
            raise TypeError(f"clean() takes str, not {type(text).__name__}{_not_text_hint(text)}")
        _check_source(source)
        log = EditLog(text)
        warnings = self._run(log, source)
        return CleanResult(
            text=log.current,
            removals=tuple(log.removals),
            warnings=tuple(warnings),
            source=source,
            input_text=text,
        )

    def clean_after(self, result: CleanResult, edits: Iterable[Edit]) -> CleanResult:
        """``result`` with ``edits`` applied and its text then cleaned again, as
        :meth:`clean` would clean it: tidying, repair and every rule, in passes until
        nothing more matches. For a step that changes clean text after the rules have
        settled (:class:`cleaner.dedup.Deduper` taking out repeated lines): a removal can
        bring a line into the reach of a rule that looks at the end of the text or at a
        line's neighbours, leave blank lines to tidy, or take away the line that made the
        repair leave something alone; cleaning the result again then changes nothing.

        ``edits`` are in the coordinates of ``result.text`` (sorted, not overlapping) and
        go into the log as their own rules, like every change after them, with offsets in
        ``result.input_text``, so ``restore`` still rebuilds the input. The guard weighs
        what the rules remove now against the text the edits left, as cleaning that text
        again would; the edits themselves are not weighed. The warnings of the rules
        (guard, unsettled, rule-timeout) and of the characters lost (U+FFFD) are this
        cleaning's, which ran every rule over all that is left: those ``result`` had told
        of a text that is gone. Its other warnings (of decoding the input) stay. Raises
        ValueError if ``result`` does not carry its input text.
        """
        if result.input_text is None:
            raise ValueError("the result does not carry its input text; cannot extend its log")
        log = EditLog.resumed(result.input_text, result.text, result.removals)
        stale = set(lost_warnings(log)) if self._steps & _REPAIR_IDS else set()
        log.apply(edits)
        kept = [w for w in result.warnings if w.code not in RULE_WARNINGS and w not in stale]
        warnings = kept + self._run(log, result.source)
        return replace(result, text=log.current, removals=tuple(log.removals), warnings=tuple(warnings))

    def _run(self, log: EditLog, source: str | None) -> list[CleanWarning]:
        """Clean ``log.current`` in place: tidying and repair, then the rules, settling
        again after each pass; the warnings, those of characters lost (U+FFFD) first."""
        if "\xa0" in log.current:
            # repair before the first tidying: mojibake whose last byte was a no-break space
            # ("Â\xa0" for one, "Ã\xa0" for "à") would lose it to tidying at a line end (the
            # only blank a UTF-8 byte read as windows-1252 or Latin-1 can be)
            apply_repairs(log, self._steps, self._encoding)
        self._settle(log)
        # settled before the rules and after each pass that changed the text; a guard
        # that undoes the rules goes back to the settled text
        warnings = run_rules(log, self._scan, source, self._engine, self._settle)
        if self._steps & _REPAIR_IDS:
            warnings = lost_warnings(log) + warnings  # the U+FFFD left in the clean text
        return warnings

    def _settle(self, log: EditLog) -> None:
        """Tidy whitespace and repair encoding until neither changes the text: before the
        rules, so they see the text as a second clean would, and after each rule pass
        that changed it, since a removal can leave blanks at a line end, end the text,
        or join two halves of mojibake. Rules, tidying and repair then all find nothing
        more in the result (cleaning it again changes nothing)."""
        for _ in range(_SETTLE_ROUNDS):
            tidy(log, self._steps)  # idempotent: another round only if repair then acts
            if not apply_repairs(log, self._steps, self._encoding):
                return
        tidy(log, self._steps)  # out of rounds: at least leave no blanks behind repair

    def clean_bytes(self, data: bytes | bytearray | memoryview, source: str | None = None) -> CleanResult:
        """Decode ``data`` and clean it; ``encoding`` on the result names the codec used.

        Decoding is :func:`cleaner.encoding.decode_bytes`: a byte-order mark (kept as a
        character, so the encoding stage removes it with a log record), UTF-16 without
        one, valid UTF-8, UTF-8 with a few stray bytes, else the charset chardet detects. Each byte
        sequence that did not decode cleanly gives a ``decode`` warning whose offset is its
        stand-in in ``input_text``; ``undecoded`` on the result keeps every such sequence's
        bytes, so that ``cleaner.restore_bytes(r.text, r.removals, r.encoding, r.undecoded)``
        gives back ``data`` exactly. Raises InputError if the data is clearly binary.
        """
        if isinstance(data, (bytearray, memoryview)):
            data = bytes(data)
        elif not isinstance(data, bytes):
            hint = "; use clean() for text" if isinstance(data, str) else ""
            raise TypeError(f"clean_bytes() takes bytes, not {type(data).__name__}{hint}")
        decoded = decode_bytes(data)
        result = self.clean(decoded.text, source=source)
        problems = tuple(CleanWarning("decode", p.message, offset=p.char_offset) for p in decoded.problems)
        warnings = problems + result.warnings
        return replace(result, warnings=warnings, encoding=decoded.encoding, undecoded=decoded.undecoded)

    def clean_html(self, html: str | bytes | bytearray | memoryview, url: str | None = None) -> CleanResult:
        """Extract the main text of an HTML page with trafilatura, then clean it.

        Bytes are decoded by the page's BOM, declared charset, then detection. The result's
        ``input_text`` is the extracted text: the removal log refers to it and ``restore``
        rebuilds it. ``url`` is the page's address (site-scoped rules use it); without it,
        the address the page gives itself (its canonical link, else ``og:url``) is used,
        and is the result's ``source``. Raises ExtractionError (an InputError) if the input
        is not HTML or has no main text, or is bigger than ``max_html_size`` (bytes, or
        characters of a str).
        """
        from cleaner.html import extract_main_text  # imports trafilatura only when used

        if isinstance(html, (bytearray, memoryview)):  # page bytes, as clean_bytes takes them
            html = bytes(html)
        elif not isinstance(html, (str, bytes)):
            raise TypeError(f"clean_html() takes str or bytes, not {type(html).__name__}")
        _check_source(url)
        page = extract_main_text(html, url=url, max_size=self._max_html_size)
        result = self.clean(page.text, source=url if url is not None else page.url)
        warnings = result.warnings
        if page.note is not None:  # the bytes did not fit the declared charset (or UTF-8)
            warnings += (CleanWarning("decode", page.note),)
        return replace(result, warnings=warnings, encoding=page.encoding, extracted_by="trafilatura")


_DEFAULT: Cleaner | None = None
_DEFAULT_LOCK = threading.Lock()


def _fresh_locks() -> None:
    """In a forked child: locks of its own. A lock a thread of the parent held when it
    forked (building the default Cleaner takes half a second) stays held in the child,
    by a thread the child does not have, and its first clean() waited for ever."""
    global _DEFAULT_LOCK, _COMPILED_LOCK
    _DEFAULT_LOCK = threading.Lock()
    _COMPILED_LOCK = threading.Lock()


if hasattr(os, "register_at_fork"):  # not on Windows, which does not fork
    os.register_at_fork(after_in_child=_fresh_locks)


def _default_cleaner() -> Cleaner:
    """The Cleaner of the default packs, built once per process. Under a lock: threads
    that call clean() at once (lru_cache does not hold them) would each build one."""
    global _DEFAULT
    if _DEFAULT is None:
        with _DEFAULT_LOCK:
            if _DEFAULT is None:
                _DEFAULT = Cleaner()
    return _DEFAULT


def clean(text: str, source: str | None = None) -> CleanResult:
    """Clean ``text`` with the default rule packs."""
    return _default_cleaner().clean(text, source=source)


def clean_bytes(data: bytes | bytearray | memoryview, source: str | None = None) -> CleanResult:
    """Decode ``data`` and clean it with the default rule packs (see Cleaner.clean_bytes)."""
    return _default_cleaner().clean_bytes(data, source=source)
