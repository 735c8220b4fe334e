"""The audit log page: who, what, when, before → after, with filters and a CSV download."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from quiz_app import audit, clock
from quiz_app.admin.audit.changes import Change, changes
from quiz_app.extensions import db


def test_changes_lists_what_differs():
    assert changes({"role": "candidate"}, {"role": "admin"}) == [
        Change("role", "candidate", "admin")
    ]
    assert changes({"status": "valid"}, {"status": "revoked", "reason": "Подделка"}) == [
        Change("status", "valid", "revoked"),
        Change("reason", "—", "Подделка"),
    ]
    assert changes({"a": 1, "b": [1, 2]}, {"a": 1, "b": [2]}) == [Change("b", "[1, 2]", "[2]")]
    assert changes(None, {"answer": "b"}) == [Change("answer", "—", "b")]
    assert changes("старое", "новое") == [Change(None, "старое", "новое")]
    assert changes(None, None) == []
    assert changes({"x": "same"}, {"x": "same"}) == []


@pytest.fixture
def entries(app, factory, frozen_clock):
    """Three actions by two admins on different days (Moscow time)."""
    alice = factory.admin(email="alice@example.com")
    bob = factory.user(email="bob@example.com", full_name="Боб Строгий", role="admin")
    target = factory.user(email="target@example.com", full_name="Цель Проверки")
    audit.record(
        alice, "user.promote_admin", "user", target.id, {"role": "candidate"}, {"role": "admin"}
    )
    db.session.commit()
    clock.advance(timedelta(days=2))
    audit.record(
        bob, "user.revoke_admin", "user", target.id, {"role": "admin"}, {"role": "candidate"}
    )
    db.session.commit()
    clock.advance(timedelta(days=2))
    audit.record(
        bob, "bank.question_edit", "question", "mail-05", {"answer": "a"}, {"answer": "<b>d</b>"}
    )
    db.session.commit()
    return {"alice": alice, "bob": bob, "target": target}


@pytest.fixture
def admin_client(client, login, entries):
    login(entries["alice"])
    return client


def rows_of(page: str) -> list[str]:
    body = page.split('class="audit-table"')[1].split("</tbody>")[0]
    return body.split("<tr>")[2:]


def test_page_lists_who_what_when_and_the_change(admin_client, entries):
    response = admin_client.get("/admin/audit")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    rows = rows_of(page)
    assert len(rows) == 3
    newest, middle, oldest = rows
    # Newest first; HTML in a value is shown, not interpreted.
    assert "bank.question_edit" in newest and "mail-05" in newest
    assert "&lt;b&gt;d&lt;/b&gt;" in newest and "<b>d</b>" not in newest
    assert "Боб Строгий" in middle
    assert "Снятие прав администратора" in middle
    assert 'admin</span> → <span class="change-after">candidate' in middle
    # A user target links to the person and names them.
    assert f'href="/admin/people/{entries["target"].id}"' in oldest
    assert "Цель Проверки" in oldest


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("action=user.revoke_admin", {"user.revoke_admin"}),
        ("actor=alice", {"user.promote_admin"}),
        ("actor=строгий", {"user.revoke_admin", "bank.question_edit"}),
        ("target_type=question", {"bank.question_edit"}),
        ("target_type=user&target_id={target}", {"user.promote_admin", "user.revoke_admin"}),
        ("date_to=2026-03-02", {"user.promote_admin"}),
        ("date_from=2026-03-04&date_to=2026-03-04", {"user.revoke_admin"}),
        ("date_from=2026-03-05", {"bank.question_edit"}),
        ("action=no.such", set()),
    ],
)
def test_filters(admin_client, entries, query, expected):
    query = query.format(target=entries["target"].id)
    page = admin_client.get(f"/admin/audit?{query}").get_data(as_text=True)
    actions = {"user.promote_admin", "user.revoke_admin", "bank.question_edit"}
    shown = {a for a in actions if any(a in row for row in rows_of(page))}
    assert shown == expected


def test_filter_choices_come_from_the_log(admin_client):
    page = admin_client.get("/admin/audit").get_data(as_text=True)
    assert '<option value="bank.question_edit">' in page
    assert '<option value="question">' in page


def test_bad_filter_is_named(admin_client):
    response = admin_client.get("/admin/audit?date_from=вчера")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Укажите дату в формате ГГГГ-ММ-ДД" in page
    assert admin_client.get("/admin/audit.csv?date_from=вчера").status_code == 400


def test_csv_has_one_row_per_changed_field(admin_client, entries):
    response = admin_client.get("/admin/audit.csv?actor=строгий")
    assert response.status_code == 200
    data = response.get_data()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == [
        "Когда",
        "Кто",
        "Email",
        "IP-адрес",
        "Действие",
        "Объект",
        "Идентификатор",
        "Поле",
        "Было",
        "Стало",
    ]
    assert [r[1:] for r in rows[1:]] == [
        [
            "Боб Строгий",
            "bob@example.com",
            "",
            "bank.question_edit",
            "question",
            "mail-05",
            "answer",
            "a",
            "<b>d</b>",
        ],
        [
            "Боб Строгий",
            "bob@example.com",
            "",
            "user.revoke_admin",
            "user",
            str(entries["target"].id),
            "role",
            "admin",
            "candidate",
        ],
    ]


def test_pagination_keeps_the_filter(app, client, login, factory, frozen_clock):
    admin = factory.admin()
    for i in range(105):
        audit.record(admin, "test.bulk", "thing", i)
    db.session.commit()
    login(admin)
    first = client.get("/admin/audit?action=test.bulk").get_data(as_text=True)
    assert "Записей: 105" in first
    assert len(rows_of(first)) == 100
    assert "/admin/audit?page=2&amp;action=test.bulk" in first
    second = client.get("/admin/audit?page=2&action=test.bulk").get_data(as_text=True)
    assert len(rows_of(second)) == 5


def test_revocation_from_the_certificate_page_shows_in_the_log(client, login, factory):
    from ...factories import certify

    admin = factory.admin()
    holder = factory.user(email="holder@example.com")
    certificate = certify(holder)
    login(admin)
    client.post(f"/admin/certificates/{certificate.id}", data={"reason": "Подделка документов"})
    page = client.get("/admin/audit").get_data(as_text=True)
    [row] = rows_of(page)
    assert "Отзыв сертификата" in row
    assert f'href="/admin/certificates/{certificate.id}"' in row
    assert "Подделка документов" in row
    person = client.get(f"/admin/people/{holder.id}").get_data(as_text=True)
    assert "certificate.revoke" in person


def test_when_is_shown_in_the_display_zone(admin_client):
    # Entries were made at 09:00 UTC on 2, 4 and 6 March: 12:00 in Moscow.
    rows = rows_of(admin_client.get("/admin/audit").get_data(as_text=True))
    assert all("12:00 MSK" in row for row in rows)
