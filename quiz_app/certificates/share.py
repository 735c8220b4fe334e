"""Links that share a certificate on social networks; pure functions of its data."""

from __future__ import annotations

from urllib.parse import urlencode

from .models import Certificate

CERTIFICATION_NAME = "Официальный партнёр amoCRM"


def vk(url: str, title: str) -> str:
    return "https://vk.com/share.php?" + urlencode({"url": url, "title": title})


def telegram(url: str, text: str) -> str:
    return "https://t.me/share/url?" + urlencode({"url": url, "text": text})


def linkedin_add_to_profile(certificate: Certificate, url: str, organization: str) -> str:
    """LinkedIn's "Add license or certification" form, pre-filled."""
    params = {
        "startTask": "CERTIFICATION_NAME",
        "name": CERTIFICATION_NAME,
        "organizationName": organization,
        "issueYear": certificate.issued_at.year,
        "issueMonth": certificate.issued_at.month,
        "expirationYear": certificate.valid_until.year,
        "expirationMonth": certificate.valid_until.month,
        "certUrl": url,
        "certId": certificate.number,
    }
    return "https://www.linkedin.com/profile/add?" + urlencode(params)


def links(certificate: Certificate, url: str, organization: str) -> dict[str, str]:
    text = f"Я — сертифицированный партнёр amoCRM. Сертификат № {certificate.number}"
    return {
        "vk": vk(url, text),
        "telegram": telegram(url, text),
        "linkedin": linkedin_add_to_profile(certificate, url, organization),
    }
