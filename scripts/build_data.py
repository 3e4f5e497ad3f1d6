#!/usr/bin/env python
"""Build the kit's data package (``src/medlab_teach/datasets/``) from the raw public datasets.

Usage::

    python scripts/build_data.py ../shared/data/raw   # writes src/medlab_teach/datasets/
    python scripts/build_data.py ../shared/data/raw --out /tmp/d

Why a script and committed outputs: students get tidy tables that work without the raw folder,
and anyone can check that the tables are exactly what the raw sources give (the build is
byte-for-byte reproducible). Every raw file is verified against the sha256 written in its
dataset's PROVENANCE.md before it is read, and every hand-curated text (timeline, the Lab's days
and Open Space groups, in ``scripts/sources/``) is checked word for word against the Lab's report
or FACTS.md, so nothing enters the package that its sources do not say.

What each table is (schema, sources, licences, caveats) lives in
``scripts/sources/datapackage.yaml``, editable without Python; the code, one module per raw
source, is in ``scripts/databuild/``. Only the standard library, numpy, matplotlib (for
point-in-polygon) and PyYAML are used: the boundary GeoPackage is read with sqlite3 and its
geometry blobs are parsed with struct.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from databuild.build import main

if __name__ == "__main__":
    sys.exit(main())
