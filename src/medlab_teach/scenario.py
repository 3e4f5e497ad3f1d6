"""A small, stylised dynamic model of one territory over years, for policy-mix exercises.

**This is a teaching model, not a forecast.** Every number it produces is synthetic: it shows how
the lessons of the Medellín Lab fit together as a system (fast but fragile control; slow but
durable prevention; justice and reparation that break cycles of revenge; participation that makes
interventions last; policies that outlive a government term), so students can argue about them.
It is not fitted to any city's data and must never be read as a prediction. Figures drawn from it
carry the source line :data:`SOURCE`.

The student plays the city's security secretary: each year the policy's effort is shared among the
ten lines of the integral model (keys = :func:`medlab_teach.model.line_ids`), the policy either
continues across 4-year government terms or is dropped after the first one, and the community takes
part with a strength ``participation`` in [0, 1].

State of the territory at the end of year t (row 0 is the starting point, before any policy):

=========  ===================================================  ========================
symbol     meaning                                              unit
=========  ===================================================  ========================
V          violence level: homicide rate                        homicides per 100,000
T          institutional trust                                  index 0-1
S          social vulnerability                                 index 0-1
H          unrepaired harm to victims                           index 0-1
A          presence of illegal actors                           index 0-1
c_i        capacity built by line i (programmes, staff, works)  index 0-1
D          illegal actors' adaptation to control                index 0-1
=========  ===================================================  ========================

Equations (one step = one year; ``0`` marks the initial value; v = V/V0 is violence relative to
its start; Σ_x = Σ_i x_i c_i sums one column of the per-line table :class:`LineDynamics` over the
lines, control's own terms taken at its effective strength k; T, S, H, A are clipped to [0, 1])::

    effort      e_i(t) = effort * share_i(t) / 100 * on(t)     on(t) = 0 from year `term` on
                                                               when continuity is False
    capacity    c_i(t+1) = c_i* + (c_i(t) - c_i*) exp(-(g_i e_i + d_i))
                c_i* = g_i e_i / (g_i e_i + d_i),   d_i = decay_i (1 - m p)
                policy dropped: at the change of government c_i *= 1 - L (1 - m p)
    adaptation  D(t+1) = D + a_D (c_ctl - D)          k = c_ctl (1 - psi D)
    violence    v = [beta + (1 - beta) (A/A0) (1 + rho (H - H0))] (1 + chi (T0 - T))
                    (1 - Σ_s - s_ctl k),   clipped to [0, v_max];   V = V0 v
    harm        H(t+1) = H + [r0 H0/(1 - H0) v + h_ab k (1 - c_jus)] (1 - H) - (r0 + Σ_r) H
    trust       T(t+1) = T + a_T (T* - T)
                T* = T0 + (1 - T0)(1 - exp(-(1 + mu p) Σ_tau)) - tau_H (H - H0)
                     - tau_V (v - 1) - tau_ab k (1 - c_jus)
    actors      A(t+1) = A + q0 A0/(1 - A0) (1 - A) drive (1 - Σ_phi) - (q0 + Σ_q + q_ctl k) A
                drive = (S/S0) (1 + eta_H (H - H0)) (1 + eta_T (T0 - T))
    vuln.       S(t+1) = S + a_S (S0 (1 - Σ_sigma) (1 + sigma_V (v - 1)) - S)

With no effort at all, the initial state is a fixed point: the territory stays as it is, so every
change in a run comes from the policy. Violence is proportional to V0, so the model speaks of
relative changes; V0 only sets the scale. Parameter names, meanings, units and defaults are in
:class:`Parameters` and :class:`LineDynamics` (``Parameters().describe()`` lists them all) and in
``docs/scenario_model.md``.
"""

# ruff: noqa: N806  (upper-case T, S, H, A, V0... are the symbols of the equations above)
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields, replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np

from medlab_teach.errors import UnknownIdError
from medlab_teach.i18n import N_, _, format_number
from medlab_teach.model import line_ids as _model_line_ids

if TYPE_CHECKING:
    import pandas as pd

SOURCE = N_("Synthetic: medlab-teach teaching model, not a forecast")

LINE_IDS: tuple[str, ...] = tuple(_model_line_ids())
N_LINES = len(LINE_IDS)

#: The state variables of a trajectory: attribute name -> (label, unit), in English as written
#: here; :func:`variable_label` gives them in the learner's language.
VARIABLES: Mapping[str, tuple[str, str]] = MappingProxyType({
    "violence": (N_("Violence (homicide rate)"), N_("homicides per 100,000")),
    "trust": (N_("Institutional trust"), N_("index 0-1")),
    "vulnerability": (N_("Social vulnerability"), N_("index 0-1")),
    "harm": (N_("Unrepaired harm to victims"), N_("index 0-1")),
    "actors": (N_("Presence of illegal actors"), N_("index 0-1")),
})
#: Default names of scenarios (shown translated: :func:`shown_name`).
DEFAULT_NAME = N_("Scenario")
STATUS_QUO_NAME = N_("Status quo (no policy)")


def variable_label(variable: str) -> tuple[str, str]:
    """A state variable's (label, unit) in the learner's language."""
    label, unit = VARIABLES[variable]
    return _(label), _(unit)


def shown_name(name: str) -> str:
    """A scenario's name as shown: the kit's default names translated, the learner's kept."""
    return _(name) if name in (DEFAULT_NAME, STATUS_QUO_NAME) else name


def _meta(meaning: str, unit: str, symbol: str) -> dict[str, str]:
    return {"meaning": meaning, "unit": unit, "symbol": symbol}


def _shown_meta(metadata: Mapping[str, str]) -> dict[str, str]:
    """A parameter's meaning and unit in the learner's language (keys stay as they are)."""
    meaning, unit = metadata["meaning"], metadata["unit"]
    return {"meaning": _(meaning), "unit": _(unit)}


