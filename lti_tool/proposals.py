"""A previewed change waiting for its "Save": the forms with a preview (role matrix, rollout plan, policy
versions) hold the checked content in the shared store under a one-time token bound to the person, and the
save takes it out once — a second save of the same preview, or one after half an hour, is a 409."""

from __future__ import annotations

import secrets
from typing import Any

from flask import session
from flask_babel import gettext as _

from .errors import UserError
from .services import services

TTL = 1800


def _key(kind: str, token: str) -> str:
    return f"{kind}-edit:{session['platform_id']}:{session['person_id']}:{token[:64]}"


def hold_proposal(kind: str, content: Any) -> str:
    """Keep ``content`` for ``TTL`` seconds; the token the preview's save form sends back."""
    token = secrets.token_urlsafe(24)
    services().store.set(_key(kind, token), {"content": content}, TTL)
    return token


def take_proposal(kind: str, token: str) -> Any:
    """The content held under ``token``, removed as it is read; 409 when it expired or was saved already."""
    stored = services().store.pop(_key(kind, token))
    if stored is None:
        raise UserError(_("This preview has expired or was already saved. Fill in the form again."), 409)
    return stored["content"]
