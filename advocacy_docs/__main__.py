"""``python -m advocacy_docs``: the ``advocacy-docs`` command."""

import sys

from .cli import main

sys.exit(main())
