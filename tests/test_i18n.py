"""The language switch and the catalogs: Spanish is complete, nothing stale, switching works."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from script_modules import script

import medlab_teach
from medlab_teach import i18n
from medlab_teach.errors import UnknownIdError

ROOT = Path(__file__).resolve().parents[1]


def _catalog_tools():
    return script("translations")


@pytest.fixture()
def english():
    """Leave the process in English whatever a test switched to."""
    yield
    medlab_teach.set_language("en")


def test_spanish_catalog_is_complete_and_compiled() -> None:
    assert _catalog_tools().problems("es") == []


def test_a_new_string_without_translation_fails_the_check(tmp_path: Path, monkeypatch) -> None:
    tools = _catalog_tools()
    package = tmp_path / "medlab_teach"
    package.mkdir()
    (package / "module.py").write_text(
        "from medlab_teach.i18n import _\nMESSAGE = _('Try again')\nOLD = _('Kept')\n"
    )
    monkeypatch.setattr(tools, "PACKAGE", package)
    monkeypatch.setattr(tools, "LOCALE_DIR", package / "locale")
    monkeypatch.setattr(tools, "ROOT", tmp_path)
    tools.update("es")
    assert any("untranslated" in p and "Try again" in p for p in tools.problems("es"))

    po = tools.po_path("es")
    text = po.read_text()
    for source, spanish in (("Try again", "Inténtalo de nuevo"), ("Kept", "Conservado")):
        text = text.replace(f'msgid "{source}"\nmsgstr ""', f'msgid "{source}"\nmsgstr "{spanish}"')
    po.write_text(text)
    assert [p for p in tools.problems("es") if "stale" in p and ".mo" in p]  # .mo not compiled
    tools.compile_catalog("es")
    assert tools.problems("es") == []

    source = "from medlab_teach.i18n import _\nMESSAGE = _('Try again')\n"
    (package / "module.py").write_text(source)
    assert any("stale" in p and "Kept" in p for p in tools.problems("es"))


def test_switching_language_changes_the_next_message(english) -> None:
    medlab_teach.set_language("es")
    spanish = str(UnknownIdError("tabla", "crimes", ["crimes_annual"]))
    medlab_teach.set_language("en")
    english_text = str(UnknownIdError("table", "crimes", ["crimes_annual"]))
    assert spanish.startswith("Identificador de tabla no reconocido: 'crimes'")
    assert english_text.startswith("There is no table 'crimes'")
    assert "'crimes_annual'" in spanish and "'crimes_annual'" in english_text


@pytest.mark.parametrize("written", ["es", "ES", "es_CO", "es-CO.UTF-8", " es "])
def test_spanish_however_the_system_writes_it(written: str, english) -> None:
    assert medlab_teach.set_language(written) == "es"
    assert medlab_teach.get_language() == "es"


def test_an_unknown_language_says_what_to_write(english) -> None:
    with pytest.raises(ValueError, match=r"set_language\('es'\)"):
        medlab_teach.set_language("pt")
    with pytest.raises(TypeError, match="text such as 'es'"):
        medlab_teach.set_language(1)  # type: ignore[arg-type]


@pytest.mark.parametrize(("value", "expected"), [("es_CO.UTF-8", "es"), ("en", "en"), ("", "en"),
                                                 ("klingon", "en")])
def test_medlab_lang_sets_the_default(value: str, expected: str) -> None:
    env = dict(os.environ, MEDLAB_LANG=value)
    shown = subprocess.run(
        [sys.executable, "-c", "import medlab_teach; print(medlab_teach.get_language())"],
        env=env, capture_output=True, text=True, check=True,
    ).stdout.strip()
    assert shown == expected


def test_numbers_follow_the_language(english) -> None:
    medlab_teach.set_language("es")
    assert i18n.format_number(1234.5, 1) == "1.234,5"
    assert i18n.format_number(2095) == "2.095"
    medlab_teach.set_language("en")
    assert i18n.format_number(1234.5, 1) == "1,234.5"


def test_the_catalogs_ship_with_the_package() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert "locale/*/LC_MESSAGES/*.mo" in pyproject
    assert (Path(i18n.LOCALE_DIR) / "es" / "LC_MESSAGES" / "medlab_teach.mo").is_file()
