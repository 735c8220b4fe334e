"""The outbox: one row per message, from enqueueing to delivery or final failure."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import now
from ..db_types import UTCDateTime
from ..extensions import db


class MailStatus(enum.StrEnum):
    PENDING = "pending"  # due at next_attempt_at
    SENDING = "sending"  # claimed by a sender until claimed_until
    SENT = "sent"
    FAILED = "failed"  # refused for good, or out of attempts


class OutboxMessage(db.Model):
    __tablename__ = "mail_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Sent once whatever runs twice: a reminder's key names its account, invoice or trial
    # and its kind; messages that may repeat (a second reset) have none.
    key: Mapped[str | None] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(64), index=True)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str] = mapped_column(Text)
    headers: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    # What to attach, rendered by the sender: {"kind": …, "ref": …} (mail/attachments.py).
    attachments: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    message_id: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default=MailStatus.PENDING, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now, index=True)
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
