"""In Spanish, the learner's path speaks Spanish: self-check feedback, slip hints, the
explanation of an error in an answer cell, solution blocks, the progress table and figure, and
the `update`/`progress` commands.

Each test asserts exact Spanish texts (so a wrong translation fails too) and that no English
word is left in what the learner reads. Every test leaves the process in English.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from answer_cells import raise_in_cell

import medlab_teach
from medlab_teach import course, progress, workspace
from medlab_teach.checks import Exercise, check, close_to, register, solution
from medlab_teach.friendly_errors import explain
from medlab_teach.solution_blocks import block_sites, render_block, solution_block_problems

ROOT = Path(__file__).resolve().parents[1]
SPANISH_LESSONS = sorted((ROOT / "lessons" / "es").glob("*.ipynb"))

#: Words only English text has; the Spanish a learner reads contains none of them.
ENGLISH = {"the", "of", "and", "to", "with", "your", "you", "is", "are", "Try", "again",
           "Correct", "Not", "yet", "answered", "replace", "run", "Well", "done", "Done",
           "Check", "sign", "size", "opposite", "quite", "question", "step", "Python does",
           "know", "name", "line", "cell", "Did", "mean", "What", "went", "wrong", "plain",
           "words", "full", "follows", "reference", "Lesson", "Last", "activity", "Course",
           "passed", "Solution", "open", "after", "trying", "read", "it", "here", "Your",
           "progress", "workspace", "lessons", "data", "for", "informed", "decisions", "people"}

register(
    Exercise(id="l97_change", title="un cambio", expected=lambda: -80.4,
             compare=close_to(0.01), solution_code="answer = -80.4\n"),
    Exercise(id="l97_rate", title="una tasa", expected=lambda: 35.5, compare=close_to(0.01),
             unit="rate", solution_code="answer = 35.5\n"),
)


@pytest.fixture(autouse=True)
def spanish():
    """Every test runs in Spanish and leaves the process in English."""
    medlab_teach.set_language("es")
    yield
    medlab_teach.set_language("en")


def english_in(*texts: str) -> list[str]:
    """The English words found in ``texts`` (identifiers in backquotes are not prose)."""
    found = []
    for text in texts:
        prose = re.sub(r"`[^`]*`|<[^>]*>|style=\"[^\"]*\"", " ", str(text))
        words = set(re.findall(r"[A-Za-záéíóúñÁÉÍÓÚÑ]+", prose))
        found += sorted(words & ENGLISH)
        found += [w for w in ENGLISH if " " in w and w in prose]
    return found


def test_blank_wrong_right_and_sign_slip_get_spanish_feedback() -> None:
    blank, wrong, right = check("l97_change", ...), check("l97_change", 12), \
        check("l97_change", -80.4)
    slip = check("l97_change", 80.4)

    assert str(blank) == ("[l97_change] Aún sin responder: reemplace los `...` por su respuesta, "
                          "ejecute la celda y luego vuelva a ejecutar la verificación.")
    assert str(wrong) == ("[l97_change] Inténtelo de nuevo: Todavía no. Vuelva a leer la "
                          "pregunta y revise cada paso.")
    assert str(right) == "[l97_change] Correcto: Muy bien."
    assert slip.message.startswith("Revise el signo: su número tiene la magnitud correcta")
    for feedback in (blank, wrong, right, slip):
        shown = (str(feedback), feedback._repr_html_())
        assert not english_in(*shown), (english_in(*shown), shown)
    html = blank._repr_html_()
    assert html.count("Aún sin responder") == 1 and "Inténtelo" not in html


def test_an_unknown_exercise_id_is_reported_in_spanish() -> None:
    with pytest.raises(LookupError) as raised:
        check("l03_nope", 1)
    assert str(raised.value).startswith("Identificador de ejercicio no reconocido: 'l03_nope'.")
    assert str(raised.value).endswith(
        "Copie el identificador de la celda de verificación de la lección.")


def test_rate_scale_slip_names_the_scale_in_spanish() -> None:
    assert check("l97_rate", 0.355).message == (
        "La tasa está en una escala equivocada (por 1.000 habitantes); el kit da las tasas por "
        "100.000 habitantes.")


def test_switching_back_to_english_changes_the_next_feedback() -> None:
    medlab_teach.set_language("en")
    assert str(check("l97_change", 12)) == (
        "[l97_change] Try again: Not quite. Re-read the question and check each step.")


def test_a_name_error_is_explained_in_spanish() -> None:
    namespace = {"crimes": pd.DataFrame({"cases": [1]})}
    err, tb = raise_in_cell("x = 1\nanswer = crimez['cases'].sum()", namespace)
    explanation = explain(err, tb, namespace)
    text, html = str(explanation), explanation._repr_html_()
    assert text.startswith("Qué salió mal, en palabras sencillas: Python no conoce el nombre "
                           "`crimez`.")
    assert "¿Quiso decir `crimes`?" in text and "Revise la línea 2 de esta celda." in text
    assert "Revise la línea 2 de esta celda." in html
    assert not english_in(text.replace("Run > Run All Above Selected Cell", ""))


def test_a_key_error_lists_the_columns_in_spanish() -> None:
    namespace = {"crimes": pd.DataFrame({"cases": [1], "year": [2003]})}
    err, tb = raise_in_cell("crimes['case'].sum()", namespace)
    text = explain(err, tb, namespace).text
    assert "Aquí no hay ningún `case`." in text
    assert "Las columnas de esta tabla son: cases, year." in text


def test_the_solution_shown_by_solution_is_titled_in_spanish() -> None:
    shown = solution("l97_change")._repr_markdown_()
    assert shown.startswith("**Solución de `l97_change`**")


@pytest.mark.parametrize("path", SPANISH_LESSONS, ids=[p.stem for p in SPANISH_LESSONS])
def test_every_spanish_lesson_shows_the_declared_solutions_in_spanish(path: Path) -> None:
    assert solution_block_problems(path) == []
    nb = nbformat.read(path, as_version=4)
    for site in block_sites(nb):
        block = nb.cells[site.details_cell].source
        assert block.startswith(
            "<details><summary>Solución (ábrala después de intentarlo)</summary>\n\n"
            f'Ejecute `solution("{site.exercise_id}")` en una celda nueva, o léala aquí:\n\n')


def test_english_lessons_keep_english_blocks_while_the_kit_speaks_spanish() -> None:
    english = sorted((ROOT / "lessons" / "en").glob("0*.ipynb"))[0]
    assert solution_block_problems(english) == []
    nb = nbformat.read(english, as_version=4)
    site = block_sites(nb)[0]
    assert render_block(site.exercise_id).startswith(
        "<details><summary>Solution (open after trying)</summary>")


def _kit_with_spanish_lessons(tmp_path: Path) -> Path:
    kit = tmp_path / "kit"
    shutil.copytree(ROOT / "lessons", kit / "lessons")
    (kit / "pyproject.toml").write_text("")
    return kit


def test_a_spanish_block_with_changed_code_fails_and_the_fix_restores_it(tmp_path: Path) -> None:
    from medlab_teach.kit_check import check_kit, sync_solutions

    kit = _kit_with_spanish_lessons(tmp_path)
    lesson = sorted((kit / "lessons" / "es").glob("03_*.ipynb"))[0]
    nb = nbformat.read(lesson, as_version=4)
    site = block_sites(nb)[0]
    original = nb.cells[site.details_cell].source
    nb.cells[site.details_cell].source = original.replace("answer =", "answer  =", 1)
    assert nb.cells[site.details_cell].source != original
    nbformat.write(nb, lesson)

    problems = [str(p) for p in check_kit(kit)]
    assert any(site.exercise_id in p and "es/03_" in p for p in problems), problems
    assert sync_solutions(kit) == {f"lessons/es/{lesson.name}": [site.exercise_id]}
    assert nbformat.read(lesson, as_version=4).cells[site.details_cell].source == original
    assert check_kit(kit) == []


def test_an_english_header_in_a_spanish_lesson_fails(tmp_path: Path) -> None:
    kit = _kit_with_spanish_lessons(tmp_path)
    lesson = sorted((kit / "lessons" / "es").glob("02_*.ipynb"))[0]
    nb = nbformat.read(lesson, as_version=4)
    site = block_sites(nb)[0]
    cell = nb.cells[site.details_cell]
    cell.source = cell.source.replace("Solución (ábrala después de intentarlo)",
                                      "Solution (open after trying)")
    nbformat.write(nb, lesson)
    assert any(site.exercise_id in p for p in solution_block_problems(lesson))


def test_notebook_metadata_says_a_lesson_is_spanish(tmp_path: Path) -> None:
    source = SPANISH_LESSONS[0]
    copy = tmp_path / source.name
    nb = nbformat.read(source, as_version=4)
    nb.metadata["language"] = "es"
    nbformat.write(nb, copy)
    assert solution_block_problems(copy) == []
    del nb.metadata["language"]  # outside lessons/es/ and unmarked: read as English
    nbformat.write(nb, copy)
    assert solution_block_problems(copy)


def test_progress_table_and_figure_speak_spanish(tmp_path: Path) -> None:
    ws, _ = workspace.ensure(ROOT, tmp_path / "my-work")
    shown = course.progress(ws)
    text = repr(shown)
    assert text.splitlines()[0].split() == ["Lección", "Superadas", "Última", "actividad"]
    assert "01 datos para decisiones informadas" in text
    assert re.search(r"Curso: 0 de \d+ autoevaluaciones superadas", text)
    assert not english_in(text), english_in(text)
    fig = progress.figure(list(shown.rows))
    ax = fig.axes[0]
    assert ax.get_title().startswith("Su avance en el curso (0/")
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("Autoevaluaciones superadas", "Lección")
    assert 'alt="Gráfico de barras de las autoevaluaciones superadas en cada lección. 00: 0 de' \
        in shown._repr_html_()


def test_a_progress_file_that_cannot_be_read_is_reported_in_spanish(tmp_path: Path) -> None:
    ws, _ = workspace.ensure(ROOT, tmp_path / "my-work")
    (ws / progress.PROGRESS_FILE).write_text('{"passed": [1')
    _, note = progress.load(ws)
    assert note.startswith("No se pudo leer su archivo de avance")
    assert "sus lecciones y respuestas siguen intactas" in note


def _command(*args: str, language: str = "es") -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, MEDLAB_LANG=language, PYTHONPATH=str(ROOT / "src"))
    env.pop(workspace.ENV_VAR, None)
    return subprocess.run([sys.executable, "-m", "medlab_teach", *args], env=env,
                          capture_output=True, text=True, timeout=300, check=False)


def test_progress_and_update_commands_speak_spanish(tmp_path: Path) -> None:
    folder = tmp_path / "my-work"
    missing = _command("progress", "--root", str(ROOT), "--workspace", str(folder))
    assert missing.returncode == 1
    assert missing.stderr.startswith(f"Todavía no hay un espacio de trabajo en {folder}.")

    workspace.ensure(ROOT, folder)
    shown = _command("progress", "--root", str(ROOT), "--workspace", str(folder))
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.split()[:4] == ["Lección", "Superadas", "Última", "actividad"]
    assert re.search(r"Curso: 0 de \d+ autoevaluaciones superadas", shown.stdout)
    assert not english_in(shown.stdout), english_in(shown.stdout)

    updated = _command("update", "--root", str(ROOT), "--workspace", str(folder))
    assert updated.stdout.strip() == f"Su espacio de trabajo {folder} está al día."
    english = _command("update", "--root", str(ROOT), "--workspace", str(folder),
                       language="en")
    assert english.stdout.strip() == f"Your workspace {folder} is up to date."


def test_kit_check_says_its_problems_in_spanish(tmp_path: Path) -> None:
    kit = _kit_with_spanish_lessons(tmp_path)
    lesson = sorted((kit / "lessons" / "es").glob("03_*.ipynb"))[0]
    nb = nbformat.read(lesson, as_version=4)
    site = block_sites(nb)[0]
    nb.cells[site.details_cell].source = nb.cells[site.details_cell].source.replace(
        "answer =", "answer  =", 1)
    nbformat.write(nb, lesson)
    (kit / "lessons" / "es" / "Notas.ipynb").write_text("{}")

    result = _command("check", "--root", str(kit))
    assert result.returncode == 1
    assert re.search(rf"medlab-teach check: \d+ problema\(s\) en {re.escape(str(kit))}:",
                     result.stderr)
    assert (f"celda {site.details_cell + 1}: la solución que se muestra para "
            f"'{site.exercise_id}' no coincide con su declaración") in result.stderr
    assert "es JSON pero no es un notebook (no tiene la lista 'cells')." in result.stderr
    assert "los archivos de las lecciones se llaman NN_titulo_en_snake_case.ipynb" \
        in result.stderr
    assert "lessons/es/Notas.ipynb: no tiene edición en inglés en lessons/en/" in result.stderr


def test_lab_says_it_created_the_workspace_in_spanish(tmp_path: Path, capsys) -> None:
    import argparse

    from medlab_teach.cli import _lab_workspace

    folder = tmp_path / "my-work"
    _lab_workspace(argparse.Namespace(in_kit=False, workspace=str(folder)), ROOT)
    out = capsys.readouterr().out
    assert out.startswith(f"Se creó su espacio de trabajo {folder} con ")
    assert out.rstrip().endswith("lecciones: sus propias copias para editar.")
