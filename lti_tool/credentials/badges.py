"""Open Badges 3.0 credentials for a diploma: build, sign (VC-JWT), verify, and revoke (Bitstring Status List).

Pure functions given key material: no Flask, no database, no network (the status list is fetched through a
callable the caller passes in).

Choices, with the part of the standard they follow:

* **Data model** — Open Badges 3.0 on the W3C VC Data Model 2.0: ``@context`` = VCDM 2.0 + OB
  ``context-3.0.3.json``; ``type`` ``["VerifiableCredential", "OpenBadgeCredential"]``; ``validFrom`` /
  ``validUntil`` (the diploma's expiry); the ``credentialSubject`` is an ``AchievementSubject`` whose ``id``
  is a pseudonymous URN (never an e-mail address); the holder's display name, when given, is an
  ``IdentityObject`` with ``identityType: "name"``.
* **Languages** — OB 3.0 types ``name``, ``description`` and ``criteria.narrative`` as plain strings (its JSON
  schemas reject JSON-LD language maps), and its way to express translations is ``Achievement.inLanguage``
  plus ``Achievement.related`` (``Related`` objects with ``inLanguage``) pointing at the same achievement in
  another language. So a credential is issued in *one* language (``language=``, the holder's), its
  achievement says ``inLanguage``, and ``related`` points at the other language's version at
  :func:`achievement_url` (``<achievement_id>?lang=nl``), which the web layer serves with
  :func:`achievement_document`. (The 1EdTech "localizationData" draft is marked TBD and not used.)
* **Proof** — OB 3.0 §8.2 "JSON Web Token Proof Format" (VC-JWT): JOSE header exactly
  ``{"alg": "RS256", "kid": <URI of the JWK>, "typ": "JWT"}`` (OB 3.0 allows no other header parameters);
  for a VCDM 2.0 credential the JWT payload *is* the credential, plus the claims ``iss`` (= ``issuer.id``),
  ``jti`` (= ``id``), ``nbf`` (= ``validFrom``), ``exp`` (= ``validUntil``) and ``sub``
  (= ``credentialSubject.id``). Tokens with the VCDM 1.1 ``vc`` claim wrapper are still verified (the spec's
  note says verifiers convert them).
* **Revocation** — W3C Bitstring Status List v1.0: a ``BitstringStatusListEntry`` (``statusPurpose``
  ``revocation``, ``statusListIndex`` a string) pointing at a ``BitstringStatusListCredential`` whose
  ``encodedList`` is the multibase (``u`` prefix) base64url, unpadded, of the GZIP-compressed bitstring; bit
  ``i`` is bit ``7 - i % 8`` of byte ``i // 8`` (index 0 is the leftmost bit of the first byte); the list is at
  least 131,072 bits (16 KB) so a single lookup does not reveal whose diploma is checked.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import gzip
import json
import re
import uuid
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey, RSAPublicKey
from cryptography.hazmat.primitives.serialization import load_pem_private_key, load_pem_public_key
from jwt.algorithms import RSAAlgorithm

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


@dataclass
class VerificationResult:
    """What a verifier found. ``credential`` is only set when the signature is good (never show
    unverified content). ``status_checked`` says whether a revocation status list was consulted."""

    ok: bool
    status: str
    reasons: list[str] = field(default_factory=list)
    credential: dict[str, Any] | None = None
    kid: str | None = None
    status_checked: bool = False


# --- helpers ----------------------------------------------------------------------------------------------


def _utc(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("datetimes must be timezone-aware (use UTC)")
    return value.astimezone(dt.UTC).replace(microsecond=0)


def iso(value: dt.datetime) -> str:
    """XML Schema dateTime in UTC, whole seconds: ``2026-11-29T10:00:00Z``."""
    return _utc(value).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(text: str) -> dt.datetime:
    value = dt.datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    if value.tzinfo is None:
        raise ValueError(f"{text!r} has no time zone")
    return value.astimezone(dt.UTC)


def _localized(value: Mapping[str, str] | str, language: str, what: str) -> str:
    if isinstance(value, str):
        text = value
    else:
        text = value.get(language) or value.get("en") or next((v for v in value.values() if v), "")
    if not str(text).strip():
        raise ValueError(f"{what} is empty")
    return str(text)


def _require_languages(value: Mapping[str, str], what: str) -> None:
    if isinstance(value, str) or not all(str(value.get(lang) or "").strip() for lang in LANGUAGES):
        raise ValueError(f"{what} needs a text for every language ({', '.join(LANGUAGES)})")


def _require_url(value: str, what: str) -> None:
    parts = urlsplit(str(value))
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise ValueError(f"{what} must be an http(s) URL, not {value!r}")


def achievement_url(achievement_id: str, language: str) -> str:
    """The URL of the achievement in one language (``related`` points here): ``<id>?lang=<language>``."""
    base, _, fragment = achievement_id.partition("#")
    joined = f"{base}{'&' if '?' in base else '?'}lang={language}"
    return f"{joined}#{fragment}" if fragment else joined


def achievement_document(
    *,
    achievement_id: str,
    achievement_name: Mapping[str, str],
    achievement_description: Mapping[str, str],
    criteria_narrative: Mapping[str, str],
    level: str,
    language: str,
    self_id: bool = True,
) -> dict[str, Any]:
    """The OB 3.0 ``Achievement`` in one language, with ``related`` links to the other languages.

    Inside a credential its ``id`` is the language-neutral ``achievement_id`` (so diplomas issued in Dutch and
    in English are the same achievement); served on its own at :func:`achievement_url` (``self_id=False``) its
    ``id`` is that language's URL."""
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}")
    return {
        "id": achievement_id if self_id else achievement_url(achievement_id, language),
        "type": ["Achievement"],
        "achievementType": "Certificate",
        "name": _localized(achievement_name, language, "achievement_name"),
        "description": _localized(achievement_description, language, "achievement_description"),
        "criteria": {"narrative": _localized(criteria_narrative, language, "criteria_narrative")},
        "inLanguage": language,
        "tag": ["AI literacy", "EU AI Act Article 4", level],
        "related": [
            {"id": achievement_url(achievement_id, other), "type": ["Related"], "inLanguage": other}
            for other in LANGUAGES if other != language
        ],
    }


