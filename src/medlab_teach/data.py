"""The kit's data: tidy tables described by ``data/datapackage.json``, with their provenance.

Why this module exists: a notebook never reads a CSV path by hand. ``load(name)`` returns a
pandas DataFrame with the types the package's schema declares (integers as int64, codes as strings
that keep their leading zero, categories, datetimes), after checking that the file is exactly the
one the build wrote (sha256 in datapackage.json). ``describe(name)`` keeps each table's sources
and caveats next to the numbers, and ``rate`` / ``population_total`` make the population base of
every rate explicit: 2018 has two bases and the caller must name one.

The data folder is the repository's ``data/`` (found relative to this file in a src-layout
checkout), or the folder named by the environment variable ``MEDLAB_TEACH_DATA``.

>>> from medlab_teach import data
>>> crimes = data.load("crimes_annual")
>>> data.rate(92, data.population_total("13", base="dap_2018"))   # San Javier, 2018
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:  # pandas is imported when a table is loaded, not when the kit is imported
    import pandas as pd

ENV_VAR = "MEDLAB_TEACH_DATA"
DESCRIPTOR = "datapackage.json"
GEOJSON_RESOURCE = "boundaries"
REBUILD_HINT = "make data RAW=path/to/raw"

Base = Literal["dap_2018", "dane_cnpv_2018"]

#: The two population bases for 2018, and what each one is.
POPULATION_BASES: dict[str, str] = {
    "dap_2018": "Alcaldía de Medellín (DAP) projection for 2018 by comuna/corregimiento, "
                "2005-census based (table population_2018)",
    "dane_cnpv_2018": "DANE municipal population for 2018 based on the CNPV 2018 census, city "
                      "total only (population column of police_homicides_2003_2024)",
}
_MEDELLIN_DANE = "05001"


class DataError(Exception):
    """Base class of every data problem the loaders report."""


class UnknownTableError(DataError, LookupError):
    """The table name is not in the data package."""


class DataIntegrityError(DataError):
    """A data file is missing or differs from the hash recorded in datapackage.json."""


class MalformedDataError(DataError, ValueError):
    """A data file does not follow its schema: the message names file, line and column."""


# --------------------------------------------------------------------------------------------
# Locating the package and checking files
# --------------------------------------------------------------------------------------------


def data_dir() -> Path:
    """The folder holding datapackage.json: $MEDLAB_TEACH_DATA, else the checkout's data/."""
    override = os.environ.get(ENV_VAR)
    if override:
        folder = Path(override).expanduser()
        if not (folder / DESCRIPTOR).is_file():
            raise DataIntegrityError(
                f"{ENV_VAR}={override} has no {DESCRIPTOR}. Point {ENV_VAR} at a copy of the "
                "kit's data/ folder, or unset it to use the checkout's data/."
            )
        return folder
    folder = Path(__file__).resolve().parents[2] / "data"  # src/medlab_teach/data.py -> repo
    if not (folder / DESCRIPTOR).is_file():
        raise DataIntegrityError(
            f"No {DESCRIPTOR} in {folder}. The data ship with the kit's repository: install the "
            f"kit from a checkout (pip install -e .), restore the file with "
            f"`git checkout -- data/{DESCRIPTOR}`, or set {ENV_VAR} to a data folder."
        )
    return folder


_package_cache: dict[tuple[str, int, int], dict[str, Any]] = {}
_verified: dict[str, tuple[int, int, str]] = {}


