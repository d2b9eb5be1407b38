"""Certification state derived from xAPI statements. Pure: statements in, certificates and states out.

The LRS (or the tool's own statement journal) is the audit trail; this module is the projection
that turns it into *certificates* (one per ``earned`` statement, or per accepted statement from
another source) and into a *state per level* (valid, expiring, expired, revoked, never) as of any
date. Both sources must give the same answer, so the derivation depends only on the *set* of
statements: duplicates count once, voided statements do not count, and the order of arrival does
not matter (where order matters, statements are taken by timestamp, then id).

Rules (see also ``xapi/statements.py`` for the shapes):

* ``earned`` a tool certificate activity issues a certificate: id from the ``certificate-id``
  extension, valid until the ``valid-until`` extension (else issue time + ``validity_months``).
* a statement from another source whose object id is in ``accepted_activities``, with verb
  passed / completed / earned and ``result.success`` not false, issues a certificate at the
  mapped level, valid for ``validity_months``; its certificate id is the statement id.
* ``revoked`` ends the certificate with that id at the revocation's timestamp (never before its
  issue: a revocation recorded earlier than the issue revokes it from its issue on).
* ``expired`` is informational: expiry is computed from valid-until. Its id is kept for audits.
* ``recertification-required`` (from any actor): certificates at that level issued before
  ``issued-before`` end at ``due-date`` when that is earlier than their valid-until. A decision that
  carries the ``scope`` extension (a platform issuer) applies only to that platform's people.
* ``voided`` removes the referenced statement.

Standard library (and ``assessments.months``) only, one pass over the statements plus small
per-certificate sorts: 2,000,000 statements for 100,000 people derive in about 4 s in CPython
(states for all of them: about 0.5 s).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from assessments.months import add_months

from . import vocabulary as v

__all__ = [
    "Certificate",
    "DerivationConfig",
    "LevelState",
    "Status",
    "add_months",
    "derive_certificates",
    "derive_states",
    "state_as_of",
    "states_as_of",
]

Actor = tuple[str, str]
DEFAULT_VALIDITY_MONTHS = 24
_UTC = dt.UTC


@dataclass(frozen=True)
class DerivationConfig:
    iris: v.ToolIris
    level_ranks: Mapping[str, int]
    validity_months: Mapping[str, int] = field(default_factory=dict)
    expiring_days: int = 90
    #: external activity id → the level it counts as
    accepted_activities: Mapping[str, str] = field(default_factory=dict)

    def months_for(self, level: str) -> int:
        return self.validity_months.get(level, DEFAULT_VALIDITY_MONTHS)


@dataclass(frozen=True, slots=True)
class Certificate:
    certificate_id: str
    actor: Actor
    level: str
    issued_at: dt.datetime
    valid_until: dt.datetime
    revoked_at: dt.datetime | None
    cut_off_at: dt.datetime | None  # cut short by a recertification decision
    source: str  # "tool" or "external:<activity id>"
    statement_ids: tuple[str, ...]  # earned (+ revoked / expired) statement ids, for audits
    registration: str | None = None
    blueprint_version: str | None = None
    model_version: str | None = None

    def ends_at(self) -> dt.datetime:
        end = self.scheduled_end()
        if self.revoked_at is not None and self.revoked_at < end:
            end = self.revoked_at
        return end

    def scheduled_end(self) -> dt.datetime:
        """When it ends unless revoked: valid-until, or earlier when a recertification decision cut it short.
        Before a revocation happens this is all anyone can know about its end."""
        if self.cut_off_at is not None and self.cut_off_at < self.valid_until:
            return self.cut_off_at
        return self.valid_until

    @property
    def ended_by_revocation(self) -> bool:
        """Revocation is (one of) the earliest of its ends."""
        return self.revoked_at is not None and self.revoked_at <= self.ends_at()

    def in_force(self, at: dt.datetime) -> bool:
        return self.issued_at <= at < self.ends_at()


class Status(StrEnum):
    VALID = "valid"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    REVOKED = "revoked"
    NEVER = "never"


@dataclass(frozen=True, slots=True)
class LevelState:
    level: str
    status: Status
    certificate: Certificate | None  # the certificate that gives the status
    covered_by: str | None = None  # the higher level of that certificate, when it is not ``level`` itself


# --- helpers ---------------------------------------------------------------------------------


def _parse(value: Any) -> dt.datetime | None:
    """An ISO 8601 timestamp as an aware UTC datetime; None when absent or unreadable.
    A timestamp without an offset is taken as UTC."""
    if not isinstance(value, str):
        return value.astimezone(_UTC) if isinstance(value, dt.datetime) and value.tzinfo else None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    tz = parsed.tzinfo
    if tz is _UTC:
        return parsed
    if tz is None:
        return parsed.replace(tzinfo=_UTC)
    return parsed.astimezone(_UTC)


def _utc(at: dt.datetime) -> dt.datetime:
    return at.replace(tzinfo=_UTC) if at.tzinfo is None else at


_EMPTY: Mapping[str, Any] = {}

# record kinds
_ISSUE, _REVOKE, _EXPIRE, _RECERT = 0, 1, 2, 3


@dataclass(frozen=True)
class _Vocab:
    """The IRIs the derivation recognises, computed once per call."""

    earned: str
    revoked: str
    expired: str
    recert: str
    certificate_prefix: str
    certificate_levels: dict[str, str]
    external_verbs: frozenset[str]
    accepted: Mapping[str, str]
    x_certificate_id: str
    x_valid_until: str
    x_level: str
    x_due: str
    x_issued_before: str
    x_blueprint: str
    x_model: str
    x_scope: str

    @classmethod
    def of(cls, config: DerivationConfig) -> _Vocab:
        iris = config.iris
        prefix = iris.certificate("")
        return cls(
            earned=v.EARNED.id, revoked=iris.verb("revoked"), expired=iris.verb("expired"),
            recert=iris.verb("recertification-required"), certificate_prefix=prefix,
            certificate_levels={iris.certificate(level): level for level in config.level_ranks},
            external_verbs=frozenset({v.PASSED.id, v.COMPLETED.id, v.EARNED.id}),
            accepted=dict(config.accepted_activities),
            x_certificate_id=iris.extension("certificate-id"), x_valid_until=iris.extension("valid-until"),
            x_level=iris.extension("level"), x_due=iris.extension("due-date"),
            x_issued_before=iris.extension("issued-before"), x_blueprint=iris.extension("blueprint-version"),
            x_model=iris.extension("competence-model-version"), x_scope=iris.extension("scope"),
        )


#: Builds the record of one relevant statement (None: it does not count), given the statement, its id and its
#: object id. ``_Vocab.builders`` picks one per verb.
_RecordBuilder = Callable[[Mapping[str, Any], str, str, _Vocab], tuple | None]


def _collect(statements: Iterable[Mapping[str, Any]], vocab: _Vocab) -> tuple[dict[str, tuple], set[str]]:
    """One pass: the statements that matter, by statement id (first copy wins), and the voided ids."""
    records: dict[str, tuple] = {}
    voided: set[str] = set()
    voided_verb = v.VOIDED.id
    builders = _builders(vocab)
    for st in statements:
        try:
            verb = st["verb"]["id"]
            obj = st["object"]
        except (KeyError, TypeError):
            continue
        if verb not in builders:  # most statements (launched, answered, …): the fast way out
            if verb == voided_verb and (type(obj) is dict or isinstance(obj, Mapping)):
                target = obj.get("id")
                if target and obj.get("objectType") == "StatementRef":
                    voided.add(target)
            continue
        sid = st.get("id")
        if not sid or sid in records or not (type(obj) is dict or isinstance(obj, Mapping)):
            continue
        obj_id = obj.get("id")
        if type(obj_id) is not str:
            continue
        record = builders[verb](st, sid, obj_id, vocab)
        if record is not None:
            records[sid] = record
    return records, voided


def _builders(vocab: _Vocab) -> dict[str, _RecordBuilder]:
    """The record builder per verb. The tool's own verbs win over an external verb with the same IRI, and
    ``earned`` issues the tool's certificate or, for an accepted activity, an external one."""
    builders: dict[str, _RecordBuilder] = dict.fromkeys(vocab.external_verbs, _external_issue)
    builders[vocab.earned] = _earned
    builders[vocab.expired] = _expiry
    builders[vocab.revoked] = _revocation
    builders[vocab.recert] = _recertification
    return builders