# --- build ------------------------------------------------------------------------------------------------


def build_credential(
    *,
    credential_id: str,
    issuer_id: str,
    issuer_name: Mapping[str, str] | str,
    subject_id: str,
    subject_name: str | None,
    achievement_id: str,
    achievement_name: Mapping[str, str],
    achievement_description: Mapping[str, str],
    criteria_narrative: Mapping[str, str],
    level: str,
    valid_from: dt.datetime,
    valid_until: dt.datetime,
    status_list_url: str,
    status_index: int,
    evidence_url: str | None,
    language: str = "en",
) -> dict[str, Any]:
    """An unsigned ``OpenBadgeCredential`` for one diploma, in ``language`` (see the module notes)."""
    if not credential_id.startswith("urn:uuid:"):
        raise ValueError("credential_id must be a urn:uuid: URN")
    uuid.UUID(credential_id.removeprefix("urn:uuid:"))  # raises ValueError when malformed
    _require_url(issuer_id, "issuer_id")
    _require_url(achievement_id, "achievement_id")
    _require_url(status_list_url, "status_list_url")
    if evidence_url is not None:
        _require_url(evidence_url, "evidence_url")
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$", subject_id) or "@" in subject_id \
            or subject_id.lower().startswith("mailto:"):
        raise ValueError("subject_id must be a pseudonymous URI such as urn:aidiploma:<issuer-hash>:<subject>, "
                         "never an e-mail address")
    for value, what in ((achievement_name, "achievement_name"), (achievement_description, "achievement_description"),
                        (criteria_narrative, "criteria_narrative")):
        _require_languages(value, what)
    if not isinstance(status_index, int) or isinstance(status_index, bool) or status_index < 0:
        raise ValueError("status_index must be a non-negative integer")
    if _utc(valid_until) <= _utc(valid_from):
        raise ValueError("valid_until must be after valid_from")
    achievement = achievement_document(
        achievement_id=achievement_id, achievement_name=achievement_name,
        achievement_description=achievement_description, criteria_narrative=criteria_narrative, level=level,
        language=language)
    subject: dict[str, Any] = {"id": subject_id, "type": ["AchievementSubject"], "achievement": achievement}
    if subject_name:
        subject["identifier"] = [{"type": "IdentityObject", "identityType": "name", "hashed": False,
                                  "identityHash": subject_name}]
    credential: dict[str, Any] = {
        "@context": list(CONTEXT),
        "id": credential_id,
        "type": list(CREDENTIAL_TYPE),
        "issuer": {"id": issuer_id, "type": ["Profile"], "name": _localized(issuer_name, language, "issuer_name")},
        "validFrom": iso(valid_from),
        "validUntil": iso(valid_until),
        "awardedDate": iso(valid_from),
        "name": achievement["name"],
        "description": achievement["description"],
        "credentialSubject": subject,
        "credentialStatus": {
            "id": f"{status_list_url}#{status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(status_index),
            "statusListCredential": status_list_url,
        },
    }
    if evidence_url:
        credential["evidence"] = [{"id": evidence_url, "type": ["Evidence"]}]
    return credential


