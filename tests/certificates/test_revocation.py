"""Admins revoke certificates with a reason; nobody else can."""

from __future__ import annotations

import pytest

from quiz_app import audit
from quiz_app.auth.models import Role
from quiz_app.certificates import services
from quiz_app.extensions import db

from ..factories import pass_exam


@pytest.fixture
def certificate(factory):
    return services.for_attempt(pass_exam(factory.user(email="p@example.com")).id)


def test_admin_revokes_with_reason(client, login, factory, certificate):
    login(factory.admin())
    listing = client.get("/admin/certificates?q=" + certificate.number).get_data(as_text=True)
    assert certificate.number in listing
    response = client.post(
        f"/admin/certificates/{certificate.id}", data={"reason": "Подделка документов"}
    )
    assert response.status_code == 302
    db.session.rollback()
    revoked = services.by_public_id(certificate.public_id)
    assert revoked.revoked_reason == "Подделка документов"
    assert revoked.holder.role == Role.CANDIDATE
    page = client.get(f"/verify/{certificate.public_id}").get_data(as_text=True)
    assert "ОТОЗВАН" in page
    [entry] = audit.recent(action="certificate.revoke")
    assert entry.target_id == certificate.number
    assert entry.actor.is_admin
    assert entry.after == {"status": "revoked", "reason": "Подделка документов"}


def test_revocation_needs_a_reason(client, login, factory, certificate):
    login(factory.admin())
    response = client.post(f"/admin/certificates/{certificate.id}", data={"reason": " "})
    assert response.status_code == 400
    assert "Причина отзыва" in response.get_data(as_text=True)
    db.session.rollback()
    assert services.by_public_id(certificate.public_id).revoked_at is None
    assert audit.recent() == []


@pytest.mark.parametrize("role", [Role.CANDIDATE, Role.PARTNER])
def test_non_admins_get_403(client, login, factory, certificate, role):
    login(factory.user(role=role))
    assert client.get("/admin/certificates").status_code == 403
    response = client.post(f"/admin/certificates/{certificate.id}", data={"reason": "Просто так"})
    assert response.status_code == 403
    db.session.rollback()
    assert services.by_public_id(certificate.public_id).revoked_at is None


def test_anonymous_sent_to_login(client):
    response = client.get("/admin/certificates")
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]
