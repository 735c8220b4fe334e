from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.session_user import session_user_id
from ..bank.published import BankUnavailable, current_exam
from ..bank.schema import ReviewPolicy
from ..bank.titles import block_title
from ..extensions import login_manager
from ..i18n import format_local
from . import block_page, bp, extra_time, finishing, services
from .forms import BlockAnswersForm, StartForm, SubmitAttemptForm

REFUSALS = {
    "time_up": lambda: _("Время попытки истекло: ответ не сохранён, попытка завершена."),
    "finished": lambda: _("Попытка уже завершена: ответы больше не принимаются."),
    "unknown_question": lambda: _("Такого вопроса нет в этой попытке."),
    "unknown_option": lambda: _("Такого варианта ответа нет у этого вопроса."),
}


# Requests that match the attempt by its owner's id in their own SQL, so the id the session
# was signed with is enough: the autosave and the submission, the busiest writes of an exam day.
_SIGNED_ID_ENOUGH = frozenset({"exam.answer", "exam.flag", "exam.submit"})


@bp.before_request
def _require_login():
    """Every exam page needs an account; some check it without loading the row."""
    if request.endpoint in _SIGNED_ID_ENOUGH and session_user_id() is not None:
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    return None


def _attempt_or_404(attempt_id: int):
    try:
        return services.owned_attempt(attempt_id, session_user_id())
    except services.AttemptNotFound:
        abort(404)


@bp.get("/")
def overview():
    try:
        bank = current_exam()
    except BankUnavailable:
        bank = None
    attempt = services.open_attempt(current_user)
    if attempt is not None:
        finishing.finalize_if_expired(attempt)
        attempt = attempt if attempt.is_open else None
    return render_template(
        "exam/overview.html",
        bank=bank,
        personal_limit=bank
        and extra_time.personal_limit(current_user.id, bank.settings.time_limit_minutes),
        open_attempt=attempt,
        attempts=services.history(current_user),
        form=StartForm(),
    )


@bp.post("/start")
def start():
    if not StartForm().validate_on_submit():
        abort(400)
    try:
        attempt = services.start_or_resume(current_user)
    except BankUnavailable:
        flash(
            _("Экзамен временно недоступен: банк вопросов на проверке. Попробуйте позже."), "error"
        )
        return redirect(url_for("exam.overview"))
    except services.CannotStart as exc:
        if exc.reason == "cooldown":
            flash(
                _("Следующая попытка будет доступна %(time)s.", time=format_local(exc.until)),
                "error",
            )
        else:
            flash(_("Достигнуто максимальное число попыток."), "error")
        return redirect(url_for("exam.overview"))
    return redirect(url_for("exam.block", attempt_id=attempt.id, number=attempt.current_block + 1))


@bp.get("/attempts/<int:attempt_id>")
def attempt(attempt_id: int):
    attempt = _attempt_or_404(attempt_id)
    finishing.finalize_if_expired(attempt)
    if attempt.is_open:
        return redirect(
            url_for("exam.block", attempt_id=attempt.id, number=attempt.current_block + 1)
        )
    return redirect(url_for("exam.result", attempt_id=attempt.id))


@bp.get("/attempts/<int:attempt_id>/blocks/<int:number>")
def block(attempt_id: int, number: int):
    attempt = _attempt_or_404(attempt_id)
    if finishing.finalize_if_expired(attempt):
        flash(_("Время вышло. Попытка завершена и оценена по сохранённым ответам."), "info")
    if not attempt.is_open:
        return redirect(url_for("exam.result", attempt_id=attempt.id))
    navigation = block_page.navigation(attempt.id)
    if not 1 <= number <= len(navigation):
        abort(404)
    page = render_template(
        "exam/block.html",
        attempt=attempt,
        navigation=navigation,
        question_map=block_page.question_map(
            navigation, number, (_("отвечен"), _("без ответа"), _("отмечен")), block_title
        ),
        number=number,
        current=navigation[number - 1],
        items=block_page.questions(attempt.id, number - 1),
        answered=sum(b.answered for b in navigation),
        flagged=sum(b.flagged for b in navigation),
        remaining=services.remaining_seconds(attempt),
    )
    # After rendering: committing first would expire the attempt and the user, and the page
    # would load both again.
    services.remember_block(attempt, number - 1)
    return page


@bp.post("/attempts/<int:attempt_id>/blocks/<int:number>")
def save_block(attempt_id: int, number: int):
    """The no-JavaScript path: save the block's choices, then go where the button says."""
    attempt = _attempt_or_404(attempt_id)
    if not BlockAnswersForm().validate_on_submit():
        abort(400)
    choices = {
        key.removeprefix("q-"): value
        for key, value in request.form.items()
        if key.startswith("q-") and value
    }
    # A flag button names its question and the state it sets: "<question id>:1" or ":0".
    flag_question, _sep, flag_state = request.form.get("flag", "").rpartition(":")
    try:
        refused = services.save_answers(attempt, current_user, choices)
        if flag_question:
            services.set_flags(attempt, current_user, {flag_question: flag_state == "1"})
    except services.AnswerRefused as exc:
        flash(REFUSALS[exc.code](), "error")
        if exc.code in ("time_up", "finished"):
            return redirect(url_for("exam.attempt", attempt_id=attempt.id))
        return redirect(url_for("exam.block", attempt_id=attempt.id, number=number))
    numbers = block_page.numbers(attempt.id, refused) if refused else []
    if numbers:
        flash(
            _(
                "Не сохранены ответы на вопросы: %(numbers)s. Выберите вариант ещё раз.",
                numbers=", ".join(map(str, numbers)),
            ),
            "error",
        )
    elif refused:
        flash(_("Некоторые ответы не сохранены: таких вопросов нет в этой попытке."), "error")
    else:
        flash(_("Ответы сохранены."), "success")
    if flag_question:
        return redirect(
            url_for(
                "exam.block", attempt_id=attempt.id, number=number, _anchor=f"q-{flag_question}"
            )
        )
    target = request.form.get("nav", "stay")
    if target == "finish":
        return redirect(url_for("exam.confirm_submit", attempt_id=attempt.id))
    if target.isdigit():
        number = int(target)
    return redirect(url_for("exam.block", attempt_id=attempt.id, number=number))


