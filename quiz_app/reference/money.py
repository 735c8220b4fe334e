"""Shows integer minor units as money in the reader's locale: 8391600 → "83 916 ₽"."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import format_decimal

from .model import MINOR_PER_UNIT


def format_money(minor: int, symbol: str) -> str:
    # Kopecks show only when there are any: list prices are whole, per-user shares often not.
    amount = Decimal(minor) / MINOR_PER_UNIT
    number = (
        format_decimal(amount, format="#,##0.##")
        if minor % MINOR_PER_UNIT
        else (format_decimal(amount, format="#,##0"))
    )
    return f"{number}\u00a0{symbol}"
