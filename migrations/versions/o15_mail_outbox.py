"""The mail outbox: messages written with the events that cause them, delivered by send-mail

Revision ID: o15_mail_outbox
Revises: n14_drop_attempt_seed
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "o15_mail_outbox"
down_revision = "n14_drop_attempt_seed"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "mail_outbox",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", sa.String(200), nullable=True),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("to_address", sa.String(254), nullable=False),
        sa.Column("subject", sa.String(300), nullable=False),
        sa.Column("text_body", sa.Text(), nullable=False),
        sa.Column("html_body", sa.Text(), nullable=False),
        sa.Column("headers", sa.JSON(), nullable=False),
        sa.Column("attachments", sa.JSON(), nullable=False),
        sa.Column("message_id", sa.String(200), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("claimed_until", sa.DateTime(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.UniqueConstraint("key", name="uq_mail_outbox_key"),
    )
    op.create_index("ix_mail_outbox_kind", "mail_outbox", ["kind"])
    op.create_index("ix_mail_outbox_status", "mail_outbox", ["status"])
    op.create_index("ix_mail_outbox_next_attempt_at", "mail_outbox", ["next_attempt_at"])
    with op.batch_alter_table("user_account") as batch:
        batch.add_column(sa.Column("locale", sa.String(8), nullable=False, server_default="ru"))


def downgrade():
    with op.batch_alter_table("user_account") as batch:
        batch.drop_column("locale")
    op.drop_table("mail_outbox")
