"""sales_analytics and demand_forecast rows.

A sale line is one completed outbound `sale` movement of the ledger (the same definition the
forecasts use). Goods shipped against a sales order (reference type `sales_order`) take the
customer, channel, region and price from the order and its line; other sales (a bare outbound
movement) are valued at the product's selling price at the time, with no customer.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import and_, select
from sqlmodel import Session

from ..models import Customer, DemandForecast, Product, SalesOrder, SalesOrderLine, StockMovement
from ..models.status import ReferenceType
from ..services.forecasts.history import is_sale
from ..services.validation import to_cents
from .attributes import TRACKED, ProductAttributes
from .targets.base import Row

M = StockMovement.__table__.c
F = DemandForecast.__table__.c
ORD = SalesOrder.__table__.c
LINE = SalesOrderLine.__table__.c
CUST = Customer.__table__.c


def _naive_utc(ts: datetime) -> datetime:
    """Snowflake's TIMESTAMP_NTZ: UTC wall time without a zone."""
    return ts.astimezone(UTC).replace(tzinfo=None) if ts.tzinfo else ts


def _read_sales(session: Session, after_id: int, limit: int) -> list:
    """Sale movements with their order line and customer, when they shipped against an order."""
    return session.execute(
        select(M.id, M.movement_id, M.timestamp, M.quantity, M.unit_cost, Product.product_id,
               *(getattr(Product, f) for f in TRACKED), ORD.sales_channel, ORD.ship_state,
               LINE.quantity.label("ordered"), LINE.unit_price, LINE.discount, CUST.customer_number,
               CUST.state.label("customer_state"))
        .join(Product, Product.id == M.product_id)
        .outerjoin(SalesOrder, and_(M.reference_type == ReferenceType.SALES_ORDER, ORD.order_number == M.reference_id))
        .outerjoin(SalesOrderLine, and_(LINE.sales_order_id == ORD.id, LINE.product_id == M.product_id))
        .outerjoin(Customer, CUST.id == ORD.customer_id)
        .where(is_sale(), M.id > after_id).order_by(M.id).limit(limit)
    ).all()


def sale_rows(session: Session, *, after_id: int, limit: int, loaded_at: datetime) -> tuple[list[Row], int]:
    """Up to `limit` sale lines with ledger id > `after_id`, in id order, and the last id read.

    unit price: the order line's price (revenue net of its discount, prorated to the quantity),
    else the product's selling price at the time of the sale (audit log);
    unit cost: the cost the ledger recorded on the movement (else the cost price at the time).
    """
    moves = _read_sales(session, after_id, limit)
    if not moves:
        return [], after_id
    stamps = [m.timestamp if m.timestamp.tzinfo else m.timestamp.replace(tzinfo=UTC) for m in moves]
    current = {m.product_id: {f: getattr(m, f) for f in TRACKED} for m in moves}
    attrs = ProductAttributes(session, current, min(stamps))
    rows = []
    for m, ts in zip(moves, stamps, strict=True):
        quantity = -m.quantity
        cost = m.unit_cost if m.unit_cost is not None else attrs.at(m.product_id, "cost_price", ts)
        discount = Decimal(0)
        if m.ordered:  # shipped against a sales order line
            price = Decimal(m.unit_price)
            discount = to_cents(Decimal(m.discount) * quantity / m.ordered)
        else:
            price = attrs.at(m.product_id, "selling_price", ts)
        revenue, cogs = to_cents(price * quantity) - discount, to_cents(Decimal(cost) * quantity)
        rows.append({
            "sale_record_id": m.movement_id, "product_id": m.product_id, "sale_date": ts.date(),
            "sale_timestamp": _naive_utc(ts), "quantity_sold": Decimal(quantity), "unit_price_at_sale": price,
            "total_revenue_line": revenue, "unit_cost_at_sale": to_cents(Decimal(cost)),
            "total_cost_of_goods_sold": cogs, "gross_profit_line": revenue - cogs,
            "customer_id": m.customer_number, "sales_channel": m.sales_channel,
            "region": m.ship_state or m.customer_state, "promotion_applied": discount > 0,
            "promotion_details": {"line_discount": str(discount)} if discount > 0 else None,
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
