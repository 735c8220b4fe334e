"""Taking a lead is atomic: however many partners press «take» at once, exactly one owns it."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from quiz_app.auth.models import User
from quiz_app.extensions import db
from quiz_app.partner.leads import services
from quiz_app.partner.leads.models import EventKind, LeadEvent

from ..factories import certify
from .conftest import fresh

RACERS = 8


def test_many_threads_taking_one_lead_leave_exactly_one_owner(app, factory, make_lead):
    lead = make_lead()
    racers = [factory.user(email=f"racer{i}@example.com") for i in range(RACERS)]
    racer_ids = [user.id for user in racers]
    lead_id = lead.id
    barrier = threading.Barrier(RACERS)
    won: list[int] = []
    refused: list[tuple[int, str]] = []
    errors: list[BaseException] = []

    def take_in_own_session(user_id: int) -> None:
        try:
            with app.app_context():
                user = db.session.get(User, user_id)
                barrier.wait()
                try:
                    services.take(lead_id, user)
                    won.append(user_id)
                except services.LeadError as exc:
                    refused.append((user_id, exc.code))
                db.session.remove()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=take_in_own_session, args=(uid,)) for uid in racer_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(won) == 1
    assert sorted(uid for uid, _ in refused) == sorted(set(racer_ids) - set(won))
    assert {code for _, code in refused} == {"taken"}
    assert fresh(lead).partner_id == won[0]
    taken_events = db.session.scalar(
        select(func.count())
        .select_from(LeadEvent)
        .where(LeadEvent.lead_id == lead.id, LeadEvent.kind == EventKind.TAKEN)
    )
    assert taken_events == 1


def test_partners_racing_through_the_web_get_one_owner_and_clear_refusals(
    app, factory, frozen_clock, make_lead, login
):
    lead = make_lead(company="ООО Спорная")
    partners = []
    for index in range(4):
        user = factory.user(email=f"web-racer{index}@example.com")
        certify(user)
        partners.append(user)
    clients = [login(user, into=app.test_client()) for user in partners]
    url = f"/partner/leads/{lead.id}/take"
    barrier = threading.Barrier(len(clients))
    responses: dict[int, object] = {}
    errors: list[BaseException] = []

    def press_take(index: int) -> None:
        try:
            barrier.wait()
            responses[index] = clients[index].post(url, follow_redirects=True)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=press_take, args=(i,)) for i in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    owner_id = fresh(lead).partner_id
    owner_index = [user.id for user in partners].index(owner_id)
    for index, response in responses.items():
        page = response.get_data(as_text=True)
        assert response.status_code == 200
        if index == owner_index:
            assert "Заявка «ООО Спорная» ваша" in page
            assert lead.phone in page
        else:
            assert "Эту заявку уже взял другой партнёр" in page
            assert lead.phone not in page
