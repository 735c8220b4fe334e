"""On PostgreSQL the lead pool and the account lists read an index range, never the whole table.

The tables get enough rows (set-based, generate_series) and fresh statistics that the planner
would pick a sequential scan if no index served the filter and the order.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.sql.elements import TextClause

from quiz_app import keyset
from quiz_app.extensions import db
from quiz_app.partner.accounts import services as accounts
from quiz_app.partner.leads import services as leads
from quiz_app.partner.leads.models import Lead

from .conftest import is_postgresql

pytestmark = pytest.mark.skipif(not is_postgresql(), reason="EXPLAIN plans of PostgreSQL")


def plan(statement) -> str:
    if isinstance(statement, TextClause):
        return "\n".join(db.session.execute(text(f"EXPLAIN {statement.text}")).scalars())
    compiled = statement.compile(dialect=db.engine.dialect, compile_kwargs={"literal_binds": True})
    rows = db.session.execute(text(f"EXPLAIN {compiled}")).scalars()
    return "\n".join(rows)


@pytest.fixture
def many_rows(app, factory):
    partner = factory.user(email="p@example.com")
    db.session.commit()
    db.session.execute(
        text(
            "INSERT INTO lead (created_at, updated_at, contact_name, phone, email, company, city,"
            " industry, users_count, comment, status, source, partner_id)"
            " SELECT now() - g * interval '1 minute', now(), 'Имя', '+79160000000',"
            " 'l' || g || '@example.com', 'ООО', 'Город ' || (g % 50), 'retail', 5, NULL,"
            " CASE WHEN g % 3 = 0 THEN 'taken' ELSE 'new' END, 'form',"
            " CASE WHEN g % 3 = 0 THEN :p END FROM generate_series(1, 60000) g"
        ),
        {"p": partner.id},
    )
    db.session.execute(
        text(
            "INSERT INTO client_account (partner_id, company, contact_name, email, phone,"
            " subdomain, users_count, plan, state, created_at, trial_ends_at, extended,"
            " token_hash, token_prefix, token_created_at)"
            " SELECT :p, 'ООО', 'Имя', 'a@example.com', '+7', 'sub' || g, 5, 'base', 'trial',"
            " now() - g * interval '1 minute', now(), false, md5(g::text) || md5(g::text),"
            " 'ca_', now() FROM generate_series(1, 30000) g"
        ),
        {"p": partner.id},
    )
    db.session.execute(text("ANALYZE lead"))
    db.session.execute(text("ANALYZE client_account"))
    return partner


def test_pool_pages_with_a_city_read_the_index(many_rows):
    base = leads.pool_query(city="Город 7").order_by(None)
    # The key of the 700th lead of the city (of about 800): a page near the end.
    row = db.session.execute(
        base.with_only_columns(Lead.created_at, Lead.id)
        .order_by(Lead.created_at.desc(), Lead.id.desc())
        .offset(700)
        .limit(1)
    ).one()
    far = keyset.Cursor(row.created_at, row.id)
    for after in (None, far):
        statement = keyset.older_than(base, Lead.created_at, Lead.id, 20, after)
        shown = plan(statement)
        shown = plan(statement)
        # Read in order from the index: no scan of the table, and no sort of the city's leads.
        assert "Seq Scan on lead" not in shown and "Sort" not in shown, shown
        assert "ix_lead_pool_city" in shown, shown
    shown = plan(leads.pool_query().limit(25))
    assert "Seq Scan on lead" not in shown, shown
    shown = plan(leads._POOL_CITIES)
    assert "Seq Scan on lead" not in shown and "Recursive Union" in shown, shown
    assert len(leads.pool_cities()) == 50


def test_account_lists_read_the_index(many_rows):
    from sqlalchemy import select

    from quiz_app.partner.accounts.models import ClientAccount

    partner_list = (
        select(ClientAccount, ClientAccount.last_activity_at)
        .where(ClientAccount.partner_id == many_rows.id)
        .order_by(ClientAccount.created_at.desc(), ClientAccount.id.desc())
        .limit(200)
    )
    admin_list = (
        select(ClientAccount, ClientAccount.last_activity_at)
        .order_by(ClientAccount.created_at.desc(), ClientAccount.id.desc())
        .limit(500)
    )
    for statement in (partner_list, admin_list):
        shown = plan(statement)
        assert "Seq Scan on client_account" not in shown and "Sort" not in shown, shown
        assert "ix_client_account_" in shown, shown
    assert accounts.all_accounts(limit=5)  # the service's own statement runs on this data
