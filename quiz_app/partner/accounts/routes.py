"""Partner pages under /partner/accounts: list, create, the account's dashboard, actions."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from ...clock import now
from ...i18n import display_zone, format_local_date
from ...ownership import get_owned_or_404
from . import activity, bp, charts, services, stats
from .forms import AccountForm, ActionForm
from .models import ClientAccount, EventKind
from .plans import plan_title

DEFAULT_PERIOD = "week"


@bp.get("/")
def index():
    return render_template(
        "partner/accounts/index.html",
        rows=services.partner_accounts(current_user),
        plan_title=plan_title,
    )


@bp.route("/new", methods=["GET", "POST"])
def create():
    form = AccountForm()
    if form.validate_on_submit():
        data = services.NewAccount(
            company=form.company.data,
            contact_name=form.contact_name.data,
            email=form.email.data,
            phone=form.phone.data,
            subdomain=form.subdomain.data,
            users_count=form.users_count.data,
            plan=form.plan.data,
        )
        try:
            account, token = services.create(current_user, data)
        except services.AccountError as exc:
            getattr(form, exc.field or "subdomain").errors.append(exc.message)
        else:
            flash(_("Пробный аккаунт «%(name)s» создан.", name=account.subdomain), "success")
            # The token is shown on this response only; it is not stored anywhere readable.
            return render_template("partner/accounts/token.html", account=account, token=token)
    return render_template("partner/accounts/new.html", form=form), (400 if form.errors else 200)


def _period() -> str:
    period = request.args.get("period", DEFAULT_PERIOD)
    return period if period in stats.PERIODS else DEFAULT_PERIOD


def _feed_kind() -> str | None:
    kind = request.args.get("feed")
    return kind if kind in {k.value for k in EventKind} else None


@bp.get("/<int:account_id>")
def detail(account_id: int):
    account = get_owned_or_404(ClientAccount, account_id)
    zone = display_zone()
    period = _period()
    board = activity.dashboard(account, period, zone)
    feed_kind = _feed_kind()
    days = stats.local_days(board.start, board.end, zone)
    return render_template(
        "partner/accounts/detail.html",
        period_days=" — ".join(
            dict.fromkeys(format_date(d, "d MMMM") for d in (days[0], days[-1]))
        ),
        account=account,
        status=account.status,
        plan_title=plan_title(account.plan),
        board=board,
        period=period,
        periods=stats.PERIODS,
        charts=_charts(board),
        feed=activity.feed(account, feed_kind),
        feed_kind=feed_kind,
        kinds=[kind.value for kind in EventKind],
        extension_refusal=services.extension_refusal(account, now()),
        action_form=ActionForm(),
        events_url=url_for(
            "accounts_api.client_account_events", account_id=account.id, _external=True
        ),
    )


def _charts(board: stats.Dashboard) -> dict:
    stage_rows = [
        (
            row.stage,
            row.new_count + row.won_count + row.lost_count,
            _(
                "%(new)d новых, %(won)d успешных, %(lost)d потеряно",
                new=row.new_count,
                won=row.won_count,
                lost=row.lost_count,
            ),
        )
        for row in board.deals.stages
    ]
    days = [day.strftime("%d.%m") for day in (item.day for item in board.calls.by_day)]
    return {
        "stages": charts.hbars(stage_rows, _("Сделки по этапам")),
        "sources": charts.donut(board.sources, _("Источники сделок")),
        "calls": charts.bars(
            days,
            [
                (_("Входящие"), [item.incoming for item in board.calls.by_day]),
                (_("Исходящие"), [item.outgoing for item in board.calls.by_day]),
            ],
            _("Звонки по дням"),
            width=360,
            height=180,
        )
        if len(days) > 1
        else None,
        "usage": charts.bars(
            [day.strftime("%d.%m") for day, _seconds in board.usage.by_day],
            [(_("Часы"), [round(seconds / 3600, 1) for _day, seconds in board.usage.by_day])],
            _("Использование системы, часов в день"),
        ),
    }


@bp.post("/<int:account_id>/extend")
def extend(account_id: int):
    account = get_owned_or_404(ClientAccount, account_id)
    if ActionForm().validate_on_submit():
        try:
            services.extend_trial(account)
        except services.ExtensionRefused as exc:
            flash(exc.message, "error")
        else:
            flash(
                _(
                    "Пробный период продлён до %(date)s.",
                    date=format_local_date(account.trial_ends_at),
                ),
                "success",
            )
    return redirect(url_for("partner.accounts.detail", account_id=account.id))


@bp.post("/<int:account_id>/token")
def regenerate_token(account_id: int):
    account = get_owned_or_404(ClientAccount, account_id)
    if not ActionForm().validate_on_submit():
        return redirect(url_for("partner.accounts.detail", account_id=account.id))
    token = services.regenerate_token(account)
    flash(_("Выпущен новый токен; прежний больше не действует."), "success")
    return render_template("partner/accounts/token.html", account=account, token=token)
