"""Admin pages: every client account across partners, with status filter, block and unblock."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ... import keyset
from ...bounded import page_number
from ...extensions import db
from . import admin_bp, services
from .forms import ActionForm, BlockForm
from .models import AccountStatus, ClientAccount
from .plans import plan_title


def _status_filter() -> AccountStatus | None:
    value = request.args.get("status", "")
    return AccountStatus(value) if value in {s.value for s in AccountStatus} else None


@admin_bp.get("")
def index():
    status = _status_filter()
    pagination = services.accounts_page(
        status,
        page=page_number(request.args),
        after=keyset.Cursor.decode(request.args.get("after")),
        before=keyset.Cursor.decode(request.args.get("before")),
    )
    return render_template(
        "partner/accounts/admin_list.html",
        rows=pagination.items,
        pagination=pagination,
        pager_args={"status": status.value} if status else {},
        status=status,
        statuses=list(AccountStatus),
        plan_title=plan_title,
    )


def _account_or_404(account_id: int) -> ClientAccount:
    return db.session.get(ClientAccount, account_id) or abort(404)


@admin_bp.route("/<int:account_id>", methods=["GET", "POST"])
def detail(account_id: int):
    account = _account_or_404(account_id)
    form = BlockForm()
    if form.validate_on_submit():
        try:
            services.block(account, current_user, form.reason.data.strip())
        except services.AccountError as exc:
            flash(exc.message, "error")
        else:
            flash(_("Аккаунт %(name)s заблокирован.", name=account.subdomain), "success")
        return redirect(url_for("accounts_admin.detail", account_id=account.id))
    return render_template(
        "partner/accounts/admin_detail.html",
        account=account,
        status=account.status,
        plan_title=plan_title(account.plan),
        form=form,
        unblock_form=ActionForm(),
    ), (400 if form.errors else 200)


@admin_bp.post("/<int:account_id>/unblock")
def unblock(account_id: int):
    account = _account_or_404(account_id)
    if ActionForm().validate_on_submit():
        try:
            services.unblock(account, current_user)
        except services.AccountError as exc:
            flash(exc.message, "error")
        else:
            flash(_("Аккаунт %(name)s разблокирован.", name=account.subdomain), "success")
    return redirect(url_for("accounts_admin.detail", account_id=account.id))
