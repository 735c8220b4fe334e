"""Questions flagged for review, and extra time granted to a candidate

Revision ID: q17_flags_extra_time
Revises: p16_mail_preferences
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "q17_flags_extra_time"
down_revision = "p16_mail_preferences"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("attempt_item") as batch:
        batch.add_column(
            sa.Column("flagged", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_table(
        "time_allowance",
        sa.Column(
            "user_id",
            sa.Integer(),
            sa.ForeignKey("user_account.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("extra_percent", sa.Integer(), nullable=False),
        sa.Column("extra_minutes", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(500), nullable=False),
        sa.Column("granted_by_id", sa.Integer(), sa.ForeignKey("user_account.id"), nullable=True),
        sa.Column("granted_at", sa.DateTime(), nullable=False),
    )


def downgrade():
    op.drop_table("time_allowance")
    with op.batch_alter_table("attempt_item", recreate="never") as batch:
        batch.drop_column("flagged")
