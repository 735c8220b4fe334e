"""Admins see every lead, create them, reassign and close them; each action is audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from quiz_app.audit import AuditEntry
from quiz_app.extensions import db
from quiz_app.partner.leads import services

from .conftest import all_leads, events, fresh, lead_data


@pytest.fixture
def admin(factory, login):
    user = factory.admin()
    login(user)
    return user


def audit(action: str) -> list[AuditEntry]:
    db.session.rollback()
    return list(
        db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        )
    )


def test_admin_creates_a_lead(client, admin):
    response = client.post("/admin/leads/new", data=lead_data(source_detail="Выставка CRM Expo"))
    assert response.status_code == 302
    [lead] = all_leads()
    assert response.headers["Location"].endswith(f"/admin/leads/{lead.id}")
    assert (lead.source, lead.source_detail, lead.created_by_id) == (
        "admin",
        "Выставка CRM Expo",
        admin.id,
    )
    [entry] = audit("lead.create")
    assert (entry.actor_id, entry.target_id) == (admin.id, str(lead.id))
    assert entry.after["company"] == "ООО Ромашка"


def test_admin_form_refuses_field_by_field(client, admin):
    response = client.post("/admin/leads/new", data=lead_data(phone="12", users_count="много"))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Такого номера телефона не существует" in page
    assert "Укажите целое число" in page
    assert all_leads() == []
    assert audit("lead.create") == []


def test_list_shows_every_lead_and_filters(client, admin, partner, make_lead):
    kazan = make_lead(company="ООО Казанская", city="Казань", industry="it")
    make_lead(company="ООО Омская", city="Омск", industry="retail")
    services.take(kazan.id, partner)
    page = client.get("/admin/leads").get_data(as_text=True)
    assert "ООО Казанская" in page and "ООО Омская" in page
    assert "Анна Партнёрова" in page
    page = client.get("/admin/leads?city=Омск").get_data(as_text=True)
    assert "ООО Омская" in page and "ООО Казанская" not in page
    page = client.get(f"/admin/leads?partner={partner.id}").get_data(as_text=True)
    assert "ООО Казанская" in page and "ООО Омская" not in page
    page = client.get("/admin/leads?partner=none").get_data(as_text=True)
    assert "ООО Омская" in page and "ООО Казанская" not in page
    page = client.get("/admin/leads?industry=it&q=казан").get_data(as_text=True)
    assert "ООО Казанская" in page and "ООО Омская" not in page


def test_reassign_to_another_partner(client, admin, partner, other_partner, make_lead):
    lead = make_lead()
    services.take(lead.id, partner)
    services.change_status(fresh(lead), partner, "new", "in_contact")
    response = client.post(
        f"/admin/leads/{lead.id}/reassign",
        data={"partner": str(other_partner.id), "note": "Анна в отпуске"},
        follow_redirects=True,
    )
    assert "Заявка передана: Борис Конкурентов" in response.get_data(as_text=True)
    moved = fresh(lead)
    assert (moved.partner_id, moved.status) == (other_partner.id, "in_contact")
    last = events(lead)[-1]
    assert (last.kind, last.actor_id, last.from_partner_id, last.to_partner_id, last.note) == (
        "reassigned",
        admin.id,
        partner.id,
        other_partner.id,
        "Анна в отпуске",
    )
    [entry] = audit("lead.reassign")
    assert entry.actor_id == admin.id
    assert entry.before["partner_id"] == partner.id
    assert entry.after["partner_id"] == other_partner.id


def test_after_reassignment_the_old_partner_gets_404(
    app, client, login, admin, partner, other_partner, make_lead
):
    lead = make_lead()
    services.take(lead.id, partner)
    client.post(f"/admin/leads/{lead.id}/reassign", data={"partner": str(other_partner.id)})
    old = login(partner, into=app.test_client())
    new = login(other_partner, into=app.test_client())
    assert old.get(f"/partner/leads/{lead.id}").status_code == 404
    assert new.get(f"/partner/leads/{lead.id}").status_code == 200


def test_return_to_the_pool(client, admin, partner, make_lead):
    lead = make_lead()
    services.take(lead.id, partner)
    services.change_status(fresh(lead), partner, "new", "in_contact")
    client.post(f"/admin/leads/{lead.id}/reassign", data={"partner": ""})
    back = fresh(lead)
    assert (back.partner_id, back.status, back.taken_at) == (None, "new", None)
    assert lead.id in [row.id for row in db.session.scalars(services.pool_query())]
    [entry] = audit("lead.reassign")
    assert entry.before["status"] == "in_contact"
    assert entry.after == {**entry.before, "partner_id": None, "status": "new"}


def test_reassign_only_to_a_certified_partner(client, admin, factory, make_lead):
    lead = make_lead()
    candidate = factory.user(email="not-certified@example.com")
    response = client.post(f"/admin/leads/{lead.id}/reassign", data={"partner": str(candidate.id)})
    assert response.status_code == 400
    assert fresh(lead).partner_id is None
    assert audit("lead.reassign") == []


def test_close_as_lost_needs_a_reason(client, admin, make_lead):
    lead = make_lead()
    response = client.post(f"/admin/leads/{lead.id}/close", data={"outcome": "lost"})
    assert response.status_code == 400
    assert "Укажите причину отказа" in response.get_data(as_text=True)
    assert fresh(lead).status == "new"
    response = client.post(
        f"/admin/leads/{lead.id}/close", data={"outcome": "lost", "reason": "Спам"}
    )
    assert response.status_code == 302
    closed = fresh(lead)
    assert (closed.status, closed.lost_reason) == ("lost", "Спам")
    assert lead.id not in [row.id for row in db.session.scalars(services.pool_query())]
    [entry] = audit("lead.close")
    assert (entry.actor_id, entry.before["status"], entry.after["status"]) == (
        admin.id,
        "new",
        "lost",
    )
    assert (events(lead)[-1].kind, events(lead)[-1].note) == ("closed", "Спам")


def test_closed_lead_cannot_be_closed_or_reassigned_again(client, admin, partner, make_lead):
    lead = make_lead()
    client.post(f"/admin/leads/{lead.id}/close", data={"outcome": "won", "reason": ""})
    response = client.post(
        f"/admin/leads/{lead.id}/reassign", data={"partner": str(partner.id)}, follow_redirects=True
    )
    assert "Заявка уже закрыта" in response.get_data(as_text=True)
    client.post(f"/admin/leads/{lead.id}/close", data={"outcome": "lost", "reason": "Дубль"})
    assert fresh(lead).status == "won"
    assert len(audit("lead.close")) == 1
    assert audit("lead.reassign") == []


def test_partner_cannot_take_a_closed_lead(app, client, login, admin, partner, make_lead):
    lead = make_lead()
    client.post(f"/admin/leads/{lead.id}/close", data={"outcome": "lost", "reason": "Дубль"})
    as_partner = login(partner, into=app.test_client())
    response = as_partner.post(f"/partner/leads/{lead.id}/take", follow_redirects=True)
    assert "уже взял другой партнёр или она закрыта" in response.get_data(as_text=True)
    assert fresh(lead).partner_id is None


def test_admin_sees_the_history(client, admin, partner, make_lead):
    lead = make_lead()
    services.take(lead.id, partner)
    page = client.get(f"/admin/leads/{lead.id}").get_data(as_text=True)
    assert "Взята в работу: Анна Партнёрова" in page
    assert "Заявка получена (Форма на сайте)" in page


def test_lead_admin_pages_are_for_admins_only(client, login, partner, make_lead):
    lead = make_lead()
    login(partner)
    for url in (
        "/admin/leads",
        "/admin/leads/new",
        "/admin/leads/import",
        f"/admin/leads/{lead.id}",
    ):
        assert client.get(url).status_code == 403, url
    assert (
        client.post(
            f"/admin/leads/{lead.id}/reassign", data={"partner": str(partner.id)}
        ).status_code
        == 403
    )
    assert (
        client.post(
            f"/admin/leads/{lead.id}/close", data={"outcome": "lost", "reason": "x" * 5}
        ).status_code
        == 403
    )
    assert client.post("/admin/leads/new", data=lead_data()).status_code == 403
    assert fresh(lead).status == "new"
    assert fresh(lead).partner_id is None
    assert len(all_leads()) == 1


def test_unknown_lead_is_404_for_admins(client, admin):
    assert client.get("/admin/leads/424242").status_code == 404
    assert client.post("/admin/leads/424242/close", data={"outcome": "won"}).status_code == 404
