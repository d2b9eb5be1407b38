"""What a certificate's documents (PDF, Open Badge, verification page) say about it as of now: its state from
the projection (``xapi.certificate_state``), the revocation's reason from the journal, and the recertification
decision that cut it short."""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from xapi.certificate_state import CertificateState, Decision, certificate_state, cutting_decision
from xapi.certification import DerivationConfig

from ..certification import as_derived
from ..db.models import Certificate, Person, Platform
from . import queries


@dataclass(frozen=True)
class LevelTexts:
    """A level's words from the catalogue, per language."""

    name: Mapping[str, str]
    description: Mapping[str, str]
    competences: list[Mapping[str, str]]


@dataclass(frozen=True)
class CertificateFacts:
    state: CertificateState
    #: the reason given when it was revoked: for the holder's own page only, never on a document or public page
    revocation_reason: str | None
    #: the recertification decision that cut it short (its reason is organisation-wide, not personal)
    decision: Decision | None


def certificate_facts(db: Session, config: DerivationConfig, cert: Certificate, platform: Platform,
                      at: dt.datetime) -> CertificateFacts:
    """The certificate's state as of ``at`` and why it is not plainly valid, when it is not."""
    derived = as_derived(cert, platform.issuer, "")
    state = certificate_state(derived, at, config.expiring_days)
    reason = None
    if state.revoked_at is not None:
        reason = queries.statement_extension(db, list(cert.statement_ids or ()), config.iris.verb("revoked"),
                                             config.iris.extension("reason"))
    decision = None
    if state.cut_off_at is not None:
        decisions = [Decision(tuple(row.levels or ()), row.issued_before,
                              dt.datetime.combine(row.due, dt.time(), tzinfo=dt.UTC), row.reason)
                     for row in queries.recertification_decisions(db, cert.platform_id)]
        decision = cutting_decision(derived, decisions)
    return CertificateFacts(state, reason, decision)


@dataclass(frozen=True)
class CertificateDocument:
    """Everything a certificate's documents print: the row, its holder, their platform, the level's words and
    the facts as of the moment asked."""

    cert: Certificate
    person: Person
    platform: Platform
    level: LevelTexts
    facts: CertificateFacts


def level_texts(model: Any, level: str) -> LevelTexts:
    """The level's name, description and competences from the competence catalogue (the code when unknown)."""
    found = model.levels.get(level)
    name = dict(found.name) if found else {"nl": level, "en": level}
    description = dict(found.description) if found and found.description else name
    return LevelTexts(name, description, [dict(c.name) for c in model.competences_for(level)])


def certificate_document(db: Session, config: DerivationConfig, model: Any, certificate_id: str,
                         at: dt.datetime) -> CertificateDocument | None:
    """The certificate with this id as of ``at``; None when there is none."""
    found = queries.certificate_with_holder(db, certificate_id)
    if found is None:
        return None
    cert, person, platform = found
    if person is None or platform is None:
        return None
    return CertificateDocument(cert, person, platform, level_texts(model, cert.level),
                               certificate_facts(db, config, cert, platform, at))


def logo_data_uri(path: str) -> str | None:
    """The organisation's logo (checked at start) as a ``data:`` URI for pages and the issuer profile."""
    if not path:
        return None
    logo = Path(path)
    kind = "image/svg+xml" if logo.suffix.lower() == ".svg" else "image/png"
    return f"data:{kind};base64,{base64.b64encode(logo.read_bytes()).decode('ascii')}"
