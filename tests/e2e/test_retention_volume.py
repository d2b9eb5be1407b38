"""What one attempt leaves in the database, measured from a real exam on PostgreSQL (README → Retention quotes
these figures; the bounds keep them honest), and that the worker's daily purge takes it back to what must stay."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select, text, update

from lti_tool.commands.worker import _round
from lti_tool.daily_jobs import Schedule
from lti_tool.db.models import Attempt, KeyValue, ScoreOutbox, Statement, UsedNonce, utcnow
from lti_tool.outbox import send_scores, send_statements
from tests.e2e.test_privacy import setup_exam


def footprint(tool) -> dict[str, int]:
    with tool.svc.db.session() as db:
        return {
            "statements": db.scalar(select(func.count()).select_from(Statement)),
            "journal_bytes": db.scalar(text("SELECT coalesce(sum(octet_length(body::text)), 0) FROM statements")),
            "scores": db.scalar(select(func.count()).select_from(ScoreOutbox)),
            "nonces": db.scalar(select(func.count()).select_from(UsedNonce)),
            "key_values": db.scalar(select(func.count()).select_from(KeyValue)
                                    .where(~KeyValue.key.startswith("daily:"))),
        }


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_one_attempt_and_what_the_daily_purge_leaves(tool, platform, lrs, capsys) -> None:
    setup_exam(tool, platform)
    send_statements(tool.svc.db, tool.svc.settings)
    send_scores(tool.svc.db, tool.svc.settings)
    after_exam = footprint(tool)
    print(f"one attempt: {after_exam}")
    assert 20 <= after_exam["statements"] <= 60 and after_exam["journal_bytes"] <= 200_000
    assert after_exam["nonces"] >= 1 and after_exam["scores"] == 1
    long_ago = utcnow() - dt.timedelta(days=1000)
    with tool.svc.db.transaction() as db:  # three years on; nonces and sessions long expired
        db.execute(update(Attempt).values(submitted_at=long_ago))
        db.execute(update(Statement).values(sent_at=long_ago))
        db.execute(update(ScoreOutbox).values(created_at=long_ago))
        db.execute(update(UsedNonce).values(expires_at=long_ago))
        db.execute(update(KeyValue).values(expires_at=long_ago))
    _round(tool.svc, Schedule())
    kept = footprint(tool)
    print(f"after the purge: {kept}\n{capsys.readouterr().out}")
    assert kept["statements"] == 2  # earned and passed: certification is derived from them
    assert (kept["scores"], kept["nonces"], kept["key_values"]) == (0, 0, 0)
    assert kept["journal_bytes"] < after_exam["journal_bytes"] / 10
