"""Values as data: the only thing that crosses from a student's kernel to the test runner.

Autograder tests run in a separate process that never runs student code (see
:mod:`.trusted`). The names a test reads are copied into it as **data**: JSON with type tags,
never pickle, so nothing the student wrote can execute there. What can cross:

* ``None``, ``bool``, ``int``, ``float``, ``str`` (exact types: an ``int`` subclass with its own
  ``__eq__`` is refused), lists, tuples, dicts, sets, frozensets and ranges of them;
* numpy scalars and arrays (numbers, booleans, text, dates), pandas ``Series``, ``DataFrame``
  and ``Index`` (numpy, categorical and nullable dtypes), timestamps, ``NA``/``NaT``;
* the kit's own dataclasses (``scenario.Scenario``, ``plan.ActionPlan``...), rebuilt from their
  fields by the kit's real class, so a look-alike class gains nothing;
* a top-level function the test calls, as a *reference*: the runner calls it back in the
  student's kernel with data arguments and receives data (see ``callable``).

Anything else (a custom class, an object equal to anything, a generator, a function where a
value is asked) is refused with a reason the student can act on. The same module encodes in
the student's kernel and decodes in the runner; the decoder trusts nothing it receives.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import json
import math
import types
from collections.abc import Callable
from typing import Any

MAX_DEPTH = 40
MAX_ITEMS = 2_000_000
MAX_BYTES = 64 * 1024 * 1024
KIT_PREFIX = "medlab_teach."
_NUMPY_KINDS = frozenset("biufUMm")
_NULLABLE = frozenset({"Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32", "UInt64",
                       "Float32", "Float64", "boolean", "string"})


class NotDataError(ValueError):
    """A value that cannot cross as data (the message says what it is and why)."""


@dataclasses.dataclass
class _Budget:
    items: int = 0

    def spend(self, n: int = 1) -> None:
        self.items += n
        if self.items > MAX_ITEMS:
            raise NotDataError(f"it is too large to test (more than {MAX_ITEMS:,} values)")


def describe(value: Any) -> str:
    """A short, safe description of a value's type for a message."""
    kind = type(value)
    return f"{getattr(kind, '__module__', '?')}.{getattr(kind, '__qualname__', '?')}"


# -- encoding -----------------------------------------------------------------------------------
def encode(value: Any, *, callables: frozenset[str] = frozenset(), name: str = "") -> Any:
    """The JSON-able form of ``value``; raises :class:`NotDataError` when it is not plain data.

    ``callables`` are the top-level names allowed to be functions (the test calls them).
    """
    if name and name in callables and isinstance(value, types.FunctionType):
        return {"t": "callable", "name": name}
    return _encode(value, 0, _Budget())


def _encode(value: Any, depth: int, budget: _Budget) -> Any:
    if depth > MAX_DEPTH:
        raise NotDataError("it is nested too deeply")
    budget.spend()
    kind = type(value)
    if value is None or kind in (bool, int, str):
        return value
    if kind is float:
        return value if math.isfinite(value) else {"t": "float", "v": repr(value)}
    for handler in (_encode_container, _encode_time, _encode_numpy, _encode_pandas,
                    _encode_kit):
        out = handler(value, depth, budget)
        if out is not None:
            return out
    if callable(value):
        raise NotDataError(f"it is a function or other code ({describe(value)}), not a value")
    raise NotDataError(f"it is a {describe(value)}, which is not plain data")


def _encode_container(value: Any, depth: int, budget: _Budget) -> Any:
    kind = type(value)
    if kind in (list, tuple, set, frozenset):
        items = [_encode(v, depth + 1, budget) for v in value]
        if kind in (set, frozenset):
            items.sort(key=lambda v: json.dumps(v, sort_keys=True))
        return {"t": kind.__name__, "v": items}
    if kind in (dict, types.MappingProxyType):
        return {"t": "dict", "v": [[_encode(k, depth + 1, budget), _encode(v, depth + 1, budget)]
                                   for k, v in value.items()]}
    if kind is range:
        return {"t": "range", "v": [value.start, value.stop, value.step]}
    return None


def _encode_time(value: Any, depth: int, budget: _Budget) -> Any:
    kind = type(value)
    if kind in (dt.datetime, dt.date, dt.time):
        return {"t": kind.__name__, "v": value.isoformat()}
    if kind is dt.timedelta:
        return {"t": "timedelta", "v": [value.days, value.seconds, value.microseconds]}
    return None