def _certificate_level(obj_id: str, vocab: _Vocab) -> str | None:
    """The level of one of the tool's certificate activities; None for any other activity."""
    level = vocab.certificate_levels.get(obj_id)
    if level is None and obj_id.startswith(vocab.certificate_prefix):
        level = obj_id[len(vocab.certificate_prefix):] or None
    return level


def _timestamp(st: Mapping[str, Any]) -> dt.datetime | None:
    return _parse(st.get("timestamp") or st.get("stored"))


def _context_extensions(st: Mapping[str, Any]) -> tuple[Mapping[str, Any], Mapping[str, Any]]:
    context = st.get("context") or _EMPTY
    return context, context.get("extensions") or _EMPTY


def _result_extensions(st: Mapping[str, Any]) -> Mapping[str, Any]:
    return (st.get("result") or _EMPTY).get("extensions") or _EMPTY


def _earned(st: Mapping[str, Any], sid: str, obj_id: str, vocab: _Vocab) -> tuple | None:
    """The tool's certificate (id and valid-until from the extensions), or an external one for another activity."""
    level = _certificate_level(obj_id, vocab)
    if level is None:
        return _external_issue(st, sid, obj_id, vocab)
    ts = _timestamp(st)
    if ts is None:
        return None
    actor = _actor(st)
    if actor is None:
        return None
    context, ctx_ext = _context_extensions(st)
    res_ext = _result_extensions(st)
    cid = ctx_ext.get(vocab.x_certificate_id) or res_ext.get(vocab.x_certificate_id) or sid
    valid_until = _parse(res_ext.get(vocab.x_valid_until) or ctx_ext.get(vocab.x_valid_until))
    return (_ISSUE, ts, sid, actor, str(cid), level, valid_until, "tool", context.get("registration"),
            ctx_ext.get(vocab.x_blueprint), ctx_ext.get(vocab.x_model))


