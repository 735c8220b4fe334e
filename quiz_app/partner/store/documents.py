"""What an order's invoice prints: built from the order, its invoice and its contract."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from ...documents.dates import russian_date
from ..contracts.platform import Platform
from ..contracts.requisites import Requisites
from .models import Invoice, InvoiceStatus, StoreOrder
from .rendering import InvoiceView


def short_date(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%d.%m.%Y")


def last_day_to_pay(invoice: Invoice, zone: ZoneInfo) -> datetime:
    """The last local day before the invoice becomes overdue (due_at is the midnight after)."""
    return (invoice.due_at - timedelta(seconds=1)).astimezone(zone)


def description(order: StoreOrder, zone: ZoneInfo) -> str:
    kind = "тариф" if order.offer_kind == "plan" else "пакет"
    return (
        f"Подписка amoCRM: {kind} «{order.offer_title}», {order.users} польз., "
        f"{order.months} мес.; "
        f"аккаунт {order.client_account.subdomain}; период "
        f"{short_date(order.starts_at, zone)} — {short_date(order.ends_at, zone)}"
    )


def invoice_view(invoice: Invoice, zone: ZoneInfo) -> InvoiceView:
    order = invoice.order
    snapshot = order.contract.snapshot
    if order.offer_kind == "plan":
        quantity, unit = str(order.users * order.months), "польз.·мес."
    else:
        quantity, unit = str(order.months // 12), "год"
    discount_note = None
    if order.discount_percent is None:
        discount_note = (
            "Скидка за этот срок подписки не опубликована вендором: счёт выставлен по цене "
            "без скидки."
        )
    return InvoiceView(
        number=invoice.number,
        issued_on=russian_date(invoice.issued_at.astimezone(zone)),
        pay_by=russian_date(last_day_to_pay(invoice, zone)),
        contract_number=order.contract.number,
        contract_date=russian_date(order.contract.created_at.astimezone(zone)),
        platform=Platform.from_dict(snapshot["platform"]),
        buyer=Requisites.from_dict(snapshot["partner"]),
        description=description(order, zone),
        quantity=quantity,
        unit=unit,
        unit_price=order.unit_price,
        list_total=order.list_total,
        discount_note=discount_note,
        discount_amount=order.list_total - order.total,
        total=order.total,
        status_label="ОПЛАЧЕН" if invoice.status == InvoiceStatus.PAID else None,
    )
