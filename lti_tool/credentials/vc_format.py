"""The W3C VC 2.0 / Open Badges 3.0 data-model constants and the date, URL and id helpers that building,
signing and verifying diplomas share (see ``lti_tool.credentials.badges`` for the choices made)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
CONTEXT = [VC_CONTEXT, OB_CONTEXT]
CREDENTIAL_TYPE = ["VerifiableCredential", "OpenBadgeCredential"]
STATUS_LIST_TYPE = ["VerifiableCredential", "BitstringStatusListCredential"]
LANGUAGES = ("nl", "en")
ALGORITHM = "RS256"
#: the W3C minimum (16 KB of bits): herd privacy for status lookups
STATUS_LIST_SIZE = 131_072
#: refuse status lists that unpack to more than this (a gzip bomb from a hostile status-list URL)
MAX_STATUS_LIST_BYTES = 16 * 1024 * 1024
#: JWT registered claims that are not part of the credential
JWT_CLAIMS = frozenset({"iss", "sub", "aud", "exp", "nbf", "iat", "jti"})
#: the only JOSE header parameters OB 3.0 allows
ALLOWED_HEADERS = frozenset({"alg", "kid", "jwk", "typ"})

STATUSES = ("valid", "expired", "revoked", "invalid", "not_yet_valid")


def utc(value: dt.datetime) -> dt.datetime:
    """``value`` in UTC, whole seconds; ValueError for a naive datetime."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("datetimes must be timezone-aware (use UTC)")
    return value.astimezone(dt.UTC).replace(microsecond=0)


def iso(value: dt.datetime) -> str:
    """XML Schema dateTime in UTC, whole seconds: ``2026-11-29T10:00:00Z``."""
    return utc(value).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(text: str) -> dt.datetime:
    value = dt.datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    if value.tzinfo is None:
        raise ValueError(f"{text!r} has no time zone")
    return value.astimezone(dt.UTC)


def require_url(value: str, what: str) -> None:
    """ValueError unless ``value`` is an absolute http(s) URL."""
    parts = urlsplit(str(value))
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise ValueError(f"{what} must be an http(s) URL, not {value!r}")


def issuer_id_of(credential: Mapping[str, Any]) -> str | None:
    """``issuer.id`` (or ``issuer`` when it is a plain URL)."""
    issuer = credential.get("issuer")
    return issuer.get("id") if isinstance(issuer, Mapping) else issuer if isinstance(issuer, str) else None


def subject_id_of(credential: Mapping[str, Any]) -> str | None:
    """``credentialSubject.id`` (of the first subject when there are several)."""
    subject = credential.get("credentialSubject")
    if isinstance(subject, list):
        subject = subject[0] if subject else None
    return subject.get("id") if isinstance(subject, Mapping) else None
