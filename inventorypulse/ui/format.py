"""Number formatting for display (states hand strings to the page)."""

from decimal import Decimal


def money(value: Decimal | float | int | None, currency: str = "USD") -> str:
    if value is None:
        return "—"
    symbol = "$" if currency == "USD" else f"{currency} "
    return f"{symbol}{Decimal(value):,.2f}"


def count(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


def date(value) -> str:
    return value.strftime("%Y-%m-%d") if value else "—"
