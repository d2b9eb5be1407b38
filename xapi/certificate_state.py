"""The state of one certificate as of a moment: what its PDF, badge and verification page must say.

Pure: it reads the projection's ``Certificate`` (``xapi.certification``), the same derivation the reports use,
so a document and a report never disagree about a certificate (``reports_status`` maps back to the report's
``Status``). One deliberate difference: a certificate revoked *after* it ended is ``REVOKED`` here (its badge's
status list says revoked too), where the level report calls it expired (``reports_status`` says so too).

Standings, as of ``at``:

* ``REVOKED`` — a revocation happened on or before ``at``; the end is the revocation time.
* ``EXPIRED`` — valid-until has passed.
* ``ENDED_BY_DECISION`` — a recertification decision's due date has passed before valid-until (cut short and
  not renewed on this certificate).
* ``CUT_SHORT`` — still in force, but a recertification decision moved its end to the due date.
* ``EXPIRING`` — in force, valid-until within ``expiring_days``.
* ``VALID`` — in force (also before the issue time, which only a wrong clock can show).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from .certification import Certificate, Status

__all__ = ["CertificateState", "Decision", "Standing", "certificate_state", "cutting_decision"]


class Standing(StrEnum):
    VALID = "valid"
    EXPIRING = "expiring"
    CUT_SHORT = "cut_short"
    EXPIRED = "expired"
    ENDED_BY_DECISION = "ended_by_decision"
    REVOKED = "revoked"


_REPORT_STATUS = {Standing.VALID: Status.VALID, Standing.EXPIRING: Status.EXPIRING, Standing.EXPIRED: Status.EXPIRED,
                  Standing.ENDED_BY_DECISION: Status.EXPIRED, Standing.REVOKED: Status.REVOKED}


@dataclass(frozen=True, slots=True)
class Decision:
    """A recertification decision as the derivation honours it: certificates at ``levels`` issued before
    ``issued_before`` end at ``due`` (when that is earlier than their valid-until)."""

    levels: tuple[str, ...]
    issued_before: dt.datetime
    due: dt.datetime
    reason: str
    clauses: tuple[str, ...] = ()  # the policy clauses it cites, for the holder's own page


@dataclass(frozen=True, slots=True)
class CertificateState:
    standing: Standing
    #: the moment the state is for
    at: dt.datetime
    #: when it ends (in force) or ended: valid-until, the decision's due date, or the revocation time
    ends_at: dt.datetime
    #: the original valid-until (differs from ``ends_at`` when cut short or revoked)
    valid_until: dt.datetime
    revoked_at: dt.datetime | None
    #: the due date of the recertification decision that cut it short, if one did
    cut_off_at: dt.datetime | None
    expiring_days: int

    @property
    def in_force(self) -> bool:
        """Whether the certificate still counts at ``at``."""
        return self.standing in (Standing.VALID, Standing.EXPIRING, Standing.CUT_SHORT)

    @property
    def looks_valid(self) -> bool:
        """Only these may be printed with a plain "valid until" line and no warning."""
        return self.standing in (Standing.VALID, Standing.EXPIRING)

    @property
    def reports_status(self) -> Status:
        """The report's status of a level held only by this certificate (``xapi.certification.state_as_of``)."""
        if self.standing is Standing.CUT_SHORT:
            soon = self.ends_at - dt.timedelta(days=self.expiring_days)
            return Status.EXPIRING if self.at >= soon else Status.VALID
        if self.standing is Standing.REVOKED and self.revoked_at is not None \
                and self.revoked_at > (self.cut_off_at or self.valid_until):
            return Status.EXPIRED  # it had ended before it was revoked
        return _REPORT_STATUS[self.standing]


def _aware(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def certificate_state(certificate: Certificate, at: dt.datetime, expiring_days: int) -> CertificateState:
    """The standing of ``certificate`` as of ``at`` (see the module notes)."""
    at = _aware(at)
    valid_until = _aware(certificate.valid_until)
    revoked = _aware(certificate.revoked_at) if certificate.revoked_at is not None else None
    cut = _aware(certificate.cut_off_at) if certificate.cut_off_at is not None else None
    cut = cut if cut is not None and cut < valid_until else None
    scheduled = cut or valid_until
    if revoked is not None and revoked <= at:
        standing, ends = Standing.REVOKED, revoked
    elif at >= scheduled:
        standing, ends = (Standing.ENDED_BY_DECISION if cut else Standing.EXPIRED), scheduled
    elif cut is not None:
        standing, ends = Standing.CUT_SHORT, cut
    else:
        soon = scheduled - dt.timedelta(days=expiring_days)
        standing, ends = (Standing.EXPIRING if at >= soon else Standing.VALID), scheduled
    return CertificateState(standing, at, ends, valid_until, revoked, cut, expiring_days)


def cutting_decision(certificate: Certificate, decisions: Iterable[Decision]) -> Decision | None:
    """The decision that set the certificate's ``cut_off_at``, by the derivation's rule (the earliest due among
    the decisions at its level made after it was issued); None when none cut it short."""
    if certificate.cut_off_at is None:
        return None
    issued = _aware(certificate.issued_at)
    valid_until = _aware(certificate.valid_until)
    candidates = [d for d in decisions if certificate.level in d.levels and issued < _aware(d.issued_before)
                  and _aware(d.due) < valid_until]
    return min(candidates, key=lambda d: (max(_aware(d.due), issued), _aware(d.issued_before)), default=None)
