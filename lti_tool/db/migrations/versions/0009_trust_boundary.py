"""trust boundary: registration invitations, the organisation's home platform, people erased and
what the LMS said about a person next to what HR set

Revision ID: 0009_trust_boundary
Revises: 0008_one_open_attempt
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_trust_boundary"
down_revision: str | Sequence[str] | None = "0008_one_open_attempt"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "platform_invitations",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("note", sa.String(500), nullable=False, server_default=""),
        sa.Column("home", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("created_by", sa.String(255), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("platform_id", sa.Integer(), sa.ForeignKey("platforms.id", ondelete="SET NULL"), nullable=True),
    )
    with op.batch_alter_table("platforms") as batch:
        batch.add_column(sa.Column("is_home", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("lms_attributes", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.drop_column("erased_at")
        batch.drop_column("lms_attributes")
    with op.batch_alter_table("platforms") as batch:
        batch.drop_column("is_home")
    op.drop_table("platform_invitations")
