"""The contract section in the browser: save requisites, generate numbered versions, PDFs."""

from __future__ import annotations

import io
import threading

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from quiz_app.extensions import db
from quiz_app.partner.contracts import platform, services
from quiz_app.partner.contracts.models import ContractVersion, PartnerRequisites

from .helpers import COMPANY, SOLE_TRADER, certified_partner, partner_with_contract

pytestmark = pytest.mark.usefixtures("frozen_clock")


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def versions_count() -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(ContractVersion))


@pytest.fixture
def partner(factory):
    return certified_partner(factory, "partner@example.com")


def test_partner_saves_requisites_and_sees_them_again(client, login, partner):
    login(partner)
    assert client.get("/partner/contracts/").status_code == 200
    response = client.post("/partner/contracts/", data={**COMPANY, "save": "1"})
    assert response.status_code == 302
    page = client.get("/partner/contracts/").get_data(as_text=True)
    assert "Реквизиты сохранены." in page
    assert 'value="7707083893"' in page
    assert 'value="40702810900000002851"' in page
    assert "Договор ещё не сформирован." in page


def test_invalid_requisites_save_nothing_and_name_each_field(client, login, partner):
    login(partner)
    bad = {**COMPANY, "inn": "7707083894", "bik": "04403082", "kpp": "", "save": "1"}
    response = client.post("/partner/contracts/", data=bad)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Неверный ИНН: не сходятся контрольные цифры" in page
    assert "БИК должен содержать 9 цифр, введено 8." in page
    assert "Укажите КПП: он есть у каждой организации." in page
    assert 'value="7707083894"' in page  # what was typed is kept for correction
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(PartnerRequisites)) == 0


def test_an_invalid_edit_keeps_the_saved_requisites(client, login, partner):
    services.save_requisites(partner, COMPANY)
    login(partner)
    response = client.post(
        "/partner/contracts/", data={**COMPANY, "legal_name": "Новое имя", "ogrn": "1", "save": "1"}
    )
    assert response.status_code == 400
    db.session.rollback()
    assert services.requisites_of(partner).legal_name == "Сбербанк России"


def test_generating_numbers_contracts_and_keeps_every_version(client, login, partner):
    login(partner)
    response = client.post("/partner/contracts/", data={**COMPANY, "save_and_generate": "1"})
    assert response.status_code == 302
    assert "Договор № PD-2026-000001 сформирован." in client.get("/partner/contracts/").get_data(
        as_text=True
    )
    client.post("/partner/contracts/", data={**SOLE_TRADER, "save": "1"})
    page = client.get("/partner/contracts/").get_data(as_text=True)
    assert "Реквизиты изменились после формирования договора № PD-2026-000001" in page
    client.post("/partner/contracts/generate")
    page = client.get("/partner/contracts/").get_data(as_text=True)
    assert "PD-2026-000002" in page and "PD-2026-000001" in page
    assert "Реквизиты изменились" not in page

    first, second = sorted(services.versions_of(partner), key=lambda c: c.sequence)
    # Each version prints the requisites it was generated with, even after they changed.
    old = pdf_text(client.get(f"/partner/contracts/{first.id}.pdf").data)
    new = pdf_text(client.get(f"/partner/contracts/{second.id}.pdf").data)
    assert "7707083893" in old and "123456789047" not in old
    assert "123456789047" in new and "7707083893" not in new
    assert "ИП Иванова Мария Сергеевна" in new


def test_pdf_carries_both_parties_requisites(client, login, app, factory):
    partner = partner_with_contract(factory, app, "pdf@example.com")
    contract = services.current_contract(partner)
    login(partner)
    response = client.get(f"/partner/contracts/{contract.id}.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert f'filename="{contract.number}.pdf"' in response.headers["Content-Disposition"]
    text = pdf_text(response.data)
    assert f"ПАРТНЁРСКИЙ ДОГОВОР № {contract.number}" in text
    assert "2 марта 2026 г." in text
    for value in COMPANY.values():
        if value in ("ПАО", "Сбербанк России"):
            continue
        assert value in text, value
    assert "ПАО «Сбербанк России»" in text
    operator = platform.load(app.config).requisites
    for value in (operator.inn, operator.ogrn, operator.settlement_account, operator.bik):
        assert value in text
    assert "14 календарных дней" in text  # INVOICE_DUE_DAYS as the contract states it
    assert "500 000,00 ₽" in text  # PARTNER_CREDIT_LIMIT


def test_generate_without_requisites_explains(client, login, partner):
    login(partner)
    response = client.post("/partner/contracts/generate", follow_redirects=True)
    assert "Сначала заполните и сохраните реквизиты компании." in response.get_data(as_text=True)
    assert versions_count() == 0


def test_broken_platform_settings_generate_nothing(app, client, login, partner):
    services.save_requisites(partner, COMPANY)
    app.config["PLATFORM_REQUISITES"] = {**COMPANY, "inn": "1", "city": "Москва", "vat_note": "-"}
    login(partner)
    response = client.post("/partner/contracts/generate", follow_redirects=True)
    assert "реквизиты платформы не настроены" in response.get_data(as_text=True)
    assert versions_count() == 0


def test_shipped_platform_requisites_are_valid(app):
    operator = platform.load(app.config)
    assert operator.city and operator.vat_note
    assert operator.requisites.correspondent_account.startswith("30101")


def test_platform_settings_report_the_field(tmp_path):
    path = tmp_path / "platform.yaml"
    path.write_text("legal_form: ООО\ninn: '7707083894'\n", encoding="utf-8")
    with pytest.raises(platform.PlatformRequisitesInvalid) as caught:
        platform.load({"PLATFORM_REQUISITES_FILE": str(path)})
    assert "inn: Неверный ИНН" in str(caught.value)
    assert str(path) in str(caught.value)


def test_concurrent_generations_get_distinct_consecutive_numbers(app, factory):
    partners = [certified_partner(factory) for _ in range(4)]
    for partner in partners:
        services.save_requisites(partner, COMPANY)
    ids = [p.id for p in partners]
    barrier = threading.Barrier(len(ids))
    errors: list[BaseException] = []

    def generate(user_id: int):
        try:
            with app.app_context():
                from quiz_app.auth.models import User

                user = db.session.get(User, user_id)
                barrier.wait()
                services.generate(user, app.config)
                db.session.remove()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=generate, args=(i,)) for i in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    db.session.rollback()
    numbers = sorted(db.session.scalars(select(ContractVersion.number)))
    assert numbers == [f"PD-2026-{n:06d}" for n in range(1, 5)]


def test_another_partner_cannot_open_a_contract(client, login, app, factory):
    owner = partner_with_contract(factory, app, "owner@example.com")
    contract = services.current_contract(owner)
    intruder = certified_partner(factory, "intruder@example.com")
    login(intruder)
    assert client.get(f"/partner/contracts/{contract.id}.pdf").status_code == 404
    assert contract.number not in client.get("/partner/contracts/").get_data(as_text=True)


def test_contract_pages_are_behind_the_partner_guard(client, login, factory):
    assert "/auth/login" in client.get("/partner/contracts/").headers["Location"]
    candidate = factory.user(email="candidate@example.com")
    login(candidate)
    assert client.get("/partner/contracts/").status_code == 403
    assert client.post("/partner/contracts/", data={**COMPANY, "save": "1"}).status_code == 403
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(PartnerRequisites)) == 0


def test_partner_home_links_to_the_contract(client, login, partner):
    login(partner)
    assert 'href="/partner/contracts/"' in client.get("/partner/").get_data(as_text=True)
