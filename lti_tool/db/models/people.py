"""People, courses, course memberships and the exams placed in courses (resource links)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow
from .platforms import Platform


class Person(Base):
    """An employee as a platform knows them: (issuer, subject)."""

    __tablename__ = "people"
    # pairs: the reports' distinct (function group, risk class) read from the index alone (18 → 5 ms at 10⁵ people)
    __table_args__ = (UniqueConstraint("platform_id", "subject"),
                      Index("ix_people_pairs", "platform_id", "function_group", "risk_class"))

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
    #: when the worker fetches the roster next (NULL: at its next round, e.g. after the course's first launch)
    roster_due_at: Mapped[dt.datetime | None] = mapped_column(index=True)


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
