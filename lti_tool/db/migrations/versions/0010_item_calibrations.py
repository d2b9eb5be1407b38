"""exam quality: IRT calibration runs of the bank and each item's parameters in them

Revision ID: 0010_item_calibrations
Revises: 0009_trust_boundary
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_item_calibrations"
down_revision: str | Sequence[str] | None = "0009_trust_boundary"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "calibration_runs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("level", sa.String(32), nullable=False, index=True),
        sa.Column("model", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("items", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(255), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "item_calibrations",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("run_id", sa.Integer(), sa.ForeignKey("calibration_runs.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("item_key", sa.String(128), nullable=False, index=True),
        sa.Column("difficulty", sa.Float(), nullable=False),
        sa.Column("discrimination", sa.Float(), nullable=False, server_default="1"),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("infit", sa.Float(), nullable=True),
        sa.Column("outfit", sa.Float(), nullable=True),
        sa.UniqueConstraint("run_id", "item_key"),
    )


def downgrade() -> None:
    op.drop_table("item_calibrations")
    op.drop_table("calibration_runs")