# --- sign -------------------------------------------------------------------------------------------------


def _issuer_id(credential: Mapping[str, Any]) -> str | None:
    issuer = credential.get("issuer")
    return issuer.get("id") if isinstance(issuer, Mapping) else issuer if isinstance(issuer, str) else None


def _subject_id(credential: Mapping[str, Any]) -> str | None:
    subject = credential.get("credentialSubject")
    if isinstance(subject, list):
        subject = subject[0] if subject else None
    return subject.get("id") if isinstance(subject, Mapping) else None


def sign_credential(credential: Mapping[str, Any], private_pem: str | bytes, kid: str) -> str:
    """The credential as a compact VC-JWT (OB 3.0 §8.2), signed RS256 with the issuer's RSA key.

    ``kid`` should be a URI that dereferences to the public JWK (e.g. ``https://tool/.well-known/jwks.json#k1``)
    and must be listed in the JWKS verifiers use."""
    key = load_pem_private_key(private_pem.encode() if isinstance(private_pem, str) else private_pem, None)
    if not isinstance(key, RSAPrivateKey):
        raise ValueError("OB 3.0 VC-JWT needs an RSA key (RS256)")
    if not kid:
        raise ValueError("kid is required")
    if JWT_CLAIMS & set(credential):
        raise ValueError("the credential must not contain JWT claim names")
    issuer, subject = _issuer_id(credential), _subject_id(credential)
    if not issuer or not credential.get("id") or not credential.get("validFrom"):
        raise ValueError("the credential needs id, issuer.id and validFrom")
    claims: dict[str, Any] = {"iss": issuer, "jti": credential["id"],
                              "nbf": int(parse_iso(credential["validFrom"]).timestamp())}
    if credential.get("validUntil"):
        claims["exp"] = int(parse_iso(credential["validUntil"]).timestamp())
    if subject:
        claims["sub"] = subject
    payload = {**credential, **claims}
    return jwt.encode(payload, key, algorithm=ALGORITHM, headers={"kid": kid, "typ": "JWT"})


def public_jwk(pem: str | bytes, kid: str) -> dict[str, Any]:
    """The public JWK (for the tool's JWKS) of an RSA private or public key in PEM."""
    data = pem.encode() if isinstance(pem, str) else pem
    key: Any = load_pem_private_key(data, None) if b"PRIVATE KEY" in data else load_pem_public_key(data)
    public = key.public_key() if isinstance(key, RSAPrivateKey) else key
    if not isinstance(public, RSAPublicKey):
        raise ValueError("an RSA key is required")
    jwk = RSAAlgorithm.to_jwk(public, as_dict=True)
    return {**jwk, "kid": kid, "alg": ALGORITHM, "use": "sig"}


# --- status list ------------------------------------------------------------------------------------------


def _check_size(size: int) -> None:
    if not isinstance(size, int) or size <= 0 or size % 8:
        raise ValueError("the status list size must be a positive multiple of 8 bits")


