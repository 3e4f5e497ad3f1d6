"""datapackage.json from scripts/sources/datapackage.yaml.

The YAML says what each table is (schema, sources, licences, caveats) and is edited by hand; the
build fills in what only it knows (the ``${name}`` values it measured in the raw sources) and
stamps each file's hash, size and row count. The YAML's conventions are explained at its top.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import yaml

from databuild.common import SOURCES, BuildError

METADATA = SOURCES / "datapackage.yaml"
_PLACEHOLDER = re.compile(r"\$\{(\w+)\}")
_FIELD_KEYS = {"name", "type", "description", "format", "required", "enum", "categorical",
               "ordered", "minimum", "maximum", "pattern"}
_CONSTRAINT_KEYS = ("minimum", "maximum", "pattern")
_RESOURCE_KEYS = {"name", "path", "profile", "title", "description", "format", "mediatype",
                  "encoding", "primary_key", "sources", "licenses", "caveats", "fields"}
_TABULAR_DEFAULTS = {"profile": "tabular-data-resource", "format": "csv",
                     "mediatype": "text/csv", "encoding": "utf-8"}


def load_metadata(path: Path = METADATA) -> dict[str, Any]:
    """The hand-written metadata, with its YAML anchors resolved."""
    try:
        meta = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise BuildError(f"{path} is not valid YAML: {exc}") from exc
    if not isinstance(meta, dict) or not {"package", "resources"} <= set(meta):
        raise BuildError(f"{path} needs a 'package' and a 'resources' section")
    return meta


def fill(value: Any, values: dict[str, Any], where: str) -> Any:
    """Replace ``${name}`` by the build's value: a whole-string placeholder takes the value
    itself (a list of codes, say), one inside a text takes its text."""

    def lookup(name: str) -> Any:
        if name not in values:
            raise BuildError(f"{where}: unknown placeholder ${{{name}}}; the build knows "
                             f"{', '.join(sorted(values))}")
        return values[name]

    if isinstance(value, str):
        whole = _PLACEHOLDER.fullmatch(value)
        if whole:
            return lookup(whole.group(1))
        return _PLACEHOLDER.sub(lambda m: str(lookup(m.group(1))), value)
    if isinstance(value, list):
        return [fill(v, values, where) for v in value]
    if isinstance(value, dict):
        return {k: fill(v, values, where) for k, v in value.items()}
    return value


def _flat(items: list[Any]) -> list[Any]:
    """A list in which an item that is itself a list (a YAML alias to shared caveats) is
    spliced in."""
    out: list[Any] = []
    for item in items:
        out.extend(item if isinstance(item, list) else [item])
    return out


def table_field(spec: dict[str, Any], where: str) -> dict[str, Any]:
    """One Table Schema field from its short form: required unless ``required: false``;
    ``categorical`` asks the loaders for a pandas category of the enum's values."""
    unknown = set(spec) - _FIELD_KEYS
    if unknown:
        raise BuildError(f"{where}: unknown field keys {sorted(unknown)}")
    field: dict[str, Any] = {"name": spec["name"], "type": spec["type"],
                             "description": spec["description"]}
    if "format" in spec:
        field["format"] = spec["format"]
    cons: dict[str, Any] = {"required": True} if spec.get("required", True) else {}
    if "enum" in spec:
        cons["enum"] = list(spec["enum"])
    cons.update((k, v) for k, v in spec.items() if k in _CONSTRAINT_KEYS)
    if cons:
        field["constraints"] = cons
    if spec.get("categorical"):
        if "enum" not in spec:
            raise BuildError(f"{where}: a categorical field needs an enum")
        field["categories"] = list(spec["enum"])
        field["categoriesOrdered"] = bool(spec.get("ordered", False))
    return field


def resource_descriptor(spec: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """A resource of datapackage.json (without its stamps) from its YAML entry."""
    where = f"{METADATA.name}, resource {spec.get('name')!r}"
    unknown = set(spec) - _RESOURCE_KEYS
    if unknown:
        raise BuildError(f"{where}: unknown keys {sorted(unknown)}")
    spec = fill(spec, values, where)
    defaults = _TABULAR_DEFAULTS if "fields" in spec else {}
    res: dict[str, Any] = {"name": spec["name"], "path": spec.get("path", f"{spec['name']}.csv")}
    res["profile"] = spec.get("profile", defaults.get("profile"))
    res["title"] = spec["title"]
    res["description"] = spec["description"]
    for key in ("format", "mediatype", "encoding"):
        res[key] = spec.get(key, defaults.get(key))
    if "fields" in spec:
        res["schema"] = {"fields": [table_field(f, f"{where}, field {f.get('name')!r}")
                                    for f in spec["fields"]],
                         "missingValues": [""]}
        if spec.get("primary_key"):
            res["schema"]["primaryKey"] = list(spec["primary_key"])
    res["sources"] = spec["sources"]
    res["licenses"] = spec["licenses"]
    res["caveats"] = _flat(spec["caveats"])
    missing = [k for k, v in res.items() if v is None or v == []]
    if missing:
        raise BuildError(f"{where}: missing {missing}")
    return res


def stamp(resource: dict[str, Any], content: bytes, rows: int | None) -> None:
    """Record what was written: size, sha256 and, for a table, its number of data rows."""
    resource["bytes"] = len(content)
    resource["hash"] = "sha256:" + hashlib.sha256(content).hexdigest()
    if rows is not None:
        resource["rows"] = rows


def package_descriptor(meta: dict[str, Any], resources: list[dict[str, Any]],
                       raw_sha256: dict[str, dict[str, str]],
                       build_facts: dict[str, Any]) -> dict[str, Any]:
    """The whole datapackage.json: the YAML's package section, the raw files' hashes and the
    build's findings, then the resources."""
    package = meta["package"]
    return {
        "profile": package["profile"], "name": package["name"], "title": package["title"],
        "description": package["description"], "version": str(package["version"]),
        "sources": package["sources"], "raw_sha256": raw_sha256,
        "build": {"script": package["build_script"], **build_facts},
        "resources": resources,
    }


def descriptor_text(package: dict[str, Any]) -> str:
    """datapackage.json's exact text (stable, so rebuilds are byte-identical)."""
    return json.dumps(package, ensure_ascii=False, indent=2) + "\n"
