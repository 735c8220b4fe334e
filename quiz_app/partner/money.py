"""Money is integer kopecks everywhere; these turn it into text for people and documents."""

from __future__ import annotations


def format_rub(kopecks: int, symbol: str = "₽") -> str:
    """12345678 → «123 456,78 ₽» (a no-break space groups the thousands)."""
    sign = "−" if kopecks < 0 else ""
    rubles, cents = divmod(abs(int(kopecks)), 100)
    grouped = f"{rubles:,}".replace(",", "\u00a0")
    return f"{sign}{grouped},{cents:02d} {symbol}".rstrip()
