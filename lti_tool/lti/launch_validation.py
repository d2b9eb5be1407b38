"""Validating an id_token launch: pylti1p3's checks plus what it leaves out.

pylti1p3 validates the JWT format, the message type and its required claims. This subclass
adds what a production tool needs and pylti1p3 does not do: the OIDC state is taken from the
shared store (any worker can complete a login another worker started) and used once, and the
browser proves it started the login with the state cookie or, when its cookies are blocked, with
the values it read back from the platform's storage (``platform_storage``); the nonce must be
the one issued at login and is consumed, so a replayed id_token is refused;
only RS256 is accepted (no ``alg: none``, no HS256 signed with the public key); ``aud`` and
``iss`` are checked against the registration, and ``azp``, whenever present, must be this tool's
client id; ``iat`` in the future and an expired token are refused; a deep linking request must
name its ``deep_link_return_url``; an id_token over ``MAX_ID_TOKEN_BYTES`` is refused before it
is decoded; and the platform's keys come from a cache that refetches on an unknown ``kid``. A
validated launch counts against its person's launch limit (``rate_limits.limit_person``).
Every refusal is a ``UserError`` with a 4xx status and a message that says what was wrong.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import jwt
from flask import request
from flask_babel import gettext as _
from pylti1p3.deployment import Deployment as LtiDeployment
from pylti1p3.exception import LtiException
from pylti1p3.message_launch import MessageLaunch
from pylti1p3.registration import Registration
from pylti1p3.request import Request as LtiRequest
from pylti1p3.tool_config.abstract import ToolConfAbstract
from sqlalchemy.orm import Session

from ..db.models import Platform
from ..db.repositories import record_nonce
from ..errors import UserError
from ..kv import KeyValueStore
from ..rate_limits import limit_person
from .oidc import STATE_COOKIE_PREFIX
from .platform_keys import PlatformKeys
from .platforms import has_deployment, platform_with_deployment

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
DEEP_LINKING = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
CLOCK_SKEW = 60  # seconds of clock difference tolerated between platform and tool
#: real id_tokens are 2–8 KB; a bigger one is refused before it is decoded (no parsing of junk)
MAX_ID_TOKEN_BYTES = 64 * 1024


def check_id_token_size(form: Mapping[str, str]) -> None:
    """Refuse (413) an id_token larger than ``MAX_ID_TOKEN_BYTES``, before anything decodes it."""
    token = form.get("id_token") or ""
    if len(token) > MAX_ID_TOKEN_BYTES or len(token.encode()) > MAX_ID_TOKEN_BYTES:
        raise _reject(_("The id_token is larger than %(size)s KB; the tool does not read it.",
                        size=MAX_ID_TOKEN_BYTES // 1024), 413)


def refuse_oversized_id_token() -> None:
    """``before_request``: the size check for the launch endpoint, before its view runs."""
    if request.endpoint == "lti.launch" and request.method == "POST":
        check_id_token_size(request.form)


class _FormRequest(LtiRequest):
    def __init__(self, form: Mapping[str, str], cookies: Mapping[str, str]) -> None:
        self.form = form
        self.cookies = cookies

    @property
    def session(self) -> None:
        return None

    def get_param(self, key: str) -> str | None:
        return self.form.get(key)

    def get_cookie(self, key: str) -> str | None:
        return self.cookies.get(key)

    def is_secure(self) -> bool:
        return True


class _DatabaseToolConf(ToolConfAbstract[_FormRequest]):
    """pylti1p3's view of the registry: one validated platform."""

    def __init__(self, session: Session, platform: Platform, known: tuple[str, bool] | None = None) -> None:
        self.session = session
        self.platform = platform
        self.known = known  # (deployment id, whether it is the platform's), read with the platform

    def check_iss_has_one_client(self, iss: str) -> bool:
        return False

    def check_iss_has_many_clients(self, iss: str) -> bool:
        return True

    def find_registration_by_issuer(self, iss: str, *args: Any, **kwargs: Any) -> Registration:
        return self._registration()

    def find_registration_by_params(self, iss: str, client_id: str, *args: Any, **kwargs: Any) -> Registration:
        return self._registration()

    def _registration(self) -> Registration:
        return (Registration().set_issuer(self.platform.issuer).set_client_id(self.platform.client_id)
                .set_key_set_url(self.platform.key_set_url).set_auth_token_url(self.platform.auth_token_url)
                .set_auth_login_url(self.platform.auth_login_url))

    def find_deployment(self, iss: str, deployment_id: str) -> LtiDeployment | None:
        return self.find_deployment_by_params(iss, deployment_id, self.platform.client_id)

    def find_deployment_by_params(self, iss: str, deployment_id: str, client_id: str,
                                  *args: Any, **kwargs: Any) -> LtiDeployment | None:
        if self.known is not None and self.known[0] == deployment_id:
            found = self.known[1]
        else:
            found = has_deployment(self.session, self.platform, deployment_id)
        if found:
            return LtiDeployment().set_deployment_id(deployment_id)
        return None


