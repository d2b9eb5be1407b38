"""AGS 2.0 and NRPS 2.0 on top of lti1p3platform's service classes."""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from lti1p3platform.exceptions import LineItemNotFoundException, LtiServiceException
from lti1p3platform.lineitem import TLineItem
from lti1p3platform.membership import Context
from lti1p3platform.request import Request
from lti1p3platform.score import (
    ActivityProgress,
    GradeProgress,
    TScore,
    UpdateScoreStatus,
)
from lti1p3platform.service_connector import (
    AssignmentsGradesService,
    NamesRoleProvisioningService,
    TPage,
)

from .platform import PlatformConfig
from .store import Store, now_iso

SCOPE_LINEITEM = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
SCOPE_LINEITEM_RO = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly"
SCOPE_RESULT_RO = "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly"
SCOPE_SCORE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
SCOPE_NRPS = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
ALL_SCOPES = [SCOPE_LINEITEM, SCOPE_LINEITEM_RO, SCOPE_RESULT_RO, SCOPE_SCORE, SCOPE_NRPS]

ACTIVITY = {p.value for p in ActivityProgress}
GRADING = {p.value for p in GradeProgress}


def _page(items: list[Any], page: int, limit: int | None) -> TPage:
    if not limit:
        return {"content": items, "has_next": False}
    start = (page - 1) * limit
    return {"content": items[start:start + limit], "has_next": start + limit < len(items)}


def parse_timestamp(value: Any) -> datetime:
    """An ISO 8601 timestamp with a time zone, or LtiServiceException(400)."""
    if not isinstance(value, str):
        raise LtiServiceException("timestamp is required (ISO 8601 string)", 400)
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise LtiServiceException(f"timestamp is not ISO 8601: {value!r}", 400) from exc
    if parsed.tzinfo is None:
        raise LtiServiceException("timestamp must carry a time zone offset", 400)
    return parsed


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


