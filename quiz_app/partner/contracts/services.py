"""Contract rules: save a partner's requisites, generate numbered contract versions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from ... import numbering
from ...auth.models import User
from ...clock import now
from ...extensions import db
from ...sql import dialect_insert
from . import platform
from .models import ContractVersion, PartnerRequisites
from .requisites import FIELD_NAMES, Requisites, RequisitesInvalid, validate

NUMBER_KIND = "contract"
NUMBER_PREFIX = "PD"  # партнёрский договор

__all__ = ["RequisitesInvalid", "NoRequisites", "save_requisites", "generate"]


class NoRequisites(Exception):
    """A contract needs saved requisites first."""


def requisites_row(partner: User) -> PartnerRequisites | None:
    return db.session.scalar(
        select(PartnerRequisites).where(PartnerRequisites.partner_id == partner.id)
    )


def requisites_of(partner: User) -> Requisites | None:
    row = requisites_row(partner)
    return row.to_requisites() if row is not None else None


def save_requisites(partner: User, raw: Mapping[str, object]) -> Requisites:
    """Validate everything first; store all fields or none (RequisitesInvalid lists the errors).

    The upsert keys on the unique partner_id, so two tabs saving at once leave one row.
    """
    requisites = validate(raw)
    values = {**requisites.as_dict(), "updated_at": now()}
    statement = dialect_insert(PartnerRequisites).values(partner_id=partner.id, **values)
    db.session.execute(statement.on_conflict_do_update(index_elements=["partner_id"], set_=values))
    db.session.commit()
    return requisites


def contract_terms(config: Mapping[str, Any]) -> dict[str, int]:
    """The store's terms as the contract prints them (kept in the snapshot)."""
    return {
        "invoice_due_days": int(config["INVOICE_DUE_DAYS"]),
        "credit_limit": int(config["PARTNER_CREDIT_LIMIT"]),
    }


def generate(partner: User, config: Mapping[str, Any]) -> ContractVersion:
    """A new numbered contract from the partner's saved requisites and the platform's own.

    Raises NoRequisites, or platform.PlatformRequisitesInvalid when the operator's settings
    are wrong (nothing is written then).
    """
    own = requisites_of(partner)
    if own is None:
        raise NoRequisites()
    operator = platform.load(config)
    created_at = now()
    year = created_at.year
    sequence = numbering.next_sequence(NUMBER_KIND, year)
    contract = ContractVersion(
        partner_id=partner.id,
        number=numbering.format_number(NUMBER_PREFIX, year, sequence),
        year=year,
        sequence=sequence,
        snapshot={
            "partner": own.as_dict(),
            "platform": operator.as_dict(),
            "terms": contract_terms(config),
        },
        created_at=created_at,
    )
    db.session.add(contract)
    db.session.commit()
    return contract


def versions_of(partner: User) -> list[ContractVersion]:
    return list(
        db.session.scalars(
            select(ContractVersion)
            .where(ContractVersion.partner_id == partner.id)
            .order_by(ContractVersion.created_at.desc(), ContractVersion.id.desc())
        )
    )


def current_contract(partner: User) -> ContractVersion | None:
    """The newest contract: the one orders are placed under."""
    return db.session.scalar(
        select(ContractVersion)
        .where(ContractVersion.partner_id == partner.id)
        .order_by(ContractVersion.created_at.desc(), ContractVersion.id.desc())
        .limit(1)
    )


def is_outdated(contract: ContractVersion, requisites: Requisites | None) -> bool:
    """True when the saved requisites differ from what the contract printed."""
    if requisites is None:
        return False
    printed = contract.snapshot["partner"]
    return any(printed.get(name) != getattr(requisites, name) for name in FIELD_NAMES)
