"""Confirmed email addresses and the optional kinds of mail each person receives

Revision ID: p16_mail_preferences
Revises: o15_mail_outbox
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "p16_mail_preferences"
down_revision = "o15_mail_outbox"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user_account") as batch:
        batch.add_column(sa.Column("email_confirmed_at", sa.DateTime(), nullable=True))
        batch.add_column(
            sa.Column("mail_reminders", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch.add_column(
            sa.Column("mail_lead_notices", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch.add_column(
            sa.Column(
                "mail_admin_failures", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )


def downgrade():
    with op.batch_alter_table("user_account", recreate="never") as batch:
        for column in ("mail_admin_failures", "mail_lead_notices", "mail_reminders"):
            batch.drop_column(column)
        batch.drop_column("email_confirmed_at")
