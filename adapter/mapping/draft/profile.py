"""``draft_profile``: a vendor profile for one repository, from the probe's findings and the classes.

Every choice is made from the findings and explained in a YAML comment: the type for each record
level (named like it), where the UUID and the idempotency key live (a secondary type, or properties
every record type has), each property key the classes map (a DMS property named like it, of a
datatype that takes its values, on every type that needs it), the permission names (from the
permission mapping), the name rules, query fallbacks, content limit and hash support measured in a
scratch run (conservative values, marked so, after a read-only run). What cannot be decided is left
to a person: such keys go to ``unmapped`` (so the draft loads as written) and ``ProfileDraft.open``
lists them with the candidate properties of a fitting datatype; ``choices`` (``--choose``) and
``type_choices`` (``--type``) settle them in the next draft.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from adapter.domain.probe import ProbeFindings, PropertyFacts, TypeFacts
from adapter.mapping.draft.match import identity_place, level_types, matches
from adapter.mapping.draft.needs import KeyNeed, class_needs, profile_type_for
from adapter.mapping.draft.plan import Candidate, OpenChoice, Plan
from adapter.mapping.draft.render import render_profile
from adapter.mapping.model import RecordClass

__all__ = ["Candidate", "OpenChoice", "ProfileDraft", "draft_profile"]

_PROFILE_TYPES = ("string", "integer", "boolean", "datetime")
_SYNONYMS: Mapping[str, tuple[str, ...]] = {"betreff": ("subject",), "bearbeiter": ("sachbearbeiter",)}


@dataclass(frozen=True)
class ProfileDraft:
    name: str
    text: str  # the profile YAML with comments
    open: tuple[OpenChoice, ...] = ()
    problems: tuple[str, ...] = ()  # what makes the draft unusable (no place for our keys, a bad choice)
    unmatched_mandatory: tuple[str, ...] = ()  # "type: property" the DMS requires and no key fills yet

    def to_json(self) -> dict[str, object]:
        return {"name": self.name, "profile": self.text, "problems": list(self.problems),
                "unmatched_mandatory": list(self.unmatched_mandatory),
                "open": [{"key": o.key, "wants": o.wants, "levels": list(o.levels), "why": o.why,
                          "candidates": [{"id": c.id, "display_name": c.display_name,
                                          "mandatory_on": list(c.mandatory_on)} for c in o.candidates]}
                         for o in self.open]}



def _wants(need: KeyNeed) -> str:
    if "strings" in need.kinds:
        return "string (multi-valued)"
    if need.kinds & {"date", "datetime"}:
        return "datetime"
    return "integer" if "integer" in need.kinds else "boolean" if "boolean" in need.kinds else "string"


_ORDER = {"akte": 0, "teilakte": 1, "vorgang": 2, "dokument": 3, "container": 4}


def _choose_types(plan: Plan, needs: Mapping[str, tuple[str, ...]], type_choices: Mapping[str, str]) -> None:
    auto = level_types(plan.findings.types)
    for key, levels in sorted(needs.items(), key=lambda item: _ORDER.get(item[1][0], 9)):
        level = levels[0]
        base = "cmis:document" if level == "dokument" else "cmis:folder"
        wanted = type_choices.get(key) or type_choices.get(level)
        if level == "container":
            chosen = plan.findings.type_by_id("cmis:folder")
            if chosen is not None:
                plan.types[key] = (chosen, "container folders (static path segments) are plain cmis:folder")
        elif wanted:
            chosen = plan.findings.type_by_id(wanted)
            if chosen is None or chosen.base != base:
                plan.problems.append(f"--type {key}={wanted}: the DMS has no {base.removeprefix('cmis:')} type "
                                     f"{wanted!r}")
            else:
                plan.types[key] = (chosen, f"chosen by --type {key}={wanted}")
        elif level in auto:
            chosen, why = auto[level]
            plan.types[key] = (chosen, f"{level.title()}: {chosen.id}, by its {why}")
        else:
            plan.problems.append(f"no type named like a {level.title()} (type key {key!r}): name one with "
                                 f"--type {key}=TYPE_ID")


def _record_types(plan: Plan) -> list[TypeFacts]:
    out: list[TypeFacts] = []
    for t, _why in plan.types.values():
        if t.id not in ("cmis:folder", "cmis:document") and t.id not in {o.id for o in out}:
            out.append(t)
    return out


def _candidates(plan: Plan, need: KeyNeed, taken: set[str]) -> list[PropertyFacts]:
    targets = [plan.types[k][0] for k in need.type_keys if k in plan.types]
    pool: list[PropertyFacts] = []
    if targets and len(targets) == len(need.type_keys):
        first, rest = targets[0], targets[1:]
        pool = [p for p in first.custom if all(
            (o := t.prop(p.id)) is not None and (o.datatype, o.multi) == (p.datatype, p.multi) for t in rest)]
    if plan.identity and plan.identity.secondary is not None:
        pool += [p for p in plan.identity.secondary.custom if p.id not in {q.id for q in pool}]
    return [p for p in pool if p.settable and p.datatype in _PROFILE_TYPES and p.id not in taken
            and profile_type_for(need.kinds, p.datatype, p.multi)]


def _mandatory_on(plan: Plan, prop: PropertyFacts) -> tuple[str, ...]:
    return tuple(t.id for t in _record_types(plan) if (p := t.prop(prop.id)) is not None and p.mandatory)


def _map_keys(plan: Plan, needs: Mapping[str, KeyNeed], choices: Mapping[str, str]) -> None:
    place = plan.identity
    taken = {p.id for p in (place.uuid, place.key) if p is not None} if place else set()
    for key in [k for k in choices if k not in needs]:
        plan.problems.append(f"--choose {key}=...: no record class maps a property key {key!r}")
    for key, need in needs.items():  # explicit choices first: they take their properties
        if key in choices:
            found = {p.id: p for p in _candidates(plan, need, taken)}
            prop = found.get(choices[key])
            if prop is None:
                plan.problems.append(f"--choose {key}={choices[key]}: not a settable {_wants(need)} property on "
                                     f"every type of {', '.join(need.levels)} (candidates: "
                                     f"{', '.join(sorted(found)) or 'none'})")
                continue
            plan.mapped[key] = (prop, f"chosen by --choose {key}={prop.id} ({prop.display_name})", need)
            taken.add(prop.id)
    for key, need in needs.items():
        if key in plan.mapped or key in choices:
            continue
        candidates = _candidates(plan, need, taken)
        named = [(p, why) for p in candidates if (why := matches(p, (key, *_SYNONYMS.get(key, ())))) is not None]
        if len(named) == 1:
            prop, why = named[0]
            plan.mapped[key] = (prop, f"{key}: {prop.id}, by its {why}", need)
            taken.add(prop.id)
            continue
        reason = (f"{len(named)} properties are named like it" if named else
                  "no property is named like it" if candidates else f"no settable {_wants(need)} property on every "
                  f"type of {', '.join(need.levels)}")
        plan.open.append(OpenChoice(key, _wants(need), need.levels, (), reason))
    plan.mapped = {k: plan.mapped[k] for k in needs if k in plan.mapped}  # in the classes' order
    for index, choice in enumerate(plan.open):  # the candidates are what no key took
        candidates = _candidates(plan, needs[choice.key], taken)
        plan.open[index] = replace(choice, candidates=tuple(
            Candidate(p.id, p.display_name, _mandatory_on(plan, p)) for p in candidates))


def draft_profile(findings: ProbeFindings, classes: Mapping[str, RecordClass], *, name: str = "draft",
                  choices: Mapping[str, str] | None = None,
                  type_choices: Mapping[str, str] | None = None) -> ProfileDraft:
    """The vendor profile draft for the repository of ``findings`` and the record ``classes``."""
    type_needs, key_needs = class_needs(classes)
    plan = Plan(findings, name)
    _choose_types(plan, {k: t.levels for k, t in type_needs.items()}, type_choices or {})
    plan.identity = identity_place(findings.types, _record_types(plan))
    if not plan.identity.found:
        plan.problems.append(f"no place for the UUID and the idempotency key: {plan.identity.why}")
    _map_keys(plan, key_needs, choices or {})
    identity_ids = {p.id for p in (plan.identity.uuid, plan.identity.key) if p is not None}
    mapped_ids = {prop.id for prop, _why, _need in plan.mapped.values()}
    for t in _record_types(plan):
        for p in t.custom:
            if p.mandatory and p.id not in mapped_ids | identity_ids:
                plan.unmatched_mandatory.append(f"{t.id}: {p.id} ({p.display_name})")
    return ProfileDraft(name, render_profile(plan), tuple(plan.open), tuple(plan.problems),
                        tuple(plan.unmatched_mandatory))
