"""Settings read from environment variables, with safe defaults for development."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from .proxies import trusted_proxies

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _default_database_url(instance_path: Path) -> str:
    return f"sqlite:///{instance_path / 'quiz_app.sqlite3'}"


def write_private_file(path: str | Path, content: bytes) -> None:
    """Create a file only its owner can read, atomically (no half-written key is ever seen)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)
    tmp.replace(target)


def _secret_key(instance_path: Path) -> str:
    """A key from the environment, else one generated once and kept in instance/.

    Keeping it on disk means sessions survive a restart of `make run` and several
    local processes agree on it, without anybody committing a key to the repository.
    """
    if key := os.environ.get("SECRET_KEY"):
        return key
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_hex(32)
    write_private_file(key_file, key.encode())
    return key


def from_environment(instance_path: Path) -> dict:
    """The configuration mapping used by create_app when no explicit config is given."""
    env = os.environ
    production = env.get("APP_ENV", "development") == "production"
    return {
        "APP_ENV": "production" if production else "development",
        "SECRET_KEY": env.get("SECRET_KEY") if production else _secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": env.get("DATABASE_URL") or _default_database_url(instance_path),
        "QUESTION_BANK_DIR": env.get("QUESTION_BANK_DIR") or str(PROJECT_ROOT / "question_bank"),
        "PRIVACY_POLICY_FILE": env.get("PRIVACY_POLICY_FILE")
        or str(PROJECT_ROOT / "legal" / "privacy.md"),
        "DISPLAY_TIMEZONE": env.get("DISPLAY_TIMEZONE", "Europe/Moscow"),
        "RATELIMIT_STORAGE_URI": env.get("REDIS_URL") or "memory://",
        "TRUSTED_PROXIES": trusted_proxies(env.get("TRUSTED_PROXIES", "0")),
        "LOGIN_RATE_LIMIT": env.get("LOGIN_RATE_LIMIT", "10 per minute;50 per hour"),
        "LEAD_FORM_RATE_LIMIT": env.get("LEAD_FORM_RATE_LIMIT", "5 per minute;30 per hour"),
        "LEAD_FORM_INVALID_RATE_LIMIT": env.get(
            "LEAD_FORM_INVALID_RATE_LIMIT", "30 per minute;200 per hour"
        ),
        "LEADS_PER_PAGE": int(env.get("LEADS_PER_PAGE", "20")),
        "LEAD_IMPORT_MAX_ROWS": int(env.get("LEAD_IMPORT_MAX_ROWS", "5000")),
        "SESSION_COOKIE_SECURE": env.get("SESSION_COOKIE_SECURE", "1" if production else "0")
        == "1",
        "REMEMBER_COOKIE_SECURE": env.get("SESSION_COOKIE_SECURE", "1" if production else "0")
        == "1",
        "MAX_CONTENT_LENGTH": int(env.get("MAX_CONTENT_LENGTH", str(8 * 1024 * 1024))),
        "REGISTER_RATE_LIMIT": env.get("REGISTER_RATE_LIMIT", "5 per minute;30 per hour"),
        "CONFIRM_RATE_LIMIT": env.get("CONFIRM_RATE_LIMIT", "3 per minute;10 per hour"),
        "PASSWORD_RESET_MAX_AGE": int(env.get("PASSWORD_RESET_MAX_AGE", "3600")),
        "LATE_ANSWER_GRACE_SECONDS": int(env.get("LATE_ANSWER_GRACE_SECONDS", "10")),
        "CERTIFICATE_VALIDITY_MONTHS": int(env.get("CERTIFICATE_VALIDITY_MONTHS", "12")),
        "TRIAL_DAYS": int(env.get("TRIAL_DAYS", "14")),
        "TRIAL_EXTENSION_DAYS": int(env.get("TRIAL_EXTENSION_DAYS", "14")),
        "PUBLIC_BASE_URL": env.get("PUBLIC_BASE_URL", "").rstrip("/"),
        # Outgoing mail (quiz_app/mail): unset MAIL_URL writes .eml files to instance/mail/.
        "MAIL_URL": env.get("MAIL_URL") or None,
        "MAIL_FILE_DIR": env.get("MAIL_FILE_DIR") or str(instance_path / "mail"),
        "BANK_UPLOADS_DIR": env.get("BANK_UPLOADS_DIR") or str(instance_path / "bank-uploads"),
        "MAIL_FROM": env.get("MAIL_FROM", "Partner Certification <noreply@localhost>"),
        "MAIL_MAX_ATTEMPTS": int(env.get("MAIL_MAX_ATTEMPTS", "8")),
        "MAIL_CLAIM_SECONDS": int(env.get("MAIL_CLAIM_SECONDS", "300")),
        "CREDENTIAL_SIGNING_KEY": env.get("CREDENTIAL_SIGNING_KEY"),
        "CREDENTIAL_SIGNING_KEY_FILE": env.get("CREDENTIAL_SIGNING_KEY_FILE")
        or str(instance_path / "credential_signing_key.pem"),
        "ISSUER_NAME": env.get("ISSUER_NAME", "amoCRM Partner Certification"),
        # Contracts and the store (quiz_app/partner/contracts, quiz_app/partner/store).
        "PLATFORM_REQUISITES_FILE": env.get("PLATFORM_REQUISITES_FILE")
        or str(PROJECT_ROOT / "platform_requisites.yaml"),
        "INVOICE_DUE_DAYS": int(env.get("INVOICE_DUE_DAYS", "14")),
        "PARTNER_CREDIT_LIMIT": int(env.get("PARTNER_CREDIT_LIMIT", "50000000")),  # kopecks
    }


class UnsafeConfiguration(RuntimeError):
    """Raised at start-up when production settings would be insecure."""


def check_production(config: dict) -> None:
    """Refuse to run in production on development defaults."""
    if config.get("APP_ENV") != "production":
        return
    problems = []
    key = config.get("SECRET_KEY") or ""
    if len(key) < 32 or key in {"dev", "change-me", "secret", "test-secret"}:
        problems.append("SECRET_KEY must be set to a random value of 32+ characters")
    if not (
        os.environ.get("CREDENTIAL_SIGNING_KEY") or os.environ.get("CREDENTIAL_SIGNING_KEY_FILE")
    ):
        problems.append(
            "CREDENTIAL_SIGNING_KEY or CREDENTIAL_SIGNING_KEY_FILE must be set, "
            "the same on every instance"
        )
    if not config.get("PUBLIC_BASE_URL"):
        problems.append("PUBLIC_BASE_URL must be set (e.g. https://partners.example.com)")
    if problems:
        raise UnsafeConfiguration("refusing to start in production: " + "; ".join(problems))


DEFAULTS = {
    # No liveness ping before each request (a round trip on the busiest path): a connection
    # the server dropped fails one request with a 503 and the pool reconnects (errors.py).
    # Recycling stops idle connections from outliving a proxy's or firewall's timeout.
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_recycle": 1800},
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "WTF_CSRF_TIME_LIMIT": None,
    "BABEL_DEFAULT_LOCALE": "ru",
    "BABEL_DEFAULT_TIMEZONE": "UTC",
    "LANGUAGES": ("ru", "en"),
    "TRUSTED_PROXIES": 0,
    "MAIL_URL": None,
    "MAIL_FILE_DIR": "",
    "BANK_UPLOADS_DIR": "",
    "MAIL_FROM": "Partner Certification <noreply@localhost>",
    "MAIL_MAX_ATTEMPTS": 8,
    "MAIL_CLAIM_SECONDS": 300,
}
