"""The state of one certificate on a day, as its holder and their manager read it.

A certificate is, on a day ``d``:

- **not yet issued** when it was issued after ``d``;
- **revoked** from the day it was revoked (the reason is in the ``revoked`` statement);
- **expired** from the day it ends: its valid-until, or the due date of a recertification decision that
  cut it short (``cut_short`` then says why it ended early);
- **cut short** while a recertification decision has brought its end forward and that due date is
  still ahead: the holder must recertify by then;
- **expiring** when it ends within ``expiring_days``;
- **valid** otherwise.

Which recertification decision cut a certificate short: one at its level, taken for certificates
issued before its ``issued_before``, whose due date is the certificate's cut-off day (the earliest
such decision, as the derivation in ``xapi.certification`` takes the earliest due date).

Dates are calendar days (the caller turns timestamps into days in one time zone). Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

#: how soon before its end a certificate counts as expiring, unless the caller says otherwise
EXPIRING_DAYS = 60


class CertificateState(StrEnum):
    NOT_YET = "not_yet"
    VALID = "valid"
    EXPIRING = "expiring"
    CUT_SHORT = "cut_short"
    EXPIRED = "expired"
    REVOKED = "revoked"

    @property
    def in_force(self) -> bool:
        """Whether the holder holds the level with it on that day."""
        return self in (CertificateState.VALID, CertificateState.EXPIRING, CertificateState.CUT_SHORT)


@dataclass(frozen=True)
class CertificateFacts:
    """What the state depends on (``cut_off_on``: the end a recertification decision set, if any)."""

    level: str
    issued_on: dt.date
    valid_until: dt.date
    revoked_on: dt.date | None = None
    cut_off_on: dt.date | None = None

    @property
    def cut_short(self) -> bool:
        return self.cut_off_on is not None and self.cut_off_on < self.valid_until

    @property
    def ends_on(self) -> dt.date:
        """The day it stops being valid unless revoked before."""
        return self.cut_off_on if self.cut_off_on is not None and self.cut_short else self.valid_until


@dataclass(frozen=True)
class Standing:
    state: CertificateState
    ends_on: dt.date  # the end in force: revocation day, cut-off day or valid-until
    days_left: int | None  # days until ``ends_on`` while in force, else None
    cut_short: bool  # a recertification decision brought its end forward


def certificate_state(cert: CertificateFacts, day: dt.date, expiring_days: int = EXPIRING_DAYS) -> Standing:
    """The state of ``cert`` on ``day`` (rules: see the module docstring)."""
    if day < cert.issued_on:
        return Standing(CertificateState.NOT_YET, cert.ends_on, None, cert.cut_short)
    if cert.revoked_on is not None and cert.revoked_on <= day:
        return Standing(CertificateState.REVOKED, min(cert.revoked_on, cert.ends_on), None, cert.cut_short)
    ends = cert.ends_on
    if day >= ends:
        return Standing(CertificateState.EXPIRED, ends, None, cert.cut_short)
    left = (ends - day).days
    if cert.cut_short:
        state = CertificateState.CUT_SHORT
    elif left <= expiring_days:
        state = CertificateState.EXPIRING
    else:
        state = CertificateState.VALID
    return Standing(state, ends, left, cert.cut_short)


@dataclass(frozen=True)
class Decision:
    """A recertification decision as the holder is told about it."""

    levels: tuple[str, ...]
    due: dt.date
    issued_before: dt.date
    reason: str
    clauses: tuple[str, ...] = ()


def cut_short_by(cert: CertificateFacts, decisions: Iterable[Decision]) -> Decision | None:
    """The decision that cut ``cert`` short (None when none did)."""
    if not cert.cut_short:
        return None
    fitting = [d for d in decisions if cert.level in d.levels and cert.issued_on <= d.issued_before
               and d.due == cert.cut_off_on]
    return min(fitting, key=lambda d: (d.due, d.issued_before), default=None)


def held_rank(certs: Sequence[CertificateFacts], day: dt.date, level_ranks: dict[str, int]) -> int:
    """The highest level rank in force on ``day`` (0: none); a higher level counts for a lower one."""
    return max((level_ranks.get(c.level, 0) for c in certs if certificate_state(c, day).state.in_force), default=0)
