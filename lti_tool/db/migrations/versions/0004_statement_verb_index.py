"""statements: index on verb (certification rebuilds read only certificate verbs)

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_statements_verb", "statements", ["verb"])


def downgrade() -> None:
    op.drop_index("ix_statements_verb", table_name="statements")
