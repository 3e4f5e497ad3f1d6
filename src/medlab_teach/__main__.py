"""``python -m medlab_teach`` is the ``medlab-teach`` command."""

import sys

from medlab_teach.cli import main

sys.exit(main())
