"""Before/after comparisons and difference-in-differences (``evaluation``), on a tiny table whose
answers are worked out by hand (``tiny_tables.TINY``)."""

from __future__ import annotations

import pytest
from tiny_tables import TINY

from medlab_teach import evaluation
from medlab_teach.errors import UnknownIdError


def test_missing_years_count_as_zero() -> None:
    s = evaluation.annual_series(TINY, "01", "Homicidio")
    assert list(s.index) == list(range(2003, 2009))
    assert s.loc[2005] == 0 and s.loc[2006] == 0
    assert s.loc[2003] == 110


def test_before_after_by_hand() -> None:
    ba = evaluation.before_after(TINY, ["01"], "Homicidio", (2003, 2004), (2007, 2008))
    assert (ba.before, ba.after, ba.change) == (100.0, 50.0, -50.0)
    assert ba.pct_change == pytest.approx(-50.0)


def test_diff_in_diff_by_hand() -> None:
    r = evaluation.diff_in_diff(TINY, ["01"], ["03", "04"], "Homicidio", (2003, 2004),
                                (2007, 2008))
    assert r.comparison.before == 200.0 and r.comparison.after == 150.0
    assert r.did_cases == pytest.approx(0.0)  # same fall in cases ...
    assert r.did_pct == pytest.approx(-25.0)  # ... but twice the fall in percent
    assert r.excess_decline_pct == pytest.approx(100.0)  # 50 % vs 25 %: twice as large
    assert r.counterfactual_after == pytest.approx(75.0)
    table = r.table()
    assert table.loc["treated", "change (%)"] == -50.0


def test_diff_in_diff_refuses_overlapping_groups_and_bad_codes() -> None:
    with pytest.raises(ValueError, match="both groups"):
        evaluation.diff_in_diff(TINY, ["01"], ["01", "03"], "Homicidio", (2003, 2003),
                                (2008, 2008))
    with pytest.raises(ValueError, match="two digits"):
        evaluation.annual_series(TINY, ["1"], "Homicidio")
    with pytest.raises(UnknownIdError, match="no conduct"):
        evaluation.annual_series(TINY, ["01"], "Homicide")
    with pytest.raises(ValueError, match="no data"):
        evaluation.before_after(TINY, ["01"], "Homicidio", (2001, 2003), (2008, 2008))


def test_excess_decline_needs_two_declines() -> None:
    r = evaluation.DiDResult(evaluation.BeforeAfter(10, 5), evaluation.BeforeAfter(10, 12))
    with pytest.raises(ValueError, match="decline"):
        _ = r.excess_decline_pct


def test_indexed_and_other_codes() -> None:
    s = evaluation.annual_series(TINY, ["03"], "Homicidio")
    idx = evaluation.indexed(s, (2003, 2004))
    assert idx.loc[2007] == pytest.approx(75.0)
    assert evaluation.other_codes(TINY, ["01"]) == ["03", "04"]  # no corregimiento, no SIN DATO
