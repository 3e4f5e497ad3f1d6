"""Tiny hand-made tables shared by the unit tests: every answer can be worked out by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd

# A tiny crime table whose answers are worked out by hand in the tests below.
#   treated "01": before (2003-2004) mean 100, after (2007-2008) mean 50  -> -50 cases, -50 %
#   comparison "03"+"04": before mean 200, after mean 150                 -> -50 cases, -25 %
TINY = pd.DataFrame(
    [
        ("01", "comuna", 2003, "Homicidio", 110), ("01", "comuna", 2004, "Homicidio", 90),
        ("01", "comuna", 2007, "Homicidio", 60), ("01", "comuna", 2008, "Homicidio", 40),
        ("03", "comuna", 2003, "Homicidio", 100), ("03", "comuna", 2004, "Homicidio", 100),
        ("03", "comuna", 2007, "Homicidio", 75), ("03", "comuna", 2008, "Homicidio", 75),
        ("04", "comuna", 2003, "Homicidio", 100), ("04", "comuna", 2004, "Homicidio", 100),
        ("04", "comuna", 2005, "Homicidio", 80), ("04", "comuna", 2007, "Homicidio", 75),
        ("04", "comuna", 2008, "Homicidio", 75), ("60", "corregimiento", 2003, "Homicidio", 9),
        ("SIN DATO", "sin dato", 2003, "Homicidio", 5),
        ("01", "comuna", 2003, "Hurto a persona", 500),
    ],
    columns=["territory_code", "territory_kind", "year", "conduct", "cases"],
)


POP = pd.DataFrame(
    [(code, name, age, sex, n)
     for code, name, base in (("04", "Aranjuez", 10), ("14", "El Poblado", 5))
     for age, mult in (("0-4", 3), ("5-9", 2), ("80+", 1))
     for sex, n in (("total", base * mult), ("male", base * mult / 2),
                    ("female", base * mult / 2))],
    columns=["territory_code", "territory_name", "age_group", "sex", "population"],
)


def tiny_events() -> pd.DataFrame:
    """Five homicide events shaped like ``data.load("homicide_events")``."""
    # five events: three at 22:00 on Saturday in June, one at 03:00 Monday in January, one at
    # 22:00 Sunday in June; ages 19, 24, 24, 70 and unknown (-1)
    return pd.DataFrame({
        "hour": [22, 22, 22, 3, 22],
        "weekday": [5, 5, 5, 0, 6],
        "month": [6, 6, 6, 1, 6],
        "age": [19, 24, 24, 70, -1],
        "sex": ["Hombre", "Hombre", "Mujer", "Hombre", "Hombre"],
        "territory_code": ["01", "01", "01", "02", "03"],
        "longitude": [-75.600, -75.6001, -75.5999, -75.550, np.nan],
        "latitude": [6.200, 6.2001, 6.1999, 6.250, np.nan],
    })


def square(code: str, x0: float, y0: float, side: float) -> dict:
    ring = [[x0, y0], [x0 + side, y0], [x0 + side, y0 + side], [x0, y0 + side], [x0, y0]]
    return {"type": "Feature", "properties": {"territory_code": code, "territory_name": code},
            "geometry": {"type": "Polygon", "coordinates": [ring]}}
