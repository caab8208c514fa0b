"""supplier_performance rows: one per supplier and calendar month of the order date.

The figures are services/supplier_metrics' (the same formulas as the supplier screen), grouped by
month. quality_score is the supplier's current score (receipts carry no quality rating yet);
return and communication scores are not recorded by the app, so they stay empty.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlmodel import Session, func

from ..models import PurchaseOrder, Supplier
from ..services.supplier_metrics import delivery_figures, month_of
from .targets.base import Row

CENT = Decimal("0.01")


def month_bounds(period: str) -> tuple[date, date]:
    year, month = int(period[:4]), int(period[5:7])
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def months_of_orders(session: Session, *, changed_after: datetime | None = None) -> list[str]:
    """Months ('YYYY-MM') holding orders, or only orders changed after `changed_after`."""
    month = month_of(session, PurchaseOrder.order_date)
    stmt = select(month).distinct()
    if changed_after is not None:
        stmt = stmt.where(PurchaseOrder.updated_at > changed_after)
    return sorted(m for m in session.execute(stmt).scalars() if m)


def latest_change(session: Session) -> datetime | None:
    return session.execute(select(func.max(PurchaseOrder.updated_at))).scalar()


def scorecard_rows(session: Session, *, months: Iterable[str], loaded_at: datetime) -> list[Row]:
    months = sorted(set(months))
    if not months:
        return []
    suppliers = {s.id: s for s in session.execute(select(Supplier)).scalars()}
    rows = []
    for f in delivery_figures(session, by_month=True, months=months):
        supplier = suppliers[f.supplier_id]
        start, end = month_bounds(f.period)
        late = f.deliveries - f.on_time
        notes = (f"{f.deliveries} deliveries, {late} late; {f.units_received} of {f.units_ordered} units received"
                 if f.deliveries or f.units_ordered else None)
        rows.append({
            "performance_record_id": f"{supplier.supplier_id}-{f.period}",
            "supplier_id": supplier.supplier_id,
            "evaluation_period_start": start,
            "evaluation_period_end": end,
            "on_time_delivery_rate": f.on_time_rate(CENT),
            "quality_score": supplier.quality_score,
            "average_lead_time_days": f.average_lead_time(CENT),
            "order_fulfillment_rate": f.fill_rate(CENT),
            "total_orders_in_period": f.orders_placed,
            "total_value_in_period": f.order_value.quantize(CENT),
            "return_rate": None,
            "communication_score": None,
            "notes": notes,
            "recorded_at": loaded_at,
        })
    return sorted(rows, key=lambda r: r["performance_record_id"])