def _external_issue(st: Mapping[str, Any], sid: str, obj_id: str, vocab: _Vocab) -> tuple | None:
    """Passed, completed or earned an accepted activity of another source, unless ``result.success`` is false."""
    if obj_id not in vocab.accepted or (st.get("result") or _EMPTY).get("success") is False:
        return None
    ts = _timestamp(st)
    if ts is None:
        return None
    actor = _actor(st)
    if actor is None:
        return None
    context = st.get("context") or _EMPTY
    return (_ISSUE, ts, sid, actor, sid, vocab.accepted[obj_id], None, "external:" + obj_id,
            context.get("registration"), None, None)


def _recertification(st: Mapping[str, Any], sid: str, obj_id: str, vocab: _Vocab) -> tuple | None:
    """A decision with a level (extension, else the certificate activity's) and a due date."""
    ts = _timestamp(st)
    if ts is None:
        return None
    _context, ctx_ext = _context_extensions(st)
    decided_level = ctx_ext.get(vocab.x_level) or _certificate_level(obj_id, vocab)
    due = _parse(ctx_ext.get(vocab.x_due))
    if not decided_level or due is None:
        return None
    before = _parse(ctx_ext.get(vocab.x_issued_before)) or ts
    scope = ctx_ext.get(vocab.x_scope)
    return (_RECERT, ts, sid, str(decided_level), due, before, scope if type(scope) is str else None)


def _certificate_event(record_kind: int, st: Mapping[str, Any], sid: str, vocab: _Vocab) -> tuple | None:
    """A revocation or expiry of the certificate named by the ``certificate-id`` extension."""
    ts = _timestamp(st)
    if ts is None:
        return None
    _context, ctx_ext = _context_extensions(st)
    cid = ctx_ext.get(vocab.x_certificate_id) or _result_extensions(st).get(vocab.x_certificate_id)
    return (record_kind, ts, sid, str(cid)) if cid else None


def _revocation(st: Mapping[str, Any], sid: str, obj_id: str, vocab: _Vocab) -> tuple | None:
    return _certificate_event(_REVOKE, st, sid, vocab)


def _expiry(st: Mapping[str, Any], sid: str, obj_id: str, vocab: _Vocab) -> tuple | None:
    return _certificate_event(_EXPIRE, st, sid, vocab)


def _actor(st: Mapping[str, Any]) -> Actor | None:
    account = (st.get("actor") or _EMPTY).get("account")
    if not account:
        return None
    home, name = account.get("homePage"), account.get("name")
    if not home or not name:
        return None
    return (home, name)


# --- derivation ------------------------------------------------------------------------------


