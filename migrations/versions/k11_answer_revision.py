"""Count each attempt's saved answers, so that scoring can run before the attempt is closed

Revision ID: k11_answer_revision
Revises: j10_hot_updates
Create Date: 2026-12-02

Finalization reads and scores an attempt's answers first, then closes the attempt only if its
answer count is still the one it read. On SQLite the closing statement takes the database's
write lock until the commit, so the reading and scoring no longer hold up every other writer.
"""

import sqlalchemy as sa
from alembic import op

revision = "k11_answer_revision"
down_revision = "j10_hot_updates"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("attempt") as batch:
        batch.add_column(
            sa.Column("answer_revision", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade():
    with op.batch_alter_table("attempt") as batch:
        batch.drop_column("answer_revision")
