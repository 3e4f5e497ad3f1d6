"""Lesson 05, reaction, control, technology and justice: the institutions of day 4, the mayor's
tension between attacking crime and social investment, and when and where homicides concentrate."""

from __future__ import annotations

from medlab_teach.checks import (
    Exercise,
    WrongAnswer,
    close_to,
    near,
    ratio_near,
    register,
    same_sequence,
    same_set,
    swapped,
)
from medlab_teach.i18n import N_, _

#: The round table's lessons (keys) and the practice each one means (letters of the lesson's list).
ROUND_TABLE_MATCH = {
    "gobernanza_colaborativa": "A",
    "hoja_de_ruta": "B",
    "mirada_microsocial": "C",
    "territorializar": "D",
}

#: Statements about SIES-M that the lesson's sources support (letters of the lesson's list).
SIES_M_SUPPORTED = frozenset({"a", "b", "d"})

#: The lines that follow a victimising event, in the report's words on days 3 and 4.
AFTER_THE_EVENT = ("justicia", "atencion_victimas", "restablecimiento_derechos",
                   "garantias_no_repeticion")

#: The four lines the lesson reads as the mayor's "inversión social" (the kit's reading).
SOCIAL_LINES = ("prevencion_temprana", "reduccion_inequidad", "prevencion_social",
                "prevencion_situacional")
CONTROL_SHARES = (0, 25, 50, 75, 100)


def _events():
    from medlab_teach import data

    return data.load("homicide_events")


def _hours():
    from medlab_teach import places

    return places.counts_by_time(_events(), "hour")


def _peak_hour() -> int:
    return int(_hours().idxmax())


def _weekend_share() -> float:
    from medlab_teach import places

    return places.share_at_times(_events(), "weekday", [5, 6])


def _sunday_share() -> float:
    from medlab_teach import places

    return places.share_at_times(_events(), "weekday", [6])


def _territory_counts():
    from medlab_teach import data, places

    return places.counts_by_place(_events(), units=list(data.territory_names()))


def _top3_share() -> float:
    from medlab_teach import places

    return places.share_in_top(_territory_counts(), 3)


def _grid():
    from medlab_teach import data, places

    return places.grid_counts(_events(), cell_m=500, within=data.boundaries())


def _cells_half() -> int:
    from medlab_teach import places

    return places.places_for_share(_grid()["events"], 0.5)


def _is_whole(answer, _expected) -> bool:
    return float(answer) == int(float(answer))


def _norm_letter(value) -> str:
    return str(value).strip().upper()


def _same_match(answer, expected) -> bool:
    if not isinstance(answer, dict):
        raise TypeError(_("expected a dict such as {'gobernanza_colaborativa': 'A', ...}"))
    return ({str(k).strip().casefold(): _norm_letter(v) for k, v in answer.items()}
            == dict(expected))


def _match_of(answer) -> dict[str, str]:
    return {str(k).strip().casefold(): _norm_letter(v) for k, v in answer.items()}


def _swapped(first: str, second: str):
    return swapped(first, second, _match_of)


def _letters(answer) -> set[str]:
    if isinstance(answer, str):
        raise TypeError(_("expected a set of letters such as {'a', 'b'}"))
    return {str(a).strip().casefold() for a in answer}


def _after_the_event() -> list[str]:
    from medlab_teach.model import LINES

    return [line.id for line in LINES if line.id in AFTER_THE_EVENT]


def _mix(control: float) -> dict[str, float]:
    shares = {"reaccion_control": float(control)}
    shares.update({line: (100.0 - control) / len(SOCIAL_LINES) for line in SOCIAL_LINES})
    return shares


def _totals(years: int) -> dict[int, float]:
    from medlab_teach import scenario

    return {c: scenario.Scenario(shares=_mix(c)).simulate()
            .cumulative_homicide_rate(years) for c in CONTROL_SHARES}


def _best_mix(years: int = 20) -> int:
    totals = _totals(years)
    return min(totals, key=totals.get)


