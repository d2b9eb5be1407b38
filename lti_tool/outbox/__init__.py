"""Delivering the outboxes: statements to the LRS, scores to the platforms' gradebooks, reminder mails.

Both are written in the transaction of the change that caused them; one engine (``engine.py``)
delivers them after it, with a sender for each (``statements.py``, ``scores.py``), from the CLI
(``flask xapi send``, ``flask grades send``, ``flask worker``), a background thread, or a separate
worker process. Several may run at once: rows are leased with ``SKIP LOCKED``.
"""

from __future__ import annotations

from .engine import Report
from .mail import send_mail
from .scores import send_scores
from .statements import send_statements

#: what a round of ``send_scores`` (or ``send_statements``) did
ScoreReport = Report

__all__ = ["Report", "ScoreReport", "send_mail", "send_scores", "send_statements"]
