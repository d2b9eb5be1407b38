"""Access to the running app's state from request handlers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app, jsonify
from flask.typing import ResponseReturnValue

from .platform import PlatformConfig, ToolKeyCache
from .store import Store


@dataclass
class LmsState:
    """What a demo LMS app holds besides its Flask config."""

    store: Store
    key_cache: ToolKeyCache


def state() -> LmsState:
    """The ``LmsState`` of the current app."""
    return current_app.extensions["demo_lms"]  # type: ignore[no-any-return]


def store() -> Store:
    """The store of the current app."""
    return state().store


def issuer() -> str:
    """The platform issuer (its own base URL, without trailing slash)."""
    return str(current_app.config["ISSUER"]).rstrip("/")


def platform_config(tool: dict[str, Any] | None) -> PlatformConfig:
    """A lti1p3platform config for one tool."""
    st = state()
    return PlatformConfig(store=st.store, tool=tool, issuer=issuer(), key_cache=st.key_cache)


def json_error(status: int, error: str, description: str = "") -> ResponseReturnValue:
    """A JSON error body ``{error, error_description}`` with the given status."""
    body: dict[str, Any] = {"error": error}
    if description:
        body["error_description"] = description
    return jsonify(body), status
