"""Certificate rules: issue on a pass (exactly once), number, status, revoke."""

from __future__ import annotations

import secrets
from collections.abc import Sequence

from flask import current_app
from sqlalchemy import insert, select, update

from .. import audit, links, numbering
from ..auth.models import Role, User
from ..clock import now
from ..documents.dates import add_months, russian_date
from ..exam.models import Attempt
from ..exam.signals import FinalizedAttempt
from ..extensions import db
from ..mail import outbox
from ..sql import among
from . import status_list
from .models import Certificate, CertificateStatus

NUMBER_PREFIX = "AP"

_users = User.__table__
_certificates = Certificate.__table__


class CertificateNotFound(Exception):
    pass


def format_number(year: int, sequence: int) -> str:
    return numbering.format_number(NUMBER_PREFIX, year, sequence)


def issue_for(attempts: Sequence[FinalizedAttempt]) -> None:
    """Issue the certificates of passing attempts, inside the finalizing transaction.

    Set-wise, so that a sweep closing a batch of attempts costs the same few statements for
    one certificate or fifty: the holders' names in one read, one block of numbers per year,
    one INSERT, one role change. A candidate who passes becomes a partner; an admin stays one.
    """
    if not attempts:
        return
    # Core statements on the tables: the ORM-enabled forms cost several times more to build
    # and run, inside the transaction that holds SQLite's write lock.
    holders = {
        row.id: row
        for row in db.session.execute(
            select(
                _users.c.id, _users.c.full_name, _users.c.company, _users.c.email, _users.c.locale
            ).where(among(_users.c.id, {a.user_id for a in attempts}))
        )
    }
    months = current_app.config["CERTIFICATE_VALIDITY_MONTHS"]
    by_year: dict[int, list[FinalizedAttempt]] = {}
    for attempt in attempts:
        by_year.setdefault(attempt.finished_at.year, []).append(attempt)
    rows = []
    for year, group in sorted(by_year.items()):
        sequences = numbering.take_sequences("certificate", year, len(group))
        for attempt, sequence in zip(group, sequences, strict=True):
            holder = holders[attempt.user_id]
            rows.append(
                {
                    "public_id": secrets.token_urlsafe(16),
                    "number": format_number(year, sequence),
                    "year": year,
                    "sequence": sequence,
                    "user_id": attempt.user_id,
                    "attempt_id": attempt.attempt_id,
                    "holder_name": holder.full_name,
                    "company": holder.company,
                    "score": attempt.score,
                    "max_score": attempt.max_score,
                    "issued_at": attempt.finished_at,
                    "valid_until": add_months(attempt.finished_at, months),
                }
            )
    db.session.execute(insert(_certificates), rows)
    for row in rows:
        holder = holders[row["user_id"]]
        # In the same transaction as the certificate; the PDF is rendered when it is sent.
        outbox.enqueue(
            "certificate_issued",
            holder.email,
            holder.locale,
            attachments=[{"kind": "certificate_pdf", "ref": row["public_id"]}],
            name=holder.full_name,
            number=row["number"],
            score=row["score"],
            max_score=row["max_score"],
            valid_until=russian_date(row["valid_until"]),
            verify_url=links.absolute_url("certificates.verify", public_id=row["public_id"]),
            partner_url=links.absolute_url("partner.home"),
        )
    db.session.execute(
        update(_users)
        .where(among(_users.c.id, list(holders)), _users.c.role == Role.CANDIDATE.value)
        .values(role=Role.PARTNER.value)
    )


def issue_on_pass(_sender, attempts: tuple[FinalizedAttempt, ...], **_) -> None:
    """Receiver of `exam.signals.attempts_finalized`, connected by create_app.

    An admin's preview of the draft passes like any attempt but certifies nobody."""
    passed = [attempt for attempt in attempts if attempt.passed]
    if passed:
        previews = set(
            db.session.scalars(
                select(Attempt.id).where(
                    among(Attempt.id, [a.attempt_id for a in passed]), Attempt.is_preview
                )
            )
        )
        passed = [attempt for attempt in passed if attempt.attempt_id not in previews]
    issue_for(passed)


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
    outbox.enqueue(
        "certificate_revoked",
        holder.email,
        holder.locale,
        name=holder.full_name,
        number=certificate.number,
        reason=reason,
        exam_url=links.absolute_url("exam.overview"),
    )
    db.session.commit()


def status_of(certificate: Certificate) -> CertificateStatus:
    return certificate.status_at(now())


def revoked_in_list(list_number: int) -> set[int]:
    """The indexes of revoked certificates in one revocation status list."""
    first = list_number * status_list.LIST_SIZE
    ids = db.session.scalars(
        select(Certificate.id).where(
            Certificate.id >= first,
            Certificate.id < first + status_list.LIST_SIZE,
            Certificate.revoked_at.is_not(None),
        )
    )
    return {certificate_id - first for certificate_id in ids}


def exam_terms(certificate: Certificate) -> Attempt:
    """The attempt that earned the certificate: its questions, time limit and pass mark."""
    return db.session.get(Attempt, certificate.attempt_id)
