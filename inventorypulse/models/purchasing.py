"""Purchase orders and their lines."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Index, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from .base import created_at, enum_str, money, updated_at
from .status import PurchaseOrderStatus


class PurchaseOrder(SQLModel, table=True):
    __tablename__ = "purchase_orders"
    __table_args__ = (
        CheckConstraint(
            "subtotal >= 0 AND tax_amount >= 0 AND shipping_cost >= 0 AND total_amount >= 0",
            name="amounts_nonneg",
        ),
        Index("ix_purchase_orders_supplier_order_date", "supplier_id", "order_date"),
        Index("ix_purchase_orders_status_expected", "status", "expected_delivery_date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    order_number: str = Field(sa_type=String(30), max_length=30, unique=True)
    supplier_id: int = Field(foreign_key="suppliers.id")
    status: str = enum_str(PurchaseOrderStatus.DRAFT, 24)
    order_date: datetime = Field(index=True)
    expected_delivery_date: datetime
    actual_delivery_date: datetime | None = None
    sent_at: datetime | None = None

    subtotal: Decimal = money()
    tax_amount: Decimal = money()
    shipping_cost: Decimal = money()
    total_amount: Decimal = money()
    currency: str = Field(default="USD", sa_type=String(3), max_length=3)

    ship_to_name: str | None = Field(default=None, sa_type=String(100), max_length=100)
    ship_to_street: str | None = Field(default=None, sa_type=String(200), max_length=200)
    ship_to_city: str | None = Field(default=None, sa_type=String(100), max_length=100)
    ship_to_state: str | None = Field(default=None, sa_type=String(100), max_length=100)
    ship_to_postal_code: str | None = Field(default=None, sa_type=String(20), max_length=20)
    ship_to_country: str | None = Field(default=None, sa_type=String(2), max_length=2)

    created_by: int | None = Field(default=None, foreign_key="users.id")
    approved_by: int | None = Field(default=None, foreign_key="users.id")
    received_by: int | None = Field(default=None, foreign_key="users.id")
    notes: str | None = Field(default=None, sa_type=String(1000), max_length=1000)
    created_at: datetime = created_at()
    updated_at: datetime = updated_at()


class PurchaseOrderLine(SQLModel, table=True):
    __tablename__ = "purchase_order_lines"
    __table_args__ = (
        UniqueConstraint("purchase_order_id", "line_no"),
        CheckConstraint("quantity_ordered > 0", name="ordered_positive"),
        CheckConstraint(
            "quantity_received >= 0 AND quantity_received <= quantity_ordered", name="received_range"
        ),
        CheckConstraint("unit_cost >= 0 AND line_total >= 0", name="amounts_nonneg"),
    )

    id: int | None = Field(default=None, primary_key=True)
    purchase_order_id: int = Field(foreign_key="purchase_orders.id", index=True)
    line_no: int
    product_id: int = Field(foreign_key="products.id", index=True)
    quantity_ordered: int
    quantity_received: int = 0
    unit_cost: Decimal = money()
    line_total: Decimal = money()
    notes: str | None = Field(default=None, sa_type=String(200), max_length=200)