class GradeService(AssignmentsGradesService):
    """Line items, scores and results of one context, as seen by one tool."""

    def __init__(
        self,
        request: Request,
        platform_config: PlatformConfig,
        store: Store,
        issuer: str,
        context_id: str,
        client_id: str,
        required_scopes: list[str],
        lineitem_id: str | None = None,
        faults: dict[str, Any] | None = None,
    ) -> None:
        base = f"{issuer}/ags/{context_id}/lineitems"
        super().__init__(
            request, platform_config, base, f"{base}/{lineitem_id}" if lineitem_id else None
        )
        self.store = store
        self.base = base
        self.context_id = context_id
        self.client_id = client_id
        self.required_scopes = required_scopes
        self.faults = faults or {}

    @property
    def allowed_scopes(self) -> list[str]:
        """Scopes that allow the current operation."""
        return self.required_scopes

    def _item(self, line_item_id: str) -> dict[str, Any]:
        item = self.store.lineitems.get(line_item_id)
        if (
            not item
            or item["deleted"]
            or item["context_id"] != self.context_id
            or item["client_id"] != self.client_id
        ):
            raise LineItemNotFoundException(line_item_id)
        return item

    def to_json(self, item: dict[str, Any]) -> TLineItem:
        """The AGS representation of a stored line item."""
        out: dict[str, Any] = {"id": f"{self.base}/{item['id']}"}
        for key in ("label", "scoreMaximum", "resourceId", "tag", "resourceLinkId",
                    "startDateTime", "endDateTime", "gradesReleased"):
            if key in item:
                out[key] = item[key]
        return out  # type: ignore[return-value]

    def find_lineitems(
        self,
        page: int = 1,
        limit: int | None = None,
        line_item_id: str | None = None,
        resource_link_id: str | None = None,
        resource_id: str | None = None,
        tag: str | None = None,
    ) -> TPage:
        """Line items of the context owned by the tool, filtered and paged."""
        with self.store.lock:
            items = [
                self.to_json(i) for i in self.store.lineitems.values()
                if not i["deleted"] and i["context_id"] == self.context_id
                and i["client_id"] == self.client_id
                and (resource_link_id is None or i.get("resourceLinkId") == resource_link_id)
                and (resource_id is None or i.get("resourceId") == resource_id)
                and (tag is None or i.get("tag") == tag)
            ]
        return _page(items, page, limit)

    def find_lineitem(self, line_item_id: str) -> TLineItem:
        """One line item."""
        with self.store.lock:
            return self.to_json(self._item(line_item_id))

    @staticmethod
    def _check_lineitem(data: Any, partial: bool = False) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise LtiServiceException("Body must be a JSON object", 400)
        label = data.get("label")
        if (not partial or "label" in data) and (not isinstance(label, str) or not label.strip()):
            raise LtiServiceException("label is required", 400)
        maximum = data.get("scoreMaximum")
        if (not partial or "scoreMaximum" in data) and (not _number(maximum) or maximum <= 0):
            raise LtiServiceException("scoreMaximum must be a number > 0", 400)
        for key in ("startDateTime", "endDateTime"):
            if data.get(key) is not None:
                parse_timestamp(data[key])
        return data

    def create_lineitem(self, creation_data: TLineItem) -> TLineItem:
        """Create a line item for the tool."""
        data = self._check_lineitem(creation_data)
        link_id = data.get("resourceLinkId")
        if link_id is not None:
            link = self.store.links.get(str(link_id))
            if not link or link["context_id"] != self.context_id:
                raise LtiServiceException("resourceLinkId is not a link of this context", 400)
        item = self.store.add_lineitem(self.context_id, self.client_id, dict(data))
        return self.to_json(item)

    def update_lineitem(self, update_data: TLineItem) -> TLineItem:
        """Replace the mutable fields of a line item (PUT)."""
        data = self._check_lineitem(update_data)
        with self.store.lock:
            item = self._item(str(data["id"]))
            for key in ("label", "scoreMaximum", "resourceId", "tag", "startDateTime",
                        "endDateTime", "gradesReleased"):
                if key in data:
                    item[key] = data[key]  # type: ignore[literal-required]
            self.store.save()
            return self.to_json(item)

    def delete_lineitem(self, line_item_id: str) -> None:
        """Mark a line item deleted."""
        with self.store.lock:
            self._item(line_item_id)["deleted"] = True
            self.store.save()

    def validate_score(self, score: Any) -> dict[str, Any]:
        """Check a score payload against AGS 2.0; raises LtiServiceException(400)."""
        if not isinstance(score, dict):
            raise LtiServiceException("Body must be a JSON object", 400)
        user_id = score.get("userId")
        if not isinstance(user_id, str) or not user_id:
            raise LtiServiceException("userId is required (string)", 400)
        if self.store.member(self.context_id, user_id) is None:
            raise LtiServiceException("userId is not a member of this context", 400)
        if score.get("activityProgress") not in ACTIVITY:
            raise LtiServiceException(f"activityProgress must be one of {sorted(ACTIVITY)}", 400)
        if score.get("gradingProgress") not in GRADING:
            raise LtiServiceException(f"gradingProgress must be one of {sorted(GRADING)}", 400)
        parse_timestamp(score.get("timestamp"))
        given = score.get("scoreGiven")
        if given is not None:
            maximum = score.get("scoreMaximum")
            if not _number(given) or given < 0:
                raise LtiServiceException("scoreGiven must be a number >= 0", 400)
            if not _number(maximum) or maximum <= 0:
                raise LtiServiceException("scoreMaximum must be a number > 0 with scoreGiven", 400)
            if given > maximum:
                raise LtiServiceException("scoreGiven must not exceed scoreMaximum", 400)
        elif score.get("gradingProgress") == "FullyGraded":
            raise LtiServiceException("FullyGraded score without scoreGiven", 400)
        if score.get("comment") is not None and not isinstance(score["comment"], str):
            raise LtiServiceException("comment must be a string", 400)
        return score

    def update_score(self, line_item_id: str, score: TScore) -> UpdateScoreStatus:
        """Store a score unless a newer one for that user is already on record."""
        received = now_iso()
        entry: dict[str, Any] = {
            "lineitem_id": line_item_id,
            "context_id": self.context_id,
            "client_id": self.client_id,
            "payload": score,
            "received_at": received,
        }
        with self.store.lock:
            self.store.scores.append(entry)
            status = self.faults.get("scores_status")
            if status:
                entry["outcome"] = f"fault {status}"
                raise LtiServiceException("Injected fault: score service unavailable", int(status))
            try:
                self._item(line_item_id)
            except LineItemNotFoundException:
                entry["outcome"] = "rejected: line item not found"
                raise
            try:
                data = self.validate_score(score)
            except LtiServiceException as exc:
                entry["outcome"] = f"rejected: {exc.message}"
                raise
            results = self.store.results.setdefault(line_item_id, {})
            previous = results.get(data["userId"])
            if previous and parse_timestamp(previous["timestamp"]) >= parse_timestamp(
                data["timestamp"]
            ):
                entry["outcome"] = "ignored: timestamp not newer than the stored score"
                self.store.save()
                return UpdateScoreStatus.SUCCESS
            results[data["userId"]] = {**data, "received_at": received}
            entry["outcome"] = "applied"
            self.store.save()
            return UpdateScoreStatus.SUCCESS

    def result_json(self, item: dict[str, Any], user_id: str, stored: dict[str, Any]) -> Any:
        """The AGS result representation of a stored score."""
        url = f"{self.base}/{item['id']}"
        out: dict[str, Any] = {
            "id": f"{url}/results/{user_id}",
            "scoreOf": url,
            "userId": user_id,
            "timestamp": stored.get("timestamp"),
        }
        if stored.get("scoreGiven") is not None:
            out["resultScore"] = stored["scoreGiven"] / stored["scoreMaximum"] * item[
                "scoreMaximum"
            ]
            out["resultMaximum"] = item["scoreMaximum"]
        if stored.get("comment"):
            out["comment"] = stored["comment"]
        return out

    def get_results(
        self,
        line_item_id: str,
        page: int = 1,
        limit: int | None = None,
        user_id: str | None = None,
    ) -> TPage:
        """Results of one line item, optionally for one user."""
        with self.store.lock:
            item = self._item(line_item_id)
            stored = self.store.results.get(line_item_id, {})
            rows = [
                self.result_json(item, uid, s) for uid, s in stored.items()
                if user_id is None or uid == user_id
            ]
        return _page(rows, page, limit)


