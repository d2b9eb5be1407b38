"""grade sync control: a stop date per placed exam, and a request key per resent score

``resource_links.sync_stop_after``: grades of attempts submitted after the end of that day (UTC)
are no longer sent to the line item. ``score_outbox.request_key``: a resend asked for from the grade
sync page, unique, so a form posted twice queues the score once.

Revision ID: 0007_grade_sync
Revises: 0006_governance
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_grade_sync"
down_revision: str | Sequence[str] | None = "0006_governance"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("resource_links") as batch:
        batch.add_column(sa.Column("sync_stop_after", sa.Date(), nullable=True))
    with op.batch_alter_table("score_outbox") as batch:
        batch.add_column(sa.Column("request_key", sa.String(length=128), nullable=True))
    op.create_index("ux_score_outbox_request_key", "score_outbox", ["request_key"], unique=True)


def downgrade() -> None:
    op.drop_index("ux_score_outbox_request_key", table_name="score_outbox")
    with op.batch_alter_table("score_outbox") as batch:
        batch.drop_column("request_key")
    with op.batch_alter_table("resource_links") as batch:
        batch.drop_column("sync_stop_after")
