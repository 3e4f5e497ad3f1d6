"""medlab-teach: a Jupyter teaching kit on the Medellín model of integral local security management.

Submodules are imported on demand (``from medlab_teach import data``) so that
``import medlab_teach`` stays fast for notebooks and the command line.
"""

from medlab_teach.i18n import get_language, set_language

__version__ = "0.1.0"

__all__ = ["__version__", "get_language", "set_language"]
