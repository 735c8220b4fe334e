"""The public verification page: valid, expired, revoked, unknown; no login needed."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from quiz_app.certificates import services

from ..factories import pass_exam


@pytest.fixture
def certificate(factory, frozen_clock):
    user = factory.user(full_name="Сидоров Пётр", company="ИП Сидоров")
    return services.for_attempt(pass_exam(user).id)


def test_valid_certificate_page_without_login(client, certificate):
    response = client.get(f"/verify/{certificate.public_id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'data-status="valid"' in page
    assert "ДЕЙСТВИТЕЛЕН" in page
    for text in ("Сидоров Пётр", "ИП Сидоров", certificate.number, "115 / 115"):
        assert text in page


def test_page_has_social_preview_tags(client, certificate):
    page = client.get(f"/verify/{certificate.public_id}").get_data(as_text=True)
    image = f"http://localhost/verify/{certificate.public_id}.png"
    assert f'<meta property="og:image" content="{image}">' in page
    assert f'<meta name="twitter:image" content="{image}">' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    assert re.search(r'<meta property="og:title" content="[^"]*' + certificate.number, page)
    assert client.get(f"/verify/{certificate.public_id}.png").status_code == 200


def test_share_links(client, certificate):
    page = client.get(f"/verify/{certificate.public_id}").get_data(as_text=True)
    assert "https://vk.com/share.php?url=http%3A%2F%2Flocalhost%2Fverify%2F" in page
    assert "https://t.me/share/url?url=" in page
    linkedin = re.search(r'href="(https://www\.linkedin\.com/profile/add\?[^"]+)"', page).group(1)
    issued, expires = certificate.issued_at, certificate.valid_until
    for part in (
        "startTask=CERTIFICATION_NAME",
        f"issueYear={issued.year}&amp;issueMonth={issued.month}",
        f"expirationYear={expires.year}&amp;expirationMonth={expires.month}",
        f"certId={certificate.number}",
        "certUrl=http%3A%2F%2Flocalhost%2Fverify%2F",
        "organizationName=",
    ):
        assert part in linkedin


def test_expired_certificate(client, certificate, frozen_clock):
    frozen_clock.advance(timedelta(days=366))
    page = client.get(f"/verify/{certificate.public_id}").get_data(as_text=True)
    assert 'data-status="expired"' in page
    assert "СРОК ИСТЁК" in page
    assert "vk.com/share" not in page


def test_revoked_certificate_shows_reason(client, certificate, factory):
    services.revoke(certificate, "Нарушение правил программы", by=factory.admin())
    page = client.get(f"/verify/{certificate.public_id}").get_data(as_text=True)
    assert 'data-status="revoked"' in page
    assert "ОТОЗВАН" in page
    assert "Нарушение правил программы" in page


@pytest.mark.parametrize("suffix", ["", ".json", ".png"])
def test_unknown_id_is_plain_404(client, suffix):
    response = client.get(f"/verify/doesnotexist{suffix}")
    assert response.status_code == 404


def test_page_says_what_was_achieved_and_what_verifiers_see(client, certificate, factory):
    page = client.get(f"/verify/{certificate.public_id}").get_data(as_text=True)
    assert "Экзамен из 115 вопросов за 60 минут" in page
    assert "сертификат выдаётся при 100 баллах и более" in page
    assert page.count("<li>") >= 9  # the exam's blocks
    assert 'data-listed="valid"' in page
    assert "http://localhost/status/revocation/0" in page
    services.revoke(certificate, "Жалоба", by=factory.admin())
    page = client.get(f"/verify/{certificate.public_id}").get_data(as_text=True)
    assert 'data-listed="revoked"' in page


def test_the_credential_downloads_as_a_file(client, certificate):
    page = client.get(f"/verify/{certificate.public_id}").get_data(as_text=True)
    link = re.search(r'href="([^"]+download=1)"', page).group(1)
    response = client.get(link.replace("&amp;", "&"))
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="credential-{certificate.public_id}.json"'
    )
    assert response.get_json()["id"].endswith(f"/verify/{certificate.public_id}.json")
