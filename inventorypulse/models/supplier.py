"""Suppliers (seed 000 fields)."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Numeric, String
from sqlmodel import Field, SQLModel

from .base import created_at, enum_str, money, updated_at
from .status import SupplierStatus


class Supplier(SQLModel, table=True):
    __tablename__ = "suppliers"
    __table_args__ = (
        CheckConstraint("lead_time_days >= 1", name="lead_time_positive"),
        CheckConstraint("rating >= 1 AND rating <= 5", name="rating_range"),
        CheckConstraint(
            "on_time_delivery_rate IS NULL OR (on_time_delivery_rate >= 0 AND on_time_delivery_rate <= 100)",
            name="on_time_range",
        ),
        CheckConstraint(
            "quality_score IS NULL OR (quality_score >= 1 AND quality_score <= 5)", name="quality_range"
        ),
        CheckConstraint("minimum_order_value >= 0", name="min_order_value_nonneg"),
        CheckConstraint("payment_terms >= 0", name="payment_terms_nonneg"),
    )

    id: int | None = Field(default=None, primary_key=True)
    supplier_id: str = Field(sa_type=String(20), max_length=20, unique=True)
    company_name: str = Field(sa_type=String(200), max_length=200, index=True)
    display_name: str | None = Field(default=None, sa_type=String(100), max_length=100)

    primary_contact: str = Field(sa_type=String(100), max_length=100)
    email: str = Field(sa_type=String(254), max_length=254, unique=True)
    phone: str = Field(sa_type=String(16), max_length=16)
    alternative_phone: str | None = Field(default=None, sa_type=String(16), max_length=16)
    website: str | None = Field(default=None, sa_type=String(200), max_length=200)

    street: str = Field(sa_type=String(200), max_length=200)
    city: str = Field(sa_type=String(100), max_length=100)
    state: str = Field(sa_type=String(100), max_length=100)
    postal_code: str = Field(sa_type=String(20), max_length=20)
    country: str = Field(sa_type=String(2), max_length=2)

    tax_id: str | None = Field(default=None, sa_type=String(50), max_length=50)
    payment_terms: int = 30
    currency: str = Field(default="USD", sa_type=String(3), max_length=3)
    lead_time_days: int = 7
    minimum_order_value: Decimal = money()

    rating: Decimal = Field(default=Decimal("3.0"), sa_type=Numeric(3, 1))
    on_time_delivery_rate: Decimal | None = Field(default=None, sa_type=Numeric(5, 2))
    quality_score: Decimal | None = Field(default=None, sa_type=Numeric(3, 1))

    status: str = enum_str(SupplierStatus.ACTIVE, 16, index=True)
    preferred: bool = False
    notes: str | None = Field(default=None, sa_type=String(1000), max_length=1000)
    created_by: int | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = created_at()
    updated_at: datetime = updated_at()
