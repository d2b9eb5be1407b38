"""the reports' (function group, risk class) pairs read from an index instead of a scan of everyone

Revision ID: 0021_people_pairs
Revises: 0020_learning_paths
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0021_people_pairs"
down_revision: str | Sequence[str] | None = "0020_learning_paths"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_people_pairs", "people", ["platform_id", "function_group", "risk_class"])


def downgrade() -> None:
    op.drop_index("ix_people_pairs", table_name="people")
