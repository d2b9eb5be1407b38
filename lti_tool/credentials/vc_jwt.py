"""Signing and verifying diplomas as VC-JWT (Open Badges 3.0 §8.2), with the revocation check against a
Bitstring Status List; see ``lti_tool.credentials.badges`` for the choices made."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey, RSAPublicKey
from cryptography.hazmat.primitives.serialization import load_pem_private_key, load_pem_public_key
from flask_babel import lazy_gettext as _l
from jwt.algorithms import RSAAlgorithm

from .status_list import is_revoked
from .vc_format import (
    ALGORITHM,
    ALLOWED_HEADERS,
    JWT_CLAIMS,
    VC_CONTEXT,
    issuer_id_of,
    parse_iso,
    subject_id_of,
    utc,
)

STATUSES = STATUSES = ("valid", "expired", "revoked", "invalid", "not_yet_valid")


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
    issuer, subject = issuer_id_of(credential), subject_id_of(credential)
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


class _Invalid(Exception):
    pass


def _find_key(jwks: Mapping[str, Any], kid: str) -> jwt.PyJWK:
    for entry in jwks.get("keys") or []:
        if not isinstance(entry, Mapping) or entry.get("kid") != kid:
            continue
        if entry.get("kty") != "RSA" or entry.get("alg", ALGORITHM) != ALGORITHM or entry.get("use", "sig") != "sig":
            raise _Invalid(_l("key '%(kid)s' is not an RSA signing key for RS256", kid=kid))
        if "d" in entry:
            raise _Invalid(_l("key '%(kid)s' in the JWKS is a private key; publish only public keys", kid=kid))
        try:
            return jwt.PyJWK(dict(entry), algorithm=ALGORITHM)
        except jwt.PyJWTError as exc:
            raise _Invalid(_l("key '%(kid)s' cannot be read (%(error)s)", kid=kid, error=exc)) from None
    raise _Invalid(_l("the signing key '%(kid)s' is not one of the issuer's keys", kid=kid))


def _verify_jws(token: str, jwks: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any], str]:
    """(payload, credential, kid) of a VC-JWT whose signature is good; _Invalid otherwise."""
    if not isinstance(token, str) or token.count(".") != 2:
        raise _Invalid(_l("this is not a compact JWS (header.payload.signature)"))
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        raise _Invalid(_l("the JOSE header cannot be read: is the whole .jwt text pasted?")) from None
    alg = header.get("alg")
    if alg != ALGORITHM:
        raise _Invalid(_l("the signature algorithm '%(alg)s' is not accepted; only %(algorithm)s", alg=alg,
                          algorithm=ALGORITHM))
    extra = set(header) - ALLOWED_HEADERS
    if extra:
        raise _Invalid(_l("the JOSE header has parameters OB 3.0 does not allow: %(names)s",
                          names=", ".join(sorted(extra))))
    if "typ" in header and header["typ"] != "JWT":
        raise _Invalid(_l("the JOSE header typ is '%(typ)s'; OB 3.0 requires 'JWT'", typ=header['typ']))
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise _Invalid(_l("the JOSE header has no kid; keys embedded in the token (jwk) are not trusted"))
    key = _find_key(jwks, kid)
    try:
        payload = jwt.decode(token, key.key, algorithms=[ALGORITHM],
                             options={"verify_exp": False, "verify_nbf": False, "verify_iat": False,
                                      "verify_aud": False, "require": ["iss", "jti", "nbf"]})
    except jwt.InvalidSignatureError:
        raise _Invalid(_l("the signature does not match: the credential was changed or not signed by this "
                          "issuer")) from None
    except jwt.PyJWTError as exc:
        raise _Invalid(_l("the token is not valid (%(error)s)", error=exc)) from None
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
        raise _Invalid(_l("%(name)s '%(value)s' is not a date-time with a time zone", name=name, value=value)) from None


def _check_claims(payload: Mapping[str, Any], credential: Mapping[str, Any], types: Iterable[str]) -> None:
    context = credential.get("@context")
    if not isinstance(context, list) or not context or context[0] != VC_CONTEXT:
        raise _Invalid(_l("@context must start with %(context)s", context=VC_CONTEXT))
    kinds = credential.get("type") or []
    kinds = [kinds] if isinstance(kinds, str) else kinds
    if "VerifiableCredential" not in kinds or not any(t in kinds for t in types):
        raise _Invalid(_l("type must include VerifiableCredential and %(types)s", types=' or '.join(types)))
    if payload.get("iss") != issuer_id_of(credential):
        raise _Invalid(_l("the iss claim does not match issuer.id"))
    if payload.get("jti") != credential.get("id"):
        raise _Invalid(_l("the jti claim does not match the credential id"))
    subject = subject_id_of(credential)
    if (subject is not None or "sub" in payload) and payload.get("sub") != subject:
        raise _Invalid(_l("the sub claim does not match credentialSubject.id"))
    valid_from = _timestamp(credential, "validFrom") or _timestamp(credential, "issuanceDate")
    if valid_from is None or payload.get("nbf") != valid_from:
        raise _Invalid(_l("the nbf claim does not match validFrom"))
    valid_until = _timestamp(credential, "validUntil") or _timestamp(credential, "expirationDate")
    if valid_until is not None and payload.get("exp") != valid_until:
        raise _Invalid(_l("the exp claim does not match validUntil"))


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
            raise _Invalid(_l("the status list at %(url)s is not JSON", url=list_url)) from None
    else:
        payload, status_credential, _kid = _verify_jws(text, jwks)
        _check_claims(payload, status_credential, ["BitstringStatusListCredential"])
    if not isinstance(status_credential, Mapping):
        raise _Invalid(_l("the status list at %(url)s is not a credential", url=list_url))
    if status_credential.get("id") not in (None, list_url):
        raise _Invalid(_l("the status list at %(url)s says it is '%(id)s'", url=list_url,
                          id=status_credential.get("id")))
    if issuer is not None and issuer_id_of(status_credential) != issuer:
        raise _Invalid(_l("the status list was not issued by the credential's issuer"))
    until = status_credential.get("validUntil")
    if until and parse_iso(until) <= now:
        raise _Invalid(_l("the status list has expired; the revocation status cannot be checked"))
    subject = status_credential.get("credentialSubject") or {}
    if not isinstance(subject, Mapping) or subject.get("type") != "BitstringStatusList":
        raise _Invalid(_l("the status list credential has no BitstringStatusList subject"))
    if subject.get("statusPurpose") != "revocation":
        raise _Invalid(_l("the status list is not a revocation list"))
    encoded = subject.get("encodedList")
    if not isinstance(encoded, str):
        raise _Invalid(_l("the status list has no encodedList"))
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
    now = utc(now)
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
        issuer = issuer_id_of(credential)
        for entry in entries:
            list_url = str(entry.get("statusListCredential") or "")
            try:
                index = int(str(entry.get("statusListIndex")))
                try:
                    raw = status_list_lookup(list_url)
                except Exception as exc:  # the caller's fetch: network, missing list, ...
                    raise _Invalid(_l("the status list %(url)s cannot be retrieved (%(error)s)", url=list_url,
                                      error=exc)) from None
                revoked = is_revoked(_encoded_list(raw, list_url, issuer, jwks, now), index)
            except (_Invalid, ValueError) as exc:
                return VerificationResult(False, "invalid", [str(exc)], credential, kid)
            status_checked = True
            if revoked:
                statuses.add("revoked")
                reasons.append(str(_l("the issuer has revoked this credential")))

    valid_from = parse_iso(credential.get("validFrom") or credential["issuanceDate"])
    until_text = credential.get("validUntil") or credential.get("expirationDate")
    if until_text and now >= parse_iso(until_text) + leeway:
        statuses.add("expired")
        reasons.append(str(_l("the credential expired on %(date)s", date=until_text)))
    if now + leeway < valid_from:
        statuses.add("not_yet_valid")
        reasons.append(str(_l("the credential is not valid before %(date)s", date=credential.get('validFrom'))))
    status = next((s for s in ("revoked", "expired", "not_yet_valid") if s in statuses), "valid")
    return VerificationResult(status == "valid", status, reasons, credential, kid, status_checked)
