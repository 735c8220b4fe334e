"""The blocks that name a party of a document: its requisites and its signature."""

from __future__ import annotations

from typing import Protocol


class Party(Protocol):
    """What a document prints of a party (contracts' `Requisites` is one)."""

    display_name: str
    inn: str
    kpp: str | None
    ogrn_label: str
    ogrn: str
    legal_address: str
    bank_name: str
    bik: str
    settlement_account: str
    correspondent_account: str
    signatory_position: str
    signatory_name: str


def party_lines(party: Party) -> list[str]:
    """The requisites block printed for one party."""
    tax = f"ИНН {party.inn}" + (f", КПП {party.kpp}" if party.kpp else "")
    return [
        party.display_name,
        tax,
        f"{party.ogrn_label} {party.ogrn}",
        f"Юридический адрес: {party.legal_address}",
        f"Банк: {party.bank_name}",
        f"БИК {party.bik}",
        f"Р/с {party.settlement_account}",
        f"К/с {party.correspondent_account}",
    ]


def initials(full_name: str) -> str:
    """«Иванов Иван Иванович» → «Иванов И. И.»."""
    parts = full_name.split()
    return " ".join([parts[0], *(f"{p[0]}." for p in parts[1:])]) if parts else full_name


def signature_lines(party: Party) -> list[str]:
    return [
        party.signatory_position,
        "",
        f"_______________ / {initials(party.signatory_name)} /",
    ]
