"""A small xAPI 1.0.3 client: keep-alive, timeouts, batching, ``more``-link paging.

``tincan.RemoteLRS`` opens a connection per call with no timeout and names the more-link
wrongly, so statements are sent with httpx instead. The caller may pass a ``transport`` (the
tool passes its egress guard's).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from typing import Any
from urllib.parse import urljoin

import httpx

XAPI_VERSION = "1.0.3"
log = logging.getLogger(__name__)


class LrsError(Exception):
    """The LRS could not be reached or refused a request."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class LrsConflict(LrsError):
    """The LRS already holds a statement with one of the ids (HTTP 409)."""


class LrsRejected(LrsError):
    """The LRS says the statements are invalid (400/422): retrying will not help."""


class LrsClient:
    def __init__(self, endpoint: str, username: str, password: str, timeout: float = 10.0,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.endpoint = endpoint if endpoint.endswith("/") else endpoint + "/"
        self._http = httpx.Client(
            auth=(username, password) if username else None,
            headers={"X-Experience-API-Version": XAPI_VERSION},
            timeout=timeout,
            transport=transport,
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> LrsClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        try:
            response = self._http.request(method, url, **kwargs)
        except httpx.HTTPError as exc:
            raise LrsError(f"LRS unreachable: {exc.__class__.__name__}: {exc}") from exc
        if response.status_code == 409:
            raise LrsConflict("LRS already has a statement with that id", 409)
        # The LRS's own words go to the log only: error messages are shown on admin pages.
        if response.status_code in (400, 422):
            log.warning("LRS rejected statements (%s): %.500r", response.status_code, response.text)
            raise LrsRejected(f"LRS rejected the statements ({response.status_code})", response.status_code)
        if response.status_code >= 300:
            log.debug("LRS answered %s: %.300r", response.status_code, response.text)
            raise LrsError(f"LRS answered {response.status_code}", response.status_code)
        return response

    def post_json_texts(self, statements: Sequence[str]) -> list[str]:
        """Post statements already encoded as JSON (as the journal stores them): nothing decoded or encoded again."""
        response = self._request("POST", urljoin(self.endpoint, "statements"),
                                 content="[" + ",".join(statements) + "]",
                                 headers={"Content-Type": "application/json"})
        return list(response.json()) if response.content else []

    def get_statement(self, statement_id: str) -> dict[str, Any] | None:
        try:
            response = self._request("GET", urljoin(self.endpoint, "statements"),
                                     params={"statementId": statement_id})
        except LrsError as exc:
            if exc.status == 404:
                return None
            raise
        body = response.json()
        # xAPI answers the bare statement (or 404); Ralph 5 wraps it in a statement list.
        if isinstance(body, dict) and "statements" in body and "verb" not in body:
            found = body["statements"]
            return found[0] if found else None
        return body

    def iter_statements(self, params: Mapping[str, Any] | None = None) -> Iterator[dict[str, Any]]:
        """Every statement matching ``params``, following ``more`` links to the end."""
        url: str | None = urljoin(self.endpoint, "statements")
        query: Mapping[str, Any] | None = params
        while url:
            page = self._request("GET", url, params=query).json()
            yield from page.get("statements", [])
            more = page.get("more")
            url = urljoin(self.endpoint, more) if more else None
            query = None

    def about(self) -> dict[str, Any]:
        return self._request("GET", urljoin(self.endpoint, "about")).json()
