"""Store rules: quote from the tariff reference, order under the credit limit, invoice, pay.

Prices come only from the tariff reference (quiz_app.reference.pricing.quote): the store has
no prices of its own. Money is integer kopecks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from ... import audit, links, numbering
from ...auth.models import User
from ...clock import now
from ...documents.dates import add_months, russian_date
from ...extensions import db
from ...mail import outbox
from ...money import format_money
from ...reference import pricing
from ...reference.model import Reference
from ...sql import dialect_insert
from ..accounts import services as accounts
from ..accounts.models import AccountStatus, ClientAccount
from ..contracts import services as contracts
from ..contracts.models import ContractVersion
from . import documents
from .models import Invoice, InvoiceStatus, PartnerCredit, StoreOrder

CURRENCY = "RUB"
ORDER_PREFIX, INVOICE_PREFIX = "ORD", "INV"


class StoreError(Exception):
    """A rule refused the order; the message is for the partner, `field` names the input."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class NoContract(StoreError):
    pass


@dataclass(frozen=True)
class QuotedFor:
    """What the total the partner saw was computed for (the form carries it back)."""

    offer_id: str
    users: int
    months: int

    def encode(self) -> str:
        return f"{self.offer_id}|{self.users}|{self.months}"

    @classmethod
    def decode(cls, text: str | None) -> QuotedFor | None:
        parts = (text or "").split("|")
        if len(parts) != 3 or not parts[1].isdigit() or not parts[2].isdigit():
            return None
        return cls(parts[0], int(parts[1]), int(parts[2]))


class PriceChanged(StoreError):
    """The confirmed price is not the current one: the partner must see the new price first.

    The message says why: the partner changed the order after the total was shown (the usual
    case without JavaScript), or the price list changed meanwhile.
    """

    def __init__(self, quote: pricing.Quote, quoted_for: QuotedFor | None, seen: int | None):
        self.quote = quote
        self.changed = _changed_fields(quoted_for, quote)
        new_total = format_money(quote.total, always_minor=True)
        if self.changed:
            message = _(
                "Вы изменили %(what)s: сумма заказа теперь %(total)s. "
                "Проверьте её и подтвердите заказ.",
                what=_list(self.changed),
                total=new_total,
            )
        elif quoted_for is not None and seen is not None:
            message = _(
                "Изменился прайс-лист: сумма заказа была %(old)s, теперь %(total)s. "
                "Проверьте новую сумму и подтвердите заказ ещё раз.",
                old=format_money(seen, always_minor=True),
                total=new_total,
            )
        else:
            message = _(
                "Сумма заказа — %(total)s. Проверьте её и подтвердите заказ.", total=new_total
            )
        super().__init__(message)


def _list(words: list[str]) -> str:
    if len(words) == 1:
        return words[0]
    return _("%(first)s и %(last)s", first=", ".join(words[:-1]), last=words[-1])


def _changed_fields(quoted_for: QuotedFor | None, offered: pricing.Quote) -> list[str]:
    if quoted_for is None:
        return []
    changed = []
    if quoted_for.offer_id != offered.offer_id:
        changed.append(_("тариф"))
    if quoted_for.users != offered.users:
        changed.append(_("число пользователей"))
    if quoted_for.months != offered.months:
        changed.append(_("срок"))
    return changed


class CreditLimitExceeded(StoreError):
    def __init__(self, limit: int, unpaid: int, amount: int):
        self.limit, self.unpaid, self.amount = limit, unpaid, amount
        self.excess = unpaid + amount - limit
        super().__init__(
            _(
                "Заказ превышает кредитный лимит на %(excess)s: лимит %(limit)s, "
                "не оплачено %(unpaid)s, заказ на %(amount)s. Оплатите выставленные счета "
                "или уменьшите заказ.",
                excess=format_money(self.excess, always_minor=True),
                limit=format_money(limit, always_minor=True),
                unpaid=format_money(unpaid, always_minor=True),
                amount=format_money(amount, always_minor=True),
            )
        )


