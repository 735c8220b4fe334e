"""Russian names of statuses, event kinds and periods, as Jinja filters."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from . import bp
from .models import AccountStatus, EventKind

STATUS_LABELS = {
    AccountStatus.TRIAL: _l("Пробный период"),
    AccountStatus.ACTIVE: _l("Оплачен"),
    AccountStatus.EXPIRED: _l("Истёк"),
    AccountStatus.BLOCKED: _l("Заблокирован"),
}
STATUS_BADGES = {
    AccountStatus.TRIAL: "",
    AccountStatus.ACTIVE: "ok",
    AccountStatus.EXPIRED: "warn",
    AccountStatus.BLOCKED: "fail",
}
KIND_LABELS = {
    EventKind.LOGIN: _l("Вход в систему"),
    EventKind.DEAL_CREATED: _l("Новая сделка"),
    EventKind.DEAL_WON: _l("Успешная сделка"),
    EventKind.DEAL_LOST: _l("Потерянная сделка"),
    EventKind.CALL_IN: _l("Входящий звонок"),
    EventKind.CALL_OUT: _l("Исходящий звонок"),
    EventKind.TASK_DONE: _l("Задача выполнена"),
    EventKind.USER_HOURS: _l("Часы в системе"),
}
PERIOD_LABELS = {
    "today": _l("Сегодня"),
    "yesterday": _l("Вчера"),
    "week": _l("Неделя"),
    "month": _l("Месяц"),
}


@bp.app_template_filter("account_status")
def account_status(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


@bp.app_template_filter("account_status_badge")
def account_status_badge(status: str) -> str:
    return STATUS_BADGES.get(status, "")


@bp.app_template_filter("event_kind")
def event_kind(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


@bp.app_template_filter("period_name")
def period_name(period: str) -> str:
    return str(PERIOD_LABELS.get(period, period))


@bp.app_template_filter("rub_whole")
def rub(kopecks: int | None) -> str:
    """Kopecks as whole roubles, grouped: 1 234 567 ₽."""
    return f"{(kopecks or 0) / 100:,.0f}".replace(",", "\u202f") + "\u00a0₽"


@bp.app_template_filter("usage_hours")
def hours(seconds: int | None) -> str:
    return f"{(seconds or 0) / 3600:.1f}".replace(".", ",")


@bp.app_template_filter("event_details")
def event_details(event) -> str:
    """The feed's «details» cell: deal name, amount, stage, source, reason, task, duration."""
    parts = [event.title, rub(event.amount) if event.amount is not None else None]
    parts += [event.stage, event.source, event.reason, event.task_type]
    if event.duration_seconds is not None:
        if event.kind == EventKind.USER_HOURS:
            parts.append(_l("%(hours)s ч", hours=hours(event.duration_seconds)))
        else:
            minutes, seconds = divmod(event.duration_seconds, 60)
            parts.append(f"{minutes}:{seconds:02d}")
    return " · ".join(str(part) for part in parts if part)
