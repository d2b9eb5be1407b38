"""attempts: at most one open attempt per person and placed exam (a partial unique index), so two
launches at the same moment (a double click) resume one attempt instead of drawing two

Revision ID: 0008_one_open_attempt
Revises: 0007_grade_sync
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_one_open_attempt"
down_revision: str | Sequence[str] | None = "0007_grade_sync"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = sa.text("status = 'in_progress'")


def upgrade() -> None:
    op.create_index("ux_attempts_open", "attempts", ["person_id", "resource_link_pk"], unique=True,
                    sqlite_where=OPEN, postgresql_where=OPEN)


def downgrade() -> None:
    op.drop_index("ux_attempts_open", table_name="attempts")
