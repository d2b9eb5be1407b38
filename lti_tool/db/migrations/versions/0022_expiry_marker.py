"""the daily expiry run reads its candidates from partial indexes instead of checking every ended certificate
against the journal

Revision ID: 0022_expiry_marker
Revises: 0021_people_pairs
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022_expiry_marker"
down_revision: str | Sequence[str] | None = "0021_people_pairs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNEXPIRED = "revoked_at IS NULL AND expiry_journaled_at IS NULL"
UNEXPIRED_CUT_OFF = UNEXPIRED + " AND cut_off_at IS NOT NULL"


def upgrade() -> None:
    # NULL everywhere: the first daily run after the upgrade looks in the journal once for every ended certificate
    with op.batch_alter_table("certificates") as batch_op:
        batch_op.add_column(sa.Column("expiry_journaled_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index("ix_certificates_unexpired_until", "certificates", ["valid_until"],
                    postgresql_where=sa.text(UNEXPIRED), sqlite_where=sa.text(UNEXPIRED))
    op.create_index("ix_certificates_unexpired_cut_off", "certificates", ["cut_off_at"],
                    postgresql_where=sa.text(UNEXPIRED_CUT_OFF), sqlite_where=sa.text(UNEXPIRED_CUT_OFF))


def downgrade() -> None:
    op.drop_index("ix_certificates_unexpired_cut_off", table_name="certificates")
    op.drop_index("ix_certificates_unexpired_until", table_name="certificates")
    with op.batch_alter_table("certificates") as batch_op:
        batch_op.drop_column("expiry_journaled_at")
