"""Invoices raised from shipped sales orders, and the payments recorded against them (seed 002)."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, String
from sqlmodel import Field, SQLModel

from .base import created_at, enum_str, money, updated_at
from .status import InvoiceStatus


class Invoice(SQLModel, table=True):
    """One invoice per sales order. `payment_status` is stored as unpaid/partial/paid; "overdue"
    is derived from `due_date` when read, so it never goes stale."""

    __tablename__ = "invoices"
    __table_args__ = (
        CheckConstraint(
            "subtotal >= 0 AND tax_amount >= 0 AND discount_amount >= 0 AND shipping_cost >= 0 "
            "AND total_amount >= 0 AND amount_paid >= 0 AND amount_paid <= total_amount",
            name="amounts_range",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    invoice_number: str = Field(sa_type=String(30), max_length=30, unique=True)
    sales_order_id: int = Field(foreign_key="sales_orders.id", unique=True)
    customer_id: int = Field(foreign_key="customers.id", index=True)
    payment_status: str = enum_str(InvoiceStatus.UNPAID, 16, index=True)
    payment_terms: str = Field(default="COD", sa_type=String(16), max_length=16)
    issued_date: datetime = Field(index=True)
    due_date: date = Field(index=True)
    paid_date: datetime | None = None
    subtotal: Decimal = money()
    tax_amount: Decimal = money()
    discount_amount: Decimal = money()
    shipping_cost: Decimal = money()
    total_amount: Decimal = money()
    amount_paid: Decimal = money()
    currency: str = Field(default="USD", sa_type=String(3), max_length=3)
    billing_street: str | None = Field(default=None, sa_type=String(200), max_length=200)
    billing_city: str | None = Field(default=None, sa_type=String(100), max_length=100)
    billing_state: str | None = Field(default=None, sa_type=String(100), max_length=100)
    billing_postal_code: str | None = Field(default=None, sa_type=String(20), max_length=20)
    billing_country: str | None = Field(default=None, sa_type=String(2), max_length=2)
    notes: str | None = Field(default=None, sa_type=String(1000), max_length=1000)
    created_by: int | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = created_at()
    updated_at: datetime = updated_at()


class InvoicePayment(SQLModel, table=True):
    __tablename__ = "invoice_payments"
    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)

    id: int | None = Field(default=None, primary_key=True)
    invoice_id: int = Field(foreign_key="invoices.id", index=True)
    amount: Decimal = money()
    method: str = Field(sa_type=String(30), max_length=30)
    reference: str | None = Field(default=None, sa_type=String(100), max_length=100)
    paid_at: datetime
    recorded_by: int | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = created_at()
