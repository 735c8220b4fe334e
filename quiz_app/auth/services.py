"""Account rules: registration, authentication, password reset, admin creation."""

from __future__ import annotations

import functools
import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from .. import links
from ..clock import now
from ..extensions import db
from ..mail import outbox
from . import notices, sessions
from .models import Role, User

log = logging.getLogger(__name__)

_RESET_SALT = "password-reset"
# Reset and confirmation mail per account, whoever asks and from wherever.
MAIL_WINDOW = timedelta(hours=1)
MAILS_PER_WINDOW = 3


class EmailTaken(Exception):
    pass


class InvalidResetToken(Exception):
    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True)
class Registration:
    full_name: str
    company: str
    email: str
    phone: str
    password: str


def normalize_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalize_email(email)))


def register(data: Registration, role: Role = Role.CANDIDATE, locale: str = "ru") -> User:
    """Create the account and, in the same transaction, the mail that confirms its address."""
    user = User(
        email=normalize_email(data.email),
        full_name=data.full_name.strip(),
        company=data.company.strip(),
        phone=data.phone,
        role=role,
        locale=locale,
    )
    user.set_password(data.password)
    db.session.add(user)
    try:
        db.session.flush()
        notices.send_confirmation(user)
        db.session.commit()
    except IntegrityError as exc:
        db.session.rollback()
        raise EmailTaken(user.email) from exc
    return user


@functools.cache
def _unknown_account_hash() -> str:
    return generate_password_hash(secrets.token_hex(16))


def authenticate(email: str, password: str) -> User | None:
    user = find_by_email(email)
    if user is None:
        # The same slow hash check as for a known account, so the time a login takes does
        # not tell whether an account exists for the address.
        check_password_hash(_unknown_account_hash(), password)
        return None
    if not user.check_password(password):
        return None
    user.last_login_at = now()
    db.session.commit()
    return user


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_RESET_SALT)


def _password_fingerprint(user: User) -> str:
    # Binding the token to the current hash makes it single-use: resetting changes the hash.
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def request_password_reset(email: str, locale: str | None = None) -> str | None:
    """Mail a reset link to the account, if there is one; returns the token for tests.

    The token never goes to the log: it is as good as the password until it expires.
    """
    user = find_by_email(email)
    if user is None:
        log.info("password reset requested for an address with no account")
        return None
    token = _serializer().dumps({"uid": user.id, "pw": _password_fingerprint(user)})
    # Per account, whatever address the requests come from: the form cannot mail-bomb anyone.
    if outbox.recent("password_reset", user.email, MAIL_WINDOW) >= MAILS_PER_WINDOW:
        log.info("password reset mail to account %s held back (too many this hour)", user.id)
        return None
    outbox.enqueue(
        "password_reset",
        user.email,
        locale or user.locale,
        name=user.full_name,
        reset_url=links.absolute_url("auth.reset_password", token=token),
        minutes=current_app.config["PASSWORD_RESET_MAX_AGE"] // 60,
    )
    db.session.commit()
    return token


def reset_password(token: str, new_password: str) -> User:
    """Set the new password and sign the account out everywhere, whoever had its cookies."""
    user = user_for_reset_token(token)
    user.set_password(new_password)
    sessions.end_all(user)
    db.session.commit()
    return user


class WrongPassword(Exception):
    pass


def change_password(user: User, current_password: str, new_password: str) -> None:
    """Change the password; every other sign-in of the account ends, this one stays."""
    if not user.check_password(current_password):
        raise WrongPassword
    user.set_password(new_password)
    sessions.end_all(user, keep=user.session_key)
    db.session.commit()


def user_for_reset_token(token: str) -> User:
    max_age = current_app.config["PASSWORD_RESET_MAX_AGE"]
    try:
        payload = _serializer().loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise InvalidResetToken("expired") from exc
    except BadSignature as exc:
        raise InvalidResetToken("invalid") from exc
    user = db.session.get(User, payload.get("uid"))
    if user is None or payload.get("pw") != _password_fingerprint(user):
        raise InvalidResetToken("used")
    return user


def create_admin(email: str, password: str | None = None, full_name: str = "Администратор"):
    """Create an admin, or promote an existing account. Returns (user, generated password)."""
    generated = None
    user = find_by_email(email)
    if user is None:
        generated = password or secrets.token_urlsafe(12)
        user = User(
            email=normalize_email(email),
            full_name=full_name,
            company="—",
            phone="",
            role=Role.ADMIN,
        )
        user.set_password(generated)
        db.session.add(user)
    else:
        user.role = Role.ADMIN
        if password:
            user.set_password(password)
    db.session.commit()
    return user, (generated if password is None else None)


def admin_count() -> int:
    return db.session.scalar(select(func.count()).select_from(User).where(User.role == Role.ADMIN))


class TooManyMails(Exception):
    pass


def resend_confirmation(user: User) -> None:
    if outbox.recent("confirm_email", user.email, MAIL_WINDOW) >= MAILS_PER_WINDOW:
        raise TooManyMails
    notices.send_confirmation(user)
    db.session.commit()
