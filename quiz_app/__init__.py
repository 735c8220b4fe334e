"""Partner Certification: the application factory."""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask

from . import config as config_module
from . import sqlite
from .bounded import BoundedIntConverter
from .config import PROJECT_ROOT

TEMPLATES = PROJECT_ROOT / "templates"

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# Added to every response that does not set its own.
SECURITY_HEADERS = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("X-Frame-Options", "DENY"),
)


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, template_folder=str(TEMPLATES), instance_relative_config=True)
    # Before any blueprint adds its rules: every <int:…> is bounded (bounded.py).
    app.url_map.converters["int"] = BoundedIntConverter
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    app.config.update(config_module.DEFAULTS)
    settings = config_module.from_environment(instance)
    if config:
        settings.update(config)
    app.config.update(settings)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = sqlite.engine_options(
        app.config["SQLALCHEMY_DATABASE_URI"], app.config["SQLALCHEMY_ENGINE_OPTIONS"]
    )
    config_module.check_production(app.config)
    _configure_logging(app)

    from . import cli, errors, extensions, i18n, inputs, mail, money, proxies, reference, training
    from .admin import bp as admin_bp
    from .admin.statistics.sums import count_finalized, rebuild_statistics
    from .api import bp as api_bp
    from .auth import bp as auth_bp
    from .auth import notices, sessions
    from .bank import published
    from .certificates import bp as certificates_bp
    from .certificates.routes import certificate_pdf
    from .certificates.services import issue_on_pass
    from .exam import bp as exam_bp
    from .exam.signals import attempts_finalized
    from .mail import attachments as mail_attachments
    from .mail import models as _mail_models  # noqa: F401  (the outbox's table in the metadata)
    from .mail import sender as mail_sender
    from .main import bp as main_bp
    from .partner import accounts, leads, store
    from .partner import bp as partner_bp

    extensions.db.init_app(app)
    sqlite.init_app(app)
    extensions.migrate.init_app(app, extensions.db, directory=str(PROJECT_ROOT / "migrations"))
    extensions.csrf.init_app(app)
    extensions.babel.init_app(app, locale_selector=i18n.select_locale)
    extensions.limiter.init_app(app)
    login = extensions.login_manager
    login.init_app(app)
    login.login_view = "auth.login"
    login.login_message = None

    login.user_loader(sessions.load_user)

    proxies.init_app(app)
    published.init_app(app)
    i18n.init_app(app)
    money.init_app(app)
    mail.init_app(app)
    errors.init_app(app)
    inputs.init_app(app)
    cli.init_app(app)
    training.init_app(app)
    reference.init_app(app)
    leads.init_app(app)
    accounts.init_app(app)
    # Certificates are issued inside the transaction that scores a passing attempt.
    attempts_finalized.connect(issue_on_pass)
    # Item analysis keeps its sums in the same transaction as the scores.
    attempts_finalized.connect(count_finalized)
    app.cli.add_command(rebuild_statistics)
    mail_attachments.register("certificate_pdf", certificate_pdf)
    mail_sender.on_failure(notices.tell_admins_of_failure)

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(exam_bp)
    app.register_blueprint(training.bp)
    app.register_blueprint(reference.bp)
    app.register_blueprint(certificates_bp)
    # The partner area, its sections nested under its one gate (partner/__init__.py).
    app.register_blueprint(partner_bp)
    app.register_blueprint(leads.public_bp)
    # The admin area with its own sections nested; features' admin screens guard themselves.
    app.register_blueprint(admin_bp)
    for admin_screens in (leads.admin_bp, accounts.admin_bp, store.admin_bp):
        app.register_blueprint(admin_screens)
    # Token-authenticated, not cookie-authenticated: no CSRF tokens.
    for api in (api_bp, leads.api_bp, accounts.api_bp):
        app.register_blueprint(api)
        extensions.csrf.exempt(api)

    @app.after_request
    def security_headers(response):
        # One pass over the response's headers: a setdefault() per header scans them all
        # once per header, on every response.
        present = {name.lower() for name, _value in response.headers}
        response.headers.extend(
            header for header in SECURITY_HEADERS if header[0].lower() not in present
        )
        return response

    return app


def _configure_logging(app: Flask) -> None:
    if not app.debug and not app.testing:
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
