"""standard setting: modified Angoff rounds, their panel members and item ratings

Revision ID: 0012_standard_setting
Revises: 0011_attempt_exposure_index
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_standard_setting"
down_revision: str | Sequence[str] | None = "0011_attempt_exposure_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "standard_setting_rounds",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("platform_id", sa.Integer(), sa.ForeignKey("platforms.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("blueprint_key", sa.String(64), nullable=False, index=True),
        sa.Column("blueprint_version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("closes_on", sa.Date(), nullable=False),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column("opened_by", sa.String(255), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("adopted_version", sa.Integer(), nullable=True),
    )
    op.create_table(
        "standard_setting_members",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("round_id", sa.Integer(), sa.ForeignKey("standard_setting_rounds.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("people.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("invited_by", sa.String(255), nullable=False),
        sa.Column("invited_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("hofstee_min_cut", sa.Float(), nullable=True),
        sa.Column("hofstee_max_cut", sa.Float(), nullable=True),
        sa.Column("hofstee_min_fail", sa.Float(), nullable=True),
        sa.Column("hofstee_max_fail", sa.Float(), nullable=True),
        sa.UniqueConstraint("round_id", "person_id"),
    )
    op.create_table(
        "standard_setting_ratings",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("member_id", sa.Integer(), sa.ForeignKey("standard_setting_members.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("item_key", sa.String(128), nullable=False),
        sa.Column("rating", sa.Float(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.UniqueConstraint("member_id", "item_key"),
    )


def downgrade() -> None:
    op.drop_table("standard_setting_ratings")
    op.drop_table("standard_setting_members")
    op.drop_table("standard_setting_rounds")
