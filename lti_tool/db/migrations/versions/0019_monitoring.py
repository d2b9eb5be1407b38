"""L&D answers the remarks on the rollout (and marks them handled)

Revision ID: 0019_monitoring
Revises: 0015_mail_outbox
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019_monitoring"
down_revision: str | Sequence[str] | None = "0015_mail_outbox"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("phase_remarks") as batch:
        batch.add_column(sa.Column("answer", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("answered_by", sa.String(255), nullable=False, server_default=""))
        batch.add_column(sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("handled", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("phase_remarks") as batch:
        batch.drop_column("handled")
        batch.drop_column("answered_at")
        batch.drop_column("answered_by")
        batch.drop_column("answer")