_INSTITUTIONS = (
    Exercise(
        id="l05_round_table",
        title=N_("The round table's lessons, in practice"),
        expected=lambda: dict(ROUND_TABLE_MATCH),
        compare=_same_match,
        solution_code=(
            "answer = {\n"
            "    'gobernanza_colaborativa': 'A',\n"
            "    'hoja_de_ruta': 'B',\n"
            "    'mirada_microsocial': 'C',\n"
            "    'territorializar': 'D',\n"
            "}\n"
        ),
        hints=(
            (lambda a, e: "E" in _match_of(a).values(),
             N_("E (more patrol cars for the whole city at once) is not one of the round table's "
             "lessons: the table spoke of how to plan together and for each territory, not of "
             "what to buy.")),
            (_swapped("mirada_microsocial", "territorializar"),
             N_("Swap two: the mirada microsocial is the way of looking (understanding each "
             "population and its needs); territorialising is what that look serves (a policy "
             "adapted to each territory).")),
            (_swapped("gobernanza_colaborativa", "hoja_de_ruta"),
             N_("Swap two: collaborative governance is about actors (no one can solve the problems "
             "alone); the road map is about time (beyond each government's term).")),
        ),
        fallback_hint=N_("Give a dict with the four keys of the question, each with one letter "
        "A-E. Re-read the round table's quotations in section 2."),
        explanation=N_("The round table's lessons are about how the policy is made: together, for "
        "longer than one government, looking closely at each population and acting by territory."),
        wrong_answers=(
            WrongAnswer("answer = {'gobernanza_colaborativa': 'A', 'hoja_de_ruta': 'B',\n"
                        "          'mirada_microsocial': 'D', 'territorializar': 'C'}",
                        "way of looking"),
            WrongAnswer("answer = {'gobernanza_colaborativa': 'E', 'hoja_de_ruta': 'B',\n"
                        "          'mirada_microsocial': 'C', 'territorializar': 'D'}",
                        "not one of the round table's lessons"),
            WrongAnswer("answer = {'gobernanza_colaborativa': 'B', 'hoja_de_ruta': 'A',\n"
                        "          'mirada_microsocial': 'C', 'territorializar': 'D'}",
                        "about time"),
        ),
    ),
    Exercise(
        id="l05_sies_m",
        title=N_("What coordination at SIES-M means"),
        expected=lambda: set(SIES_M_SUPPORTED),
        compare=same_set,
        solution_code="answer = {'a', 'b', 'd'}\n",
        hints=(
            (lambda a, e: "c" in _letters(a),
             N_("Statement c is not supported: the agencies work in the same space 'de manera "
             "independiente, pero coordinada'. Each keeps its own command and its own duties.")),
            (lambda a, e: "e" in _letters(a),
             N_("Statement e is not supported: the Lab's report does not mention cameras, and no "
             "source in this lesson says what cameras did to homicides.")),
            (lambda a, e: _letters(a) < set(e),
             N_("All your statements are supported, but one or more are missing. Re-read the "
             "Cadena 3 report of 2023 quoted in section 3.")),
        ),
        fallback_hint=N_("Give a set of letters, e.g. {'a', 'f'}: the statements that the report "
        "or the 2023 Cadena 3 report support."),
        explanation=N_("Coordination at SIES-M is agencies sharing one room, one emergency line "
                       "and "
        "information, each with its own command, joined step by step."),
        wrong_answers=(
            WrongAnswer("answer = {'a', 'b', 'c', 'd'}", "independiente, pero coordinada"),
            WrongAnswer("answer = {'a', 'b', 'd', 'e'}", "does not mention cameras"),
            WrongAnswer("answer = {'a', 'b'}", "missing"),
        ),
    ),
    Exercise(
        id="l05_justice_chain",
        title=N_("What follows a victimising event"),
        expected=_after_the_event,
        compare=same_sequence,
        solution_code=(
            "answer = ['justicia', 'atencion_victimas', 'restablecimiento_derechos',\n"
            "          'garantias_no_repeticion']\n"
        ),
        hints=(
            (lambda a, e: len(a) != len(e),
             N_("Give the four line ids of the question, each once, in order.")),
            (lambda a, e: str(a[0]).strip().casefold() != "justicia",
             N_("The report is explicit: once the victimising event has happened, 'en primer "
                "lugar' "
             "(first) comes the administration of justice.")),
            (lambda a, e: same_sequence(a, list(reversed(e))),
             N_("That is the chain backwards: justice comes first, guarantees of non-repetition "
             "last.")),
        ),
        fallback_hint=N_("Start with 'justicia'; then attention to victims, the restoration of "
        "rights and guarantees of non-repetition: check their order in model.LINES."),
        explanation=N_("Justice first, then attending and repairing the victims, restoring their "
        "rights, and guaranteeing that it does not happen again: the report's order on days 3 "
        "and 4, and the model's."),
        wrong_answers=(
            WrongAnswer("answer = ['atencion_victimas', 'justicia', 'restablecimiento_derechos',\n"
                        "          'garantias_no_repeticion']", "en primer lugar"),
            WrongAnswer("answer = ['justicia', 'garantias_no_repeticion']", "four line ids"),
        ),
    ),
)

