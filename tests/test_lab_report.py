"""The Lab's report held to its text: quotations verbatim, its ten conclusions taught, and no
learner-facing text that points to a file a learner does not have."""

from __future__ import annotations

import importlib
import json
import re
import sys
from pathlib import Path

import pytest
from learner_text import (
    ROOT,
    learner_quotations,
    notebook_code,
    notebook_markdown,
    notebooks,
    package_modules,
    package_strings,
)

from medlab_teach import cases, lab_report
from medlab_teach.exercises import lesson07

REPORT_NAME = Path("seeds") / "000_fce15378cb2f54d3.txt"
DATASETS = ROOT / "src" / "medlab_teach" / "datasets"


def _find_report() -> Path | None:
    """The report lives in a 'shared' folder beside the checkout (or beside its parent)."""
    for folder in (ROOT.parent, *ROOT.parents[1:3]):
        candidate = folder / "shared" / REPORT_NAME
        if candidate.is_file():
            return candidate
    return None


REPORT = _find_report()
NEEDS_REPORT = pytest.mark.skipif(
    REPORT is None, reason="the Lab's report (shared/seeds/...) is not beside this checkout; "
    "the quotation table is then checked only by the data build")


def _table() -> list[str]:
    return [q.text for q in lab_report.QUOTATIONS]


# -------------------------------------------------------------------------- the convention


def test_verbatim_rules_on_a_small_passage() -> None:
    passages = ["Para salir del circulo vicioso de la criminalidad y entrar en el círculo",
                "Si la comunidad no se mueve, el Estado tampoco se mueve",
                "MODELO INTEGRAL DE GESTIÓN"]
    ok = lab_report.is_verbatim
    assert ok("Si la comunidad no se mueve, el Estado tampoco se mueve", passages)
    assert ok("si la comunidad no se mueve", passages)  # first letter may change case
    assert ok("Para salir del circulo [sic] vicioso de la criminalidad", passages)
    assert ok("Si la comunidad [...] el Estado tampoco se mueve", passages)
    assert ok("Si la comunidad no se mueve...", passages)
    assert ok("Modelo integral de gestión", passages)  # a heading printed in capitals
    assert not ok("Para salir del círculo vicioso de la criminalidad", passages)  # corrected
    assert not ok("Si la comunidad no se mueve, el Estado no se mueve", passages)
    assert not ok("Si la comunidad se mueve, el Estado tampoco se mueve", passages)  # word dropped
    assert not ok("si la Comunidad no se mueve", passages)  # only the first letter is free
    assert not ok("[...]", passages)
    with pytest.raises(TypeError, match="text"):
        ok(42, passages)  # type: ignore[arg-type]


# ------------------------------------------------------------------ quotations in the kit


def test_every_quotation_a_learner_reads_is_in_the_table() -> None:
    found = learner_quotations()
    assert len(found) > 50, "the scan found too few quotations: is it still reading the kit?"
    table = _table()
    wrong = [f"{q.where}: {q.text!r}" for q in found
             if not lab_report.is_verbatim(q.text, table) and not lab_report.other_source(q.text)]
    assert not wrong, (
        "Quotations of the Lab's report that are not verbatim (fix the quotation, mark a change "
        "with [sic] or [...], or, if it is verbatim, add the report's passage to "
        "medlab_teach.lab_report.QUOTATIONS; a quotation of another source goes in "
        "lab_report.OTHER_SOURCES with that source):\n" + "\n".join(wrong))


def test_quotations_of_other_sources_are_not_the_reports() -> None:
    assert lab_report.other_source("Policía y Ejército Nacional, Bomberos, Movilidad y Salud")
    assert lab_report.other_source("Si la comunidad no se mueve") is None
    for text in lab_report.OTHER_SOURCES:
        assert not lab_report.is_verbatim(text, _table()), (
            f"{text!r} is in the report's table: it is the report's, not another source's")


def test_the_kits_own_tables_of_report_text_are_verbatim() -> None:
    texts = [("cases.REPORT_QUOTES", q.text) for q in cases.REPORT_QUOTES]
    texts += [(f"lab_report.CONCLUSIONS[{c.number}]", c.opening_es)
              for c in lab_report.CONCLUSIONS]
    texts += [(f"lesson07.INSTITUTION_STATEMENTS[{k}]", t)
              for k, (t, _who) in lesson07.INSTITUTION_STATEMENTS.items()]
    wrong = [f"{where}: {text!r}" for where, text in texts
             if not lab_report.is_verbatim(text, _table())]
    assert not wrong, "Not verbatim in the quotation table:\n" + "\n".join(wrong)


def _report_check():
    """The data build's own reader of the report (page headings removed from the running text)."""
    if str(ROOT / "scripts") not in sys.path:
        sys.path.insert(0, str(ROOT / "scripts"))
    common = importlib.import_module("databuild.common")
    curated = importlib.import_module("databuild.curated")
    layout = [r["evidence"] for r in common.read_csv_dicts(common.SOURCES / "lab_days.csv")]
    return curated, curated.TextCheck(REPORT.read_text(encoding="utf-8"), "", layout)