def _stat_key(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_mtime_ns, st.st_size


def _package() -> tuple[Path, dict[str, Any]]:
    folder = data_dir()
    path = folder / DESCRIPTOR
    key = (str(path), *_stat_key(path))
    if key not in _package_cache:
        try:
            descriptor = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise MalformedDataError(
                f"{path} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}). "
                f"Restore it with `git checkout -- data/{DESCRIPTOR}` or `{REBUILD_HINT}`."
            ) from exc
        _package_cache.clear()
        _package_cache[key] = descriptor
    return folder, _package_cache[key]


def _resources() -> dict[str, dict[str, Any]]:
    return {r["name"]: r for r in _package()[1]["resources"]}


def names() -> list[str]:
    """The tables ``load`` can return, in the package's order (the GeoJSON is separate)."""
    return [n for n, r in _resources().items() if r.get("format") == "csv"]


def _resource(name: str, *, tabular: bool = True) -> dict[str, Any]:
    resources = _resources()
    valid = names() if tabular else list(resources)
    if not isinstance(name, str) or name not in valid:
        hint = " Use boundaries() for the GeoJSON." if name == GEOJSON_RESOURCE else ""
        raise UnknownTableError(
            f"No table {name!r} in the data package.{hint} Available: {', '.join(valid)}"
        )
    return resources[name]


def _restore_hint(rel: str) -> str:
    return f"Restore it with `git checkout -- data/{rel}`, or rebuild all with `{REBUILD_HINT}`."


def _checked_path(resource: dict[str, Any]) -> Path:
    """The resource's file, verified against its sha256 once per process (and again if the
    file's size or modification time changes), so repeated loads stay fast."""
    folder, _ = _package()
    rel = resource["path"]
    path = folder / rel
    if not path.is_file():
        raise DataIntegrityError(f"data/{rel} is missing from {folder}. {_restore_hint(rel)}")
    expected = str(resource.get("hash", "")).removeprefix("sha256:")
    mtime, size = _stat_key(path)
    if _verified.get(str(path)) == (mtime, size, expected):
        return path
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != expected:
        raise DataIntegrityError(
            f"data/{rel} has been altered: its sha256 is {digest}, datapackage.json records "
            f"{expected or 'none'}. {_restore_hint(rel)}"
        )
    _verified[str(path)] = (mtime, size, expected)
    return path


def verify() -> list[str]:
    """Check every file of the package against its hash; return the names checked."""
    checked = []
    for name, res in _resources().items():
        _checked_path(res)
        checked.append(name)
    return checked


# --------------------------------------------------------------------------------------------
# Reading a table by its schema
# --------------------------------------------------------------------------------------------

_TYPE_PATTERNS = {
    "integer": r"-?\d+",
    "number": r"-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?",
    "date": r"\d{4}-\d{2}-\d{2}",
    "datetime": r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}",
}
_TYPE_WORDS = {"integer": "an integer", "number": "a number", "date": "a date (YYYY-MM-DD)",
               "datetime": "a date-time (YYYY-MM-DDTHH:MM:SS)"}


def _required(field: dict[str, Any]) -> bool:
    return bool(field.get("constraints", {}).get("required", False))


def _malformed(rel: str, index: int, column: str, problem: str) -> MalformedDataError:
    line = index + 2  # line 1 is the header; the build writes no line breaks inside cells
    return MalformedDataError(
        f"data/{rel}, line {line}, column {column!r}: {problem}. {_restore_hint(rel)}"
    )


def _check_header(path: Path, rel: str, fields: list[dict[str, Any]]) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh), [])
    expected = [f["name"] for f in fields]
    if header != expected:
        for pos, want in enumerate(expected):
            got = header[pos] if pos < len(header) else "(nothing)"
            if got != want:
                raise MalformedDataError(
                    f"data/{rel}, line 1, column {pos + 1}: header is {got!r}, the schema "
                    f"expects {want!r} (columns: {', '.join(expected)}). {_restore_hint(rel)}"
                )
        raise MalformedDataError(
            f"data/{rel}, line 1: extra columns {header[len(expected):]} not in the schema. "
            f"{_restore_hint(rel)}"
        )


def _locate_type_error(path: Path, rel: str, fields: list[dict[str, Any]]) -> None:
    """Slow path after a parse failure: find the first cell that breaks its field's type."""
    import pandas as pd

    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    for field in fields:
        pattern = _TYPE_PATTERNS.get(field["type"])
        col = raw[field["name"]]
        empty = col == ""
        if _required(field) and empty.any():
            raise _malformed(rel, int(empty.to_numpy().argmax()), field["name"],
                             "missing value in a required column")
        if pattern is None:
            continue
        bad = ~col.str.fullmatch(pattern) & ~empty
        if bad.any():
            i = int(bad.to_numpy().argmax())
            raise _malformed(rel, i, field["name"],
                             f"{col.iloc[i]!r} is not {_TYPE_WORDS[field['type']]}")


def _read(resource: dict[str, Any]) -> pd.DataFrame:
    import pandas as pd

    path = _checked_path(resource)
    rel = resource["path"]
    fields = resource["schema"]["fields"]
    _check_header(path, rel, fields)

    dtype: dict[str, Any] = {}
    for field in fields:
        ftype = field["type"]
        if ftype == "integer":
            dtype[field["name"]] = "int64" if _required(field) else "Int64"
        elif ftype == "number":
            dtype[field["name"]] = "float64"
        else:
            dtype[field["name"]] = str
    na_values = {f["name"]: [""] for f in fields if not _required(f)}
    try:
        frame = pd.read_csv(path, dtype=dtype, keep_default_na=False, na_values=na_values,
                            encoding="utf-8")
    except pd.errors.ParserError as exc:
        text = " ".join(str(exc).split())
        m = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", text)
        if m:
            text = (f"line {m.group(2)} has {m.group(3)} cells, the schema has {m.group(1)} "
                    f"columns ({', '.join(f['name'] for f in fields)})")
        raise MalformedDataError(f"data/{rel}, {text}. {_restore_hint(rel)}") from exc
    except (ValueError, TypeError) as exc:
        _locate_type_error(path, rel, fields)
        raise MalformedDataError(f"data/{rel}: {exc}. {_restore_hint(rel)}") from exc

    for field in fields:
        frame[field["name"]] = _convert(frame[field["name"]], field, rel)
    return frame


