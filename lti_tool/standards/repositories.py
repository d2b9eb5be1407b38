"""What the standard-setting use cases write: rounds, invitations, ratings and Hofstee answers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.orm import Session

from assessments.standard_setting import HofsteeAnswers

from ..db.models import ItemRating, PanelMember, StandardSettingRound
from . import queries


def add_round(db: Session, platform_id: int, key: str, version: int, closes_on: dt.date,
              items: Sequence[Mapping[str, Any]], by: str) -> StandardSettingRound:
    row = StandardSettingRound(platform_id=platform_id, blueprint_key=key, blueprint_version=version, status="open",
                               closes_on=closes_on, items=[dict(i) for i in items], opened_by=by)
    db.add(row)
    db.flush()
    return row


def add_member(db: Session, round_id: int, person_id: int, by: str) -> tuple[PanelMember, bool]:
    """The person's membership of the round; whether it is new."""
    found = queries.member(db, round_id, person_id)
    if found is not None:
        return found, False
    row = PanelMember(round_id=round_id, person_id=person_id, invited_by=by)
    db.add(row)
    db.flush()
    return row, True


def save_ratings(db: Session, member: PanelMember, ratings: Mapping[str, float | None],
                 comments: Mapping[str, str]) -> None:
    """Insert or update the member's rating and comment of each item named."""
    known = queries.ratings(db, [member.id])[member.id]
    for key in set(ratings) | set(comments):
        row = known.get(key)
        if row is None:
            row = ItemRating(member_id=member.id, item_key=key)
            db.add(row)
        row.rating = ratings.get(key)
        row.comment = comments.get(key, "")  # the view refuses longer than errors.COMMENT_MAX


#: the Hofstee answers as the member row stores them
HOFSTEE_FIELDS = ("min_cut", "max_cut", "min_fail", "max_fail")


def save_hofstee(member: PanelMember, answers: Mapping[str, float | None]) -> None:
    for name in HOFSTEE_FIELDS:
        setattr(member, f"hofstee_{name}", answers.get(name))


def hofstee_of(member: PanelMember) -> HofsteeAnswers | None:
    """The member's four answers, or None while one is missing."""
    values = [getattr(member, f"hofstee_{name}") for name in HOFSTEE_FIELDS]
    return None if any(v is None for v in values) else HofsteeAnswers(*values)
