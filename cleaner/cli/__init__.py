# The `cleaner` command line: one module per subcommand, registered in main.py.
# Heavy imports happen inside each command's run function, so --help stays fast.
"""Command-line interface."""
