"""Drop attempt.seed: always 0 and never read (each item's position and option order are stored)

Revision ID: n14_drop_attempt_seed
Revises: m13_audit_ip
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "n14_drop_attempt_seed"
down_revision = "m13_audit_ip"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("attempt") as batch:
        batch.drop_column("seed")


def downgrade():
    with op.batch_alter_table("attempt") as batch:
        batch.add_column(sa.Column("seed", sa.Integer(), nullable=False, server_default="0"))
