# The resume manifest kept in OUTDIR: a fingerprint of the rules and settings, the files
# finished so far and the log size at that point, always replaced atomically.
"""What --resume needs to skip finished inputs and continue the log."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cleaner.io.discover import InputFile
from cleaner.io.writers import write_bytes_atomic
from cleaner.loader import RULE_FILE_SUFFIXES, default_rules_path

__all__ = ["MANIFEST_NAME", "Manifest", "fingerprint", "load_manifest", "save_manifest"]

MANIFEST_NAME = ".cleaner-manifest.json"
_VERSION = 1


def _rule_files(paths: Sequence[str | Path] | None) -> list[tuple[str, Path]]:
    out: list[tuple[str, Path]] = []
    for p in [Path(x) for x in (paths or [default_rules_path()])]:
        if p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.suffix in RULE_FILE_SUFFIXES and f.is_file())
            out.extend((f.relative_to(p).as_posix(), f) for f in files)
        else:
            out.append((p.name, p))
    return out


def fingerprint(rule_paths: Sequence[str | Path] | None, options: Mapping[str, object]) -> str:
    """A hash of the rule files' names and content and of every option that changes output."""
    h = hashlib.sha256()
    for name, path in _rule_files(rule_paths):
        h.update(name.encode() + b"\0")
        try:
            h.update(path.read_bytes())
        except OSError:
            h.update(b"<unreadable>")
        h.update(b"\0")
    h.update(json.dumps(options, sort_keys=True, default=repr).encode())
    return h.hexdigest()


@dataclass
class Manifest:
    """Finished inputs of a run into one OUTDIR, keyed by output path relative to it."""

    fingerprint: str
    log: str  # resolved path of the log the run appended to
    log_size: int = 0  # bytes of the log that belong to the finished inputs
    done: dict[str, dict[str, object]] = field(default_factory=dict)
    failed: dict[str, dict[str, object]] = field(default_factory=dict)  # by resolved input path

    def mark_failed(self, f: InputFile, message: str) -> None:
        """Remember that ``f`` failed, so a resume does not retry it while it is unchanged."""
        assert f.path is not None
        self.failed[str(f.path.resolve())] = {
            "size": f.size,
            "mtime_ns": f.mtime_ns,
            "ctime_ns": f.ctime_ns,
            "message": message,
        }

    def failure(self, f: InputFile) -> str | None:
        """The message ``f`` failed with in an earlier run, if it has not changed since."""
        entry = self.failed.get(str(f.path.resolve())) if f.path is not None else None
        if entry is None or (entry.get("size"), entry.get("mtime_ns"), entry.get("ctime_ns")) != (
            f.size,
            f.mtime_ns,
            f.ctime_ns,
        ):
            return None
        return str(entry.get("message"))

    def mark_done(self, f: InputFile, output_size: int | None, errors: int) -> None:
        assert f.path is not None
        self.failed.pop(str(f.path.resolve()), None)
        self.done[f.output_rel] = {
            "input": str(f.path.resolve()),
            "size": f.size,
            "mtime_ns": f.mtime_ns,
            "output_size": output_size,
            "errors": errors,
        }

    def finished(self, f: InputFile, outdir: Path) -> dict[str, object] | None:
        """The entry of ``f`` if it is finished: same input, unchanged, output in place."""
        entry = self.done.get(f.output_rel)
        if entry is None or f.path is None:
            return None
        if (entry.get("input"), entry.get("size"), entry.get("mtime_ns")) != (
            str(f.path.resolve()),
            f.size,
            f.mtime_ns,
        ):
            return None
        try:
            if (outdir / f.output_rel).stat().st_size != entry.get("output_size"):
                return None
        except OSError:
            return None
        return entry

    def to_json(self) -> bytes:
        return json.dumps(
            {
                "version": _VERSION,
                "fingerprint": self.fingerprint,
                "log": self.log,
                "log_size": self.log_size,
                "done": self.done,
                "failed": self.failed,
            },
            ensure_ascii=False,
            sort_keys=True,
        ).encode("utf-8")


def load_manifest(outdir: Path) -> Manifest | None:
    """The manifest in ``outdir``, or None when there is none or it cannot be read."""
    try:
        data = json.loads((outdir / MANIFEST_NAME).read_bytes())
        if data.get("version") != _VERSION:
            return None
        return Manifest(
            str(data["fingerprint"]),
            str(data["log"]),
            int(data["log_size"]),
            dict(data["done"]),
            dict(data.get("failed", {})),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def save_manifest(outdir: Path, manifest: Manifest) -> None:
    write_bytes_atomic(outdir / MANIFEST_NAME, manifest.to_json())
