"""axe-core finds no violation on the pages people use, each checked in Chromium.

axe-core is pinned in axe/package-lock.json and installed by `npm ci` into
test-artifacts/axe/. It is injected into the test's own browser context, which alone
bypasses the Content-Security-Policy: the app keeps serving its strict policy.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from quiz_app.extensions import db
from quiz_app.partner.contracts import services as contracts
from quiz_app.partner.leads import services as leads
from quiz_app.partner.leads.models import LeadSource
from quiz_app.partner.leads.validation import validate_lead
from quiz_app.partner.store import services as store
from quiz_app.partner.store.models import StoreOrder
from quiz_app.reference.loader import current_reference
from quiz_app.training.loader import load_lessons
from quiz_app.training.registry import DEFAULT_DIRECTORY as LESSON_DIRECTORY

from ..contracts.helpers import COMPANY
from ..factories import PASSWORD, answered_attempt, certify, pass_exam
from ..leads.conftest import lead_data
from ..npm_packages import install_pinned
from ..store.conftest import open_account

AXE = Path(__file__).parent / "axe"
CACHE = Path(__file__).resolve().parents[2] / "test-artifacts" / "axe"
REPORTS = CACHE / "reports"


@pytest.fixture(scope="session")
def axe_source() -> str:
    install_pinned(
        AXE,
        CACHE,
        ("package.json", "package-lock.json"),
        "npm is needed to install the pinned axe-core",
    )
    return (CACHE / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")


@dataclass(frozen=True)
class Checked:
    """A page to check: who looks at it, and how to reach it once the data exists."""

    persona: str  # anonymous, candidate, partner, admin
    path: str  # formatted with the world's ids


LESSONS = [lesson.id for lesson in load_lessons(LESSON_DIRECTORY).lessons]

PAGES: dict[str, Checked] = {
    "home": Checked("anonymous", "/"),
    **{f"lesson-{lesson}": Checked("anonymous", f"/training/{lesson}") for lesson in LESSONS},
    "training": Checked("anonymous", "/training/"),
    "tariffs": Checked("anonymous", "/tariffs/"),
    "login": Checked("anonymous", "/auth/login"),
    "registration": Checked("anonymous", "/auth/register"),
    "lead-form": Checked("anonymous", "/request"),
    "verification": Checked("anonymous", "/verify/{public_id}"),
    "exam-overview": Checked("candidate", "/exam/"),
    "exam-block": Checked("candidate", "/exam/attempts/{open_attempt}/blocks/2"),
    "exam-confirmation": Checked("candidate", "/exam/attempts/{open_attempt}/submit"),
    "exam-result": Checked("candidate", "/exam/attempts/{finished_attempt}/result"),
    "account": Checked("candidate", "/auth/account"),
    "partner-home": Checked("partner", "/partner/"),
    "partner-leads": Checked("partner", "/partner/leads/"),
    "partner-lead": Checked("partner", "/partner/leads/{lead_id}"),
    "partner-accounts": Checked("partner", "/partner/accounts/"),
    "partner-account": Checked("partner", "/partner/accounts/{account_id}"),
    "partner-store": Checked("partner", "/partner/store/"),
    "partner-store-new": Checked("partner", "/partner/store/new"),
    "partner-contracts": Checked("partner", "/partner/contracts/"),
    "partner-certificate": Checked("partner", "/partner/certificate"),
    "admin-dashboard": Checked("admin", "/admin/"),
    "admin-bank": Checked("admin", "/admin/bank/"),
    "admin-bank-question": Checked("admin", "/admin/bank/questions/business-01"),
    "admin-people": Checked("admin", "/admin/people"),
    "admin-person": Checked("admin", "/admin/people/{partner_id}"),
    "admin-statistics": Checked("admin", "/admin/statistics"),
    "admin-audit": Checked("admin", "/admin/audit"),
    "admin-mail": Checked("admin", "/admin/mail"),
    "admin-leads": Checked("admin", "/admin/leads"),
    "admin-accounts": Checked("admin", "/admin/accounts"),
    "admin-store": Checked("admin", "/admin/store/orders"),
    # English pages: their own texts and lang attribute.
    "home-en": Checked("anonymous", "/?lang=en"),
    "tariffs-en": Checked("anonymous", "/tariffs/?lang=en"),
    "admin-dashboard-en": Checked("admin", "/admin/?lang=en"),
}


def build_world(app, factory, persona: str) -> dict:
    """The objects the pages show: only what the persona's pages need."""
    world: dict = {}
    if persona == "anonymous":
        world["public_id"] = certify(factory.user(email="certified@example.com")).public_id
    if persona == "candidate":
        candidate = factory.user(email="browser@example.com")
        world["finished_attempt"] = pass_exam(candidate, correct=80).id
        attempt = answered_attempt(candidate, correct=40)
        world["open_attempt"] = attempt.id
        world["email"] = candidate.email
    if persona in ("partner", "admin"):
        partner = factory.user(email="partner@example.com")
        pass_exam(partner)  # a real attempt: the statistics have items to show
        contracts.save_requisites(partner, COMPANY)
        contracts.generate(partner, app.config)
        account = open_account(partner)
        taken = leads.create(validate_lead(lead_data(company="Лид взятый")), LeadSource.SITE)
        leads.take(taken.id, partner)
        leads.create(validate_lead(lead_data(company="Лид в пуле")), LeadSource.SITE)
        ref = current_reference()
        store.place_order(partner, account, ref, "extended", 5, 12, 5_994_000, "k-a", app.config)
        world.update(
            partner_id=partner.id,
            account_id=account.id,
            lead_id=taken.id,
            order_id=db.session.scalar(select(StoreOrder.id)),
            email=partner.email,
        )
    if persona == "admin":
        world["email"] = factory.admin().email
    db.session.commit()
    return world


def log_in(page, email: str) -> None:
    page.goto("/auth/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.get_by_role("button", name="Выйти").wait_for()


def violations_of(page, axe_source: str) -> list[dict]:
    page.add_script_tag(content=axe_source)
    return page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ['violations']});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.map(n => n.target.join(' ')),
            }));
        }"""
    )


@pytest.mark.parametrize("name", list(PAGES))
def test_no_axe_violations(name, app, factory, browser, live_server, axe_source):
    checked = PAGES[name]
    world = build_world(app, factory, checked.persona)
    # The bypass is this test context's alone: the app's responses keep their strict CSP.
    context = browser.new_context(base_url=live_server, locale="ru-RU", bypass_csp=True)
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        if checked.persona != "anonymous":
            log_in(page, world["email"])
        response = page.goto(checked.path.format(**world))
        assert response is not None and response.status == 200, (name, response and response.status)
        assert "script-src" in (response.headers.get("content-security-policy") or "")
        found = violations_of(page, axe_source)
    finally:
        context.close()
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / f"{name}.json").write_text(json.dumps(found, ensure_ascii=False, indent=2), "utf-8")
    listed = "\n".join(
        f"  {name}: {v['id']} ({v['impact']}: {v['help']}) at {', '.join(v['targets'][:5])}"
        for v in found
    )
    assert not found, f"axe-core violations on {name} ({checked.path}):\n{listed}"
