"""The client address of each audited action

Revision ID: m13_audit_ip
Revises: l12_user_sessions
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "m13_audit_ip"
down_revision = "l12_user_sessions"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("audit_entry") as batch:
        batch.add_column(sa.Column("ip", sa.String(45), nullable=False, server_default=""))


def downgrade():
    with op.batch_alter_table("audit_entry") as batch:
        batch.drop_column("ip")
