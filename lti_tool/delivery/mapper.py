"""Stored attempt rows to and from the domain aggregate (``assessments.attempt.Attempt``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from assessments import attempt as domain
from assessments.attempts import AttemptStatus, Slot
from assessments.blueprints import Blueprint
from assessments.items import Item

from ..db.models import Attempt, Response


def to_domain(row: Attempt, blueprint: Blueprint, items: Mapping[int, Item],
              responses: Iterable[Response] | None = None) -> domain.Attempt:
    """The aggregate of a stored attempt; ``items`` holds every item version of its layout. ``responses``: the
    stored answers to put in it, when not all of them (the row's) are needed."""
    return domain.Attempt(
        id=row.id, blueprint=blueprint,
        slots=[Slot(entry["position"], items[entry["item_version_id"]], entry) for entry in row.layout],
        seed=row.seed, locale=row.locale, started_at=row.started_at, extra_minutes=row.extra_minutes,
        status=AttemptStatus(row.status), submitted_at=row.submitted_at,
        answers={r.position: domain.Answer(r.position, r.item_version_id, tuple(r.response), r.saved_at,
                                           r.fraction, r.language)
                 for r in (row.responses if responses is None else responses)},
        score_raw=row.score_raw, score_max=row.score_max, passed=row.passed,
        flagged=set(row.flagged_positions or ()),
    )


def new_row(attempt: domain.Attempt, platform_id: int, person_id: int, link_pk: int) -> Attempt:
    """The row of a newly started attempt by ``person_id`` on the placed exam ``link_pk``."""
    return Attempt(
        id=attempt.id, platform_id=platform_id, person_id=person_id, resource_link_pk=link_pk,
        exam_key=attempt.blueprint.key, blueprint_version=attempt.blueprint.version_label,
        seed=attempt.seed, locale=attempt.locale, status=attempt.status.value, started_at=attempt.started_at,
        layout=attempt.layout, extra_minutes=attempt.extra_minutes, responses=[],  # none yet: nothing to load
    )


def write_back(attempt: domain.Attempt, row: Attempt) -> None:
    """Copy what the aggregate may change onto its row (unchanged columns are not updated)."""
    row.status = attempt.status.value
    row.submitted_at = attempt.submitted_at
    row.score_raw, row.score_max, row.passed = attempt.score_raw, attempt.score_max, attempt.passed
    if sorted(attempt.flagged) != list(row.flagged_positions or ()):
        row.flagged_positions = sorted(attempt.flagged)
    stored = {r.position: r for r in row.responses}
    for answer in attempt.answers.values():
        response = stored.get(answer.position)
        if response is None:
            response = Response(attempt_id=row.id, position=answer.position,
                                item_version_id=answer.item_version_id)
            row.responses.append(response)
        response.response, response.saved_at = list(answer.response), answer.saved_at
        response.fraction, response.language = answer.fraction, answer.language