@dataclass(frozen=True)
class Credit:
    limit: int
    unpaid: int

    @property
    def available(self) -> int:
        return max(self.limit - self.unpaid, 0)


# --- prices ------------------------------------------------------------------------------


def quote(ref: Reference, offer_id: str, users: int, months: int) -> pricing.Quote:
    """The reference's price for this purchase; StoreError naming the field otherwise."""
    try:
        return pricing.quote(ref, offer_id, users, months, CURRENCY)
    except pricing.UnknownOffer as exc:
        raise StoreError(_("Выберите тариф из списка."), "offer_id") from exc
    except pricing.BadUserCount as exc:
        raise StoreError(
            _("Число пользователей — от 1 до %(max)s.", max=pricing.MAX_USERS), "users"
        ) from exc
    except pricing.TooManyUsers as exc:
        raise StoreError(
            _(
                "«%(title)s» рассчитан не больше чем на %(max)s польз.",
                title=ref.offer(offer_id).title,
                max=exc.params["max_users"],
            ),
            "users",
        ) from exc
    except pricing.TermNotOffered as exc:
        raise StoreError(
            _(
                "«%(title)s» продаётся на срок %(terms)s мес.",
                title=ref.offer(offer_id).title,
                terms=", ".join(str(t) for t in exc.params["terms"]),
            ),
            "months",
        ) from exc
    except pricing.QuoteError as exc:
        raise StoreError(_("Для этого тарифа нет цены в рублях."), "offer_id") from exc


# --- credit ------------------------------------------------------------------------------


def credit_of(partner: User, config: Mapping[str, Any]) -> Credit:
    unpaid = db.session.scalar(
        select(PartnerCredit.unpaid_total).where(PartnerCredit.partner_id == partner.id)
    )
    return Credit(int(config["PARTNER_CREDIT_LIMIT"]), int(unpaid or 0))


