"""Accounts and roles."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, String, false, true
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from ..clock import now
from ..db_types import UTCDateTime
from ..extensions import db


class Role(enum.StrEnum):
    CANDIDATE = "candidate"
    PARTNER = "partner"
    ADMIN = "admin"


class User(UserMixin, db.Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    company: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(32))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default=Role.CANDIDATE)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The interface language the person last chose while signed in: mail speaks it too.
    locale: Mapped[str] = mapped_column(String(8), default="ru", server_default="ru")
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Optional mail (auth/notices.py); reset, confirmation and certificate mail always go.
    mail_reminders: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    mail_lead_notices: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    mail_admin_failures: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )

    # The sign-in this object was loaded for (auth/sessions.py); Flask-Login stores it as the
    # user's id in the session and the remember cookie, so ending the sign-in ends both.
    session_key = None  # str | None: a plain attribute, not a column

    def get_id(self) -> str:
        if self.session_key is None:
            raise RuntimeError("sign users in through auth.sessions.sign_in(), not login_user()")
        return self.session_key

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email} {self.role}>"


class UserSession(db.Model):
    """One sign-in of an account on one device, until it signs out or is signed out."""

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The secret the session and remember cookies carry (signed, so it is never forged).
    key: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    user_agent: Mapped[str] = mapped_column(String(300), default="")
    ip: Mapped[str] = mapped_column(String(45), default="")
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