@NEEDS_REPORT
def test_the_quotation_table_is_in_the_report() -> None:
    curated, text = _report_check()
    curated.check_quotations(text)  # raises BuildError naming the first row that is not there
    rows = _table()
    assert len(rows) == len(set(rows)), "a passage appears twice in QUOTATIONS"
    parts = {"title", "introduction", "day 1", "day 2", "day 3", "day 4", "day 5",
             "conclusions"}
    assert {q.part for q in lab_report.QUOTATIONS} <= parts


@NEEDS_REPORT
def test_a_changed_quotation_is_caught_by_the_build() -> None:
    _curated, text = _report_check()
    assert text.in_report_text("Si la comunidad no se mueve, el Estado tampoco se mueve")
    assert not text.in_report_text("Si la comunidad no se mueve, el Estado no se mueve")


# ------------------------------------------------------------------------ the conclusions


def _lesson_markdown(number: str) -> str:
    paths = sorted((ROOT / "lessons").glob(f"*/{number}_*.ipynb"))
    assert paths, f"no lesson {number}"
    return "\n".join(piece.text for piece in notebook_markdown(paths[0]))


def test_every_conclusion_of_the_report_is_taught() -> None:
    numbers = [c.number for c in lab_report.CONCLUSIONS]
    assert numbers == list(range(1, 11)), "the report has ten conclusions, in order"
    for item in lab_report.CONCLUSIONS:
        assert item.taught_in, f"conclusion {item.number} is taught nowhere"
        for lesson, phrase in item.taught_in:
            assert phrase in _lesson_markdown(lesson), (
                f"conclusion {item.number} ({item.gloss_en}) should be taught in lesson "
                f"{lesson}, which no longer says {phrase!r}")


@NEEDS_REPORT
def test_the_conclusions_are_the_reports_in_its_order() -> None:
    report = lab_report.normalise(REPORT.read_text(encoding="utf-8"))
    section = report[report.index("CONCLUSIONES, LECCIONES Y APRENDIZAJES"):]
    positions = [section.find(lab_report.normalise(c.opening_es))
                 for c in lab_report.CONCLUSIONS]
    assert -1 not in positions, "a conclusion's opening words are not in the report's section"
    assert positions == sorted(positions)
    assert section.count("•") == len(lab_report.CONCLUSIONS)
    assert lab_report.conclusion(4).opening_es.endswith("cultura metro")
    with pytest.raises(ValueError, match="1 to 10"):
        lab_report.conclusion(11)


# ------------------------------------------------------- references a learner can follow

#: Words and file names a learner cannot look up: the kit's private notes and paths.
NOT_FOR_LEARNERS = re.compile(
    r"(?i:\bseeds?\b)|\bFACTS\b|PROVENANCE\.md|\bshared/|000_fce15378cb2f54d3")


def _data_descriptions() -> list[tuple[str, str]]:
    package = json.loads((DATASETS / "datapackage.json").read_text(encoding="utf-8"))
    found = []
    for res in package["resources"]:
        name = res["name"]
        texts = [res.get("title", ""), res.get("description", ""), *res.get("caveats", [])]
        texts += [f"{s.get('title', '')} {s.get('path', '')}" for s in res.get("sources", [])]
        texts += [f.get("description", "") for f in res.get("schema", {}).get("fields", [])]
        texts += [str(v) for f in res.get("schema", {}).get("fields", [])
                  for v in f.get("constraints", {}).get("enum", [])]
        found += [(f"data {name}", t) for t in texts]
    for table in sorted(DATASETS.glob("*.csv")):  # every table a lesson may show
        found.append((f"datasets/{table.name}", table.read_text(encoding="utf-8")))
    return found


def test_learner_facing_text_names_nothing_a_learner_lacks() -> None:
    pieces = [(t.where, t.text) for p in notebooks()
              for t in (*notebook_markdown(p), *notebook_code(p))]
    pieces += [(t.where, t.text) for m in package_modules() for t in package_strings(m)]
    pieces += _data_descriptions()
    assert len(pieces) > 500, "the scan read too little of the kit"
    wrong = [f"{where}: ...{text[max(0, m.start() - 40):m.end() + 40]!r}..."
             for where, text in pieces for m in [NOT_FOR_LEARNERS.search(text)] if m]
    assert not wrong, (
        "Learner-facing text points to the kit's private notes: cite the Lab's report or the "
        "named source instead (see docs/sources.md):\n" + "\n".join(wrong))


def test_year_only_dates_are_shown_as_the_year() -> None:
    timeline = cases.timeline()
    year_only = timeline[timeline["date"].astype(str).str.len() == 4]
    assert len(year_only) > 10
    assert (year_only["date"].astype(str) == year_only["year"].astype(str)).all()
    assert not timeline["date"].astype(str).str.contains(" ").any(), "no times of day"
    end_of_year = timeline[timeline["date"].astype(str).str.endswith("-12-31")]
    for _, row in end_of_year.iterrows():
        assert "31 December" in row["evidence"], (
            f"{row['event']!r} is dated 31 December without its source saying so")
