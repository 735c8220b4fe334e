"""In Chromium: the verification page's «JSON» link opens the credential."""

from __future__ import annotations

from ..factories import certify


def test_the_credential_link_opens_in_the_browser(page, factory, frozen_clock):
    certificate = certify(factory.user(full_name="Сидоров Пётр"))
    page.goto(f"/verify/{certificate.public_id}")
    with page.expect_response(lambda r: r.url.endswith(".json")) as answer:
        page.get_by_role("link", name="JSON").click()
    response = answer.value
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
