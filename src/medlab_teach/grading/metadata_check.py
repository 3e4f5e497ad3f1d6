"""nbgrader's cell-metadata check, with its JSON schema checked and compiled once per process.

nbgrader's ``CheckCellMetadata`` validates each cell's ``nbgrader`` metadata with
``jsonschema.validate``, which first validates the *schema itself* against its meta-schema:
for a 20-cell notebook, checked twice per submission, that is about 25 ms of the grader's CPU
per submission spent proving again that nbgrader's own schema is valid. The checks here are
nbgrader's, unchanged (``MetadataValidatorV3`` runs them); only the schema step goes through a
validator built once.
"""

from __future__ import annotations

from typing import Any

import jsonschema
from nbgrader.nbgraderformat.common import (
    BaseMetadataValidator,
    SchemaTooNewError,
    SchemaTooOldError,
    ValidationError,
)
from nbgrader.nbgraderformat.v3 import MetadataValidatorV3
from nbgrader.preprocessors import CheckCellMetadata

_VALIDATORS: dict[int, Any] = {}


def _validator(version: int, schema: dict[str, Any]) -> Any:
    """The jsonschema validator of nbgrader's schema ``version``, the schema checked once."""
    if version not in _VALIDATORS:
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
        _VALIDATORS[version] = cls(schema)
    return _VALIDATORS[version]


class _CompiledSchemaCheck(BaseMetadataValidator):
    """The base class's cell check (versions, then the schema) with a validator built once."""

    def validate_cell(self, cell: Any) -> None:
        """Raise like nbgrader's check when the cell's nbgrader metadata is invalid."""
        if "nbgrader" not in cell.metadata:
            return
        meta = cell.metadata["nbgrader"]
        version = meta.get("schema_version", 0)
        if version < self.schema_version:
            raise SchemaTooOldError(f"Outdated schema version: {version} (expected "
                                    f"{self.schema_version})", version, self.schema_version)
        if version > self.schema_version:
            raise SchemaTooNewError(f"Schema version is too new: {version} (expected "
                                    f"{self.schema_version})", version, self.schema_version)
        error = jsonschema.exceptions.best_match(
            _validator(self.schema_version, self.schema).iter_errors(meta))
        if error is not None:
            raise error


class CompiledMetadataValidator(MetadataValidatorV3, _CompiledSchemaCheck):
    """nbgrader's current metadata validator; its schema step is :class:`_CompiledSchemaCheck`."""


class CheckCellMetadataOnce(CheckCellMetadata):
    """nbgrader's ``CheckCellMetadata`` (same checks, same errors), the schema compiled once."""

    def preprocess(self, nb: Any, resources: Any) -> tuple[Any, Any]:
        """Validate every cell's nbgrader metadata; raise ``ValidationError`` as nbgrader does."""
        try:
            CompiledMetadataValidator().validate_nb(nb)
        except ValidationError as exc:
            self.log.error("%s", exc)
            raise ValidationError("Notebook failed to validate; the nbgrader metadata may be "
                                  "corrupted.") from exc
        return nb, resources
