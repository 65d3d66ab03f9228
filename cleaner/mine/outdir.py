# The output folder of `mine`: which rule files in it are the unchanged drafts of an
# earlier run there (listed with digests in its report.json), to replace, and which to refuse.
"""What a reused ``mine`` output folder may hold.

Every run lists the draft files it wrote, with their SHA-256, under ``draft_files``
in ``report.json``. A later run into the same folder:

* replaces those drafts of the earlier run that are still as mine wrote them (so
  ``cleaner clean --rules DRAFTS`` never loads a stale draft of another grouping);
* refuses to start, before reading any input, when the folder holds any other rule
  file (``*.yaml`` / ``*.yml``, searched recursively as ``--rules`` does): a file
  mine did not write, a draft edited since, or one of a run whose report is gone.
  Mine never deletes or overwrites such a file; the user moves it or picks another
  folder.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from cleaner.io.discover import UsageError
from cleaner.loader import rule_files

__all__ = ["MANIFEST_KEY", "REPORT_JSON", "digest", "earlier_drafts", "remove_earlier_drafts"]

#: the report that lists the drafts of a run
REPORT_JSON = "report.json"
#: its key: draft file name (relative to the folder) -> SHA-256 of the bytes written
MANIFEST_KEY = "draft_files"
#: names listed in a refusal before "and N more"
_SHOWN = 5


def digest(data: bytes) -> str:
    """SHA-256 of a draft file's bytes, as listed in the report."""
    return hashlib.sha256(data).hexdigest()


def _listed(outdir: Path) -> dict[str, str]:
    """Draft files the earlier run's report lists, or {} (no report, unreadable, older)."""
    try:
        data = json.loads((outdir / REPORT_JSON).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    files = data.get(MANIFEST_KEY) if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return {}
    return {str(k): str(v) for k, v in files.items()}


def earlier_drafts(outdir: str | Path) -> list[Path]:
    """The rule files in ``outdir`` that an earlier mine run wrote and nobody changed
    since (to be replaced), or a UsageError naming the rule files that are not."""
    out = Path(outdir)
    if not out.is_dir():
        return []
    listed = _listed(out)
    ours: list[Path] = []
    foreign: list[str] = []
    for path in rule_files(out):
        rel = path.relative_to(out).as_posix()
        try:
            same = rel in listed and digest(path.read_bytes()) == listed[rel]
        except OSError:
            same = False
        if same:
            ours.append(path)
        else:
            foreign.append(rel)
    if foreign:
        names = ", ".join(foreign[:_SHOWN]) + (
            f" and {len(foreign) - _SHOWN} more" if len(foreign) > _SHOWN else ""
        )
        raise UsageError(
            f"output folder {out} holds rule files that are not unchanged drafts of an earlier "
            f"`cleaner mine` run there (as its {REPORT_JSON} lists them): {names}. "
            f"`cleaner clean --rules {out}` would load them with the new drafts, and mine replaces "
            f"only its own unchanged drafts; move them away or choose another folder with -o"
        )
    return ours


def remove_earlier_drafts(paths: list[Path]) -> None:
    """Delete the earlier run's drafts (as :func:`earlier_drafts` found them)."""
    for path in paths:
        path.unlink(missing_ok=True)
