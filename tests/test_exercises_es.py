"""The exercises and the case territories in Spanish: every text a learner reads in a check (title,
hints, fallback hint, explanation, solution note) is in the catalog and reads as Spanish, the
report's quotations in it unchanged, and the hints still react to the same answers."""

from __future__ import annotations

import re

import pytest
from learner_text import quoted_spans
from script_modules import script

import medlab_teach
from medlab_teach import cases, messages
from medlab_teach.checks import Exercise, all_exercises, check, evaluate, get_exercise
from medlab_teach.errors import UnknownIdError
from medlab_teach.i18n import _

EXERCISES = all_exercises()
ENGLISH_WORDS = (" the ", " of ", " and ", " your ", " with ", " from ")
_CODE = re.compile(r"`[^`]*`")
_QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"|“[^”]*”")


@pytest.fixture()
def spanish():
    """Spanish for one test, English again afterwards whatever happens."""
    medlab_teach.set_language("es")
    yield
    medlab_teach.set_language("en")


def declared_texts(exercise: Exercise) -> list[str]:
    """What a learner can read of an exercise, as declared (English, marked for the catalog)."""
    texts = [exercise.title, *(hint for _rule, hint in exercise.hints), exercise.explanation,
             exercise.solution_note]
    if exercise.fallback_hint != messages.DEFAULT_FALLBACK_HINT:
        texts.append(exercise.fallback_hint)
    return [text for text in texts if text]


def english_left(text: str) -> list[str]:
    """English function words outside code in backticks and quoted spans (data values, ids and
    the report's Spanish are quoted)."""
    prose = f" {_QUOTED.sub(' ', _CODE.sub(' ', text))} ".lower()
    prose = re.sub(r"[,.;:()]", " ", prose)
    return [word.strip() for word in ENGLISH_WORDS if word in prose]


def test_every_declared_text_is_in_the_spanish_catalog() -> None:
    catalog = script("translations").read_catalog("es")
    missing = [(e.id, text) for e in EXERCISES for text in declared_texts(e)
               if not (catalog.get(text) and catalog.get(text).string)]
    assert len(EXERCISES) > 40
    assert not missing, "exercise texts without a Spanish translation:\n" + "\n".join(
        f"{eid}: {text!r}" for eid, text in missing)


@pytest.mark.parametrize("exercise", EXERCISES, ids=[e.id for e in EXERCISES])
def test_an_exercise_reads_as_spanish(exercise: Exercise, spanish) -> None:
    for text in declared_texts(exercise):
        shown = _(text)
        assert shown != text, f"{exercise.id}: not translated: {text!r}"
        assert not english_left(shown), (
            f"{exercise.id}: English words {english_left(shown)} left in {shown!r}")


@pytest.mark.parametrize("exercise", EXERCISES, ids=[e.id for e in EXERCISES])
def test_the_reports_quotations_stay_verbatim_in_spanish(exercise: Exercise, spanish) -> None:
    for text in declared_texts(exercise):
        for quotation in quoted_spans(text, single_quotes=True):
            assert quotation in " ".join(_(text).split()), (
                f"{exercise.id}: the quotation {quotation!r} changed in {_(text)!r}")


def test_the_check_finds_english_words() -> None:
    assert english_left("Divide by the population of the city.") == ["the", "of"]
    assert english_left("Busque las filas 'opens to the public' y `from x import y`.") == []


def test_a_title_and_a_hint_in_spanish(spanish) -> None:
    by_id = {e.id: e for e in EXERCISES}
    sign = by_id["l00a_def"].hints[0][1]
    assert _(sign) == "Revise el signo: después menos antes, para que una caída sea negativa."
    assert _(by_id["l04_peak_year"].title) == "El peor año de San Javier"
    assert "'el centro histórico y patrimonial de la Ciudad'" in _(
        by_id["l01_top_comuna_2019"].explanation)


def test_a_wrongly_shaped_answer_is_explained_in_spanish(spanish) -> None:
    feedback = check("l00_lab_methods", 42)
    assert not feedback.ok
    assert "se esperaba un diccionario" in feedback.message


def test_the_actor_map_hints_do_not_depend_on_the_language(spanish) -> None:
    mesa = "Mesa institucional de la zona 4"
    wrong = {"comunidad": ["Comité de Memoria Histórica"], "institucion": ["EDU", mesa],
             "articulacion": [], "actor_armado": ["Grupos paramilitares (2002)"]}
    (hint,) = [h for _rule, h in get_exercise("l04_actor_map").hints if h.startswith("The Mesa")]
    assert evaluate("l04_actor_map", wrong).message in {hint, _(hint)}
    problems = cases.actor_map_problems(wrong)
    assert f"{mesa!r} no es 'institucion' sino 'articulacion'" in problems
    assert "no hay ningún actor del tipo 'articulacion'" in problems


def test_the_case_territories_speak_spanish(spanish) -> None:
    assert cases.ACTOR_TYPES["comunidad"] == "organizaciones y procesos comunitarios"
    assert "organizaciones y procesos comunitarios" in repr(cases.ACTOR_TYPES)
    sources = cases.interventions_table().set_index("key")["source"]
    assert sources["parque_biblioteca_san_javier"] == (
        "El Tiempo (inaugurado el 31 de diciembre de 2006)")
    with pytest.raises(UnknownIdError, match="Identificador de intervención no reconocido"):
        cases.intervention("linea_z")
    with pytest.raises(ValueError, match="escriba un fragmento más largo"):
        cases.quote_visit("la")
    medlab_teach.set_language("en")
    assert cases.ACTOR_TYPES["comunidad"] == "community organisations and processes"
    assert list(cases.interventions_table().columns) == [
        "key", "name", "year", "territory_codes", "model_line", "source"]
