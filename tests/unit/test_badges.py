"""Open Badges 3.0 diplomas: VC-JWT round trip, tampering, keys, validity period, Bitstring Status List."""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import json
import uuid

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from lti_tool.credentials.badges import (
    CONTEXT,
    STATUS_LIST_SIZE,
    achievement_document,
    achievement_url,
    build_credential,
    build_status_list,
    decode_status_list,
    is_revoked,
    public_jwk,
    sign_credential,
    status_list_credential,
    verify_credential,
)

ISSUER = "https://diploma.example.com/tool"
KID = "https://diploma.example.com/tool/.well-known/jwks.json#key-1"
LIST_URL = "https://diploma.example.com/tool/status/1"
ISSUED = dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.UTC)
EXPIRES = dt.datetime(2028, 11, 29, 10, 0, tzinfo=dt.UTC)
NOW = dt.datetime(2027, 3, 1, 12, 0, tzinfo=dt.UTC)


def _pem(key) -> str:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


@pytest.fixture(scope="module")
def key_pem() -> str:
    return _pem(rsa.generate_private_key(public_exponent=65537, key_size=2048))


@pytest.fixture(scope="module")
def other_pem() -> str:
    return _pem(rsa.generate_private_key(public_exponent=65537, key_size=2048))


@pytest.fixture(scope="module")
def jwks(key_pem) -> dict:
    return {"keys": [public_jwk(key_pem, KID)]}


def _credential(**overrides) -> dict:
    values = dict(
        credential_id=f"urn:uuid:{uuid.uuid4()}",
        issuer_id=ISSUER,
        issuer_name={"nl": "Voorbeeld BV", "en": "Example Ltd"},
        subject_id="urn:aidiploma:3f2a9c:user-42",
        subject_name="Anouk de Vries",
        achievement_id="https://diploma.example.com/tool/achievements/basic",
        achievement_name={"nl": "AI-diploma basis", "en": "AI diploma basic"},
        achievement_description={"nl": "Veilig AI gebruiken voor standaardtaken.",
                                 "en": "Safe use of AI for standard tasks."},
        criteria_narrative={"nl": "De basistoets gehaald.", "en": "Passed the basic assessment."},
        level="basic",
        valid_from=ISSUED,
        valid_until=EXPIRES,
        status_list_url=LIST_URL,
        status_index=42,
        evidence_url="https://diploma.example.com/tool/evidence/abc",
    )
    values.update(overrides)
    return build_credential(**values)


def _lookup(revoked: set[int], key_pem: str | None = None):
    listed = status_list_credential(LIST_URL, ISSUER, revoked, ISSUED)

    def lookup(url: str) -> bytes:
        assert url == LIST_URL
        if key_pem:
            return sign_credential(listed, key_pem, KID).encode()
        return json.dumps(listed).encode()

    return lookup


def _segments(token: str) -> list[dict]:
    return [json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))) for part in token.split(".")[:2]]


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


# --- the credential ------------------------------------------------------------------------------------------


