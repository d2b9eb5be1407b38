"""Launches that survive blocked third-party cookies: LTI Platform Storage and the new-window fallback.

A tool in an LMS iframe is a third-party site. When the browser blocks its cookies there (Safari
always; Chrome and Firefox in many settings), the OIDC ``state`` cookie set at login does not come
back with the launch, and the launch cannot show it returns to the browser that started it.

**Platform Storage** (1EdTech *LTI Client Side postMessages*, *postMessage Storage* and *OIDC
Login with LTI Client Side postMessages*, v0.1). A platform that offers it names a frame in the
login request (``lti_storage_target``: ``_parent`` or the name of a frame in the parent window).

1. *Login.* When the login request carries ``lti_storage_target`` and comes from a frame
   (``Sec-Fetch-Dest: iframe``), ``/lti/login`` answers with a small page instead of a redirect
   (``templates/lti/storage_login.html`` + ``static/platform_storage.js``; the CSP allows no inline
   script). The script asks the parent for ``lti.capabilities`` (which may name another frame),
   stores ``state_<state> = <state>`` and ``nonce_<nonce> = <nonce>`` with ``lti.put_data``
   (target origin: the platform's OIDC authorization endpoint; every answer must come from that
   origin and carry our ``message_id``), then goes on to the platform's authorization endpoint.
   The state cookie is set as well; the server-side record of the state (shared store) notes that
   this login used platform storage.
2. *Launch.* When the id_token comes back *with* the state cookie, nothing changes. When the cookie
   is missing and the login used platform storage, ``/lti/launch`` does not consume anything yet: it
   answers with a page (``storage_launch.html``) whose script reads both keys back with
   ``lti.get_data`` from the platform's frame and posts the form again — id_token, state and the two
   values it read — to ``/lti/launch``, from the tool's own origin.
3. *Verification* (``verify_storage_proof``). That second post is accepted only when it is a
   same-origin request (``Origin`` is the tool, ``Sec-Fetch-Site`` is ``same-origin`` when sent;
   the page's ``Referrer-Policy: same-origin`` makes browsers send ``Origin``), the state record
   exists (it is then consumed: used once), the login used platform storage, and the values equal
   the state and the nonce of the server-side record. Then every other check runs unchanged
   (signature, nonce consumed, deployment, message…).

*Why this trusts the browser no more than the cookie.* The cookie proves that the browser posting
the id_token holds a value only the tool's origin could have put there. Here the same holds for the
platform's storage: data is partitioned by the tool's origin, only script running on the tool's
origin can read it, and a page of another site cannot make a same-origin post to the tool (a
cross-site post carries its own ``Origin``). An attacker who posts their own id_token into a
victim's browser (login CSRF) gets the storage page, whose script finds no ``state_<their state>``
in the victim's platform storage, and a forged verification post from another site is refused. The
state and nonce must still match the record in the shared store, which is used once.

**Fallback: a new window.** When the browser neither keeps the cookie nor has platform storage, the
launch restarts as a first-party, top-level login in a new window, where the tool's cookie works:

* a login from a frame without ``lti_storage_target`` (or whose platform storage did not answer)
  goes through ``/lti/login/check/<state>``: with the state cookie it continues to the platform;
  without it, it shows ``fallback.html`` *before* the platform is asked for an id_token, so the
  platform's one-time ``lti_message_hint`` is still unused. The page's button opens ``/lti/login``
  with the same login parameters in a new window: an ordinary launch there, with its own state
  cookie and the platform's own authentication of the user;
* a launch that arrives without cookie and without platform storage (a browser that sends no
  Fetch Metadata, so the login check was skipped) is refused (401) with the same page and button;
  the new window then works when the platform accepts the login hint again, otherwise the user
  starts again from the course.

No one-time code is handed from the frame to the window: the frame never proved who it is, so the
window authenticates afresh. Browsers without Fetch Metadata (``Sec-Fetch-Dest``) get the plain
redirect and the cookie path, as before.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlparse

from flask import Request
from flask_babel import gettext as _

from ..errors import UserError
from ..kv import KeyValueStore

#: the fields the storage launch page adds when it posts the launch again
STATE_FIELD = "lti_storage_state"
NONCE_FIELD = "lti_storage_nonce"


def framed(request: Request) -> bool:
    """The browser says this navigation is inside a frame (Fetch Metadata)."""
    return request.headers.get("Sec-Fetch-Dest", "").lower() == "iframe"


def state_key(state: str) -> str:
    return "state_" + state


def nonce_key(nonce: str) -> str:
    return "nonce_" + nonce


def origin_of(url: str) -> str:
    parts = urlparse(url)
    return f"{parts.scheme}://{parts.netloc}"


def peek_state(store: KeyValueStore, state: str | None) -> dict[str, Any] | None:
    """The login's record for ``state`` without consuming it (None when unknown or expired)."""
    return store.get("oidc:" + state) if state else None


def has_storage_proof(form: Mapping[str, str]) -> bool:
    return STATE_FIELD in form or NONCE_FIELD in form


def _refuse(message: str, status: int = 401) -> UserError:
    return UserError(message, status=status,
                     hint=_("Start the launch again from the course in your LMS. If it keeps failing, "
                            "give this message to your LMS administrator."))


def verify_storage_proof(request: Request, record: dict[str, Any] | None, tool_origin: str) -> None:
    """Accept a launch posted again by the storage launch page, or raise a 4xx ``UserError``.

    ``record`` is the state record already taken (consumed) from the store for the posted state."""
    origin = request.headers.get("Origin")
    site = request.headers.get("Sec-Fetch-Site")
    if origin != tool_origin or (site is not None and site != "same-origin"):
        raise _refuse(_("The platform storage check was not sent by this tool's own page."), 403)
    if record is None:
        raise _refuse(_("This launch's state is unknown, expired or already used (a replayed or stale launch)."))
    if not record.get("storage_target"):
        raise _refuse(_("This launch did not start with platform storage, so it cannot be checked with it."))
    state = request.form.get("state", "")
    if not hmac.compare_digest(request.form.get(STATE_FIELD, ""), state):
        raise _refuse(_("The state kept in the LMS's platform storage does not match this launch."))
    if not hmac.compare_digest(request.form.get(NONCE_FIELD, ""), str(record.get("nonce", ""))):
        raise _refuse(_("The nonce kept in the LMS's platform storage does not match this launch."))


def restart_login(record: Mapping[str, Any]) -> dict[str, str]:
    """The original login parameters (without ``lti_storage_target``): ``/lti/login`` with these,
    opened in a new, top-level window, starts an ordinary launch there."""
    return {str(k): str(v) for k, v in dict(record.get("login") or {}).items() if k != "lti_storage_target"}