def _is_number(value: object) -> bool:
    """A real number (int, float or numpy's), not a bool."""
    return not isinstance(value, (bool, np.bool_)) and isinstance(
        value, (int, float, np.integer, np.floating))


def _check_number(value: object, what: str, example: str) -> float:
    """``value`` as a finite number >= 0, or a TypeError/ValueError saying what to give."""
    if not _is_number(value):
        raise TypeError(_("{what} must be a number (e.g. {example}); got {value!r}.").format(
            what=what, example=example, value=value))
    if not (math.isfinite(value) and value >= 0):  # type: ignore[arg-type]
        raise ValueError(_("{what} must be a finite number >= 0 (e.g. {example}); got "
                           "{value!r}.").format(what=what, example=example, value=value))
    return float(value)  # type: ignore[arg-type]


@dataclass(frozen=True)
class LineDynamics:
    """How one line of the model acts: how fast its capacity builds and decays, and what it does.

    Effects are weights on the line's capacity c_i (0-1); a weight of 0.3 on ``vulnerability``
    means a line at full capacity lowers the vulnerability the territory tends to by 30%.
    """

    build: float = field(metadata=_meta(
        N_("speed at which full effort on the line builds capacity"),
        N_("1/year at 100% effort"), "g_i"))
    decay: float = field(metadata=_meta(
        N_("share of built capacity lost each year without participation"),
        N_("1/year"), "decay_i"))
    vulnerability: float = field(default=0.0, metadata=_meta(
        N_("cut in the vulnerability the territory tends to"),
        N_("share at full capacity"), "sigma_i"))
    recruitment: float = field(default=0.0, metadata=_meta(
        N_("cut in recruitment into illegal actors"), N_("share at full capacity"), "phi_i"))
    removal: float = field(default=0.0, metadata=_meta(
        N_("illegal actors removed (arrested, dismantled, demobilised)"),
        N_("share of actors per year at full capacity"), "q_i"))
    repair: float = field(default=0.0, metadata=_meta(
        N_("unrepaired harm repaired (attention, reparation, justice done)"),
        N_("share of harm per year at full capacity"), "r_i"))
    trust: float = field(default=0.0, metadata=_meta(
        N_("institutional trust gained"), N_("index points at full capacity"), "tau_i"))
    suppression: float = field(default=0.0, metadata=_meta(
        N_("direct cut in violence (deterrence, safer places)"),
        N_("share at full capacity"), "s_i"))

    def __post_init__(self) -> None:
        for f in fields(self):
            value = _check_number(getattr(self, f.name), f"LineDynamics.{f.name}", "0.3")
            if f.name not in ("build", "decay") and value > 1:
                raise ValueError(_("LineDynamics.{name} is a share at full capacity: give a "
                                   "value in [0, 1]; got {value!r}.").format(name=f.name,
                                                                            value=value))
        if self.build == 0 and self.decay == 0:
            raise ValueError(_("LineDynamics: build and decay cannot both be 0."))


#: Default per-line dynamics. Speeds and durabilities follow the Lab report's lessons: control is
#: fast and short-lived, early and social prevention slow and lasting, justice and reparation
#: repair harm. They are stylised numbers chosen to teach, not estimates.
DEFAULT_LINES: Mapping[str, LineDynamics] = MappingProxyType({
    "prevencion_temprana": LineDynamics(build=0.35, decay=0.03, vulnerability=0.45,
                                        recruitment=0.25, trust=0.05),
    "reduccion_inequidad": LineDynamics(build=0.5, decay=0.05, vulnerability=0.35,
                                        recruitment=0.1, trust=0.1),
    "prevencion_social": LineDynamics(build=0.6, decay=0.05, vulnerability=0.2,
                                      recruitment=0.3, trust=0.15),
    "prevencion_situacional": LineDynamics(build=1.0, decay=0.1, recruitment=0.05,
                                           trust=0.05, suppression=0.2),
    "reaccion_control": LineDynamics(build=5.0, decay=0.8, removal=0.5, suppression=0.35),
    "justicia": LineDynamics(build=1.5, decay=0.2, removal=0.25, repair=0.15, trust=0.15),
    "atencion_victimas": LineDynamics(build=1.5, decay=0.15, repair=0.35, trust=0.15),
    "restablecimiento_derechos": LineDynamics(build=0.8, decay=0.08, vulnerability=0.1,
                                              repair=0.35, trust=0.1),
    "construccion_paz": LineDynamics(build=0.6, decay=0.06, recruitment=0.2, removal=0.1,
                                     repair=0.1, trust=0.1),
    "garantias_no_repeticion": LineDynamics(build=0.6, decay=0.06, recruitment=0.2,
                                            removal=0.1, trust=0.1),
})


