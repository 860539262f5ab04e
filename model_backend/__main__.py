"""``python -m model_backend``: see ``cli``."""

import sys

from .cli import main

sys.exit(main())