def test_credential_has_every_required_ob3_field():
    credential = _credential()
    assert credential["@context"] == CONTEXT == [
        "https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["id"].startswith("urn:uuid:")
    assert credential["issuer"] == {"id": ISSUER, "type": ["Profile"], "name": "Example Ltd"}
    assert credential["validFrom"] == "2026-11-29T10:00:00Z"
    assert credential["validUntil"] == "2028-11-29T10:00:00Z"
    assert credential["name"] == "AI diploma basic"
    subject = credential["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert subject["id"] == "urn:aidiploma:3f2a9c:user-42"
    assert subject["identifier"] == [{"type": "IdentityObject", "identityType": "name", "hashed": False,
                                      "identityHash": "Anouk de Vries"}]
    achievement = subject["achievement"]
    assert achievement["id"] == "https://diploma.example.com/tool/achievements/basic"
    assert achievement["type"] == ["Achievement"]
    assert achievement["name"] == "AI diploma basic"
    assert achievement["description"] == "Safe use of AI for standard tasks."
    assert achievement["criteria"] == {"narrative": "Passed the basic assessment."}
    assert achievement["achievementType"] == "Certificate"
    assert achievement["inLanguage"] == "en"
    assert achievement["related"] == [{"id": "https://diploma.example.com/tool/achievements/basic?lang=nl",
                                       "type": ["Related"], "inLanguage": "nl"}]
    assert credential["credentialStatus"] == {
        "id": f"{LIST_URL}#42", "type": "BitstringStatusListEntry", "statusPurpose": "revocation",
        "statusListIndex": "42", "statusListCredential": LIST_URL}
    assert credential["evidence"] == [{"id": "https://diploma.example.com/tool/evidence/abc", "type": ["Evidence"]}]
    assert "@" not in json.dumps(credential["credentialSubject"])


def test_dutch_credential_and_the_served_achievement():
    credential = _credential(language="nl", subject_name=None, evidence_url=None)
    achievement = credential["credentialSubject"]["achievement"]
    assert credential["name"] == achievement["name"] == "AI-diploma basis"
    assert credential["issuer"]["name"] == "Voorbeeld BV"
    assert achievement["inLanguage"] == "nl"
    assert achievement["related"][0]["inLanguage"] == "en"
    assert "identifier" not in credential["credentialSubject"]
    assert "evidence" not in credential
    served = achievement_document(
        achievement_id="https://x.example/a/basic", achievement_name={"nl": "n", "en": "e"},
        achievement_description={"nl": "d", "en": "d"}, criteria_narrative={"nl": "c", "en": "c"},
        level="basic", language="nl", self_id=False)
    assert served["id"] == "https://x.example/a/basic?lang=nl"
    assert achievement_url("https://x.example/a?v=2#frag", "en") == "https://x.example/a?v=2&lang=en#frag"


@pytest.mark.parametrize("overrides", [
    {"subject_id": "anouk@example.com"},
    {"subject_id": "mailto:anouk@example.com"},
    {"credential_id": "12345"},
    {"issuer_id": "not a url"},
    {"achievement_name": {"nl": "", "en": "x"}},
    {"valid_until": ISSUED},
    {"valid_from": dt.datetime(2026, 11, 29, 10, 0)},  # naive
    {"status_index": -1},
])
def test_build_refuses_bad_input(overrides):
    with pytest.raises(ValueError):
        _credential(**overrides)


# --- sign and verify ----------------------------------------------------------------------------------------


def test_round_trip(key_pem, jwks):
    credential = _credential()
    token = sign_credential(credential, key_pem, KID)
    header, payload = _segments(token)
    assert header == {"alg": "RS256", "kid": KID, "typ": "JWT"}
    assert payload["iss"] == ISSUER
    assert payload["jti"] == credential["id"]
    assert payload["sub"] == credential["credentialSubject"]["id"]
    assert payload["nbf"] == int(ISSUED.timestamp())
    assert payload["exp"] == int(EXPIRES.timestamp())
    assert {k: v for k, v in payload.items() if k not in ("iss", "jti", "sub", "nbf", "exp")} == credential

    result = verify_credential(token, jwks, _lookup({1, 2, 3}, key_pem), NOW)
    assert result.ok, result.reasons
    assert result.status == "valid"
    assert result.reasons == []
    assert result.credential == credential
    assert result.kid == KID
    assert result.status_checked


def test_legacy_vc_claim_is_accepted(key_pem, jwks):
    credential = _credential()
    private = serialization.load_pem_private_key(key_pem.encode(), None)
    token = jwt.encode({"iss": ISSUER, "jti": credential["id"], "sub": credential["credentialSubject"]["id"],
                        "nbf": int(ISSUED.timestamp()), "exp": int(EXPIRES.timestamp()), "vc": credential},
                       private, algorithm="RS256", headers={"kid": KID})
    result = verify_credential(token, jwks, None, NOW)
    assert result.ok and result.credential == credential
    assert not result.status_checked


def test_tampered_payload_fails(key_pem, jwks):
    token = sign_credential(_credential(), key_pem, KID)
    header, _payload = token.split(".")[:2]
    claims = _segments(token)[1]
    claims["validUntil"] = "2099-01-01T00:00:00Z"
    claims["exp"] = 4070908800
    forged = ".".join([header, _b64(claims), token.split(".")[2]])
    result = verify_credential(forged, jwks, None, NOW)
    assert not result.ok
    assert result.status == "invalid"
    assert result.credential is None
    assert "signature does not match" in result.reasons[0]


def test_signed_by_another_key_fails(other_pem, jwks):
    token = sign_credential(_credential(), other_pem, KID)
    result = verify_credential(token, jwks, None, NOW)
    assert result.status == "invalid" and "signature does not match" in result.reasons[0]


def test_wrong_kid_fails(key_pem, jwks):
    token = sign_credential(_credential(), key_pem, "https://evil.example/keys#1")
    result = verify_credential(token, jwks, None, NOW)
    assert result.status == "invalid"
    assert "not one of the issuer's keys" in result.reasons[0]


def test_alg_none_fails(key_pem, jwks):
    token = sign_credential(_credential(), key_pem, KID)
    payload = token.split(".")[1]
    for header in ({"alg": "none", "kid": KID, "typ": "JWT"}, {"alg": "None", "kid": KID}):
        unsigned = f"{_b64(header)}.{payload}."
        result = verify_credential(unsigned, jwks, None, NOW)
        assert result.status == "invalid"
        assert "not accepted" in result.reasons[0]


def test_hs256_with_public_key_as_secret_fails(key_pem, jwks):
    """Algorithm confusion: an HMAC 'signature' keyed with the public key must not pass."""
    token = sign_credential(_credential(), key_pem, KID)
    header = _b64({"alg": "HS256", "kid": KID, "typ": "JWT"})
    result = verify_credential(f"{header}.{token.split('.')[1]}.AAAA", jwks, None, NOW)
    assert result.status == "invalid" and "HS256" in result.reasons[0]


def test_other_algorithms_and_headers_fail(jwks):
    ec_key = ec.generate_private_key(ec.SECP256R1())
    credential = _credential()
    claims = {**credential, "iss": ISSUER, "jti": credential["id"], "nbf": int(ISSUED.timestamp())}
    es256 = jwt.encode(claims, ec_key, algorithm="ES256", headers={"kid": KID})
    assert "ES256" in verify_credential(es256, jwks, None, NOW).reasons[0]
    assert verify_credential("not-a-token", jwks, None, NOW).status == "invalid"


def test_embedded_jwk_header_is_not_trusted(key_pem, jwks):
    private = serialization.load_pem_private_key(key_pem.encode(), None)
    credential = _credential()
    claims = {**credential, "iss": ISSUER, "jti": credential["id"], "sub": credential["credentialSubject"]["id"],
              "nbf": int(ISSUED.timestamp()), "exp": int(EXPIRES.timestamp())}
    token = jwt.encode(claims, private, algorithm="RS256", headers={"jwk": public_jwk(key_pem, "x")})
    assert "no kid" in verify_credential(token, jwks, None, NOW).reasons[0]


def test_claims_must_match_the_credential(key_pem, jwks):
    private = serialization.load_pem_private_key(key_pem.encode(), None)
    credential = _credential()
    claims = {**credential, "iss": "https://other.example", "jti": credential["id"],
              "sub": credential["credentialSubject"]["id"], "nbf": int(ISSUED.timestamp()),
              "exp": int(EXPIRES.timestamp())}
    token = jwt.encode(claims, private, algorithm="RS256", headers={"kid": KID})
    result = verify_credential(token, jwks, None, NOW)
    assert result.status == "invalid" and "iss claim" in result.reasons[0]
    claims.update(iss=ISSUER, exp=int(EXPIRES.timestamp()) + 3600)
    token = jwt.encode(claims, private, algorithm="RS256", headers={"kid": KID})
    assert "exp claim" in verify_credential(token, jwks, None, NOW).reasons[0]


def test_expired(key_pem, jwks):
    token = sign_credential(_credential(), key_pem, KID)
    result = verify_credential(token, jwks, None, EXPIRES + dt.timedelta(seconds=1))
    assert not result.ok
    assert result.status == "expired"
    assert result.credential is not None
    assert verify_credential(token, jwks, None, EXPIRES).status == "expired"
    assert verify_credential(token, jwks, None, EXPIRES - dt.timedelta(seconds=1)).status == "valid"


def test_not_yet_valid(key_pem, jwks):
    token = sign_credential(_credential(), key_pem, KID)
    result = verify_credential(token, jwks, None, ISSUED - dt.timedelta(days=1))
    assert not result.ok and result.status == "not_yet_valid"
    assert verify_credential(token, jwks, None, ISSUED).status == "valid"


def test_revoked_via_status_list(key_pem, jwks):
    token = sign_credential(_credential(status_index=42), key_pem, KID)
    for lookup in (_lookup({7, 42}, key_pem), _lookup({7, 42})):  # signed list and trusted JSON
        result = verify_credential(token, jwks, lookup, NOW)
        assert not result.ok
        assert result.status == "revoked"
        assert result.status_checked
    other = sign_credential(_credential(status_index=43), key_pem, KID)
    assert verify_credential(other, jwks, _lookup({7, 42}, key_pem), NOW).status == "valid"
    # revoked wins over expired
    late = EXPIRES + dt.timedelta(days=1)
    assert verify_credential(token, jwks, _lookup({42}), late).status == "revoked"


def test_status_list_problems_make_the_result_invalid(key_pem, other_pem, jwks):
    token = sign_credential(_credential(), key_pem, KID)

    def broken(url: str) -> bytes:
        raise OSError("connection refused")

    result = verify_credential(token, jwks, broken, NOW)
    assert result.status == "invalid" and "cannot be retrieved" in result.reasons[0]

    forged_list = status_list_credential(LIST_URL, ISSUER, set(), ISSUED)
    forged = sign_credential(forged_list, other_pem, KID)  # a list not signed by the issuer
    result = verify_credential(token, jwks, lambda url: forged.encode(), NOW)
    assert result.status == "invalid" and "signature" in result.reasons[0]

    foreign = status_list_credential(LIST_URL, "https://other.example", set(), ISSUED)
    result = verify_credential(token, jwks, lambda url: json.dumps(foreign).encode(), NOW)
    assert result.status == "invalid" and "issuer" in result.reasons[0]


# --- the bitstring ------------------------------------------------------------------------------------------


def test_status_list_encoding_matches_a_hand_computed_example():
    # indexes 0 and 7 are the first and last bit of byte 0 (0b1000_0001 = 0x81);
    # index 9 is the second bit of byte 1 (0b0100_0000 = 0x40)
    encoded = build_status_list({0, 7, 9}, size=16)
    assert encoded.startswith("u")
    assert "=" not in encoded
    assert decode_status_list(encoded) == b"\x81\x40"
    raw = base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4))
    assert gzip.decompress(raw) == bytes([0b1000_0001, 0b0100_0000])
    assert encoded == "u" + base64.urlsafe_b64encode(gzip.compress(b"\x81\x40", 9, mtime=0)).rstrip(b"=").decode()
    assert [i for i in range(16) if is_revoked(encoded, i)] == [0, 7, 9]
    assert is_revoked(encoded[1:], 9)  # without the multibase prefix too
    with pytest.raises(ValueError):
        is_revoked(encoded, 16)
    with pytest.raises(ValueError):
        build_status_list({16}, size=16)


def test_full_size_list_and_credential():
    encoded = build_status_list({0, 131_071})
    assert len(decode_status_list(encoded)) == STATUS_LIST_SIZE // 8
    assert is_revoked(encoded, 131_071) and not is_revoked(encoded, 131_070)
    listed = status_list_credential(LIST_URL, ISSUER, [5], ISSUED)
    assert listed["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert listed["credentialSubject"]["type"] == "BitstringStatusList"
    assert listed["credentialSubject"]["statusPurpose"] == "revocation"
    assert is_revoked(listed["credentialSubject"]["encodedList"], 5)
    with pytest.raises(ValueError):
        status_list_credential(LIST_URL, ISSUER, [], ISSUED, size=16)


def test_gzip_bomb_is_refused():
    bomb = "u" + base64.urlsafe_b64encode(gzip.compress(bytes(64 * 1024 * 1024), mtime=0)).rstrip(b"=").decode()
    with pytest.raises(ValueError, match="more than"):
        decode_status_list(bomb)
