"""In-memory, lock-protected state of the demo LMS, optionally persisted to a JSON file."""

from __future__ import annotations

import copy
import json
import os
import secrets
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from .seed import PERSONAS, seed_courses

PERSISTED = ("tools", "courses", "links", "lineitems", "results", "scores", "counters",
             "added_personas")


def now_iso() -> str:
    """Current UTC time, ISO 8601 with milliseconds."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def generate_key_pair() -> tuple[str, str]:
    """A new RSA 2048 key pair as (private PEM, public PEM)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()
    return private, public


class Store:
    """All platform state. Every access goes through ``lock``."""

    def __init__(self, data_file: str | None = None) -> None:
        self.lock = threading.RLock()
        self.data_file = Path(data_file) if data_file else None
        self.private_key, self.public_key = "", ""
        # A second key pair, never published: used by the "other-key" tamper mode.
        self.other_private_key, self.other_public_key = generate_key_pair()
        self.reset(keep_key=False)
        if self.data_file and self.data_file.exists():
            self._load()
        if not self.private_key:
            self.private_key, self.public_key = generate_key_pair()
        self.save()

    def reset(self, keep_key: bool = True) -> None:
        """Back to the seeded state (the platform key is kept when ``keep_key``)."""
        with self.lock:
            if not keep_key:
                self.private_key, self.public_key = "", ""
            self.tools: dict[str, dict[str, Any]] = {}
            self.courses: dict[str, dict[str, Any]] = seed_courses()
            self.links: dict[str, dict[str, Any]] = {}
            self.lineitems: dict[str, dict[str, Any]] = {}
            # results[lineitem_id][user_id] = stored result (last applied score)
            self.results: dict[str, dict[str, dict[str, Any]]] = {}
            # Every score payload received, with receive time and outcome.
            self.scores: list[dict[str, Any]] = []
            self.counters: dict[str, int] = {"tool": 0, "link": 0, "lineitem": 0}
            # Personas added through the control API (tests that need many distinct employees).
            self.added_personas: list[dict[str, Any]] = []
            self._index_personas()
            # Not persisted:
            self.registration_tokens: dict[str, dict[str, Any]] = {}
            self.pending_launches: dict[str, dict[str, Any]] = {}
            self.pending_deep_links: dict[str, dict[str, Any]] = {}
            self.used_nonces: dict[str, float] = {}
            self.used_assertion_jtis: dict[str, float] = {}
            self.access_tokens: dict[str, dict[str, Any]] = {}
            self.token_requests = 0
            self.faults: dict[str, Any] = {"scores_status": None}
            self.tamper: dict[str, Any] | None = None

    # -- persistence -------------------------------------------------------------------------

    def _load(self) -> None:
        assert self.data_file is not None
        data = json.loads(self.data_file.read_text(encoding="utf-8"))
        with self.lock:
            for name in PERSISTED:
                if name in data:
                    setattr(self, name, data[name])
            self.private_key = data.get("private_key", "")
            self.public_key = data.get("public_key", "")
            self._index_personas()

    def _index_personas(self) -> None:
        """``personas`` (by key) and ``users_by_id``: the seeded ones plus ``added_personas``."""
        with self.lock:
            everyone = [copy.deepcopy(p) for p in PERSONAS] + self.added_personas
            self.personas: dict[str, dict[str, Any]] = {p["key"]: p for p in everyone}
            self.users_by_id: dict[str, dict[str, Any]] = {
                p["user_id"]: p for p in self.personas.values()
            }

    def save(self) -> None:
        """Write the persistent part of the state to DATA_FILE (atomically), if configured."""
        if not self.data_file:
            return
        with self.lock:
            data: dict[str, Any] = {name: getattr(self, name) for name in PERSISTED}
            data["private_key"] = self.private_key
            data["public_key"] = self.public_key
            tmp = self.data_file.with_suffix(self.data_file.suffix + ".tmp")
            tmp.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, self.data_file)

    # -- helpers -----------------------------------------------------------------------------

    def next_id(self, kind: str) -> str:
        """A new readable id such as ``link-3``."""
        with self.lock:
            self.counters[kind] = self.counters.get(kind, 0) + 1
            return f"{kind}-{self.counters[kind]}"

    def new_registration_token(self) -> str:
        """A single-use dynamic registration token, valid for one hour."""
        token = secrets.token_urlsafe(24)
        with self.lock:
            self.registration_tokens[token] = {"created": time.time(), "used": False}
        return token

    def consume_registration_token(self, token: str) -> bool:
        """Mark a registration token used; False when unknown, used or expired."""
        with self.lock:
            info = self.registration_tokens.get(token)
            if not info or info["used"] or time.time() - info["created"] > 3600:
                return False
            info["used"] = True
            return True

    def add_tool(self, tool: dict[str, Any]) -> dict[str, Any]:
        """Store a tool registration; assigns client_id and deployment_id when missing."""
        with self.lock:
            number = self.next_id("tool").split("-")[1]
            tool.setdefault("client_id", f"demo-lms-client-{number}-{secrets.token_hex(4)}")
            tool.setdefault("deployment_id", f"deployment-{number}")
            tool.setdefault("created_at", now_iso())
            self.tools[tool["client_id"]] = tool
            self.save()
            return tool

    def default_tool(self) -> dict[str, Any] | None:
        """The most recently registered tool, if any."""
        with self.lock:
            return list(self.tools.values())[-1] if self.tools else None

    def add_persona(self, persona: dict[str, Any], context_id: str) -> dict[str, Any]:
        """Add a persona (new ``key`` and ``user_id``) and enrol it in ``context_id`` with its
        ``course_roles``."""
        with self.lock:
            self.added_personas.append(persona)
            self._index_personas()
            self.courses[context_id]["members"].append({
                "user_id": persona["user_id"],
                "roles": list(persona["course_roles"]),
                "status": "Active",
                "name": persona["name"],
                "given_name": persona["given_name"],
                "family_name": persona["family_name"],
                **({"email": persona["email"]} if "email" in persona else {}),
            })
            self.save()
            return persona

    def persona_for(self, user_id: str) -> dict[str, Any] | None:
        """The seeded persona with this LTI user id."""
        return self.users_by_id.get(user_id)

    def member(self, context_id: str, user_id: str) -> dict[str, Any] | None:
        """The roster entry of a user in a context."""
        with self.lock:
            course = self.courses.get(context_id)
            if not course:
                return None
            for m in course["members"]:
                if m["user_id"] == user_id:
                    return m
            return None

    def add_link(
        self,
        context_id: str,
        client_id: str,
        title: str,
        url: str | None,
        text: str = "",
        custom: dict[str, str] | None = None,
        line_item: dict[str, Any] | None = None,
        presentation: str | None = None,
    ) -> dict[str, Any]:
        """Create a resource link (and its gradebook line item when ``line_item`` is given)."""
        with self.lock:
            link_id = self.next_id("link")
            link: dict[str, Any] = {
                "id": link_id,
                "context_id": context_id,
                "client_id": client_id,
                "title": title,
                "text": text,
                "url": url,
                "custom": dict(custom or {}),
                "presentation": presentation,
                "lineitem_id": None,
                "created_at": now_iso(),
            }
            self.links[link_id] = link
            if line_item is not None:
                item = self.add_lineitem(
                    context_id,
                    client_id,
                    {**line_item, "resourceLinkId": link_id,
                     "label": line_item.get("label") or title},
                )
                link["lineitem_id"] = item["id"]
            self.save()
            return link

    def add_lineitem(self, context_id: str, client_id: str, data: dict[str, Any]) -> dict[str, Any]:
        """Create a line item from AGS-style fields."""
        with self.lock:
            lid = self.next_id("lineitem")
            item: dict[str, Any] = {
                "id": lid,
                "context_id": context_id,
                "client_id": client_id,
                "deleted": False,
                "label": str(data.get("label", "")),
                "scoreMaximum": data.get("scoreMaximum", 100),
                "created_at": now_iso(),
            }
            for key in ("resourceId", "tag", "resourceLinkId", "startDateTime", "endDateTime",
                        "gradesReleased"):
                if data.get(key) not in (None, ""):
                    item[key] = data[key]
            self.lineitems[lid] = item
            self.results.setdefault(lid, {})
            self.save()
            return item

    def remember_once(self, bucket: dict[str, float], value: str, ttl: float = 3600) -> bool:
        """Record a single-use value (nonce, jti); False when it was seen before."""
        with self.lock:
            now = time.time()
            for k in [k for k, exp in bucket.items() if exp < now]:
                del bucket[k]
            if value in bucket:
                return False
            bucket[value] = now + ttl
            return True
