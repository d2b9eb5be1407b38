"""rosters stay fresh: when the worker fetches a course's NRPS roster next (NULL: at its next round)

Revision ID: 0014_roster_due
Revises: 0013_flagged_positions
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_roster_due"
down_revision: str | Sequence[str] | None = "0013_flagged_positions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("contexts") as batch:
        batch.add_column(sa.Column("roster_due_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index("ix_contexts_roster_due_at", "contexts", ["roster_due_at"])


def downgrade() -> None:
    op.drop_index("ix_contexts_roster_due_at", table_name="contexts")
    with op.batch_alter_table("contexts") as batch:
        batch.drop_column("roster_due_at")
