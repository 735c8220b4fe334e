"""Mail to partners about unpaid invoices: due in 3 days, and overdue (once each)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from ...auth import notices
from ...clock import now
from ...extensions import db
from .models import Invoice, InvoiceStatus
from .services import invoice_mail_values

AHEAD = timedelta(days=3)


def send_invoice_reminders() -> int:
    moment = now()
    invoices = db.session.scalars(
        select(Invoice).where(
            Invoice.status == InvoiceStatus.UNPAID, Invoice.due_at <= moment + AHEAD
        )
    ).all()
    queued = 0
    for invoice in invoices:
        kind = "invoice_due" if invoice.due_at > moment else "invoice_overdue"
        queued += notices.notify(
            invoice.partner,
            kind,
            "reminders",
            key=f"{kind}:{invoice.id}",
            **invoice_mail_values(invoice),
        )
    db.session.commit()
    return queued