@dataclass(frozen=True)
class Parameters:
    """Every assumption of the model besides the per-line table, with meaning, unit and default.

    ``Parameters().describe()`` lists them as rows; ``Parameters(revenge=0.5)`` changes one.
    """

    effort: float = field(default=1.0, metadata=_meta(
        N_("total yearly effort of the policy, shared among the lines"), N_("reference budget = 1"),
        "effort"))
    term_years: int = field(default=4, metadata=_meta(
        N_("length of a government term"), N_("years"), "term"))
    participation_durability: float = field(default=0.6, metadata=_meta(
        N_("how much full participation slows the decay of built capacity"), N_("share"), "m"))
    participation_trust: float = field(default=0.5, metadata=_meta(
        N_("how much full participation amplifies the trust the lines build (joint work)"),
        N_("share"), "mu"))
    term_break_loss: float = field(default=0.3, metadata=_meta(
        N_("capacity lost when a new government drops the policy (staff, data, programmes)"),
        N_("share"), "L"))
    control_adaptation_rate: float = field(default=0.3, metadata=_meta(
        N_("speed at which illegal actors adapt to sustained control"), N_("1/year"), "a_D"))
    control_adaptation_share: float = field(default=0.6, metadata=_meta(
        N_("share of control's effect that fully adapted actors neutralise"), N_("share"), "psi"))
    control_abuse_harm: float = field(default=0.08, metadata=_meta(
        N_("new harm from control not governed by justice (collateral harm to civilians)"),
        N_("index points/year at full control"), "h_ab"))
    control_abuse_trust: float = field(default=0.15, metadata=_meta(
        N_("trust lost to control not governed by justice"), N_("index points at full control"),
        "tau_ab"))
    harm_absorption: float = field(default=0.1, metadata=_meta(
        N_("share of unrepaired harm that fades each year with no attention"), N_("1/year"), "r0"))
    violence_base_share: float = field(default=0.25, metadata=_meta(
        N_("share of the starting violence not driven by illegal actors or revenge (everyday "
        "conflicts)"), N_("share"), "beta"))
    revenge: float = field(default=1.5, metadata=_meta(
        N_("extra violence per unit of unrepaired harm above its start (revenge cycles)"),
        N_("share per index point"), "rho"))
    trust_violence: float = field(default=0.6, metadata=_meta(
        N_("extra violence per unit of trust lost (no one reports, no one mediates)"),
        N_("share per index point"), "chi"))
    actor_exit: float = field(default=0.2, metadata=_meta(
        N_("share of illegal actors leaving each year with no policy (and replaced)"),
        N_("1/year"), "q0"))
    recruitment_harm: float = field(default=1.0, metadata=_meta(
        N_("extra recruitment per unit of unrepaired harm above its start (re-victimisation)"),
        N_("share per index point"), "eta_H"))
    recruitment_distrust: float = field(default=1.0, metadata=_meta(
        N_("extra recruitment per unit of trust lost (actors take the institution's place)"),
        N_("share per index point"), "eta_T"))
    vulnerability_adjustment: float = field(default=0.15, metadata=_meta(
        N_("speed at which vulnerability moves towards its target"), N_("1/year"), "a_S"))
    vulnerability_violence: float = field(default=0.2, metadata=_meta(
        N_("rise in vulnerability per relative rise in violence (loss, displacement)"),
        N_("share per unit V/V0"), "sigma_V"))
    trust_adjustment: float = field(default=0.4, metadata=_meta(
        N_("speed at which trust moves towards its target"), N_("1/year"), "a_T"))
    trust_harm: float = field(default=0.5, metadata=_meta(
        N_("trust lost per unit of unrepaired harm above its start"),
        N_("index points per index point"),
        "tau_H"))
    trust_from_violence: float = field(default=0.1, metadata=_meta(
        N_("trust lost per relative rise in violence"), N_("index points per unit V/V0"), "tau_V"))
    max_violence_ratio: float = field(default=3.0, metadata=_meta(
        N_("ceiling on violence relative to its start, keeps the model bounded"),
        N_("V/V0"), "v_max"))
    lines: Mapping[str, LineDynamics] = field(default_factory=lambda: DEFAULT_LINES, metadata=_meta(
        N_("per-line dynamics (see LineDynamics)"),
        N_("table"), "g, decay, sigma, phi, q, r, tau, s"))

    def __post_init__(self) -> None:
        for f in fields(self):
            if f.name == "lines":
                continue
            _check_number(getattr(self, f.name), _("Parameter {name}").format(name=f.name),
                          str(f.default))
        if self.term_years < 1 or int(self.term_years) != self.term_years:
            raise ValueError(_("term_years must be a whole number of years >= 1; got "
                               "{value!r}.").format(value=self.term_years))
        for name in ("participation_durability", "term_break_loss", "control_adaptation_share"):
            if getattr(self, name) > 1:
                raise ValueError(_("Parameter {name} is a share: give a value in [0, 1]; got "
                                   "{value!r}.").format(name=name, value=getattr(self, name)))
        if self.max_violence_ratio <= 0:
            raise ValueError(_("max_violence_ratio must be > 0."))
        if not isinstance(self.lines, Mapping):
            raise TypeError(_("Parameters.lines must be a dict of line id -> LineDynamics(...); "
                              "change one line with Parameters().with_line(...)."))
        for lid in self.lines:
            _check_line_id(lid)
        missing = set(LINE_IDS) - set(self.lines)
        if missing:
            raise ValueError(_("Parameters.lines must have every line of the model; missing: "
                               "{missing}. Change one line with "
                               "Parameters().with_line(...).").format(missing=sorted(missing)))
        if not isinstance(self.lines, MappingProxyType):
            object.__setattr__(self, "lines", MappingProxyType(dict(self.lines)))
        for lid, dyn in self.lines.items():
            if not isinstance(dyn, LineDynamics):
                raise TypeError(_("Parameters.lines[{line!r}] must be a "
                                  "LineDynamics(...).").format(line=lid))
        dyns = [self.lines[lid] for lid in LINE_IDS]
        effects = np.array([[d.vulnerability, d.recruitment, d.removal, d.repair, d.trust,
                             d.suppression] for d in dyns])
        ictl = LINE_IDS.index("reaccion_control")
        ctl_fx = (float(effects[ictl, 2]), float(effects[ictl, 5]))
        effects[ictl] = 0.0
        object.__setattr__(self, "_arrays", (np.array([d.build for d in dyns]),
                                             np.array([d.decay for d in dyns]), effects, ctl_fx))

    def describe(self) -> list[dict[str, object]]:
        """Every parameter as a row: name, symbol, meaning, unit, value and default."""
        rows: list[dict[str, object]] = []
        for f in fields(self):
            if f.name == "lines":
                continue
            rows.append({"name": f.name, "symbol": f.metadata["symbol"],
                         **_shown_meta(f.metadata),
                         "value": getattr(self, f.name), "default": f.default})
        for lid in LINE_IDS:
            dyn, default = self.lines[lid], DEFAULT_LINES[lid]
            for f in fields(LineDynamics):
                rows.append({"name": f"lines[{lid!r}].{f.name}",
                             "symbol": f.metadata["symbol"].replace("_i", f"[{lid}]"),
                             **_shown_meta(f.metadata), "value": getattr(dyn, f.name),
                             "default": getattr(default, f.name)})
        return rows

    def with_line(self, line_id: str, **changes: float) -> Parameters:
        """A copy with numbers of one line changed: ``with_line('justicia', decay=0.1)``."""
        _check_line_id(line_id)
        names = [f.name for f in fields(LineDynamics)]
        for name in changes:
            if name not in names:
                raise UnknownIdError(_("LineDynamics field"), name, names)
        table = dict(self.lines)
        table[line_id] = replace(table[line_id], **changes)
        return replace(self, lines=MappingProxyType(table))


