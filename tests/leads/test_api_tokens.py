"""API tokens: created by the CLI or an admin page, shown once, revocable, audited."""

from __future__ import annotations

import re

from sqlalchemy import select

from quiz_app.api.tokens import ApiToken
from quiz_app.audit import AuditEntry
from quiz_app.extensions import db

from .conftest import lead_data


def api_post(client, raw: str):
    return client.post(
        "/api/v1/leads",
        json=lead_data(users_count=3),
        headers={"Authorization": f"Bearer {raw}"},
    )


def test_cli_creates_a_token_and_prints_it_once(runner, client):
    result = runner.invoke(args=["create-api-token", "Колл-центр"])
    assert result.exit_code == 0, result.output
    raw = result.output.strip().splitlines()[-1]
    token = db.session.scalar(select(ApiToken))
    assert token.name == "Колл-центр"
    assert token.created_by_id is None
    assert api_post(client, raw).status_code == 201


def test_cli_refuses_an_empty_name(runner):
    result = runner.invoke(args=["create-api-token", "   "])
    assert result.exit_code != 0
    assert "name" in result.output
    assert db.session.scalar(select(ApiToken)) is None


def test_admin_creates_a_token_that_is_shown_only_once(client, login, factory):
    admin = factory.admin()
    login(admin)
    response = client.post("/admin/api-tokens", data={"name": "Лендинг весна"})
    assert response.status_code == 201
    assert response.headers["Cache-Control"] == "no-store"
    raw = re.search(r'<code class="token-value">([^<]+)</code>', response.get_data(as_text=True))[1]
    listing = client.get("/admin/api-tokens").get_data(as_text=True)
    assert "Лендинг весна" in listing
    assert raw not in listing
    assert raw[:10] in listing  # the prefix identifies it
    assert api_post(client, raw).status_code == 201
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "api_token.create"))
    assert entry.actor_id == admin.id
    assert entry.after == {"name": "Лендинг весна"}


def test_admin_form_names_a_missing_name(client, login, factory):
    login(factory.admin())
    response = client.post("/admin/api-tokens", data={"name": ""})
    assert response.status_code == 400
    assert db.session.scalar(select(ApiToken)) is None


def test_admin_revokes_a_token(client, login, factory, api_token):
    token, raw = api_token
    admin = factory.admin()
    login(admin)
    response = client.post(f"/admin/api-tokens/{token.id}/revoke", follow_redirects=True)
    assert "Токен «Лендинг» отозван" in response.get_data(as_text=True)
    assert api_post(client, raw).status_code == 401
    db.session.rollback()
    assert db.session.get(ApiToken, token.id).revoked_at is not None
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "api_token.revoke")
    ).all()
    assert [(e.actor_id, e.target_id) for e in entries] == [(admin.id, str(token.id))]
    # Revoking again changes nothing and writes no second entry.
    client.post(f"/admin/api-tokens/{token.id}/revoke")
    assert (
        db.session.scalar(
            select(db.func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.action == "api_token.revoke")
        )
        == 1
    )


def test_revoking_an_unknown_token_is_404(client, login, factory):
    login(factory.admin())
    assert client.post("/admin/api-tokens/9999/revoke").status_code == 404


def test_token_pages_are_for_admins_only(client, login, partner, api_token):
    login(partner)
    assert client.get("/admin/api-tokens").status_code == 403
    assert client.post("/admin/api-tokens", data={"name": "Мой"}).status_code == 403
    assert client.post(f"/admin/api-tokens/{api_token[0].id}/revoke").status_code == 403
    db.session.rollback()
    assert db.session.get(ApiToken, api_token[0].id).revoked_at is None
    assert db.session.scalar(select(db.func.count()).select_from(ApiToken)) == 1
