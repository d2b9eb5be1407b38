"""Assignment and Grade Services 2.0: line items, scores, results."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from xapi.statements import iso

from .services import (
    AGS_LINEITEM,
    AGS_RESULT_READ,
    AGS_SCORE,
    PlatformServices,
    ServiceError,
    next_link,
)

SCORE_TYPE = "application/vnd.ims.lis.v1.score+json"
LINEITEM_TYPE = "application/vnd.ims.lis.v2.lineitem+json"
LINEITEMS_TYPE = "application/vnd.ims.lis.v2.lineitemcontainer+json"
RESULTS_TYPE = "application/vnd.ims.lis.v2.resultcontainer+json"


def service_url(lineitem_url: str, suffix: str) -> str:
    """``…/lineitems/7?x=1`` → ``…/lineitems/7/scores?x=1`` (the query string stays last)."""
    parts = urlsplit(lineitem_url)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "/" + suffix))


def score(user_id: str, given: float | None, maximum: float | None, passed: bool | None,
          at: dt.datetime) -> dict[str, Any]:
    """The AGS score of a graded attempt, stamped ``at``: a platform ignores a score not newer
    than the one it holds, so a retry of the same score changes nothing."""
    return {
        "userId": user_id, "scoreGiven": given, "scoreMaximum": maximum,
        "activityProgress": "Completed", "gradingProgress": "FullyGraded",
        "timestamp": iso(at),
        "comment": "passed / geslaagd" if passed else "not passed / niet geslaagd",
    }


def post_score(services: PlatformServices, lineitem_url: str, score: dict[str, Any]) -> int:
    """Post one score; returns the platform's HTTP status."""
    response = services.request("POST", service_url(lineitem_url, "scores"), [AGS_SCORE],
                                json=score, headers={"Content-Type": SCORE_TYPE})
    return response.status_code


def results(services: PlatformServices, lineitem_url: str, user_id: str | None = None) -> list[dict[str, Any]]:
    """What the gradebook holds for a line item (all pages); ServiceError with the status otherwise."""
    url: str | None = service_url(lineitem_url, "results")
    params = {"user_id": user_id} if user_id else None
    found: list[dict[str, Any]] = []
    while url:
        response = services.request("GET", url, [AGS_RESULT_READ], params=params,
                                    headers={"Accept": RESULTS_TYPE})
        if response.status_code != 200:
            raise ServiceError(f"results answered {response.status_code}", response.status_code)
        found.extend(response.json())
        url, params = next_link(response), None
    return found


#: answers meaning "this line item is not (any more) in the gradebook"
GONE = (404, 410)


def lineitem(services: PlatformServices, lineitem_url: str) -> dict[str, Any] | None:
    """One line item, or None when the platform no longer has it (deleted in the LMS)."""
    response = services.request("GET", lineitem_url, [AGS_LINEITEM], headers={"Accept": LINEITEM_TYPE})
    if response.status_code in GONE:
        return None
    if response.status_code != 200:
        raise ServiceError(f"the line item answered {response.status_code}", response.status_code)
    return dict(response.json())


def create_lineitem(services: PlatformServices, lineitems_url: str, resource_link_id: str, label: str,
                    score_maximum: float, resource_id: str, tag: str | None = None) -> str:
    """A new line item bound to a resource link; returns its URL."""
    body: dict[str, Any] = {"scoreMaximum": score_maximum, "label": label, "resourceId": resource_id,
                            "resourceLinkId": resource_link_id}
    if tag:
        body["tag"] = tag
    response = services.request("POST", lineitems_url, [AGS_LINEITEM], json=body,
                                headers={"Content-Type": LINEITEM_TYPE})
    if response.status_code not in (200, 201):
        raise ServiceError(f"creating the line item answered {response.status_code}", response.status_code)
    return str(response.json()["id"])


def find_or_create_lineitem(services: PlatformServices, lineitems_url: str, resource_link_id: str,
                            label: str, score_maximum: float, resource_id: str) -> str:
    """The line item bound to a resource link, created when the platform has none."""
    response = services.request("GET", lineitems_url, [AGS_LINEITEM],
                                params={"resource_link_id": resource_link_id},
                                headers={"Accept": LINEITEMS_TYPE})
    if response.status_code == 200 and response.json():
        return str(response.json()[0]["id"])
    return create_lineitem(services, lineitems_url, resource_link_id, label, score_maximum, resource_id)