@dataclass(frozen=True)
class Initial:
    """Where the territory starts. Only the homicide rate comes from data; the indexes are
    stylised (0 = none, 1 = the most imaginable) and default to a territory in trouble."""

    homicide_rate: float = 50.0
    trust: float = 0.4
    vulnerability: float = 0.5
    harm: float = 0.4
    actors: float = 0.5
    year: int = 0

    def __post_init__(self) -> None:
        rate = self.homicide_rate
        if not _is_number(rate):
            raise TypeError(_("homicide_rate must be a number of homicides per 100,000 (e.g. "
                              "50.0); got {rate!r}.").format(rate=rate))
        if not math.isfinite(rate) or rate <= 0:
            raise ValueError(_("homicide_rate must be a positive number of homicides per "
                               "100,000 (e.g. 50.0); got {rate!r}.").format(rate=rate))
        for name in ("trust", "vulnerability", "harm", "actors"):
            value = getattr(self, name)
            if not _is_number(value):
                raise TypeError(_("Initial {name} is an index, a number strictly between 0 and "
                                  "1 (e.g. 0.4); got {value!r}.").format(name=name, value=value))
            if not 0 < value < 1:
                raise ValueError(_("Initial {name} is an index strictly between 0 and 1 "
                                   "(e.g. 0.4); got {value!r}.").format(name=name, value=value))
        whole_year = _("year must be a whole calendar year (e.g. 2004); got {year!r}.")
        if not _is_number(self.year):
            raise TypeError(whole_year.format(year=self.year))
        if int(self.year) != self.year:
            raise ValueError(whole_year.format(year=self.year))


def initial_from_data(territory_code: str | None, year: int, *, conduct: str = "Homicidio",
                      base: str = "dap_2018", **indexes: float) -> Initial:
    """A starting point whose homicide rate comes from the kit's data; the indexes stay stylised.

    The rate is the territory's cases of ``conduct`` in ``year`` (``data.load('crimes_annual')``,
    SISC) per 100,000 inhabitants of its 2018 population (``data.population_total``, the only
    population by territory in the kit, so rates for years far from 2018 are approximate).
    ``territory_code=None`` takes the whole city. Other keyword arguments (``trust=0.3``...) set
    the stylised indexes. This is the only bridge from the data to the engine, and it is
    optional: ``Initial(homicide_rate=...)`` takes any number.
    """
    from medlab_teach import data, evaluation

    crimes = data.load("crimes_annual")
    first, last = int(crimes["year"].min()), int(crimes["year"].max())
    if isinstance(year, bool) or not isinstance(year, (int, np.integer)):
        raise TypeError(_("year must be a whole year such as {last}; got {year!r}.").format(
            last=last, year=year))
    if not first <= year <= last:
        raise ValueError(_("year must be a whole year between {first} and {last} (the crime "
                           "table's years); got {year!r}.").format(first=first, last=last,
                                                                    year=year))
    codes = (sorted(set(crimes["territory_code"].astype(str))) if territory_code is None
             else [territory_code])
    cases = int(evaluation.annual_series(crimes, codes, conduct, years=(year, year)).iloc[0])
    population = data.population_total(territory_code, base=base)  # type: ignore[arg-type]
    rate = float(data.rate(cases, population))
    if rate <= 0:
        where = (_("the city") if territory_code is None
                 else _("territory {code}").format(code=territory_code))
        raise ValueError(_("{where} has no recorded {conduct} cases in {year}: the model needs a "
                           "positive starting rate. Choose another year or territory, or give "
                           "Initial(homicide_rate=...) yourself.").format(
                               where=where, conduct=conduct, year=year))
    return Initial(homicide_rate=rate, year=year, **indexes)


# --------------------------------------------------------------------------------------- shares

#: How far from 100 a total of shares may be (rounding, e.g. 33.3 + 33.3 + 33.4).
SHARE_TOLERANCE = 0.01


def _check_line_id(line_id: object) -> None:
    if line_id not in LINE_IDS:
        raise UnknownIdError(_("line id"), line_id, LINE_IDS,
                             _("Copy an id from the list (medlab_teach.model.line_ids())."))


def _g(value: float) -> str:
    """A percent or points in a message: the decimals ``{:g}`` would show, in the learner's
    convention (1,234.5 in English, 1.234,5 in Spanish)."""
    text = f"{value:g}"
    if "e" in text:
        return text
    decimals = len(text.split(".")[1]) if "." in text else 0
    return format_number(value, decimals)


def normalise_fix() -> str:
    """How a message tells the learner to rescale shares (the widget swaps it for its button)."""
    return _("use normalise_shares(shares)")


