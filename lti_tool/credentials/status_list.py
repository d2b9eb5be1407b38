"""W3C Bitstring Status List v1.0 for revoking diplomas: the GZIP-compressed, base64url ``encodedList`` and
the (unsigned) ``BitstringStatusListCredential`` that publishes it."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import gzip
import zlib
from collections.abc import Iterable
from typing import Any

from .vc_format import MAX_STATUS_LIST_BYTES, STATUS_LIST_SIZE, STATUS_LIST_TYPE, VC_CONTEXT, iso, require_url


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
    require_url(list_url, "list_url")
    require_url(issuer_id, "issuer_id")
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
