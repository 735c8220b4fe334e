"""Orders, their invoices, and each partner's running unpaid total (the credit-limit gate)."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...auth.models import User
from ...clock import now
from ...db_types import UTCDateTime
from ...extensions import db
from ..accounts.models import ClientAccount
from ..contracts.models import ContractVersion


class InvoiceStatus(enum.StrEnum):
    """`overdue` is never stored: an unpaid invoice past its due moment is overdue."""

    UNPAID = "unpaid"
    PAID = "paid"
    OVERDUE = "overdue"


class PartnerCredit(db.Model):
    """What a partner owes right now, in kopecks: the sum of their unpaid invoices.

    Kept in one row per partner so that the credit limit can be enforced by a single
    conditional UPDATE of that row (see services.place_order).
    """

    __tablename__ = "partner_credit"
    __table_args__ = (CheckConstraint("unpaid_total >= 0", name="ck_partner_credit_unpaid"),)

    partner_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id"), primary_key=True, autoincrement=False
    )
    unpaid_total: Mapped[int] = mapped_column(BigInteger, default=0)


class StoreOrder(db.Model):
    """A subscription a partner bought for one of their client accounts."""

    __tablename__ = "store_order"
    __table_args__ = (
        UniqueConstraint("year", "sequence"),
        # One order per confirmation form: a double click or a resubmitted page orders once.
        UniqueConstraint("partner_id", "request_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    year: Mapped[int] = mapped_column(Integer)
    sequence: Mapped[int] = mapped_column(Integer)
    request_key: Mapped[str] = mapped_column(String(64))
    partner_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    client_account_id: Mapped[int] = mapped_column(ForeignKey("client_account.id"), index=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract_version.id"))
    # The offer as the reference described it when the order was placed.
    offer_id: Mapped[str] = mapped_column(String(64))
    offer_title: Mapped[str] = mapped_column(String(200))
    offer_kind: Mapped[str] = mapped_column(String(16))
    users: Mapped[int] = mapped_column(Integer)
    months: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String(3))
    unit_price: Mapped[int] = mapped_column(BigInteger)  # kopecks
    list_total: Mapped[int] = mapped_column(BigInteger)  # kopecks
    discount_percent: Mapped[str | None] = mapped_column(String(16))  # None: size unknown
    total: Mapped[int] = mapped_column(BigInteger)  # kopecks
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    partner: Mapped[User] = relationship()
    client_account: Mapped[ClientAccount] = relationship()
    contract: Mapped[ContractVersion] = relationship()
    invoice: Mapped[Invoice] = relationship(back_populates="order", uselist=False)


class Invoice(db.Model):
    __tablename__ = "invoice"
    __table_args__ = (UniqueConstraint("year", "sequence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    year: Mapped[int] = mapped_column(Integer)
    sequence: Mapped[int] = mapped_column(Integer)
    partner_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("store_order.id"), unique=True)
    amount: Mapped[int] = mapped_column(BigInteger)  # kopecks
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    # The first moment the invoice is overdue (midnight after the last day to pay, local time).
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    status: Mapped[str] = mapped_column(String(16), default=InvoiceStatus.UNPAID, index=True)
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    paid_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    order: Mapped[StoreOrder] = relationship(back_populates="invoice")
    partner: Mapped[User] = relationship(foreign_keys=[partner_id])

    def status_at(self, moment: datetime) -> InvoiceStatus:
        if self.status == InvoiceStatus.PAID:
            return InvoiceStatus.PAID
        return InvoiceStatus.OVERDUE if moment >= self.due_at else InvoiceStatus.UNPAID

    @property
    def current_status(self) -> InvoiceStatus:
        return self.status_at(now())
