# `python -m cleaner`: the `cleaner` command, for environments where the console script
# is not on PATH (a venv not activated, a Dask worker image, `python -m` in a notebook).
"""Run the ``cleaner`` command line: ``python -m cleaner clean in/ -o out/``."""

import sys

from cleaner.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