def _encode_numpy(value: Any, depth: int, budget: _Budget) -> Any:
    np = _module("numpy")
    if np is None:
        return None
    if type(value) is np.ndarray:
        return _encode_array(value, depth, budget)
    if isinstance(value, np.generic) and type(value).__module__ == "numpy":
        if value.dtype.kind not in _NUMPY_KINDS:
            raise NotDataError(f"it is a numpy {value.dtype} scalar, which is not plain data")
        array = np.asarray(value).reshape(1)
        return {"t": "np", "v": _encode_array(array, depth, budget)}
    return None


def _encode_array(array: Any, depth: int, budget: _Budget) -> dict[str, Any]:
    kind = array.dtype.kind
    budget.spend(array.size)
    if kind in "Mm":
        unit = array.dtype.str
        return {"t": "nd", "dtype": unit, "shape": list(array.shape),
                "v": array.view("i8").ravel().tolist()}
    if kind in _NUMPY_KINDS:
        flat = [_float_out(v) if kind == "f" else v for v in array.ravel().tolist()]
        return {"t": "nd", "dtype": array.dtype.str, "shape": list(array.shape), "v": flat}
    if kind == "O":
        return {"t": "nd", "dtype": "O", "shape": list(array.shape),
                "v": [_encode(v, depth + 1, budget) for v in array.ravel().tolist()]}
    raise NotDataError(f"it holds numpy {array.dtype} values, which are not plain data")


def _float_out(v: float) -> Any:
    return v if math.isfinite(v) else {"t": "float", "v": repr(v)}


def _encode_pandas(value: Any, depth: int, budget: _Budget) -> Any:
    pd = _module("pandas")
    if pd is None:
        return None
    kind = type(value)
    if kind is pd.Series:
        return {"t": "series", "name": _encode(value.name, depth + 1, budget),
                "index": _encode_index(value.index, depth, budget),
                "data": _encode_values(value.array, depth, budget)}
    if kind is pd.DataFrame:
        return {"t": "frame", "index": _encode_index(value.index, depth, budget),
                "columns": _encode_index(value.columns, depth, budget),
                "data": [_encode_values(value.iloc[:, i].array, depth, budget)
                         for i in range(value.shape[1])]}
    if isinstance(value, pd.Index) and kind.__module__.startswith("pandas."):
        return _encode_index(value, depth, budget)
    if value is pd.NA:
        return {"t": "NA"}
    if value is pd.NaT:
        return {"t": "NaT"}
    if kind is pd.Timestamp:
        return {"t": "timestamp", "v": value.isoformat()}
    if kind is pd.Timedelta:
        return {"t": "pdtimedelta", "v": int(value.value)}
    return None


def _encode_index(index: Any, depth: int, budget: _Budget) -> dict[str, Any]:
    pd = _module("pandas")
    name = _encode(index.name, depth + 1, budget) if not isinstance(index, pd.MultiIndex) else None
    if type(index) is pd.RangeIndex:
        return {"t": "rangeindex", "v": [index.start, index.stop, index.step], "name": name}
    if type(index) is pd.MultiIndex:
        return {"t": "multiindex",
                "names": [_encode(n, depth + 1, budget) for n in index.names],
                "levels": [_encode_values(index.get_level_values(i).array, depth, budget)
                           for i in range(index.nlevels)]}
    return {"t": "index", "name": name, "data": _encode_values(index.array, depth, budget)}


def _encode_values(values: Any, depth: int, budget: _Budget) -> dict[str, Any]:
    """A pandas column's values (numpy-backed, categorical or nullable)."""
    pd = _module("pandas")
    np = _module("numpy")
    dtype = values.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return {"t": "categorical", "ordered": bool(dtype.ordered),
                "categories": _encode_index(dtype.categories, depth, budget),
                "codes": np.asarray(values.codes).tolist()}
    if str(dtype) in _NULLABLE:
        return {"t": "nullable", "dtype": str(dtype),
                "v": [_encode(None if v is pd.NA else v, depth + 1, budget)
                      for v in values.tolist()]}
    if isinstance(dtype, pd.DatetimeTZDtype):
        return {"t": "tzdatetime", "tz": str(dtype.tz),
                "v": _encode_array(np.asarray(values.tz_convert("UTC").tz_localize(None),
                                              dtype="datetime64[ns]"), depth, budget)}
    array = values.to_numpy() if hasattr(values, "to_numpy") else np.asarray(values)
    if type(array) is not np.ndarray:
        raise NotDataError(f"it holds pandas {dtype} values, which are not plain data")
    return _encode_array(array, depth, budget)


