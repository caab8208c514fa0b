"""Alerts (seed 000) and the per-rule alert settings."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Index, Numeric, String, text
from sqlmodel import Field, SQLModel

from .base import created_at, enum_str, updated_at
from .status import AlertSeverity, AlertStatus


class Alert(SQLModel, table=True):
    __tablename__ = "alerts"
    __table_args__ = (
        Index("ix_alerts_status_severity_created", "status", "severity", "created_at"),
        Index("ix_alerts_product_created", "product_id", "created_at"),
        Index("ix_alerts_type_created", "alert_type", "created_at"),
        # At most one open alert per product and type: the database enforces the dedup rule.
        Index(
            "uq_alerts_open_product_type", "product_id", "alert_type", unique=True,
            postgresql_where=text("status IN ('active', 'acknowledged') AND product_id IS NOT NULL"),
            sqlite_where=text("status IN ('active', 'acknowledged') AND product_id IS NOT NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    alert_id: str = Field(sa_type=String(32), max_length=32, unique=True)
    alert_type: str = enum_str(None, 24)
    product_id: int | None = Field(default=None, foreign_key="products.id")
    supplier_id: int | None = Field(default=None, foreign_key="suppliers.id")
    warehouse_id: int | None = Field(default=None, foreign_key="warehouses.id")
    severity: str = enum_str(AlertSeverity.MEDIUM, 16)
    title: str = Field(sa_type=String(200), max_length=200)
    message: str = Field(sa_type=String(1000), max_length=1000)
    current_value: Decimal | None = Field(default=None, sa_type=Numeric(14, 2))
    threshold_value: Decimal | None = Field(default=None, sa_type=Numeric(14, 2))
    status: str = enum_str(AlertStatus.ACTIVE, 16)
    acknowledged_by: int | None = Field(default=None, foreign_key="users.id")
    acknowledged_at: datetime | None = None
    resolved_by: int | None = Field(default=None, foreign_key="users.id")
    resolved_at: datetime | None = None
    resolution_type: str | None = Field(default=None, sa_type=String(50), max_length=50)
    resolution_reference: str | None = Field(default=None, sa_type=String(40), max_length=40)
    created_at: datetime = created_at(index=True)
    updated_at: datetime = updated_at()
    expires_at: datetime | None = None
    action_required: bool = False
    auto_generated: bool = True
    notes: str | None = Field(default=None, sa_type=String(500), max_length=500)
