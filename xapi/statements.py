"""Builders for the statements the tool emits. Pure: data in, xAPI 1.0.3 JSON out.

The statement model is the ``tincan`` package's; ids are generated here (uuid4) so the
outbox and the LRS can recognise a resend.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tincan import (
    Activity,
    ActivityDefinition,
    Agent,
    AgentAccount,
    Context,
    ContextActivities,
    Extensions,
    LanguageMap,
    Result,
    Score,
    Statement,
)
from tincan import Verb as TinCanVerb

from . import vocabulary as v


@dataclass(frozen=True)
class Actor:
    """An LTI user as an xAPI account: never an e-mail address."""

    issuer: str
    subject: str


@dataclass(frozen=True)
class ExamContext:
    """What every statement of one attempt shares."""

    iris: v.ToolIris
    actor: Actor
    exam_key: str
    exam_title: Mapping[str, str]
    registration: str  # the attempt id (a UUID)
    session_id: str
    blueprint_version: str
    level: str
    mastery_score: float
    course_iri: str | None = None
    person: Mapping[str, str | None] = field(default_factory=dict)  # department, location, …


def iso(ts: dt.datetime) -> str:
    return ts.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def duration(seconds: float) -> str:
    return f"PT{max(seconds, 0):.2f}S"


def _statement(ctx: ExamContext, verb: v.Verb, obj: Activity, at: dt.datetime,
               result: Result | None = None, parent: bool = False,
               extra_ext: Mapping[str, Any] | None = None) -> dict[str, Any]:
    extensions: dict[str, Any] = {
        v.CMI5_SESSION_ID: ctx.session_id,
        ctx.iris.extension("blueprint-version"): ctx.blueprint_version,
        ctx.iris.extension("level"): ctx.level,
    }
    for name, value in ctx.person.items():
        if value:
            extensions[ctx.iris.extension(name.replace("_", "-"))] = value
    extensions.update(extra_ext or {})
    activities: dict[str, Any] = {"category": [Activity(id=ctx.iris.category)]}
    if parent:
        activities["parent"] = [_exam_activity(ctx)]
    if ctx.course_iri:
        activities["grouping"] = [Activity(id=ctx.course_iri, definition=ActivityDefinition(type=v.COURSE))]
    statement = Statement(
        id=str(uuid.uuid4()),
        actor=Agent(account=AgentAccount(home_page=ctx.actor.issuer, name=ctx.actor.subject)),
        verb=TinCanVerb(id=verb.id, display=LanguageMap(verb.display)),
        object=obj,
        result=result,
        context=Context(
            registration=ctx.registration,
            context_activities=ContextActivities(**activities),
            extensions=Extensions(extensions),
        ),
        timestamp=iso(at),
    )
    return json.loads(statement.to_json("1.0.3"))


def _exam_activity(ctx: ExamContext) -> Activity:
    return Activity(
        id=ctx.iris.exam(ctx.exam_key),
        definition=ActivityDefinition(type=v.ASSESSMENT, name=LanguageMap(dict(ctx.exam_title))),
    )


def launched(ctx: ExamContext, at: dt.datetime) -> dict[str, Any]:
    return _statement(ctx, v.LAUNCHED, _exam_activity(ctx), at)


def initialized(ctx: ExamContext, at: dt.datetime) -> dict[str, Any]:
    return _statement(ctx, v.INITIALIZED, _exam_activity(ctx), at,
                      extra_ext={v.CMI5_MASTERY_SCORE: ctx.mastery_score})


@dataclass(frozen=True)
class AnsweredItem:
    item_key: str
    item_version: int
    competence: str
    interaction_type: str
    stem: Mapping[str, str]
    definition: Mapping[str, Any]  # interaction components from the item type
    response: str
    fraction: float


def answered(ctx: ExamContext, item: AnsweredItem, at: dt.datetime) -> dict[str, Any]:
    definition = ActivityDefinition(
        type=v.INTERACTION,
        name=LanguageMap(dict(item.stem)),
        interaction_type=item.interaction_type,
        **{_snake(k): val for k, val in item.definition.items()},
    )
    result = Result(response=item.response, success=item.fraction >= 1.0,
                    score=Score(scaled=round(item.fraction, 4)), completion=True)
    return _statement(
        ctx, v.ANSWERED, Activity(id=ctx.iris.item(item.item_key), definition=definition), at,
        result=result, parent=True,
        extra_ext={ctx.iris.extension("item-version"): item.item_version,
                   ctx.iris.extension("competence"): item.competence},
    )


def _snake(name: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in name)


def judged(ctx: ExamContext, passed: bool, raw: float, maximum: float, seconds: float,
           at: dt.datetime, timed_out: bool = False) -> dict[str, Any]:
    """``passed`` or ``failed`` with score, success and duration; a submission forced by the
    deadline carries the ``timed-out`` result extension."""
    scaled = raw / maximum if maximum else 0.0
    result = Result(score=Score(scaled=round(scaled, 4), raw=raw, min=0, max=maximum),
                    success=passed, completion=True, duration=duration(seconds),
                    extensions=Extensions({ctx.iris.extension("timed-out"): True}) if timed_out else None)
    return _statement(ctx, v.PASSED if passed else v.FAILED, _exam_activity(ctx), at, result=result)


def terminated(ctx: ExamContext, seconds: float, at: dt.datetime) -> dict[str, Any]:
    return _statement(ctx, v.TERMINATED, _exam_activity(ctx), at,
                      result=Result(duration=duration(seconds)))
