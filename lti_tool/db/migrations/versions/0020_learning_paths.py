"""learning paths per role: the versioned catalogue of L&D's offer per (competence, level)

Revision ID: 0020_learning_paths
Revises: 0019_monitoring
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020_learning_paths"
down_revision: str | Sequence[str] | None = "0019_monitoring"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "learning_path_versions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("version", sa.Integer(), nullable=False, unique=True),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("created_by", sa.String(255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("learning_path_versions")
