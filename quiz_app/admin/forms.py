from flask_babel import lazy_gettext as _l
from wtforms import SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from ..forms import AppForm


class RevokeForm(AppForm):
    reason = TextAreaField(
        _l("Причина отзыва"), validators=[DataRequired(), Length(min=5, max=1000)]
    )
    submit = SubmitField(_l("Отозвать сертификат"))