def build_status_list(revoked_indexes: Iterable[int], size: int = STATUS_LIST_SIZE) -> str:
    """``encodedList`` for a revocation list: ``"u"`` + base64url (no padding) of the GZIP-compressed
    bitstring of ``size`` bits with the revoked indexes set. Deterministic (GZIP mtime 0)."""
    _check_size(size)
    bits = bytearray(size // 8)
    for index in revoked_indexes:
        if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < size:
            raise ValueError(f"status index {index!r} is outside the list (0..{size - 1})")
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), compresslevel=9, mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode("ascii")


def decode_status_list(encoded_list: str, *, max_bytes: int = MAX_STATUS_LIST_BYTES) -> bytes:
    """The bitstring of an ``encodedList`` (with or without the multibase ``u``); ValueError when it is not one."""
    text = str(encoded_list).strip()
    text = text[1:] if text.startswith("u") else text
    try:
        compressed = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as exc:
        raise ValueError(f"encodedList is not base64url ({exc})") from None
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)  # gzip framing
    try:
        bits = inflater.decompress(compressed, max_bytes + 1)
    except zlib.error as exc:
        raise ValueError(f"encodedList is not GZIP data ({exc})") from None
    if len(bits) > max_bytes or inflater.unconsumed_tail:
        raise ValueError(f"the status list unpacks to more than {max_bytes} bytes")
    return bits


def is_revoked(encoded_list: str, index: int) -> bool:
    """Whether bit ``index`` is set; ValueError when the index is outside the list."""
    bits = decode_status_list(encoded_list)
    if not 0 <= index < len(bits) * 8:
        raise ValueError(f"status index {index} is outside the list (0..{len(bits) * 8 - 1})")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def status_list_credential(
    list_url: str,
    issuer_id: str,
    revoked_indexes: Iterable[int],
    valid_from: dt.datetime,
    *,
    size: int = STATUS_LIST_SIZE,
    valid_until: dt.datetime | None = None,
) -> dict[str, Any]:
    """An unsigned ``BitstringStatusListCredential`` (revocation) published at ``list_url``; sign it with
    :func:`sign_credential` (``credentialSubject.id`` is ``<list_url>#list``)."""
    _require_url(list_url, "list_url")
    _require_url(issuer_id, "issuer_id")
    if size < STATUS_LIST_SIZE:
        raise ValueError(f"a published status list holds at least {STATUS_LIST_SIZE} entries (herd privacy)")
    credential: dict[str, Any] = {
        "@context": [VC_CONTEXT],
        "id": list_url,
        "type": list(STATUS_LIST_TYPE),
        "issuer": issuer_id,
        "validFrom": iso(valid_from),
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": build_status_list(revoked_indexes, size),
        },
    }
    if valid_until is not None:
        credential["validUntil"] = iso(valid_until)
    return credential


# --- verify -----------------------------------------------------------------------------------------------


class _Invalid(Exception):
    pass


def _find_key(jwks: Mapping[str, Any], kid: str) -> jwt.PyJWK:
    for entry in jwks.get("keys") or []:
        if not isinstance(entry, Mapping) or entry.get("kid") != kid:
            continue
        if entry.get("kty") != "RSA" or entry.get("alg", ALGORITHM) != ALGORITHM or entry.get("use", "sig") != "sig":
            raise _Invalid(f"key {kid!r} is not an RSA signing key for RS256")
        if "d" in entry:
            raise _Invalid(f"key {kid!r} in the JWKS is a private key; publish only public keys")
        try:
            return jwt.PyJWK(dict(entry), algorithm=ALGORITHM)
        except jwt.PyJWTError as exc:
            raise _Invalid(f"key {kid!r} cannot be read ({exc})") from None
    raise _Invalid(f"the signing key {kid!r} is not one of the issuer's keys")


