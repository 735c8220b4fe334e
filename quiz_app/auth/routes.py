from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ..extensions import limiter
from ..redirects import local_target
from . import bp, services
from .forms import LoginForm, LogoutForm, RegistrationForm, ResetPasswordForm, ResetRequestForm


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
            user = services.register(data)
        except services.EmailTaken:
            form.email.errors.append(
                _("Этот email уже зарегистрирован. Войдите или сбросьте пароль.")
            )
        else:
            login_user(user)
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
            login_user(user, remember=form.remember.data)
            return redirect(local_target(request.args.get("next")) or url_for("main.index"))
    return render_template("auth/login.html", form=form), (400 if form.errors else 200)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    if LogoutForm().validate_on_submit():
        logout_user()
        flash(_("Вы вышли из системы."), "info")
    return redirect(url_for("main.index"))


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit("LOGIN_RATE_LIMIT")
def reset_request():
    form = ResetRequestForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
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