@bp.post("/attempts/<int:attempt_id>/answers")
def answer(attempt_id: int):
    """Autosave of one choice, sent by exam.js the moment a radio button is picked."""
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict) or not all(
        isinstance(payload.get(key), str) for key in ("question", "option")
    ):
        return jsonify(
            error="bad_request",
            message=_("Ожидается JSON с полями question и option (строки)."),
        ), 400
    try:
        saved = services.save_answer(
            attempt_id, session_user_id(), payload["question"], payload["option"]
        )
    except services.AttemptNotFound:
        return jsonify(error="not_found", message=_("Попытка не найдена.")), 404
    except services.AnswerRefused as exc:
        status = 409 if exc.code in ("time_up", "finished") else 422
        return jsonify(error=exc.code, message=REFUSALS[exc.code]()), status
    return jsonify(
        question=saved.question_id,
        option=saved.option_id,
        answered=saved.answered,
        saved_at=saved.saved_at.isoformat(),
    )


@bp.post("/attempts/<int:attempt_id>/flags")
def flag(attempt_id: int):
    """Mark or unmark a question for review, sent by autosave.js when its flag is pressed."""
    payload = request.get_json(silent=True)
    if (
        not isinstance(payload, dict)
        or not isinstance(payload.get("question"), str)
        or not isinstance(payload.get("flagged"), bool)
    ):
        return jsonify(
            error="bad_request",
            message=_("Ожидается JSON с полями question (строка) и flagged (true или false)."),
        ), 400
    try:
        services.set_flag(attempt_id, session_user_id(), payload["question"], payload["flagged"])
    except services.AttemptNotFound:
        return jsonify(error="not_found", message=_("Попытка не найдена.")), 404
    except services.AnswerRefused as exc:
        status = 409 if exc.code in ("time_up", "finished") else 422
        return jsonify(error=exc.code, message=REFUSALS[exc.code]()), status
    return jsonify(question=payload["question"], flagged=payload["flagged"])


@bp.get("/attempts/<int:attempt_id>/submit")
def confirm_submit(attempt_id: int):
    attempt = _attempt_or_404(attempt_id)
    finishing.finalize_if_expired(attempt)
    if not attempt.is_open:
        return redirect(url_for("exam.result", attempt_id=attempt.id))
    texts = {item.question_id: item.version.text for item in services.all_items(attempt)}
    navigation = block_page.navigation(attempt.id)
    entries = [(block.index + 1, entry) for block in navigation for entry in block.entries]
    unanswered = [(number, entry) for number, entry in entries if not entry.answered]
    return render_template(
        "exam/submit.html",
        attempt=attempt,
        navigation=navigation,
        texts=texts,
        unanswered=unanswered,
        flagged_entries=[(number, entry) for number, entry in entries if entry.flagged],
        answered=len(entries) - len(unanswered),
        flagged=sum(entry.flagged for _, entry in entries),
        total=len(entries),
        remaining=services.remaining_seconds(attempt),
        form=SubmitAttemptForm(),
    )


@bp.post("/attempts/<int:attempt_id>/submit")
def submit(attempt_id: int):
    attempt = _attempt_or_404(attempt_id)
    if not SubmitAttemptForm().validate_on_submit():
        abort(400)
    if attempt.is_open and finishing.submit(attempt) and not attempt.is_preview:
        flash(_("Поздравляем! Экзамен сдан, ваш сертификат партнёра готов."), "success")
        return redirect(url_for("partner.certificate"))
    return redirect(url_for("exam.result", attempt_id=attempt_id))


@bp.get("/attempts/<int:attempt_id>/result")
def result(attempt_id: int):
    attempt = _attempt_or_404(attempt_id)
    finishing.finalize_if_expired(attempt)
    if attempt.is_open:
        return redirect(url_for("exam.attempt", attempt_id=attempt.id))
    items = services.all_items(attempt)
    settings = services.settings_of(attempt)
    if settings is not None:
        review, cooldown = settings.review, settings.retake.cooldown_minutes
    elif attempt.is_preview:
        review, cooldown = ReviewPolicy(show_correct_answers=True, show_explanations=True), 0
    else:
        review, cooldown = ReviewPolicy(show_own_answers=False), 0
    breakdown_from = services.breakdown_shown_from(attempt, cooldown)
    return render_template(
        "exam/result.html",
        attempt=attempt,
        report=services.report(attempt, items),
        items=items,
        review=review,
        show_breakdown=review.show_block_breakdown and breakdown_from is None,
        show_marks=review.show_correct_answers
        or (review.mark_own_answers and breakdown_from is None),
        breakdown_from=breakdown_from if review.show_block_breakdown else None,
    )
