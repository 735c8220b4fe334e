"""Browsing and editing questions. Nested in the admin blueprint, so its guard applies."""

from __future__ import annotations

import random

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ...bank import publishing
from ...bank.loader import BankInvalid, question_hash
from ...bank.ordering import option_order
from ...bank.schema import Question
from . import bp, drafts, history, questions, store
from .field_errors import FORM, Conflict, SaveRejected
from .forms import QuestionForm, TokenForm
from .models import RevisionAction

EXTRA_LABELS = {"reference": _l("Ключ строки справочника тарифов (reference)")}

ACTION_LABELS = {
    RevisionAction.CREATE: _l("создан"),
    RevisionAction.EDIT: _l("изменён"),
    RevisionAction.RETIRE: _l("снят с экзамена"),
    RevisionAction.UNRETIRE: _l("возвращён в экзамен"),
    RevisionAction.RESTORE: _l("восстановлена версия"),
    RevisionAction.IMPORT: _l("импорт"),
    RevisionAction.EXTERNAL: _l("изменён вне редактора"),
}


def conflict_message() -> str:
    return _(
        "Вопрос изменился с тех пор, как вы его открыли: сохранение отклонено, чтобы не "
        "затереть чужую правку. Откройте вопрос заново и повторите изменения."
    )


def write_failed(exc: OSError) -> str:
    return _(
        "Не удалось записать файл банка (%(error)s). Ничего не изменилось: повторите позже.",
        error=exc.strerror or exc,
    )


def _author():
    return current_user._get_current_object()


def _bank_or_redirect():
    try:
        return store.current_bank(), None
    except BankInvalid:
        flash(
            _("Банк вопросов сейчас не проходит проверку: исправьте ошибки или загрузите архив."),
            "error",
        )
        return None, redirect(url_for("admin.bank.index"))


def _located_or_404(bank, question_id: str) -> questions.Located:
    try:
        return questions.locate(bank, question_id)
    except questions.NotFound:
        abort(404)


@bp.get("/bank/")
def index():
    bank, problems = store.draft_or_problems()
    return render_template(
        "admin/bank/index.html",
        bank=bank,
        problems=problems,
        draft_published=bank is not None and publishing.is_published(bank),
    )


@bp.get("/bank/blocks/<block_id>")
def block(block_id: str):
    bank, response = _bank_or_redirect()
    if response:
        return response
    try:
        loaded = questions.find_block(bank, block_id)
    except questions.NotFound:
        abort(404)
    return render_template("admin/bank/block.html", bank=bank, loaded=loaded, form=TokenForm())


@bp.post("/bank/questions/<question_id>/move")
def question_move(question_id: str):
    form = TokenForm()
    if not form.validate_on_submit():
        abort(400)
    offset = {"up": -1, "down": 1}.get(request.form.get("direction", ""))
    if offset is None:
        abort(400)
    bank, response = _bank_or_redirect()
    if response:
        return response
    located = _located_or_404(bank, question_id)
    try:
        questions.move(question_id, offset, _author())
    except questions.NothingChanged:
        pass
    except (Conflict, SaveRejected, OSError) as exc:
        flash(_describe_refusal(exc), "error")
    return redirect(url_for("admin.bank.block", block_id=located.block.id) + f"#row-{question_id}")


def _describe_refusal(exc: Exception) -> str:
    if isinstance(exc, OSError):
        return write_failed(exc)
    if isinstance(exc, Conflict):
        return conflict_message()
    if isinstance(exc, SaveRejected):
        return " ".join(m for messages in exc.errors.values() for m in messages)
    return str(exc)


# --- the question form ----------------------------------------------------------------------


def _extras(draft: drafts.Draft, errors: dict[str, list[str]]) -> list[dict]:
    return [
        {
            "name": name,
            "label": EXTRA_LABELS.get(name, name),
            "value": draft.extras.get(name, ""),
            "errors": errors.get(f"extra.{name}", []),
        }
        for name in drafts.extra_fields()
        if drafts.is_text_field(name)
    ]