def _verify_jws(token: str, jwks: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any], str]:
    """(payload, credential, kid) of a VC-JWT whose signature is good; _Invalid otherwise."""
    if not isinstance(token, str) or token.count(".") != 2:
        raise _Invalid("this is not a compact JWS (header.payload.signature)")
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as exc:
        raise _Invalid(f"the JOSE header cannot be read ({exc})") from None
    alg = header.get("alg")
    if alg != ALGORITHM:
        raise _Invalid(f"the signature algorithm {alg!r} is not accepted; only {ALGORITHM}")
    extra = set(header) - ALLOWED_HEADERS
    if extra:
        raise _Invalid(f"the JOSE header has parameters OB 3.0 does not allow: {', '.join(sorted(extra))}")
    if "typ" in header and header["typ"] != "JWT":
        raise _Invalid(f"the JOSE header typ is {header['typ']!r}; OB 3.0 requires 'JWT'")
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise _Invalid("the JOSE header has no kid; keys embedded in the token (jwk) are not trusted")
    key = _find_key(jwks, kid)
    try:
        payload = jwt.decode(token, key.key, algorithms=[ALGORITHM],
                             options={"verify_exp": False, "verify_nbf": False, "verify_iat": False,
                                      "verify_aud": False, "require": ["iss", "jti", "nbf"]})
    except jwt.InvalidSignatureError:
        raise _Invalid("the signature does not match: the credential was changed or not signed by this "
                       "issuer") from None
    except jwt.PyJWTError as exc:
        raise _Invalid(f"the token is not valid ({exc})") from None
    if "@context" not in payload and isinstance(payload.get("vc"), dict):
        credential = dict(payload["vc"])  # VCDM 1.1 style: the credential in the vc claim
    else:
        credential = {k: v for k, v in payload.items() if k not in JWT_CLAIMS}
    return payload, credential, kid


def _timestamp(credential: Mapping[str, Any], name: str) -> int | None:
    value = credential.get(name)
    if value is None:
        return None
    try:
        return int(parse_iso(value).timestamp())
    except (TypeError, ValueError):
        raise _Invalid(f"{name} {value!r} is not a date-time with a time zone") from None


def _check_claims(payload: Mapping[str, Any], credential: Mapping[str, Any], types: Iterable[str]) -> None:
    context = credential.get("@context")
    if not isinstance(context, list) or not context or context[0] != VC_CONTEXT:
        raise _Invalid(f"@context must start with {VC_CONTEXT}")
    kinds = credential.get("type") or []
    kinds = [kinds] if isinstance(kinds, str) else kinds
    if "VerifiableCredential" not in kinds or not any(t in kinds for t in types):
        raise _Invalid(f"type must include VerifiableCredential and {' or '.join(types)}")
    if payload.get("iss") != _issuer_id(credential):
        raise _Invalid("the iss claim does not match issuer.id")
    if payload.get("jti") != credential.get("id"):
        raise _Invalid("the jti claim does not match the credential id")
    subject = _subject_id(credential)
    if (subject is not None or "sub" in payload) and payload.get("sub") != subject:
        raise _Invalid("the sub claim does not match credentialSubject.id")
    valid_from = _timestamp(credential, "validFrom") or _timestamp(credential, "issuanceDate")
    if valid_from is None or payload.get("nbf") != valid_from:
        raise _Invalid("the nbf claim does not match validFrom")
    valid_until = _timestamp(credential, "validUntil") or _timestamp(credential, "expirationDate")
    if valid_until is not None and payload.get("exp") != valid_until:
        raise _Invalid("the exp claim does not match validUntil")


