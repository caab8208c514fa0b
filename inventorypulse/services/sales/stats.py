"""Sales figures from goods shipped against sales orders: revenue, units and orders for today, this
week (from Monday), this month and this year (UTC days), and the top sellers of the last 30 days.

A sale counts when it ships: the `sale` movements ship_sales_order records (reference type
sales_order), each valued at its order line's net unit price (line total / quantity, so a line
discount is spread over the units; tax and shipping are not revenue). Goods returned against the
order (inbound `return` movements) are taken off in the period they come back. The orders of a
period are the orders with goods shipped in it. Two GROUP BY queries in all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import Numeric, and_, case, func, literal, or_, select
from sqlmodel import Session

from ...models import Product, SalesOrder, SalesOrderLine, StockMovement
from ...models.base import utcnow
from ...models.status import MovementStatus, MovementType, ReasonCode, ReferenceType
from ..dates import day_start
from ..validation import to_cents

TOP_SELLER_DAYS = 30
TOP_SELLER_LIMIT = 5
PERIODS = ("today", "week", "month", "year")

M = StockMovement.__table__.c
ORD = SalesOrder.__table__.c
LINE = SalesOrderLine.__table__.c
SHIPPED = and_(M.movement_type == MovementType.OUTBOUND, M.reason_code == ReasonCode.SALE,
               M.reference_type == ReferenceType.SALES_ORDER)
RETURNED = and_(M.movement_type == MovementType.INBOUND, M.reason_code == ReasonCode.RETURN,
                M.reference_type == ReferenceType.RETURN)
UNITS = -M.quantity  # shipped units count up, returned units down
# × a NUMERIC 1 so SQLite divides in floating point (its whole-number money would divide as integers).
VALUE = UNITS * LINE.line_total * literal(Decimal("1"), Numeric(14, 2)) / LINE.quantity


@dataclass
class PeriodSales:
    period: str  # today | week | month | year
    since: date  # first day of the period
    revenue: Decimal
    units: int
    orders: int


@dataclass
class ProductSales:
    product_id: str
    name: str
    units: int
    revenue: Decimal


@dataclass
class SalesStats:
    periods: list[PeriodSales]
    top_sellers: list[ProductSales]  # last 30 days, highest revenue first

    def period(self, name: str) -> PeriodSales:
        return next(p for p in self.periods if p.period == name)


def period_starts(today: date) -> dict[str, date]:
    return {"today": today, "week": today - timedelta(days=today.weekday()), "month": today.replace(day=1),
            "year": today.replace(month=1, day=1)}


def _movements(since: datetime, until: datetime):
    """Shipments and returns against sales order lines in [since, until), joined to their line."""
    return (
        select()
        .select_from(StockMovement.__table__)
        .join(SalesOrder.__table__, ORD.order_number == M.reference_id)
        .join(SalesOrderLine.__table__, and_(LINE.sales_order_id == ORD.id, LINE.product_id == M.product_id))
        .where(or_(SHIPPED, RETURNED), M.status == MovementStatus.COMPLETED, M.timestamp >= since,
               M.timestamp < until)
    )


def _money(value) -> Decimal:
    return to_cents(Decimal(str(value or 0)))


def sales_by_period(session: Session, *, today: date | None = None) -> list[PeriodSales]:
    """Revenue, units and orders of today, this week, this month and this year: one query."""
    today = today or utcnow().date()
    starts = period_starts(today)
    columns = []
    for start in starts.values():
        inside = M.timestamp >= day_start(start)
        columns += [func.sum(case((inside, VALUE), else_=0)), func.sum(case((inside, UNITS), else_=0)),
                    func.count(case((and_(inside, SHIPPED), ORD.id)).distinct())]
    since = day_start(min(starts.values()))  # a week can begin in the year before
    row = session.execute(_movements(since, day_start(today + timedelta(days=1))).add_columns(*columns)).one()
    return [PeriodSales(name, start, _money(row[3 * i]), int(row[3 * i + 1] or 0), int(row[3 * i + 2] or 0))
            for i, (name, start) in enumerate(starts.items())]


def top_sellers(session: Session, *, today: date | None = None, days: int = TOP_SELLER_DAYS,
                limit: int = TOP_SELLER_LIMIT) -> list[ProductSales]:
    """The products with the most revenue over the last `days` days (today included): one query."""
    today = today or utcnow().date()
    revenue = func.sum(VALUE)
    # Grouped by the movement's product before products are joined: joined inside, SQLite would
    # look each order line up by product instead of by order.
    sold = (
        _movements(day_start(today - timedelta(days=days - 1)), day_start(today + timedelta(days=1)))
        .add_columns(M.product_id.label("id"), func.sum(UNITS).label("units"), revenue.label("revenue"))
        .group_by(M.product_id)
        .having(revenue > 0)
        .order_by(revenue.desc(), M.product_id)
        .limit(limit)
        .subquery()
    )
    stmt = (select(Product.product_id, Product.name, sold.c.units, sold.c.revenue)
            .join(sold, sold.c.id == Product.id).order_by(sold.c.revenue.desc(), Product.id))
    return [ProductSales(code, name, int(units), _money(value)) for code, name, units, value in session.execute(stmt)]


def sales_stats(session: Session, *, today: date | None = None) -> SalesStats:
    today = today or utcnow().date()
    return SalesStats(sales_by_period(session, today=today), top_sellers(session, today=today))
