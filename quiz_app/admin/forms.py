from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length


class RevokeForm(FlaskForm):
    reason = TextAreaField(
        _l("Причина отзыва"), validators=[DataRequired(), Length(min=5, max=1000)]
    )
    submit = SubmitField(_l("Отозвать сертификат"))
