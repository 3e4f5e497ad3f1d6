"""What every part of the build shares: where things are, the build's error, CSV output."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

SCRIPTS = Path(__file__).resolve().parents[1]
REPO = SCRIPTS.parent
#: Hand-curated inputs: the Lab's tables, territories.csv and the package's metadata.
SOURCES = SCRIPTS / "sources"
DATA_OUT = REPO / "src" / "medlab_teach" / "datasets"

#: A built table: its header and its rows, already sorted.
Table = tuple[list[str], list[list[Any]]]


class BuildError(Exception):
    """A raw file or a curated source does not say what the build expects."""


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_csv_dicts(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter=delimiter))


def to_int(value: str, where: str) -> int:
    if not re.fullmatch(r"-?\d+", value):
        raise BuildError(f"{where}: {value!r} is not an integer")
    return int(value)


def fmt(x: float, decimals: int) -> str:
    """Fixed-decimal text for a float, with '-0.0...' normalised, so rebuilds are identical."""
    s = f"{x:.{decimals}f}"
    return "0." + "0" * decimals if s.strip("-0.") == "" else s


def normalise_ws(text: str) -> str:
    return " ".join(text.split())


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """CSV as UTF-8 with LF endings and minimal quoting; None is written as an empty cell."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    n = len(header)
    for row in rows:
        if len(row) != n:
            raise BuildError(f"row has {len(row)} cells, header has {n}: {row!r}")
        cells = ["" if v is None else str(v) for v in row]
        for c in cells:
            if "\n" in c or "\r" in c:
                raise BuildError(f"line break inside a cell: {c!r}")
        w.writerow(cells)
    return buf.getvalue().encode("utf-8")
