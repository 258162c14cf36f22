"""``python -m arsync``."""

from arsync.cli import main

main()
