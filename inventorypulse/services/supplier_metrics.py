"""Supplier delivery figures from purchase orders: the one place their formulas live.

`suppliers.supplier_performance` reads them for one supplier over all time; the analytics
warehouse reads them per supplier and calendar month (the month of the order date), so a
month's figures describe the orders placed in it and how those orders turned out.

* orders placed: not draft, not cancelled; their count, value and latest order date
* on time: received orders (with a delivery date) delivered on or before the expected day
* lead time: days from sending (or ordering, if never marked sent) to delivery, received orders
* fill: units received / units ordered over received and partially received orders
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from sqlmodel import Session, func, select

from ..models import PurchaseOrder, PurchaseOrderLine
from ..models.status import PurchaseOrderStatus

TENTH = Decimal("0.1")


@dataclass
class DeliveryFigures:
    supplier_id: int  # suppliers.id
    period: str | None = None  # "YYYY-MM" of the order date; None means all time
    orders_placed: int = 0
    order_value: Decimal = Decimal("0")
    last_order_date: datetime | None = None
    deliveries: int = 0  # received orders with a delivery date
    on_time: int = 0
    lead_days: float | None = None  # average over `deliveries`
    units_received: int = 0
    units_ordered: int = 0  # over received and partially received orders

    def on_time_rate(self, places: Decimal = TENTH) -> Decimal | None:
        return percent(self.on_time, self.deliveries, places)

    def fill_rate(self, places: Decimal = TENTH) -> Decimal | None:
        return percent(self.units_received, self.units_ordered, places)

    def average_lead_time(self, places: Decimal = TENTH) -> Decimal | None:
        return None if self.lead_days is None else Decimal(str(self.lead_days)).quantize(places)


def percent(part, whole, places: Decimal = TENTH) -> Decimal | None:
    return (Decimal(part) * 100 / Decimal(whole)).quantize(places) if whole else None


def days_between(session: Session, start, end):
    if session.get_bind().dialect.name == "postgresql":
        return func.extract("epoch", end - start) / 86400.0
    return func.julianday(end) - func.julianday(start)


def month_of(session: Session, column):
    """'YYYY-MM' of a timestamp column (stored as UTC)."""
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM")
    return func.strftime("%Y-%m", column)


def delivery_figures(session: Session, *, supplier_ids: Iterable[int] | None = None, by_month: bool = False,
                     months: Iterable[str] | None = None) -> list[DeliveryFigures]:
    """Figures per supplier (and per order month with `by_month`), three grouped SQL aggregates.

    `months` ("YYYY-MM") limits a by-month run to those months. Suppliers (or months) without any
    order are left out.
    """
    po = PurchaseOrder
    keys = [po.supplier_id] + ([month_of(session, po.order_date).label("period")] if by_month else [])
    where = []
    if supplier_ids is not None:
        where.append(po.supplier_id.in_(list(supplier_ids)))
    if by_month and months is not None:
        where.append(month_of(session, po.order_date).in_(sorted(set(months))))
    figures: dict[tuple, DeliveryFigures] = {}

    def slot(row) -> DeliveryFigures:
        key = tuple(row[: len(keys)])
        if key not in figures:
            figures[key] = DeliveryFigures(supplier_id=key[0], period=key[1] if by_month else None)
        return figures[key]

    placed = po.status.notin_([PurchaseOrderStatus.DRAFT, PurchaseOrderStatus.CANCELLED])
    for row in session.exec(
        select(*keys, func.count(), func.coalesce(func.sum(po.total_amount), 0), func.max(po.order_date))
        .where(placed, *where).group_by(*keys)
    ):
        f = slot(row)
        f.orders_placed, f.order_value, f.last_order_date = row[-3], Decimal(str(row[-2])), _utc(row[-1])

    on_time = func.date(po.actual_delivery_date) <= func.date(po.expected_delivery_date)
    lead = days_between(session, func.coalesce(po.sent_at, po.order_date), po.actual_delivery_date)
    for row in session.exec(
        select(*keys, func.count(), func.count().filter(on_time), func.avg(lead))
        .where(po.status == PurchaseOrderStatus.RECEIVED, po.actual_delivery_date.is_not(None), *where)
        .group_by(*keys)
    ):
        f = slot(row)
        f.deliveries, f.on_time = row[-3], row[-2]
        f.lead_days = None if row[-1] is None else float(row[-1])

    line = PurchaseOrderLine
    for row in session.exec(
        select(*keys, func.coalesce(func.sum(line.quantity_received), 0),
               func.coalesce(func.sum(line.quantity_ordered), 0))
        .join(po, po.id == line.purchase_order_id)
        .where(po.status.in_([PurchaseOrderStatus.RECEIVED, PurchaseOrderStatus.PARTIALLY_RECEIVED]), *where)
        .group_by(*keys)
    ):
        f = slot(row)
        f.units_received, f.units_ordered = int(row[-2]), int(row[-1])
    return list(figures.values())


def _utc(ts: datetime | None) -> datetime | None:
    # SQLite hands back naive datetimes; everything is stored as UTC.
    return ts.replace(tzinfo=UTC) if ts is not None and ts.tzinfo is None else ts
