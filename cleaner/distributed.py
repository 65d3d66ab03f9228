# Cleaning on a Dask cluster from Python: clean_texts, clean_records and clean_column
# take bags of texts or records and dataframe columns (``cleaner clean --engine dask``: cli/clean_dask.py).
"""Run cleaner on ``dask.distributed`` (the ``dask`` extra: ``pip install '.[dask]'``).

Add one call to a Dask pipeline::

    from cleaner.distributed import clean_texts, clean_records, clean_column

    results = clean_texts(bag_of_strings)             # bag of CleanResult
    records = clean_records(bag_of_dicts, text_field="text", url_field="url")
    frame = clean_column(ddf, "text", url_column="url")  # + a "text_removals" column

The :class:`~cleaner.Cleaner` goes to the cluster once, as one task the partitions
depend on (each worker unpickles it once and rebuilds its compiled rules), never per
element.

Files on a cluster (``cleaner clean --engine dask``) are :mod:`cleaner.cli.clean_dask`'s.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from cleaner.errors import InputError

if TYPE_CHECKING:
    from cleaner.pipeline import Cleaner, CleanResult

__all__ = ["clean_column", "clean_records", "clean_texts"]


def _shipped(cleaner: Cleaner | None, func: str, names: str = "") -> Any:
    """The cleaner as one Dask task that partitions depend on. Anything but a Cleaner is
    a TypeError here, not "'str' object has no attribute 'clean'" from every partition on
    the workers; ``names`` is the keyword a string there most likely meant (the url column
    given third, where the Cleaner goes)."""
    import dask

    from cleaner.pipeline import Cleaner
    from cleaner.ruleset import RuleSet

    if cleaner is None:
        cleaner = Cleaner()
    elif not isinstance(cleaner, Cleaner):
        kind = type(cleaner).__name__
        takes = f"{func}() takes a Cleaner (or None: the default packs)"
        if isinstance(cleaner, RuleSet):
            raise TypeError(f"{takes}, not RuleSet; make one with Cleaner(rules)")
        if isinstance(cleaner, str) and names:
            raise TypeError(
                f"{takes}, not str: {cleaner!r}; the names after it are keywords "
                f"({names.format(cleaner)})"
            )
        raise TypeError(f"{takes}, not {kind}: {cleaner!r}")
    return dask.delayed(cleaner, pure=True, traverse=False)


def _clean_text_partition(texts: Iterable[str], cleaner: Cleaner) -> list[CleanResult]:
    return [cleaner.clean(t) for t in texts]


def _clean_record_partition(
    records: Iterable[dict[str, Any]],
    cleaner: Cleaner,
    text_field: str,
    url_field: str | None,
    removals_field: str | None,
    warnings_field: str | None,
) -> list[dict[str, Any]]:
    out = []
    for rec in records:
        if not isinstance(rec, dict):
            raise InputError(f"a record is a {type(rec).__name__}, not a dict (a JSON object)")
        text = rec.get(text_field)
        if not isinstance(text, str):
            # most often a wrong text_field: the fields the record has show the right one
            what = f"is {type(text).__name__}, not a string" if text_field in rec else "is absent"
            have = ", ".join(repr(k) for k in list(rec)[:20]) or "none"
            raise InputError(f"record field {text_field!r} {what} (the record's fields: {have})")
        for param, name in (("removals_field", removals_field), ("warnings_field", warnings_field)):
            if name and name in rec:
                raise InputError(_written_already("record has a {!r} field", param, name))
        url = rec.get(url_field) if url_field else None
        result = cleaner.clean(text, source=url if isinstance(url, str) else None)
        new = {**rec, text_field: result.text}
        if removals_field:
            new[removals_field] = [r.to_dict() for r in result.removals]
        if warnings_field:
            new[warnings_field] = [w.to_dict() for w in result.warnings]
        out.append(new)
    return out


def _written_already(what: str, param: str, name: str) -> str:
    """Why a field (column) the helper would add cannot be: it is there already, most
    often from an earlier clean, whose removal log (with which alone restore gives back
    the text before it) a new one would replace without a word."""
    lost = (
        "its removal log, the only way back to the text before that clean, would be lost"
        if param.startswith("removals")
        else "the warnings it holds would be lost"
    )
    return (
        f"{what.format(name)} already (cleaned before?), which {param} would replace: {lost}; "
        f"name another with {param}=... (e.g. {name + '_2'!r}), or None to add none"
    )


def _check_names(**names: str | None) -> None:
    """A ValueError when two of the fields (or columns) a helper reads and writes have
    one name: the later write replaced the earlier without a word (warnings written over
    the removal log, the log over the clean text) and the input could not be rebuilt.
    ``names`` in the order they are written, the text first; None: not written."""
    seen: dict[str, str] = {}
    for param, name in names.items():
        if name is None:
            continue
        if name in seen:
            raise ValueError(f"{param} {name!r} is {seen[name]} too: each needs a name of its own")
        seen[name] = param


def _type_name(value: object) -> str:
    """``list``, ``pandas.DataFrame``, ``dask.Series``: what a wrong argument is."""
    root = type(value).__module__.split(".")[0]
    return type(value).__name__ if root == "builtins" else f"{root}.{type(value).__name__}"


def _check_bag(func: str, bag: Any, items: str) -> None:
    """A TypeError that says what to pass when ``bag`` is not a dask bag: a list or a
    dask or pandas frame failed with an AttributeError or a bare NotImplementedError."""
    import dask.bag

    if not isinstance(bag, dask.bag.Bag):
        raise TypeError(
            f"{func}() takes a dask bag of {items} (dask.bag.from_sequence(...)), not "
            f"{_type_name(bag)}; for a dask or pandas frame use clean_column(), and for data "
            "in memory Cleaner.clean() itself"
        )


def clean_texts(bag: Any, cleaner: Cleaner | None = None) -> Any:
    """A ``dask.bag`` of :class:`~cleaner.CleanResult` (clean text, removals, warnings)
    for a bag of strings. ``cleaner`` defaults to the default packs."""
    _check_bag("clean_texts", bag, "strings")
    return bag.map_partitions(_clean_text_partition, _shipped(cleaner, "clean_texts"))


def clean_records(
    bag: Any,
    cleaner: Cleaner | None = None,
    *,
    text_field: str = "text",
    url_field: str | None = "url",
    removals_field: str | None = "removals",
    warnings_field: str | None = None,
) -> Any:
    """A bag of records (dicts) with ``text_field`` cleaned, every other field kept,
    and the removal records (``Removal.to_dict()``) under ``removals_field`` (None: not
    added), and the warnings (``CleanWarning.to_dict()``) under ``warnings_field`` when
    one is named (each a name of its own, or ValueError). ``url_field`` is the source
    that site-scoped rules see. A record whose
    ``text_field`` is absent or not a string (None included) fails its partition with an
    InputError naming the fields the record has; so does one that has the removals or
    warnings field already (cleaned before: its first removal log would be lost), which
    says to name another."""
    _check_bag("clean_records", bag, "records (dicts)")
    _check_names(text_field=text_field, removals_field=removals_field, warnings_field=warnings_field)
    shipped = _shipped(cleaner, "clean_records", "text_field={0!r}")
    return bag.map_partitions(
        _clean_record_partition, shipped, text_field, url_field, removals_field, warnings_field
    )


def _text_dtype(dtype: Any) -> Any:
    """The dtype of a cleaned text column: the input's when it is a string dtype (a
    ``string[pyarrow]`` column stays one), else ``object``. Never a category: the clean
    texts are not among its categories, and pandas would make each of them NaN."""
    import pandas as pd

    if isinstance(dtype, pd.CategoricalDtype) or not pd.api.types.is_string_dtype(dtype):
        return object
    return dtype


def _clean_frame(
    frame: Any,
    cleaner: Cleaner,
    column: str,
    url_column: str | None,
    removals_column: str | None,
    warnings_column: str | None,
    dtype: Any,
) -> Any:
    """One partition cleaned; ``dtype`` (the meta's) is that of the text, removals and
    warnings columns, so every partition has the dtypes the meta promises, whatever pandas would
    infer from a list of strings or a partition of missing values."""
    import pandas as pd

    from cleaner.io.jsonl import json_text

    texts: list[Any] = []
    logs: list[str] = []
    notes: list[str] = []
    urls = frame[url_column].tolist() if url_column else [None] * len(frame)
    for row, text, url in zip(frame.index, frame[column].tolist(), urls):
        if not isinstance(text, str):
            if pd.api.types.is_scalar(text) and pd.isna(text):
                texts.append(text)  # a missing value stays missing: nothing to clean
                logs.append("[]")
                notes.append("[]")
                continue
            raise InputError(
                f"column {column!r}, row {row!r}: {type(text).__name__} value, not a string or missing"
            )
        result = cleaner.clean(text, source=url if isinstance(url, str) else None)
        texts.append(result.text)
        logs.append(json_text([r.to_dict() for r in result.removals]))
        notes.append(json_text([w.to_dict() for w in result.warnings]))
    out = frame.copy()
    out[column] = pd.Series(texts, index=frame.index, dtype=dtype)
    if removals_column:
        out[removals_column] = pd.Series(logs, index=frame.index, dtype=dtype)
    if warnings_column:
        out[warnings_column] = pd.Series(notes, index=frame.index, dtype=dtype)
    return out


def clean_column(
    frame: Any,
    column: str = "text",
    cleaner: Cleaner | None = None,
    *,
    url_column: str | None = None,
    removals_column: str | None = "",
    warnings_column: str | None = None,
) -> Any:
    """A dask DataFrame with ``column`` cleaned and the removal records of each row as
    a JSON list in ``removals_column`` (default ``<column>_removals``; None: not added),
    and its warnings (``CleanWarning.to_dict()``) as a JSON list in ``warnings_column``
    when one is named (each a name of its own, or ValueError). A missing value (None,
    NaN, ``pd.NA``) stays missing, with
    ``"[]"`` as its removals and warnings; any other value that is not a string raises
    InputError naming the column and row. A removals or warnings column the frame has
    already (cleaned before: its first removal log would be lost) is a ValueError, at once."""
    import dask.dataframe

    if not isinstance(frame, dask.dataframe.DataFrame):
        raise TypeError(
            f"clean_column() takes a dask DataFrame, not {_type_name(frame)}; make one with "
            "dask.dataframe.from_pandas(df, npartitions=N), or for a dask Series, series.to_frame()"
        )
    shipped = _shipped(cleaner, "clean_column", "url_column={0!r}")
    if removals_column == "":
        removals_column = f"{column}_removals"
    _check_names(column=column, removals_column=removals_column, warnings_column=warnings_column)
    meta = frame._meta.copy()
    for param, name in (("column", column), ("url_column", url_column)):
        if name is not None and name not in meta.columns:
            # at once, not in the first partition a worker cleans
            have = ", ".join(repr(c) for c in meta.columns)
            raise KeyError(f"{param} {name!r} is not a column of the frame (its columns: {have})")
    for param, name in (("removals_column", removals_column), ("warnings_column", warnings_column)):
        if name is not None and name in meta.columns:
            raise ValueError(_written_already(f"{param} {{!r}} is a column of the frame", param, name))
    dtype = _text_dtype(meta[column].dtype)
    meta[column] = meta[column].astype(dtype)
    if removals_column:
        meta[removals_column] = meta[column]
    if warnings_column:
        meta[warnings_column] = meta[column]
    return frame.map_partitions(
        _clean_frame,
        shipped,
        column,
        url_column,
        removals_column,
        warnings_column,
        dtype,
        meta=meta,
    )

