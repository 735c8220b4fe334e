"""Client activity kept per account and local day, and each account's last activity

Revision ID: s19_activity_rollups
Revises: r18_exam_versions
Create Date: 2026-12-05

The column is filled here. The day rows of events already stored need the app's display
zone: run `flask --app quiz_app rebuild-rollups` once after upgrading (it is also the command
for after a restore or a change of DISPLAY_TIMEZONE).
"""

import sqlalchemy as sa
from alembic import op

revision = "s19_activity_rollups"
down_revision = "r18_exam_versions"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("client_account") as batch:
        batch.add_column(sa.Column("last_activity_at", sa.DateTime(), nullable=True))
    op.create_table(
        "client_account_day",
        sa.Column(
            "account_id",
            sa.Integer(),
            sa.ForeignKey("client_account.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("dim", sa.String(8), nullable=False),
        sa.Column("value", sa.String(200), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("seconds", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("account_id", "day", "kind", "dim", "value"),
    )
    op.execute(
        "UPDATE client_account SET last_activity_at = (SELECT max(e.occurred_at)"
        " FROM client_account_event e WHERE e.account_id = client_account.id)"
    )


def downgrade():
    op.drop_table("client_account_day")
    with op.batch_alter_table("client_account", recreate="never") as batch:
        batch.drop_column("last_activity_at")
