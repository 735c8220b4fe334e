"""Admin pages: orders and invoices across partners, overdue ones, marking payments."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...extensions import db
from ...i18n import display_zone
from . import admin_bp, documents, services
from .forms import MarkPaidForm
from .models import Invoice, InvoiceStatus, StoreOrder
from .routes import invoice_pdf_response


@admin_bp.get("/orders")
def index():
    status = request.args.get("status", "")
    status = status if status in {s.value for s in InvoiceStatus} else None
    query = request.args.get("q", "").strip()
    invoices = services.invoices_for_admin(status, query)
    return render_template(
        "partner/store/admin_orders.html",
        invoices=invoices,
        status=status,
        statuses=list(InvoiceStatus),
        query=query,
        total=sum(i.amount for i in invoices),
    )


def _order_or_404(order_id: int) -> StoreOrder:
    return db.session.get(StoreOrder, order_id) or abort(404)


@admin_bp.route("/orders/<int:order_id>", methods=["GET", "POST"])
def order(order_id: int):
    found = _order_or_404(order_id)
    form = MarkPaidForm()
    if form.validate_on_submit():
        try:
            services.mark_paid(found.invoice, by=current_user)
        except services.AlreadyPaid as error:
            flash(error.message, "error")
        else:
            flash(_("Счёт %(number)s отмечен оплаченным.", number=found.invoice.number), "success")
        return redirect(url_for("store_admin.order", order_id=found.id))
    zone = display_zone()
    return render_template(
        "partner/store/admin_order.html",
        order=found,
        invoice=found.invoice,
        form=form,
        pay_by=documents.last_day_to_pay(found.invoice, zone),
        description=documents.description(found, zone),
        credit=services.credit_of(found.partner, current_app.config),
    )


@admin_bp.get("/invoices/<int:invoice_id>.pdf")
def invoice_pdf(invoice_id: int):
    return invoice_pdf_response(db.session.get(Invoice, invoice_id) or abort(404))
