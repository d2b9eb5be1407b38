"""Integration tests: a real Ralph LRS started by ``demo_lrs.start_lrs``."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import httpx
import pytest

from demo_lrs import LrsProcess, start_lrs

ANSWERED = "http://adlnet.gov/expapi/verbs/answered"
COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
HOME_PAGE = "https://platform.example"
XAPI_HEADERS = {"X-Experience-API-Version": "1.0.3"}


def make_statement(
    verb: str = ANSWERED, sub: str = "sub-1", item: int = 0
) -> dict[str, Any]:
    """Return a minimal valid xAPI 1.0.3 statement with an account actor."""
    return {
        "id": str(uuid.uuid4()),
        "actor": {
            "objectType": "Agent",
            "account": {"homePage": HOME_PAGE, "name": sub},
        },
        "verb": {"id": verb, "display": {"en-US": verb.rsplit("/", 1)[-1]}},
        "object": {
            "objectType": "Activity",
            "id": f"https://tool.example/items/{item}",
        },
        "timestamp": "2024-05-01T10:00:00+00:00",
    }


def ids_of(statements: list[dict[str, Any]]) -> list[str]:
    """Return the ``id`` of each statement."""
    return [s["id"] for s in statements]


@pytest.fixture()
def lrs(tmp_path: Path) -> Iterator[LrsProcess]:
    """A running LRS on a free port, storing in ``tmp_path``."""
    with start_lrs(tmp_path, username="tool", password="s3cret") as server:
        yield server


@pytest.fixture()
def client(lrs: LrsProcess) -> Iterator[httpx.Client]:
    """An httpx client with Basic auth and the xAPI version header."""
    with httpx.Client(auth=lrs.auth, headers=XAPI_HEADERS, timeout=10) as c:
        yield c


def post(client: httpx.Client, lrs: LrsProcess, batch: list[dict[str, Any]]) -> Any:
    """POST a batch, assert 200 and return the ids from the body."""
    response = client.post(lrs.statements_url, json=batch)
    assert response.status_code == 200, response.text
    return response.json()


def get_all(
    client: httpx.Client, lrs: LrsProcess, **params: Any
) -> tuple[list[dict[str, Any]], int]:
    """Follow ``more`` links from a GET; return (statements, pages fetched)."""
    response = client.get(lrs.statements_url, params=params)
    statements: list[dict[str, Any]] = []
    pages = 0
    while True:
        assert response.status_code == 200, response.text
        body = response.json()
        statements.extend(body["statements"])
        pages += 1
        more = body.get("more")
        if not more:
            return statements, pages
        assert more.startswith("/xAPI/statements?"), more  # relative link
        response = client.get(urljoin(lrs.url, more))


def test_start_lrs_basics(lrs: LrsProcess, tmp_path: Path) -> None:
    """The server picked a port, requires auth and logs into data_dir."""
    assert lrs.port > 0
    assert lrs.url == f"http://127.0.0.1:{lrs.port}/xAPI/"
    assert lrs.running
    assert httpx.get(lrs.statements_url).status_code == 401
    whoami = httpx.get(f"{lrs.base_url}/whoami", auth=lrs.auth)
    assert whoami.status_code == 200
    assert set(whoami.json()["scopes"]) == {"statements/read", "statements/write"}
    assert (tmp_path / "demo_lrs.log").stat().st_size > 0


def test_several_batches_and_paging(client: httpx.Client, lrs: LrsProcess) -> None:
    """Every POST after the first works (APPEND fix); paging returns each once."""
    sent: list[str] = []
    for batch_no in range(3):
        batch = [make_statement(item=batch_no * 10 + i) for i in range(9)]
        assert post(client, lrs, batch) == ids_of(batch)
        sent += ids_of(batch)

    statements, pages = get_all(client, lrs, limit=10)
    received = ids_of(statements)
    assert len(received) == len(set(received)) == 27
    assert set(received) == set(sent)
    assert pages == 3  # 10 + 10 + 7
    # Ralph's fs backend returns statements in insertion order.
    assert received == sent


def test_filter_by_verb_and_activity(client: httpx.Client, lrs: LrsProcess) -> None:
    """``verb`` and ``activity`` filters match (IRI comparison fix)."""
    answered = [make_statement(ANSWERED, item=i) for i in range(5)]
    completed = [make_statement(COMPLETED, item=i) for i in range(3)]
    post(client, lrs, answered + completed)

    found, _ = get_all(client, lrs, verb=ANSWERED, limit=2)
    assert sorted(ids_of(found)) == sorted(ids_of(answered))
    found, _ = get_all(client, lrs, verb=COMPLETED)
    assert sorted(ids_of(found)) == sorted(ids_of(completed))

    found, _ = get_all(client, lrs, activity="https://tool.example/items/1")
    assert sorted(ids_of(found)) == sorted([answered[1]["id"], completed[1]["id"]])


def test_filter_by_agent_account(client: httpx.Client, lrs: LrsProcess) -> None:
    """The ``agent`` filter matches an account actor exactly."""
    mine = [make_statement(sub="sub-1", item=i) for i in range(4)]
    others = [make_statement(sub="sub-2", item=i) for i in range(4)]
    post(client, lrs, [s for pair in zip(mine, others, strict=True) for s in pair])

    agent = {"account": {"homePage": HOME_PAGE, "name": "sub-1"}}
    found, _ = get_all(client, lrs, agent=json.dumps(agent), limit=3)
    assert ids_of(found) == ids_of(mine)

    found, _ = get_all(client, lrs, agent=json.dumps(agent), verb=COMPLETED)
    assert found == []


def test_statement_id_lookup(client: httpx.Client, lrs: LrsProcess) -> None:
    """``statementId`` returns the statement wrapped in ``statements``."""
    batch = [make_statement(item=i) for i in range(3)]
    post(client, lrs, batch)
    response = client.get(lrs.statements_url, params={"statementId": batch[1]["id"]})
    assert response.status_code == 200
    (stored,) = response.json()["statements"]
    assert stored["id"] == batch[1]["id"]
    assert stored["verb"] == batch[1]["verb"]
    assert "stored" in stored and "authority" in stored


def test_duplicate_ids(client: httpx.Client, lrs: LrsProcess) -> None:
    """Identical re-POST is a 204 no-op; a different statement is a 409."""
    batch = [make_statement(item=i) for i in range(3)]
    post(client, lrs, batch)

    again = client.post(lrs.statements_url, json=batch)
    assert again.status_code == 204
    assert again.content == b""

    new = make_statement(item=99)
    mixed = client.post(lrs.statements_url, json=[batch[0], new])
    assert mixed.status_code == 200
    assert mixed.json() == [new["id"]]

    changed = {**batch[1], "verb": {"id": COMPLETED}}
    conflict = client.post(lrs.statements_url, json=[changed, make_statement()])
    assert conflict.status_code == 409
    assert batch[1]["id"] in conflict.json()["detail"]

    in_batch = client.post(lrs.statements_url, json=[new, new])
    assert in_batch.status_code == 400

    stored, _ = get_all(client, lrs, limit=0)
    assert ids_of(stored) == [*ids_of(batch), new["id"]]
    assert stored[1]["verb"]["id"] == ANSWERED


def test_stop_and_restart_keeps_data(client: httpx.Client, lrs: LrsProcess) -> None:
    """Data survives a restart on the same port; writes still append."""
    before = [make_statement(item=i) for i in range(5)]
    post(client, lrs, before)
    port = lrs.port

    lrs.stop()
    assert not lrs.running
    with pytest.raises(httpx.TransportError):
        httpx.get(lrs.statements_url, auth=lrs.auth, timeout=2)

    lrs.start()
    assert lrs.running and lrs.port == port
    after = [make_statement(item=10 + i) for i in range(5)]
    post(client, lrs, after)

    stored, _ = get_all(client, lrs, limit=4)
    assert ids_of(stored) == ids_of(before) + ids_of(after)
    assert client.post(lrs.statements_url, json=before).status_code == 204


def test_context_manager_stops(tmp_path: Path) -> None:
    """Leaving the ``with`` block stops the server."""
    with start_lrs(tmp_path / "cm") as lrs:
        assert httpx.get(f"{lrs.base_url}/__heartbeat__").status_code == 200
    assert not lrs.running
    with pytest.raises(httpx.TransportError):
        httpx.get(f"{lrs.base_url}/__heartbeat__", timeout=2)
