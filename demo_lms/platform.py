"""Adapters around ``lti1p3platform``: registration, platform config, OIDC login, launch."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from typing import Any

import httpx
import jwt
from flask import Request as FlaskRequest
from lti1p3platform.exceptions import LtiException
from lti1p3platform.ltiplatform import JWKS, LTI1P3PlatformConfAbstract
from lti1p3platform.message_launch import LaunchData, LTIAdvantageMessageLaunchAbstract
from lti1p3platform.oidc_login import OIDCLoginAbstract
from lti1p3platform.registration import Registration
from lti1p3platform.request import Request, TRequest

from .store import Store

DL_SETTINGS = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
MESSAGE_TYPE = "https://purl.imsglobal.org/spec/lti/claim/message_type"


class LtiRequest(Request):
    """A Flask request seen through lti1p3platform's ``Request`` interface."""

    def __init__(self, request: FlaskRequest, get_data: dict[str, Any] | None = None) -> None:
        self._get_data = get_data
        super().__init__(request)

    def build_metadata(self, request: Any) -> TRequest:
        """Copy the parts of the Flask request the library reads."""
        return {
            "method": request.method,
            "form_data": request.form.to_dict(),
            "get_data": self._get_data if self._get_data is not None else request.args.to_dict(),
            "headers": request.headers,
            "content_type": request.content_type,
            "path": request.path,
            "json": request.get_json(silent=True),
        }


class ToolKeyCache:
    """Tool JWKS fetched with httpx and cached per URL (refetched on a kid miss)."""

    def __init__(self, ttl: float = 300.0) -> None:
        self.ttl = ttl
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[float, JWKS]] = {}

    def get(self, url: str, force: bool = False) -> JWKS:
        """The key set at ``url``."""
        with self._lock:
            hit = self._cache.get(url)
            if hit and not force and time.time() - hit[0] < self.ttl:
                return hit[1]
        try:
            resp = httpx.get(url, timeout=5.0)
            resp.raise_for_status()
            keys = resp.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise LtiException(f"Cannot fetch the tool key set {url}: {exc}") from exc
        if not isinstance(keys, dict) or not isinstance(keys.get("keys"), list):
            raise LtiException(f"The tool key set at {url} is not a JWKS")
        with self._lock:
            self._cache[url] = (time.time(), keys)  # type: ignore[assignment]
        return keys  # type: ignore[no-any-return]


def build_registration(store: Store, tool: dict[str, Any] | None, issuer: str) -> Registration:
    """A lti1p3platform ``Registration`` for one tool (or just the platform keys)."""
    reg = (
        Registration()
        .set_iss(issuer)
        .set_platform_private_key(store.private_key)
        .set_platform_public_key(store.public_key)
    )
    if tool:
        reg.set_client_id(tool["client_id"])
        reg.set_deployment_id(tool["deployment_id"])
        reg.set_launch_url(tool["target_link_uri"])
        reg.set_oidc_login_url(tool["initiate_login_uri"])
        reg.set_tool_key_set_url(tool["jwks_uri"])
        reg.set_deeplink_launch_url(tool.get("deep_link_url") or tool["target_link_uri"])
    return reg


