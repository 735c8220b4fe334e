"""Leave room on attempt and attempt_item pages for in-place (HOT) updates on PostgreSQL

Revision ID: j10_hot_updates
Revises: i9_contracts_store
Create Date: 2026-11-23

Answer saves update an attempt row and an item row, and scoring updates every item again.
With full pages each update writes a new entry into every index of the table; with room left
on the page PostgreSQL updates in place. Only pages written from now on keep the room:
`VACUUM FULL attempt, attempt_item` in a quiet hour rewrites the existing ones. SQLite has no
such setting.
"""

from alembic import op

revision = "j10_hot_updates"
down_revision = "i9_contracts_store"
branch_labels = None
depends_on = None

FILLFACTORS = {"attempt": 70, "attempt_item": 50}


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        for table, fillfactor in FILLFACTORS.items():
            op.execute(f"ALTER TABLE {table} SET (fillfactor = {fillfactor})")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for table in FILLFACTORS:
            op.execute(f"ALTER TABLE {table} RESET (fillfactor)")
