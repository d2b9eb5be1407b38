"""Platform JWKS: fetched through the egress guard, cached in the shared store, refetched on an unknown kid."""

from __future__ import annotations

import time
from typing import Any

import httpx
from flask_babel import gettext as _

from ..egress import EgressRefused, egress_client, explain
from ..errors import UserError
from ..kv import KeyValueStore
from ..settings import Settings

#: a key set is a few kilobytes; more than this is not a JWKS
JWKS_MAX_BYTES = 256 * 1024
#: each process keeps the shared store's copy this long (never longer than the store keeps it)
LOCAL_SECONDS = 60.0


class PlatformKeys:
    def __init__(self, store: KeyValueStore, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self.ttl = settings.platform_jwks_ttl
        #: never refetch a JWKS more often than this, however many unknown kids arrive
        self.min_refetch = settings.platform_jwks_min_refetch
        self._local: dict[int, tuple[float, dict[str, Any]]] = {}  # platform id → (kept until, store record)

    def key_for(self, platform_id: int, key_set_url: str, kid: str) -> dict[str, Any]:
        """The platform's key ``kid``: from this process's copy (a minute), the shared store's (``ttl``), or a
        fresh fetch when neither has it (at most every ``min_refetch`` seconds)."""
        kept = self._local.get(platform_id)
        if kept is not None and time.monotonic() < kept[0] and kept[1].get("url") == key_set_url:
            key = _find(kept[1]["jwks"], kid)
            if key is not None:
                return key
        cache_key = f"jwks:{platform_id}"
        cached = self.store.get(cache_key)
        if cached is not None:
            self._keep(platform_id, cached)
        if cached is not None and cached.get("url") == key_set_url:
            key = _find(cached["jwks"], kid)
            if key is not None:
                return key
            if time.time() - cached["fetched"] < self.min_refetch:
                raise UserError(_(
                    "The id_token was signed with key %(kid)s, which the platform's JWKS does not contain.",
                    kid=repr(kid)), status=401)
        jwks = self._fetch(key_set_url)
        record = {"url": key_set_url, "jwks": jwks, "fetched": time.time()}
        self.store.set(cache_key, record, self.ttl)
        self._keep(platform_id, record)
        key = _find(jwks, kid)
        if key is None:
            raise UserError(_(
                "The id_token was signed with key %(kid)s, which the platform's JWKS at %(url)s does not "
                "contain.",
                kid=repr(kid), url=key_set_url), status=401)
        return key

    def _keep(self, platform_id: int, record: dict[str, Any]) -> None:
        self._local[platform_id] = (time.monotonic() + min(LOCAL_SECONDS, self.ttl), record)

    def _fetch(self, url: str) -> dict[str, Any]:
        try:
            with egress_client(self.settings, max_bytes=min(JWKS_MAX_BYTES, self.settings.egress_max_bytes)) as http:
                response = http.get(url, headers={"Accept": "application/json"})
            response.raise_for_status()
            jwks = response.json()
        except EgressRefused as exc:
            raise UserError(_(
                "The platform's public keys were not fetched from %(url)s: %(reason)s. Check the registration's "
                "JWKS URL.", url=url, reason=explain(exc)), status=424) from exc
        except (httpx.HTTPError, ValueError) as exc:
            raise UserError(_(
                "The platform's public keys could not be fetched from %(url)s: %(error)s. Try the launch again;"
                " if it persists, check the registration's JWKS URL.",
                url=url, error=exc),
                            status=424) from exc
        if not isinstance(jwks, dict) or not isinstance(jwks.get("keys"), list):
            raise UserError(_("The platform's JWKS at %(url)s is not a JSON Web Key Set.", url=url), status=424)
        return jwks


def _find(jwks: dict[str, Any], kid: str) -> dict[str, Any] | None:
    for key in jwks.get("keys", []):
        if isinstance(key, dict) and key.get("kid") == kid:
            return key
    return None
