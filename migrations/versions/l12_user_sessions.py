"""One row per sign-in, so that a session can be ended: logout, password reset, sign out everywhere

Revision ID: l12_user_sessions
Revises: k11_answer_revision
Create Date: 2026-12-05

Session cookies now carry the key of a user_session row instead of the account id. Cookies
issued before this revision name no row, so everybody signs in once more after the upgrade.
"""

import sqlalchemy as sa
from alembic import op

revision = "l12_user_sessions"
down_revision = "k11_answer_revision"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "user_session",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column(
            "user_id",
            sa.Integer(),
            sa.ForeignKey("user_account.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.Column("user_agent", sa.String(300), nullable=False),
        sa.Column("ip", sa.String(45), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.UniqueConstraint("key", name="uq_user_session_key"),
    )
    op.create_index("ix_user_session_user_id", "user_session", ["user_id"])


def downgrade():
    op.drop_index("ix_user_session_user_id", table_name="user_session")
    op.drop_table("user_session")
