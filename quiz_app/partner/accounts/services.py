"""Client-account rules: open a trial, extend it once, activate, block, tokens, listings.

Functions that change data commit, except `activate`, which the store calls inside its own
transaction (order, invoice and activation succeed or fail together).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import and_, func, literal, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from ... import audit, keyset
from ...auth.models import User
from ...clock import now
from ...db_types import UTCDateTime
from ...extensions import db
from . import subdomains
from .models import AccountStatus, ClientAccount, StoredState
from .plans import plan_choices

# A public prefix that makes leaked tokens recognizable (bandit B105).
TOKEN_PREFIX = "ca_"  # nosec B105
MAX_USERS = 10_000
# A trial may still be extended this long after it ended ("just expired").
EXTENSION_GRACE = timedelta(days=7)
# The list flags trials that end within this time and accounts quiet for this long.
TRIAL_ENDING_WITHIN = timedelta(days=3)
INACTIVE_AFTER = timedelta(days=7)


class AccountError(Exception):
    """A rule refused the operation; the message is for the person who asked."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class SubdomainTaken(AccountError):
    pass


class ExtensionRefused(AccountError):
    pass


class AccountBlocked(AccountError):
    pass


@dataclass(frozen=True)
class NewAccount:
    company: str
    contact_name: str
    email: str
    phone: str
    subdomain: str
    users_count: int
    plan: str


# --- tokens -------------------------------------------------------------------------------


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token() -> tuple[str, str, str]:
    """(token, its sha256, the prefix shown to recognise it later)."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    return token, hash_token(token), token[: len(TOKEN_PREFIX) + 6]


def authenticate(account_id: int, token: str | None) -> ClientAccount | None:
    """The account if `token` is its current token; None for any mismatch or unknown id."""
    presented = hash_token(token or "")
    account = db.session.get(ClientAccount, account_id)
    expected = account.token_hash if account is not None else hash_token(secrets.token_hex(16))
    if account is None or not token or not hmac.compare_digest(expected, presented):
        return None
    return account


def regenerate_token(account: ClientAccount) -> str:
    """A new token; the old one stops working at once. The new one is returned, never stored."""
    token, digest, prefix = _new_token()
    db.session.execute(
        update(ClientAccount)
        .where(ClientAccount.id == account.id)
        .values(token_hash=digest, token_prefix=prefix, token_created_at=now())
    )
    db.session.commit()
    db.session.refresh(account)
    return token


# --- lifecycle ----------------------------------------------------------------------------


def subdomain_is_taken(subdomain: str) -> bool:
    return (
        db.session.scalar(select(ClientAccount.id).where(ClientAccount.subdomain == subdomain))
        is not None
    )


def _taken_message(subdomain: str) -> str:
    return _("Поддомен «%(name)s» уже занят, выберите другой.", name=subdomain)


def create(partner: User, data: NewAccount) -> tuple[ClientAccount, str]:
    """Open a trial account for a partner's client. Returns the account and its API token."""
    subdomain = subdomains.normalize(data.subdomain)
    problem = subdomains.problem(subdomain)
    if problem:
        raise AccountError(problem, field="subdomain")
    if subdomain_is_taken(subdomain):
        raise SubdomainTaken(_taken_message(subdomain), field="subdomain")
    if data.plan not in dict(plan_choices()):
        raise AccountError(_("Выберите тариф из списка."), field="plan")
    if not 1 <= data.users_count <= MAX_USERS:
        raise AccountError(_("От 1 до %(max)d пользователей.", max=MAX_USERS), field="users_count")
    moment = now()
    token, digest, prefix = _new_token()
    account = ClientAccount(
        partner_id=partner.id,
        company=data.company.strip(),
        contact_name=data.contact_name.strip(),
        email=data.email.strip(),
        phone=data.phone.strip(),
        subdomain=subdomain,
        users_count=data.users_count,
        plan=data.plan,
        state=StoredState.TRIAL,
        created_at=moment,
        trial_ends_at=moment + timedelta(days=current_app.config["TRIAL_DAYS"]),
        extended=False,
        token_hash=digest,
        token_prefix=prefix,
        token_created_at=moment,
    )
    db.session.add(account)
    try:
        db.session.commit()
    except IntegrityError as exc:
        # Another partner took the same subdomain between the check and the insert.
        db.session.rollback()
        taken = select(ClientAccount.id).where(ClientAccount.subdomain == subdomain)
        if db.session.scalar(taken) is not None:
            raise SubdomainTaken(_taken_message(subdomain), field="subdomain") from exc
        raise
    return account, token