def take_state(store: KeyValueStore, form: Mapping[str, str]) -> dict[str, Any] | None:
    """Consume the OIDC state named in the launch form: it can be used once only.
    Done before the launch's own transaction (the store may be the same database)."""
    state = form.get("state")
    return store.pop("oidc:" + state) if state else None


class _NullService:
    """pylti1p3 insists on session and cookie services; state lives in our store instead."""

    def __getattr__(self, name: str) -> Any:
        raise AttributeError(name)


def _reject(message: str, status: int = 400) -> UserError:
    return UserError(message, status=status,
                     hint=_("Start the launch again from the course in your LMS. If it keeps failing, "
                            "give this message to your LMS administrator."))


class ToolMessageLaunch(MessageLaunch):  # type: ignore[type-arg]
    def __init__(self, session: Session, state: dict[str, Any] | None, keys: PlatformKeys,
                 form: Mapping[str, str], cookies: Mapping[str, str], storage_verified: bool = False) -> None:
        """``state`` is what ``take_state`` returned for the request's state parameter;
        ``storage_verified``: the browser proved it started the login through the platform's
        storage instead of the state cookie (``platform_storage.verify_storage_proof``)."""
        self._db = session
        self._storage_verified = storage_verified
        self._stored_state = state
        self._keys = keys
        self._state: dict[str, Any] = {}
        self.platform: Platform | None = None
        super().__init__(_FormRequest(form, cookies), None, session_service=_NullService(),
                         cookie_service=_NullService())

    def _get_request_param(self, key: str) -> str | None:
        return self._request.get_param(key)

    def validate(self) -> ToolMessageLaunch:
        """All checks, then the person's launch limit (429 when one account launches too often)."""
        self._validated = True
        try:
            (self.validate_state().validate_jwt_format().validate_header().validate_registration()
             .validate_jwt_signature().validate_nonce().validate_deployment().validate_message())
        except LtiException as exc:
            self._validated = False
            raise _reject(_("The launch message is not valid: %(error)s", error=exc)) from exc
        except Exception:
            self._validated = False
            raise
        assert self.platform is not None
        limit_person(self.platform.id, self._jwt["body"]["sub"])
        return self

    def validate_state(self) -> ToolMessageLaunch:
        state = self._get_request_param("state")
        if not state:
            raise _reject(_("The launch has no state parameter."))
        if not self._get_request_param("id_token"):
            raise _reject(_("The launch has no id_token."))
        check_id_token_size(self._request.form)
        stored = self._stored_state
        if stored is None:
            raise _reject(_(
                "This launch's state is unknown, expired or already used (a replayed or stale launch)."
                ), 401)
        if not self._storage_verified and self._request.get_cookie(STATE_COOKIE_PREFIX + state) != state:
            raise _reject(_(
                "The launch did not come back to the browser that started it (state cookie missing). Allow "
                "cookies for this tool, or open it in a new window."
                ), 401)
        self._state = stored
        return self

    def validate_header(self) -> ToolMessageLaunch:
        header = self._jwt.get("header", {})
        if header.get("alg") != "RS256":
            raise _reject(_(
                "The id_token is signed with %(alg)s; only RS256 is accepted.",
                alg=repr(header.get('alg'))), 401)
        if not header.get("kid"):
            raise _reject(_("The id_token header has no kid (key id)."), 401)
        return self

    def validate_registration(self) -> ToolMessageLaunch:
        body = self._jwt.get("body", {})
        deployment_id = body.get(LTI + "deployment_id")
        deployment_id = deployment_id if isinstance(deployment_id, str) else ""
        found = platform_with_deployment(self._db, self._state["platform_id"], deployment_id)
        if found is None:
            raise _reject(_("The platform that started this login is no longer registered."))
        platform, known = found
        if body.get("iss") != platform.issuer:
            raise _reject(_(
                "The id_token's iss %(iss)s is not the platform that started the login (%(platform)s).",
                iss=repr(body.get('iss')), platform=platform.issuer), 401)
        aud = body.get("aud")
        audiences = aud if isinstance(aud, list) else [aud]
        if platform.client_id not in audiences:
            raise _reject(_("The id_token's aud %(aud)s does not contain this tool's client id.", aud=repr(aud)), 401)
        if len(audiences) > 1 and body.get("azp") != platform.client_id:
            raise _reject(_("The id_token has several audiences but its azp is not this tool's client id."), 401)
        if "azp" in body and body["azp"] != platform.client_id:
            raise _reject(_("The id_token's azp %(azp)s is not this tool's client id.", azp=repr(body["azp"])), 401)
        self.platform = platform
        self._tool_config = _DatabaseToolConf(self._db, platform, (deployment_id, known))
        self._registration = self._tool_config._registration()
        return self

    def validate_jwt_signature(self) -> ToolMessageLaunch:
        assert self.platform is not None
        kid = self._jwt["header"]["kid"]
        jwk = self._keys.key_for(self.platform.id, self.platform.key_set_url, kid)
        try:
            key = jwt.PyJWK(jwk, algorithm="RS256")
            jwt.decode(self._get_id_token(), key, algorithms=["RS256"], audience=self.platform.client_id,
                       issuer=self.platform.issuer, leeway=CLOCK_SKEW,
                       options={"require": ["exp", "iat", "iss", "aud", "nonce"]})
        except jwt.ExpiredSignatureError as exc:
            raise _reject(_("The id_token has expired."), 401) from exc
        except jwt.InvalidTokenError as exc:
            raise _reject(_("The id_token's signature or claims are not valid: %(error)s.", error=exc), 401) from exc
        iat = self._jwt["body"].get("iat")
        if not isinstance(iat, int | float) or iat > time.time() + CLOCK_SKEW:
            raise _reject(_("The id_token's iat (issued at) is in the future."), 401)
        return self

    def validate_nonce(self) -> ToolMessageLaunch:
        nonce = self._jwt["body"].get("nonce")
        if not nonce or nonce != self._state.get("nonce"):
            raise _reject(_("The id_token's nonce is not the one issued at login."), 401)
        return self

    def consume_nonce(self, session: Session) -> None:
        """Record the nonce as used (in the launch's unit of work): a replayed id_token fails
        here even if it came with a fresh state."""
        assert self.platform is not None and self._validated
        nonce = self._jwt["body"]["nonce"]
        expires = dt.datetime.fromtimestamp(self._jwt["body"]["exp"], dt.UTC) + dt.timedelta(seconds=CLOCK_SKEW)
        if not record_nonce(session, self.platform.id, nonce, expires):
            raise _reject(_("This id_token has already been used (replay)."), 401)

    def validate_deployment(self) -> ToolMessageLaunch:
        deployment_id = self._jwt["body"].get(LTI + "deployment_id")
        if not deployment_id:
            raise _reject(_("The launch has no deployment_id."))
        expected = self._state.get("deployment_id")
        if expected and expected != deployment_id:
            raise _reject(_("The launch's deployment_id differs from the one in the login request."))
        return super().validate_deployment()  # type: ignore[no-any-return]

    def validate_message(self) -> ToolMessageLaunch:
        body = self._jwt["body"]
        if body.get(LTI + "version") != "1.3.0":
            raise _reject(_(
                "LTI version %(version)s is not supported; expected 1.3.0.",
                version=repr(body.get(LTI + 'version'))))
        roles = body.get(LTI + "roles")
        if not isinstance(roles, list):
            raise _reject(_("The launch has no roles claim (a list of role URIs)."))
        if body.get(LTI + "message_type") not in ("LtiResourceLinkRequest", "LtiDeepLinkingRequest"):
            raise _reject(_(
                "The message type %(type)s is not supported by this tool.",
                type=repr(body.get(LTI + 'message_type'))))
        if not body.get("sub"):
            raise _reject(_("The launch has no user (sub); anonymous launches cannot take an exam."))
        if body.get(LTI + "message_type") == "LtiDeepLinkingRequest":
            _check_return_url(body.get(DEEP_LINKING))
        return super().validate_message()  # type: ignore[no-any-return]

    @property
    def claims(self) -> dict[str, Any]:
        return self._jwt.get("body", {})


def _check_return_url(settings: object) -> None:
    """A deep linking request must say where to send the chosen exam: an http(s) URL."""
    url = settings.get("deep_link_return_url") if isinstance(settings, dict) else None
    if not isinstance(url, str) or urlsplit(url).scheme not in ("https", "http") or not urlsplit(url).netloc:
        raise _reject(_("The deep linking request has no valid deep_link_return_url in its deep_linking_settings "
                        "claim, so the tool cannot send the chosen exam back to the LMS."))