def _encode_kit(value: Any, depth: int, budget: _Budget) -> Any:
    kind = type(value)
    module = getattr(kind, "__module__", "")
    if not (module.startswith(KIT_PREFIX) and dataclasses.is_dataclass(kind)):
        return None
    if module.startswith(KIT_PREFIX + "grading"):
        return None
    fields = {f.name: _encode(getattr(value, f.name), depth + 1, budget)
              for f in dataclasses.fields(value) if f.init}
    return {"t": "kit", "type": f"{module}:{kind.__qualname__}", "fields": fields}


def _module(name: str) -> Any:
    """An already-imported module (encoding never imports numpy or pandas itself)."""
    import sys

    return sys.modules.get(name)


def dumps(tree: Any) -> str:
    """JSON text of an encoded tree (size-checked)."""
    text = json.dumps(tree, allow_nan=False, separators=(",", ":"))
    if len(text) > MAX_BYTES:
        raise NotDataError(f"it is too large to test (over {MAX_BYTES // 2**20} MiB as data)")
    return text


# -- decoding -----------------------------------------------------------------------------------
def decode(tree: Any, *, function: Callable[[str], Any] | None = None) -> Any:
    """Rebuild a value from its encoded form; raises :class:`NotDataError` on anything unexpected.

    ``function(name)`` makes the stand-in for a student's function (None: functions refused).
    """
    return _decode(tree, 0, _Budget(), function)


def _decode(tree: Any, depth: int, budget: _Budget, function: Any) -> Any:
    if depth > MAX_DEPTH:
        raise NotDataError("it is nested too deeply")
    budget.spend()
    if tree is None or type(tree) in (bool, int, str):
        return tree
    if type(tree) is float:
        return tree
    if type(tree) is not dict or type(tree.get("t")) is not str:
        raise NotDataError("it arrived malformed")
    tag = tree["t"]
    handler = _DECODERS.get(tag)
    if handler is None:
        raise NotDataError(f"it arrived with an unknown type tag {tag[:40]!r}")
    try:
        return handler(tree, depth, budget, function)
    except NotDataError:
        raise
    except (KeyError, TypeError, ValueError, IndexError, AttributeError, OverflowError) as exc:
        raise NotDataError(f"it arrived malformed ({type(exc).__name__})") from None


def _items(tree: Any, depth: int, budget: _Budget, function: Any) -> list[Any]:
    values = tree["v"]
    if type(values) is not list:
        raise NotDataError("it arrived malformed")
    return [_decode(v, depth + 1, budget, function) for v in values]


def _d_float(tree: Any, *_: Any) -> float:
    text = tree["v"]
    if text not in ("nan", "inf", "-inf"):
        raise NotDataError("it arrived malformed")
    return float(text)


def _d_dict(tree: Any, depth: int, budget: _Budget, function: Any) -> dict[Any, Any]:
    out = {}
    for pair in tree["v"]:
        key, value = pair
        out[_decode(key, depth + 1, budget, function)] = _decode(value, depth + 1, budget,
                                                                 function)
    return out


def _d_range(tree: Any, *_: Any) -> range:
    start, stop, step = (int(v) for v in tree["v"])
    return range(start, stop, step)


def _d_time(tree: Any, *_: Any) -> Any:
    kind = {"datetime": dt.datetime, "date": dt.date, "time": dt.time}[tree["t"]]
    return kind.fromisoformat(str(tree["v"]))


def _d_timedelta(tree: Any, *_: Any) -> dt.timedelta:
    days, seconds, micro = (int(v) for v in tree["v"])
    return dt.timedelta(days=days, seconds=seconds, microseconds=micro)


