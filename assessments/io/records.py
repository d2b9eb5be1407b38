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
from ..item_types.registry import ITEM_TYPES
from . import LineError
from .values import KEY_RE, SCORING, lang_names, missing_langs

#: the registered item types, in the registry's order
TYPES = tuple(ITEM_TYPES)


def check_record(
    record: Mapping[str, Any], model: CompetenceModel, known_cases: Iterable[str] | None = None
) -> list[str]:
    """Problems with one record, as messages for an author (without location)."""
    errors: list[str] = []
    key = record.get("key")
    label = f"question '{key}'" if key else "this question"
    if not key or not isinstance(key, str):
        errors.append("the question has no key; give every question a unique key such as 'basic-privacy-007'")
    elif not KEY_RE.fullmatch(key):
        errors.append(
            f"the key '{key}' may only contain letters, digits, '-', '_' and '.', and must start with a letter"
        )
    competence = record.get("competence")
    level = record.get("level")
    comp = model.competences.get(competence) if isinstance(competence, str) else None
    if not competence:
        errors.append(f"{label} has no competence; use one of: {', '.join(model.competences)}")
    elif comp is None:
        errors.append(f"{label}: the competence '{competence}' does not exist; "
                      f"use one of: {', '.join(model.competences)}")
    if not level:
        errors.append(f"{label} has no level; use one of: {', '.join(model.levels)}")
    elif level not in model.levels:
        errors.append(f"{label}: the level '{level}' does not exist; use one of: {', '.join(model.levels)}")
    elif comp is not None and level not in comp.levels:
        errors.append(
            f"{label}: the competence '{competence}' has no level '{level}'; "
            f"it is assessed at: {', '.join(comp.levels)}"
        )
    kind = record.get("type")
    registered = ITEM_TYPES.get(kind) if isinstance(kind, str) else None
    if registered is None:
        shown = f"'{kind}'" if kind else "no type"
        errors.append(f"{label} has {shown}, which is not a question type; use one of: {', '.join(TYPES)}")
    if not isinstance(record.get("high_risk"), bool):
        errors.append(f"{label}: high_risk must be yes or no")
    if not isinstance(record.get("author"), str) or not record["author"].strip():
        errors.append(f"{label} has no author; fill in who wrote or owns the question")
    refs = record.get("policy_refs", [])
    if not isinstance(refs, list) or not all(isinstance(r, str) and r for r in refs):
        errors.append(f"{label}: policy_refs must be a list of policy clause keys")
    if "expected_facility" in record and not _facility_ok(record["expected_facility"]):
        errors.append(f"{label}: expected_facility must be a number between 0 and 1 (the share expected to "
                      "answer correctly, e.g. 0.7)")
    if "scoring" in record and record["scoring"] not in SCORING:
        errors.append(f"{label}: scoring '{record['scoring']}' is unknown; use 'partial' or 'all_or_nothing'")
    if "scoring" in record and not (registered is not None and registered.codec.scored):
        errors.append(f"{label}: scoring only applies to multiple response questions")
    if "case" in record and known_cases is not None and record["case"] not in set(known_cases):
        errors.append(f"{label}: the case '{record['case']}' does not exist")
    for field_name, what in (("stem", "question text (stem)"), ("rationale", "explanation (rationale)")):
        missing = missing_langs(record.get(field_name))
        if missing:
            errors.append(f"{label} has no {lang_names(missing)} {what}")
    if registered is not None:
        errors.extend(f"{label}: {e}" for e in registered.codec.check_shape(record))
        if not errors:
            # the type's own rules (only when the import checks found nothing, so a problem is not told twice)
            errors.extend(f"{label}: this {registered.codec.label} question {p}" for p in registered.check(record))
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
                errors.append(LineError(where, f"the key '{key}' is used twice (also at {first_seen[key]}); "
                                               "every question needs its own key"))
            else:
                first_seen[key] = where
    return errors
