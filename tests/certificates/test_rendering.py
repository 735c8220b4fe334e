"""PDF and PNG render the certificate's data, in Cyrillic, at the promised sizes."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from PIL import Image
from pypdf import PdfReader

from quiz_app.certificates import services
from quiz_app.documents.dates import russian_date

from ..factories import pass_exam


@pytest.fixture
def owner(factory):
    return factory.user(full_name="Ёлкина Юлия Эдуардовна", company="ООО «Щит и Меч»")


@pytest.fixture
def certificate(owner, frozen_clock):
    return services.for_attempt(pass_exam(owner, correct=107).id)


def test_pdf_is_a4_landscape_with_cyrillic_text(client, login, owner, certificate):
    login(owner)
    response = client.get(f"/certificates/{certificate.public_id}.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert f'filename="{certificate.number}.pdf"' in response.headers["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.data))
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (842, 595)
    text = " ".join(page.extract_text().split())
    for expected in (
        "СЕРТИФИКАТ ПАРТНЁРА",
        "Ёлкина Юлия Эдуардовна",
        "ООО «Щит и Меч»",
        "107 из 115",
        certificate.number,
        russian_date(certificate.issued_at),
        russian_date(certificate.valid_until),
        f"/verify/{certificate.public_id}",
    ):
        assert expected in text
    fonts = {str(f["/BaseFont"]) for f in page["/Resources"]["/Font"].values()}
    assert any("PTSans" in name for name in fonts), fonts
    assert page["/Resources"]["/XObject"], "the QR code image is missing"


def test_pdf_only_for_holder_and_admins(client, login, factory, certificate):
    assert client.get(f"/certificates/{certificate.public_id}.pdf").status_code == 404
    login(factory.user())
    assert client.get(f"/certificates/{certificate.public_id}.pdf").status_code == 404
    login(factory.admin())
    assert client.get(f"/certificates/{certificate.public_id}.pdf").status_code == 200


def test_png_is_social_preview_size(client, certificate):
    response = client.get(f"/verify/{certificate.public_id}.png")
    assert response.mimetype == "image/png"
    image = Image.open(io.BytesIO(response.data))
    assert image.size == (1200, 630)
    # The QR code: a square of pure black and white modules in the right part of the image.
    qr_area = image.convert("L").crop((880, 250, 1140, 510))
    histogram = qr_area.histogram()
    assert sum(histogram[1:255]) == 0  # nothing but black and white
    assert histogram[0] > 5000 and histogram[255] > 5000


def test_russian_date():
    assert russian_date(datetime(2026, 3, 2, tzinfo=UTC)) == "2 марта 2026 г."
