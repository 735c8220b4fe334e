"""A taken lead moves new → in contact → meeting → won / lost (with a reason), with a history."""

from __future__ import annotations

from datetime import timedelta

import pytest

from .conftest import events, fresh


@pytest.fixture
def taken(client, login, partner, make_lead):
    lead = make_lead(company="ООО Путь")
    login(partner)
    response = client.post(f"/partner/leads/{lead.id}/take")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/partner/leads/{lead.id}")
    return fresh(lead)


def move(client, lead, expected, target, reason=None, **kwargs):
    data = {"expected": expected, "target": target}
    if reason is not None:
        data["reason"] = reason
    return client.post(f"/partner/leads/{lead.id}/status", data=data, **kwargs)


def test_whole_path_to_won_is_recorded_with_who_and_when(client, partner, taken, frozen_clock):
    for expected, target in (("new", "in_contact"), ("in_contact", "meeting"), ("meeting", "won")):
        frozen_clock.advance(timedelta(hours=1))
        response = move(client, taken, expected, target, follow_redirects=True)
        assert response.status_code == 200
    lead = fresh(taken)
    assert lead.status == "won"
    assert lead.closed_at == frozen_clock.now()
    history = events(lead)
    assert [(e.kind, e.from_status, e.to_status) for e in history] == [
        ("created", None, "new"),
        ("taken", None, None),
        ("status", "new", "in_contact"),
        ("status", "in_contact", "meeting"),
        ("status", "meeting", "won"),
    ]
    assert all(e.actor_id == partner.id for e in history[1:])
    assert history[2].created_at < history[3].created_at < history[4].created_at
    page = client.get(f"/partner/leads/{lead.id}").get_data(as_text=True)
    assert "Статус: Встреча → Успешно" in page
    assert "Взята в работу: Анна Партнёрова" in page


def test_lost_needs_a_reason(client, taken):
    response = move(client, taken, "new", "lost", reason="  ")
    assert response.status_code == 400
    assert "Укажите причину отказа" in response.get_data(as_text=True)
    assert fresh(taken).status == "new"
    response = move(client, taken, "new", "lost", reason="Выбрали другую CRM")
    assert response.status_code == 302
    lead = fresh(taken)
    assert lead.status == "lost"
    assert lead.lost_reason == "Выбрали другую CRM"
    assert events(lead)[-1].note == "Выбрали другую CRM"


@pytest.mark.parametrize(
    ("expected", "target"),
    [("new", "meeting"), ("new", "won"), ("in_contact", "new"), ("new", "bogus"), ("new", "new")],
)
def test_steps_cannot_be_skipped_or_undone(client, taken, expected, target):
    if expected == "in_contact":
        move(client, taken, "new", "in_contact")
    before = fresh(taken).status
    response = move(client, taken, expected, target, follow_redirects=True)
    assert "нельзя перейти" in response.get_data(as_text=True)
    assert fresh(taken).status == before


def test_claiming_another_current_status_does_not_skip_steps(client, taken):
    # A forged form says the lead is at «meeting» to jump to «won»: the database disagrees.
    response = move(client, taken, "meeting", "won", follow_redirects=True)
    assert "Статус уже изменён (сейчас: Новая)" in response.get_data(as_text=True)
    assert fresh(taken).status == "new"


def test_second_tab_gets_a_clear_message_instead_of_a_double_step(client, taken):
    assert move(client, taken, "new", "in_contact").status_code == 302
    # The other tab still shows «new» and presses the same button.
    response = move(client, taken, "new", "in_contact", follow_redirects=True)
    assert "Статус уже изменён (сейчас: Связались)" in response.get_data(as_text=True)
    assert [e.to_status for e in events(taken) if e.kind == "status"] == ["in_contact"]


def test_closed_lead_cannot_move(client, taken):
    move(client, taken, "new", "lost", reason="Нет бюджета")
    response = move(client, taken, "lost", "in_contact", follow_redirects=True)
    assert "нельзя перейти" in response.get_data(as_text=True)
    assert fresh(taken).status == "lost"
    page = client.get(f"/partner/leads/{taken.id}").get_data(as_text=True)
    assert "Клиент отказался" not in page  # no actions are offered any more


def test_taking_twice_is_harmless(client, taken):
    response = client.post(f"/partner/leads/{taken.id}/take", follow_redirects=True)
    assert "уже у вас в работе" in response.get_data(as_text=True)
    assert [e.kind for e in events(taken)].count("taken") == 1


def test_my_leads_filter_by_status(client, partner, taken, make_lead):
    other = make_lead(company="ООО Вторая")
    client.post(f"/partner/leads/{other.id}/take", follow_redirects=True)
    move(client, taken, "new", "in_contact", follow_redirects=True)
    page = client.get("/partner/leads/mine?status=in_contact").get_data(as_text=True)
    assert "ООО Путь" in page
    assert "ООО Вторая" not in page
    page = client.get("/partner/leads/mine").get_data(as_text=True)
    assert "ООО Путь" in page and "ООО Вторая" in page