_TENSION = (
    Exercise(
        id="l05_control_mix",
        title=N_("Attacking crime and social investment: the mix over 20 years (synthetic)"),
        expected=_best_mix,
        compare=lambda a, e: float(a) == e,
        solution_code=(
            "from medlab_teach import scenario\n"
            "\n"
            "def control_and_social(control):\n"
            "    social = ['prevencion_temprana', 'reduccion_inequidad', 'prevencion_social',\n"
            "              'prevencion_situacional']\n"
            "    shares = {'reaccion_control': control}\n"
            "    for line in social:\n"
            "        shares[line] = (100 - control) / len(social)\n"
            "    return shares\n"
            "\n"
            "runs = {control: scenario.Scenario(shares=control_and_social(control)).simulate()\n"
            "        for control in (0, 25, 50, 75, 100)}\n"
            "totals = {control: run.cumulative_homicide_rate(20)\n"
            "          for control, run in runs.items()}\n"
            "answer = min(totals, key=totals.get)  # the key with the smallest value\n"
        ),
        hints=(
            (lambda a, e: float(a) not in CONTROL_SHARES,
             N_("Answer with one of the five control shares: 0, 25, 50, 75 or 100.")),
            (lambda a, e: float(a) == 100,
             N_("Control alone brings the fastest fall in the first year of this model, but "
             "illegal actors adapt and control's capacity fades: sum all 20 years.")),
            (lambda a, e: float(a) == 0,
             N_("Social investment alone is the slowest in this model: its capacity takes years "
             "to build. Sum all 20 years and compare.")),
            (lambda a, e: float(a) == _best_mix(4),
             N_("That mix does best over one 4-year term. The question asks about 20 years: "
             "use cumulative_homicide_rate(20).")),
        ),
        fallback_hint=N_("Simulate the five mixes, take each run's cumulative_homicide_rate(20), "
        "and answer with the control share whose total is smallest."),
        explanation=N_("In this synthetic model neither extreme wins: a mix does, and the longer "
        "the horizon, the more of it goes to social investment. That follows from the model's "
        "assumptions, which section 7 asks you to question."),
        wrong_answers=(
            WrongAnswer("answer = 100", "first year"),
            WrongAnswer("answer = 0", "slowest"),
            WrongAnswer("from medlab_teach.exercises.lesson05 import _best_mix\n"
                        "answer = _best_mix(4)", "4-year term"),
            WrongAnswer("answer = 30", "one of the five"),
        ),
    ),
)