def validate_shares(shares: Mapping[str, float], *, where: str = "") -> dict[str, float]:
    """Check one year's shares (percent per line, summing to 100) and return them for all lines.

    Lines left out get 0%. Raises ValueError saying what is wrong and how to fix it.
    """
    at = f" ({where})" if where else ""
    if not isinstance(shares, Mapping):
        raise TypeError(_("Shares{at} must be a dict of line id -> percent, e.g. {example}; "
                          "got {type}.").format(
                              at=at, example="{'prevencion_social': 60, 'reaccion_control': 40}",
                              type=type(shares).__name__))
    out = dict.fromkeys(LINE_IDS, 0.0)
    for key, value in shares.items():
        _check_line_id(key)
        if not _is_number(value):
            raise TypeError(_("Share of {key!r}{at} must be a number of percent; got "
                              "{value!r}.").format(key=key, at=at, value=value))
        value = float(value)
        if not math.isfinite(value):
            raise ValueError(_("Share of {key!r}{at} must be a finite percent; got "
                               "{value!r}.").format(key=key, at=at, value=value))
        if value < 0:
            raise ValueError(_("Share of {key!r}{at} is negative ({value}%): shares are percent "
                               "of the effort, between 0 and 100.").format(
                                   key=key, at=at, value=_g(value)))
        out[key] = value
    total = sum(out.values())
    if abs(total - 1.0) < 1e-6:
        raise ValueError(_("Shares{at} sum to 1: give them in percent so they sum to 100 "
                           "(e.g. 40 rather than 0.4).").format(at=at))
    if abs(total - 100.0) > SHARE_TOLERANCE:
        message = (_("Shares{at} sum to {total}%, not 100%: lower some shares by {points} "
                     "points, or {fix}.") if total > 100 else
                   _("Shares{at} sum to {total}%, not 100%: raise some shares by {points} "
                     "points, or {fix}."))
        raise ValueError(message.format(at=at, total=_g(total), points=_g(abs(total - 100)),
                                        fix=normalise_fix()))
    return out


def normalise_shares(shares: Mapping[str, float]) -> dict[str, float]:
    """Rescale non-negative shares so they sum to 100 (the widget's 'normalise' button)."""
    for key, value in shares.items():
        _check_line_id(key)
        if value < 0:
            raise ValueError(_("Share of {key!r} is negative ({value}%): shares cannot be "
                               "negative, so there is nothing to normalise.").format(
                                   key=key, value=_g(value)))
    total = float(sum(shares.values()))
    if total <= 0:
        raise ValueError(_("All shares are 0: give at least one line some effort."))
    return {lid: 100.0 * float(shares.get(lid, 0.0)) / total for lid in LINE_IDS}


def equal_shares(lines: Sequence[str] | None = None) -> dict[str, float]:
    """100% shared equally among ``lines`` (all ten lines if None), others at 0%."""
    chosen = list(LINE_IDS if lines is None else lines)
    if not chosen:
        raise ValueError(_("equal_shares needs at least one line id."))
    for lid in chosen:
        _check_line_id(lid)
    return {lid: (100.0 / len(chosen) if lid in chosen else 0.0) for lid in LINE_IDS}


def without(shares: Mapping[str, float], *drop: str) -> dict[str, float]:
    """The same mix with the ``drop`` lines set to 0 and their effort spread over the others in
    proportion to their shares: how to ask 'what if we left these lines out?'."""
    full = validate_shares(shares)
    for lid in drop:
        _check_line_id(lid)
    kept = {lid: v for lid, v in full.items() if lid not in drop}
    if sum(kept.values()) <= 0:
        raise ValueError(_("Dropping {dropped} leaves no effort: keep at least one line with "
                           "a share above 0.").format(dropped=list(drop)))
    return normalise_shares(kept)


#: Named mixes the lessons start from (percent per line).
PRESETS: Mapping[str, Mapping[str, float]] = MappingProxyType({
    "solo_control": MappingProxyType(equal_shares(["reaccion_control"])),
    "prevencion": MappingProxyType(equal_shares(["prevencion_temprana", "prevencion_social"])),
    "integral": MappingProxyType(equal_shares()),
    "integral_sin_justicia_reparacion": MappingProxyType(without(
        equal_shares(), "justicia", "atencion_victimas", "restablecimiento_derechos")),
})


def preset(name: str) -> dict[str, float]:
    """A copy of one named mix: 'solo_control', 'prevencion', 'integral', ..."""
    if name not in PRESETS:
        raise UnknownIdError(_("preset"), name, PRESETS)
    return dict(PRESETS[name])


# ------------------------------------------------------------------------------------- scenario

