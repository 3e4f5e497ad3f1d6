"""The hand-curated tables (scripts/sources/*.csv), each row checked against the Lab's report or
FACTS.md word for word: the timeline, the Lab's days and participants, and the Open Space.

A row whose quoted text is not found verbatim stops the build, so nothing enters the package that
its source does not say.
"""

from __future__ import annotations

import datetime as _dt
import re
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from databuild.common import REPO, SOURCES, BuildError, Table, normalise_ws, read_csv_dicts

sys.path.insert(0, str(REPO / "src"))
from medlab_teach import lab_report, model

TERMS = ("short", "medium", "long")


class TextCheck:
    """Verbatim checks of curated text against the seed report and FACTS.md."""

    def __init__(self, seed: str, facts: str, layout_headings: Sequence[str]):
        self.seed = normalise_ws(seed)
        self.facts = normalise_ws(facts)
        running = self.seed
        for heading in layout_headings:  # page headings that interrupt the running text
            h = normalise_ws(heading)
            if h not in running:
                raise BuildError(f"seed heading not found: {heading!r}")
            running = running.replace(h + " ", "")
        self.seed_running = running

    def in_seed(self, fragment: str, *, casefold: bool = False) -> bool:
        f = normalise_ws(fragment)
        hay = (self.seed, self.seed_running)
        if casefold:
            return any(f.casefold() in h.casefold() for h in hay)
        return any(f in h for h in hay)

    def in_report_text(self, passage: str) -> bool:
        """A quotation-table row, as lab_report compares it (quote marks alike, joined hyphens)."""
        wanted = lab_report.normalise(passage)
        return any(wanted in lab_report.normalise(re.sub(r"(?<=\w)- (?=\w)", "-", h))
                   or wanted in lab_report.normalise(h)
                   for h in (self.seed, self.seed_running))

    def require_seed(self, fragment: str, where: str, *, casefold: bool = False) -> None:
        if fragment and not self.in_seed(fragment, casefold=casefold):
            raise BuildError(f"{where}: not found word for word in the seed: {fragment!r}")

    def require_facts(self, fragment: str, where: str) -> None:
        if normalise_ws(fragment) not in self.facts:
            raise BuildError(f"{where}: not found word for word in FACTS.md: {fragment!r}")


def check_quotations(text: TextCheck) -> None:
    """Every row of the kit's table of quotations (medlab_teach.lab_report) is in the report."""
    for i, quotation in enumerate(lab_report.QUOTATIONS):
        if not text.in_report_text(quotation.text):
            raise BuildError(f"medlab_teach.lab_report.QUOTATIONS[{i}] is not word for word in "
                             f"the Lab's report: {quotation.text!r}")


def model_ids() -> tuple[set[str], set[str]]:
    """(ids of lines and axes, ids of every model component)."""
    lines_axes = {c.id for c in (*model.LINES, *model.AXES)}
    return lines_axes, {c.id for c in model.components()}


