"""CSV import: a good file goes in whole; a bad one goes in not at all, with every problem named."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import select

from quiz_app.audit import AuditEntry
from quiz_app.extensions import db

from .conftest import all_leads, events

GOOD = (
    "company,contact_name,phone,email,city,industry,users_count,budget,comment\n"
    "ООО Альфа,Анна,+7 916 111-11-11,anna@alfa.example,Москва,retail,5,100000,\n"
    "ООО Бета,Борис,8 916 222-22-22,,санкт-петербург,it,40,"
    '"1 200 000,50","Нужна телефония, почта"\n'
    "ИП Гамма,Галина,+79163333333,,Казань,Другое,1,,\n"
)

# Russian headers, semicolons, a BOM and a blank line, as Excel saves «CSV UTF-8».
GOOD_EXCEL = (
    "\ufeffКомпания;Контакт;Телефон;Город;Отрасль;Пользователей;Бюджет\n"
    "ООО Дельта;Дмитрий;+7 916 444-44-44;Самара;Логистика и транспорт;12;50000\n"
    "\n"
    "ООО Эпсилон;Елена;+7 916 555-55-55;Тула;manufacturing;3;\n"
)

BAD = (
    "company,contact_name,phone,email,city,industry,users_count\n"
    "ООО Хорошая,Анна,+7 916 111-11-11,,Москва,retail,5\n"
    "ООО Плохая,Борис,12345,boris@,Москва,retail,0\n"
    ",Вера,+7 916 333-33-33,,Москва,космос,2\n"
    "ООО Короткая,Галина\n"
)


@pytest.fixture
def admin(factory, login):
    user = factory.admin()
    login(user)
    return user


def upload(client, text: str | bytes, name: str = "leads.csv", dry_run: bool = False):
    raw = text.encode("utf-8") if isinstance(text, str) else text
    data = {"file": (io.BytesIO(raw), name)}
    if dry_run:
        data["dry_run"] = "y"
    return client.post("/admin/leads/import", data=data, content_type="multipart/form-data")


def problems(response) -> list[tuple[str, str, str]]:
    """(line, column, message) rows of the error table."""
    page = response.get_data(as_text=True)
    table = page.split('class="card import-errors"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>", table, re.S)
    return [(line, column, message) for line, column, message in rows]


def test_good_file_is_imported_whole(client, admin):
    response = upload(client, GOOD)
    assert response.status_code == 302
    leads = all_leads()
    assert [lead.company for lead in leads] == ["ООО Альфа", "ООО Бета", "ИП Гамма"]
    beta = leads[1]
    assert beta.phone == "+79162222222"
    assert beta.city == "Санкт-Петербург"
    assert beta.budget_kopecks == 120_000_050
    assert beta.comment == "Нужна телефония, почта"
    assert leads[2].industry == "other"
    assert {(lead.source, lead.status, lead.partner_id) for lead in leads} == {
        ("import", "new", None)
    }
    assert [(e.kind, e.actor_id) for e in events(beta)] == [("created", admin.id)]
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "lead.import"))
    assert entry.actor_id == admin.id
    assert entry.target_id == "leads.csv"
    assert entry.after["count"] == 3
    assert sorted(entry.after["lead_ids"]) == [lead.id for lead in leads]


def test_excel_style_file_with_russian_headers(client, admin):
    assert upload(client, GOOD_EXCEL).status_code == 302
    leads = all_leads()
    assert [(lead.company, lead.industry, lead.budget_kopecks) for lead in leads] == [
        ("ООО Дельта", "logistics", 5_000_000),
        ("ООО Эпсилон", "manufacturing", None),
    ]


def test_bad_file_imports_nothing_and_names_each_row_and_column(client, admin):
    response = upload(client, BAD)
    assert response.status_code == 422
    assert all_leads() == []
    found = problems(response)
    assert ("3", "phone", "Такого номера телефона не существует, проверьте цифры") in found
    assert ("3", "email", "Укажите email, например name@company.ru") in found
    assert ("3", "users_count", "Не меньше 1") in found
    assert ("4", "company", "Заполните это поле") in found
    assert any(f[:2] == ("4", "industry") for f in found)
    assert any(f[0] == "5" and "2 значений" in f[2] for f in found)
    assert not any(f[0] == "2" for f in found)  # the good row has no problems
    assert "не импортирован" in response.get_data(as_text=True)
    assert db.session.scalar(select(AuditEntry)) is None


def test_columns_are_reported_with_the_files_own_headers(client, admin):
    text = "Компания;Контакт;Телефон;Город;Отрасль;Пользователей\nООО А;Анна;звоните;Москва;it;2\n"
    found = problems(upload(client, text))
    assert found == [("2", "Телефон", "Укажите телефон, например +7 912 345-67-89")]


def test_header_problems(client, admin):
    text = "company,phone,city,industry,users_count,colour\nООО А,+79161111111,Москва,it,1,red\n"
    found = problems(upload(client, text))
    assert ("1", "colour", found[0][2]) == found[0]
    assert "Неизвестный столбец" in found[0][2]
    assert ("1", "contact_name", "В заголовке нет обязательного столбца") in found
    assert all_leads() == []


def test_dry_run_checks_and_saves_nothing(client, admin):
    response = upload(client, GOOD, dry_run=True)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Файл leads.csv в порядке" in page
    assert "Заявок в файле: 3" in page
    assert all_leads() == []
    assert db.session.scalar(select(AuditEntry)) is None


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (GOOD.encode("cp1251"), "Файл не в кодировке UTF-8"),
        (b"", "Файл пустой"),
        (b"company,contact_name,phone,city,industry,users_count\n", "В файле нет ни одной заявки"),
    ],
    ids=["cp1251", "empty", "header only"],
)
def test_unreadable_files(client, admin, raw, message):
    response = upload(client, raw)
    assert response.status_code == 422
    assert any(message in f[2] for f in problems(response))
    assert all_leads() == []


def test_missing_file_is_named(client, admin):
    response = client.post("/admin/leads/import", data={}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Выберите файл" in response.get_data(as_text=True)


@pytest.fixture
def two_rows_max(app_config):
    app_config.update(LEAD_IMPORT_MAX_ROWS=2)


def test_too_many_rows(two_rows_max, client, admin):
    response = upload(client, GOOD)
    assert response.status_code == 422
    assert any("не больше 2" in f[2] for f in problems(response))
    assert all_leads() == []


def test_import_is_for_admins_only(client, login, partner):
    login(partner)
    assert upload(client, GOOD).status_code == 403
    assert all_leads() == []
