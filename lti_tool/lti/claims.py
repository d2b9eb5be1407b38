"""Reading an LTI 1.3 launch's claims into one plain object (null-object style: absent claims
become ``None`` or empty, so views do not test for missing keys)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
DL = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"

#: custom parameters the tool reads; README.md lists the LMS substitution variables for each
PERSON_CUSTOM = ("department", "location", "business_unit", "function_group", "employee_number")


@dataclass(frozen=True)
class Launch:
    issuer: str
    subject: str
    message_type: str
    deployment_id: str
    roles: list[str]
    name: str | None = None
    email: str | None = None
    locale: str | None = None
    context_id: str | None = None
    context_label: str | None = None
    context_title: str | None = None
    resource_link_id: str | None = None
    resource_link_title: str | None = None
    custom: Mapping[str, str] = field(default_factory=dict)
    lineitem_url: str | None = None
    lineitems_url: str | None = None
    ags_scopes: list[str] = field(default_factory=list)
    memberships_url: str | None = None
    deep_linking: Mapping[str, Any] | None = None

    @property
    def person_attributes(self) -> dict[str, str | None]:
        return {key: _clean(self.custom.get(key)) for key in PERSON_CUSTOM}

    @property
    def exam_key(self) -> str | None:
        return _clean(self.custom.get("exam"))


def _clean(value: object) -> str | None:
    """Custom values as strings; unsubstituted variables (``$User.x``) count as absent."""
    if value is None:
        return None
    text = str(value).strip()
    return None if not text or text.startswith("$") else text[:255]


def parse_launch(claims: Mapping[str, Any]) -> Launch:
    context = claims.get(LTI + "context") or {}
    link = claims.get(LTI + "resource_link") or {}
    ags = claims.get(AGS) or {}
    nrps = claims.get(NRPS) or {}
    presentation = claims.get(LTI + "launch_presentation") or {}
    custom = claims.get(LTI + "custom") or {}
    name = claims.get("name") or " ".join(
        p for p in (claims.get("given_name"), claims.get("family_name")) if p) or None
    return Launch(
        issuer=claims["iss"],
        subject=str(claims["sub"]),
        message_type=claims.get(LTI + "message_type", ""),
        deployment_id=claims.get(LTI + "deployment_id", ""),
        roles=list(claims.get(LTI + "roles") or []),
        name=name,
        email=claims.get("email") or None,
        locale=presentation.get("locale") or claims.get("locale"),
        context_id=context.get("id"),
        context_label=context.get("label"),
        context_title=context.get("title"),
        resource_link_id=link.get("id"),
        resource_link_title=link.get("title"),
        custom={str(k): v for k, v in custom.items()} if isinstance(custom, dict) else {},
        lineitem_url=ags.get("lineitem"),
        lineitems_url=ags.get("lineitems"),
        ags_scopes=list(ags.get("scope") or []),
        memberships_url=nrps.get("context_memberships_url"),
        deep_linking=claims.get(DL),
    )