def check_date(value: str, where: str) -> int:
    m = re.fullmatch(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?", value)
    if not m:
        raise BuildError(f"{where}: date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    y, mo, d = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
    try:
        _dt.date(y, mo, d)
    except ValueError as exc:
        raise BuildError(f"{where}: invalid date {value!r}") from exc
    return y


def build_timeline(text: TextCheck, territory_codes: set[str], sources: Path) -> Table:
    """Dated events, each with its evidence quoted from the Lab's report or FACTS.md."""
    lines_axes, _ = model_ids()
    rows = []
    for i, r in enumerate(read_csv_dicts(sources / "timeline.csv"), start=2):
        where = f"scripts/sources/timeline.csv line {i}"
        year = check_date(r["date"], where)
        if r["model_line"] and r["model_line"] not in lines_axes:
            raise BuildError(f"{where}: model_line {r['model_line']!r} is not a line or axis id")
        if r["territory_code"] and r["territory_code"] not in territory_codes:
            raise BuildError(f"{where}: unknown territory_code {r['territory_code']!r}")
        if not r["event"] or not r["source"] or not r["evidence"]:
            raise BuildError(f"{where}: event, source and evidence are required")
        if r["source_kind"] == "report":
            text.require_seed(r["evidence"], where)
        elif r["source_kind"] == "secondary":
            text.require_facts(r["evidence"], where)
        else:
            raise BuildError(f"{where}: source_kind must be 'report' or 'secondary'")
        rows.append([r["date"], year, r["event"], r["territory"], r["model_line"], r["source"],
                     r["note"], r["case_id"], r["territory_code"], r["source_kind"],
                     r["evidence"]])
    rows.sort(key=lambda x: (x[0], x[7], x[9], x[2]))
    return (["date", "year", "event", "territory", "model_line", "source", "note", "case_id",
             "territory_code", "source_kind", "evidence"], rows)


def build_lab_days(text: TextCheck, territory_codes: set[str], sources: Path) -> Table:
    """The five days of the Lab: themes and headings as the report gives them."""
    _, all_ids = model_ids()
    rows = []
    for i, r in enumerate(read_csv_dicts(sources / "lab_days.csv"), start=2):
        where = f"scripts/sources/lab_days.csv line {i}"
        check_date(r["date"], where)
        text.require_seed(r["theme_es"], where, casefold=True)
        text.require_seed(r["evidence"], where)
        for mid in filter(None, r["model_lines"].split(";")):
            if mid not in all_ids:
                raise BuildError(f"{where}: unknown model id {mid!r}")
        for code in filter(None, r["territory_codes"].split(";")):
            if code not in territory_codes:
                raise BuildError(f"{where}: unknown territory code {code!r}")
        rows.append([int(r["day"]), r["date"], r["theme_es"], r["theme_en"], r["sites"],
                     r["model_lines"], r["territory_codes"], r["activities"], r["evidence"]])
    rows.sort(key=lambda x: x[0])
    if [x[0] for x in rows] != [1, 2, 3, 4, 5]:
        raise BuildError("lab_days.csv must have days 1-5")
    return (["day", "date", "theme_es", "theme_en", "sites", "model_lines", "territory_codes",
             "activities", "report_heading"], rows)


def build_lab_participants(text: TextCheck, sources: Path) -> Table:
    """Organisers and participating countries, with the report's own wording."""
    rows = []
    for i, r in enumerate(read_csv_dicts(sources / "lab_participants.csv"), start=2):
        where = f"scripts/sources/lab_participants.csv line {i}"
        text.require_seed(r["report_wording"], where)
        if r["kind"] not in ("organiser", "country"):
            raise BuildError(f"{where}: kind must be organiser or country")
        rows.append([r["kind"], r["name_es"], r["name_en"], r["report_wording"]])
    rows.sort(key=lambda x: (x[0] != "organiser", x[1]))
    if sum(1 for x in rows if x[0] == "country") != 15:
        raise BuildError("the seed lists 15 participating countries")
    return (["kind", "name_es", "name_en", "report_wording"], rows)


def _open_space_rows(text: TextCheck, sources: Path) -> tuple[list, list, list]:
    """Groups, participants and termed commitments of the Open Space, each checked verbatim."""
    groups = []
    for i, r in enumerate(read_csv_dicts(sources / "open_space_groups.csv"), start=2):
        where = f"scripts/sources/open_space_groups.csv line {i}"
        n = int(r["group_number"])
        text.require_seed(f"{n}. {r['title_es']}", where)
        text.require_seed(r["objective_es"], where)
        text.require_seed(r["other_commitments_es"], where)
        groups.append([n, r["title_es"], r["title_en"], r["objective_es"], r["objective_en"],
                       r["other_commitments_es"], r["note"]])
    parts = []
    for i, r in enumerate(read_csv_dicts(sources / "open_space_participants.csv"), start=2):
        text.require_seed(r["participant_es"], f"scripts/sources/open_space_participants.csv "
                                               f"line {i}")
        parts.append([int(r["group_number"]), int(r["order"]), r["participant_es"],
                      r["participant_en"]])
    commits = []
    for i, r in enumerate(read_csv_dicts(sources / "open_space_commitments.csv"), start=2):
        where = f"scripts/sources/open_space_commitments.csv line {i}"
        text.require_seed(r["commitment"], where)
        if r["term"] not in TERMS:
            raise BuildError(f"{where}: term must be one of {TERMS}")
        commits.append([int(r["group_number"]), r["term"], int(r["item"]), r["commitment"],
                        r["commitment_en"]])
    return groups, parts, commits


def build_open_space(text: TextCheck, sources: Path) -> dict[str, Table]:
    """The eight working groups, their participants and their termed commitments."""
    groups, parts, commits = _open_space_rows(text, sources)
    groups.sort(key=lambda x: x[0])
    if [g[0] for g in groups] != list(range(1, 9)):
        raise BuildError("open_space_groups.csv must have groups 1-8")
    parts.sort(key=lambda x: (x[0], x[1]))
    commits.sort(key=lambda x: (x[0], TERMS.index(x[1]), x[2]))
    counts = Counter(p[0] for p in parts)
    ccounts = Counter(c[0] for c in commits)
    for g in groups:
        g.insert(5, counts[g[0]])
        g.insert(6, ccounts[g[0]])
    return {
        "open_space_groups": (["group_number", "title_es", "title_en", "objective_es",
                               "objective_en", "participants", "termed_commitments",
                               "other_commitments_es", "note"], groups),
        "open_space_participants": (["group_number", "order", "participant_es",
                                     "participant_en"], parts),
        "open_space_commitments": (["group_number", "term", "item", "commitment",
                                    "commitment_en"], commits),
    }


def build_curated(text: TextCheck, territory_codes: set[str],
                  sources: Path = SOURCES) -> dict[str, Table]:
    """Every curated table, by name."""
    return {
        "timeline": build_timeline(text, territory_codes, sources),
        "lab_days": build_lab_days(text, territory_codes, sources),
        "lab_participants": build_lab_participants(text, sources),
        **build_open_space(text, sources),
    }
