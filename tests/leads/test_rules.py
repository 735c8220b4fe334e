"""Pure rules, without an app: money parsing, city spelling, the status flow."""

from __future__ import annotations

import pytest
from pydantic_core import PydanticCustomError

from quiz_app.partner.leads.models import TRANSITIONS, LeadStatus
from quiz_app.partner.leads.validation import normalize_city, parse_rubles


@pytest.mark.parametrize(
    ("text", "kopecks"),
    [
        ("150000", 15_000_000),
        ("150 000,50", 15_000_050),
        ("1\u00a0500\u00a0000", 150_000_000),
        ("99.9", 9_990),
        ("2 000 ₽", 200_000),
        (150000, 15_000_000),
        (0.5, 50),
        ("0", 0),
        ("", None),
        (None, None),
    ],
)
def test_rubles_become_kopecks(text, kopecks):
    assert parse_rubles(text) == kopecks


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("1,005", "budget_format"),
        ("сто", "budget_format"),
        ("nan", "budget_format"),
        ("-1", "budget_negative"),
        (True, "budget_format"),
        ("20000000000", "budget_too_large"),
    ],
)
def test_bad_amounts_are_refused(text, code):
    with pytest.raises(PydanticCustomError) as caught:
        parse_rubles(text)
    assert caught.value.type == code


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("москва", "Москва"),
        ("  САНКТ-ПЕТЕРБУРГ ", "Санкт-Петербург"),
        ("ростов-на-дону", "Ростов-на-Дону"),
        ("нижний   новгород", "Нижний Новгород"),
        ("Йошкар-Ола", "Йошкар-Ола"),
        ("McAllen", "McAllen"),
    ],
)
def test_a_city_has_one_spelling(typed, stored):
    assert normalize_city(typed) == stored


def test_the_flow_only_goes_forward_and_ends_in_won_or_lost():
    assert TRANSITIONS[LeadStatus.NEW] == (LeadStatus.IN_CONTACT, LeadStatus.LOST)
    assert TRANSITIONS[LeadStatus.IN_CONTACT] == (LeadStatus.MEETING, LeadStatus.LOST)
    assert TRANSITIONS[LeadStatus.MEETING] == (LeadStatus.WON, LeadStatus.LOST)
    assert TRANSITIONS[LeadStatus.WON] == TRANSITIONS[LeadStatus.LOST] == ()