def extension_refusal(account: ClientAccount, moment: datetime) -> str | None:
    """Why the trial cannot be extended now, or None when it can."""
    if account.state == StoredState.BLOCKED:
        return _("Аккаунт заблокирован: продлить пробный период нельзя.")
    if account.state == StoredState.ACTIVE:
        return _("Аккаунт оплачен: пробный период уже не нужен.")
    if account.extended:
        return _("Пробный период уже продлевали; продлить его можно только один раз.")
    if moment >= account.trial_ends_at + EXTENSION_GRACE:
        return _(
            "Пробный период закончился больше %(days)d дней назад; продлить его уже нельзя.",
            days=EXTENSION_GRACE.days,
        )
    return None


def extend_trial(account: ClientAccount) -> ClientAccount:
    """Extend the trial once, while it runs or within EXTENSION_GRACE after it ended.

    The new end is TRIAL_EXTENSION_DAYS after the later of the old end and now, so extending
    a just-expired trial still gives the full extension. The conditional UPDATE makes two
    simultaneous clicks extend it once.
    """
    moment = now()
    refusal = extension_refusal(account, moment)
    if refusal:
        raise ExtensionRefused(refusal)
    days = current_app.config["TRIAL_EXTENSION_DAYS"]
    new_end = max(account.trial_ends_at, moment) + timedelta(days=days)
    result = db.session.execute(
        update(ClientAccount)
        .where(
            ClientAccount.id == account.id,
            ClientAccount.state == StoredState.TRIAL,
            ClientAccount.extended.is_(False),
        )
        .values(extended=True, extended_at=moment, trial_ends_at=new_end)
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise ExtensionRefused(
            _("Пробный период уже продлевали; продлить его можно только один раз.")
        )
    db.session.commit()
    db.session.refresh(account)
    return account


def activate(account: ClientAccount, until: datetime) -> ClientAccount:
    """Make the account paid (status active) until `until`, inside the caller's transaction.

    Called by the store when a partner buys a subscription. Does not commit. Refuses a blocked
    account (AccountBlocked) and an `until` that is naive or not in the future (ValueError).
    `activated_at` keeps the first activation; a renewal only moves `active_until`.
    """
    if until.tzinfo is None:
        raise ValueError("activate() needs an aware datetime")
    moment = now()
    if until <= moment:
        raise ValueError("activate() needs a moment in the future")
    result = db.session.execute(
        update(ClientAccount)
        .where(ClientAccount.id == account.id, ClientAccount.state != StoredState.BLOCKED)
        .values(
            state=StoredState.ACTIVE,
            active_until=until,
            # typed, so the moment is stored as naive UTC like every other time
            activated_at=func.coalesce(ClientAccount.activated_at, literal(moment, UTCDateTime)),
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise AccountBlocked(_("Аккаунт заблокирован администратором: активировать его нельзя."))
    db.session.refresh(account)
    return account


def block(account: ClientAccount, by: User, reason: str) -> None:
    before = {"status": account.status.value}
    result = db.session.execute(
        update(ClientAccount)
        .where(ClientAccount.id == account.id, ClientAccount.state != StoredState.BLOCKED)
        .values(state=StoredState.BLOCKED, blocked_at=now(), blocked_reason=reason)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise AccountError(_("Аккаунт уже заблокирован."))
    audit.record(
        by,
        "client_account.block",
        "client_account",
        account.id,
        before=before,
        after={"status": AccountStatus.BLOCKED.value, "reason": reason},
    )
    db.session.commit()
    db.session.refresh(account)


def unblock(account: ClientAccount, by: User) -> None:
    """Back to what the account was before: active if it was ever paid, else its trial."""
    restored = StoredState.ACTIVE if account.activated_at is not None else StoredState.TRIAL
    result = db.session.execute(
        update(ClientAccount)
        .where(ClientAccount.id == account.id, ClientAccount.state == StoredState.BLOCKED)
        .values(state=restored, blocked_at=None, blocked_reason=None)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise AccountError(_("Аккаунт не заблокирован."))
    db.session.refresh(account)
    audit.record(
        by,
        "client_account.unblock",
        "client_account",
        account.id,
        before={"status": AccountStatus.BLOCKED.value},
        after={"status": account.status.value},
    )
    db.session.commit()


# --- listings -----------------------------------------------------------------------------


def trial_ending_soon(status: AccountStatus, trial_ends_at: datetime, moment: datetime) -> bool:
    return status == AccountStatus.TRIAL and trial_ends_at - moment <= TRIAL_ENDING_WITHIN


def inactive(
    status: AccountStatus,
    last_activity_at: datetime | None,
    created_at: datetime,
    moment: datetime,
) -> bool:
    """A live (trial or paid) account that reported nothing for INACTIVE_AFTER.

    A new account counts from its creation, so it is not flagged on its first day.
    """
    if status not in (AccountStatus.TRIAL, AccountStatus.ACTIVE):
        return False
    return moment - (last_activity_at or created_at) >= INACTIVE_AFTER


@dataclass(frozen=True)
class AccountRow:
    account: ClientAccount
    status: AccountStatus
    last_activity_at: datetime | None
    trial_ending_soon: bool
    inactive: bool


def _row(account: ClientAccount, moment: datetime) -> AccountRow:
    status = account.status_at(moment)
    last_at = account.last_activity_at
    return AccountRow(
        account=account,
        status=status,
        last_activity_at=last_at,
        trial_ending_soon=trial_ending_soon(status, account.trial_ends_at, moment),
        inactive=inactive(status, last_at, account.created_at, moment),
    )


def _rows(statement) -> list[AccountRow]:
    moment = now()
    return [_row(account, moment) for account in db.session.scalars(statement)]


def partner_accounts(partner: User) -> list[AccountRow]:
    return _rows(
        select(ClientAccount)
        .where(ClientAccount.partner_id == partner.id)
        .order_by(ClientAccount.created_at.desc(), ClientAccount.id.desc())
    )


def status_condition(status: AccountStatus, moment: datetime):
    """The SQL form of `effective_status(...) == status`, for filtering in the database."""
    state, ends, until = (
        ClientAccount.state,
        ClientAccount.trial_ends_at,
        ClientAccount.active_until,
    )
    if status == AccountStatus.BLOCKED:
        return state == StoredState.BLOCKED
    if status == AccountStatus.ACTIVE:
        return and_(state == StoredState.ACTIVE, or_(until.is_(None), until > moment))
    if status == AccountStatus.TRIAL:
        return and_(state == StoredState.TRIAL, ends > moment)
    return or_(
        and_(state == StoredState.ACTIVE, until.is_not(None), until <= moment),
        and_(state == StoredState.TRIAL, ends <= moment),
    )


ADMIN_PER_PAGE = 100


def _admin_base(status: AccountStatus | None):
    # The partner of every row in one more query, not one lazy load per row.
    statement = select(ClientAccount).options(selectinload(ClientAccount.partner))
    if status is not None:
        statement = statement.where(status_condition(status, now()))
    return statement


def all_accounts(status: AccountStatus | None = None, limit: int = 500) -> list[AccountRow]:
    return _rows(
        _admin_base(status)
        .order_by(ClientAccount.created_at.desc(), ClientAccount.id.desc())
        .limit(limit)
    )


def accounts_page(
    status: AccountStatus | None,
    page: int = 1,
    after: keyset.Cursor | None = None,
    before: keyset.Cursor | None = None,
) -> keyset.Page:
    """One page of every partner's accounts, newest first (keyset: page 1 costs as page 100)."""
    result = keyset.paginate(
        _admin_base(status),
        ClientAccount.created_at,
        ClientAccount.id,
        per_page=ADMIN_PER_PAGE,
        page=page,
        after=after,
        before=before,
    )
    moment = now()
    result.items = [_row(account, moment) for account in result.items]
    return result
