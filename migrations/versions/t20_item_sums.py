"""Sufficient statistics of item analysis per question version and day

Revision ID: t20_item_sums
Revises: s19_activity_rollups
Create Date: 2026-12-05

Attempts finished before this migration are counted by
`flask --app quiz_app rebuild-statistics` (the day is a local day of DISPLAY_TIMEZONE, an app
setting the migration does not read).
"""

import sqlalchemy as sa
from alembic import op

revision = "t20_item_sums"
down_revision = "s19_activity_rollups"
branch_labels = None
depends_on = None


def _version_and_day():
    return [
        sa.Column(
            "question_version_id",
            sa.Integer(),
            sa.ForeignKey("question_version.id"),
            nullable=False,
        ),
        sa.Column("day", sa.Date(), nullable=False),
    ]


def upgrade():
    op.create_table(
        "item_sums",
        *_version_and_day(),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("answered", sa.Integer(), nullable=False),
        *(
            sa.Column(name, sa.Float(), nullable=False)
            for name in ("sum_x", "sum_xx", "sum_t", "sum_tt", "sum_xt")
        ),
        sa.Column("min_block", sa.Integer(), nullable=False),
        sa.Column("last_attempt_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("question_version_id", "day"),
    )
    op.create_table(
        "item_option_count",
        *_version_and_day(),
        sa.Column("chosen", sa.String(8), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("question_version_id", "day", "chosen"),
    )
    op.create_table(
        "exam_sums",
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("sum_t", sa.Float(), nullable=False),
        sa.Column("sum_tt", sa.Float(), nullable=False),
    )


def downgrade():
    op.drop_table("exam_sums")
    op.drop_table("item_option_count")
    op.drop_table("item_sums")
