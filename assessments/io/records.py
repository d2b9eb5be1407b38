"""The checks run on every imported record, the same for every format (``check_records``):

* the record has a key made of letters, digits, ``-``, ``_`` or ``.`` (it becomes a QTI identifier),
  unique within the import;
* competence and level exist in the competence model, and the level is offered for that competence;
* the type is one of :data:`TYPES`; ``high_risk`` is yes/no; ``scoring`` is ``partial``/``all_or_nothing``
  and only on a type that is scored that way;
* stem and rationale are there in Dutch *and* English;
* the item type's import checks of its own fields (``codec.check_shape``: options, pairs, answer, …, with
  every text in both languages), then — when those found nothing, so a problem is not told twice — the
  item type's own ``check()``.

The values every format shares (languages, numbers, lists, …) are in :mod:`assessments.io.values`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..competences import CompetenceModel
from ..item_types.base import overlong_texts
from ..item_types.registry import ITEM_TYPES
from ..problems import Problem, Term, place
from . import LineError
from .values import KEY_RE, SCORING, missing_langs

#: the registered item types, in the registry's order
TYPES = tuple(ITEM_TYPES)


def check_record(
    record: Mapping[str, Any], model: CompetenceModel, known_cases: Iterable[str] | None = None
) -> list[str]:
    """Problems with one record, as messages for an author (without location)."""
    errors: list[str] = []
    key = record.get("key")
    label = place("question", key=key) if key else place("this_question")
    if not key or not isinstance(key, str):
        errors.append(Problem("record.no_key"))
    elif not KEY_RE.fullmatch(key):
        errors.append(Problem("record.key_characters", key=key))
    competence = record.get("competence")
    level = record.get("level")
    comp = model.competences.get(competence) if isinstance(competence, str) else None
    if not competence:
        errors.append(Problem("record.no_competence", label=label, known=list(model.competences)))
    elif comp is None:
        errors.append(Problem("record.unknown_competence", label, competence=competence,
                              known=list(model.competences)))
    if not level:
        errors.append(Problem("record.no_level", label=label, known=list(model.levels)))
    elif level not in model.levels:
        errors.append(Problem("record.unknown_level", label, level=level, known=list(model.levels)))
    elif comp is not None and level not in comp.levels:
        errors.append(Problem("record.level_of_competence", label, competence=competence, level=level,
                              known=list(comp.levels)))
    kind = record.get("type")
    registered = ITEM_TYPES.get(kind) if isinstance(kind, str) else None
    if registered is None:
        errors.append(Problem("record.unknown_type" if kind else "record.no_type", label=label, type=kind,
                              known=list(TYPES)))
    if not isinstance(record.get("high_risk"), bool):
        errors.append(Problem("record.high_risk", label))
    if not isinstance(record.get("author"), str) or not record["author"].strip():
        errors.append(Problem("record.no_author", label=label))
    refs = record.get("policy_refs", [])
    if not isinstance(refs, list) or not all(isinstance(r, str) and r for r in refs):
        errors.append(Problem("record.policy_refs", label))
    if "expected_facility" in record and not _facility_ok(record["expected_facility"]):
        errors.append(Problem("record.expected_facility", label))
    if "scoring" in record and record["scoring"] not in SCORING:
        errors.append(Problem("record.scoring", label, value=record["scoring"]))
    if "scoring" in record and not (registered is not None and registered.codec.scored):
        errors.append(Problem("record.scoring_type", label))
    if "case" in record and known_cases is not None and record["case"] not in set(known_cases):
        errors.append(Problem("record.unknown_case", label, case=record["case"]))
    for field_name in ("stem", "rationale"):
        missing = missing_langs(record.get(field_name))
        if missing:
            errors.append(Problem(f"record.no_{field_name}_{'_'.join(sorted(missing))}", label=label))
    errors.extend(overlong_texts(record, label))
    if registered is not None:
        errors.extend(Problem("text", label, text=e) for e in registered.codec.check_shape(record))
        if not errors:
            # the type's own rules (only when the import checks found nothing, so a problem is not told twice)
            errors.extend(Problem("record.type_check", label, type=Term(registered.codec.label), problem=p)
                          for p in registered.check(record))
    return errors


def _facility_ok(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and 0 < value < 1


def check_records(
    records: Sequence[Mapping[str, Any]],
    locations: Sequence[str],
    model: CompetenceModel,
    known_cases: Iterable[str] | None = None,
) -> list[LineError]:
    """Check every record and key uniqueness; ``locations[i]`` says where record ``i`` came from."""
    cases = None if known_cases is None else set(known_cases)
    errors: list[LineError] = []
    first_seen: dict[str, str] = {}
    for record, where in zip(records, locations, strict=True):
        errors.extend(LineError(where, m) for m in check_record(record, model, cases))
        key = record.get("key")
        if isinstance(key, str) and key:
            if key in first_seen:
                errors.append(LineError(where, Problem("record.key_twice", key=key, other=first_seen[key])))
            else:
                first_seen[key] = where
    return errors