@dataclass(frozen=True)
class Scenario:
    """One policy choice, ready to simulate and compare.

    ``shares`` is one dict (the same mix every year) or a list with one dict per year, each in
    percent per line summing to 100. ``continuity=False`` means the next government drops the
    policy after the first term. ``participation`` in [0, 1] is the community's part in it.
    """

    shares: Mapping[str, float] | Sequence[Mapping[str, float]]
    continuity: bool = True
    participation: float = 0.5
    years: int = 20
    initial: Initial = field(default_factory=Initial)
    parameters: Parameters = field(default_factory=Parameters)
    name: str = DEFAULT_NAME

    def __post_init__(self) -> None:
        years = _("years must be a whole number between 1 and 200; got {years!r}.").format(
            years=self.years)
        if isinstance(self.years, bool) or not isinstance(self.years, (int, np.integer)):
            raise TypeError(years)
        if not 1 <= self.years <= 200:
            raise ValueError(years)
        if not isinstance(self.continuity, (bool, np.bool_)):
            raise TypeError(_("continuity must be True (the policy outlives the government) or "
                              "False (dropped after one term); got {value!r}.").format(
                                  value=self.continuity))
        p = self.participation
        meaning = _("participation must be a number between 0 (none) and 1 (the community "
                    "leads with the institutions); got {value!r}.").format(value=p)
        if not _is_number(p):
            raise TypeError(meaning)
        if not 0.0 <= float(p) <= 1.0:
            raise ValueError(meaning)
        if not isinstance(self.initial, Initial):
            raise TypeError(_("initial must be an Initial(...), e.g. "
                              "Initial(homicide_rate=50.0)."))
        if not isinstance(self.parameters, Parameters):
            raise TypeError(_("parameters must be a Parameters(...), e.g. "
                              "Parameters(revenge=1.0)."))
        if isinstance(self.shares, Mapping):
            row = validate_shares(self.shares)
            canonical: Any = MappingProxyType(row)
            matrix = np.tile(np.array([row[lid] for lid in LINE_IDS]), (self.years, 1))
        elif isinstance(self.shares, Sequence) and not isinstance(self.shares, str):
            if len(self.shares) != self.years:
                raise ValueError(_("A yearly schedule of shares needs one dict per year: got "
                                   "{count} for years={years}. Give a single dict to keep the "
                                   "same mix every year.").format(count=len(self.shares),
                                                                  years=self.years))
            rows = [validate_shares(s, where=_("year {n}").format(n=i + 1))
                    for i, s in enumerate(self.shares)]
            canonical = tuple(MappingProxyType(r) for r in rows)
            matrix = np.array([[r[lid] for lid in LINE_IDS] for r in rows])
        else:
            raise TypeError(_("shares must be a dict of line id -> percent, or a list with one "
                              "such dict per year."))
        object.__setattr__(self, "shares", canonical)
        object.__setattr__(self, "participation", float(p))
        object.__setattr__(self, "continuity", bool(self.continuity))
        object.__setattr__(self, "years", int(self.years))
        matrix.setflags(write=False)
        object.__setattr__(self, "_shares_matrix", matrix)
        change = np.flatnonzero(np.any(matrix[1:] != matrix[:-1], axis=1)) + 1
        object.__setattr__(self, "_starts", (0, *change.tolist()))

    @property
    def shares_matrix(self) -> np.ndarray:
        """Shares as a (years x 10) array in percent, columns in the model's line order."""
        return self._shares_matrix  # type: ignore[attr-defined]

    def simulate(self) -> Trajectory:
        """Run the model year by year and return the trajectory (pure: same input, same output)."""
        return simulate(self)

    @classmethod
    def status_quo(cls, **kwargs: Any) -> Scenario:
        """The territory with no policy at all (effort 0): the yardstick every choice is
        measured against. It stays where it starts."""
        kwargs.setdefault("name", STATUS_QUO_NAME)
        params = kwargs.pop("parameters", Parameters())
        return cls(shares=equal_shares(), parameters=replace(params, effort=0.0), **kwargs)

    def replace(self, **changes: Any) -> Scenario:
        """A copy with some fields changed, e.g. ``s.replace(continuity=False, name='B')``."""
        return replace(self, **changes)

    def to_code(self) -> str:
        """Python that recreates this scenario with the plain functions (for graded answers).

        Short calls stay on one line; longer ones put one argument per line, wrapped under 100
        characters, so pasted code passes the same checks as the kit's own.
        """
        if isinstance(self.shares, Mapping):
            shares_code = _dict_code(self.shares, 4 + len("shares="))
        else:
            rows = [_dict_code(r, 8) for r in self.shares]
            shares_code = "[\n        " + ",\n        ".join(rows) + ",\n    ]"
        args = [f"shares={shares_code}", f"continuity={self.continuity}",
                f"participation={_num(self.participation)}"]
        if self.years != 20:
            args.append(f"years={self.years}")
        if self.initial != Initial():
            init = ", ".join(f"{k}={_num(v)}" for k, v in asdict(self.initial).items()
                             if v != getattr(Initial(), k))
            args.append(f"initial=scenario.Initial({init})")
        if self.parameters != Parameters():
            args.append(f"parameters={_parameters_code(self.parameters)}")
        if self.name != DEFAULT_NAME:
            args.append(f"name={self.name!r}")
        one_line = f"scenario.Scenario({', '.join(args)})"
        if len(one_line) <= 88 and "\n" not in one_line:
            return one_line
        return "scenario.Scenario(\n" + "".join(f"    {a},\n" for a in args) + ")"


def _dict_code(row: Mapping[str, float], indent: int) -> str:
    """A dict of shares as code (lines left at 0 omitted), wrapped under 100 characters."""
    items = [f"{lid!r}: {_num(v)}" for lid, v in row.items() if v != 0]
    lines, current = [], ""
    for item in items:
        if current and indent + len(current) + len(item) + 3 > 99:
            lines.append(current + ",")
            current = item
        else:
            current = f"{current}, {item}" if current else item
    lines.append(current)
    return "{" + ("\n" + " " * (indent + 1)).join(lines) + "}"


def _parameters_code(parameters: Parameters) -> str:
    """The ``scenario.Parameters(...)`` call that rebuilds ``parameters``."""
    changed = [f"{f.name}={_num(getattr(parameters, f.name))}"
               for f in fields(Parameters) if f.name != "lines"
               and getattr(parameters, f.name) != f.default]
    code = f"scenario.Parameters({', '.join(changed)})"
    for lid in LINE_IDS:
        dyn, default = parameters.lines[lid], DEFAULT_LINES[lid]
        diff = [f"{f.name}={_num(getattr(dyn, f.name))}" for f in fields(LineDynamics)
                if getattr(dyn, f.name) != getattr(default, f.name)]
        if diff:
            code += f".with_line({lid!r}, {', '.join(diff)})"
    return code


def _num(value: float) -> str:
    value = float(value)
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


