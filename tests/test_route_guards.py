"""Every route of the app, walked as anonymous, candidate, partner A, partner B and admin.

Each endpoint must be listed in POLICY; a new route without a policy fails this test, and a
route whose guard is missing or wrong fails it too. Objects in URLs belong to partner A (or
to the candidate, for attempts), so partner B must get 404 where A gets in.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from quiz_app.api import tokens
from quiz_app.bank.models import QuestionVersion
from quiz_app.certificates import services as certificates
from quiz_app.exam import services as exam
from quiz_app.extensions import db
from quiz_app.partner.contracts import services as contracts
from quiz_app.partner.leads import services as leads
from quiz_app.partner.leads.models import LeadSource
from quiz_app.partner.leads.validation import validate_lead
from quiz_app.partner.store import services as store
from quiz_app.partner.store.models import StoreOrder
from quiz_app.reference.loader import current_reference

from .contracts.helpers import COMPANY, SOLE_TRADER
from .factories import pass_exam
from .leads.conftest import lead_data
from .store.conftest import open_account

PUBLIC = "public"  # everyone, no login
LOGIN = "login"  # any signed-in user; anonymous goes to the login page
OWNER = "owner"  # a partner's own object (or the candidate's attempt): others get 404
PARTNER = "partner"  # certified partners and admins; candidates 403
PARTNER_OWNED = "partner-owned"  # PARTNER, and partner B gets 404 on partner A's object
ADMIN = "admin"  # admins only; everyone else 403 (anonymous: login page)
TOKEN = "token"  # API token, never a session: 401 without one

POLICY = {
    "static": PUBLIC, "main.index": PUBLIC, "main.health": PUBLIC, "main.set_language": PUBLIC,
    "main.favicon": PUBLIC, "main.privacy": PUBLIC,
    "auth.login": PUBLIC, "auth.register": PUBLIC, "auth.reset_request": PUBLIC,
    "auth.reset_password": PUBLIC, "auth.logout": LOGIN, "auth.account": LOGIN,
    "auth.change_password": LOGIN, "auth.end_other_sessions": LOGIN,
    "auth.notification_settings": LOGIN, "auth.resend_confirmation": LOGIN,
    "auth.confirm_email": PUBLIC, "auth.unsubscribe": PUBLIC,
    "training.index": PUBLIC, "training.lesson": PUBLIC, "reference.index": PUBLIC,
    "leads_public.request_form": PUBLIC, "leads_public.thanks": PUBLIC,
    "certificates.verify": PUBLIC, "certificates.credential_json": PUBLIC,
    "certificates.image": PUBLIC, "certificates.issuer": PUBLIC, "certificates.public_key": PUBLIC,
    "certificates.pdf": OWNER, "api.openapi_json": PUBLIC,
    "certificates.status_list_credential": PUBLIC,
    "leads_api.create_lead": TOKEN, "accounts_api.client_account_events": TOKEN,
    "exam.overview": LOGIN, "exam.start": LOGIN, "exam.attempt": OWNER, "exam.block": OWNER,
    "exam.confirm_submit": OWNER, "exam.result": OWNER, "exam.answer": OWNER,
    "exam.save_block": OWNER, "exam.submit": OWNER, "exam.flag": OWNER,
}  # fmt: skip
ADMIN_PREFIXES = ("admin.", "leads_admin.", "accounts_admin.", "store_admin.")


def policy_of(endpoint: str) -> str:
    if endpoint in POLICY:
        return POLICY[endpoint]
    if endpoint.startswith(ADMIN_PREFIXES):
        return ADMIN
    if endpoint.startswith("partner."):
        return PARTNER
    raise AssertionError(f"endpoint {endpoint} has no access policy: add it to POLICY")


@pytest.fixture
def world(app, factory, frozen_clock):
    """A candidate with an attempt, partners A and B with their objects, and an admin."""
    candidate = factory.user(email="cand@example.com")
    attempt = exam.start_or_resume(candidate)
    owners = {}
    for key, email, requisites in (
        ("a", "a@example.com", COMPANY),
        ("b", "b@example.com", SOLE_TRADER),
    ):
        user = factory.user(email=email)
        pass_exam(user)  # a real attempt: the statistics routes need finished items
        contracts.save_requisites(user, requisites)
        contracts.generate(user, app.config)
        account = open_account(user)
        lead = leads.create(validate_lead(lead_data(company=f"Лид {key}")), LeadSource.SITE)
        leads.take(lead.id, user)
        ref = current_reference()
        store.place_order(user, account, ref, "extended", 5, 12, 5_994_000, f"k-{key}", app.config)
        order = db.session.scalar(select(StoreOrder).where(StoreOrder.partner_id == user.id))
        owners[key] = {
            "user": user,
            "account_id": account.id,
            "lead_id": lead.id,
            "order_id": order.id,
            "invoice_id": order.invoice.id,
            "contract_id": contracts.versions_of(user)[0].id,
            "certificate": certificates.current(user),
        }
    a = owners["a"]
    token, _ = tokens.issue("walk", by=None)
    version = db.session.scalar(select(QuestionVersion.id).limit(1))
    mail_dir = Path(app.config["MAIL_FILE_DIR"])  # a delivered message for /admin/mail/files/
    mail_dir.mkdir(parents=True, exist_ok=True)
    (mail_dir / "00000001.eml").write_bytes(b"Subject: walk\r\n\r\nbody\r\n")
    args = {
        "attempt_id": attempt.id, "number": 1, "list_number": 0, "lead_id": a["lead_id"],
        "account_id": a["account_id"], "order_id": a["order_id"], "invoice_id": a["invoice_id"],
        "contract_id": a["contract_id"], "certificate_id": a["certificate"].id,
        "public_id": a["certificate"].public_id, "user_id": candidate.id, "token_id": token.id,
        "question_id": "business-01", "block_id": "business", "version_id": version,
        "lesson_id": "business", "table": "exam", "token": "not-a-token", "code": "en",
        "name": "00000001.eml",
        "filename": "css/app.css",
    }  # fmt: skip
    db.session.commit()
    return {
        "anonymous": None,
        "candidate": candidate,
        "partner_a": a["user"],
        "partner_b": owners["b"]["user"],
        "admin": factory.admin(),
        "args": args,
    }


def expected(policy: str, persona: str, endpoint: str) -> set[int]:
    """The statuses each persona may get (any page-level outcome, but never the wrong access)."""
    ok = {200, 302, 303}
    if policy == PUBLIC:
        return ok | {400, 404}  # a bogus reset token or a missing object is not an access failure
    if persona == "anonymous":
        if endpoint == "certificates.pdf":
            return {404}  # holder-only file: its existence is not revealed
        return {401} if policy == TOKEN else {302}
    if policy == TOKEN:
        return {401}
    if policy == LOGIN:
        return ok
    if policy == OWNER:
        owner = "candidate" if endpoint.startswith("exam.") else "partner_a"
        if persona == owner or (persona == "admin" and endpoint == "certificates.pdf"):
            return ok
        return {404}
    if policy in (PARTNER, PARTNER_OWNED):
        if persona == "candidate":
            return {403}
        if persona == "partner_b":
            return ok | {404}
        return ok | ({404} if persona == "admin" else set())
    if policy == ADMIN:
        return ok if persona == "admin" else {403}
    raise AssertionError(policy)


def test_every_route_has_the_expected_guard(app, client, login, world):
    failures = []
    partner_b_blocked = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        policy = policy_of(rule.endpoint)
        if "GET" not in rule.methods:
            continue
        url = rule.build({k: world["args"][k] for k in rule.arguments}, append_unknown=False)[1]
        for persona in ("anonymous", "candidate", "partner_a", "partner_b", "admin"):
            with client.session_transaction() as session:
                session.clear()
            if world[persona] is not None:
                login(world[persona])
            response = client.get(url)
            status = response.status_code
            response.close()  # static files are streamed from an open file
            if status not in expected(policy, persona, rule.endpoint):
                failures.append((rule.endpoint, url, persona, status))
            if (
                persona == "partner_b"
                and policy == PARTNER
                and rule.arguments
                & {"lead_id", "account_id", "order_id", "invoice_id", "contract_id"}
            ):
                partner_b_blocked.append((rule.endpoint, status))
    assert failures == []
    # Partner B never reaches partner A's objects by changing an id in the URL.
    assert partner_b_blocked, "no owned partner routes were walked"
    assert all(status == 404 for _, status in partner_b_blocked), partner_b_blocked


def test_writes_are_guarded_too(app, client, login, world):
    """POST routes: anonymous never gets through, candidates never reach partner or admin."""
    failures = []
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods:
            continue
        policy = policy_of(rule.endpoint)
        url = rule.build({k: world["args"][k] for k in rule.arguments}, append_unknown=False)[1]
        checks = [("anonymous", {401} if policy == TOKEN else {302})] if policy != PUBLIC else []
        if policy in (PARTNER, PARTNER_OWNED, ADMIN):
            checks.append(("candidate", {403}))
        if policy == ADMIN:
            checks.append(("partner_a", {403}))
        for persona, allowed in checks:
            with client.session_transaction() as session:
                session.clear()
            if world[persona] is not None:
                login(world[persona])
            status = client.post(url, data={}).status_code
            if status not in allowed:
                failures.append((rule.endpoint, persona, status))
    assert failures == []
