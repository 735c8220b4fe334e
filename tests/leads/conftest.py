"""Partners, leads and API tokens for the lead tests, made through the real services."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from quiz_app.api import tokens
from quiz_app.extensions import db
from quiz_app.partner.leads import services
from quiz_app.partner.leads.models import Lead, LeadEvent, LeadSource
from quiz_app.partner.leads.validation import validate_lead

from ..factories import certify


def lead_data(**overrides) -> dict:
    """A valid lead as a person would type it (phone with spaces, budget in rubles)."""
    data = {
        "company": "ООО Ромашка",
        "contact_name": "Ирина Клиентова",
        "phone": "+7 916 123-45-67",
        "email": "irina@romashka.example",
        "city": "Казань",
        "industry": "retail",
        "users_count": "12",
        "budget": "150 000",
        "comment": "Нужна воронка продаж и телефония",
    }
    data.update(overrides)
    return data


@pytest.fixture
def make_lead():
    """make_lead(**fields) -> Lead: a new lead in the open pool."""

    def _make(source: LeadSource = LeadSource.SITE, **overrides) -> Lead:
        return services.create(validate_lead(lead_data(**overrides)), source)

    return _make


@pytest.fixture
def partner(factory, frozen_clock):
    user = factory.user(email="partner-a@example.com", full_name="Анна Партнёрова")
    certify(user)
    return user


@pytest.fixture
def other_partner(factory, frozen_clock):
    user = factory.user(email="partner-b@example.com", full_name="Борис Конкурентов")
    certify(user)
    return user


@pytest.fixture
def api_token(app):
    """(row, plaintext) of an active API token."""
    return tokens.issue("Лендинг", by=None)


def fresh(lead: Lead) -> Lead:
    """The lead as the database has it now (requests commit in their own sessions)."""
    db.session.rollback()
    return db.session.get(Lead, lead.id, populate_existing=True)


def events(lead: Lead) -> list[LeadEvent]:
    db.session.rollback()
    return list(
        db.session.scalars(
            select(LeadEvent).where(LeadEvent.lead_id == lead.id).order_by(LeadEvent.id)
        )
    )


def all_leads() -> list[Lead]:
    db.session.rollback()
    return list(db.session.scalars(select(Lead).order_by(Lead.id)))
