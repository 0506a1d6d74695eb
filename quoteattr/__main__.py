"""``python -m quoteattr`` runs the command-line interface."""

import sys

from ._cli import main

sys.exit(main())
