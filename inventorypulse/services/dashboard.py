"""Headline figures for the dashboard, each one SQL aggregate (fast on 100k products)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal

from sqlmodel import Session, func, select

from ..models import Alert, Product, PurchaseOrder
from ..models.status import OPEN_ALERT_STATUSES, OPEN_PO_STATUSES, ProductStatus


@dataclass
class DashboardStats:
    product_count: int
    active_product_count: int
    inventory_value_cost: Decimal
    inventory_value_retail: Decimal
    low_stock_count: int
    out_of_stock_count: int
    open_po_count: int
    open_po_value: Decimal
    active_alert_count: int
    alerts_by_severity: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def get_dashboard_stats(session: Session) -> DashboardStats:
    available = Product.current_stock - Product.reserved_stock
    active = Product.status != ProductStatus.DISCONTINUED
    row = session.exec(
        select(
            func.count(),
            func.count().filter(active),
            func.coalesce(func.sum(Product.current_stock * Product.cost_price), 0),
            func.coalesce(func.sum(Product.current_stock * Product.selling_price), 0),
            func.count().filter(active, available > 0, available <= Product.reorder_threshold),
            func.count().filter(active, available <= 0),
        )
    ).one()
    po_count, po_value = session.exec(
        select(func.count(), func.coalesce(func.sum(PurchaseOrder.total_amount), 0)).where(
            PurchaseOrder.status.in_(OPEN_PO_STATUSES)
        )
    ).one()
    by_severity = dict(
        session.exec(
            select(Alert.severity, func.count())
            .where(Alert.status.in_(OPEN_ALERT_STATUSES))
            .group_by(Alert.severity)
        ).all()
    )
    return DashboardStats(
        product_count=row[0],
        active_product_count=row[1],
        inventory_value_cost=Decimal(row[2]).quantize(Decimal("0.01")),
        inventory_value_retail=Decimal(row[3]).quantize(Decimal("0.01")),
        low_stock_count=row[4],
        out_of_stock_count=row[5],
        open_po_count=po_count,
        open_po_value=Decimal(po_value).quantize(Decimal("0.01")),
        active_alert_count=sum(by_severity.values()),
        alerts_by_severity=by_severity,
    )