def _place_errors(form: QuestionForm, errors: dict[str, list[str]], creating: bool) -> dict:
    """Put each error beside its field; return the ones shown with the options and above."""
    placed = {"general": [], "answer": [], "options": []}
    for key, messages in errors.items():
        parts = key.split(".")
        target = None
        if key in ("text", "points", "explanation", "note"):
            target = form[key]
        elif key == "id" and creating:
            target = form.question_id
        elif parts[0] == "options" and len(parts) == 3 and parts[1].isdigit():
            row = int(parts[1])
            if row < len(form.options.entries) and parts[2] in ("text", "position", "id"):
                target = form.options.entries[row].form[parts[2] if parts[2] != "id" else "text"]
        if target is not None:
            target.errors = [*target.errors, *messages]
        elif key in ("answer", "options"):
            placed[key] += messages
        elif not key.startswith("extra."):
            placed["general"] += messages
    return placed


def _render_form(
    form: QuestionForm,
    *,
    bank,
    block,
    question: Question | None,
    draft: drafts.Draft,
    errors: dict[str, list[str]] | None = None,
    preview: Question | None = None,
    status: int = 200,
):
    errors = errors or {}
    creating = question is None
    placed = _place_errors(form, errors, creating)
    return render_template(
        "admin/bank/question_form.html",
        form=form,
        bank=bank,
        block=block,
        question=question,
        creating=creating,
        answer_row=draft.answer_row,
        extras=_extras(draft, errors),
        placed=placed,
        has_errors=bool(errors or form.errors),
        preview=preview,
        preview_options={o.id: o.text for o in preview.options} if preview else None,
        question_token=store.question_token(question) if question is not None else "",
    ), status


@bp.route("/bank/questions/<question_id>", methods=["GET", "POST"])
def question(question_id: str):
    bank, response = _bank_or_redirect()
    if response:
        return response
    located = _located_or_404(bank, question_id)
    form = QuestionForm()
    context = {"bank": bank, "block": located.block, "question": located.question}
    if request.method == "GET":
        draft = drafts.draft_of(located.question)
        form.fill(draft, store.question_token(located.question))
        return _render_form(form, draft=draft, **context)
    draft, response = _checked_draft_or_preview(form, question_id, context)
    if response is not None:
        return response
    try:
        questions.edit(question_id, form.token.data or "", draft, _author())
    except Conflict:
        errors = {FORM: [conflict_message()]}
        return _render_form(form, draft=draft, errors=errors, status=409, **context)
    except SaveRejected as exc:
        return _render_form(form, draft=draft, errors=exc.errors, status=400, **context)
    except OSError as exc:
        errors = {FORM: [write_failed(exc)]}
        return _render_form(form, draft=draft, errors=errors, status=500, **context)
    except questions.NothingChanged:
        flash(_("Изменений нет: файл не перезаписан."), "info")
        return redirect(url_for("admin.bank.question", question_id=question_id))
    flash(_("Вопрос %(id)s сохранён.", id=question_id), "success")
    return redirect(url_for("admin.bank.question", question_id=question_id))


def _checked_draft_or_preview(form, question_id: str | None, context: dict):
    """The posted draft, or the page to show instead: its field errors, or its preview."""
    form.validate_on_submit()  # CSRF is checked app-wide; this runs the length limits
    draft = form.draft(request.form)
    if form.errors:
        return draft, _render_form(form, draft=draft, status=400, **context)
    if request.form.get("action") != "preview":
        return draft, None
    try:
        shown = questions.preview(question_id, draft)
    except SaveRejected as exc:
        return draft, _render_form(form, draft=draft, errors=exc.errors, status=400, **context)
    return draft, _render_form(form, draft=draft, preview=shown, **context)


