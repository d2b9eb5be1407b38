"""item exposure is counted per exam over all its versions: the index on an exam's newest attempts replaces the
one on an exam version's

Revision ID: 0023_exposure_per_exam
Revises: 0022_expiry_marker
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0023_exposure_per_exam"
down_revision: str | Sequence[str] | None = "0022_expiry_marker"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_attempts_exam_started", "attempts", ["exam_key", "started_at"])
    op.drop_index("ix_attempts_blueprint_started", table_name="attempts")


def downgrade() -> None:
    op.create_index("ix_attempts_blueprint_started", "attempts", ["blueprint_version", "started_at"])
    op.drop_index("ix_attempts_exam_started", table_name="attempts")
