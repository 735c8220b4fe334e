from __future__ import annotations

import secrets

from flask import (
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from ...bounded import optional_id
from ...errors import render_error
from ...extensions import db
from ...i18n import display_zone, format_local_date
from ...ownership import get_owned_or_404
from ...reference.loader import ReferenceUnavailable, current_reference
from ...reference.model import Reference
from ..accounts.models import AccountStatus, ClientAccount
from ..contracts import services as contracts
from . import bp, documents, rendering, services
from .forms import OrderForm
from .models import Invoice, InvoiceStatus, StoreOrder

DEFAULT_MONTHS = 12


def _reference() -> Reference:
    try:
        return current_reference()
    except ReferenceUnavailable:
        abort(503)


def _own_accounts() -> list[ClientAccount]:
    """The partner's accounts that can be paid for (owner-scoped; blocked ones left out)."""
    accounts = db.session.scalars(
        select(ClientAccount)
        .where(ClientAccount.partner_id == current_user.id)
        .order_by(ClientAccount.company, ClientAccount.id)
    )
    return [a for a in accounts if a.status != AccountStatus.BLOCKED]


def _accounts_url() -> str | None:
    """Where a partner opens client accounts (the client-accounts section)."""
    endpoint = "partner.accounts.create"
    return url_for(endpoint) if endpoint in current_app.view_functions else None


@bp.get("/")
def index():
    orders = services.orders_of(current_user)
    return render_template(
        "partner/store/index.html",
        contract=contracts.current_contract(current_user),
        credit=services.credit_of(current_user, current_app.config),
        orders=orders,
        has_accounts=bool(_own_accounts()),
        accounts_url=_accounts_url(),
    )


def _fill_choices(form: OrderForm, ref: Reference, accounts: list[ClientAccount]) -> None:
    form.account_id.choices = [SelectChoice(a.id, f"{a.company} ({a.subdomain})") for a in accounts]
    locale = str(get_locale())
    form.offer_id.choices = [
        SelectChoice(
            o.id,
            o.display_title(locale)
            if o.kind == "plan"
            else _("%(title)s (пакет)", title=o.display_title(locale)),
        )
        for o in ref.offers
    ]
    form.months.choices = [SelectChoice(m, str(m)) for m in ref.terms]


def _quoted_for(offered) -> str:
    return services.QuotedFor(offered.offer_id, offered.users, offered.months).encode()


def _render_order_form(form: OrderForm, ref: Reference, status: int = 200, problem=None):
    """The order page with the price of what the form holds now (when it can be priced)."""
    offered = None
    if form.users.data is not None and not form.users.errors:
        try:
            offered = services.quote(ref, form.offer_id.data, form.users.data, form.months.data)
        except services.StoreError as error:
            if error.field and not form[error.field].errors:
                form[error.field].errors = [*form[error.field].errors, error.message]
    form.quoted_total.data = str(offered.total) if offered else ""
    form.quoted_for.data = _quoted_for(offered) if offered else ""
    if not form.request_key.data:
        form.request_key.data = secrets.token_urlsafe(24)
    return render_template(
        "partner/store/new.html",
        form=form,
        quote=offered,
        offer=ref.offer(offered.offer_id) if offered else None,
        currency=ref.currencies[services.CURRENCY],
        problem=problem,
        credit=services.credit_of(current_user, current_app.config),
        discount_rule=ref.billing.source,
    ), status


@bp.get("/quote")
def quote():
    """The price block of the order page for other parameters, for its script (store.js).

    The same quote and the same template as the page itself, so the total shown while the
    form changes is the one the server will charge.
    """
    ref = _reference()
    offer_id = request.args.get("offer_id", "")
    months = request.args.get("months", "")
    users_text = request.args.get("users", "").strip()
    offered, problem = None, None
    if not users_text:
        problem = _("Укажите число пользователей.")
    elif not users_text.isdigit() or not months.isdigit():
        problem = _("Введите целое число.")
    else:
        try:
            offered = services.quote(ref, offer_id, int(users_text), int(months))
        except services.StoreError as error:
            problem = error.message
    form = OrderForm(formdata=None)
    html = render_template(
        "partner/store/_price.html",
        form=form,
        quote=offered,
        offer=ref.offer(offered.offer_id) if offered else None,
        price_problem=problem,
    )
    return {
        "total": offered.total if offered else None,
        "quoted_for": _quoted_for(offered) if offered else "",
        "html": html,
    }


def _preconditions():
    """The page that replaces the form while a contract or an account is missing, or None."""
    if contracts.current_contract(current_user) is None:
        return render_template("partner/store/needs.html", missing="contract"), 200
    if not _own_accounts():
        return render_template(
            "partner/store/needs.html", missing="accounts", accounts_url=_accounts_url()
        ), 200
    return None


@bp.get("/new")
def new():
    ref = _reference()
    # Owner-scoped first: another partner's account id is a 404 whatever else is missing.
    chosen = optional_id(request.args, "account")
    account = get_owned_or_404(ClientAccount, chosen) if chosen else None
    if (blocked := _preconditions()) is not None:
        return blocked
    accounts = _own_accounts()
    form = OrderForm(formdata=None)
    _fill_choices(form, ref, accounts)
    account = account or accounts[0]
    form.account_id.data = account.id
    form.offer_id.data = account.plan if ref.offer(account.plan) else ref.offers[0].id
    form.users.data = max(account.users_count, 1)
    form.months.data = DEFAULT_MONTHS if DEFAULT_MONTHS in ref.terms else ref.terms[0]
    return _render_order_form(form, ref)


@bp.post("/new")
def place():
    ref = _reference()
    if contracts.current_contract(current_user) is None:
        return render_template("partner/store/needs.html", missing="contract"), 400
    form = OrderForm()
    _fill_choices(form, ref, _own_accounts())
    if not form.validate_on_submit() or not form.confirm.data:
        return _render_order_form(form, ref, 400 if form.errors else 200)
    # Owner-scoped: another partner's account id in the form is a 404, as in a URL.
    account = get_owned_or_404(ClientAccount, form.account_id.data)
    quoted = form.quoted_total.data
    try:
        order = services.place_order(
            current_user,
            account,
            ref,
            form.offer_id.data,
            form.users.data,
            form.months.data,
            int(quoted) if quoted and quoted.isdigit() else None,
            form.request_key.data or secrets.token_urlsafe(24),
            current_app.config,
            services.QuotedFor.decode(form.quoted_for.data),
        )
    except services.PriceChanged as changed:
        return _render_order_form(form, ref, 409, problem=changed.message)
    except services.StoreError as error:
        if error.field:
            form[error.field].errors = [error.message]
        return _render_order_form(form, ref, 400, problem=None if error.field else error.message)
    flash(
        _(
            "Заказ %(order)s оформлен: аккаунт %(account)s активен до %(until)s. "
            "Счёт %(invoice)s нужно оплатить до %(due)s включительно.",
            order=order.number,
            account=order.client_account.subdomain,
            until=format_local_date(order.ends_at),
            invoice=order.invoice.number,
            due=format_local_date(documents.last_day_to_pay(order.invoice, display_zone())),
        ),
        "success",
    )
    return redirect(url_for("partner.store.order", order_id=order.id))


@bp.get("/orders/<int:order_id>")
def order(order_id: int):
    found = get_owned_or_404(StoreOrder, order_id)
    zone = display_zone()
    return render_template(
        "partner/store/order.html",
        order=found,
        invoice=found.invoice,
        pay_by=documents.last_day_to_pay(found.invoice, zone),
        description=documents.description(found, zone),
    )


def invoice_pdf_response(invoice: Invoice):
    data = rendering.render_invoice(documents.invoice_view(invoice, display_zone()))
    response = make_response(data)
    response.mimetype = "application/pdf"
    response.headers["Content-Disposition"] = f'inline; filename="{invoice.number}.pdf"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/invoices/<int:invoice_id>.pdf")
def invoice_pdf(invoice_id: int):
    return invoice_pdf_response(get_owned_or_404(Invoice, invoice_id))


@bp.errorhandler(503)
def _unavailable(_error):
    return render_error(503, _("Справочник тарифов временно недоступен: магазин не работает."))


@bp.app_template_filter("invoice_status")
def _invoice_status_filter(invoice: Invoice) -> str:
    return invoice.current_status.value


@bp.app_template_global("invoice_status_label")
def invoice_status_label(status: str) -> str:
    return {
        InvoiceStatus.UNPAID: _("Не оплачен"),
        InvoiceStatus.PAID: _("Оплачен"),
        InvoiceStatus.OVERDUE: _("Просрочен"),
    }.get(status, status)


@bp.app_template_filter("last_pay_day")
def _last_pay_day_filter(invoice: Invoice):
    """The last day to pay (the due moment is the midnight after it)."""
    return documents.last_day_to_pay(invoice, display_zone())
