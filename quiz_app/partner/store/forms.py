from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, SubmitField
from wtforms.validators import InputRequired, NumberRange

from ...forms import AppForm, CountField
from ...reference.pricing import MAX_USERS

# Choices are filled per request (the partner's accounts, the reference's offers and terms);
# whether a combination can be bought is decided by the store's services.


class OrderForm(AppForm):
    account_id = SelectField(_l("Аккаунт клиента"), coerce=int, validate_choice=False)
    offer_id = SelectField(_l("Тариф"), validate_choice=False)
    users = CountField(
        _l("Пользователей"),
        validators=[
            InputRequired(_l("Укажите число пользователей.")),
            NumberRange(1, MAX_USERS, _l("Число пользователей — от 1 до %(max)s.")),
        ],
    )
    months = SelectField(_l("Срок, месяцев"), coerce=int, validate_choice=False)
    quoted_total = HiddenField()
    quoted_for = HiddenField()  # offer|users|months of quoted_total, to say what changed
    request_key = HiddenField()
    calculate = SubmitField(_l("Пересчитать"))
    confirm = SubmitField(_l("Подтвердить заказ"))


class MarkPaidForm(AppForm):
    submit = SubmitField(_l("Отметить оплаченным"))
