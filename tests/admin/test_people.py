"""Admins find candidates and partners, see their attempts and certificates, change roles."""

from __future__ import annotations

import csv
import io

import pytest

from quiz_app import audit
from quiz_app.admin.people import services
from quiz_app.auth.models import Role, User
from quiz_app.certificates import services as certificates
from quiz_app.extensions import db

from ..factories import pass_exam


@pytest.fixture
def admin(factory):
    return factory.admin()


@pytest.fixture
def admin_client(client, login, admin):
    login(admin)
    return client


@pytest.fixture
def people(factory):
    return {
        "ivanov": factory.user(
            email="ivanov@example.com", full_name="Иванов Иван", company="ООО Ромашка"
        ),
        "petrova": factory.user(
            email="petrova@crm.example", full_name="Петрова Анна", company="Лютик и партнёры"
        ),
        "smith": factory.user(
            email="smith@example.org", full_name="John Smith", company="100% Cotton Ltd"
        ),
    }


def names(page: str, people: dict) -> set[str]:
    return {key for key, user in people.items() if f'/admin/people/{user.id}"' in page}


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("иванов", {"ivanov"}),  # Cyrillic, case-insensitive
        ("ИВАН", {"ivanov"}),
        ("crm.example", {"petrova"}),  # email
        ("лютик", {"petrova"}),  # company
        ("smith cotton", {"smith"}),  # every word must match somewhere
        ("иванов лютик", set()),
        ("100%", {"smith"}),  # % is a character here, not a wildcard
        ("%", {"smith"}),
        ("_", set()),
        ("", {"ivanov", "petrova", "smith"}),
    ],
)
def test_search_by_name_email_company(admin_client, people, query, found):
    response = admin_client.get("/admin/people", query_string={"q": query})
    assert response.status_code == 200
    assert names(response.get_data(as_text=True), people) == found


def test_role_filter(admin_client, people, factory):
    partner = factory.user(email="partner@example.com", role=Role.PARTNER)
    page = admin_client.get("/admin/people?role=partner").get_data(as_text=True)
    assert f'/admin/people/{partner.id}"' in page
    assert names(page, people) == set()
    bad = admin_client.get("/admin/people?role=superuser")
    assert bad.status_code == 400
    assert "Роль" in bad.get_data(as_text=True)


def test_pagination(app, people, factory):
    for i in range(4):
        factory.user(email=f"bulk{i}@example.com", full_name=f"Массовый {i}")
    first = services.search("", None, page=1, per_page=3)
    second = services.search("", None, page=2, per_page=3)
    third = services.search("", None, page=3, per_page=3)
    assert (first.total, first.pages) == (7, 3)
    ids = [r.user.id for r in first.rows + second.rows + third.rows]
    assert len(ids) == len(set(ids)) == 7
    assert services.search("", None, page=99, per_page=3).page == 3


def test_search_shows_attempts_and_certification(admin_client, factory):
    partner = factory.user(email="good@example.com", full_name="Сдавший Экзамен")
    pass_exam(partner, correct=110)
    page = admin_client.get("/admin/people?q=Сдавший").get_data(as_text=True)
    row = page.split(f'/admin/people/{partner.id}"')[1].split("</tr>")[0]
    assert "Партнёр" in row
    assert "<td>110</td>" in row
    assert "действует" in row


def test_people_csv(admin_client, people):
    response = admin_client.get("/admin/people.csv?q=лютик")
    assert response.status_code == 200
    assert response.get_data().startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert rows[0][:3] == ["ФИО", "Email", "Компания"]
    assert [r[1] for r in rows[1:]] == ["petrova@crm.example"]


def test_person_page_shows_attempts_blocks_and_certificates(admin_client, factory):
    user = factory.user(email="hero@example.com", full_name="Герой Теста")
    attempt = pass_exam(user, correct=112)
    certificate = certificates.for_attempt(attempt.id)
    page = admin_client.get(f"/admin/people/{user.id}").get_data(as_text=True)
    assert "Герой Теста" in page and "hero@example.com" in page
    assert f"Попытка №{attempt.id}" in page
    assert "112 / 115" in page
    # Per-block breakdown: the real bank has nine blocks.
    assert page.count("<meter") == 9
    # The certificate links to the admin page where it can be revoked with a reason.
    assert f'href="/admin/certificates/{certificate.id}"' in page
    assert certificate.number in page


