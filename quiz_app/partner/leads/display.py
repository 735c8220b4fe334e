"""How leads read on a page: status and source names, money, history lines."""

from __future__ import annotations

from flask import Flask
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .models import EventKind, LeadEvent, LeadSource, LeadStatus
from .validation import industry_label

STATUS_LABELS = {
    LeadStatus.NEW: _l("Новая"),
    LeadStatus.IN_CONTACT: _l("Связались"),
    LeadStatus.MEETING: _l("Встреча"),
    LeadStatus.WON: _l("Успешно"),
    LeadStatus.LOST: _l("Отказ"),
}
# The button that moves a lead into a status.
STATUS_ACTIONS = {
    LeadStatus.IN_CONTACT: _l("Связались с клиентом"),
    LeadStatus.MEETING: _l("Назначена встреча"),
    LeadStatus.WON: _l("Сделка состоялась"),
    LeadStatus.LOST: _l("Отказ"),
}
SOURCE_LABELS = {
    LeadSource.SITE: _l("Форма на сайте"),
    LeadSource.API: _l("API"),
    LeadSource.ADMIN: _l("Администратор"),
    LeadSource.IMPORT: _l("Импорт CSV"),
}


def status_label(status: str) -> str:
    label = STATUS_LABELS.get(status)
    return str(label) if label is not None else status


def action_label(status: str) -> str:
    label = STATUS_ACTIONS.get(status)
    return str(label) if label is not None else status_label(status)


def source_label(source: str) -> str:
    label = SOURCE_LABELS.get(source)
    return str(label) if label is not None else source


def _who(user) -> str:
    return user.full_name if user is not None else _("система")


def event_text(event: LeadEvent) -> str:
    """One history line, e.g. «Иван Петров: Связались → Встреча»."""
    if event.kind == EventKind.CREATED:
        return _("Заявка получена (%(source)s)", source=source_label(event.note or ""))
    if event.kind == EventKind.TAKEN:
        return _("Взята в работу: %(partner)s", partner=_who(event.to_partner))
    if event.kind == EventKind.STATUS:
        return _(
            "Статус: %(old)s → %(new)s",
            old=status_label(event.from_status or ""),
            new=status_label(event.to_status or ""),
        )
    if event.kind == EventKind.REASSIGNED:
        if event.to_partner_id is None:
            return _("Возвращена в общий пул (была у %(old)s)", old=_who(event.from_partner))
        if event.from_partner_id is None:
            return _("Передана партнёру %(new)s", new=_who(event.to_partner))
        return _(
            "Передана от %(old)s партнёру %(new)s",
            old=_who(event.from_partner),
            new=_who(event.to_partner),
        )
    if event.kind == EventKind.CLOSED:
        return _("Закрыта администратором: %(status)s", status=status_label(event.to_status or ""))
    return event.kind


def init_app(app: Flask) -> None:
    app.add_template_filter(status_label, "lead_status")
    app.add_template_filter(action_label, "lead_action")
    app.add_template_filter(source_label, "lead_source")
    app.add_template_filter(industry_label, "industry")
    app.add_template_filter(event_text, "lead_event")