def _first(mask: Any) -> int:
    return int(mask.to_numpy().argmax())


def _convert(col: pd.Series, field: dict[str, Any], rel: str) -> pd.Series:
    """Check one parsed column against its field and give it its final dtype."""
    import pandas as pd

    name, ftype = field["name"], field["type"]
    cons = field.get("constraints", {})
    missing = col.isna()
    if _required(field):
        if ftype == "string":
            missing = missing | (col == "")
        if missing.any():
            raise _malformed(rel, _first(missing), name, "missing value in a required column")
    present = ~missing

    if ftype in ("date", "datetime"):
        fmt = "%Y-%m-%d" if ftype == "date" else field.get("format", "%Y-%m-%dT%H:%M:%S")
        out = pd.to_datetime(col, format=fmt, errors="coerce")
        bad = out.isna() & present
        if bad.any():
            i = _first(bad)
            raise _malformed(rel, i, name, f"{col.iloc[i]!r} is not {_TYPE_WORDS[ftype]}")
        return out

    enum = cons.get("enum")
    if enum is not None:
        bad = present & ~col.isin(enum)
        if bad.any():
            i = _first(bad)
            shown = ", ".join(map(repr, enum[:12])) + (" ..." if len(enum) > 12 else "")
            raise _malformed(rel, i, name, f"{col.iloc[i]!r} is not an allowed value ({shown})")
    pattern = cons.get("pattern")
    if pattern is not None:
        bad = present & ~col.astype(str).str.fullmatch(pattern)
        if bad.any():
            i = _first(bad)
            raise _malformed(rel, i, name, f"{col.iloc[i]!r} does not match {pattern!r}")
    for key, op in (("minimum", "lt"), ("maximum", "gt")):
        if key in cons and ftype in ("integer", "number"):
            bad = present & getattr(col, op)(cons[key])
            if bad.any():
                i = _first(bad)
                word = "below the minimum" if key == "minimum" else "above the maximum"
                raise _malformed(rel, i, name, f"{col.iloc[i]!r} is {word} {cons[key]!r}")
    if "categories" in field:
        return pd.Series(
            pd.Categorical(col, categories=field["categories"],
                           ordered=bool(field.get("categoriesOrdered", False))),
            index=col.index, name=name,
        )
    return col


def load(name: str) -> pd.DataFrame:
    """One table of the data package as a DataFrame with the schema's types.

    The file is checked against its recorded sha256 first; an unknown name lists the tables.
    """
    return _read(_resource(name))


def boundaries() -> dict[str, Any]:
    """The 21 comuna and corregimiento polygons as a GeoJSON FeatureCollection (a dict)."""
    res = _resource(GEOJSON_RESOURCE, tabular=False)
    path = _checked_path(res)
    return json.loads(path.read_text(encoding="utf-8"))


def territory_names(*, include_unknown: bool = False) -> dict[str, str]:
    """Territory code -> name ('01' -> 'Popular' ... '90' -> 'Santa Elena').

    With ``include_unknown=True`` the crime tables' 'SIN DATO' code is added ('Sin dato').
    """
    frame = load("territories")
    out = dict(zip(frame["territory_code"], frame["territory_name"], strict=True))
    if include_unknown:
        out["SIN DATO"] = "Sin dato"
    return out


# --------------------------------------------------------------------------------------------
# Provenance
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TableInfo:
    """Provenance of one resource: what it is, where it comes from, what to be careful about."""

    name: str
    title: str
    description: str
    path: str
    sources: tuple[str, ...]
    licenses: tuple[str, ...]
    caveats: tuple[str, ...]
    columns: tuple[tuple[str, str, str], ...]  # (name, type, description)
    primary_key: tuple[str, ...]
    sha256: str

    def __str__(self) -> str:
        lines = [f"{self.title} [{self.name}]", "", self.description, "",
                 f"File: data/{self.path} (sha256 {self.sha256[:12]}...)", "Sources:"]
        lines += [f"  - {s}" for s in self.sources]
        lines += ["Licence:"] + [f"  - {lic}" for lic in self.licenses]
        lines += ["Caveats:"] + [f"  - {c}" for c in self.caveats]
        if self.columns:
            lines += ["Columns:"] + [f"  - {n} ({t}): {d}" for n, t, d in self.columns]
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        def esc(text: str) -> str:
            return text.replace("|", "\\|")

        parts = [f"**{self.title}** (`{self.name}`)", "", self.description, "",
                 "**Sources**", ""]
        parts += [f"- {s}" for s in self.sources]
        parts += ["", "**Licence**", ""] + [f"- {lic}" for lic in self.licenses]
        parts += ["", "**Caveats**", ""] + [f"- {c}" for c in self.caveats]
        if self.columns:
            parts += ["", "| column | type | description |", "|---|---|---|"]
            parts += [f"| `{n}` | {t} | {esc(d)} |" for n, t, d in self.columns]
        parts += ["", f"File `data/{self.path}`, sha256 `{self.sha256[:12]}…`"]
        return "\n".join(parts)


