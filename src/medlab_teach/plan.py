"""An action plan, as at the Medellín Lab's Open Space: problems, lines, actors, commitments.

On the Lab's last day each working group fixed "compromisos y planes de acción corto, mediano y
largo plazo". The capstone asks students to do the same for their own city, along the lines of
the integral model. The plan is plain data so that a graded answer is code: build it, call
:meth:`ActionPlan.validate` (a list of problems, empty when the plan is complete), export it with
:meth:`ActionPlan.to_dict` / :meth:`ActionPlan.to_markdown`, and rebuild it with
:meth:`ActionPlan.from_dict`.
"""

from __future__ import annotations

import pprint
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from medlab_teach import model
from medlab_teach.errors import UnknownIdError
from medlab_teach.i18n import N_, _

#: Terms of a commitment, canonical Spanish id -> label with English gloss (Open Space wording);
#: shown translated (``_(TERMS[term])``: the Spanish label alone in Spanish).
TERMS: dict[str, str] = {
    "corto": N_("Corto plazo (short term)"),
    "mediano": N_("Mediano plazo (medium term)"),
    "largo": N_("Largo plazo (long term)"),
}


def component_ids() -> list[str]:
    """Ids a plan may name: the ten lines, then the two transversal axes."""
    return [c.id for c in (*model.LINES, *model.AXES)]


def _text_list(value: Any, what: str) -> list[str]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise TypeError(_("{what} must be a list of texts, e.g. ['...', '...']; got "
                          "{value!r}.").format(what=what, value=value))
    items = list(value)
    for item in items:
        if not isinstance(item, str):
            raise TypeError(_("Every entry of {what} must be a text; got {item!r}.").format(
                what=what, item=item))
    return items


@dataclass
class Commitment:
    """One commitment: what will be done, when, along which lines, by whom, and how we will know."""

    action: str
    term: str
    lines: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    indicator: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"action": self.action, "term": self.term, "lines": list(self.lines),
                "actors": list(self.actors), "indicator": self.indicator}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Commitment:
        if not isinstance(data, Mapping):
            raise TypeError(_("A commitment must be a dict with keys action, term, lines, "
                              "actors, indicator; got {data!r}.").format(data=data))
        _check_keys(data, {"action", "term", "lines", "actors", "indicator"}, _("a commitment"))
        for key in ("action", "term"):
            if key not in data:
                raise ValueError(_("A commitment needs {key!r}; got keys {keys}.").format(
                    key=key, keys=sorted(data)))
        for key in ("action", "term", "indicator"):
            if key in data and not isinstance(data[key], str):
                raise TypeError(_("A commitment's {key!r} must be a text; got {value!r}.").format(
                    key=key, value=data[key]))
        return cls(action=data["action"], term=data["term"],
                   lines=_text_list(data.get("lines", []), _("a commitment's 'lines'")),
                   actors=_text_list(data.get("actors", []), _("a commitment's 'actors'")),
                   indicator=data.get("indicator", ""))


def _check_keys(data: Mapping[str, Any], allowed: set[str], what: str) -> None:
    unknown = sorted(set(data) - allowed, key=str)
    if unknown:
        also = (_("Also unknown: {others}.").format(others=unknown[1:]) + " "
                if len(unknown) > 1 else "")
        raise UnknownIdError(_("key in {what}").format(what=what), unknown[0], sorted(allowed),
                             also + _("Rename or remove it (see ActionPlan.to_dict())."))


def _commitment_problems(c: Commitment, number: int, plan_lines: list[str],
                         plan_actors: list[str]) -> list[str]:
    """What commitment number ``number`` still needs, one sentence each."""
    problems: list[str] = []
    where = _("Commitment {number}").format(number=number)
    if not c.action.strip():
        problems.append(_("{where} has no action: say what will be done.").format(where=where))
    if c.term not in TERMS:
        problems.append(_("{where} has term {term!r}; use one of {terms} (short, medium, "
                          "long).").format(where=where, term=c.term,
                                           terms=", ".join(repr(t) for t in TERMS)))
    if not c.lines:
        problems.append(_("{where} names no line of the model: say which line(s) it "
                          "serves.").format(where=where))
    for lid in c.lines:
        if lid not in plan_lines:
            problems.append(_("{where} serves {line!r}, which is not among the plan's lines: "
                              "add it to the plan's lines or fix the id.").format(where=where,
                                                                                  line=lid))
    if not [a for a in c.actors if a.strip()]:
        problems.append(_("{where} has no actor: say who commits to it.").format(where=where))
    for actor in c.actors:
        if actor.strip() and actor.strip() not in plan_actors:
            problems.append(_("{where} names actor {actor!r}, who is not among the plan's "
                              "actors: add them to the plan's actors.").format(where=where,
                                                                               actor=actor))
    return problems


