"""The tool's own RSA keys: generated on first start, stored in the database, rotated by CLI.

The newest key signs (client assertions, deep-linking responses). A rotated-out key stays in
the published JWKS for a grace period so platforms that cached it keep verifying.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.models import ToolKey, utcnow


@dataclass(frozen=True)
class SigningKey:
    kid: str
    private_pem: str


def generate_key() -> ToolKey:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    jwk: dict[str, Any] = json.loads(RSAAlgorithm.to_jwk(private.public_key()))
    kid = hashlib.sha256(json.dumps({"e": jwk["e"], "n": jwk["n"]}, sort_keys=True).encode()).hexdigest()[:32]
    jwk.update(kid=kid, alg="RS256", use="sig")
    return ToolKey(kid=kid, private_pem=pem, public_jwk=jwk)


def ensure_key(session: Session) -> ToolKey:
    """The active key, creating one on first start."""
    key = active_key(session)
    if key is None:
        key = generate_key()
        session.add(key)
        session.flush()
    return key


def active_key(session: Session) -> ToolKey | None:
    return session.scalars(
        select(ToolKey).where(ToolKey.retired_at.is_(None)).order_by(ToolKey.id.desc()).limit(1)
    ).first()


def signing_key(session: Session) -> SigningKey:
    key = ensure_key(session)
    return SigningKey(key.kid, key.private_pem)


def rotate(session: Session, now: dt.datetime | None = None) -> tuple[ToolKey, list[ToolKey]]:
    """Create a new active key; retire the previous ones (they stay published for the grace)."""
    now = now or utcnow()
    retired = list(session.scalars(select(ToolKey).where(ToolKey.retired_at.is_(None))))
    for key in retired:
        key.retired_at = now
    new = generate_key()
    session.add(new)
    session.flush()
    return new, retired


def published_jwks(session: Session, grace_days: int, now: dt.datetime | None = None) -> dict[str, Any]:
    """Active keys and keys retired less than ``grace_days`` ago."""
    now = now or utcnow()
    cutoff = now - dt.timedelta(days=grace_days)
    keys = session.scalars(
        select(ToolKey).where((ToolKey.retired_at.is_(None)) | (ToolKey.retired_at > cutoff))
        .order_by(ToolKey.id.desc())
    )
    return {"keys": [k.public_jwk for k in keys]}