@dataclass(frozen=True, eq=False)
class Trajectory:
    """Yearly results of one scenario: row t is the end of year t, row 0 the starting point."""

    name: str
    years: np.ndarray
    violence: np.ndarray
    trust: np.ndarray
    vulnerability: np.ndarray
    harm: np.ndarray
    actors: np.ndarray
    capacity: np.ndarray  # (years + 1) x 10, columns in LINE_IDS order
    effort: np.ndarray  # years x 10: effort actually applied in each year (0 once dropped)
    scenario: Scenario

    def __getitem__(self, variable: str) -> np.ndarray:
        if variable not in VARIABLES:
            raise UnknownIdError(_("variable"), variable, VARIABLES)
        return getattr(self, variable)

    def at(self, year: int) -> dict[str, float]:
        """The state after ``year`` years of policy (0 = start)."""
        return {v: float(getattr(self, v)[year]) for v in VARIABLES}

    def cumulative_homicide_rate(self, years: int | None = None) -> float:
        """Homicides per 100,000 summed over the first ``years`` years of the policy (all if
        None): the victims a choice costs or spares, in rate units."""
        n = len(self.violence) - 1 if years is None else years
        if not 1 <= n <= len(self.violence) - 1:
            raise ValueError(_("years must be between 1 and {most}; got {n}.").format(
                most=len(self.violence) - 1, n=n))
        return float(self.violence[1:n + 1].sum())

    def capacity_of(self, line_id: str) -> np.ndarray:
        """The capacity built by one line, year by year."""
        _check_line_id(line_id)
        return self.capacity[:, LINE_IDS.index(line_id)]

    def to_frame(self) -> pd.DataFrame:
        """A tidy table, one row per year: state variables, then capacity_<line> columns."""
        import pandas as pd

        frame = pd.DataFrame({"year": self.years, **{v: getattr(self, v) for v in VARIABLES}})
        for j, lid in enumerate(LINE_IDS):
            frame[f"capacity_{lid}"] = self.capacity[:, j]
        frame.insert(0, "scenario", self.name)
        frame.attrs["source"] = SOURCE
        return frame

    def summary(self) -> dict[str, float]:
        """A few numbers to compare scenarios by (all synthetic)."""
        v = self.violence
        n = len(v) - 1
        horizon = min(10, n)
        return {
            "violence_start": float(v[0]),
            "violence_year_1": float(v[1]),
            f"violence_year_{horizon}": float(v[horizon]),
            "violence_end": float(v[-1]),
            "violence_min": float(v.min()),
            "year_of_min": int(self.years[int(v.argmin())]),
            f"cumulative_rate_{horizon}y": self.cumulative_homicide_rate(horizon),
            "trust_end": float(self.trust[-1]),
            "harm_end": float(self.harm[-1]),
            "actors_end": float(self.actors[-1]),
            "vulnerability_end": float(self.vulnerability[-1]),
        }


def _capacity(effort: np.ndarray, build: np.ndarray, decay: np.ndarray, starts: Sequence[int],
              break_at: int | None, break_keep: float) -> np.ndarray:
    """Capacity of each line, year by year: exact solution of dc/dt = g e (1 - c) - d c with the
    effort constant within a year, computed a whole run of identical years at a time (``starts``:
    the years where the effort changes, 0 first)."""
    n = len(effort)
    capacity = np.empty((n + 1, N_LINES))
    capacity[0] = 0.0
    if break_at is not None and break_at not in starts:
        starts = sorted([*starts, break_at])
    ends = [*starts[1:], n]
    c = capacity[0]
    for t0, t1 in zip(starts, ends, strict=True):
        if t0 == break_at:
            c = c * break_keep
        built = build * effort[t0]
        rate = built + decay
        target = np.divide(built, rate, out=np.zeros(N_LINES), where=rate > 0)
        steps = np.arange(1, t1 - t0 + 1)[:, None]
        capacity[t0 + 1:t1 + 1] = target + (c - target) * np.exp(-rate * steps)
        c = capacity[t1]
    return capacity


