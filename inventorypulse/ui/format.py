"""Number and time formatting for display (states hand strings to the page)."""

from datetime import UTC, datetime
from decimal import Decimal


def money(value: Decimal | float | int | None, currency: str = "USD") -> str:
    if value is None:
        return "—"
    symbol = "$" if currency == "USD" else f"{currency} "
    return f"{symbol}{Decimal(value):,.2f}"


def money_short(value: Decimal | float | int | None) -> str:
    """$57.9M, $12.4k, $950: for chart labels and secondary figures."""
    if value is None:
        return "—"
    amount = float(value)
    for limit, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(amount) >= limit:
            return f"${amount / limit:,.1f}{suffix}"
    return f"${amount:,.0f}"


def count(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


def date(value) -> str:
    return value.strftime("%Y-%m-%d") if value else "—"


def date_time(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "—"


def ago(value: datetime | None, now: datetime | None = None) -> str:
    """'just now', '5 min ago', '3 h ago', '2 d ago', else the date."""
    if value is None:
        return "—"
    value = value if value.tzinfo else value.replace(tzinfo=UTC)
    seconds = ((now or datetime.now(UTC)) - value).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    if seconds < 30 * 86400:
        return f"{int(seconds // 86400)} d ago"
    return value.strftime("%Y-%m-%d")


def label(value: str | None) -> str:
    """'partially_received' -> 'Partially received'."""
    return (value or "").replace("_", " ").capitalize() or "—"
