"""Money is integer minor units (kopecks) everywhere; this turns it into text for people.

One formatter for every page and document: digits grouped by the reader's locale (or the
document's), a no-break space before the currency sign so it never wraps away from its number.
"""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_decimal
from flask import Flask, has_request_context
from flask_babel import get_locale

MINOR_PER_UNIT = 100
NO_AMOUNT = "—"


def format_money(
    minor: int | None,
    symbol: str = "₽",
    *,
    always_minor: bool = False,
    locale: str | None = None,
) -> str:
    """8391600 → «83 916 ₽»; 24998 → «249,98 ₽»; None → «—».

    `always_minor` shows kopecks even when there are none, as invoices and contracts do.
    `locale` fixes the language (documents are Russian whoever prints them); by default it
    is the reader's, outside a request Russian.
    """
    if minor is None:
        return NO_AMOUNT
    pattern = "#,##0.00" if always_minor or minor % MINOR_PER_UNIT else "#,##0"
    if locale is None:
        locale = str(get_locale()) if has_request_context() else "ru"
    number = format_decimal(Decimal(minor) / MINOR_PER_UNIT, format=pattern, locale=locale)
    return f"{number}\u00a0{symbol}"


def format_document_money(minor: int) -> str:
    """Amounts on invoices and contracts: Russian, kopecks always shown («59 940,00 ₽»)."""
    return format_money(minor, always_minor=True, locale="ru")


def init_app(app: Flask) -> None:
    """`money(symbol)` for any currency; `rub` for amounts in kopecks with kopecks shown."""
    app.add_template_filter(format_money, "money")
    app.add_template_filter(lambda minor: format_money(minor, always_minor=True), "rub")
