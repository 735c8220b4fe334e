"""Published exam versions and the question versions each one contains; attempts name theirs

Revision ID: r18_exam_versions
Revises: q17_flags_extra_time
Create Date: 2026-12-05

Attempts started before this revision keep exam_version_id NULL: each already stores its own
time limit, pass and maximum score and its question versions, so nothing is lost; their result
pages read the review policy of the latest published version. `flask setup` (or publish-bank)
publishes the bank as version 1: the files are not read here, a migration knows no bank folder.
"""

import sqlalchemy as sa
from alembic import op

revision = "r18_exam_versions"
down_revision = "q17_flags_extra_time"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "exam_version",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("blocks", sa.JSON(), nullable=False),
        sa.Column("question_count", sa.Integer(), nullable=False),
        sa.Column("max_score", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("author_id", sa.Integer(), sa.ForeignKey("user_account.id"), nullable=True),
        sa.Column("note", sa.String(500), nullable=False),
        sa.Column(
            "source_version_id", sa.Integer(), sa.ForeignKey("exam_version.id"), nullable=True
        ),
        sa.UniqueConstraint("number", name="uq_exam_version_number"),
    )
    op.create_table(
        "exam_version_question",
        sa.Column(
            "exam_version_id",
            sa.Integer(),
            sa.ForeignKey("exam_version.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("position", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("block_id", sa.String(64), nullable=False),
        sa.Column(
            "question_version_id",
            sa.Integer(),
            sa.ForeignKey("question_version.id"),
            nullable=False,
        ),
    )
    op.create_index(
        "ix_exam_version_question_question_version_id",
        "exam_version_question",
        ["question_version_id"],
    )
    # Plain ALTER TABLE … ADD COLUMN, never a rebuild of `attempt` (see n14): SQLite takes the
    # REFERENCES clause in the ADD COLUMN (Alembic would refuse it), PostgreSQL a constraint.
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE attempt ADD COLUMN exam_version_id INTEGER "
            "CONSTRAINT fk_attempt_exam_version_id REFERENCES exam_version (id)"
        )
    else:
        op.add_column("attempt", sa.Column("exam_version_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            "fk_attempt_exam_version_id", "attempt", "exam_version", ["exam_version_id"], ["id"]
        )
    op.add_column(
        "attempt",
        sa.Column("is_preview", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade():
    with op.batch_alter_table("attempt", recreate="never") as batch:
        if op.get_bind().dialect.name != "sqlite":
            batch.drop_constraint("fk_attempt_exam_version_id", type_="foreignkey")
        batch.drop_column("is_preview")
        batch.drop_column("exam_version_id")
    op.drop_index("ix_exam_version_question_question_version_id", "exam_version_question")
    op.drop_table("exam_version_question")
    op.drop_table("exam_version")
