"""The admin home page: every admin section, and a few figures at a glance."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, render_template, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..auth.models import Role, User
from ..certificates.models import Certificate
from ..clock import now
from ..exam.models import Attempt, Status
from ..extensions import db

# (title, description, endpoint). Sections whose endpoint is not registered (yet) are left
# out, so a section appears here as soon as its blueprint routes land.
SECTIONS = (
    (_l("Банк вопросов"), _l("Блоки, вопросы, версии, импорт и экспорт."), "admin.bank.index"),
    (
        _l("Статистика"),
        _l("Лёгкость и дискриминация вопросов, итоги экзамена."),
        "admin.statistics.index",
    ),
    (_l("Кандидаты и партнёры"), _l("Поиск, попытки, сертификаты, роли."), "admin.people.index"),
    (
        _l("Сертификаты"),
        _l("Все выданные сертификаты; отзыв с указанием причины."),
        "admin.certificate_list",
    ),
    (
        _l("Заявки"),
        _l("Заявки клиентов: создание, импорт, передача, закрытие."),
        "leads_admin.index",
    ),
    (_l("Аккаунты клиентов"), _l("Аккаунты клиентов всех партнёров."), "accounts_admin.index"),
    (_l("Заказы и счета"), _l("Оплаты и просроченные счета."), "store_admin.index"),
    (_l("Журнал действий"), _l("Кто, что и когда изменил."), "admin.audit.index"),
    (_l("Почта"), _l("Отправленные, ожидающие и не доставленные письма."), "admin.mail.index"),
)

RECENT_DAYS = 30


def sections() -> list[tuple[str, str, str]]:
    return [
        (title, text, url_for(endpoint))
        for title, text, endpoint in SECTIONS
        if endpoint in current_app.view_functions
    ]


def figures() -> dict[str, int]:
    moment = now()
    by_role = dict(db.session.execute(select(User.role, func.count()).group_by(User.role)).all())
    recent = db.session.execute(
        select(func.count(), func.count().filter(Attempt.passed.is_(True))).where(
            Attempt.status == Status.FINISHED,
            Attempt.is_preview.is_(False),
            Attempt.finished_at >= moment - timedelta(days=RECENT_DAYS),
        )
    ).one()
    valid = db.session.scalar(
        select(func.count())
        .select_from(Certificate)
        .where(Certificate.revoked_at.is_(None), Certificate.valid_until > moment)
    )
    return {
        "candidates": by_role.get(Role.CANDIDATE.value, 0),
        "partners": by_role.get(Role.PARTNER.value, 0),
        "admins": by_role.get(Role.ADMIN.value, 0),
        "recent_attempts": recent[0],
        "recent_passed": recent[1],
        "valid_certificates": valid,
    }


def render():
    return render_template(
        "admin/dashboard.html", sections=sections(), figures=figures(), recent_days=RECENT_DAYS
    )
