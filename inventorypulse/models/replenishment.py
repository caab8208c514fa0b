"""The replenishment plan: one row per product x warehouse, recomputed after each forecast run.

Alert rules read it with plain SQL (available <= reorder_point, stockout_date soon), so the
numbers are stored, not derived on the fly.
"""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Index, Numeric, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from .base import created_at


class ReplenishmentPlan(SQLModel, table=True):
    __tablename__ = "replenishment_plans"
    __table_args__ = (
        UniqueConstraint("product_id", "warehouse_id"),
        CheckConstraint("suggested_quantity >= 0", name="suggested_nonneg"),
        CheckConstraint("service_level > 0 AND service_level < 1", name="service_level_range"),
        # Suggestions list: per supplier, only rows that need an order.
        Index("ix_replenishment_plans_supplier_suggested", "supplier_id", "suggested_quantity"),
        Index("ix_replenishment_plans_warehouse_id", "warehouse_id"),
        Index("ix_replenishment_plans_stockout_date", "stockout_date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    product_id: int = Field(foreign_key="products.id")
    warehouse_id: int = Field(foreign_key="warehouses.id")
    # Best supplier by services.offers; None when the product has no usable offer.
    supplier_id: int | None = Field(default=None, foreign_key="suppliers.id")
    # "forecast" (from demand_forecasts) or "recent_sales" (fallback average).
    basis: str = Field(sa_type=String(16), max_length=16)
    available: int = 0
    avg_daily_demand: Decimal = Field(sa_type=Numeric(12, 4))
    lead_time_days: int
    lead_time_demand: Decimal = Field(sa_type=Numeric(12, 2))
    safety_stock: Decimal = Field(sa_type=Numeric(12, 2))
    reorder_point: Decimal = Field(sa_type=Numeric(12, 2))
    order_up_to: Decimal = Field(sa_type=Numeric(12, 2))
    suggested_quantity: int = 0
    days_of_cover: Decimal | None = Field(default=None, sa_type=Numeric(10, 1))
    stockout_date: date | None = None
    service_level: Decimal = Field(default=Decimal("0.95"), sa_type=Numeric(5, 4))
    computed_at: datetime = created_at()
