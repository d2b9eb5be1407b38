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
               extra_ext: Mapping[str, Any] | None = None, language: str | None = None) -> dict[str, Any]:
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
            language=language,
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
    definition: Mapping[str, Any]  # interaction components from the item type, with the correct pattern
    response: str
    language: str | None = None  # the language the question was shown in (RFC 5646: "nl", "en")


def _item_statement(ctx: ExamContext, verb: v.Verb, item: AnsweredItem, result: Result, at: dt.datetime,
                    with_key: bool) -> dict[str, Any]:
    components = {k: val for k, val in item.definition.items() if with_key or k != "correctResponsesPattern"}
    definition = ActivityDefinition(
        type=v.INTERACTION,
        name=LanguageMap(dict(item.stem)),
        interaction_type=item.interaction_type,
        **{_snake(k): val for k, val in components.items()},
    )
    return _statement(
        ctx, verb, Activity(id=ctx.iris.item(item.item_key), definition=definition), at,
        result=result, parent=True,
        extra_ext={ctx.iris.extension("item-version"): item.item_version,
                   ctx.iris.extension("competence"): item.competence},
        language=item.language,
    )


def answered(ctx: ExamContext, item: AnsweredItem, at: dt.datetime) -> dict[str, Any]:
    """An answer saved while the attempt is open: the response only. No success, no score and no
    correct pattern, so nothing sent before the attempt is closed tells right from wrong."""
    return _item_statement(ctx, v.ANSWERED, item, Result(response=item.response), at, with_key=False)


def scored(ctx: ExamContext, item: AnsweredItem, fraction: float, at: dt.datetime) -> dict[str, Any]:
    """One question of a judged attempt (at submission): the graded response, ``success`` (fully
    correct), ``score.scaled`` (share of the item's points) and the correct pattern."""
    result = Result(response=item.response, success=fraction >= 1.0, score=Score(scaled=round(fraction, 4)),
                    completion=True)
    return _item_statement(ctx, v.SCORED, item, result, at, with_key=True)


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


# --- certificates ----------------------------------------------------------------------------
# A certificate (the diploma at one level) is earned when an exam is passed; it expires at its
# valid-until date, can be revoked, and can be cut short by a recertification decision.
# Certification status is derived from these statements (xapi/certification.py).


def _agent(actor: Actor) -> Agent:
    return Agent(account=AgentAccount(home_page=actor.issuer, name=actor.subject))


def _certificate(iris: v.ToolIris, level: str, level_name: Mapping[str, str] | None = None) -> Activity:
    return Activity(id=iris.certificate(level), definition=ActivityDefinition(
        type=iris.certificate_type, name=LanguageMap(dict(level_name or {"en": level}))))


def _plain(statement: Statement) -> dict[str, Any]:
    return json.loads(statement.to_json("1.0.3"))


def earned(iris: v.ToolIris, actor: Actor, level: str, certificate_id: str, issued_at: dt.datetime,
           valid_until: dt.datetime, *, registration: str | None = None, blueprint_version: str | None = None,
           model_version: str | None = None, level_name: Mapping[str, str] | None = None) -> dict[str, Any]:
    extensions: dict[str, Any] = {iris.extension("level"): level, iris.extension("certificate-id"): certificate_id}
    if blueprint_version:
        extensions[iris.extension("blueprint-version")] = blueprint_version
    if model_version:
        extensions[iris.extension("competence-model-version")] = model_version
    return _plain(Statement(
        id=str(uuid.uuid4()), actor=_agent(actor),
        verb=TinCanVerb(id=v.EARNED.id, display=LanguageMap(v.EARNED.display)),
        object=_certificate(iris, level, level_name),
        result=Result(success=True, completion=True,
                      extensions=Extensions({iris.extension("valid-until"): iso(valid_until)})),
        context=Context(registration=registration, extensions=Extensions(extensions),
                        context_activities=ContextActivities(category=[Activity(id=iris.category)])),
        timestamp=iso(issued_at)))


def _certificate_event(iris: v.ToolIris, name: str, display: dict[str, str], actor: Actor, level: str,
                       certificate_id: str, at: dt.datetime, extra: Mapping[str, Any] | None = None,
                       statement_id: str | None = None) -> dict[str, Any]:
    extensions = {iris.extension("level"): level, iris.extension("certificate-id"): certificate_id, **(extra or {})}
    return _plain(Statement(
        id=statement_id or str(uuid.uuid4()), actor=_agent(actor),
        verb=TinCanVerb(id=iris.verb(name), display=LanguageMap(display)),
        object=_certificate(iris, level),
        context=Context(extensions=Extensions(extensions),
                        context_activities=ContextActivities(category=[Activity(id=iris.category)])),
        timestamp=iso(at)))


def revoked(iris: v.ToolIris, actor: Actor, level: str, certificate_id: str, at: dt.datetime,
            reason: str) -> dict[str, Any]:
    return _certificate_event(iris, "revoked", {"en": "revoked", "nl": "trok in"}, actor, level, certificate_id, at,
                              {iris.extension("reason"): reason})


#: namespace of the deterministic ids of events that happen once per certificate
CERTIFICATE_EVENTS = uuid.UUID("5b0c1f7e-2d4a-5e1b-9c3d-41494450e0e1")


def expired_statement_id(certificate_id: str) -> str:
    """A certificate expires once: its ``expired`` statement has an id derived from the certificate, so a retry or
    a second worker journals (and the LRS stores) the same statement, never another one."""
    return str(uuid.uuid5(CERTIFICATE_EVENTS, f"{certificate_id}/expired"))


def expired(iris: v.ToolIris, actor: Actor, level: str, certificate_id: str, at: dt.datetime) -> dict[str, Any]:
    return _certificate_event(iris, "expired", {"en": "expired", "nl": "verliep"}, actor, level, certificate_id, at,
                              statement_id=expired_statement_id(certificate_id))


def recertification_required(iris: v.ToolIris, level: str, due: dt.datetime, issued_before: dt.datetime,
                             reason: str, decided_by: str, at: dt.datetime,
                             policy_clause: str | None = None, scope: str | None = None) -> dict[str, Any]:
    """An organisation-wide decision: certificates at ``level`` issued before ``issued_before``
    are valid only until ``due`` (unless renewed after ``issued_before``). ``scope``, a platform
    issuer, limits it to that platform's people (one tenant's decision never touches another's)."""
    extensions: dict[str, Any] = {
        iris.extension("level"): level, iris.extension("due-date"): iso(due),
        iris.extension("issued-before"): iso(issued_before), iris.extension("reason"): reason,
        iris.extension("decided-by"): decided_by,
    }
    if policy_clause:
        extensions[iris.extension("policy-clause")] = policy_clause
    if scope:
        extensions[iris.extension("scope")] = scope
    return _plain(Statement(
        id=str(uuid.uuid4()), actor=Agent(account=AgentAccount(home_page=iris.organisation, name="l-and-d")),
        verb=TinCanVerb(id=iris.verb("recertification-required"),
                        display=LanguageMap({"en": "required recertification", "nl": "eiste hercertificering"})),
        object=_certificate(iris, level),
        context=Context(extensions=Extensions(extensions),
                        context_activities=ContextActivities(category=[Activity(id=iris.category)])),
        timestamp=iso(at)))
