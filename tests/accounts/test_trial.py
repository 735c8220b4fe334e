"""Trial expiry by the clock, a single extension, activation by the store, blocking."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from quiz_app import clock
from quiz_app.audit import AuditEntry
from quiz_app.extensions import db
from quiz_app.partner.accounts import services
from quiz_app.partner.accounts.models import AccountStatus, ClientAccount

from ..conftest import START

DAY = timedelta(days=1)
SECOND = timedelta(seconds=1)


def reload(account: ClientAccount) -> ClientAccount:
    db.session.expire_all()
    return db.session.get(ClientAccount, account.id)


def test_a_new_trial_lasts_fourteen_days(partner, make_account):
    account, _token = make_account(partner)
    assert account.created_at == START
    assert account.trial_ends_at == START + 14 * DAY
    assert account.status == AccountStatus.TRIAL
    clock.advance(14 * DAY - SECOND)
    assert reload(account).status == AccountStatus.TRIAL
    clock.advance(SECOND)
    assert reload(account).status == AccountStatus.EXPIRED


def test_trial_length_comes_from_the_settings(app, partner, make_account):
    app.config["TRIAL_DAYS"] = 30
    account, _token = make_account(partner)
    assert account.trial_ends_at == START + 30 * DAY


def test_extending_a_running_trial_adds_the_extension_to_its_end(partner, make_account):
    account, _token = make_account(partner)
    clock.advance(10 * DAY)
    services.extend_trial(account)
    account = reload(account)
    assert account.extended is True
    assert account.extended_at == START + 10 * DAY
    assert account.trial_ends_at == START + 28 * DAY
    clock.advance(18 * DAY - SECOND)
    assert reload(account).status == AccountStatus.TRIAL
    clock.advance(SECOND)
    assert reload(account).status == AccountStatus.EXPIRED


def test_a_trial_extends_only_once(partner, make_account):
    account, _token = make_account(partner)
    services.extend_trial(account)
    with pytest.raises(services.ExtensionRefused, match="только один раз"):
        services.extend_trial(reload(account))
    assert reload(account).trial_ends_at == START + 28 * DAY


def test_a_stale_copy_cannot_extend_twice(partner, make_account):
    """Two requests load the account before either extends: the conditional UPDATE lets one win."""
    account, _token = make_account(partner)
    services.extend_trial(account)
    stale = reload(account)
    db.session.expunge(stale)
    stale.extended = False  # what the second request saw before the first committed
    with pytest.raises(services.ExtensionRefused):
        services.extend_trial(stale)
    assert reload(account).trial_ends_at == START + 28 * DAY


def test_a_just_expired_trial_can_still_be_extended_from_now(partner, make_account):
    account, _token = make_account(partner)
    clock.advance(17 * DAY)  # three days after the end
    assert reload(account).status == AccountStatus.EXPIRED
    services.extend_trial(reload(account))
    account = reload(account)
    assert account.trial_ends_at == START + 17 * DAY + 14 * DAY
    assert account.status == AccountStatus.TRIAL


def test_a_long_expired_trial_cannot_be_extended(partner, make_account):
    account, _token = make_account(partner)
    clock.advance(14 * DAY + services.EXTENSION_GRACE)
    with pytest.raises(services.ExtensionRefused, match="больше 7 дней назад"):
        services.extend_trial(reload(account))
    assert reload(account).extended is False


def test_extension_length_comes_from_the_settings(app, partner, make_account):
    app.config["TRIAL_EXTENSION_DAYS"] = 5
    account, _token = make_account(partner)
    services.extend_trial(account)
    assert reload(account).trial_ends_at == START + 19 * DAY


def test_activate_makes_the_account_paid_until_the_given_moment(partner, make_account):
    account, _token = make_account(partner)
    until = datetime(2026, 9, 2, 9, 0, tzinfo=UTC)
    clock.advance(3 * DAY)
    services.activate(account, until)
    db.session.commit()  # the store commits its own transaction
    account = reload(account)
    assert account.status == AccountStatus.ACTIVE
    assert account.activated_at == START + 3 * DAY
    assert account.active_until == until
    clock.freeze(until - SECOND)
    assert reload(account).status == AccountStatus.ACTIVE
    clock.freeze(until)
    assert reload(account).status == AccountStatus.EXPIRED


def test_activate_works_on_an_expired_trial_and_renewal_keeps_the_first_date(partner, make_account):
    account, _token = make_account(partner)
    clock.advance(20 * DAY)
    services.activate(account, START + 200 * DAY)
    db.session.commit()
    clock.advance(DAY)
    services.activate(reload(account), START + 400 * DAY)
    db.session.commit()
    account = reload(account)
    assert account.activated_at == START + 20 * DAY
    assert account.active_until == START + 400 * DAY
    assert account.status == AccountStatus.ACTIVE


def test_activate_stays_in_the_callers_transaction(partner, make_account):
    account, _token = make_account(partner)
    services.activate(account, START + 30 * DAY)
    db.session.rollback()  # the store's order failed: nothing of the activation remains
    assert reload(account).status == AccountStatus.TRIAL
    assert reload(account).activated_at is None


def test_activate_refuses_bad_moments_and_blocked_accounts(partner, make_account, factory):
    account, _token = make_account(partner)
    with pytest.raises(ValueError):
        services.activate(account, datetime(2026, 9, 1))  # naive
    with pytest.raises(ValueError):
        services.activate(account, START)  # not in the future
    services.block(account, factory.admin(), "Жалоба на спам")
    with pytest.raises(services.AccountBlocked):
        services.activate(reload(account), START + 30 * DAY)
    assert reload(account).status == AccountStatus.BLOCKED


def test_a_paid_or_blocked_account_cannot_extend_a_trial(partner, make_account, factory):
    paid, _token = make_account(partner)
    services.activate(paid, START + 30 * DAY)
    db.session.commit()
    with pytest.raises(services.ExtensionRefused, match="оплачен"):
        services.extend_trial(reload(paid))
    blocked, _token = make_account(partner)
    services.block(blocked, factory.admin(), "Жалоба на спам")
    with pytest.raises(services.ExtensionRefused, match="заблокирован"):
        services.extend_trial(reload(blocked))


def test_block_and_unblock_restore_the_previous_state_and_are_audited(
    partner, make_account, factory
):
    admin = factory.admin()
    trial, _token = make_account(partner)
    paid, _token = make_account(partner)
    services.activate(paid, START + 30 * DAY)
    db.session.commit()
    for account in (trial, paid):
        services.block(reload(account), admin, "Жалоба на спам")
        assert reload(account).status == AccountStatus.BLOCKED
        with pytest.raises(services.AccountError, match="уже заблокирован"):
            services.block(reload(account), admin, "Ещё раз")
        services.unblock(reload(account), admin)
    assert reload(trial).status == AccountStatus.TRIAL
    assert reload(paid).status == AccountStatus.ACTIVE
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(e.action, e.target_id, e.actor_id) for e in entries] == [
        ("client_account.block", str(trial.id), admin.id),
        ("client_account.unblock", str(trial.id), admin.id),
        ("client_account.block", str(paid.id), admin.id),
        ("client_account.unblock", str(paid.id), admin.id),
    ]
    assert entries[0].before == {"status": "trial"}
    assert entries[0].after == {"status": "blocked", "reason": "Жалоба на спам"}
    assert entries[3].after == {"status": "active"}


def test_status_filter_in_sql_agrees_with_the_clock(partner, make_account, factory):
    trial, _ = make_account(partner)
    expiring, _ = make_account(partner)
    paid, _ = make_account(partner)
    blocked, _ = make_account(partner)
    services.activate(paid, START + 60 * DAY)
    db.session.commit()
    services.block(blocked, factory.admin(), "Нарушение правил")
    clock.advance(10 * DAY)
    services.extend_trial(reload(trial))
    clock.advance(5 * DAY)  # day 15: `expiring` ended on day 14, `trial` runs to day 28
    expected = {
        AccountStatus.TRIAL: {trial.id},
        AccountStatus.EXPIRED: {expiring.id},
        AccountStatus.ACTIVE: {paid.id},
        AccountStatus.BLOCKED: {blocked.id},
    }
    for status, ids in expected.items():
        assert {row.account.id for row in services.all_accounts(status)} == ids, status
    assert len(services.all_accounts()) == 4


def test_activation_time_does_not_depend_on_the_database_time_zone(
    partner, make_account, db_dialect
):
    """activated_at is computed in SQL (COALESCE); its moment must be bound as naive UTC."""
    if db_dialect != "postgresql":
        pytest.skip("only PostgreSQL converts between session time zones")
    from sqlalchemy import text

    account, _token = make_account(partner)
    db.session.execute(text("SET LOCAL TIME ZONE 'Asia/Vladivostok'"))
    services.activate(account, START + 30 * DAY)
    db.session.commit()
    assert reload(account).activated_at == START