def _d_array(tree: Any, depth: int, budget: _Budget, function: Any) -> Any:
    import numpy as np

    dtype = np.dtype(str(tree["dtype"]))
    shape = tuple(int(n) for n in tree["shape"])
    values = tree["v"]
    if type(values) is not list:
        raise NotDataError("it arrived malformed")
    budget.spend(len(values))
    if dtype.kind in "Mm":
        return np.array([int(v) for v in values], dtype="i8").view(dtype).reshape(shape)
    if dtype.kind == "O":
        items = [_decode(v, depth + 1, budget, None) for v in values]
        array = np.empty(len(items), dtype=object)
        array[:] = items
        return array.reshape(shape)
    if dtype.kind not in _NUMPY_KINDS:
        raise NotDataError(f"it arrived with numpy type {dtype}")
    if dtype.kind == "f":
        values = [_d_float(v) if type(v) is dict else v for v in values]
    if any(type(v) not in (bool, int, float, str) for v in values):
        raise NotDataError("it arrived malformed")
    return np.array(values, dtype=dtype).reshape(shape)


def _d_scalar(tree: Any, depth: int, budget: _Budget, function: Any) -> Any:
    array = _d_array(tree["v"], depth + 1, budget, None)
    if array.size != 1 or array.dtype.kind == "O":
        raise NotDataError("it arrived malformed")
    return array[0]


def _d_values(tree: Any, depth: int, budget: _Budget) -> Any:
    import numpy as np
    import pandas as pd

    tag = tree.get("t") if type(tree) is dict else None
    if tag == "categorical":
        categories = _d_index(tree["categories"], depth + 1, budget, None)
        codes = np.array([int(c) for c in tree["codes"]], dtype="i8")
        return pd.Categorical.from_codes(codes, categories=categories,
                                         ordered=bool(tree["ordered"]))
    if tag == "nullable":
        if tree["dtype"] not in _NULLABLE:
            raise NotDataError("it arrived with an unknown pandas type")
        items = _items(tree, depth, budget, None)
        return pd.array([pd.NA if v is None else v for v in items], dtype=tree["dtype"])
    if tag == "tzdatetime":
        naive = _d_array(tree["v"], depth + 1, budget, None)
        return pd.DatetimeIndex(naive).tz_localize("UTC").tz_convert(str(tree["tz"])).array
    if tag == "nd":
        return _d_array(tree, depth + 1, budget, None)
    raise NotDataError("it arrived malformed")


def _d_index(tree: Any, depth: int, budget: _Budget, function: Any) -> Any:
    import pandas as pd

    tag = tree["t"]
    if tag == "rangeindex":
        start, stop, step = (int(v) for v in tree["v"])
        return pd.RangeIndex(start, stop, step, name=_decode(tree["name"], depth + 1, budget,
                                                             None))
    if tag == "multiindex":
        levels = [_d_values(level, depth + 1, budget) for level in tree["levels"]]
        names = [_decode(n, depth + 1, budget, None) for n in tree["names"]]
        return pd.MultiIndex.from_arrays(levels, names=names)
    if tag != "index":
        raise NotDataError("it arrived malformed")
    return pd.Index(_d_values(tree["data"], depth + 1, budget),
                    name=_decode(tree["name"], depth + 1, budget, None), tupleize_cols=False)


def _d_series(tree: Any, depth: int, budget: _Budget, function: Any) -> Any:
    import pandas as pd

    index = _d_index(tree["index"], depth + 1, budget, None)
    values = _d_values(tree["data"], depth + 1, budget)
    return pd.Series(values, index=index, name=_decode(tree["name"], depth + 1, budget, None),
                     copy=False)


def _d_frame(tree: Any, depth: int, budget: _Budget, function: Any) -> Any:
    import pandas as pd

    index = _d_index(tree["index"], depth + 1, budget, None)
    columns = _d_index(tree["columns"], depth + 1, budget, None)
    data = [_d_values(col, depth + 1, budget) for col in tree["data"]]
    if len(data) != len(columns):
        raise NotDataError("it arrived malformed")
    frame = pd.DataFrame({i: pd.Series(v, index=index, copy=False) for i, v in enumerate(data)},
                         index=index)
    frame.columns = columns
    return frame


def _d_pandas_scalar(tree: Any, *_: Any) -> Any:
    import pandas as pd

    tag = tree["t"]
    if tag == "NA":
        return pd.NA
    if tag == "NaT":
        return pd.NaT
    if tag == "timestamp":
        return pd.Timestamp(str(tree["v"]))
    return pd.Timedelta(int(tree["v"]), unit="ns")


