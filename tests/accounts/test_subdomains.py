"""Subdomains: the allowed form, and uniqueness across every partner's accounts."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from quiz_app.extensions import db
from quiz_app.partner.accounts import services, subdomains
from quiz_app.partner.accounts.models import ClientAccount

from .conftest import new_account_data


@pytest.mark.parametrize("value", ["abc", "romashka", "roma-shka", "a1b2", "123", "x" * 63])
def test_valid_subdomains(value):
    assert subdomains.problem(value) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", "Укажите поддомен"),
        ("ab", "от 3 до 63"),
        ("x" * 64, "от 3 до 63"),
        ("рога", "строчные латинские буквы"),
        ("roma shka", "строчные латинские буквы"),
        ("roma_shka", "строчные латинские буквы"),
        ("roma.shka", "строчные латинские буквы"),
        ("-romashka", "дефисом"),
        ("romashka-", "дефисом"),
        ("xn--80ak6aa92e", "Два дефиса"),
        ("admin", "зарезервирован"),
        ("www", "зарезервирован"),
    ],
)
def test_invalid_subdomains_say_why(value, expected):
    assert expected in subdomains.problem(value)


def test_case_and_spaces_are_normalized():
    assert subdomains.normalize("  RomaShka ") == "romashka"
    assert subdomains.problem(subdomains.normalize("RomaShka")) is None


def test_subdomain_is_unique_across_partners(partner, other_partner, make_account):
    make_account(partner, subdomain="romashka")
    with pytest.raises(services.SubdomainTaken) as caught:
        make_account(other_partner, subdomain="RomaShka")
    assert caught.value.field == "subdomain"
    assert "«romashka» уже занят" in caught.value.message
    assert db.session.scalar(select(db.func.count()).select_from(ClientAccount)) == 1


def test_the_database_settles_a_race_for_one_subdomain(partner, other_partner, monkeypatch):
    """Both partners pass the friendly check at the same moment; the unique constraint decides."""
    services.create(partner, new_account_data(subdomain="romashka"))
    monkeypatch.setattr(services, "subdomain_is_taken", lambda name: False)
    # With the check skipped the insert itself fails; the caller still gets the clear message.
    with pytest.raises(services.SubdomainTaken, match="уже занят"):
        services.create(other_partner, new_account_data(subdomain="romashka"))
    assert db.session.scalar(select(db.func.count()).select_from(ClientAccount)) == 1


def test_an_invalid_subdomain_is_refused_by_the_service_too(partner):
    with pytest.raises(services.AccountError) as caught:
        services.create(partner, new_account_data(subdomain="Рога и копыта"))
    assert caught.value.field == "subdomain"
    assert db.session.scalar(select(ClientAccount)) is None