@dataclass
class ActionPlan:
    """A plan for one territory: problems, the model's lines it works on, actors, commitments."""

    title: str = ""
    territory: str = ""
    problems: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)

    # ------------------------------------------------------------------ checking
    def validate(self, *, require_integral: bool = False) -> list[str]:
        """Everything missing or wrong, one sentence each saying how to fix it ([] = complete).

        ``require_integral=True`` also asks the plan to span at least two stages of the model
        (prevention, reaction and justice, reparation and non-repetition).
        """
        problems = self._whole_plan_problems()
        actors = [a.strip() for a in self.actors]
        served: set[str] = set()
        for i, c in enumerate(self.commitments, start=1):
            problems += _commitment_problems(c, i, self.lines, actors)
            served.update(c.lines)
        if self.commitments:
            for term, label in TERMS.items():
                if not any(c.term == term for c in self.commitments):
                    problems.append(_("No commitment at {term_label}: add one with "
                                      "term={term!r}.").format(term_label=_(label).lower(),
                                                               term=term))
        valid_ids = component_ids()
        for lid in self.lines:
            if lid in valid_ids and lid not in served and self.commitments:
                problems.append(_("No commitment serves the line {line!r}: add one, or remove "
                                  "the line from the plan.").format(line=lid))
        if require_integral:
            stages = {model.get(lid).stage for lid in self.lines if lid in valid_ids}
            stages.discard(None)
            if len(stages) < 2:
                problems.append(_("An integral plan spans at least two stages of the model "
                                  "(prevention; reaction and justice; reparation and "
                                  "non-repetition): add lines from another stage."))
        return problems

    def _whole_plan_problems(self) -> list[str]:
        """What the plan's title, territory, problems, lines and actors still need."""
        problems: list[str] = []
        valid_ids = component_ids()
        if not self.title.strip():
            problems.append(_("The plan has no title: give it one (title='...')."))
        if not self.territory.strip():
            problems.append(_("Say which territory the plan is for (territory='...')."))
        if not [p for p in self.problems if p.strip()]:
            problems.append(_("List at least one problem the plan addresses "
                              "(problems=['...'])."))
        if any(not p.strip() for p in self.problems):
            problems.append(_("Some problems are empty texts: remove them or write them out."))
        if not self.lines:
            problems.append(_("Choose at least one line of the model (lines=['prevencion_social', "
                              "...]); see medlab_teach.model.line_ids()."))
        for lid in self.lines:
            if lid not in valid_ids:
                problems.append(_("{line!r} is not a line or axis of the model; use one of: "
                                  "{valid}.").format(line=lid, valid=", ".join(valid_ids)))
        duplicated = sorted({lid for lid in self.lines if self.lines.count(lid) > 1})
        if duplicated:
            problems.append(_("Lines listed twice: {lines}; list each once.").format(
                lines=", ".join(duplicated)))
        if not [a for a in self.actors if a.strip()]:
            problems.append(_("Name at least one actor (actors=['Secretaría de Seguridad', "
                              "...]): security is a shared mission, not only the police's."))
        if not self.commitments:
            problems.append(_("Add commitments at short, medium and long term "
                              "(commitments=[...])."))
        return problems

    def is_valid(self, *, require_integral: bool = False) -> bool:
        """True when :meth:`validate` finds nothing to fix."""
        return not self.validate(require_integral=require_integral)

    # ------------------------------------------------------------------ exporting
    def to_dict(self) -> dict[str, Any]:
        """The plan as plain Python data (dicts, lists, texts), e.g. for a graded answer."""
        return {"title": self.title, "territory": self.territory,
                "problems": list(self.problems), "lines": list(self.lines),
                "actors": list(self.actors),
                "commitments": [c.to_dict() for c in self.commitments]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ActionPlan:
        """Rebuild a plan from :meth:`to_dict`'s output. Wrong types raise TypeError, unknown keys
        UnknownIdError; wrong or missing content is left for :meth:`validate` to report."""
        if not isinstance(data, Mapping):
            raise TypeError(_("An action plan must be a dict (see ActionPlan.to_dict()); got "
                              "{type}.").format(type=type(data).__name__))
        allowed = {"title", "territory", "problems", "lines", "actors", "commitments"}
        _check_keys(data, allowed, _("the plan"))
        for key in ("title", "territory"):
            if key in data and not isinstance(data[key], str):
                raise TypeError(_("The plan's {key!r} must be a text; got {value!r}.").format(
                    key=key, value=data[key]))
        raw = data.get("commitments", [])
        if isinstance(raw, (str, Mapping)) or not isinstance(raw, Iterable):
            raise TypeError(_("The plan's 'commitments' must be a list of dicts, e.g. "
                              "{example}.").format(
                                  example="[{'action': '...', 'term': 'corto', ...}]"))
        return cls(title=data.get("title", ""), territory=data.get("territory", ""),
                   problems=_text_list(data.get("problems", []), _("the plan's 'problems'")),
                   lines=_text_list(data.get("lines", []), _("the plan's 'lines'")),
                   actors=_text_list(data.get("actors", []), _("the plan's 'actors'")),
                   commitments=[Commitment.from_dict(c) for c in raw])

    def to_code(self) -> str:
        """Python that rebuilds this plan (paste it into an answer cell)."""
        data = pprint.pformat(self.to_dict(), indent=1, width=90, sort_dicts=False)
        return f"from medlab_teach import plan\n\nmy_plan = plan.ActionPlan.from_dict(\n{data}\n)\n"

    def to_markdown(self) -> str:
        """The plan as a Markdown document, in the Open Space's order (Spanish headings, with
        their English gloss when the kit speaks English)."""
        def one_line(text: str) -> str:
            return " ".join(text.split())

        def name(lid: str) -> str:
            try:
                return model.get(lid).label
            except UnknownIdError:
                return _("{line} (not a line of the model)").format(line=lid)

        none = _("(none)")
        out = [_("# Plan de acción (action plan): {title}").format(
            title=one_line(self.title) or _("(untitled)")), ""]
        out += [_("**Territorio (territory):** {territory}").format(
            territory=one_line(self.territory) or _("(not given)")), ""]
        out += [_("## Problemas (problems)"), ""]
        out += [f"{i}. {one_line(p)}" for i, p in enumerate(self.problems, 1)] or [none]
        out += ["", _("## Líneas del modelo (lines of the model)"), ""]
        out += [f"- {name(lid)}" for lid in self.lines] or [none]
        out += ["", _("## Actores (actors)"), ""]
        out += [f"- {one_line(a)}" for a in self.actors] or [none]
        out += ["", _("## Compromisos (commitments)")]
        for term, label in TERMS.items():
            out += ["", f"### {_(label)}", ""]
            items = [c for c in self.commitments if c.term == term]
            if not items:
                out.append(_("(none yet)"))
            for c in items:
                details = []
                if c.lines:
                    details.append(_("lines: {lines}").format(
                        lines=", ".join(name(lid) for lid in c.lines)))
                if c.actors:
                    details.append(_("actors: {actors}").format(
                        actors=", ".join(one_line(a) for a in c.actors)))
                if c.indicator.strip():
                    details.append(_("indicator: {indicator}").format(
                        indicator=one_line(c.indicator)))
                suffix = f" ({'; '.join(details)})" if details else ""
                out.append(f"- {one_line(c.action)}{suffix}")
        other = [c for c in self.commitments if c.term not in TERMS]
        if other:
            out += ["", _("### Sin plazo válido (no valid term)"), ""]
            out += [_("- {action} (term {term!r})").format(action=one_line(c.action),
                                                           term=c.term) for c in other]
        return "\n".join(out) + "\n"


def example() -> ActionPlan:
    """The Open Space's 'Joven Lab' working group, as the Lab's report tells it, shaped as a plan.

    A worked example to read before writing one's own: the commitments paraphrase the report,
    which names the group rather than who does what, so each commitment lists the whole group;
    the choice of lines is this kit's reading of them.
    """
    actors = ["Organización Mi Convive de Caracas",
              "Subsecretaría Territorial de Inclusión y Oportunidades Urbano y Rural de Cali",
              "Gobierno Municipal de Chihuahua", "OIM Colombia",
              "Secretaría de Seguridad y Convivencia de la Alcaldía de Medellín",
              "Museo Casa de la Memoria"]
    return ActionPlan(
        title="Joven Lab: comunidad de prácticas con jóvenes en riesgo",
        territory="Ciudades del grupo Joven Lab (Medellín Lab 2017)",
        problems=["Prevención de la violencia e inclusión de poblaciones jóvenes vulnerables",
                  "Evitar la reincidencia de jóvenes en peligro"],
        lines=["prevencion_social", "construccion_paz", "garantias_no_repeticion"],
        actors=actors,
        commitments=[
            Commitment("Evaluar las redes existentes y compartir los programas municipales; "
                       "constituir una red y una Secretaría técnica", "corto",
                       ["prevencion_social"], list(actors)),
            Commitment("Organizar la transmisión del conocimiento del CEPAR", "mediano",
                       ["construccion_paz"], list(actors)),
            Commitment("Convocar un primer encuentro entre las ciudades y difundir la estrategia "
                       "del Museo Casa de la Memoria con jóvenes en peligro", "largo",
                       ["garantias_no_repeticion", "construccion_paz"], list(actors)),
        ],
    )
