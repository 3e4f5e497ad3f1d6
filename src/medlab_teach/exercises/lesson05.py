"""Lesson 05, reaction, control, technology and justice: when and where homicides concentrate."""

from __future__ import annotations

from medlab_teach.checks import Exercise, WrongAnswer, close_to, near, ratio_near, register


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


register(
    Exercise(
        id="l05_peak_hour",
        title="The deadliest hour",
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
             "That is the number of homicides in the worst hour, not the hour itself: use "
             "`.idxmax()` (the label of the largest value) rather than `.max()`."),
            (lambda a, e: 0 <= int(a) <= 23 and int(a) >= 12,
             "That hour is in the afternoon or evening. Look again at the bars: which one is "
             "tallest? Hours run 0-23, and 0-5 are the small hours of the night."),
        ),
        fallback_hint="Count events per hour with `places.counts_by_time(events, 'hour')`, then "
        "take the hour (the index) of the largest count.",
        explanation="Homicides peak in the small hours of the night, when most of the city is "
        "asleep: a pattern that says something about who is on the street, and when.",
        wrong_answers=(
            WrongAnswer("from medlab_teach import data, places\n"
                        "answer = int(places.counts_by_time(data.load('homicide_events'), "
                        "'hour').max())", ".idxmax()"),
            WrongAnswer("answer = 22", "tallest"),
        ),
    ),
    Exercise(
        id="l05_weekend_share",
        title="Weekend share",
        expected=_weekend_share,
        compare=close_to(rel=0.005),
        solution_code=(
            "from medlab_teach import data, places\n"
            "events = data.load('homicide_events')\n"
            "answer = places.share_at_times(events, 'weekday', [5, 6])\n"
        ),
        hints=(
            (ratio_near(100), "Give a proportion between 0 and 1, not a percent (0.25 rather "
             "than 25)."),
            (near(_sunday_share), "That is Sunday alone. Weekdays are numbered from 0 = Monday, "
             "so Saturday is 5 and Sunday is 6: there is no day 7."),
            (lambda a, e: abs(float(a) - 2 / 7) < 0.005,
             "2/7 is what the share would be if homicides were spread evenly over the week. "
             "Compute it from the data."),
        ),
        fallback_hint="Use `places.share_at_times(events, 'weekday', [...])` with the numbers "
        "of Saturday and Sunday (0 = Monday).",
        explanation="Two days out of seven would be 29% if every day were alike; the weekend "
        "holds more than that.",
        wrong_answers=(
            WrongAnswer("from medlab_teach import data, places\n"
                        "answer = places.share_at_times(data.load('homicide_events'), "
                        "'weekday', [6])", "0 = Monday"),
            WrongAnswer("from medlab_teach import data, places\n"
                        "answer = 100 * places.share_at_times(data.load('homicide_events'), "
                        "'weekday', [5, 6])", "not a percent"),
            WrongAnswer("answer = 2 / 7", "spread evenly"),
        ),
    ),
    Exercise(
        id="l05_top3_share",
        title="Share of homicides in the three most affected territories",
        expected=_top3_share,
        compare=close_to(rel=0.005),
        solution_code=(
            "from medlab_teach import data, places\n"
            "events = data.load('homicide_events')\n"
            "counts = places.counts_by_place(events, units=list(data.territory_names()))\n"
            "answer = places.share_in_top(counts, 3)\n"
        ),
        hints=(
            (ratio_near(100), "Give a proportion between 0 and 1, not a percent."),
            (lambda a, e: float(a) > 1 and _is_whole(a, e),
             "That looks like a number of homicides. Divide by all located homicides to get a "
             "share (or use `places.share_in_top`)."),
            (lambda a, e: abs(float(a) - 3 / 21) < 0.002,
             "3/21 is the share of *territories*; the question asks for the share of "
             "*homicides* that happen in the top three."),
        ),
        fallback_hint="Count events per territory with `places.counts_by_place(...)`, then use "
        "`places.share_in_top(counts, 3)`.",
        explanation="Three territories out of 21 hold almost a third of the located homicides. "
        "Comunas differ in size and population, so this is a first look, not a rate.",
        wrong_answers=(
            WrongAnswer("from medlab_teach import data, places\n"
                        "c = places.counts_by_place(data.load('homicide_events'))\n"
                        "answer = int(c.head(3).sum())", "number of homicides"),
            WrongAnswer("answer = 3 / 21", "share of *territories*"),
        ),
    ),
    Exercise(
        id="l05_cells_half",
        title="How many 500 m cells hold half the homicides?",
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
             "Give a number of cells (a whole number), not a share."),
            (lambda a, e: abs(float(a) - len(_grid()) / 2) <= 1,
             "Half of the cells would hold half the homicides only if they were spread "
             "evenly. Sort the cells from most to fewest events and count how many you need "
             "(`places.places_for_share`)."),
        ),
        fallback_hint="Build the grid with `places.grid_counts(events, cell_m=500, "
        "within=data.boundaries())`, then use `places.places_for_share(grid['events'], 0.5)`.",
        explanation="A small fraction of the city's 500 m cells holds half of ten years of "
        "homicides: violence is far more concentrated than comunas suggest.",
        wrong_answers=(
            WrongAnswer("from medlab_teach import data, places\n"
                        "g = places.grid_counts(data.load('homicide_events'), 500, "
                        "within=data.boundaries())\n"
                        "answer = len(g) // 2", "spread evenly"),
            WrongAnswer("answer = 0.06", "whole number"),
        ),
    ),
)
