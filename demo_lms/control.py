"""Test-control API (only mounted when CONTROL_API is on)."""

from __future__ import annotations

import copy
from typing import Any

from flask import Blueprint, request
from flask.typing import ResponseReturnValue
from lti1p3platform.exceptions import LtiServiceException

from .context import issuer, json_error, store
from .lti import _is_url
from .seed import COURSE_ID, ROLE_LEARNER, plain_employee
from .services import ALL_SCOPES, parse_timestamp
from .store import generate_key_pair, now_iso

bp = Blueprint("control", __name__, url_prefix="/_control")

SIGN_MODES = ("normal", "none", "hs256-public-key", "other-key")


def _body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else {}


@bp.get("/state")
def get_state() -> ResponseReturnValue:
    """Tools, links, line items, results, received scores, token request count, faults."""
    st = store()
    with st.lock:
        return copy.deepcopy({
            "issuer": issuer(),
            "tools": list(st.tools.values()),
            "courses": {
                cid: {**{k: v for k, v in c.items() if k != "members"},
                      "member_count": len(c["members"])}
                for cid, c in st.courses.items()
            },
            "links": list(st.links.values()),
            "lineitems": list(st.lineitems.values()),
            "results": st.results,
            "scores": st.scores,
            "token_requests": st.token_requests,
            "access_tokens_issued": len(st.access_tokens),
            "faults": st.faults,
            "tamper_pending": st.tamper,
            "launches": [
                {k: v for k, v in p.items()} for p in st.pending_launches.values()
            ],
        })


@bp.post("/reset")
def reset() -> ResponseReturnValue:
    """Back to the seeded state (platform key kept)."""
    st = store()
    st.reset(keep_key=True)
    st.save()
    return {"ok": True}


@bp.post("/registration-token")
def registration_token() -> ResponseReturnValue:
    """A fresh single-use registration token plus the openid configuration URL."""
    return {
        "openid_configuration": f"{issuer()}/.well-known/openid-configuration",
        "registration_endpoint": f"{issuer()}/registration",
        "registration_token": store().new_registration_token(),
    }


@bp.post("/tools")
def add_tool() -> ResponseReturnValue:
    """Register a tool directly (skipping dynamic registration)."""
    body = _body()
    login = body.get("initiate_login_uri") or body.get("login_url")
    redirect_uris = body.get("redirect_uris") or (
        [body["launch_url"]] if body.get("launch_url") else []
    )
    target = body.get("target_link_uri") or (redirect_uris[0] if redirect_uris else None)
    missing = [
        name for name, value in (("jwks_uri", body.get("jwks_uri")),
                                 ("initiate_login_uri", login), ("target_link_uri", target))
        if not _is_url(value)
    ]
    if missing or not redirect_uris:
        return json_error(400, "invalid_request",
                          f"URLs required: {missing or ['redirect_uris']}")
    tool: dict[str, Any] = {
        "source": "control",
        "client_name": body.get("client_name", "Test tool"),
        "initiate_login_uri": login,
        "redirect_uris": list(redirect_uris),
        "jwks_uri": body["jwks_uri"],
        "target_link_uri": target,
        "deep_link_url": body.get("deep_link_url") or target,
        "domain": body.get("domain", ""),
        "scopes": [s for s in body.get("scopes", ALL_SCOPES) if s in ALL_SCOPES],
        "custom_parameters": dict(body.get("custom_parameters", {})),
        "claims": list(body.get("claims", [])),
        "messages": [],
    }
    for key in ("client_id", "deployment_id"):
        if body.get(key):
            tool[key] = str(body[key])
    st = store()
    if tool.get("client_id") in st.tools:
        return json_error(409, "conflict", "client_id already registered")
    return store().add_tool(tool), 201


@bp.post("/faults")
def faults() -> ResponseReturnValue:
    """Set faults, e.g. ``{"scores_status": 503}``; null resets."""
    st = store()
    body = _body()
    with st.lock:
        if "scores_status" in body:
            value = body["scores_status"]
            if value is not None and (not isinstance(value, int) or not 400 <= value <= 599):
                return json_error(400, "invalid_request", "scores_status: 4xx/5xx or null")
            st.faults["scores_status"] = value
        return dict(st.faults)


@bp.post("/revoke-tokens")
def revoke_tokens() -> ResponseReturnValue:
    """Revoke every access token issued so far."""
    st = store()
    with st.lock:
        for record in st.access_tokens.values():
            record["revoked"] = True
        return {"revoked": len(st.access_tokens)}


@bp.post("/tamper")
def tamper() -> ResponseReturnValue:
    """Alter the next id_token: claims merged, claims removed, header merged, signing mode."""
    body = _body()
    sign = body.get("sign", "normal")
    if sign not in SIGN_MODES:
        return json_error(400, "invalid_request", f"sign must be one of {SIGN_MODES}")
    if not isinstance(body.get("claims", {}), dict) or not isinstance(
        body.get("header", {}), dict
    ) or not isinstance(body.get("remove_claims", []), list):
        return json_error(400, "invalid_request", "claims/header objects, remove_claims list")
    instruction = {
        "claims": body.get("claims", {}),
        "remove_claims": body.get("remove_claims", []),
        "header": body.get("header", {}),
        "sign": sign,
    }
    st = store()
    with st.lock:
        st.tamper = instruction
    return {"tamper": instruction}