def derive_certificates(statements: Iterable[Mapping[str, Any]],
                        config: DerivationConfig) -> dict[Actor, list[Certificate]]:
    """Every person's certificates (only people with at least one), each list by issue time, then id."""
    records, voided = _collect(statements, _Vocab.of(config))
    for sid in voided:
        records.pop(sid, None)

    issues: dict[str, list[tuple]] = {}
    events: defaultdict[str, list[tuple[dt.datetime, str, int]]] = defaultdict(list)  # revoked / expired by cid
    # level → (issued before, due, platform issuer or None for everyone)
    decisions: defaultdict[str, list[tuple[dt.datetime, dt.datetime, str | None]]] = defaultdict(list)
    for rec in records.values():
        kind = rec[0]
        if kind == _ISSUE:
            same = issues.get(rec[4])
            if same is None:
                issues[rec[4]] = [rec]
            else:
                same.append(rec)
        elif kind == _RECERT:
            decisions[rec[3]].append((rec[5], rec[4], rec[6]))
        else:
            events[rec[3]].append((rec[1], rec[2], kind))

    by_actor: defaultdict[Actor, list[Certificate]] = defaultdict(list)
    months_for = config.months_for
    for cid, recs in issues.items():
        if len(recs) > 1:  # the same certificate id issued twice: the first (timestamp, id) counts
            recs.sort(key=lambda r: (r[1], r[2]))
        _, issued_at, sid, actor, _, level, valid_until, source, registration, blueprint, model = recs[0]
        if valid_until is None:
            valid_until = add_months(issued_at, months_for(level))
        ids = [r[2] for r in recs]
        revoked_at = None
        later = events.get(cid)
        if later:
            later.sort()
            for ts, event_id, kind in later:
                ids.append(event_id)
                if kind == _REVOKE and revoked_at is None:
                    revoked_at = max(ts, issued_at)
        cut_off_at = None
        for before, due, scope in decisions.get(level, ()):
            if issued_at < before and due < valid_until and (scope is None or scope == actor[0]):
                due = max(due, issued_at)
                if cut_off_at is None or due < cut_off_at:
                    cut_off_at = due
        by_actor[actor].append(Certificate(
            cid, actor, level, issued_at, valid_until, revoked_at, cut_off_at, source, tuple(ids),
            registration, blueprint, model))
    for certificates in by_actor.values():
        if len(certificates) > 1:
            certificates.sort(key=_issue_order)
    return dict(by_actor)


def _issue_order(c: Certificate) -> tuple[dt.datetime, str]:
    return (c.issued_at, c.statement_ids[0])


def state_as_of(certificates: Sequence[Certificate], level: str, as_of: dt.datetime,
                config: DerivationConfig) -> LevelState:
    """The state of ``level`` on ``as_of`` from one person's certificates (at ``level`` or higher).

    In force (issued ≤ as_of < ends_at): the one whose scheduled end (valid-until or cut-off; a
    revocation after ``as_of`` had not happened yet) is latest gives VALID, or EXPIRING when that
    end is within ``expiring_days``. Otherwise the certificate that ended last gives REVOKED when
    revocation ended it, else EXPIRED. Nothing issued by ``as_of``: NEVER.
    """
    return _state(certificates, level, _utc(as_of), config.level_ranks,
                  dt.timedelta(days=config.expiring_days))


def _state(certificates: Sequence[Certificate], level: str, at: dt.datetime, ranks: Mapping[str, int],
           expiring: dt.timedelta) -> LevelState:
    rank = ranks.get(level)
    best: Certificate | None = None
    best_key: tuple | None = None
    ended: Certificate | None = None
    ended_key: tuple | None = None
    for c in certificates:
        own = c.level == level
        if not own:
            other = ranks.get(c.level)
            if rank is None or other is None or other <= rank:
                continue
        if c.issued_at > at:
            continue
        end = c.ends_at()
        if at < end:
            # in force, so any revocation lies after ``at`` and was not known then: rank by the scheduled end
            key = (c.scheduled_end(), own, c.issued_at, c.certificate_id)
            if best_key is None or key > best_key:
                best, best_key = c, key
        elif best is None:
            end_key = (end, c.ended_by_revocation, own, c.issued_at, c.certificate_id)
            if ended_key is None or end_key > ended_key:
                ended, ended_key = c, end_key
    if best is not None and best_key is not None:
        status = Status.EXPIRING if best_key[0] - at <= expiring else Status.VALID
        return LevelState(level, status, best, None if best.level == level else best.level)
    if ended is not None:
        status = Status.REVOKED if ended.ended_by_revocation else Status.EXPIRED
        return LevelState(level, status, ended, None if ended.level == level else ended.level)
    return LevelState(level, Status.NEVER, None, None)


def states_as_of(certificates_by_actor: Mapping[Actor, Sequence[Certificate]], as_of: dt.datetime,
                 config: DerivationConfig) -> dict[Actor, dict[str, LevelState]]:
    """Every person's state for every configured level (lowest rank first) on ``as_of``."""
    at = _utc(as_of)
    ranks = config.level_ranks
    levels = sorted(ranks, key=lambda name: (ranks[name], name))
    expiring = dt.timedelta(days=config.expiring_days)
    return {actor: {level: _state(certificates, level, at, ranks, expiring) for level in levels}
            for actor, certificates in certificates_by_actor.items()}


def derive_states(statements: Iterable[Mapping[str, Any]], as_of: dt.datetime,
                  config: DerivationConfig) -> dict[Actor, dict[str, LevelState]]:
    """``derive_certificates`` then ``states_as_of``."""
    return states_as_of(derive_certificates(statements, config), as_of, config)
