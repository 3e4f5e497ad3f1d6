"""The capstone's action plan: validation messages, round trips through dict, code and Markdown."""

from __future__ import annotations

import pytest

from medlab_teach import model, plan
from medlab_teach.errors import UnknownIdError
from medlab_teach.plan import ActionPlan, Commitment


def complete_plan() -> ActionPlan:
    return ActionPlan(
        title="Plan para la vereda",
        territory="Vereda La Loma",
        problems=["Desplazamiento de familias", "Jóvenes reclutados"],
        lines=["prevencion_social", "atencion_victimas", "participacion_empoderamiento"],
        actors=["Unidad de Víctimas", "Junta de Acción Comunal"],
        commitments=[
            Commitment("Mesa con la comunidad", "corto", ["participacion_empoderamiento"],
                       ["Junta de Acción Comunal"]),
            Commitment("Ruta de atención", "mediano", ["atencion_victimas"],
                       ["Unidad de Víctimas"], indicator="familias atendidas"),
            Commitment("Escuela de danza", "largo", ["prevencion_social"],
                       ["Junta de Acción Comunal", "Unidad de Víctimas"]),
        ],
    )


def test_a_complete_plan_has_no_problems():
    assert complete_plan().validate() == []
    assert complete_plan().is_valid(require_integral=True)  # prevention + reparation stages


def test_the_example_from_the_open_space_is_valid():
    example = plan.example()
    assert example.validate() == []
    assert {c.term for c in example.commitments} == set(plan.TERMS)


def test_an_empty_plan_lists_everything_missing():
    problems = ActionPlan().validate()
    joined = " ".join(problems)
    for needle in ("title", "territory", "problem", "line of the model", "actor",
                   "commitments at short, medium and long term"):
        assert needle in joined, needle
    assert len(problems) == 6


@pytest.mark.parametrize(("change", "needle"), [
    (lambda p: p.lines.append("policia"), "'policia' is not a line or axis of the model"),
    (lambda p: p.lines.append("prevencion_social"), "Lines listed twice: prevencion_social"),
    (lambda p: p.commitments.pop(0), "No commitment at corto plazo"),
    (lambda p: setattr(p.commitments[0], "term", "pronto"), "has term 'pronto'"),
    (lambda p: setattr(p.commitments[1], "lines", ["justicia"]),
     "serves 'justicia', which is not among the plan's lines"),
    (lambda p: setattr(p.commitments[1], "actors", ["Policía"]),
     "names actor 'Policía', who is not among the plan's actors"),
    (lambda p: setattr(p.commitments[1], "actors", []), "Commitment 2 has no actor"),
    (lambda p: setattr(p.commitments[2], "action", "  "), "Commitment 3 has no action"),
    (lambda p: p.lines.append("justicia"), "No commitment serves the line 'justicia'"),
    (lambda p: p.problems.append(""), "Some problems are empty"),
])
def test_each_problem_is_named(change, needle):
    p = complete_plan()
    change(p)
    problems = p.validate()
    assert any(needle in msg for msg in problems), problems


def test_integral_requirement_needs_two_stages():
    p = complete_plan()
    p.lines = ["prevencion_social", "participacion_empoderamiento"]
    p.commitments[1].lines = ["prevencion_social"]
    assert p.validate() == []
    assert any("two stages" in msg for msg in p.validate(require_integral=True))


def test_dict_and_code_round_trips():
    p = complete_plan()
    data = p.to_dict()
    assert isinstance(data["commitments"][0], dict)
    assert ActionPlan.from_dict(data) == p
    namespace: dict = {}
    exec(p.to_code(), namespace)
    assert namespace["my_plan"] == p


@pytest.mark.parametrize(("data", "error", "message"), [
    ([1, 2], TypeError, "must be a dict"),
    ({"titulo": "x"}, UnknownIdError, r"no key in the plan 'titulo'.*'title'"),
    ({"problems": "one problem"}, TypeError, "must be a list of texts"),
    ({"commitments": [{"action": "x"}]}, ValueError, "needs 'term'"),
    ({"commitments": [{"action": "x", "term": "corto", "when": 1}]}, UnknownIdError,
     "key in a commitment 'when'"),
    ({"title": 3}, TypeError, "must be a text"),
])
def test_from_dict_rejects_wrong_shapes(data, error, message):
    with pytest.raises(error, match=message):
        ActionPlan.from_dict(data)


def test_markdown_has_every_part_in_order():
    md = complete_plan().to_markdown()
    order = ["# Plan de acción", "## Problemas", "## Líneas del modelo", "## Actores",
             "### Corto plazo", "### Mediano plazo", "### Largo plazo"]
    positions = [md.index(h) for h in order]
    assert positions == sorted(positions)
    assert model.get("atencion_victimas").label in md
    assert "indicator: familias atendidas" in md
    assert "1. Desplazamiento de familias" in md
