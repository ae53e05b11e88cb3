"""`python -m sitegen`: the same command line as the `sitegen` script."""

from sitegen.cli import run

run()
