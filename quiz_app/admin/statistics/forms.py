from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField
from wtforms.validators import NumberRange, Optional, StopValidation

from ..filters import PeriodForm

DEFAULT_MIN_ATTEMPTS = 10


def _parsed(form, field) -> None:
    """Text that is not a number already has its error; the range check would only repeat it."""
    if field.process_errors:
        raise StopValidation()


class StatisticsFilter(PeriodForm):
    min_attempts = IntegerField(
        _l("Флаги от, попыток"),
        default=DEFAULT_MIN_ATTEMPTS,
        validators=[
            Optional(),
            _parsed,
            NumberRange(min=1, max=1_000_000, message=_l("Число от 1 до 1 000 000.")),
        ],
        description=_l("Меньше попыток — слишком мало данных, флаги не ставятся."),
    )
    flagged = BooleanField(_l("Только вопросы с флагами"))
    exam_version = IntegerField(
        _l("Версия экзамена"),
        validators=[
            Optional(),
            _parsed,
            NumberRange(min=1, max=1_000_000_000, message=_l("Номер версии от 1.")),
        ],
        description=_l("Только версии вопросов, входящие в эту версию экзамена."),
    )