def _reserve_credit(partner_id: int, amount: int, limit: int) -> None:
    """Add `amount` to the partner's unpaid total unless that would pass `limit`.

    Settled by the database with one conditional UPDATE of the partner's credit row, not by a
    read-then-write in Python, so two orders submitted at once cannot jointly pass the limit:
    - PostgreSQL: the UPDATE row-locks the partner's row; a concurrent order's UPDATE waits for
      this transaction to end and then re-evaluates its WHERE against the committed total
      (READ COMMITTED re-check), so the second order sees the first one's amount.
    - SQLite: the first write of a transaction takes the database's single write lock, held to
      commit; the other order waits (busy_timeout) and then reads the committed total.
    Chosen over SELECT … FOR UPDATE because the same statement is correct on both databases
    (SQLite has no FOR UPDATE) and the check and the increment cannot drift apart.
    """
    db.session.execute(
        dialect_insert(PartnerCredit)
        .values(partner_id=partner_id, unpaid_total=0)
        .on_conflict_do_nothing(index_elements=["partner_id"])
    )
    reserved = db.session.execute(
        update(PartnerCredit)
        .where(
            PartnerCredit.partner_id == partner_id,
            PartnerCredit.unpaid_total + amount <= limit,
        )
        .values(unpaid_total=PartnerCredit.unpaid_total + amount)
        .returning(PartnerCredit.unpaid_total)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    if reserved is None:
        unpaid = db.session.scalar(
            select(PartnerCredit.unpaid_total).where(PartnerCredit.partner_id == partner_id)
        )
        db.session.rollback()
        raise CreditLimitExceeded(limit, int(unpaid or 0), amount)


# --- orders ------------------------------------------------------------------------------


def due_moment(issued_at: datetime, days: int, zone: ZoneInfo) -> datetime:
    """When an invoice becomes overdue: midnight (local time) after its last day to pay."""
    last_day = issued_at.astimezone(zone).date() + timedelta(days=days)
    return datetime.combine(last_day + timedelta(days=1), time(0), tzinfo=zone).astimezone(
        issued_at.tzinfo
    )


def require_contract(partner: User) -> ContractVersion:
    contract = contracts.current_contract(partner)
    if contract is None:
        raise NoContract(_("Чтобы покупать подписки, сначала сформируйте партнёрский договор."))
    return contract


def _subscription_start(account: ClientAccount, moment: datetime) -> datetime:
    """A paid account is extended from the end of its current period, others start now."""
    if account.status_at(moment) == AccountStatus.ACTIVE and account.active_until is not None:
        return max(account.active_until, moment)
    return moment


def place_order(
    partner: User,
    account: ClientAccount,
    ref: Reference,
    offer_id: str,
    users: int,
    months: int,
    expected_total: int | None,
    request_key: str,
    config: Mapping[str, Any],
    quoted_for: QuotedFor | None = None,
) -> StoreOrder:
    """Activate `account` now and bill the partner later: order and invoice in one transaction.

    `account` must already be loaded through an owner-scoped query. Raises StoreError (and its
    subclasses) with nothing written.
    """
    if account.partner_id != partner.id:  # the route loads owner-scoped; never trust that alone
        raise StoreError(_("Аккаунт не найден."), "account_id")
    contract = require_contract(partner)
    if account.status == AccountStatus.BLOCKED:
        raise StoreError(
            _("Аккаунт заблокирован администратором: оплатить его нельзя."), "account_id"
        )
    offered = quote(ref, offer_id, users, months)
    if expected_total != offered.total:
        raise PriceChanged(offered, quoted_for, expected_total)
    existing = _order_by_key(partner, request_key)
    if existing is not None:
        return existing  # this confirmation was already processed (double submit)

    _reserve_credit(partner.id, offered.total, int(config["PARTNER_CREDIT_LIMIT"]))
    # From here the partner's credit row is locked: re-read the account so a concurrent order
    # for the same account (same partner, so serialized by that lock) is seen.
    account = db.session.execute(
        select(ClientAccount)
        .where(ClientAccount.id == account.id)
        .execution_options(populate_existing=True)
    ).scalar_one()
    moment = now()
    starts_at = _subscription_start(account, moment)
    ends_at = add_months(starts_at, months)
    try:
        accounts.activate(account, ends_at)
    except accounts.AccountError as exc:
        db.session.rollback()
        raise StoreError(exc.message, "account_id") from exc
    db.session.execute(
        update(ClientAccount)
        .where(ClientAccount.id == account.id)
        .values(plan=offered.offer_id, users_count=users)
        .execution_options(synchronize_session=False)
    )

    year = moment.year
    order_sequence = numbering.next_sequence("order", year)
    order = StoreOrder(
        number=numbering.format_number(ORDER_PREFIX, year, order_sequence),
        year=year,
        sequence=order_sequence,
        request_key=request_key,
        partner_id=partner.id,
        client_account_id=account.id,
        contract_id=contract.id,
        offer_id=offered.offer_id,
        offer_title=ref.offer(offered.offer_id).title,
        offer_kind=offered.kind,
        users=users,
        months=months,
        currency=offered.currency,
        unit_price=offered.unit_price,
        list_total=offered.list_total,
        discount_percent=None
        if offered.discount_percent is None
        else str(offered.discount_percent),
        total=offered.total,
        starts_at=starts_at,
        ends_at=ends_at,
        created_at=moment,
    )
    invoice_sequence = numbering.next_sequence("invoice", year)
    invoice = Invoice(
        number=numbering.format_number(INVOICE_PREFIX, year, invoice_sequence),
        year=year,
        sequence=invoice_sequence,
        partner_id=partner.id,
        order=order,
        amount=offered.total,
        issued_at=moment,
        due_at=due_moment(
            moment, int(config["INVOICE_DUE_DAYS"]), ZoneInfo(config["DISPLAY_TIMEZONE"])
        ),
        status=InvoiceStatus.UNPAID,
    )
    db.session.add_all([order, invoice])
    db.session.flush()
    # Mailed with the invoice or not at all: same transaction.
    outbox.enqueue(
        "invoice_issued",
        partner.email,
        partner.locale,
        name=partner.full_name,
        **invoice_mail_values(invoice),
    )
    try:
        db.session.commit()
    except IntegrityError:
        # A concurrent submit of the same confirmation won; everything here is undone.
        db.session.rollback()
        existing = _order_by_key(partner, request_key)
        if existing is None:
            raise
        return existing
    return order


def _order_by_key(partner: User, request_key: str) -> StoreOrder | None:
    return db.session.scalar(
        select(StoreOrder).where(
            StoreOrder.partner_id == partner.id, StoreOrder.request_key == request_key
        )
    )


def orders_of(partner: User) -> list[StoreOrder]:
    return list(
        db.session.scalars(
            select(StoreOrder)
            .where(StoreOrder.partner_id == partner.id)
            .order_by(StoreOrder.created_at.desc(), StoreOrder.id.desc())
        )
    )


# --- payment (admins) --------------------------------------------------------------------


class AlreadyPaid(StoreError):
    pass


def mark_paid(invoice: Invoice, by: User) -> None:
    """Record the payment once; the partner's unpaid total drops by the invoice's amount."""
    before = invoice.current_status.value
    moment = now()
    result = db.session.execute(
        update(Invoice)
        .where(Invoice.id == invoice.id, Invoice.status == InvoiceStatus.UNPAID)
        .values(status=InvoiceStatus.PAID, paid_at=moment, paid_by_id=by.id)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise AlreadyPaid(_("Счёт %(number)s уже оплачен.", number=invoice.number))
    db.session.execute(
        update(PartnerCredit)
        .where(PartnerCredit.partner_id == invoice.partner_id)
        .values(unpaid_total=PartnerCredit.unpaid_total - invoice.amount)
        .execution_options(synchronize_session=False)
    )
    audit.record(
        by,
        "invoice.mark_paid",
        "invoice",
        invoice.number,
        before={"status": before},
        after={"status": InvoiceStatus.PAID.value, "amount": invoice.amount},
    )
    db.session.commit()
    db.session.refresh(invoice)


def invoices_for_admin(status: str | None, query: str = "", limit: int = 500) -> list[Invoice]:
    """Invoices across partners, newest first; `status` may be unpaid, paid or overdue."""
    statement = (
        select(Invoice).join(Invoice.partner).order_by(Invoice.issued_at.desc(), Invoice.id.desc())
    )
    moment = now()
    if status == InvoiceStatus.PAID:
        statement = statement.where(Invoice.status == InvoiceStatus.PAID)
    elif status == InvoiceStatus.UNPAID:
        statement = statement.where(Invoice.status == InvoiceStatus.UNPAID, Invoice.due_at > moment)
    elif status == InvoiceStatus.OVERDUE:
        statement = statement.where(
            Invoice.status == InvoiceStatus.UNPAID, Invoice.due_at <= moment
        )
    if query:
        like = f"%{query}%"
        statement = statement.where(
            Invoice.number.ilike(like) | User.email.ilike(like) | User.company.ilike(like)
        )
    return list(db.session.scalars(statement.limit(limit)))


def invoice_mail_values(invoice: Invoice) -> dict:
    """What invoice mail says: number, amount, the last day to pay, the PDF's page."""
    zone = ZoneInfo(current_app.config["DISPLAY_TIMEZONE"])
    return {
        "number": invoice.number,
        "amount": format_money(invoice.amount, always_minor=True, locale="ru"),
        "pay_by": russian_date(documents.last_day_to_pay(invoice, zone)),
        "invoice_url": links.absolute_url("partner.store.invoice_pdf", invoice_id=invoice.id),
    }
