# Files in and out for the command line: input discovery and kinds, streaming readers,
# atomic writers, the JSONL removal log, the resume manifest, and cleaning one file.
"""Input and output of ``cleaner clean``."""

from __future__ import annotations

from cleaner.io.discover import STDIN, InputFile, UsageError, check_overlap, discover
from cleaner.io.kinds import FORMAT_CHOICES, Kind, kind_from_name, output_name, parse_format
from cleaner.io.removal_log import LOG_NAME, UNDECODED_EVENT, read_log, record_type, removals_of, undecoded_of
from cleaner.io.writers import atomic_write

__all__ = [
    "FORMAT_CHOICES",
    "LOG_NAME",
    "STDIN",
    "UNDECODED_EVENT",
    "InputFile",
    "Kind",
    "UsageError",
    "atomic_write",
    "check_overlap",
    "discover",
    "kind_from_name",
    "output_name",
    "parse_format",
    "read_log",
    "record_type",
    "removals_of",
    "undecoded_of",
]
