"""The credential's JSON answers 200 to the Accept headers real clients send."""

from __future__ import annotations

import pytest

from ..factories import certify

CHROMIUM = (
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,"
    "image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7"
)
FIREFOX = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture
def certificate(factory, frozen_clock):
    return certify(factory.user(full_name="Сидоров Пётр"))


@pytest.mark.parametrize(
    ("accept", "mimetype"),
    [
        (CHROMIUM, "application/json"),
        (FIREFOX, "application/json"),
        ("*/*", "application/json"),  # curl and python-requests
        ("application/json", "application/json"),
        ("application/ld+json", "application/ld+json"),
        ("application/ld+json, application/json;q=0.5", "application/ld+json"),
        ("application/json, application/ld+json;q=0.5", "application/json"),
        ("text/html", "application/json"),
        (None, "application/json"),
    ],
)
def test_every_accept_header_gets_the_credential(client, certificate, accept, mimetype):
    headers = {"Accept": accept} if accept is not None else {}
    response = client.get(f"/verify/{certificate.public_id}.json", headers=headers)
    assert response.status_code == 200
    assert response.mimetype == mimetype
    assert "Accept" in response.headers["Vary"]
    assert response.get_json()["credentialSubject"]["achievement"]["name"]