@bp.post("/members")
def members() -> ResponseReturnValue:
    """Add roster members: ``{"context_id", "members": [...]}`` or ``{"generate": 250}``; ``{"remove":
    ["user id", …]}`` unenrols members (they drop out of the roster, as Moodle's NRPS leaves them out)."""
    body = _body()
    context_id = body.get("context_id", COURSE_ID)
    st = store()
    with st.lock:
        course = st.courses.get(context_id)
        if course is None:
            return json_error(404, "not_found", "unknown context")
        new: list[dict[str, Any]] = list(body.get("members", []))
        start = len(course["members"])
        for i in range(int(body.get("generate", 0))):
            n = start + i + 1
            new.append({
                "user_id": f"gen-{n:05d}", "name": f"Medewerker {n:05d}",
                "given_name": "Medewerker", "family_name": f"{n:05d}",
                "email": f"medewerker{n:05d}@voorbeeldgroep.nl", "roles": [ROLE_LEARNER],
            })
        gone = {str(u) for u in body.get("remove", [])}
        course["members"] = [m for m in course["members"] if m["user_id"] not in gone]
        known = {m["user_id"] for m in course["members"]}
        for m in new:
            if not isinstance(m, dict) or not m.get("user_id"):
                return json_error(400, "invalid_request", "each member needs a user_id")
            if m["user_id"] in known:
                continue
            member = {"status": "Active", "roles": [ROLE_LEARNER], **m}
            course["members"].append(member)
            known.add(m["user_id"])
        st.save()
        return {"context_id": context_id, "member_count": len(course["members"])}


PERSONA_FIELDS = ("key", "user_id", "given_name", "family_name", "name", "email", "department",
                  "location", "business_unit", "function_group", "employee_number")


@bp.post("/personas")
def add_persona() -> ResponseReturnValue:
    """Add a persona that can be launched like the seeded ones, enrolled as a Learner of the course
    (``context_id``, default the seeded one): "Medewerker 0001" and so on, any of PERSONA_FIELDS
    given in the body overriding. Tests use it for as many distinct employees as they need."""
    body = _body()
    context_id = body.get("context_id", COURSE_ID)
    fields = {k: str(body[k]) for k in PERSONA_FIELDS if body.get(k)}
    st = store()
    with st.lock:
        if context_id not in st.courses:
            return json_error(404, "not_found", "unknown context")
        number = int(st.next_id("persona").split("-")[1])
        persona = plain_employee(number, **fields)
        if persona["key"] in st.personas or persona["user_id"] in st.users_by_id:
            return json_error(409, "conflict", "a persona with this key or user_id exists")
        st.add_persona(persona, context_id)
        return copy.deepcopy(persona), 201


@bp.post("/results")
def results() -> ResponseReturnValue:
    """Overwrite a gradebook result by hand (as a teacher would), bypassing timestamp rules."""
    body = _body()
    st = store()
    lineitem_id = str(body.get("lineitem_id", ""))
    user_id = body.get("user_id") or body.get("userId")
    with st.lock:
        item = st.lineitems.get(lineitem_id)
        if not item or not user_id:
            return json_error(400, "invalid_request", "known lineitem_id and user_id required")
        result = {
            "userId": user_id,
            "scoreGiven": body.get("scoreGiven"),
            "scoreMaximum": body.get("scoreMaximum", item["scoreMaximum"]),
            "comment": body.get("comment"),
            "activityProgress": body.get("activityProgress", "Completed"),
            "gradingProgress": body.get("gradingProgress", "FullyGraded"),
            "timestamp": body.get("timestamp") or now_iso(),
            "received_at": now_iso(),
            "source": "manual",
        }
        try:
            parse_timestamp(result["timestamp"])
        except LtiServiceException as exc:
            return json_error(400, "invalid_request", exc.message)
        st.results.setdefault(lineitem_id, {})[str(user_id)] = result
        st.save()
        return result


@bp.delete("/lineitems/<lineitem_id>")
def delete_lineitem(lineitem_id: str) -> ResponseReturnValue:
    """Delete a line item as the platform (the tool then gets 404)."""
    st = store()
    with st.lock:
        item = st.lineitems.get(lineitem_id)
        if not item:
            return json_error(404, "not_found", "unknown line item")
        item["deleted"] = True
        st.save()
        return dict(item)


@bp.post("/links")
def links() -> ResponseReturnValue:
    """Create a resource link (with an optional ``line_item``) directly."""
    body = _body()
    st = store()
    context_id = body.get("context_id", COURSE_ID)
    if context_id not in st.courses:
        return json_error(404, "not_found", "unknown context")
    client_id = body.get("client_id")
    tool = st.tools.get(client_id) if client_id else st.default_tool()
    if not tool:
        return json_error(400, "invalid_request", "no (such) tool registered")
    line_item = body.get("line_item") or body.get("lineItem")
    if line_item is not None and (
        not isinstance(line_item, dict) or not isinstance(line_item.get("scoreMaximum", 100),
                                                          (int, float))
    ):
        return json_error(400, "invalid_request", "line_item must be an object")
    link = st.add_link(
        context_id, tool["client_id"], str(body.get("title", "Exam")), body.get("url"),
        str(body.get("text", "")), dict(body.get("custom", {})), line_item,
    )
    out = dict(link)
    if link["lineitem_id"]:
        out["lineitem"] = dict(st.lineitems[link["lineitem_id"]])
        out["lineitem_url"] = f"{issuer()}/ags/{context_id}/lineitems/{link['lineitem_id']}"
    out["launch_url"] = f"{issuer()}/launch/{link['id']}"
    return out, 201


@bp.post("/rotate-key")
def rotate_key() -> ResponseReturnValue:
    """Give the platform a new signing key (its JWKS then publishes only the new one)."""
    st = store()
    with st.lock:
        st.private_key, st.public_key = generate_key_pair()
        st.save()
    return {"ok": True}