def test_person_attempts_csv(admin_client, factory):
    user = factory.user()
    attempt = pass_exam(user, correct=100)
    rows = list(
        csv.reader(
            io.StringIO(
                admin_client.get(f"/admin/people/{user.id}/attempts.csv")
                .get_data()
                .decode("utf-8-sig")
            )
        )
    )
    header, [row] = rows[0], rows[1:]
    assert header[:2] == ["Попытка", "Начата"]
    assert len(header) == 10 + 9  # the fixed columns, then one per block
    assert row[0] == str(attempt.id)
    assert row[5] == "100"
    assert row[8] == "1"
    assert sum(int(cell.split("/")[0]) for cell in row[10:]) == 100


def test_unknown_person_is_404(admin_client):
    assert admin_client.get("/admin/people/999999").status_code == 404
    assert admin_client.get("/admin/people/999999/attempts.csv").status_code == 404
    assert (
        admin_client.post("/admin/people/999999/role", data={"action": "promote"}).status_code
        == 404
    )


def test_promote_to_admin_is_audited(admin_client, admin, people):
    target = people["petrova"]
    response = admin_client.post(f"/admin/people/{target.id}/role", data={"action": "promote"})
    assert response.status_code == 302
    db.session.rollback()
    assert db.session.get(User, target.id).role == Role.ADMIN
    [entry] = audit.recent(action="user.promote_admin")
    assert (entry.actor_id, entry.target_type, entry.target_id) == (
        admin.id,
        "user",
        str(target.id),
    )
    assert (entry.before, entry.after) == ({"role": "candidate"}, {"role": "admin"})
    # The person page shows the change in its own log.
    page = admin_client.get(f"/admin/people/{target.id}").get_data(as_text=True)
    assert "candidate" in page and "Снять права администратора" in page


def test_demoted_admin_returns_to_the_role_the_certificate_gives(admin_client, admin, factory):
    certified = factory.user(email="cert@example.com")
    pass_exam(certified)
    plain = factory.user(email="plain@example.com")
    for user in (certified, plain):
        admin_client.post(f"/admin/people/{user.id}/role", data={"action": "promote"})
        admin_client.post(f"/admin/people/{user.id}/role", data={"action": "demote"})
    db.session.rollback()
    assert db.session.get(User, certified.id).role == Role.PARTNER
    assert db.session.get(User, plain.id).role == Role.CANDIDATE
    demotions = audit.recent(action="user.revoke_admin")
    assert {(e.target_id, e.after["role"]) for e in demotions} == {
        (str(certified.id), "partner"),
        (str(plain.id), "candidate"),
    }


def test_a_demoted_admin_loses_access_at_once(client, login, admin, factory):
    other = factory.admin(email="other-admin@example.com")
    login(admin)
    client.post(f"/admin/people/{other.id}/role", data={"action": "demote"})
    login(other)
    assert client.get("/admin/people").status_code == 403


def test_admin_cannot_demote_themselves(admin_client, admin):
    response = admin_client.post(
        f"/admin/people/{admin.id}/role", data={"action": "demote"}, follow_redirects=True
    )
    assert "Нельзя снять права администратора с самого себя" in response.get_data(as_text=True)
    db.session.rollback()
    assert db.session.get(User, admin.id).role == Role.ADMIN
    assert audit.recent() == []


def test_refusals_name_the_reason(admin_client, people):
    target = people["ivanov"]
    page = admin_client.post(
        f"/admin/people/{target.id}/role", data={"action": "demote"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "Этот пользователь не администратор" in page
    admin_client.post(f"/admin/people/{target.id}/role", data={"action": "promote"})
    page = admin_client.post(
        f"/admin/people/{target.id}/role", data={"action": "promote"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "уже администратор" in page
    bad = admin_client.post(f"/admin/people/{target.id}/role", data={"action": "delete"})
    assert bad.status_code == 400
    assert "Неизвестное действие" in bad.get_data(as_text=True)
    assert len(audit.recent()) == 1


def test_demote_requires_another_admin_to_remain(app, admin, factory):
    """The UPDATE itself refuses to remove the last admin, whatever the caller checked."""
    other = factory.admin(email="second@example.com")
    services.revoke_admin(other.id, by=admin)
    # `other` (no longer an admin) cannot act, and `admin` is now the only one left.
    with pytest.raises(services.RoleChangeRefused) as refused:
        services.revoke_admin(admin.id, by=other)
    assert refused.value.code == "changed"
    assert db.session.get(User, admin.id).role == Role.ADMIN
