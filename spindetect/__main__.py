"""``python -m spindetect``: the command line (see :mod:`spindetect.cli`)."""

import sys

from .cli import main

sys.exit(main())
