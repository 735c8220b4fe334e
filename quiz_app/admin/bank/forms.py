"""The editor's forms. They only carry input: the bank's schema does the validating."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from ...forms import AppForm
from .drafts import Draft, OptionRow, extra_fields, is_text_field
from .imports import FORMATS
from .settings import REVIEW_FIELDS, SettingsDraft

SPARE_OPTION_ROWS = 2


class OptionRowForm(Form):
    id = HiddenField()
    text = TextAreaField(_l("Текст варианта"), render_kw={"rows": 2})
    position = StringField(_l("Порядок"), render_kw={"inputmode": "numeric", "size": 3})
    remove = BooleanField(_l("Удалить"))
    pin_last = BooleanField(_l("Всегда последним"))


class QuestionForm(AppForm):
    token = HiddenField()
    question_id = StringField(
        _l("Идентификатор"), description=_l("Например, mail-12: он не меняется после создания.")
    )
    text = TextAreaField(_l("Текст вопроса"), render_kw={"rows": 3})
    points = StringField(_l("Баллы"), render_kw={"inputmode": "numeric", "size": 4})
    options = FieldList(FormField(OptionRowForm))
    keep_order = BooleanField(
        _l("Не перемешивать варианты этого вопроса"),
        description=_l("Варианты всегда в порядке файла, даже если экзамен их перемешивает."),
    )
    explanation = TextAreaField(_l("Пояснение"), render_kw={"rows": 5})
    note = StringField(
        _l("Комментарий к изменению"),
        validators=[Optional(), Length(max=500)],
        description=_l("Попадёт в историю вопроса."),
    )

    # `token` is the optimistic-lock content hash, not a secret (bandit B107).
    def fill(self, draft: Draft, token: str = "", spare: int = SPARE_OPTION_ROWS) -> None:  # nosec B107
        self.token.data = token
        self.question_id.data = draft.question_id
        self.text.data = draft.text
        self.points.data = draft.points
        self.explanation.data = draft.explanation
        self.note.data = draft.note
        self.keep_order.data = draft.keep_order
        while self.options.entries:
            self.options.pop_entry()
        for row in draft.options:
            self.options.append_entry(
                {
                    "id": row.id,
                    "text": row.text,
                    "position": row.position,
                    "remove": row.remove,
                    "pin_last": row.pin_last,
                }
            )
        for n in range(spare):
            self.options.append_entry({"position": str(len(draft.options) + n + 1)})

    def draft(self, formdata) -> Draft:
        return Draft(
            text=self.text.data or "",
            points=self.points.data or "",
            explanation=self.explanation.data or "",
            options=[
                OptionRow(
                    id=entry.form.id.data or "",
                    text=entry.form.text.data or "",
                    position=entry.form.position.data or "",
                    remove=bool(entry.form.remove.data),
                    pin_last=bool(entry.form.pin_last.data),
                )
                for entry in self.options.entries
            ],
            answer_row=formdata.get("answer"),
            keep_order=bool(self.keep_order.data),
            extras={
                name: formdata.get(f"extra-{name}", "")
                for name in extra_fields()
                if is_text_field(name) and f"extra-{name}" in formdata
            },
            question_id=self.question_id.data or "",
            note=self.note.data or "",
        )


class TokenForm(AppForm):
    """The buttons that change a question without its form: retire, restore, move."""

    token = HiddenField()
    note = StringField(_l("Комментарий"), validators=[Optional(), Length(max=500)])


class SettingsForm(AppForm):
    token = HiddenField()
    title = StringField(_l("Название экзамена"))
    time_limit_minutes = StringField(
        _l("Время на попытку, минут"), render_kw={"inputmode": "numeric"}
    )
    pass_score = StringField(_l("Проходной балл"), render_kw={"inputmode": "numeric"})
    shuffle_questions = BooleanField(_l("Перемешивать вопросы внутри блока"))
    shuffle_options = BooleanField(_l("Перемешивать варианты ответа"))
    max_attempts = StringField(
        _l("Максимум попыток"),
        description=_l("Пусто — без ограничений."),
        render_kw={"inputmode": "numeric"},
    )
    cooldown_minutes = StringField(
        _l("Пауза между попытками, минут"),
        description=_l("0 — без паузы."),
        render_kw={"inputmode": "numeric"},
    )
    show_score = BooleanField(_l("Показывать набранные баллы"))
    show_block_breakdown = BooleanField(_l("Показывать результат по блокам"))
    show_own_answers = BooleanField(_l("Показывать ответы кандидата"))
    mark_own_answers = BooleanField(
        _l("Отмечать каждый ответ кандидата как верный или неверный"),
        description=_l("Без правильного варианта; при несданной попытке — после паузы."),
    )
    show_correct_answers = BooleanField(_l("Показывать правильные ответы"))
    show_explanations = BooleanField(_l("Показывать пояснения"))

    def fill(self, draft: SettingsDraft, token: str) -> None:
        self.token.data = token
        for name in (
            "title",
            "time_limit_minutes",
            "pass_score",
            "shuffle_questions",
            "shuffle_options",
            "max_attempts",
            "cooldown_minutes",
        ):
            self[name].data = getattr(draft, name)
        for name in REVIEW_FIELDS:
            self[name].data = draft.review.get(name, False)

    def draft(self) -> SettingsDraft:
        return SettingsDraft(
            title=self.title.data or "",
            time_limit_minutes=self.time_limit_minutes.data or "",
            pass_score=self.pass_score.data or "",
            shuffle_questions=bool(self.shuffle_questions.data),
            shuffle_options=bool(self.shuffle_options.data),
            max_attempts=self.max_attempts.data or "",
            cooldown_minutes=self.cooldown_minutes.data or "",
            review={name: bool(self[name].data) for name in REVIEW_FIELDS},
        )


class ZipImportForm(AppForm):
    archive = FileField(
        _l("Архив банка (.zip)"),
        validators=[
            FileRequired(_l("Выберите файл.")),
            FileAllowed(["zip"], _l("Нужен файл .zip.")),
        ],
    )


class QuestionImportForm(AppForm):
    block = SelectField(_l("Блок, в который добавить вопросы"), choices=[])
    format = SelectField(
        _l("Формат"),
        choices=[SelectChoice(key, label) for key, label in FORMATS.items()],
        default="gift",
    )
    source = FileField(
        _l("Файл"),
        validators=[
            FileRequired(_l("Выберите файл.")),
            FileAllowed(["txt", "gift", "xml"], _l("Нужен файл .txt, .gift или .xml.")),
        ],
    )


class ConfirmImportForm(AppForm):
    """Carries a dry run's file and the state it was checked against, to import it for real."""

    payload = HiddenField()
    token = HiddenField()
    block = HiddenField()
    format = HiddenField()


class PublishForm(AppForm):
    """Publishing or republishing: the note, and the version the admin's page showed."""

    based_on = HiddenField()
    note = TextAreaField(
        _l("Что изменилось и почему"),
        validators=[Length(max=500)],
        render_kw={"rows": 2, "maxlength": 500},
    )
