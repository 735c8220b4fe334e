"""Partners see only their own store data; admins see everything and record payments."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from quiz_app import clock
from quiz_app.audit import AuditEntry
from quiz_app.extensions import db
from quiz_app.partner.accounts.models import AccountStatus, ClientAccount
from quiz_app.partner.store.models import Invoice, PartnerCredit, StoreOrder

from .conftest import open_account
from .test_orders import order_form


@pytest.fixture
def placed(client, login, partner, account):
    """Partner A's order for their account, placed in the browser."""
    login(partner)
    assert client.post("/partner/store/new", data=order_form(account)).status_code == 302
    with client.session_transaction() as session:
        session.clear()
    db.session.rollback()
    return db.session.scalar(select(StoreOrder))


def test_another_partner_cannot_reach_orders_invoices_or_accounts(
    client, login, other_partner, placed, account
):
    login(other_partner)
    assert client.get(f"/partner/store/orders/{placed.id}").status_code == 404
    assert client.get(f"/partner/store/invoices/{placed.invoice.id}.pdf").status_code == 404
    assert client.get(f"/partner/store/new?account={account.id}").status_code == 404
    assert client.get(f"/partner/contracts/{placed.contract_id}.pdf").status_code == 404
    assert placed.number not in client.get("/partner/store/").get_data(as_text=True)

    # Paying for A's account with B's contract and credit, by changing the id in the form.
    own = open_account(other_partner)
    login(other_partner)
    page = client.get("/partner/store/new").get_data(as_text=True)
    assert f'value="{own.id}"' in page and f'value="{account.id}"' not in page
    response = client.post(
        "/partner/store/new",
        data=order_form(account, request_key="steal", months=6, quoted_total="2997000"),
    )
    assert response.status_code == 404
    db.session.rollback()
    assert db.session.get(PartnerCredit, other_partner.id) is None
    assert db.session.get(ClientAccount, account.id).active_until.year == 2027  # A's 12 months


def test_admin_sees_every_partners_invoices_and_marks_one_paid(
    client, login, factory, partner, other_partner, placed
):
    other_order_account = open_account(other_partner)
    login(other_partner)
    client.post("/partner/store/new", data=order_form(other_order_account, request_key="b"))
    admin = factory.admin()
    login(admin)
    page = client.get("/admin/store/orders").get_data(as_text=True)
    assert "INV-2026-000001" in page and "INV-2026-000002" in page
    assert "partner-a@example.com" in page and "partner-b@example.com" in page

    response = client.post(f"/admin/store/orders/{placed.id}")
    assert response.status_code == 302
    page = client.get(f"/admin/store/orders/{placed.id}").get_data(as_text=True)
    assert f"Счёт {placed.invoice.number} отмечен оплаченным." in page
    db.session.rollback()
    invoice = db.session.get(Invoice, placed.invoice.id)
    assert invoice.status == "paid" and invoice.paid_by_id == admin.id
    assert db.session.get(PartnerCredit, partner.id).unpaid_total == 0
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "invoice.mark_paid"))
    assert (entry.actor_id, entry.target_id) == (admin.id, invoice.number)
    assert entry.before == {"status": "unpaid"} and entry.after["status"] == "paid"

    # Marking it again changes nothing and says why.
    again = client.post(f"/admin/store/orders/{placed.id}", follow_redirects=True)
    assert "уже оплачен" in again.get_data(as_text=True)
    assert db.session.get(PartnerCredit, partner.id).unpaid_total == 0

    paid_pdf = client.get(f"/admin/store/invoices/{invoice.id}.pdf")
    assert paid_pdf.status_code == 200 and paid_pdf.mimetype == "application/pdf"


def test_admin_filters_overdue_invoices(client, login, factory, placed):
    admin = factory.admin()
    login(admin)
    assert placed.invoice.number not in client.get("/admin/store/orders?status=overdue").get_data(
        as_text=True
    )
    clock.advance(timedelta(days=15))
    overdue = client.get("/admin/store/orders?status=overdue").get_data(as_text=True)
    assert placed.invoice.number in overdue and "Просрочен" in overdue
    assert placed.invoice.number not in client.get("/admin/store/orders?status=unpaid").get_data(
        as_text=True
    )
    # Paying an overdue invoice is allowed; the account stayed active meanwhile.
    client.post(f"/admin/store/orders/{placed.id}")
    assert placed.invoice.number in client.get("/admin/store/orders?status=paid").get_data(
        as_text=True
    )
    db.session.rollback()
    assert db.session.get(ClientAccount, placed.client_account_id).status == AccountStatus.ACTIVE


def test_store_admin_pages_are_for_admins_only(client, login, partner, placed):
    login(partner)
    assert client.get("/admin/store/orders").status_code == 403
    assert client.post(f"/admin/store/orders/{placed.id}").status_code == 403
    assert client.get(f"/admin/store/invoices/{placed.invoice.id}.pdf").status_code == 403
    db.session.rollback()
    assert db.session.get(Invoice, placed.invoice.id).status == "unpaid"


def test_store_is_behind_the_partner_guard(client, login, factory):
    assert "/auth/login" in client.get("/partner/store/").headers["Location"]
    login(factory.user(email="candidate@example.com"))
    assert client.get("/partner/store/").status_code == 403
    assert client.get("/partner/store/new").status_code == 403


def test_partner_home_links_to_the_store(client, login, partner):
    login(partner)
    assert 'href="/partner/store/"' in client.get("/partner/").get_data(as_text=True)
