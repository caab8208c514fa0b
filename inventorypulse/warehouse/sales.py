"""sales_analytics and demand_forecast rows.

A sale line is, for now, one completed outbound `sale` movement of the ledger (the same
definition the forecasts use). When sales orders arrive, `sale_rows` is the one function to
switch to order lines (customer, channel, unit price from the line).
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlmodel import Session

from ..models import DemandForecast, Product, StockMovement
from ..services.forecasts.history import is_sale
from ..services.validation import to_cents
from .attributes import TRACKED, ProductAttributes
from .targets.base import Row

M = StockMovement.__table__.c
F = DemandForecast.__table__.c


def _naive_utc(ts: datetime) -> datetime:
    """Snowflake's TIMESTAMP_NTZ: UTC wall time without a zone."""
    return ts.astimezone(UTC).replace(tzinfo=None) if ts.tzinfo else ts


def sale_rows(session: Session, *, after_id: int, limit: int, loaded_at: datetime) -> tuple[list[Row], int]:
    """Up to `limit` sale lines with ledger id > `after_id`, in id order, and the last id read.

    unit price: the product's selling price at the time of the sale (audit log);
    unit cost: the cost the ledger recorded on the movement (else the cost price at the time).
    """
    moves = session.execute(
        select(M.id, M.movement_id, M.timestamp, M.quantity, M.unit_cost, Product.product_id,
               *(getattr(Product, f) for f in TRACKED))
        .join(Product, Product.id == M.product_id)
        .where(is_sale(), M.id > after_id).order_by(M.id).limit(limit)
    ).all()
    if not moves:
        return [], after_id
    stamps = [m.timestamp if m.timestamp.tzinfo else m.timestamp.replace(tzinfo=UTC) for m in moves]
    current = {m.product_id: {f: getattr(m, f) for f in TRACKED} for m in moves}
    attrs = ProductAttributes(session, current, min(stamps))
    rows = []
    for m, ts in zip(moves, stamps, strict=True):
        quantity = -m.quantity
        price = attrs.at(m.product_id, "selling_price", ts)
        cost = m.unit_cost if m.unit_cost is not None else attrs.at(m.product_id, "cost_price", ts)
        revenue, cogs = to_cents(price * quantity), to_cents(Decimal(cost) * quantity)
        rows.append({
            "sale_record_id": m.movement_id, "product_id": m.product_id, "sale_date": ts.date(),
            "sale_timestamp": _naive_utc(ts), "quantity_sold": Decimal(quantity), "unit_price_at_sale": price,
            "total_revenue_line": revenue, "unit_cost_at_sale": to_cents(Decimal(cost)),
            "total_cost_of_goods_sold": cogs, "gross_profit_line": revenue - cogs, "customer_id": None,
            "sales_channel": None, "region": None, "promotion_applied": False, "promotion_details": None,
            "loaded_at": loaded_at,
        })
    return rows, moves[-1].id


def forecast_rows(session: Session, *, after_id: int, limit: int) -> tuple[list[Row], int]:
    """Stored forecasts with id > `after_id` (each product's latest run: the forecaster replaces older ones)."""
    found = session.execute(
        select(F.id, F.forecast_id, Product.product_id, F.forecast_date, F.forecast_period_start,
               F.forecast_period_end, F.predicted_demand_quantity, F.confidence_interval_lower,
               F.confidence_interval_upper, F.model_name, F.model_version, F.accuracy_metric, F.features_used,
               F.generated_by_agent_id, F.generated_at)
        .join(Product, Product.id == F.product_id)
        .where(F.id > after_id).order_by(F.id).limit(limit)
    ).all()
    rows = [{
        "forecast_id": f.forecast_id, "product_id": f.product_id, "forecast_date": f.forecast_date,
        "forecast_period_start": f.forecast_period_start, "forecast_period_end": f.forecast_period_end,
        "predicted_demand_quantity": f.predicted_demand_quantity,
        "confidence_interval_lower": f.confidence_interval_lower,
        "confidence_interval_upper": f.confidence_interval_upper, "model_name": f.model_name,
        "model_version": f.model_version, "accuracy_metric": f.accuracy_metric,
        "features_used": f.features_used or None, "generated_by_agent_id": f.generated_by_agent_id,
        "generated_at": _naive_utc(f.generated_at),
    } for f in found]
    return rows, found[-1].id if found else after_id
