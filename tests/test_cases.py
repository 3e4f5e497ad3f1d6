"""The case territories (``cases``): timelines, interventions, quotations and the actor map."""

from __future__ import annotations

import pandas as pd
import pytest

from medlab_teach import cases, model
from medlab_teach.errors import UnknownIdError

TIMELINE = pd.DataFrame(
    {
        "date": ["2008", "1976", "2011-12-26", "1977"],
        "case_id": ["comuna_13", "moravia", "comuna_13", "moravia"],
        "territory_code": ["13", "04", "13", "04"],
        "event": ["Línea J", "dump (seed)", "escalators", "dump (other)"],
        "model_line": ["reduccion_inequidad", None, "prevencion_situacional", None],
        "source": ["a", "seed", "b", "c"],
        "note": ["", "Disagrees with El Tiempo", "", "Disagrees with the seed"],
    }
)


def test_timeline_filters_and_sorts() -> None:
    t = cases.timeline("moravia", TIMELINE)
    assert list(t["year"]) == [1976, 1977]
    assert len(cases.sources_disagree("moravia", TIMELINE)) == 2
    assert list(cases.events_for_line("prevencion_situacional", TIMELINE)["event"]) == [
        "escalators"]
    with pytest.raises(UnknownIdError, match="'moravia'"):
        cases.timeline("nowhere", TIMELINE)


def test_cases_follow_the_model() -> None:
    assert cases.case_keys() == list(model.CASE_TERRITORIES)
    assert "moravia" in cases.cases_for_line("prevencion_temprana")
    assert cases.case("la_loma")["territory_code"] == "60"
    for item in cases.INTERVENTIONS:
        model.get(item.model_line)  # every intervention sits on a real line
        assert item.source
    assert (2008.0, "Metrocable Línea J") in cases.intervention_events("13")
    with pytest.raises(UnknownIdError, match="linea_k"):
        cases.intervention("linea_z")


def test_quotes_are_attributed_to_their_visit() -> None:
    assert cases.quote_visit("Si la comunidad no se mueve") == "moravia"
    assert cases.quote_visit("resignificar el nombre de La Loma") == "la_loma"
    with pytest.raises(ValueError, match="longer fragment"):
        cases.quote_visit("la")  # in several quotes


def test_actor_map_problems_name_what_is_wrong() -> None:
    right = {"comunidad": ["Comité de Memoria Histórica"], "institucion": ["EDU"],
             "articulacion": ["Mesa institucional de la zona 4"],
             "actor_armado": ["Grupos paramilitares (2002)"]}
    assert cases.actor_map_problems(right) == []
    wrong = dict(right, institucion=["EDU", "Mesa institucional de la zona 4"])
    assert any("not 'institucion'" in p for p in cases.actor_map_problems(wrong))
    assert any("no actor of type 'actor_armado'" in p
               for p in cases.actor_map_problems({k: v for k, v in right.items()
                                                  if k != "actor_armado"}))
    assert any("not an actor named" in p
               for p in cases.actor_map_problems(dict(right, comunidad=["Kolacho"])))
    assert set(cases.COMUNA_13_ACTORS.values()) == set(cases.ACTOR_TYPES)
