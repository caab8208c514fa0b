"""Customers and sales orders (seeds 002/004). Reservation rules live in services."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Numeric, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from .base import created_at, enum_str, money, updated_at
from .status import CustomerType, PaymentStatus, SalesOrderStatus


class Customer(SQLModel, table=True):
    __tablename__ = "customers"
    __table_args__ = (CheckConstraint("credit_limit >= 0", name="credit_limit_nonneg"),)

    id: int | None = Field(default=None, primary_key=True)
    customer_number: str = Field(sa_type=String(20), max_length=20, unique=True)
    customer_type: str = enum_str(CustomerType.INDIVIDUAL, 16)
    name: str = Field(sa_type=String(200), max_length=200, index=True)
    email: str | None = Field(default=None, sa_type=String(254), max_length=254, index=True)
    phone: str | None = Field(default=None, sa_type=String(16), max_length=16)
    street: str | None = Field(default=None, sa_type=String(200), max_length=200)
    city: str | None = Field(default=None, sa_type=String(100), max_length=100)
    state: str | None = Field(default=None, sa_type=String(100), max_length=100)
    postal_code: str | None = Field(default=None, sa_type=String(20), max_length=20)
    country: str | None = Field(default=None, sa_type=String(2), max_length=2)
    billing_street: str | None = Field(default=None, sa_type=String(200), max_length=200)
    billing_city: str | None = Field(default=None, sa_type=String(100), max_length=100)
    billing_state: str | None = Field(default=None, sa_type=String(100), max_length=100)
    billing_postal_code: str | None = Field(default=None, sa_type=String(20), max_length=20)
    billing_country: str | None = Field(default=None, sa_type=String(2), max_length=2)
    tax_id: str | None = Field(default=None, sa_type=String(50), max_length=50)
    payment_terms: str = Field(default="COD", sa_type=String(16), max_length=16)
    credit_limit: Decimal = money()
    current_balance: Decimal = money()
    is_active: bool = Field(default=True, index=True)
    notes: str | None = Field(default=None, sa_type=String(1000), max_length=1000)
    created_at: datetime = created_at()
    updated_at: datetime = updated_at()


class SalesOrder(SQLModel, table=True):
    __tablename__ = "sales_orders"
    __table_args__ = (
        CheckConstraint(
            "subtotal >= 0 AND tax_amount >= 0 AND discount_amount >= 0 "
            "AND shipping_cost >= 0 AND total_amount >= 0",
            name="amounts_nonneg",
        ),
        CheckConstraint("tax_rate >= 0 AND tax_rate <= 1", name="tax_rate_range"),
    )

    id: int | None = Field(default=None, primary_key=True)
    order_number: str = Field(sa_type=String(30), max_length=30, unique=True)
    customer_id: int = Field(foreign_key="customers.id", index=True)
    status: str = enum_str(SalesOrderStatus.PENDING, 16, index=True)
    payment_status: str = enum_str(PaymentStatus.UNPAID, 16)
    order_date: datetime = Field(index=True)
    required_date: datetime | None = None
    shipped_date: datetime | None = None
    delivered_date: datetime | None = None

    subtotal: Decimal = money()
    tax_rate: Decimal = Field(default=Decimal("0"), sa_type=Numeric(6, 4))
    tax_amount: Decimal = money()
    discount_amount: Decimal = money()
    shipping_cost: Decimal = money()
    total_amount: Decimal = money()
    currency: str = Field(default="USD", sa_type=String(3), max_length=3)

    ship_street: str | None = Field(default=None, sa_type=String(200), max_length=200)
    ship_city: str | None = Field(default=None, sa_type=String(100), max_length=100)
    ship_state: str | None = Field(default=None, sa_type=String(100), max_length=100)
    ship_postal_code: str | None = Field(default=None, sa_type=String(20), max_length=20)
    ship_country: str | None = Field(default=None, sa_type=String(2), max_length=2)
    shipping_method: str | None = Field(default=None, sa_type=String(50), max_length=50)
    tracking_number: str | None = Field(default=None, sa_type=String(100), max_length=100)
    sales_channel: str | None = Field(default=None, sa_type=String(50), max_length=50)
    notes: str | None = Field(default=None, sa_type=String(1000), max_length=1000)
    created_by: int | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = created_at()
    updated_at: datetime = updated_at()


class SalesOrderLine(SQLModel, table=True):
    __tablename__ = "sales_order_lines"
    __table_args__ = (
        UniqueConstraint("sales_order_id", "line_no"),
        CheckConstraint("quantity >= 1", name="quantity_positive"),
        CheckConstraint(
            "quantity_reserved >= 0 AND quantity_shipped >= 0 AND quantity_returned >= 0 "
            "AND quantity_shipped + quantity_reserved <= quantity AND quantity_returned <= quantity_shipped",
            name="quantities_range",
        ),
        CheckConstraint("unit_price >= 0 AND discount >= 0 AND line_total >= 0", name="amounts_nonneg"),
    )

    id: int | None = Field(default=None, primary_key=True)
    sales_order_id: int = Field(foreign_key="sales_orders.id", index=True)
    line_no: int
    product_id: int = Field(foreign_key="products.id", index=True)
    name: str = Field(sa_type=String(200), max_length=200)
    sku: str = Field(sa_type=String(30), max_length=30)
    quantity: int
    quantity_reserved: int = 0
    quantity_shipped: int = 0
    quantity_returned: int = 0
    unit_price: Decimal = money()
    discount: Decimal = money()
    line_total: Decimal = money()
