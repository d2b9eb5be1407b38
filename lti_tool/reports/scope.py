"""The request's report scope (by the permission table's ``ROUTE_SCOPES``) and the reporting day."""

from __future__ import annotations

import datetime as dt

from ..permissions import Scope, reach
from ..services import services
from .params import date_arg


def scope(endpoint: str | None = None) -> tuple[Scope, int]:
    """The principal's scope on this page (or on ``endpoint``, a page a form posted from re-renders) and the
    smallest group it shows (N for aggregates, else 1); 403 when the table gives none."""
    kind = reach(endpoint)[0]
    return kind, services().certification.min_group_size if kind is Scope.AGGREGATE else 1


def as_of() -> dt.date:
    """``as_of`` for person-level roles: any day (today when absent); a malformed one is a 400."""
    return date_arg("as_of", dt.date.today()) or dt.date.today()
