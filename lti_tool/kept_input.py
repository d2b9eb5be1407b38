"""What a person typed into a refused form, kept for the way back so that nothing is lost.

A form refused with a 4xx (an overlong remark, an expired preview, a rule broken in the domain) ends on
the error page. That page shows what was typed and links back to the form with ``?kept=<token>``; the
form page then carries the values as JSON and ``static/keep_input.js`` puts them back in its fields.
The values are stored for half an hour under the signed-in person and an unguessable token, never in
the URL; secrets (CSRF token, one-time tokens, passwords) are never kept.

The form page is the page the form was on (``_from``, added by ``keep_input.js`` on submit) or, without
script, the posted URL when it answers GET.
"""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import urlencode, urlsplit

from flask import current_app, request, session
from werkzeug.exceptions import HTTPException

KEPT_SECONDS = 1800
KEPT_MAX_CHARS = 400_000  # more than any form holds; a flood is not stored
FROM_FIELD = "_from"
_NEVER = ("csrf", "token", "password", "secret", "passphrase", "key_pem", FROM_FIELD)


def _store() -> Any:
    return current_app.extensions["aidiploma"].store  # (not services(): errors import this module)


def _keepable(name: str) -> bool:
    lowered = name.lower()
    return not any(word in lowered for word in _NEVER)


def _answers_get(path: str) -> bool:
    try:
        current_app.url_map.bind("", url_scheme=request.scheme).match(path, method="GET")
    except HTTPException:
        return False
    return True


def _form_page() -> str | None:
    """The path of the page the form was on: ``_from`` when it is this tool's own path, else the posted
    path when it answers GET."""
    given = request.form.get(FROM_FIELD, "")  # (read once already by typed_fields)
    parts = urlsplit(given)
    if given.startswith("/") and not given.startswith("//") and not parts.netloc and _answers_get(parts.path):
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return request.path if _answers_get(request.path) else None


def typed_fields() -> dict[str, list[str]]:
    """The posted text fields a person typed or chose (secrets left out, empty fields left out)."""
    if request.method != "POST":
        return {}
    try:
        form = request.form
    except HTTPException:  # a body too large to read (413): there is nothing to keep
        return {}
    return {name: values for name in form if _keepable(name)
            and (values := form.getlist(name)) and any(v.strip() for v in values)}


def keep_for_return() -> tuple[dict[str, list[str]], str | None]:
    """Store what was typed; returns it (for the error page) and the link back to the form with it."""
    fields = typed_fields()
    person = session.get("person_id")
    if not fields or person is None or sum(len(v) for vs in fields.values() for v in vs) > KEPT_MAX_CHARS:
        return fields, None
    page = _form_page()
    if page is None:
        return fields, None
    token = secrets.token_urlsafe(16)
    try:
        _store().set(f"kept-input:{person}:{token}", {"action": request.path, "fields": fields}, KEPT_SECONDS)
    except Exception:  # the store being down must not turn a 4xx into a 500: the page still shows it
        return fields, None
    joiner = "&" if "?" in page else "?"
    return fields, f"{request.script_root}{page}{joiner}{urlencode({'kept': token})}"


def kept_input() -> dict[str, Any] | None:
    """On the way back: the kept values for this person's ``?kept=`` token (None when there are none)."""
    token = request.args.get("kept", "") if request.method == "GET" else ""
    person = session.get("person_id")
    if not token or person is None or len(token) > 64:
        return None
    try:
        return _store().get(f"kept-input:{person}:{token}")
    except Exception:  # without the store the form is shown empty, as before
        return None
