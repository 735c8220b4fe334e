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
    # A native ALTER TABLE … DROP COLUMN (SQLite 3.35+): rebuilding the table, batch mode's
    # default, would drop and re-create `attempt` under the foreign keys of its items and
    # certificates, which fails (or cascades) on a database that has attempts.
    with op.batch_alter_table("attempt", recreate="never") as batch:
        batch.drop_column("seed")


def downgrade():
    with op.batch_alter_table("attempt") as batch:
        batch.add_column(sa.Column("seed", sa.Integer(), nullable=False, server_default="0"))