class PlatformConfig(LTI1P3PlatformConfAbstract):
    """The platform seen by one tool; tool keys come from the shared ``ToolKeyCache``."""

    def init_platform_config(self, **kwargs: Any) -> None:
        """Keep the store, the tool, the issuer and the key cache."""
        self.store: Store = kwargs["store"]
        self.tool: dict[str, Any] | None = kwargs.get("tool")
        self.issuer: str = kwargs["issuer"]
        self.key_cache: ToolKeyCache = kwargs["key_cache"]

    def get_registration_by_params(self, **kwargs: Any) -> Registration:
        """Build the registration of the configured tool."""
        return build_registration(self.store, self.tool, self.issuer)

    def fetch_public_key(self, key_set_url: str) -> JWKS:
        """Fetch the tool JWKS through the cache."""
        return self.key_cache.get(key_set_url)

    def tool_validate_and_decode(self, jwt_token_string: str) -> dict[str, Any]:
        """Verify a tool-signed JWT; refetch the tool JWKS once when the kid is unknown."""
        self.get_registration()
        try:
            return super().tool_validate_and_decode(jwt_token_string)
        except LtiException as exc:
            if "Unable to find public key" not in str(exc) or not self.tool:
                raise
        assert self._registration is not None
        self._registration.set_tool_key_set(self.key_cache.get(self.tool["jwks_uri"], force=True))
        return super().tool_validate_and_decode(jwt_token_string)

    def validate_token(
        self,
        token: str,
        allowed_scopes: list[str] | None = None,
        audience: str | None = None,
    ) -> bool:
        """The library check (signature, iss, exp, scope), with errors turned into False."""
        self.get_registration()
        try:
            return super().validate_token(token, allowed_scopes, audience)
        except (LtiException, jwt.PyJWTError):
            return False


class OIDCLogin(OIDCLoginAbstract):
    """Third-party initiated login: builds the redirect to the tool's login URL."""

    def set_lti_message_hint(self, **kwargs: Any) -> None:
        """Store the opaque hint that points at the pending launch."""
        self._lti_message_hint = kwargs["hint"]

    def get_redirect(self, url: str) -> str:
        """Return the URL; the Flask view makes the 302."""
        return url


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def sign_id_token(
    store: Store, payload: dict[str, Any], kid: str | None, tamper: dict[str, Any] | None
) -> str:
    """Sign an id_token, applying a one-shot tamper instruction when given."""
    header: dict[str, Any] = {"typ": "JWT", "alg": "RS256"}
    if kid:
        header["kid"] = kid
    mode = "normal"
    if tamper:
        payload.update(tamper.get("claims") or {})
        for claim in tamper.get("remove_claims") or []:
            payload.pop(claim, None)
        mode = tamper.get("sign") or "normal"
        for name, value in (tamper.get("header") or {}).items():
            if value is None:  # a null in the instruction removes the header field
                header.pop(name, None)
            else:
                header[name] = value
    if mode == "none":
        header["alg"] = "none"
        return ".".join([_b64(json.dumps(header).encode()), _b64(json.dumps(payload).encode()), ""])
    if mode == "hs256-public-key":
        header["alg"] = "HS256"
        signing_input = (
            _b64(json.dumps(header).encode()) + "." + _b64(json.dumps(payload).encode())
        ).encode()
        mac = hmac.new(store.public_key.encode(), signing_input, hashlib.sha256).digest()
        return signing_input.decode() + "." + _b64(mac)
    key = store.other_private_key if mode == "other-key" else store.private_key
    alg = header.pop("alg")
    return jwt.encode(payload, key, algorithm=alg, headers=header)


class MessageLaunch(LTIAdvantageMessageLaunchAbstract):
    """Resource link and deep linking launches built by lti1p3platform, signed here."""

    def __init__(
        self,
        request: Request,
        platform_config: LTI1P3PlatformConfAbstract,
        store: Store,
        tamper: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(request, platform_config)
        self.store = store
        self.tamper = tamper
        self.deep_linking = False
        self.id_token: str | None = None

    def generate_launch_request(self) -> LaunchData:
        """Build the message (deep linking when requested) and sign it with the tamper hook."""
        assert self._registration is not None
        if self.deep_linking:
            dl_url = self._registration.get_deeplink_launch_url()
            if dl_url:
                self.set_launch_url(dl_url)
        message, state = self.get_launch_data()
        if self.deep_linking:
            message[MESSAGE_TYPE] = "LtiDeepLinkingRequest"
            if self._deep_linking_launch_data:
                message.update(self._deep_linking_launch_data)
        now = int(time.time())
        message["iat"] = now
        message["exp"] = now + self.id_token_expiration
        self.id_token = sign_id_token(self.store, message, self._registration.get_kid(), self.tamper)
        return {"state": state, "id_token": self.id_token}

    def render_launch_form(self, launch_data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        """Return the launch data; the Flask view renders the auto-submitting form."""
        return launch_data
