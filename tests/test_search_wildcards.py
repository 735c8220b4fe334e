"""Searches find the characters typed: % and _ are not wildcards."""

from __future__ import annotations

from .factories import certify


def test_a_percent_sign_finds_nobody_but_names_with_one(client, login, factory):
    factory.user(email="a@example.com", full_name="Анна Обычная")
    factory.user(email="b@example.com", full_name="Борис 100% Точный")
    login(factory.admin())
    page = client.get("/admin/people?q=%25").get_data(as_text=True)
    assert "Борис 100% Точный" in page
    assert "Анна Обычная" not in page


def test_an_underscore_is_a_character_in_certificate_search(client, login, factory, frozen_clock):
    certificate = certify(factory.user(email="holder@example.com"))
    login(factory.admin())
    assert certificate.number in client.get("/admin/certificates?q=AP").get_data(as_text=True)
    # As a wildcard, "_" would match every certificate; no number, name or company has one.
    assert certificate.number not in client.get("/admin/certificates?q=_").get_data(as_text=True)
