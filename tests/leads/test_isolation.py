"""A partner sees the open pool and their own leads, never another partner's (404)."""

from __future__ import annotations

import pytest

from quiz_app.partner.leads import services

from .conftest import events, fresh


@pytest.fixture
def leads_of_a(partner, make_lead):
    """Partner A has taken a lead and moved it to «in contact»."""
    lead = make_lead(company="ООО Клиент Анны", phone="+7 916 555-01-01")
    services.take(lead.id, partner)
    services.change_status(fresh(lead), partner, "new", "in_contact")
    return fresh(lead)


def test_other_partner_cannot_open_the_lead_page(client, login, other_partner, leads_of_a):
    login(other_partner)
    assert client.get(f"/partner/leads/{leads_of_a.id}").status_code == 404


def test_other_partner_cannot_change_the_status(client, login, other_partner, leads_of_a):
    login(other_partner)
    for target, reason in (("meeting", ""), ("lost", "Передумали")):
        response = client.post(
            f"/partner/leads/{leads_of_a.id}/status",
            data={"expected": "in_contact", "target": target, "reason": reason},
        )
        assert response.status_code == 404
    assert fresh(leads_of_a).status == "in_contact"
    assert [e.kind for e in events(leads_of_a)] == ["created", "taken", "status"]


def test_other_partner_cannot_take_an_owned_lead(client, login, partner, other_partner, leads_of_a):
    login(other_partner)
    response = client.post(f"/partner/leads/{leads_of_a.id}/take", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Эту заявку уже взял другой партнёр" in page
    assert "+79165550101" not in page
    lead = fresh(leads_of_a)
    assert lead.partner_id == partner.id
    assert lead.status == "in_contact"


def test_owned_lead_is_in_neither_the_pool_nor_the_others_list(
    client, login, other_partner, leads_of_a, make_lead
):
    make_lead(company="ООО Свободная")
    login(other_partner)
    pool = client.get("/partner/leads/").get_data(as_text=True)
    mine = client.get("/partner/leads/mine").get_data(as_text=True)
    assert "ООО Свободная" in pool
    assert "ООО Клиент Анны" not in pool
    assert "ООО Клиент Анны" not in mine


def test_owner_sees_the_lead_with_its_contacts(client, login, partner, leads_of_a):
    login(partner)
    mine = client.get("/partner/leads/mine").get_data(as_text=True)
    assert "ООО Клиент Анны" in mine
    page = client.get(f"/partner/leads/{leads_of_a.id}").get_data(as_text=True)
    assert "+79165550101" in page
    assert "irina@romashka.example" in page


def test_pool_hides_contacts_until_taken(client, login, other_partner, make_lead):
    lead = make_lead(company="ООО Тайная", phone="+7 916 555-02-02", email="secret@client.example")
    login(other_partner)
    pool = client.get("/partner/leads/").get_data(as_text=True)
    assert "ООО Тайная" in pool
    assert "+79165550202" not in pool
    assert "secret@client.example" not in pool
    assert "Ирина Клиентова" not in pool
    # An untaken lead has no page of its own either: it is nobody's yet.
    assert client.get(f"/partner/leads/{lead.id}").status_code == 404


def test_unknown_lead_is_404(client, login, other_partner):
    login(other_partner)
    assert client.get("/partner/leads/999999").status_code == 404
    assert client.post("/partner/leads/999999/take").status_code == 404
    assert (
        client.post(
            "/partner/leads/999999/status", data={"expected": "new", "target": "in_contact"}
        ).status_code
        == 404
    )


def test_admin_partner_page_is_also_owner_scoped(client, login, factory, leads_of_a):
    # Admins pass the partner guard, but the partner pages still show only their own leads.
    login(factory.admin())
    assert client.get(f"/partner/leads/{leads_of_a.id}").status_code == 404
