"""Before/after comparisons and difference-in-differences on the kit's crime tables.

Why this module exists: a single territory's series before and after an intervention mixes the
intervention with everything else that changed in the city at the same time. Comparing the change
in the treated territories with the change in comparison territories (a *difference-in-differences*)
removes what both shared, under assumptions a student has to state:

- **Parallel trends.** Without the intervention, treated and comparison territories would have
  moved alike. Check the years *before* the intervention (:func:`indexed`), never just assume it.
- **Comparison choice.** The answer depends on which territories you compare with; try more than
  one. Territories touched by other interventions in the same years are poor comparisons.
- **Counts vs rates.** The tables hold counts. With one fixed population per territory (the kit
  has 2018 only), a percentage change in counts equals the percentage change in rates, but a
  difference in *counts* mixes in the size of each group: compare percentage changes when the
  groups differ in size.
- **Source.** SISC counts for 2003-2008 are lower than police counts (see ``data.describe``): a
  change measured in one source is not comparable with a published figure built on another.

All functions are pure pandas: they take a tidy table with columns ``territory_code``, ``year``,
``conduct`` and ``cases`` (the layout of ``data.load("crimes_annual")``) and return numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from medlab_teach.errors import UnknownIdError
from medlab_teach.i18n import N_, _

if TYPE_CHECKING:
    import pandas as pd

REQUIRED = ("territory_code", "year", "conduct", "cases")
Period = tuple[int, int]


def _codes(territory_codes: str | Iterable[str]) -> list[str]:
    if isinstance(territory_codes, str):
        territory_codes = [territory_codes]
    if not isinstance(territory_codes, Iterable):
        raise TypeError(_("Give territory codes as text, e.g. '13' or ['01', '02']; got "
                          "{given!r}.").format(given=territory_codes))
    codes = [str(c) for c in territory_codes]
    if not codes:
        raise ValueError(_("Give at least one territory code, e.g. ['01', '02']."))
    bad = [c for c in codes if c.isdigit() and len(c) == 1]
    if bad:
        raise ValueError(_("Territory codes have two digits: write {right} not {wrong}.").format(
            right=['0' + c for c in bad], wrong=bad))
    return codes


def _period(period: Period, name: str) -> Period:
    pair = _("{name} must be a pair of years like (2003, 2004); got {period!r}.")
    if isinstance(period, str) or not isinstance(period, (tuple, list)) or len(period) != 2:
        raise TypeError(pair.format(name=name, period=period))
    try:
        start, end = (int(period[0]), int(period[1]))
    except (TypeError, ValueError):
        raise ValueError(pair.format(name=name, period=period)) from None
    if start > end:
        raise ValueError(_("{name} starts after it ends: {period!r}. Write (first, "
                           "last).").format(name=name, period=period))
    return start, end


def annual_series(crimes: pd.DataFrame, territory_codes: str | Iterable[str], conduct: str,
                  years: Period | None = None) -> pd.Series:
    """Cases per year summed over a group of territories; years with no row count as 0.

    The SISC tables omit zero counts, so a missing year means zero cases, not missing data.
    """
    import pandas as pd

    if not isinstance(crimes, pd.DataFrame):
        raise TypeError(_("Give the crime table (a DataFrame), e.g. "
                          "data.load('crimes_annual'); got {type}.").format(
                              type=type(crimes).__name__))
    missing = [c for c in REQUIRED if c not in crimes.columns]
    if missing:
        raise ValueError(_("The crime table lacks columns {missing}; use "
                           "data.load('crimes_annual').").format(missing=missing))
    codes = _codes(territory_codes)
    known = set(crimes["territory_code"].astype(str))
    unknown = [c for c in codes if c not in known]
    if unknown:
        also = (_("Also unknown: {others}.").format(others=unknown[1:]) + " "
                if len(unknown) > 1 else "")
        raise UnknownIdError(_("territory code"), unknown[0], sorted(known),
                             also + _("data.territory_names() lists the codes with their "
                                      "names."))
    conducts = set(crimes["conduct"])
    if conduct not in conducts:
        raise UnknownIdError(_("conduct"), conduct, sorted(conducts),
                             _("Spell it as in the table's 'conduct' column."))
    rows = crimes[crimes["territory_code"].astype(str).isin(codes) & (crimes["conduct"] == conduct)]
    first, last = _period(years, "years") if years else (
        int(crimes["year"].min()), int(crimes["year"].max()))
    totals = rows.groupby("year")["cases"].sum()
    out = totals.reindex(range(first, last + 1), fill_value=0).astype(int)
    out.index.name = "year"
    out.name = "cases"
    return out


def period_mean(series: pd.Series, period: Period) -> float:
    """Mean cases per year over an inclusive period of years (averaging smooths one odd year)."""
    start, end = _period(period, "period")
    chunk = series.loc[start:end]
    if len(chunk) != end - start + 1:
        have = f"{int(series.index.min())}-{int(series.index.max())}"
        raise ValueError(_("The series covers {have}; it has no data for all of "
                           "{start}-{end}.").format(have=have, start=start, end=end))
    return float(chunk.mean())


@dataclass(frozen=True)
class BeforeAfter:
    """Mean yearly cases before and after, and the change in cases and in percent."""

    before: float
    after: float

    @property
    def change(self) -> float:
        """After minus before, in cases per year."""
        return self.after - self.before

    @property
    def pct_change(self) -> float:
        """Change relative to before, in percent (negative = decline)."""
        if self.before == 0:
            raise ZeroDivisionError(_("No cases before: a percentage change is undefined."))
        return 100.0 * self.change / self.before


def before_after(crimes: pd.DataFrame, territory_codes: str | Iterable[str], conduct: str,
                 before: Period, after: Period) -> BeforeAfter:
    """Mean cases per year in a 'before' and an 'after' period for a group of territories."""
    series = annual_series(crimes, territory_codes, conduct)
    return BeforeAfter(period_mean(series, before), period_mean(series, after))


@dataclass(frozen=True)
class DiDResult:
    """A difference-in-differences: treated and comparison changes, and their differences."""

    treated: BeforeAfter
    comparison: BeforeAfter

    @property
    def did_cases(self) -> float:
        """Treated change minus comparison change, in cases per year (depends on group sizes)."""
        return self.treated.change - self.comparison.change

    @property
    def did_pct(self) -> float:
        """Treated % change minus comparison % change, in percentage points."""
        return self.treated.pct_change - self.comparison.pct_change

    @property
    def counterfactual_after(self) -> float:
        """What the treated group would have had after if it had changed like the comparison."""
        return self.treated.before * (1 + self.comparison.pct_change / 100.0)

    @property
    def excess_decline_pct(self) -> float:
        """How much greater (in %) the treated decline was than the comparison decline.

        The shape of the published figure 'the decline was 66% greater'; defined only when both
        groups declined.
        """
        t, c = -self.treated.pct_change, -self.comparison.pct_change
        if t <= 0 or c <= 0:
            raise ValueError(_("Both groups must decline for 'x% greater decline' to make "
                               "sense."))
        return 100.0 * (t / c - 1.0)

    def table(self) -> pd.DataFrame:
        """The 2x2 table plus the changes, the way the result is usually reported."""
        import pandas as pd

        rows = {_(group): ba for group, ba in ((N_("treated"), self.treated),
                                                (N_("comparison"), self.comparison))}
        return pd.DataFrame(
            {
                _("before (cases/year)"): {k: v.before for k, v in rows.items()},
                _("after (cases/year)"): {k: v.after for k, v in rows.items()},
                _("change (cases/year)"): {k: v.change for k, v in rows.items()},
                _("change (%)"): {k: v.pct_change for k, v in rows.items()},
            }
        ).round(1)


def diff_in_diff(crimes: pd.DataFrame, treated: str | Iterable[str],
                 comparison: str | Iterable[str], conduct: str, before: Period,
                 after: Period) -> DiDResult:
    """Difference-in-differences of mean yearly cases between treated and comparison groups.

    Assumes parallel trends and that the comparison group was not itself treated; the two groups
    must not share territories.
    """
    t, c = _codes(treated), _codes(comparison)
    shared = sorted(set(t) & set(c))
    if shared:
        raise ValueError(_("Territories {shared} are in both groups: a territory is either "
                           "treated or a comparison, not both.").format(shared=shared))
    return DiDResult(before_after(crimes, t, conduct, before, after),
                     before_after(crimes, c, conduct, before, after))


def indexed(series: pd.Series, base: Period | int) -> pd.Series:
    """A series as a percentage of its mean in a base period (100 = base): puts groups of
    different size on one scale, to check parallel trends by eye."""
    period = (base, base) if isinstance(base, int) else base
    level = period_mean(series, period)
    if level == 0:
        raise ZeroDivisionError(_("The base period has no cases: choose another base."))
    return 100.0 * series / level


def other_codes(crimes: pd.DataFrame, exclude: str | Iterable[str],
                kind: str | None = "comuna") -> list[str]:
    """Every territory code except ``exclude`` (by default only comunas): a ready comparison
    group 'rest of the city'. Rows without a territory ('SIN DATO') are never included."""
    drop = set(_codes(exclude))
    frame = crimes
    if kind is not None and "territory_kind" in crimes.columns:
        frame = crimes[crimes["territory_kind"] == kind]
    codes = sorted(set(frame["territory_code"].astype(str)) - drop - {"SIN DATO"})
    return [c for c in codes if c.isdigit()]
