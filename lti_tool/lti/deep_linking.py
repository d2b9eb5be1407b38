"""Deep Linking 2.0: the signed response that places an exam, with its gradebook line item."""

from __future__ import annotations

import time
import uuid
from collections.abc import Mapping
from typing import Any

import jwt

from assessments.blueprints import Blueprint

from ..db.models import Platform
from .keys import SigningKey

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"


def exam_content_item(blueprint: Blueprint, launch_url: str, locale: str) -> dict[str, Any]:
    title = blueprint.title.get(locale) or blueprint.title.get("en", blueprint.key)
    return {
        "type": "ltiResourceLink",
        "title": title,
        "text": blueprint.description.get(locale, ""),
        "url": launch_url,
        "custom": {"exam": blueprint.key},
        "lineItem": {
            "scoreMaximum": blueprint.item_count,
            "label": title,
            "resourceId": blueprint.key,
            "tag": "ai-diploma",
        },
    }


def response_jwt(platform: Platform, deployment_id: str, settings: Mapping[str, Any],
                 items: list[dict[str, Any]], key: SigningKey) -> str:
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": platform.client_id,
        "aud": platform.issuer,
        "iat": now,
        "exp": now + 600,
        "nonce": str(uuid.uuid4()),
        LTI + "message_type": "LtiDeepLinkingResponse",
        LTI + "version": "1.3.0",
        LTI + "deployment_id": deployment_id,
        DL + "content_items": items,
    }
    if settings.get("data"):
        claims[DL + "data"] = settings["data"]
    return jwt.encode(claims, key.private_pem, algorithm="RS256", headers={"kid": key.kid})
