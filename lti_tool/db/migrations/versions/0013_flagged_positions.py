"""flag for later: the positions of an attempt its candidate flagged to look at again before submitting

Revision ID: 0013_flagged_positions
Revises: 0012_standard_setting
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_flagged_positions"
down_revision: str | Sequence[str] | None = "0012_standard_setting"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("attempts") as batch:
        batch.add_column(sa.Column("flagged_positions", sa.JSON(), nullable=False, server_default=sa.text("'[]'")))


def downgrade() -> None:
    with op.batch_alter_table("attempts") as batch:
        batch.drop_column("flagged_positions")
