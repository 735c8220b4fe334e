"""Indexes in the order of the lead pool by city and of the client-account lists

Revision ID: u21_list_indexes
Revises: t20_item_sums
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "u21_list_indexes"
down_revision = "t20_item_sums"
branch_labels = None
depends_on = None

OPEN = "partner_id IS NULL AND status = 'new'"


def upgrade():
    op.create_index(
        "ix_lead_pool_city",
        "lead",
        ["city", "created_at", "id"],
        postgresql_where=sa.text(OPEN),
        sqlite_where=sa.text(OPEN),
    )
    op.create_index(
        "ix_client_account_partner_created", "client_account", ["partner_id", "created_at", "id"]
    )
    op.create_index("ix_client_account_created", "client_account", ["created_at", "id"])


def downgrade():
    op.drop_index("ix_client_account_created", "client_account")
    op.drop_index("ix_client_account_partner_created", "client_account")
    op.drop_index("ix_lead_pool_city", "lead")
