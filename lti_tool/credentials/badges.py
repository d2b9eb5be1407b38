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

import datetime as dt
import re
import uuid
from collections.abc import Mapping
from typing import Any

from .status_list import build_status_list, decode_status_list, is_revoked, status_list_credential
from .vc_format import (
    CONTEXT,
    CREDENTIAL_TYPE,
    LANGUAGES,
    STATUS_LIST_SIZE,
    iso,
    require_url,
    utc,
)
from .vc_jwt import VerificationResult, public_jwk, sign_credential, verify_credential


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


def _check_credential_inputs(
    *,
    credential_id: str,
    issuer_id: str,
    subject_id: str,
    achievement_id: str,
    texts: Mapping[str, Mapping[str, str]],
    valid_from: dt.datetime,
    valid_until: dt.datetime,
    status_list_url: str,
    status_index: int,
    evidence_url: str | None,
) -> None:
    """ValueError for the first input a diploma cannot be issued with: ids, URLs, a subject id that could be an
    e-mail address, a missing language in ``texts``, the status index, the validity period."""
    if not credential_id.startswith("urn:uuid:"):
        raise ValueError("credential_id must be a urn:uuid: URN")
    uuid.UUID(credential_id.removeprefix("urn:uuid:"))  # raises ValueError when malformed
    require_url(issuer_id, "issuer_id")
    require_url(achievement_id, "achievement_id")
    require_url(status_list_url, "status_list_url")
    if evidence_url is not None:
        require_url(evidence_url, "evidence_url")
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$", subject_id) or "@" in subject_id \
            or subject_id.lower().startswith("mailto:"):
        raise ValueError("subject_id must be a pseudonymous URI such as urn:aidiploma:<issuer-hash>:<subject>, "
                         "never an e-mail address")
    for what, value in texts.items():
        _require_languages(value, what)
    if not isinstance(status_index, int) or isinstance(status_index, bool) or status_index < 0:
        raise ValueError("status_index must be a non-negative integer")
    if utc(valid_until) <= utc(valid_from):
        raise ValueError("valid_until must be after valid_from")


def _achievement_subject(subject_id: str, subject_name: str | None, achievement: Mapping[str, Any]
                         ) -> dict[str, Any]:
    """The ``AchievementSubject``: the pseudonymous id, the achievement and, when given, the display name."""
    subject: dict[str, Any] = {"id": subject_id, "type": ["AchievementSubject"], "achievement": achievement}
    if subject_name:
        subject["identifier"] = [{"type": "IdentityObject", "identityType": "name", "hashed": False,
                                  "identityHash": subject_name}]
    return subject


def _revocation_status_entry(status_list_url: str, status_index: int) -> dict[str, Any]:
    return {
        "id": f"{status_list_url}#{status_index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(status_index),
        "statusListCredential": status_list_url,
    }


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
    credential_name: str | None = None,
    credential_description: str | None = None,
) -> dict[str, Any]:
    """An unsigned ``OpenBadgeCredential`` for one diploma, in ``language`` (see the module notes). Its ``name``
    and ``description`` are the achievement's unless ``credential_name`` / ``credential_description`` are given
    (e.g. to say that this diploma was revoked or cut short)."""
    _check_credential_inputs(
        credential_id=credential_id, issuer_id=issuer_id, subject_id=subject_id, achievement_id=achievement_id,
        texts={"achievement_name": achievement_name, "achievement_description": achievement_description,
               "criteria_narrative": criteria_narrative},
        valid_from=valid_from, valid_until=valid_until, status_list_url=status_list_url, status_index=status_index,
        evidence_url=evidence_url)
    achievement = achievement_document(
        achievement_id=achievement_id, achievement_name=achievement_name,
        achievement_description=achievement_description, criteria_narrative=criteria_narrative, level=level,
        language=language)
    credential: dict[str, Any] = {
        "@context": list(CONTEXT),
        "id": credential_id,
        "type": list(CREDENTIAL_TYPE),
        "issuer": {"id": issuer_id, "type": ["Profile"], "name": _localized(issuer_name, language, "issuer_name")},
        "validFrom": iso(valid_from),
        "validUntil": iso(valid_until),
        "awardedDate": iso(valid_from),
        "name": credential_name or achievement["name"],
        "description": credential_description or achievement["description"],
        "credentialSubject": _achievement_subject(subject_id, subject_name, achievement),
        "credentialStatus": _revocation_status_entry(status_list_url, status_index),
    }
    if evidence_url:
        credential["evidence"] = [{"id": evidence_url, "type": ["Evidence"]}]
    return credential


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
