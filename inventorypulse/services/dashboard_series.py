"""Dashboard chart series: stock value and units sold per day, rebuilt from the ledger.

Each figure comes from one SQL aggregate grouped by UTC day; Python only walks the (at most a
few hundred) day buckets. Stock value at the end of day d is today's value at cost minus the net
value (signed `total_value`) of every movement recorded after d.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import Date, String, and_, case, cast
from sqlmodel import Session, func, select

from ..models import Product, StockMovement
from ..models.base import utcnow
from ..models.status import MovementType, ReasonCode
from .dates import day_start
from .validation import to_cents

SERIES_DAYS = 90
AVERAGE_DAYS = 7


@dataclass(frozen=True)
class DayTotals:
    value_change: Decimal  # net value of the day's movements (stock in minus stock out, at movement cost)
    units_sold: int  # outbound movements with reason "sale"


@dataclass(frozen=True)
class ValuePoint:
    day: date
    value: Decimal  # stock value at cost at the end of the day (today: now)


@dataclass(frozen=True)
class SalesPoint:
    day: date
    units: int
    average: float  # mean units per day over the 7 days ending this day


ZERO = DayTotals(Decimal(0), 0)


def _day_of(session: Session):
    """The UTC calendar day of a movement, as SQL."""
    if session.get_bind().dialect.name == "postgresql":
        return cast(func.timezone("UTC", StockMovement.timestamp), Date)
    # SQLite keeps UTC timestamps as 'YYYY-MM-DD HH:MM:SS...' text: the day is its first ten characters.
    return func.substr(StockMovement.timestamp, 1, 10, type_=String)


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def ledger_day_totals(session: Session, *, start: datetime, end: datetime | None = None,
                      after_id: int | None = None, upto_id: int | None = None) -> dict[date, DayTotals]:
    """Net movement value and units sold per day for movements in [start, end), one GROUP BY.

    `after_id` / `upto_id` restrict to a range of ledger ids (the cache uses them to add late rows).
    """
    m = StockMovement
    day = _day_of(session).label("day")
    sold = case((and_(m.movement_type == MovementType.OUTBOUND, m.reason_code == ReasonCode.SALE), -m.quantity),
                else_=0)
    stmt = select(day, func.coalesce(func.sum(m.total_value), 0), func.coalesce(func.sum(sold), 0)) \
        .where(m.timestamp >= start)
    if end is not None:
        stmt = stmt.where(m.timestamp < end)
    if after_id is not None:
        stmt = stmt.where(m.id > after_id)
    if upto_id is not None:
        stmt = stmt.where(m.id <= upto_id)
    rows = session.exec(stmt.group_by(day)).all()
    return {_as_date(d): DayTotals(to_cents(Decimal(str(v))), int(u)) for d, v, u in rows}


def current_stock_value(session: Session) -> Decimal:
    total = session.exec(select(func.coalesce(func.sum(Product.current_stock * Product.cost_price), 0))).one()
    return to_cents(Decimal(str(total)))


def today_utc(now: datetime | None = None) -> date:
    return (now or utcnow()).date()


def window_start(today: date, days: int) -> date:
    """First day of the series: `days` days ending today, plus the days the first average needs."""
    return today - timedelta(days=days - 1 + AVERAGE_DAYS - 1)


def stock_value_series(session: Session, *, days: int = SERIES_DAYS, today: date | None = None,
                       totals: Mapping[date, DayTotals] | None = None,
                       current_value: Decimal | None = None) -> list[ValuePoint]:
    """Stock value at cost at the end of each of the last `days` days (oldest first).

    `totals` (per-day movement totals covering the days after the first point) may come from a cache.
    """
    today = today or today_utc()
    first = today - timedelta(days=days - 1)
    if totals is None:
        totals = ledger_day_totals(session, start=day_start(first + timedelta(days=1)))
    value = current_value if current_value is not None else current_stock_value(session)
    points = []
    for offset in range(days):  # walk back from today, undoing each later day's movements
        day = today - timedelta(days=offset)
        points.append(ValuePoint(day, value))
        value -= totals.get(day, ZERO).value_change
    return points[::-1]


def units_sold_series(session: Session, *, days: int = SERIES_DAYS, today: date | None = None,
                      totals: Mapping[date, DayTotals] | None = None) -> list[SalesPoint]:
    """Units sold per day over the last `days` days (oldest first) with the trailing 7-day average."""
    today = today or today_utc()
    start = window_start(today, days)
    if totals is None:
        totals = ledger_day_totals(session, start=day_start(start))
    units = [totals.get(start + timedelta(days=i), ZERO).units_sold for i in range((today - start).days + 1)]
    lead = AVERAGE_DAYS - 1
    return [
        SalesPoint(start + timedelta(days=i), units[i], sum(units[i - lead:i + 1]) / AVERAGE_DAYS)
        for i in range(lead, len(units))
    ]
