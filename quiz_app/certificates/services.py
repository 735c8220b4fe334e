"""Certificate rules: issue on a pass (exactly once), number, status, revoke."""

from __future__ import annotations

import calendar
import secrets
from datetime import datetime

from flask import current_app
from sqlalchemy import select

from .. import numbering
from ..admin import audit
from ..auth.models import Role, User
from ..clock import now
from ..exam.models import Attempt
from ..exam.signals import attempt_finalized
from ..extensions import db
from .models import Certificate, CertificateStatus

NUMBER_PREFIX = "AP"


class CertificateNotFound(Exception):
    pass


def add_months(moment: datetime, months: int) -> datetime:
    """Same day `months` later; the 31st becomes the month's last day where needed."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def format_number(year: int, sequence: int) -> str:
    return numbering.format_number(NUMBER_PREFIX, year, sequence)


def issue(attempt: Attempt) -> Certificate:
    """Issue the certificate for a passing attempt, inside the caller's transaction."""
    user = db.session.get(User, attempt.user_id)
    issued_at = attempt.finished_at or now()
    year = issued_at.year
    sequence = numbering.next_sequence("certificate", year)
    months = current_app.config["CERTIFICATE_VALIDITY_MONTHS"]
    certificate = Certificate(
        public_id=secrets.token_urlsafe(16),
        number=format_number(year, sequence),
        year=year,
        sequence=sequence,
        user_id=user.id,
        attempt_id=attempt.id,
        holder_name=user.full_name,
        company=user.company,
        score=attempt.score,
        max_score=attempt.max_score,
        issued_at=issued_at,
        valid_until=add_months(issued_at, months),
    )
    db.session.add(certificate)
    if user.role == Role.CANDIDATE:
        user.role = Role.PARTNER
    db.session.flush()
    return certificate


@attempt_finalized.connect
def _issue_on_pass(attempt: Attempt, report, **_) -> None:
    if report.passed:
        issue(attempt)


def for_attempt(attempt_id: int) -> Certificate | None:
    return db.session.scalar(select(Certificate).where(Certificate.attempt_id == attempt_id))


def by_public_id(public_id: str) -> Certificate:
    certificate = db.session.scalar(select(Certificate).where(Certificate.public_id == public_id))
    if certificate is None:
        raise CertificateNotFound(public_id)
    return certificate


def of_user(user: User) -> list[Certificate]:
    return list(
        db.session.scalars(
            select(Certificate)
            .where(Certificate.user_id == user.id)
            .order_by(Certificate.issued_at.desc(), Certificate.id.desc())
        )
    )


def current(user: User) -> Certificate | None:
    """The newest certificate that is valid now, if any."""
    moment = now()
    return db.session.scalar(
        select(Certificate)
        .where(
            Certificate.user_id == user.id,
            Certificate.revoked_at.is_(None),
            Certificate.valid_until > moment,
        )
        .order_by(Certificate.issued_at.desc(), Certificate.id.desc())
        .limit(1)
    )


def is_certified(user: User) -> bool:
    return current(user) is not None


def revoke(certificate: Certificate, reason: str, by: User) -> None:
    reason = reason.strip()
    if not reason:
        raise ValueError("a reason is required")
    if certificate.revoked_at is not None:
        return
    certificate.revoked_at = now()
    certificate.revoked_reason = reason
    certificate.revoked_by_id = by.id
    audit.record(
        by,
        "certificate.revoke",
        "certificate",
        certificate.number,
        before={"status": CertificateStatus.VALID.value},
        after={"status": CertificateStatus.REVOKED.value, "reason": reason},
    )
    db.session.flush()
    holder = db.session.get(User, certificate.user_id)
    if holder.role == Role.PARTNER and not is_certified(holder):
        holder.role = Role.CANDIDATE
    db.session.commit()


def status_of(certificate: Certificate) -> CertificateStatus:
    return certificate.status_at(now())
