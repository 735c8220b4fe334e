"""Delivery: claim a due message with a conditional UPDATE, send it, record what happened.

Any number of senders, on any number of hosts, deliver each message once: a message is sent
only by the sender whose UPDATE moved it from due to claimed. A sender killed between sending
and recording leaves its claim to expire, and the message is sent again (at worst twice; its
stable Message-ID lets mail clients show it once).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime

from flask import current_app
from sqlalchemy import and_, or_, select, update

from ..clock import now
from ..extensions import db
from . import attachments
from .models import MailStatus, OutboxMessage
from .transports import PermanentFailure, TemporaryFailure

FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=6)


_failure_listeners: list[Callable[[OutboxMessage], None]] = []


def on_failure(listener: Callable[[OutboxMessage], None]) -> None:
    """Call `listener` with each message that fails for good (create_app registers them)."""
    if listener not in _failure_listeners:
        _failure_listeners.append(listener)


@dataclass
class Outcome:
    sent: list[int] = field(default_factory=list)
    retrying: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes after the n-th failed try, at most LONGEST_RETRY."""
    return min(FIRST_RETRY * 2 ** (attempts - 1), LONGEST_RETRY)


def _due(moment):
    table = OutboxMessage
    return or_(
        and_(table.status == MailStatus.PENDING, table.next_attempt_at <= moment),
        and_(table.status == MailStatus.SENDING, table.claimed_until < moment),
    )


def _claim(message_id: int) -> bool:
    moment = now()
    claimed = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, _due(moment))
        .values(
            status=MailStatus.SENDING,
            # A sender killed mid-batch leaves this claim; it expires and another sends.
            claimed_until=moment + timedelta(seconds=current_app.config["MAIL_CLAIM_SECONDS"]),
            attempts=OutboxMessage.attempts + 1,
        )
    ).rowcount
    db.session.commit()
    return claimed == 1


def email_of(message: OutboxMessage) -> EmailMessage:
    email = EmailMessage()
    email["From"] = current_app.config["MAIL_FROM"]
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Message-ID"] = message.message_id
    email["Date"] = format_datetime(message.created_at)
    for name, value in (message.headers or {}).items():
        email[name] = value
    email.set_content(message.text_body)
    email.add_alternative(message.html_body, subtype="html")
    for spec in message.attachments or []:
        filename, mimetype, content = attachments.render(spec)
        maintype, _, subtype = mimetype.partition("/")
        email.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
    return email


def deliver_due(transport, limit: int = 100) -> Outcome:
    """Send what is due now, once; returns what happened to each message it claimed."""
    outcome = Outcome()
    candidates = db.session.scalars(
        select(OutboxMessage.id).where(_due(now())).order_by(OutboxMessage.id).limit(limit)
    ).all()
    db.session.commit()
    max_attempts = current_app.config["MAIL_MAX_ATTEMPTS"]
    for message_id in candidates:
        if not _claim(message_id):
            continue  # another sender has it
        message = db.session.get(OutboxMessage, message_id)
        try:
            transport.send(email_of(message), message.id)
        except TemporaryFailure as exc:
            if message.attempts >= max_attempts:
                _record(message, MailStatus.FAILED, f"{exc} (after {message.attempts} tries)")
                _failed_for_good(message)
                outcome.failed.append(message.id)
            else:
                _record(message, MailStatus.PENDING, str(exc), retry=backoff(message.attempts))
                outcome.retrying.append(message.id)
        except (PermanentFailure, LookupError) as exc:
            _record(message, MailStatus.FAILED, str(exc))
            _failed_for_good(message)
            outcome.failed.append(message.id)
        else:
            _record(message, MailStatus.SENT, None)
            outcome.sent.append(message.id)
    return outcome


def _failed_for_good(message: OutboxMessage) -> None:
    for listener in _failure_listeners:
        listener(message)


def _record(message: OutboxMessage, status: MailStatus, error: str | None, retry=None) -> None:
    moment = now()
    message.status = status
    message.last_error = error
    message.claimed_until = None
    if status == MailStatus.SENT:
        message.sent_at = moment
    if retry is not None:
        message.next_attempt_at = moment + retry
    db.session.commit()
