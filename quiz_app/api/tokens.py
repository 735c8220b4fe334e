"""API tokens: who may call the JSON API. Only a SHA-256 of each token is stored.

A token is shown once, when it is created; afterwards only its first characters (`prefix`)
identify it in lists. Revoking is immediate and final.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, String, select, update
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import audit
from ..auth.models import User
from ..clock import now
from ..db_types import UTCDateTime
from ..extensions import db

# A public prefix that makes leaked tokens recognizable (bandit B105).
TOKEN_PREFIX = "pc_"  # nosec B105
NAME_MAX = 100
# last_used_at is a hint for admins, not an access log: write it at most once a minute.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class ApiToken(db.Model):
    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    created_by: Mapped[User | None] = relationship()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class TokenRejected(Exception):
    """reason: missing | invalid | revoked"""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def issue(name: str, by: User | None) -> tuple[ApiToken, str]:
    """Create a token; returns the row and the plaintext, which is never stored or shown again."""
    name = " ".join(name.split())
    if not name:
        raise ValueError("a token needs a name")
    if len(name) > NAME_MAX:
        raise ValueError(f"a token name is at most {NAME_MAX} characters")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        name=name, token_hash=hash_token(raw), prefix=raw[:10], created_by_id=by and by.id
    )
    db.session.add(token)
    db.session.flush()
    if by is not None:
        audit.record(by, "api_token.create", "api_token", token.id, after={"name": name})
    db.session.commit()
    return token, raw


def revoke(token_id: int, by: User | None) -> ApiToken | None:
    """Revoke a token (idempotent). None if there is no such token."""
    token = db.session.get(ApiToken, token_id)
    if token is None:
        return None
    revoked = db.session.execute(
        update(ApiToken)
        .where(ApiToken.id == token_id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=now())
        .execution_options(synchronize_session=False)
    )
    if revoked.rowcount == 1 and by is not None:
        audit.record(by, "api_token.revoke", "api_token", token_id, before={"name": token.name})
    db.session.commit()
    db.session.refresh(token)
    return token


def authenticate(raw: str | None) -> ApiToken:
    """The active token matching `raw`, or TokenRejected saying why not."""
    if not raw:
        raise TokenRejected("missing")
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(raw)))
    if token is None:
        raise TokenRejected("invalid")
    if token.revoked_at is not None:
        raise TokenRejected("revoked")
    moment = now()
    if token.last_used_at is None or moment - token.last_used_at >= LAST_USED_RESOLUTION:
        db.session.execute(
            update(ApiToken)
            .where(ApiToken.id == token.id)
            .values(last_used_at=moment)
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
        db.session.refresh(token)
    return token


def all_tokens() -> list[ApiToken]:
    return list(
        db.session.scalars(
            select(ApiToken).order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc())
        )
    )
