"""``nbgrader submit`` without a false alarm about JupyterLab's checkpoint copies.

JupyterLab keeps a copy of each notebook it saves in ``.ipynb_checkpoints/``. nbgrader 0.9's
submit never copies that folder (it is in ``CourseDirectory.ignore``), but its check of the
submitted notebooks lists every ``.ipynb`` below the assignment folder, so every student who
worked in JupyterLab is warned that ``.ipynb_checkpoints/<name>-checkpoint.ipynb`` is an EXTRA
notebook. :class:`QuietSubmit` runs that check on the notebooks that are actually submitted; a
real difference (a missing or an extra notebook) is still reported in nbgrader's own words.

Students select it in their ``nbgrader_config.py``::

    c.ExchangeFactory.submit = "medlab_teach.grading.exchange.QuietSubmit"
"""

from __future__ import annotations

import os

from nbgrader.exchange.default.submit import ExchangeSubmit
from nbgrader.utils import find_all_files, find_all_notebooks


class QuietSubmit(ExchangeSubmit):
    """nbgrader's submit, checking only the notebooks it copies."""

    def submitted_notebooks(self) -> list[str]:
        """The notebooks of the assignment folder that submit copies, relative to it."""
        root = os.path.abspath(self.src_path)
        return sorted(os.path.relpath(path, root)
                      for path in find_all_files(root, exclude=self.coursedir.ignore)
                      if path.endswith(".ipynb"))

    def check_filename_diff(self) -> None:
        """Say nothing when the copied notebooks are exactly the released ones."""
        if self.submitted_notebooks() == find_all_notebooks(self.release_path):
            return
        super().check_filename_diff()
