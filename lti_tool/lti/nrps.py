"""Names and Role Provisioning Services 2.0: the course roster, all pages."""

from __future__ import annotations

from typing import Any

from .services import NRPS_MEMBERSHIP, PlatformServices, ServiceError, next_link

MEMBERSHIP_TYPE = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"


def fetch_members(services: PlatformServices, memberships_url: str) -> list[dict[str, Any]]:
    """Every member of the context, following ``rel="next"`` links."""
    url: str | None = memberships_url
    members: list[dict[str, Any]] = []
    pages = 0
    while url:
        response = services.request("GET", url, [NRPS_MEMBERSHIP], headers={"Accept": MEMBERSHIP_TYPE})
        if response.status_code != 200:
            raise ServiceError(f"the roster service answered {response.status_code}", response.status_code)
        members.extend(response.json().get("members", []))
        url = next_link(response)
        pages += 1
        if pages > 10_000:
            raise ServiceError("the roster service keeps returning next pages; stopped after 10,000")
    return members
