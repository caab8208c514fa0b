"""A product's stock level over time, per warehouse, rebuilt from the ledger.

The database sums each warehouse's movements per UTC day (one GROUP BY over the product's rows in
the window, served by the (product_id, timestamp) index); the levels are then walked backwards from
today's on-hand, so the result is right even when the ledger does not reach back to the start.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, func, select

from ...models import StockLevel, StockMovement, Warehouse
from ...models.base import utcnow
from ..dates import day_start
from ..errors import ValidationFailed
from .query import find_product

MAX_DAYS = 730


@dataclass
class StockHistory:
    days: list[date]  # oldest first, one per UTC day, ending today
    by_warehouse: dict[str, list[int]]  # warehouse code -> on-hand at the end of each day
    total: list[int]  # all warehouses together


def _day(session: Session):
    """The UTC calendar day of a movement, as SQL."""
    if session.get_bind().dialect.name == "postgresql":
        return func.date(func.timezone("UTC", StockMovement.timestamp))
    return func.date(StockMovement.timestamp)  # SQLite keeps the UTC text


def _as_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def stock_history(session: Session, *, product_id: str, days: int = 90, today: date | None = None) -> StockHistory:
    """On-hand at the end of each of the last `days` days (today included), per warehouse and in total."""
    if not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise ValidationFailed.for_field("days", f"must be between 1 and {MAX_DAYS}")
    product = find_product(session, product_id=product_id)
    today = today or utcnow().date()
    start = today - timedelta(days=days - 1)
    current = dict(session.exec(
        select(Warehouse.code, StockLevel.on_hand).join(StockLevel, StockLevel.warehouse_id == Warehouse.id)
        .where(StockLevel.product_id == product.id)
    ).all())
    day = _day(session)
    rows = session.exec(
        select(Warehouse.code, day, func.sum(StockMovement.quantity))
        .join(Warehouse, Warehouse.id == StockMovement.warehouse_id)
        .where(StockMovement.product_id == product.id, StockMovement.timestamp >= day_start(start))
        .group_by(Warehouse.code, day)
    ).all()
    net: dict[str, dict[date, int]] = {}
    for code, moved_on, quantity in rows:
        net.setdefault(code, {})[_as_date(moved_on)] = int(quantity or 0)
        current.setdefault(code, 0)

    calendar = [start + timedelta(days=i) for i in range(days)]
    by_warehouse: dict[str, list[int]] = {}
    for code in sorted(current):
        changes = net.get(code, {})
        # Movements stamped after today (allowed clock skew) are already in today's on-hand.
        level = current[code] - sum(q for d, q in changes.items() if d > today)
        levels = []
        for d in reversed(calendar):
            levels.append(level)
            level -= changes.get(d, 0)
        by_warehouse[code] = levels[::-1]
    total = [sum(values) for values in zip(*by_warehouse.values(), strict=True)] if by_warehouse \
        else [0] * days
    return StockHistory(calendar, by_warehouse, total)
