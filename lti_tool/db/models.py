"""The tool's tables (SQLAlchemy 2). Every row that belongs to a customer hangs off a platform.

Tenant isolation rule: a person, context, resource link, attempt or outbox row is reached only
through its ``platform_id``; repositories always filter on it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, registry, relationship
from sqlalchemy.types import TypeDecorator


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC) if value is not None else None

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value


class Base(DeclarativeBase):
    # The type map sits on an explicit registry (not as ``type_annotation_map`` on the class) so that
    # Flask-SQLAlchemy can derive its ``db.Model`` from this base, sharing registry and metadata.
    registry = registry(type_annotation_map={dt.datetime: UTCDateTime(), dict[str, Any]: JSON, list[Any]: JSON})


class Platform(Base):
    """A registered LMS (issuer + client id) — one tenant."""

    __tablename__ = "platforms"
    __table_args__ = (UniqueConstraint("issuer", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    issuer: Mapped[str] = mapped_column(String(512))
    client_id: Mapped[str] = mapped_column(String(255))
    name: Mapped[str] = mapped_column(String(255), default="")
    auth_login_url: Mapped[str] = mapped_column(String(1024))
    auth_token_url: Mapped[str] = mapped_column(String(1024))
    auth_audience: Mapped[str | None] = mapped_column(String(1024))
    key_set_url: Mapped[str] = mapped_column(String(1024))
    registration: Mapped[dict[str, Any]] = mapped_column(default=dict)
    #: the organisation's home platform: only its grant holders change what all platforms share
    is_home: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    deployments: Mapped[list[Deployment]] = relationship(
        back_populates="platform", cascade="all, delete-orphan"
    )


class Deployment(Base):
    __tablename__ = "deployments"
    __table_args__ = (UniqueConstraint("platform_id", "deployment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("platforms.id", ondelete="CASCADE"))
    deployment_id: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    platform: Mapped[Platform] = relationship(back_populates="deployments")


class PlatformInvitation(Base):
    """A one-time invitation to register through Dynamic Registration (``platform invite``).
    Only the token's SHA-256 is stored; the token itself is printed once."""

    __tablename__ = "platform_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    note: Mapped[str] = mapped_column(String(500), default="")
    home: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column()
    used_at: Mapped[dt.datetime | None] = mapped_column()
    platform_id: Mapped[int | None] = mapped_column(ForeignKey("platforms.id", ondelete="SET NULL"))


class ToolKey(Base):
    """The tool's own RSA keys. The newest unretired key signs; retired keys stay published
    in the JWKS until ``retired_at`` + grace period."""

    __tablename__ = "tool_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    kid: Mapped[str] = mapped_column(String(64), unique=True)
    private_pem: Mapped[str] = mapped_column(Text)
    public_jwk: Mapped[dict[str, Any]] = mapped_column()
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    retired_at: Mapped[dt.datetime | None] = mapped_column()


class KeyValue(Base):
    """Short-lived shared state (OIDC launch state, web sessions, JWKS cache) when no Redis."""

    __tablename__ = "kv_entries"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    value: Mapped[dict[str, Any]] = mapped_column()
    expires_at: Mapped[dt.datetime] = mapped_column(index=True)


class UsedNonce(Base):
    """Nonces of accepted id_tokens; the primary key makes a replay fail."""

    __tablename__ = "used_nonces"

    platform_id: Mapped[int] = mapped_column(
        ForeignKey("platforms.id", ondelete="CASCADE"), primary_key=True
    )
    nonce: Mapped[str] = mapped_column(String(255), primary_key=True)
    expires_at: Mapped[dt.datetime] = mapped_column(index=True)


