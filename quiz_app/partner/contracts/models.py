"""A partner's requisites (one row, edited in place) and every contract generated from them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ...clock import now
from ...db_types import UTCDateTime
from ...extensions import db
from .requisites import FIELD_NAMES, Requisites


class PartnerRequisites(db.Model):
    __tablename__ = "partner_requisites"

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), unique=True)
    legal_form: Mapped[str] = mapped_column(String(8))
    legal_name: Mapped[str] = mapped_column(String(300))
    inn: Mapped[str] = mapped_column(String(12))
    kpp: Mapped[str | None] = mapped_column(String(9))
    ogrn: Mapped[str] = mapped_column(String(15))
    legal_address: Mapped[str] = mapped_column(String(500))
    bank_name: Mapped[str] = mapped_column(String(200))
    bik: Mapped[str] = mapped_column(String(9))
    settlement_account: Mapped[str] = mapped_column(String(20))
    correspondent_account: Mapped[str] = mapped_column(String(20))
    signatory_name: Mapped[str] = mapped_column(String(200))
    signatory_position: Mapped[str] = mapped_column(String(120))
    signatory_basis: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    def to_requisites(self) -> Requisites:
        return Requisites(**{name: getattr(self, name) for name in FIELD_NAMES})


class ContractVersion(db.Model):
    """One generated contract. Never changed: the PDF is re-rendered from `snapshot`."""

    __tablename__ = "contract_version"
    __table_args__ = (UniqueConstraint("year", "sequence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    year: Mapped[int] = mapped_column(Integer)
    sequence: Mapped[int] = mapped_column(Integer)
    # {"partner": {...requisites}, "platform": {...}, "terms": {...}} as they were when generated.
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    @property
    def partner_requisites(self) -> Requisites:
        return Requisites.from_dict(self.snapshot["partner"])