class RosterService(NamesRoleProvisioningService):
    """Context memberships of one course."""

    def __init__(
        self,
        request: Request,
        platform_config: PlatformConfig,
        store: Store,
        issuer: str,
        context_id: str,
    ) -> None:
        super().__init__(request, platform_config, f"{issuer}/nrps/{context_id}/memberships")
        self.store = store
        self.context_id = context_id

    def get_context_by_id(self) -> Context:
        """The context of the membership container."""
        course = self.store.courses[self.context_id]
        return Context(id=course["id"], label=course["label"], title=course["title"])

    def is_resource_link_valid(self, context_id: str, resource_link_id: str) -> bool:
        """Whether a resource link exists in the context."""
        link = self.store.links.get(resource_link_id)
        return bool(link and link["context_id"] == context_id)

    def get_member_data_page(
        self,
        page: int = 1,
        limit: int | None = None,
        role: str | None = None,
        since: str | None = None,
        rlid: str | None = None,
    ) -> TPage:
        """Members, filtered on role (full URI or short name such as ``Learner``), paged."""
        with self.store.lock:
            members = [dict(m) for m in self.store.courses[self.context_id]["members"]]
        if role:
            members = [
                m for m in members
                if any(r == role or r.endswith("#" + role) for r in m["roles"])
            ]
        return _page(members, page, limit)