def _d_kit(tree: Any, depth: int, budget: _Budget, function: Any) -> Any:
    module_name, _, qualname = str(tree["type"]).partition(":")
    if not module_name.startswith(KIT_PREFIX) or module_name.startswith(KIT_PREFIX + "grading"):
        raise NotDataError(f"it claims the type {module_name[:60]!r}, which is not the kit's")
    try:
        target: Any = importlib.import_module(module_name)
        for part in qualname.split("."):
            target = getattr(target, part)
    except (ImportError, AttributeError):
        raise NotDataError(f"it claims the unknown kit type {qualname[:60]!r}") from None
    if not (isinstance(target, type) and dataclasses.is_dataclass(target)):
        raise NotDataError(f"{qualname[:60]!r} is not one of the kit's data types")
    fields = tree["fields"]
    allowed = {f.name for f in dataclasses.fields(target) if f.init}
    if type(fields) is not dict or not set(fields) <= allowed:
        raise NotDataError("it arrived malformed")
    values = {k: _decode(v, depth + 1, budget, None) for k, v in fields.items()}
    return target(**values)


def _d_callable(tree: Any, depth: int, budget: _Budget, function: Any) -> Any:
    if function is None or depth != 0:
        raise NotDataError("it is a function, where a value is expected")
    return function(str(tree["name"]))


def _d_container(tree: Any, depth: int, budget: _Budget, function: Any) -> Any:
    items = _items(tree, depth, budget, None)
    return {"list": list, "tuple": tuple, "set": set, "frozenset": frozenset}[tree["t"]](items)


_DECODERS: dict[str, Callable[..., Any]] = {
    "float": _d_float, "list": _d_container, "tuple": _d_container, "set": _d_container,
    "frozenset": _d_container, "dict": _d_dict, "range": _d_range, "datetime": _d_time,
    "date": _d_time, "time": _d_time, "timedelta": _d_timedelta, "nd": _d_array,
    "np": _d_scalar, "series": _d_series, "frame": _d_frame, "index": _d_index,
    "rangeindex": _d_index, "multiindex": _d_index, "NA": _d_pandas_scalar,
    "NaT": _d_pandas_scalar, "timestamp": _d_pandas_scalar, "pdtimedelta": _d_pandas_scalar,
    "kit": _d_kit, "callable": _d_callable,
}


# -- the student kernel's side ------------------------------------------------------------------
def export_names(namespace: dict[str, Any], names: list[str], callables: list[str]) -> str:
    """JSON of ``{"values": {name: tree}, "refused": {name: reason}, "missing": [names]}``.

    Evaluated in the student's kernel (a user expression) before each test cell.
    """
    allowed = frozenset(callables)
    values: dict[str, Any] = {}
    refused: dict[str, str] = {}
    missing: list[str] = []
    for name in names:
        if name not in namespace:
            missing.append(name)
            continue
        try:
            tree = encode(namespace[name], callables=allowed, name=name)
            dumps(tree)
            values[name] = tree
        except NotDataError as exc:
            refused[name] = str(exc)
        except Exception as exc:  # a hostile object can raise anything while being read
            refused[name] = f"it could not be read ({type(exc).__name__})"
    return dumps({"values": values, "refused": refused, "missing": missing})


def call_function(namespace: dict[str, Any], name: str, payload: str) -> str:
    """Call a student's function with data arguments; JSON of its result or its error.

    Evaluated in the student's kernel when a test (in the runner) calls that function.
    """
    try:
        request = json.loads(payload)
        args = decode(request["args"])
        kwargs = decode(request["kwargs"])
        function = namespace[name]
    except (NotDataError, KeyError, ValueError, TypeError) as exc:
        return dumps({"error": ["GraderError", f"the call could not be prepared: {exc}"]})
    try:
        result = function(*args, **kwargs)
    except BaseException as exc:  # the student's error is the test's business
        if isinstance(exc, KeyboardInterrupt):
            raise
        return dumps({"error": [type(exc).__name__, str(exc)[:2000]]})
    try:
        return dumps({"value": encode(result)})
    except NotDataError as exc:
        return dumps({"refused": f"{name}() returned a value that is not plain data: {exc}"})
    except Exception as exc:
        return dumps({"refused": f"{name}() returned a value that could not be read "
                                 f"({type(exc).__name__})"})
