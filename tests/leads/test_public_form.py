"""The public request form: no login, CSRF, a rate limit, and a honeypot that drops bots."""

from __future__ import annotations

import re

import pytest

from .conftest import all_leads, events, lead_data


def test_home_page_links_to_the_form(client):
    assert 'href="/request"' in client.get("/").get_data(as_text=True)


def test_visitor_sends_a_lead_into_the_pool(client):
    page = client.get("/request")
    assert page.status_code == 200
    assert 'name="website"' in page.get_data(as_text=True)  # the honeypot is on the page
    response = client.post("/request", data=lead_data(consent="y"))
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/request/thanks")
    assert "Спасибо, заявка отправлена" in client.get("/request/thanks").get_data(as_text=True)
    [lead] = all_leads()
    assert (lead.source, lead.status, lead.partner_id) == ("site", "new", None)
    assert lead.company == "ООО Ромашка"
    assert [(e.kind, e.actor_id) for e in events(lead)] == [("created", None)]


def test_honeypot_filled_is_discarded_silently(client):
    response = client.post("/request", data=lead_data(consent="y", website="http://spam.example"))
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/request/thanks")
    assert all_leads() == []


def test_honeypot_wins_even_over_invalid_fields(client):
    # A bot that also got the fields wrong must not learn anything from error messages.
    response = client.post("/request", data={"website": "x", "company": ""})
    assert response.status_code == 302
    assert all_leads() == []


def test_consent_is_required(client):
    response = client.post("/request", data=lead_data())
    assert response.status_code == 400
    assert "Без согласия мы не сможем передать заявку" in response.get_data(as_text=True)
    assert all_leads() == []


def test_honeypot_is_hidden_by_the_stylesheet_not_inline(client):
    page = client.get("/request").get_data(as_text=True)
    assert 'class="hp-field"' in page
    assert "style=" not in page
    assert "<script>" not in page


@pytest.fixture
def csrf_on(app_config):
    app_config.update(WTF_CSRF_ENABLED=True)


def test_form_needs_its_csrf_token(csrf_on, client):
    refused = client.post("/request", data=lead_data(consent="y"))
    assert refused.status_code == 400
    assert all_leads() == []
    page = client.get("/request").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    accepted = client.post("/request", data=lead_data(consent="y", csrf_token=token))
    assert accepted.status_code == 302
    assert len(all_leads()) == 1


@pytest.fixture
def rate_limited(app_config):
    app_config.update(RATELIMIT_ENABLED=True, LEAD_FORM_RATE_LIMIT="2 per minute")


def typo(**overrides) -> dict:
    """A submission a person gets wrong: the phone number is one digit short."""
    return lead_data(consent="y", phone="+7 916 123-45-6", **overrides)


def test_form_is_rate_limited(rate_limited, client):
    codes = [client.post("/request", data=lead_data(consent="y")).status_code for _ in range(3)]
    assert codes == [302, 302, 429]
    assert len(all_leads()) == 2
    # Reading the form is not limited, only sending it.
    assert client.get("/request").status_code == 200
    # Nor does the refusal stop a person who then gets the form wrong from seeing why.
    assert client.post("/request", data=typo()).status_code == 400


@pytest.fixture
def shipped_limits(app_config):
    app_config.update(RATELIMIT_ENABLED=True)


@pytest.fixture
def low_flood_limit(app_config):
    app_config.update(
        RATELIMIT_ENABLED=True,
        LEAD_FORM_RATE_LIMIT="2 per minute",
        LEAD_FORM_INVALID_RATE_LIMIT="5 per minute",
    )


def test_typos_never_use_up_the_accepted_submissions(shipped_limits, client):
    """The shipped limits: ten wrong tries, then the right one is accepted."""
    assert client.application.config["LEAD_FORM_RATE_LIMIT"] == "5 per minute;30 per hour"
    for _ in range(10):
        assert client.post("/request", data=typo()).status_code == 400
    assert client.post("/request", data=lead_data(consent="y")).status_code == 302
    assert len(all_leads()) == 1
    # Under the same shipped limits the sixth accepted lead in a minute is refused.
    codes = [client.post("/request", data=lead_data(consent="y")).status_code for _ in range(5)]
    assert codes == [302, 302, 302, 302, 429]


def test_the_accepted_limit_holds_after_typos(rate_limited, client):
    assert client.post("/request", data=typo()).status_code == 400
    codes = [client.post("/request", data=lead_data(consent="y")).status_code for _ in range(3)]
    assert codes == [302, 302, 429]
    assert len(all_leads()) == 2


def test_a_flood_of_invalid_submissions_is_refused(low_flood_limit, client):
    codes = [client.post("/request", data=typo()).status_code for _ in range(6)]
    assert codes == [400] * 5 + [429]
    refused = client.post("/request", data={"company": ""})
    assert refused.status_code == 429
    page = refused.get_data(as_text=True)
    assert "Слишком много неверно заполненных заявок с вашего адреса" in page
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    # A bot's honeypot submissions count as refused ones too.
    assert client.post("/request", data=lead_data(website="x")).status_code == 429
    # Another address is not affected.
    other = client.post("/request", data=typo(), environ_base={"REMOTE_ADDR": "192.0.2.9"})
    assert other.status_code == 400
    assert all_leads() == []
