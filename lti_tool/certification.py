"""Certificates in the tool: issuing, revoking, and the projection derived from statements.

The state of a diploma is never stored as a fact of its own: ``xapi.certification`` derives it
from the statements, and the ``certificates`` table is that derivation's projection, updated in the
unit of work that journals the statement and rebuildable from the journal or the LRS
(``flask certification rebuild --from journal|lrs``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.orm import Session

from xapi import statements as st
from xapi.certification import Certificate as DerivedCertificate
from xapi.certification import DerivationConfig, LevelState, add_months, derive_certificates, state_as_of
from xapi.vocabulary import EARNED, ToolIris

from .db import certificates as store
from .db.models import Certificate, Person, Platform
from .db.repositories import analyze, journal, journal_once

#: people re-derived per query after recording expiries
PROJECT_BATCH = 500
#: ended certificates marked in one run from which the projection's planner statistics are refreshed
ANALYZE_AFTER_MARKING = 1000
CONFIG = Path(__file__).resolve().parent.parent / "config" / "certification.yaml"


@dataclass(frozen=True)
class CertificationSettings:
    validity_months: Mapping[str, int]
    expiring_days: int
    min_group_size: int
    accepted_activities: Mapping[str, str]

    @classmethod
    def load(cls, path: Path = CONFIG) -> CertificationSettings:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return cls(dict(data.get("validity_months") or {}), int(data.get("expiring_days", 90)),
                   int(data.get("min_group_size", 5)), dict(data.get("accepted_activities") or {}))


def derivation_config(iris: ToolIris, level_ranks: Mapping[str, int], settings: CertificationSettings
                      ) -> DerivationConfig:
    return DerivationConfig(iris=iris, level_ranks=dict(level_ranks),
                            validity_months=dict(settings.validity_months), expiring_days=settings.expiring_days,
                            accepted_activities=dict(settings.accepted_activities))


def certificate_verbs(iris: ToolIris) -> list[str]:
    return [EARNED.id, iris.verb("revoked"), iris.verb("expired"), iris.verb("recertification-required"),
            "http://adlnet.gov/expapi/verbs/voided", "http://adlnet.gov/expapi/verbs/passed",
            "http://adlnet.gov/expapi/verbs/completed"]


def issue_certificate(db: Session, config: DerivationConfig, platform: Platform, person: Person, level: str,
                      now: dt.datetime, *, registration: str | None, blueprint_version: str | None,
                      model_version: str | None, level_name: Mapping[str, str] | None = None) -> str:
    """Journal an ``earned`` statement and update the projection, in the caller's unit of work."""
    certificate_id = str(uuid.uuid4())
    valid_until = add_months(now, config.months_for(level))
    statement = st.earned(config.iris, st.Actor(platform.issuer, person.subject), level, certificate_id, now,
                          valid_until, registration=registration, blueprint_version=blueprint_version,
                          model_version=model_version, level_name=level_name)
    journal(db, statement, platform.id, person.id)
    db.flush()
    project_people(db, config, [person])
    return certificate_id


def revoke_certificate(db: Session, config: DerivationConfig, certificate: Certificate, reason: str,
                       now: dt.datetime) -> None:
    person, platform = store.holder(db, certificate)
    assert person is not None and platform is not None
    journal(db, st.revoked(config.iris, st.Actor(platform.issuer, person.subject), certificate.level,
                           certificate.id, now, reason), platform.id, person.id)
    db.flush()
    project_people(db, config, [person])


def _relevant(db: Session, config: DerivationConfig, person_ids: Sequence[int] | None) -> list[dict[str, Any]]:
    return store.statement_bodies(db, certificate_verbs(config.iris), person_ids)


def project_people(db: Session, config: DerivationConfig, people: Iterable[Person]) -> None:
    """Re-derive these people's certificates from their journaled statements."""
    people = list(people)
    derived = derive_certificates(_relevant(db, config, [p.id for p in people]), config)
    for person in people:
        platform = store.platform_of(db, person)
        store.store_certificates(db, person.platform_id, person.id, derived.get((platform.issuer, person.subject), []))


def rebuild(db: Session, config: DerivationConfig, statements: Iterable[Mapping[str, Any]],
            since: dt.datetime | None = None) -> dict[str, int]:
    """Replace the projection by a derivation of ``statements`` (journal or LRS).

    Actors map to people through their platform (issuer = homePage) and subject; a person the tool
    has not seen yet (e.g. known only from an external e-learning statement) is created. Without
    ``since`` the whole projection is made equal to the derivation in bulk, writing only the rows that were
    missing or differed (``written``) and removing those no statement holds (``removed``); with it,
    only the certificates in force since then are written, person by person, and nobody else's are
    touched. Certificates keep their revocation status-list index either way."""
    derived = derive_certificates(statements, config)
    people = store.people_for(db, derived)
    if since is None:
        written, removed = store.replace_all(db, derived, people)
        return {"people": len(people), "certificates": sum(len(derived[actor]) for actor in people),
                "written": written, "removed": removed}
    stored = 0
    for actor, (platform_id, person_id) in people.items():
        certificates = [c for c in derived[actor] if c.issued_at >= since or c.ends_at() >= since]
        store.store_certificates(db, platform_id, person_id, certificates)
        stored += len(certificates)
    return {"people": len(people), "certificates": stored}



def as_derived(row: Certificate, issuer: str, subject: str) -> DerivedCertificate:
    return DerivedCertificate(
        certificate_id=row.id, actor=(issuer, subject), level=row.level, issued_at=row.issued_at,
        valid_until=row.valid_until, revoked_at=row.revoked_at, cut_off_at=row.cut_off_at, source=row.source,
        statement_ids=tuple(row.statement_ids or ()), registration=row.registration,
        blueprint_version=row.blueprint_version, model_version=row.model_version)


def person_states(db: Session, config: DerivationConfig, person: Person, as_of: dt.datetime
                  ) -> dict[str, LevelState]:
    platform = store.platform_of(db, person)
    rows = [as_derived(r, platform.issuer, person.subject) for r in store.certificates_of(db, person.id)]
    return {level: state_as_of(rows, level, as_of, config) for level in config.level_ranks}


def record_expiries(db: Session, config: DerivationConfig, now: dt.datetime) -> int:
    """Journal an ``expired`` statement for every certificate that has run out and has none yet
    (the state is derived from valid-until anyway; the statement puts the event in the audit trail).
    One query finds them; the statement id is derived from the certificate, so a concurrent run adds nothing.
    Every ended certificate looked at is marked, so the next run reads only certificates that ended since."""
    ended = store.ended_unmarked(db, config.iris.verb("expired"), config.iris.extension("certificate-id"), now)
    due = [row for row, noted in ended if not noted]
    count = 0
    for row in due:
        statement = st.expired(config.iris, st.Actor(row.issuer, row.subject), row.level, row.id, row.ends)
        count += journal_once(db, statement, row.platform_id, row.person_id)
    db.flush()
    store.mark_expiries_journaled(db, [row.id for row, _noted in ended], now)
    if len(ended) >= ANALYZE_AFTER_MARKING:  # the first run after an upgrade or a rebuild: the planner's
        analyze(db, ("certificates",))        # statistics would still expect them all among the candidates
    person_ids = sorted({row.person_id for row in due})
    for start in range(0, len(person_ids), PROJECT_BATCH):
        project_people(db, config, store.people_by_ids(db, person_ids[start:start + PROJECT_BATCH]))
    return count
