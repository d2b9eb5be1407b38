"""Post journaled statements to the LRS, exactly once.

Delivery is at-least-once from the outbox (``lti_tool/outbox``: claims, retries, backoff) and made
exactly-once at the LRS by the tool's own statement ids: when the LRS answers 409 for a batch (some
ids already stored, e.g. after a lost response), each statement is looked up and only the missing
ones are posted again.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .lrs_client import LrsClient, LrsConflict, LrsError, LrsRejected

Batch = Sequence[tuple[str, str]]  #: (statement id, the statement as JSON text)


@dataclass(frozen=True)
class Delivery:
    """What became of some statements of a batch."""

    ids: list[str]
    error: str | None = None  #: None: the LRS holds them
    permanent: bool = False  #: the LRS rejected it: sending it again cannot succeed
    outage: bool = False  #: the LRS did not answer: try again once the backoff has passed
    note: str | None = None  #: the line for the sender's report, when it says more than ``error``


def post_batch(client: LrsClient, batch: Batch) -> Iterator[Delivery]:
    """Post one batch. One invalid statement must not block the others: when the LRS rejects the
    batch, its statements are sent one by one and only the bad one is rejected."""
    try:
        _post(client, batch)
    except LrsRejected:
        yield from _one_by_one(client, batch)
        return
    except LrsError as exc:
        yield Delivery([sid for sid, _ in batch], str(exc), outage=True)
        return
    yield Delivery([sid for sid, _ in batch])


def _post(client: LrsClient, batch: Batch) -> None:
    try:
        client.post_json_texts([text for _, text in batch])
    except LrsConflict:
        missing = [text for sid, text in batch if client.get_statement(sid) is None]
        if missing:
            client.post_json_texts(missing)


def _one_by_one(client: LrsClient, batch: Batch) -> Iterator[Delivery]:
    for sid, body in batch:
        try:
            _post(client, [(sid, body)])
        except LrsRejected as exc:
            yield Delivery([sid], str(exc), permanent=True, note=f"{sid}: {exc}")
        except LrsError as exc:
            yield Delivery([sid], str(exc))
        else:
            yield Delivery([sid])
