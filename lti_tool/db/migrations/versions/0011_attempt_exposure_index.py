"""equal forms: an index on the newest attempts of an exam version (item exposure at launch)

Revision ID: 0011_attempt_exposure_index
Revises: 0010_item_calibrations
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011_attempt_exposure_index"
down_revision: str | Sequence[str] | None = "0010_item_calibrations"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_attempts_blueprint_started", "attempts", ["blueprint_version", "started_at"])


def downgrade() -> None:
    op.drop_index("ix_attempts_blueprint_started", table_name="attempts")