class Person(Base):
    """An employee as a platform knows them: (issuer, subject)."""

    __tablename__ = "people"
    __table_args__ = (UniqueConstraint("platform_id", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("platforms.id", ondelete="CASCADE"))
    subject: Mapped[str] = mapped_column(String(255))
    name: Mapped[str | None] = mapped_column(String(255))
    email: Mapped[str | None] = mapped_column(String(320))
    department: Mapped[str | None] = mapped_column(String(255))
    location: Mapped[str | None] = mapped_column(String(255))
    business_unit: Mapped[str | None] = mapped_column(String(255))
    function_group: Mapped[str | None] = mapped_column(String(255))
    employee_number: Mapped[str | None] = mapped_column(String(64), index=True)
    risk_class: Mapped[str | None] = mapped_column(String(64))
    critical_process: Mapped[str | None] = mapped_column(String(255))
    manager_employee_number: Mapped[str | None] = mapped_column(String(64), index=True)
    hire_date: Mapped[dt.date | None] = mapped_column(Date)
    left_on: Mapped[dt.date | None] = mapped_column(Date)
    hr_synced_at: Mapped[dt.datetime | None] = mapped_column()
    attributes_seen_at: Mapped[dt.datetime | None] = mapped_column()
    first_seen_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_launch_at: Mapped[dt.datetime | None] = mapped_column()
    locale: Mapped[str | None] = mapped_column(String(16))
    #: what the LMS last said about the person (custom parameters), kept next to the HR values:
    #: a launch never changes the employee number, manager or department HR set
    lms_attributes: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    #: pseudonymised (right to erasure): open sessions end
    erased_at: Mapped[dt.datetime | None] = mapped_column()

    platform: Mapped[Platform] = relationship()


class Context(Base):
    """A course in the LMS."""

    __tablename__ = "contexts"
    __table_args__ = (UniqueConstraint("platform_id", "context_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("platforms.id", ondelete="CASCADE"))
    deployment_id: Mapped[str] = mapped_column(String(255))
    context_id: Mapped[str] = mapped_column(String(255))
    label: Mapped[str | None] = mapped_column(String(255))
    title: Mapped[str | None] = mapped_column(String(512))
    memberships_url: Mapped[str | None] = mapped_column(String(1024))
    lineitems_url: Mapped[str | None] = mapped_column(String(1024))
    roster_synced_at: Mapped[dt.datetime | None] = mapped_column()


class Membership(Base):
    """Who is in a course: from launches and from NRPS rosters."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("context_pk", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    context_pk: Mapped[int] = mapped_column(ForeignKey("contexts.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    roles: Mapped[list[Any]] = mapped_column(default=list)
    status: Mapped[str] = mapped_column(String(32), default="Active")
    source: Mapped[str] = mapped_column(String(16), default="launch")
    last_seen_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    person: Mapped[Person] = relationship()


class ResourceLink(Base):
    """A placed exam in a course, with its gradebook line item."""

    __tablename__ = "resource_links"
    __table_args__ = (UniqueConstraint("platform_id", "resource_link_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("platforms.id", ondelete="CASCADE"))
    context_pk: Mapped[int | None] = mapped_column(ForeignKey("contexts.id", ondelete="CASCADE"))
    resource_link_id: Mapped[str] = mapped_column(String(255))
    title: Mapped[str | None] = mapped_column(String(512))
    exam_key: Mapped[str] = mapped_column(String(128))
    lineitem_url: Mapped[str | None] = mapped_column(String(1024))
    ags_scopes: Mapped[list[Any]] = mapped_column(default=list)
    #: grades of attempts submitted after the end of this day (UTC) are no longer sent (grade sync page)
    sync_stop_after: Mapped[dt.date | None] = mapped_column(Date)

    context: Mapped[Context | None] = relationship()


class ItemVersion(Base):
    """One version of a question, in all its languages.

    Workflow: draft → in_review → approved → retired (or superseded by a newer approved
    version). Only a draft may be edited in place; a version that has been delivered
    (``first_used_at`` set) never changes — editing it makes a new draft version.
    """

    __tablename__ = "item_versions"
    __table_args__ = (UniqueConstraint("item_key", "version"), Index("ix_item_versions_status", "status", "level"))

    id: Mapped[int] = mapped_column(primary_key=True)
    item_key: Mapped[str] = mapped_column(String(128), index=True)
    version: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    competence: Mapped[str] = mapped_column(String(128), index=True)
    level: Mapped[str] = mapped_column(String(32), index=True)
    item_type: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="approved")
    high_risk: Mapped[bool] = mapped_column(Boolean, default=False)
    author: Mapped[str] = mapped_column(String(255), default="")
    author_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    content: Mapped[dict[str, Any]] = mapped_column()
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    first_used_at: Mapped[dt.datetime | None] = mapped_column()


class ItemReview(Base):
    """The review trail of an item version: submitted, approved, rejected, retired."""

    __tablename__ = "item_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_version_id: Mapped[int] = mapped_column(ForeignKey("item_versions.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(16))
    by_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    by_name: Mapped[str] = mapped_column(String(255), default="")
    comment: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class BlueprintVersion(Base):
    """A versioned exam definition; attempts record ``key@version``."""

    __tablename__ = "blueprint_versions"
    __table_args__ = (UniqueConstraint("key", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(128), index=True)
    version: Mapped[int] = mapped_column(Integer)
    level: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="approved")
    content: Mapped[dict[str, Any]] = mapped_column()
    content_hash: Mapped[str] = mapped_column(String(64))
    created_by: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class CompetenceModelVersion(Base):
    """A version of the competence model (levels and competences), with its effective date."""

    __tablename__ = "competence_model_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, unique=True)
    content: Mapped[dict[str, Any]] = mapped_column()
    content_hash: Mapped[str] = mapped_column(String(64))
    effective_from: Mapped[dt.date] = mapped_column(Date)
    created_by: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class RoleGrant(Base):
    """A tool role granted to a person on top of what their LTI roles give (e.g. CISO)."""

    __tablename__ = "role_grants"
    __table_args__ = (UniqueConstraint("platform_id", "person_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("platforms.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(32))
    granted_by: Mapped[str] = mapped_column(String(255), default="")
    granted_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Accommodation(Base):
    """Extra exam time for one person (e.g. dyslexia), set by L&D."""

    __tablename__ = "accommodations"
    __table_args__ = (UniqueConstraint("platform_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("platforms.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    extra_minutes: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(String(500), default="")
    granted_by: Mapped[str] = mapped_column(String(255), default="")
    granted_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Attempt(Base):
    """One sitting of an exam by one person; records every item version it used."""

    __tablename__ = "attempts"
    __table_args__ = (
        Index("ix_attempts_person_link", "person_id", "resource_link_pk"),
        # at most one open attempt per person and placed exam, even when two launches race (double click)
        Index("ux_attempts_open", "person_id", "resource_link_pk", unique=True,
              sqlite_where=text("status = 'in_progress'"), postgresql_where=text("status = 'in_progress'")),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("platforms.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    resource_link_pk: Mapped[int] = mapped_column(
        ForeignKey("resource_links.id", ondelete="CASCADE")
    )
    exam_key: Mapped[str] = mapped_column(String(128))
    blueprint_version: Mapped[str] = mapped_column(String(64))
    seed: Mapped[int] = mapped_column(BigInteger)
    locale: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(16), default="in_progress")
    started_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[dt.datetime | None] = mapped_column()
    score_raw: Mapped[float | None] = mapped_column(Float)
    score_max: Mapped[float | None] = mapped_column(Float)
    passed: Mapped[bool | None] = mapped_column(Boolean)
    layout: Mapped[list[Any]] = mapped_column(default=list)
    extra_minutes: Mapped[int] = mapped_column(Integer, default=0)

    person: Mapped[Person] = relationship()
    resource_link: Mapped[ResourceLink] = relationship()
    responses: Mapped[list[Response]] = relationship(
        back_populates="attempt", order_by="Response.position", cascade="all, delete-orphan"
    )


class Response(Base):
    """The latest answer to one slot of an attempt, saved as soon as it is given."""

    __tablename__ = "responses"

    attempt_id: Mapped[str] = mapped_column(
        ForeignKey("attempts.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_version_id: Mapped[int] = mapped_column(ForeignKey("item_versions.id"))
    response: Mapped[list[Any]] = mapped_column(default=list)
    saved_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    fraction: Mapped[float | None] = mapped_column(Float)
    language: Mapped[str | None] = mapped_column(String(8))  # the language the question was shown in

    attempt: Mapped[Attempt] = relationship(back_populates="responses")


class Statement(Base):
    """The statement journal and outbox: written with the change that caused it,
    delivered to the LRS afterwards."""

    __tablename__ = "statements"
    __table_args__ = (Index("ix_statements_pending", "status", "next_attempt_at"),
                      Index("ix_statements_verb", "verb"))

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    platform_id: Mapped[int | None] = mapped_column(ForeignKey("platforms.id", ondelete="SET NULL"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    verb: Mapped[str] = mapped_column(String(255))
    body: Mapped[dict[str, Any]] = mapped_column()
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    tries: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[dt.datetime | None] = mapped_column()


class ScoreOutbox(Base):
    """A score to publish to a platform line item (AGS), retried until accepted.

    Status: ``pending`` → ``sent`` or ``failed``; ``held`` while grade sync of its line item is stopped
    (back to ``pending`` when lifted); ``superseded`` when a resend or a recreated line item replaced it."""

    __tablename__ = "score_outbox"
    __table_args__ = (Index("ix_score_outbox_pending", "status", "next_attempt_at"),
                      Index("ux_score_outbox_request_key", "request_key", unique=True))

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("platforms.id", ondelete="CASCADE"))
    attempt_id: Mapped[str | None] = mapped_column(ForeignKey("attempts.id", ondelete="SET NULL"))
    lineitem_url: Mapped[str] = mapped_column(String(1024))
    user_id: Mapped[str] = mapped_column(String(255))
    payload: Mapped[dict[str, Any]] = mapped_column()
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    tries: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[dt.datetime | None] = mapped_column()
    #: set on a resend from the grade sync page: the same form posted twice queues one score
    request_key: Mapped[str | None] = mapped_column(String(128))


class Certificate(Base):
    """The projection of certificates derived from statements (xapi/certification.py).
    Rebuildable at any time from the statement journal or the LRS."""

    __tablename__ = "certificates"
    __table_args__ = (Index("ix_certificates_person_level", "person_id", "level"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # the certificate id
    platform_id: Mapped[int] = mapped_column(ForeignKey("platforms.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    level: Mapped[str] = mapped_column(String(32))
    issued_at: Mapped[dt.datetime] = mapped_column()
    valid_until: Mapped[dt.datetime] = mapped_column()
    revoked_at: Mapped[dt.datetime | None] = mapped_column()
    cut_off_at: Mapped[dt.datetime | None] = mapped_column()
    source: Mapped[str] = mapped_column(String(255), default="tool")
    statement_ids: Mapped[list[Any]] = mapped_column(default=list)
    registration: Mapped[str | None] = mapped_column(String(36))
    blueprint_version: Mapped[str | None] = mapped_column(String(64))
    model_version: Mapped[str | None] = mapped_column(String(16))
    status_index: Mapped[int | None] = mapped_column(Integer, unique=True)

    person: Mapped[Person] = relationship()


class RoleMatrixVersion(Base):
    """Who must reach which level by when; a report for a past date uses the version then in force."""

    __tablename__ = "role_matrix_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, unique=True)
    effective_from: Mapped[dt.date] = mapped_column(Date)
    content: Mapped[dict[str, Any]] = mapped_column()
    content_hash: Mapped[str] = mapped_column(String(64))
    created_by: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class AuditEntry(Base):
    """Append-only log of administrative changes: who, what, before and after, when.

    The application only inserts; database triggers refuse UPDATE and DELETE (migration 0005)."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_at", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    platform_id: Mapped[int | None] = mapped_column(Integer)  # no FK: the log outlives what it describes
    actor_person_id: Mapped[int | None] = mapped_column(Integer)
    actor: Mapped[str] = mapped_column(String(255), default="")
    action: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(255), default="")
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)


# --- governance: policies, rollout, feedback ---------------------------------------------------


class PolicyVersion(Base):
    """A version of one policy of the organisation (register), with its named clauses.
    Organisation-wide like the competence model; a new version never changes an old one."""

    __tablename__ = "policy_versions"
    __table_args__ = (UniqueConstraint("policy_key", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    policy_key: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[str] = mapped_column(String(32))
    effective_from: Mapped[dt.date] = mapped_column(Date)
    content: Mapped[dict[str, Any]] = mapped_column()
    content_hash: Mapped[str] = mapped_column(String(64))
    created_by: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ItemFlag(Base):
    """A question flagged for L&D: by an employee after an exam, or by a changed policy clause.
    Open until L&D resolves it."""

    __tablename__ = "item_flags"
    __table_args__ = (Index("ix_item_flags_open", "resolved_at", "item_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int | None] = mapped_column(ForeignKey("platforms.id", ondelete="CASCADE"))
    item_key: Mapped[str] = mapped_column(String(128), index=True)
    item_version: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(16))  # "employee" | "policy"
    clause_key: Mapped[str | None] = mapped_column(String(64))
    policy_version_id: Mapped[int | None] = mapped_column(ForeignKey("policy_versions.id", ondelete="SET NULL"))
    attempt_id: Mapped[str | None] = mapped_column(ForeignKey("attempts.id", ondelete="SET NULL"))
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[dt.datetime | None] = mapped_column()
    resolved_by: Mapped[str] = mapped_column(String(255), default="")


class ExamFeedback(Base):
    """An employee's rating of an exam they finished (1–5 for clarity and relevance)."""

    __tablename__ = "exam_feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("platforms.id", ondelete="CASCADE"), index=True)
    attempt_id: Mapped[str] = mapped_column(ForeignKey("attempts.id", ondelete="CASCADE"), unique=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    clarity: Mapped[int] = mapped_column(Integer)
    relevance: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class RolloutPlanVersion(Base):
    """A version of a platform's rollout plan (scenario and phases, see ``assessments.rollout``)."""

    __tablename__ = "rollout_plans"
    __table_args__ = (UniqueConstraint("platform_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("platforms.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict[str, Any]] = mapped_column()
    created_by: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class PhaseRemark(Base):
    """A manager's or auditor's remark on a rollout phase."""

    __tablename__ = "phase_remarks"

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("platforms.id", ondelete="CASCADE"), index=True)
    phase_key: Mapped[str] = mapped_column(String(64))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    author: Mapped[str] = mapped_column(String(255), default="")
    role: Mapped[str] = mapped_column(String(32), default="")
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class RecertificationDecision(Base):
    """L&D's decision that certificates at some levels need recertification by a date (usually
    after a policy change). The statements it journaled are what the derivation honours."""

    __tablename__ = "recertification_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("platforms.id", ondelete="CASCADE"), index=True)
    policy_version_id: Mapped[int | None] = mapped_column(ForeignKey("policy_versions.id", ondelete="SET NULL"))
    clauses: Mapped[list[Any]] = mapped_column(default=list)
    levels: Mapped[list[Any]] = mapped_column(default=list)
    due: Mapped[dt.date] = mapped_column(Date)
    issued_before: Mapped[dt.datetime] = mapped_column()
    reason: Mapped[str] = mapped_column(Text, default="")
    statement_ids: Mapped[list[Any]] = mapped_column(default=list)
    decided_by: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
