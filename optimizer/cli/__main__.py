"""``python -m optimizer.cli``: the same as the ``foodroute`` command."""

from optimizer.cli import main

main()
