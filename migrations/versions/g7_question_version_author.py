"""Question bank editor: version authors, the revision log and the bank write lock

Revision ID: g7_question_version_author
Revises: f6_client_accounts
Create Date: 2026-11-24

"""

import sqlalchemy as sa
from alembic import op

revision = "g7_question_version_author"
down_revision = "f6_client_accounts"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("question_version", schema=None) as batch_op:
        batch_op.add_column(sa.Column("author_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("note", sa.String(length=500), nullable=True))
        batch_op.create_foreign_key(
            "fk_question_version_author_id_user_account", "user_account", ["author_id"], ["id"]
        )

    op.create_table(
        "question_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=64), nullable=False),
        sa.Column("block_id", sa.String(length=64), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("previous_version_id", sa.Integer(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(["version_id"], ["question_version.id"]),
        sa.ForeignKeyConstraint(["previous_version_id"], ["question_version.id"]),
        sa.ForeignKeyConstraint(["author_id"], ["user_account.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("question_revision", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_question_revision_question_id"), ["question_id"], unique=False
        )

    op.create_table(
        "bank_write_lock",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("writes", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade():
    op.drop_table("bank_write_lock")
    with op.batch_alter_table("question_revision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_question_revision_question_id"))
    op.drop_table("question_revision")
    with op.batch_alter_table("question_version", schema=None) as batch_op:
        batch_op.drop_constraint("fk_question_version_author_id_user_account", type_="foreignkey")
        batch_op.drop_column("note")
        batch_op.drop_column("author_id")
