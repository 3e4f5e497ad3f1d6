"""The data package's texts and the data messages in Spanish: describe(), errors, website pages,
and a catalog check that catches a new caveat written without its translation."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from script_modules import script

import medlab_teach
from medlab_teach import data, demography
from medlab_teach.errors import UnknownIdError

ROOT = Path(__file__).resolve().parents[1]
ENGLISH_WORDS = (" the ", " of ", " and ", " per ", " by ", " from ", " with ")
SOURCE_HEADINGS = {"en": "Sources:", "es": "Fuentes:"}


@pytest.fixture()
def spanish():
    """Spanish for the test, English again afterwards whatever happens."""
    medlab_teach.set_language("es")
    yield
    medlab_teach.set_language("en")


def _without_citations(text: str, language: str) -> str:
    """The printed TableInfo without its source lines (titles and links are citations)."""
    kept, in_sources = [], False
    for line in text.splitlines():
        if line == SOURCE_HEADINGS[language]:
            in_sources = True
            continue
        if in_sources and line.startswith("  - "):
            continue
        in_sources = False
        kept.append(line)
    return " ".join(kept)


@pytest.mark.parametrize("name", [*data.names(), data.GEOJSON_RESOURCE])
def test_describe_speaks_spanish_for_every_table(name: str, spanish) -> None:
    text = _without_citations(str(data.describe(name)), "es")
    found = [word for word in ENGLISH_WORDS if word in f" {text.lower()} "]
    assert found == [], f"English left in describe({name!r}): {found}\n{text}"
    assert "Advertencias:" in text and "Licencia:" in text


def test_describe_in_spanish_then_english_again() -> None:
    info = data.describe("crimes_annual")  # made in English, shown in either language
    medlab_teach.set_language("es")
    try:
        spanish = str(info)
        markdown = info._repr_markdown_()
    finally:
        medlab_teach.set_language("en")
    assert "Delitos por territorio, año y conducta (SISC), 2003-2023" in spanish
    assert "SISC 1.624 homicidios, Policía Nacional 1.923" in spanish
    assert "Columnas:" in spanish and "Fuentes:" in spanish
    assert "**Advertencias**" in markdown and "| columna | tipo | descripción |" in markdown
    assert "| `cases` | integer | Número de casos" in markdown
    english = str(info)
    assert "Caveats:" in english and "SISC 1,624 homicides" in english
    assert "Advertencias" not in english
    assert info.caveats[0].startswith("SISC totals for 2003-2008")  # the package's own text


def test_numbers_in_spanish_texts_follow_spanish_convention(spanish) -> None:
    text = str(data.describe("population_2018"))
    assert "2.529.403" in text and "2.427.129" in text and "4 %" in text
    assert "2,529,403" not in text


def test_data_messages_in_spanish(spanish) -> None:
    with pytest.raises(UnknownIdError, match=r"no reconocido: 'crimes'.*\¿Quiso decir"):
        data.load("crimes")
    with pytest.raises(UnknownIdError, match=r"escriba data\.boundaries\(\)"):
        data.load("boundaries")
    with pytest.raises(TypeError, match="es un texto entre comillas"):
        data.load(3)  # type: ignore[arg-type]
    with pytest.raises(UnknownIdError, match=r"base de población.*proyección de la Alcaldía"):
        data.population_total(None, base="dap")  # type: ignore[arg-type]
    with pytest.raises(UnknownIdError, match=r"código de territorio.*escriba '05'"):
        data.population_total("5", base="dap_2018")
    with pytest.raises(TypeError, match=r"Escríbalo como un texto de dos dígitos, p\. ej\. '04'"):
        data.population_total(4, base="dap_2018")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="solo da el total de la ciudad de Medellín"):
        data.population_total("13", base="dane_cnpv_2018")
    with pytest.raises(ValueError, match="1 de 2 son cero, negativas o faltan"):
        data.rate([1, 2], [0, 100])
    with pytest.raises(ValueError, match="per debe ser un número positivo"):
        data.rate(1, 100, per=0)


def test_missing_file_message_in_spanish(tmp_path: Path, monkeypatch, spanish) -> None:
    folder = tmp_path / "datasets"
    shutil.copytree(data.data_dir(), folder)
    (folder / "territories.csv").unlink()
    monkeypatch.setenv(data.ENV_VAR, str(folder))
    with pytest.raises(data.DataIntegrityError, match=r"Falta territories\.csv en .*Restáurelo"):
        data.load("territories")


def test_demography_messages_in_spanish(spanish) -> None:
    population = data.load("population_2018")
    with pytest.raises(UnknownIdError, match=r"código de territorio.*Escriba los códigos"):
        demography.age_table(population, ["99"])
    with pytest.raises(UnknownIdError, match=r"grupo de edad.*Indique una lista"):
        demography.people_in_ages(population, ["0-3"])
    with pytest.raises(TypeError, match="Pase la tabla de población como DataFrame"):
        demography.age_groups([1, 2])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="le faltan las columnas"):
        demography.age_groups(population.drop(columns=["age_group"]))


def test_website_data_pages_in_each_edition() -> None:
    pages = script("book_data_pages")
    spanish, english = pages.data_pages("es"), pages.data_pages("en")
    assert medlab_teach.get_language() == "en"  # the pages switch the language back
    page = spanish["data/crimes_annual.md"]
    assert page.startswith("# Delitos por territorio, año y conducta (SISC), 2003-2023")
    assert "SISC 1.624 homicidios" in page and "| `cases` | integer | Número de casos" in page
    assert "(https://medata.gov.co/" in page  # citations stay as written
    assert "en inglés" not in spanish["data/index.md"]
    assert "SISC 1,624 homicides" in english["data/crimes_annual.md"]


def test_a_new_caveat_without_translation_fails_the_check(tmp_path: Path, monkeypatch) -> None:
    tools = script("translations")
    shipped = tools.PACKAGE / "datasets" / "datapackage.json"
    descriptor = json.loads(shipped.read_text(encoding="utf-8"))
    caveat = "A caveat written after the catalog was last updated."
    descriptor["resources"][0]["caveats"].append(caveat)
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    shutil.copytree(tools.LOCALE_DIR, tmp_path / "locale")
    monkeypatch.setattr(tools, "DATAPACKAGE", tmp_path / "datapackage.json")
    monkeypatch.setattr(tools, "LOCALE_DIR", tmp_path / "locale")
    monkeypatch.setattr(tools, "ROOT", tmp_path)

    assert tools.problems("es") == [f"missing from es.po: {caveat!r}"]
    tools.update("es")
    assert [p for p in tools.problems("es") if "untranslated" in p and caveat in p]
    tools.fill("es", {caveat: "Una advertencia escrita después de actualizar el catálogo."})
    assert tools.problems("es") == []
    po = tools.po_path("es").read_text(encoding="utf-8")
    where = r"#\. crimes_annual: caveat\n#: medlab_teach/datasets/datapackage\.json\n"
    assert re.search(where + r'msgid "A caveat written after', po)
