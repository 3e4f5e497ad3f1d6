"""``python -m medlab_teach.grading ASSIGNMENT ...`` is ``medlab-teach grade ASSIGNMENT ...``."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
