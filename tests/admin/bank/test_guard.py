"""Every bank editor route is for admins only: the admin guard covers them all."""

from __future__ import annotations

import pytest

from quiz_app.auth.models import Role

from .helpers import snapshot

VALUES = {"question_id": "mail-01", "block_id": "mail", "version_id": "1", "number": "1"}


def bank_routes(app) -> list[tuple[str, str]]:
    routes = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/admin/bank"):
            continue
        path = rule.rule
        for name in rule.arguments:
            path = path.replace(f"<{name}>", VALUES[name]).replace(f"<int:{name}>", VALUES[name])
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            routes.append((method, path))
    return routes


def test_the_editor_has_the_routes_this_test_covers(app):
    paths = {path for _method, path in bank_routes(app)}
    assert len(paths) == 18
    assert "/admin/bank/questions/mail-01" in paths


@pytest.mark.parametrize("role", [Role.CANDIDATE, Role.PARTNER])
def test_non_admins_get_403_everywhere(app, bank_dir, client, login, factory, role):
    login(factory.user(email=f"{role}@example.com", role=role))
    before = snapshot(bank_dir)
    routes = bank_routes(app)
    for method, path in routes:
        response = client.open(path, method=method, data={"direction": "up", "token": "x"})
        assert response.status_code == 403, (method, path)
    assert snapshot(bank_dir) == before


def test_anonymous_visitors_are_sent_to_log_in(app, bank_dir, client):
    for method, path in bank_routes(app):
        response = client.open(path, method=method)
        assert response.status_code == 302, (method, path)
        assert "/auth/login" in response.headers["Location"]


def test_admins_reach_every_page(app, admin_client, bank_dir):
    for method, path in bank_routes(app):
        if method == "GET":
            assert admin_client.get(path).status_code == 200, path
