from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from ..extensions import csrf, db, limiter
from ..redirects import local_target
from . import bp, notices, services, sessions
from .forms import (
    ChangePasswordForm,
    EndOtherSessionsForm,
    LoginForm,
    LogoutForm,
    NoticesForm,
    RegistrationForm,
    ResendConfirmationForm,
    ResetPasswordForm,
    ResetRequestForm,
)


def _sign_in(user, *, remember: bool) -> None:
    sessions.sign_in(
        user,
        remember=remember,
        user_agent=request.headers.get("User-Agent", ""),
        ip=request.remote_addr or "",
    )


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("REGISTER_RATE_LIMIT")
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = RegistrationForm()
    if form.validate_on_submit():
        data = services.Registration(
            full_name=form.full_name.data,
            company=form.company.data,
            email=form.email.data,
            phone=form.phone.data,
            password=form.password.data,
        )
        try:
            user = services.register(data, locale=str(get_locale()))
        except services.EmailTaken:
            form.email.errors.append(
                _("Этот email уже зарегистрирован. Войдите или сбросьте пароль.")
            )
        else:
            _sign_in(user, remember=False)
            flash(_("Добро пожаловать! Аккаунт создан."), "success")
            return redirect(url_for("main.index"))
    return render_template("auth/register.html", form=form), (400 if form.errors else 200)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("LOGIN_RATE_LIMIT")
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append(_("Неверный email или пароль"))
        else:
            _sign_in(user, remember=form.remember.data)
            return redirect(local_target(request.args.get("next")) or url_for("main.index"))
    return render_template("auth/login.html", form=form), (400 if form.errors else 200)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    if LogoutForm().validate_on_submit():
        sessions.end(current_user.session_key)
        logout_user()
        flash(_("Вы вышли из системы."), "info")
    return redirect(url_for("main.index"))


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit("LOGIN_RATE_LIMIT")
def reset_request():
    form = ResetRequestForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data, locale=str(get_locale()))
        # The same answer whether or not the account exists, so emails cannot be probed.
        flash(_("Если такой аккаунт есть, мы отправили ссылку для сброса пароля."), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_request.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    try:
        services.user_for_reset_token(token)
    except services.InvalidResetToken:
        flash(_("Ссылка для сброса пароля недействительна или устарела. Запросите новую."), "error")
        return redirect(url_for("auth.reset_request"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        services.reset_password(token, form.password.data)
        flash(_("Пароль изменён. Войдите с новым паролем."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form)


def _account_page(password_form=None, code: int = 200):
    return render_template(
        "auth/account.html",
        sign_ins=sessions.open_sessions(current_user),
        current_key=current_user.session_key,
        device=sessions.device,
        password_form=password_form or ChangePasswordForm(formdata=None),
        others_form=EndOtherSessionsForm(formdata=None),
        notices_form=NoticesForm(
            formdata=None,
            reminders=current_user.mail_reminders,
            lead_notices=current_user.mail_lead_notices,
            admin_failures=current_user.mail_admin_failures,
        ),
        resend_form=ResendConfirmationForm(formdata=None),
    ), code


@bp.get("/account")
@login_required
def account():
    return _account_page()


@bp.post("/account/password")
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current.data, form.password.data)
        except services.WrongPassword:
            form.current.errors.append(_("Неверный текущий пароль"))
        else:
            flash(_("Пароль изменён. На других устройствах нужно войти заново."), "success")
            return redirect(url_for("auth.account"))
    return _account_page(password_form=form, code=400)


@bp.post("/account/sessions/end-others")
@login_required
def end_other_sessions():
    if EndOtherSessionsForm().validate_on_submit():
        ended = sessions.end_all(current_user, keep=current_user.session_key)
        db.session.commit()
        flash(_("Выполнен выход на других устройствах: %(count)s.", count=ended), "success")
    return redirect(url_for("auth.account"))


@bp.post("/account/notifications")
@login_required
def notification_settings():
    form = NoticesForm()
    if form.validate_on_submit():
        current_user.mail_reminders = form.reminders.data
        current_user.mail_lead_notices = form.lead_notices.data
        if current_user.is_admin:
            current_user.mail_admin_failures = form.admin_failures.data
        db.session.commit()
        flash(_("Настройки уведомлений сохранены."), "success")
    return redirect(url_for("auth.account") + "#notifications")


@bp.post("/account/confirm")
@login_required
@limiter.limit("CONFIRM_RATE_LIMIT")
def resend_confirmation():
    if ResendConfirmationForm().validate_on_submit() and current_user.email_confirmed_at is None:
        try:
            services.resend_confirmation(current_user)
        except services.TooManyMails:
            flash(
                _(
                    "Письмо уже отправлялось несколько раз за последний час: "
                    "проверьте папку «Спам» или повторите позже."
                ),
                "error",
            )
        else:
            flash(
                _("Мы отправили письмо со ссылкой на %(email)s.", email=current_user.email), "info"
            )
    return redirect(url_for("auth.account") + "#notifications")


@bp.get("/confirm/<token>")
def confirm_email(token: str):
    if notices.confirm(token) is None:
        flash(_("Ссылка для подтверждения недействительна или устарела."), "error")
    else:
        flash(_("Адрес почты подтверждён."), "success")
    return redirect(url_for("auth.account" if current_user.is_authenticated else "auth.login"))


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # one-click unsubscribe (RFC 8058): mail clients POST without a form token
def unsubscribe(token: str):
    """GET shows a button (link scanners must not unsubscribe anyone); POST unsubscribes."""
    if request.method == "GET":
        return render_template("auth/unsubscribe.html", token=token, done=False)
    if notices.unsubscribe(token) is None:
        return render_template("auth/unsubscribe.html", token=token, invalid=True), 400
    return render_template("auth/unsubscribe.html", token=token, done=True)
