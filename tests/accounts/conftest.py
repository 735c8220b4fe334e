"""Partners with client accounts, made through the real services."""

from __future__ import annotations

import pytest

from quiz_app.partner.accounts import services
from quiz_app.partner.accounts.plans import plan_choices

from ..factories import certify

_counter = {"n": 0}


@pytest.fixture
def partner(factory, frozen_clock):
    user = factory.user(email="partner-a@example.com", company="ООО Внедрение А")
    certify(user)
    return user


@pytest.fixture
def other_partner(factory, frozen_clock):
    user = factory.user(email="partner-b@example.com", company="ООО Внедрение Б")
    certify(user)
    return user


def new_account_data(**overrides) -> services.NewAccount:
    _counter["n"] += 1
    data = {
        "company": "ООО Ромашка",
        "contact_name": "Ирина Клиентова",
        "email": "irina@romashka.example",
        "phone": "+79161234567",
        "subdomain": f"romashka{_counter['n']}",
        "users_count": 5,
        "plan": plan_choices()[0][0],
    }
    data.update(overrides)
    return services.NewAccount(**data)


@pytest.fixture
def make_account():
    """make_account(partner, **fields) -> (account, token)."""

    def _make(owner, **overrides):
        return services.create(owner, new_account_data(**overrides))

    return _make
