"""The base of every form in the app: Flask-WTF's form (CSRF protection included), with
WTForms' own messages ("This field is required.") in the request's language.

Flask-WTF reads and parses WTForms' message catalogue from disk again on every request that
builds a form (every exam page, login and submission), a tenth of an exam page's CPU. The
catalogues are files of the installed package and never change while the app runs, so each
language's is read once.
"""

from __future__ import annotations

from functools import cache

from babel.support import NullTranslations, Translations
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField
from wtforms.i18n import messages_path

from .inputs import has_control


class AppForm(FlaskForm):
    class Meta:
        def get_translations(self, form):
            return wtforms_messages(str(get_locale()))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            if has_control(field.data):
                field.errors = [*field.errors, _l("Поле содержит недопустимый управляющий символ.")]
                valid = False
        return valid


@cache
def wtforms_messages(locale: str) -> NullTranslations:
    """WTForms' catalogue for `locale` (read as Flask-WTF reads it); untranslated (English)
    messages where there is none."""
    return Translations.load(messages_path(), [locale], domain="wtforms")


class CountField(IntegerField):
    """An integer field whose parse error speaks the page's language."""

    def process_formdata(self, valuelist):
        if valuelist and valuelist[0].strip():
            try:
                self.data = int(valuelist[0].strip())
            except ValueError:
                self.data = None
                raise ValueError(_l("Введите целое число.")) from None
        else:
            self.data = None
