"""The hand-written migrations build exactly the schema the models describe."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from quiz_app.extensions import db

from .conftest import is_postgresql


def test_models_and_migrations_agree(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


@pytest.mark.skipif(not is_postgresql(), reason="storage parameters exist on PostgreSQL only")
def test_storage_parameters_match_the_models(app):
    """Alembic's comparison skips table storage parameters (fillfactor): compare them here."""
    declared = {
        table.name: {f"{key}={value}" for key, value in options.items()}
        for table in db.metadata.tables.values()
        if (options := table.dialect_options["postgresql"]["with"])
    }
    assert declared, "no model declares a storage parameter"
    actual = dict(
        db.session.execute(
            text("SELECT relname, reloptions FROM pg_class WHERE relname = ANY(:names)"),
            {"names": list(declared)},
        ).all()
    )
    assert {name: set(options or []) for name, options in actual.items()} == declared