def simulate(scenario: Scenario) -> Trajectory:
    """Run the equations of the module docstring for ``scenario.years`` years."""
    prm = scenario.parameters
    ini = scenario.initial
    n = scenario.years
    p = scenario.participation
    shares = scenario.shares_matrix
    build, decay0, effects, ctl_fx = prm._arrays  # type: ignore[attr-defined]

    # Effort actually applied each year (0 once a dropped policy ends).
    dropped = not scenario.continuity and prm.term_years < n
    if dropped:
        on = np.ones((n, 1))
        on[prm.term_years:] = 0.0
        applied = shares * on
    else:
        applied = shares
    durability = 1.0 - prm.participation_durability * p
    capacity = _capacity(applied * (prm.effort / 100.0), build, decay0 * durability,
                         scenario._starts,  # type: ignore[attr-defined]
                         prm.term_years if dropped else None,
                         1.0 - prm.term_break_loss * durability)

    # Summed per-line effects, control's column left out: it enters at its effective strength k.
    sums = (capacity @ effects).tolist()
    ctl_cap = capacity[:, _CONTROL].tolist()
    jus_cap = capacity[:, _JUSTICE].tolist()
    ctl_removal, ctl_suppression = ctl_fx

    T0, S0, H0, A0 = ini.trust, ini.vulnerability, ini.harm, ini.actors
    r0, q0 = prm.harm_absorption, prm.actor_exit
    harm_in = r0 * H0 / (1.0 - H0)
    recruit = q0 * A0 / (1.0 - A0)
    a_D, psi = prm.control_adaptation_rate, prm.control_adaptation_share
    rho, chi, vmax = prm.revenge, prm.trust_violence, prm.max_violence_ratio
    beta = prm.violence_base_share
    mu = 1.0 + prm.participation_trust * p
    h_ab, tau_ab = prm.control_abuse_harm, prm.control_abuse_trust
    tau_h, tau_v, a_T = prm.trust_harm, prm.trust_from_violence, prm.trust_adjustment
    eta_h, eta_t = prm.recruitment_harm, prm.recruitment_distrust
    a_S, sig_v = prm.vulnerability_adjustment, prm.vulnerability_violence
    exp = math.exp

    T, S, H, A, D = T0, S0, H0, A0, 0.0
    ov, ot, os_, oh, oa = ([0.0] * (n + 1) for _ in range(5))
    for t in range(n + 1):
        cc = ctl_cap[t]
        sig, phi, rem, rep, tau, sup = sums[t]
        k = cc * (1.0 - psi * D)
        v = (beta + (1.0 - beta) * (A / A0) * (1.0 + rho * (H - H0))) * (
            1.0 + chi * (T0 - T)) * (1.0 - sup - ctl_suppression * k)
        v = 0.0 if v < 0.0 else (vmax if v > vmax else v)
        ov[t], ot[t], os_[t], oh[t], oa[t] = v, T, S, H, A
        if t == n:
            break
        abuse = k * (1.0 - jus_cap[t])
        H_next = H + (harm_in * v + h_ab * abuse) * (1.0 - H) - (r0 + rep) * H
        T_next = T + a_T * (T0 + (1.0 - T0) * (1.0 - exp(-mu * tau)) - tau_h * (H - H0)
                            - tau_v * (v - 1.0) - tau_ab * abuse - T)
        drive = (S / S0) * (1.0 + eta_h * (H - H0)) * (1.0 + eta_t * (T0 - T)) * (1.0 - phi)
        A_next = A + recruit * (1.0 - A) * (drive if drive > 0.0 else 0.0) - (
            q0 + rem + ctl_removal * k) * A
        S_goal = S0 * (1.0 - sig) * (1.0 + sig_v * (v - 1.0))
        S_next = S + a_S * ((S_goal if S_goal > 0.0 else 0.0) - S)
        D += a_D * (cc - D)
        H = 0.0 if H_next < 0.0 else (1.0 if H_next > 1.0 else H_next)
        T = 0.0 if T_next < 0.0 else (1.0 if T_next > 1.0 else T_next)
        A = 0.0 if A_next < 0.0 else (1.0 if A_next > 1.0 else A_next)
        S = 0.0 if S_next < 0.0 else (1.0 if S_next > 1.0 else S_next)

    out = np.array((ov, ot, os_, oh, oa))
    out[0] *= ini.homicide_rate
    capacity.setflags(write=False)
    out.setflags(write=False)
    return Trajectory(
        name=scenario.name, years=np.arange(ini.year, ini.year + n + 1),
        violence=out[0], trust=out[1], vulnerability=out[2], harm=out[3], actors=out[4],
        capacity=capacity, effort=applied, scenario=scenario,
    )


_CONTROL = LINE_IDS.index("reaccion_control")
_JUSTICE = LINE_IDS.index("justicia")


# ------------------------------------------------------------------------------------ comparing

def run(*scenarios: Scenario | Trajectory) -> list[Trajectory]:
    """Simulate each scenario (trajectories pass through), keeping their order."""
    out = []
    for item in scenarios:
        if isinstance(item, Trajectory):
            out.append(item)
        elif isinstance(item, Scenario):
            out.append(item.simulate())
        else:
            raise TypeError(_("Expected Scenario or Trajectory objects, e.g. run(a, b); got "
                              "{type}.").format(type=type(item).__name__))
    return out


def _unique_names(trajectories: Sequence[Trajectory]) -> list[str]:
    names: list[str] = []
    for tr in trajectories:
        name, i = tr.name, 2
        while name in names:
            name, i = f"{tr.name} ({i})", i + 1
        names.append(name)
    return names


def compare(*scenarios: Scenario | Trajectory, years: Sequence[int] = (1, 4, 10, 20)
            ) -> pd.DataFrame:
    """Scenarios side by side: one column per scenario, one row per measure (synthetic).

    Rows: violence after each of ``years`` (those within every run), homicides per 100,000
    summed over the first 10 years (or the whole run if shorter), and the end state of trust,
    vulnerability, harm and illegal actors.
    """
    import pandas as pd

    trajectories = run(*scenarios)
    if not trajectories:
        raise ValueError(_("compare needs at least one scenario, e.g. compare(a, b)."))
    shortest = min(len(tr.violence) - 1 for tr in trajectories)
    horizon = min(10, shortest)
    columns = {}
    for name, tr in zip(_unique_names(trajectories), trajectories, strict=True):
        col: dict[str, float] = {
            _("violence, start (homicides per 100,000)"): float(tr.violence[0])}
        for y in years:
            if 1 <= y <= shortest:
                col[_("violence after {years} years (homicides per 100,000)").format(
                    years=y)] = float(tr.violence[y])
        col[_("homicides per 100,000 summed over {years} years").format(years=horizon)] = (
            tr.cumulative_homicide_rate(horizon))
        for var in ("trust", "vulnerability", "harm", "actors"):
            label, unit = variable_label(var)
            col[_("{variable} at the end ({unit})").format(variable=label.lower(), unit=unit)] = (
                float(getattr(tr, var)[-1]))
        columns[shown_name(name)] = col
    table = pd.DataFrame(columns)
    table.attrs["source"] = SOURCE
    return table


def table(*scenarios: Scenario | Trajectory) -> pd.DataFrame:
    """All trajectories in one tidy table (column ``scenario`` tells them apart)."""
    import pandas as pd

    trajectories = run(*scenarios)
    frames = []
    for name, tr in zip(_unique_names(trajectories), trajectories, strict=True):
        frame = tr.to_frame()
        frame["scenario"] = name
        frames.append(frame)
    out = pd.concat(frames, ignore_index=True)
    out.attrs["source"] = SOURCE
    return out