def _status_entries(credential: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    status = credential.get("credentialStatus")
    entries = status if isinstance(status, list) else [status] if status else []
    return [e for e in entries if isinstance(e, Mapping) and e.get("type") == "BitstringStatusListEntry"
            and e.get("statusPurpose", "revocation") == "revocation"]


def _encoded_list(raw: bytes | str, list_url: str, issuer: str | None, jwks: Mapping[str, Any], now: dt.datetime
                  ) -> str:
    text = raw.decode("utf-8") if isinstance(raw, bytes | bytearray) else str(raw)
    text = text.strip()
    if text.startswith("{"):
        try:
            status_credential = json.loads(text)  # trusted transport (e.g. the tool's own database)
        except ValueError:
            raise _Invalid(f"the status list at {list_url} is not JSON") from None
    else:
        payload, status_credential, _kid = _verify_jws(text, jwks)
        _check_claims(payload, status_credential, ["BitstringStatusListCredential"])
    if not isinstance(status_credential, Mapping):
        raise _Invalid(f"the status list at {list_url} is not a credential")
    if status_credential.get("id") not in (None, list_url):
        raise _Invalid(f"the status list at {list_url} says it is {status_credential.get('id')!r}")
    if issuer is not None and _issuer_id(status_credential) != issuer:
        raise _Invalid("the status list was not issued by the credential's issuer")
    until = status_credential.get("validUntil")
    if until and parse_iso(until) <= now:
        raise _Invalid("the status list has expired; the revocation status cannot be checked")
    subject = status_credential.get("credentialSubject") or {}
    if not isinstance(subject, Mapping) or subject.get("type") != "BitstringStatusList":
        raise _Invalid("the status list credential has no BitstringStatusList subject")
    if subject.get("statusPurpose") != "revocation":
        raise _Invalid("the status list is not a revocation list")
    encoded = subject.get("encodedList")
    if not isinstance(encoded, str):
        raise _Invalid("the status list has no encodedList")
    return encoded


def verify_credential(
    token: str,
    jwks: Mapping[str, Any],
    status_list_lookup: Callable[[str], bytes] | None,
    now: dt.datetime,
    *,
    leeway: dt.timedelta = dt.timedelta(0),
) -> VerificationResult:
    """Verify a VC-JWT diploma at ``now``.

    Checks: compact JWS, ``alg`` exactly RS256, only OB 3.0 header parameters, ``kid`` in ``jwks`` (an RSA
    public key), the signature; the claims ``iss``/``jti``/``sub``/``nbf``/``exp`` against ``issuer.id``/``id``/
    ``credentialSubject.id``/``validFrom``/``validUntil``; the validity period; and, when
    ``status_list_lookup`` is given, the revocation bit. ``status_list_lookup(url)`` returns the status list
    credential as a VC-JWT (signature checked against ``jwks``) or as JSON bytes (trusted as is: use this
    only for the issuer's own store). Status precedence: invalid > revoked > expired > not_yet_valid > valid.
    """
    now = _utc(now)
    try:
        payload, credential, kid = _verify_jws(token, jwks)
    except _Invalid as exc:
        return VerificationResult(False, "invalid", [str(exc)])
    try:
        _check_claims(payload, credential, ["OpenBadgeCredential", "AchievementCredential"])
    except _Invalid as exc:
        return VerificationResult(False, "invalid", [str(exc)], credential, kid)

    reasons: list[str] = []
    statuses: set[str] = set()
    status_checked = False
    entries = _status_entries(credential)
    if entries and status_list_lookup is not None:
        issuer = _issuer_id(credential)
        for entry in entries:
            list_url = str(entry.get("statusListCredential") or "")
            try:
                index = int(str(entry.get("statusListIndex")))
                try:
                    raw = status_list_lookup(list_url)
                except Exception as exc:  # the caller's fetch: network, missing list, ...
                    raise _Invalid(f"the status list {list_url} cannot be retrieved ({exc})") from None
                revoked = is_revoked(_encoded_list(raw, list_url, issuer, jwks, now), index)
            except (_Invalid, ValueError) as exc:
                return VerificationResult(False, "invalid", [str(exc)], credential, kid)
            status_checked = True
            if revoked:
                statuses.add("revoked")
                reasons.append("the issuer has revoked this credential")

    valid_from = parse_iso(credential.get("validFrom") or credential["issuanceDate"])
    until_text = credential.get("validUntil") or credential.get("expirationDate")
    if until_text and now >= parse_iso(until_text) + leeway:
        statuses.add("expired")
        reasons.append(f"the credential expired on {until_text}")
    if now + leeway < valid_from:
        statuses.add("not_yet_valid")
        reasons.append(f"the credential is not valid before {credential.get('validFrom')}")
    status = next((s for s in ("revoked", "expired", "not_yet_valid") if s in statuses), "valid")
    return VerificationResult(status == "valid", status, reasons, credential, kid, status_checked)


__all__ = [
    "CONTEXT",
    "STATUS_LIST_SIZE",
    "VerificationResult",
    "achievement_document",
    "achievement_url",
    "build_credential",
    "build_status_list",
    "decode_status_list",
    "is_revoked",
    "public_jwk",
    "sign_credential",
    "status_list_credential",
    "verify_credential",
]