_TIME_AND_PLACE = (
    Exercise(
        id="l05_peak_hour",
        title=N_("The deadliest hour"),
        expected=_peak_hour,
        compare=lambda a, e: int(a) == e and float(a) == int(a),
        solution_code=(
            "from medlab_teach import data, places\n"
            "events = data.load('homicide_events')\n"
            "hours = places.counts_by_time(events, 'hour')\n"
            "answer = int(hours.idxmax())\n"
        ),
        hints=(
            (lambda a, e: int(a) == int(_hours().max()),
             N_("That is the number of homicides in the worst hour, not the hour itself: use "
             "`.idxmax()` (the label of the largest value) rather than `.max()`.")),
            (lambda a, e: 0 <= int(a) <= 23 and int(a) >= 12,
             N_("That hour is in the afternoon or evening. Look again at the bars: which one is "
             "tallest? Hours run 0-23, and 0-5 are the small hours of the night.")),
        ),
        fallback_hint=N_("Count events per hour with `places.counts_by_time(events, 'hour')`, then "
        "take the hour (the index) of the largest count."),
        explanation=N_("Homicides peak in the small hours of the night, when most of the city is "
        "asleep: a pattern that says something about who is on the street, and when."),
        wrong_answers=(
            WrongAnswer("from medlab_teach import data, places\n"
                        "answer = int(places.counts_by_time(data.load('homicide_events'), "
                        "'hour').max())", ".idxmax()"),
            WrongAnswer("answer = 22", "tallest"),
        ),
    ),
    Exercise(
        id="l05_weekend_share",
        title=N_("Weekend share, by hand with pandas"),
        expected=_weekend_share,
        compare=close_to(rel=0.005),
        solution_code=(
            "from medlab_teach import data\n"
            "events = data.load('homicide_events')\n"
            "weekend_days = [5, 6]  # Saturday and Sunday (0 = Monday)\n"
            "is_weekend = events['weekday'].isin(weekend_days)  # True or False, one per row\n"
            "n_weekend = is_weekend.sum()  # True counts as 1, False as 0\n"
            "answer = n_weekend / len(events)\n"
        ),
        hints=(
            (lambda a, e: float(a) > 1 and _is_whole(a, e),
             N_("That is a number of homicides (n_weekend). Divide it by the number of all "
             "homicides, len(events), to get a share.")),
            (ratio_near(100), N_("Give a proportion between 0 and 1, not a percent (0.25 rather "
             "than 25).")),
            (near(_sunday_share), N_("That is Sunday alone. Weekdays are numbered from 0 = Monday, "
             "so Saturday is 5 and Sunday is 6: there is no day 7.")),
            (lambda a, e: abs(float(a) - 2 / 7) < 0.005,
             N_("2/7 is what the share would be if homicides were spread evenly over the week. "
             "Compute it from the data.")),
        ),
        fallback_hint=N_("weekend_days = [5, 6]; is_weekend = "
                         "events['weekday'].isin(weekend_days); "
        "then divide is_weekend.sum() by len(events)."),
        explanation=N_("Two days out of seven would be 29% if every day were alike; the weekend "
        "holds more than that. places.share_at_times does these same steps for you."),
        wrong_answers=(
            WrongAnswer("from medlab_teach import data\n"
                        "events = data.load('homicide_events')\n"
                        "answer = events['weekday'].isin([5, 6]).sum()", "len(events)"),
            WrongAnswer("from medlab_teach import data\n"
                        "events = data.load('homicide_events')\n"
                        "answer = events['weekday'].isin([6, 7]).sum() / len(events)",
                        "0 = Monday"),
            WrongAnswer("from medlab_teach import data\n"
                        "events = data.load('homicide_events')\n"
                        "answer = 100 * events['weekday'].isin([5, 6]).mean()", "not a percent"),
            WrongAnswer("answer = 2 / 7", "spread evenly"),
        ),
    ),
    Exercise(
        id="l05_top3_share",
        title=N_("Share of homicides in the three most affected territories"),
        expected=_top3_share,
        compare=close_to(rel=0.005),
        solution_code=(
            "from medlab_teach import data, places\n"
            "events = data.load('homicide_events')\n"
            "counts = places.counts_by_place(events, units=list(data.territory_names()))\n"
            "answer = places.share_in_top(counts, 3)\n"
        ),
        hints=(
            (ratio_near(100), N_("Give a proportion between 0 and 1, not a percent.")),
            (lambda a, e: float(a) > 1 and _is_whole(a, e),
             N_("That looks like a number of homicides. Divide by all located homicides to get a "
             "share (or use `places.share_in_top`).")),
            (lambda a, e: abs(float(a) - 3 / 21) < 0.002,
             N_("3/21 is the share of *territories*; the question asks for the share of "
             "*homicides* that happen in the top three.")),
        ),
        fallback_hint=N_("Count events per territory with `places.counts_by_place(...)`, then use "
        "`places.share_in_top(counts, 3)`."),
        explanation=N_("Three territories out of 21 hold almost a third of the located homicides. "
        "Comunas differ in size and population, so this is a first look, not a rate."),
        wrong_answers=(
            WrongAnswer("from medlab_teach import data, places\n"
                        "c = places.counts_by_place(data.load('homicide_events'))\n"
                        "answer = int(c.head(3).sum())", "number of homicides"),
            WrongAnswer("answer = 3 / 21", "share of *territories*"),
        ),
    ),
    Exercise(
        id="l05_cells_half",
        title=N_("How many 500 m cells hold half the homicides?"),
        expected=_cells_half,
        compare=lambda a, e: float(a) == e,
        solution_code=(
            "from medlab_teach import data, places\n"
            "events = data.load('homicide_events')\n"
            "grid = places.grid_counts(events, cell_m=500, within=data.boundaries())\n"
            "answer = places.places_for_share(grid['events'], 0.5)\n"
        ),
        hints=(
            (lambda a, e: float(a) < 1,
             N_("Give a number of cells (a whole number), not a share.")),
            (lambda a, e: abs(float(a) - len(_grid()) / 2) <= 1,
             N_("Half of the cells would hold half the homicides only if they were spread "
             "evenly. Sort the cells from most to fewest events and count how many you need "
             "(`places.places_for_share`).")),
        ),
        fallback_hint=N_("Build the grid with `places.grid_counts(events, cell_m=500, "
        "within=data.boundaries())`, then use `places.places_for_share(grid['events'], 0.5)`."),
        explanation=N_("A small fraction of the city's 500 m cells holds half of ten years of "
        "homicides: violence is far more concentrated than comunas suggest."),
        wrong_answers=(
            WrongAnswer("from medlab_teach import data, places\n"
                        "g = places.grid_counts(data.load('homicide_events'), 500, "
                        "within=data.boundaries())\n"
                        "answer = len(g) // 2", "spread evenly"),
            WrongAnswer("answer = 0.06", "whole number"),
        ),
    ),
)

register(*_INSTITUTIONS, *_TENSION, *_TIME_AND_PLACE)
