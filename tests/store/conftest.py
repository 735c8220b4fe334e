"""Certified partners with a contract and client accounts, made through the real services."""

from __future__ import annotations

import itertools

import pytest

from quiz_app.partner.accounts import services as accounts
from quiz_app.partner.contracts import services as contracts

from ..contracts.helpers import COMPANY, SOLE_TRADER, certified_partner

_subdomains = itertools.count(1)


def open_account(owner, plan: str = "extended", users: int = 5):
    account, _token = accounts.create(
        owner,
        accounts.NewAccount(
            company="ООО Ромашка",
            contact_name="Ирина Клиентова",
            email="irina@romashka.example",
            phone="+79161234567",
            subdomain=f"romashka{next(_subdomains)}",
            users_count=users,
            plan=plan,
        ),
    )
    return account


@pytest.fixture(autouse=True)
def _clock(frozen_clock):
    return frozen_clock


@pytest.fixture
def partner(factory, app):
    user = certified_partner(factory, "partner-a@example.com")
    contracts.save_requisites(user, COMPANY)
    contracts.generate(user, app.config)
    return user


@pytest.fixture
def other_partner(factory, app):
    user = certified_partner(factory, "partner-b@example.com")
    contracts.save_requisites(user, SOLE_TRADER)
    contracts.generate(user, app.config)
    return user


@pytest.fixture
def account(partner):
    return open_account(partner)