def describe(name: str) -> TableInfo:
    """Provenance and caveats of a table (or of 'boundaries'), readable in a notebook."""
    res = _resource(name, tabular=False)

    def source_text(s: dict[str, Any]) -> str:
        extra = f" (copied from {s['copied_from']})" if s.get("copied_from") else ""
        return f"{s.get('title', '')} <{s.get('path', '')}>{extra}"

    fields = res.get("schema", {}).get("fields", [])
    return TableInfo(
        name=res["name"], title=res.get("title", res["name"]),
        description=res.get("description", ""), path=res["path"],
        sources=tuple(source_text(s) for s in res.get("sources", [])),
        licenses=tuple(lic.get("title") or lic.get("name", "") for lic in res.get("licenses", [])),
        caveats=tuple(res.get("caveats", [])),
        columns=tuple((f["name"], f["type"], f.get("description", "")) for f in fields),
        primary_key=tuple(res.get("schema", {}).get("primaryKey", [])),
        sha256=str(res.get("hash", "")).removeprefix("sha256:"),
    )


# --------------------------------------------------------------------------------------------
# Rates with an explicit population base
# --------------------------------------------------------------------------------------------


def rate(cases: Any, population: Any, per: float = 100_000) -> Any:
    """Cases per ``per`` inhabitants (default per 100,000); works on numbers, arrays, Series.

    The population must be positive everywhere: a zero or missing population is an error, not
    an infinite or empty rate.
    """
    import numpy as np

    if isinstance(per, bool) or not isinstance(per, (int, float)) or per <= 0:
        raise ValueError(f"per must be a positive number (e.g. 100_000), not {per!r}")
    pop = np.asarray(population, dtype=float)
    bad = np.isnan(pop) | (pop <= 0)
    if bad.any():
        if pop.ndim == 0:
            raise ValueError(f"population must be a positive number, not {population!r}")
        raise ValueError(
            f"population must be positive and not missing in every row: {int(bad.sum())} of "
            f"{bad.size} are zero, negative or missing"
        )
    result = cases / population * per
    return float(result) if np.ndim(result) == 0 else result


def population_total(territory_code: str | None, base: Base) -> int:
    """People living in a territory (or the city, with ``None``) in 2018, on a named base.

    ``base`` has no default on purpose: ``"dap_2018"`` (Alcaldía projection, by comuna; city
    total 2,529,403) and ``"dane_cnpv_2018"`` (DANE, CNPV-2018 based; city only, 2,427,129)
    differ by about 4%, and a rate must say which one it used.
    """
    if base not in POPULATION_BASES:
        raise ValueError(
            f"Unknown population base {base!r}. Name one of: "
            + "; ".join(f"{k!r} = {v}" for k, v in POPULATION_BASES.items())
        )
    if territory_code is not None:
        codes = territory_names()
        if not isinstance(territory_code, str) or territory_code not in codes:
            hint = ""
            if isinstance(territory_code, int) or (
                isinstance(territory_code, str) and re.fullmatch(r"\d", territory_code)
            ):
                hint = f" Codes are two-digit strings, e.g. '{int(territory_code):02d}'."
            raise ValueError(
                f"Unknown territory code {territory_code!r}.{hint} Valid: {', '.join(codes)} "
                "(or None for the whole city)."
            )
    if base == "dane_cnpv_2018":
        if territory_code is not None:
            raise ValueError(
                "The DANE CNPV-2018 base gives only Medellín's city total in this kit, not "
                f"comuna {territory_code!r}. Use base='dap_2018' for comunas and "
                "corregimientos, or territory_code=None for the city."
            )
        police = load("police_homicides_2003_2024")
        row = police[(police["municipality_code"] == _MEDELLIN_DANE) & (police["year"] == 2018)]
        if len(row) != 1:
            raise DataError("police_homicides_2003_2024 lacks Medellín's 2018 population row.")
        return int(row["population"].iloc[0])
    pop = load("population_2018")
    if territory_code is not None:
        pop = pop[pop["territory_code"] == territory_code]
    return int(pop["population"].sum())
