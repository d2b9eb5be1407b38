"""Calling a platform's LTI Advantage services (AGS, NRPS) with an OAuth2 client assertion.

Access tokens are cached per platform and scope set; a 401 drops the token and retries once
with a new one (platforms revoke tokens early). Every call goes through the egress guard; error
messages name the URL and the reason, never the platform's answer.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Sequence
from typing import Any

import httpx
import jwt
from flask_babel import gettext as _

from ..db.models import Platform
from ..egress import EgressRefused, egress_client, explain
from ..settings import Settings
from .keys import SigningKey

AGS_LINEITEM = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
AGS_LINEITEM_READ = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly"
AGS_RESULT_READ = "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly"
AGS_SCORE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
NRPS_MEMBERSHIP = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
ALL_SCOPES = (AGS_LINEITEM, AGS_LINEITEM_READ, AGS_RESULT_READ, AGS_SCORE, NRPS_MEMBERSHIP)


class ServiceError(Exception):
    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class TokenCache:
    def __init__(self) -> None:
        self._tokens: dict[tuple[int, str], tuple[str, float]] = {}
        self._lock = threading.Lock()

    def get(self, key: tuple[int, str]) -> str | None:
        with self._lock:
            entry = self._tokens.get(key)
        if entry and entry[1] > time.time() + 30:
            return entry[0]
        return None

    def put(self, key: tuple[int, str], token: str, expires_in: float) -> None:
        with self._lock:
            self._tokens[key] = (token, time.time() + expires_in)

    def drop(self, key: tuple[int, str]) -> None:
        with self._lock:
            self._tokens.pop(key, None)


TOKENS = TokenCache()


class PlatformServices:
    """An authenticated HTTP client for one platform's services."""

    def __init__(self, platform: Platform, key: SigningKey, settings: Settings,
                 tokens: TokenCache = TOKENS) -> None:
        self.platform = platform
        self.key = key
        self.tokens = tokens
        self.http = egress_client(settings)

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> PlatformServices:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _assertion(self) -> str:
        now = int(time.time())
        claims = {
            "iss": self.platform.client_id, "sub": self.platform.client_id,
            "aud": self.platform.auth_audience or self.platform.auth_token_url,
            "iat": now, "exp": now + 300, "jti": str(uuid.uuid4()),
        }
        return jwt.encode(claims, self.key.private_pem, algorithm="RS256", headers={"kid": self.key.kid})

    def access_token(self, scopes: Sequence[str]) -> str:
        scope = " ".join(sorted(scopes))
        cache_key = (self.platform.id, scope)
        token = self.tokens.get(cache_key)
        if token:
            return token
        try:
            response = self.http.post(self.platform.auth_token_url, data={
                "grant_type": "client_credentials",
                "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                "client_assertion": self._assertion(),
                "scope": scope,
            })
        except httpx.HTTPError as exc:
            raise unreachable(self.platform.auth_token_url, exc) from exc
        if response.status_code != 200:
            raise ServiceError(f"token endpoint answered {response.status_code}", response.status_code)
        body = response.json()
        self.tokens.put(cache_key, body["access_token"], float(body.get("expires_in", 3600)))
        return str(body["access_token"])

    def request(self, method: str, url: str, scopes: Sequence[str], **kwargs: Any) -> httpx.Response:
        """Call a service; on 401 fetch a fresh token and try once more."""
        for retry in (False, True):
            headers = dict(kwargs.pop("headers", {}) or {})
            headers["Authorization"] = "Bearer " + self.access_token(scopes)
            try:
                response = self.http.request(method, url, headers=headers, **kwargs)
            except httpx.HTTPError as exc:
                raise unreachable(url, exc) from exc
            kwargs["headers"] = {k: v for k, v in headers.items() if k != "Authorization"}
            if response.status_code == 401 and not retry:
                self.tokens.drop((self.platform.id, " ".join(sorted(scopes))))
                continue
            return response
        return response


def unreachable(url: str, exc: httpx.HTTPError) -> ServiceError:
    """The ServiceError for a call that got no answer: refused by the egress guard, or failed."""
    if isinstance(exc, EgressRefused):
        return ServiceError(_("%(url)s was not called: %(reason)s", url=url, reason=explain(exc)))
    return ServiceError(f"{url} unreachable: {exc.__class__.__name__}: {exc}")


def next_link(response: httpx.Response) -> str | None:
    """The ``rel="next"`` URL of a paged service answer."""
    link = response.links.get("next")
    return link.get("url") if link else None
