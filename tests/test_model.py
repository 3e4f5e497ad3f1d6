"""The integral model as data (its figure: tests/test_plots.py)."""

from __future__ import annotations

import pytest

from medlab_teach import model
from medlab_teach.errors import UnknownIdError


def test_ten_lines_in_the_models_order() -> None:
    assert len(model.LINES) == 10
    assert model.LINES[0].name_es == "Prevención temprana"
    assert model.LINES[-1].name_es == "Garantías de no repetición"
    assert [line.order for line in model.LINES] == list(range(1, 11))
    assert model.line_ids().index("reaccion_control") < model.line_ids().index("justicia")
    assert model.line_ids().index("atencion_victimas") < model.line_ids().index(
        "restablecimiento_derechos")


def test_every_component_is_named_in_spanish_and_english_and_described() -> None:
    ids = [c.id for c in model.components()]
    assert len(ids) == len(set(ids)), "component ids must be unique"
    for comp in model.components():
        assert comp.name_es and comp.name_en and comp.name_es != comp.name_en
        assert len(comp.description) > 30, f"{comp.id} needs a one-line description"
        assert comp.label == f"{comp.name_es} ({comp.name_en})"


def test_axes_and_frame() -> None:
    assert {a.id for a in model.AXES} == {"participacion_empoderamiento",
                                          "resiliencia_resistencia"}
    assert all(a.kind == "axis" for a in model.AXES)
    frame_names = {f.name_es for f in model.FRAME}
    assert "Goce efectivo de derechos" in frame_names
    assert "Desarrollo humano integral" in frame_names


def test_case_territories_point_at_real_components() -> None:
    assert set(model.CASE_TERRITORIES) == {"comuna_13", "moravia", "la_loma"}
    for case in model.CASE_TERRITORIES.values():
        for comp_id in (*case["lines"], *case["axes"]):
            model.get(comp_id)
    assert "atencion_victimas" in model.CASE_TERRITORIES["la_loma"]["lines"]


def test_unknown_component_lists_valid_ids() -> None:
    with pytest.raises(UnknownIdError, match="prevencion_temprana") as info:
        model.get("prevention")
    assert info.value.choices == tuple(c.id for c in model.components())
    assert info.value.given == "prevention" and isinstance(info.value, LookupError)


def test_records_cover_every_component() -> None:
    records = model.as_records()
    assert len(records) == len(model.components())
    assert {"id", "name_es", "name_en", "description", "kind"} <= set(records[0])