@bp.route("/bank/blocks/<block_id>/new", methods=["GET", "POST"])
def question_new(block_id: str):
    bank, response = _bank_or_redirect()
    if response:
        return response
    try:
        loaded = questions.find_block(bank, block_id)
    except questions.NotFound:
        abort(404)
    form = QuestionForm()
    context = {"bank": bank, "block": loaded.block, "question": None}
    if request.method == "GET":
        draft = drafts.Draft(
            question_id=drafts.suggest_id(bank, loaded.block),
            options=[],
            answer_row=None,
        )
        form.fill(draft, spare=4)
        return _render_form(form, draft=draft, **context)
    draft, response = _checked_draft_or_preview(form, None, context)
    if response is not None:
        return response
    try:
        saved = questions.create(block_id, draft, _author())
    except SaveRejected as exc:
        return _render_form(form, draft=draft, errors=exc.errors, status=400, **context)
    except OSError as exc:
        errors = {FORM: [write_failed(exc)]}
        return _render_form(form, draft=draft, errors=errors, status=500, **context)
    flash(_("Вопрос %(id)s добавлен.", id=saved.question.id), "success")
    return redirect(url_for("admin.bank.question", question_id=saved.question.id))


@bp.post("/bank/questions/<question_id>/retire")
def question_retire(question_id: str):
    return _set_retired(question_id, True)


@bp.post("/bank/questions/<question_id>/unretire")
def question_unretire(question_id: str):
    return _set_retired(question_id, False)


def _set_retired(question_id: str, retired: bool):
    form = TokenForm()
    if not form.validate_on_submit():
        abort(400)
    bank, response = _bank_or_redirect()
    if response:
        return response
    _located_or_404(bank, question_id)
    try:
        questions.set_retired(
            question_id, form.token.data or "", retired, _author(), form.note.data or ""
        )
    except questions.NothingChanged:
        flash(_("Состояние вопроса уже такое."), "info")
    except (Conflict, SaveRejected, OSError) as exc:
        flash(_describe_refusal(exc), "error")
    else:
        if retired:
            flash(
                _("Вопрос %(id)s снят с экзамена. Прошлые попытки не изменились.", id=question_id),
                "success",
            )
        else:
            flash(_("Вопрос %(id)s снова в экзамене.", id=question_id), "success")
    return redirect(url_for("admin.bank.question", question_id=question_id))


# --- preview and history ----------------------------------------------------------------------


@bp.get("/bank/questions/<question_id>/preview")
def question_preview(question_id: str):
    bank, response = _bank_or_redirect()
    if response:
        return response
    located = _located_or_404(bank, question_id)
    shuffled = request.args.get("shuffle") == "1"
    # A preview, not an attempt: any order will do (bandit B311).
    order = list(option_order(located.question, random.Random(), shuffled))  # nosec B311
    block_number = next(
        (i for i, lb in enumerate(bank.blocks, 1) if lb.block.id == located.block.id), 1
    )
    return render_template(
        "admin/bank/preview.html",
        bank=bank,
        block=located.block,
        block_number=block_number,
        question=located.question,
        order=order,
        options={o.id: o.text for o in located.question.options},
        shuffled=shuffled,
    )


@bp.get("/bank/questions/<question_id>/history")
def question_history(question_id: str):
    bank, response = _bank_or_redirect()
    if response:
        return response
    located = _located_or_404(bank, question_id)
    revisions = history.revisions_of(question_id)
    versions = history.versions_of(question_id)
    people = history.authors(
        {r.author_id for r in revisions if r.author_id}
        | {v.author_id for v in versions if v.author_id}
    )
    return render_template(
        "admin/bank/history.html",
        bank=bank,
        block=located.block,
        question=located.question,
        token=store.question_token(located.question),
        current_hash=question_hash(located.question),
        revisions=[(r, history.revision_diff(r)) for r in revisions],
        versions=versions,
        people=people,
        action_labels=ACTION_LABELS,
    )


@bp.post("/bank/questions/<question_id>/versions/<int:version_id>/restore")
def version_restore(question_id: str, version_id: int):
    form = TokenForm()
    if not form.validate_on_submit():
        abort(400)
    bank, response = _bank_or_redirect()
    if response:
        return response
    _located_or_404(bank, question_id)
    version = history.version_of(question_id, version_id) or abort(404)
    try:
        questions.restore_version(question_id, version, form.token.data or "", _author())
    except questions.NothingChanged:
        flash(_("Эта версия и так текущая."), "info")
    except (Conflict, SaveRejected, OSError) as exc:
        flash(_describe_refusal(exc), "error")
    else:
        flash(_("Версия восстановлена и сохранена как новая правка."), "success")
    return redirect(url_for("admin.bank.question_history", question_id=question_id))
