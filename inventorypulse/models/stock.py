"""Warehouses, stock levels, lots and the immutable stock ledger."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Index, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from .base import created_at, enum_str, money, updated_at
from .status import MovementStatus


class Warehouse(SQLModel, table=True):
    __tablename__ = "warehouses"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(sa_type=String(20), max_length=20, unique=True)
    name: str = Field(sa_type=String(100), max_length=100)
    street: str | None = Field(default=None, sa_type=String(200), max_length=200)
    city: str | None = Field(default=None, sa_type=String(100), max_length=100)
    state: str | None = Field(default=None, sa_type=String(100), max_length=100)
    postal_code: str | None = Field(default=None, sa_type=String(20), max_length=20)
    country: str | None = Field(default=None, sa_type=String(2), max_length=2)
    is_default: bool = False
    is_active: bool = True
    created_at: datetime = created_at()
    updated_at: datetime = updated_at()


class StockLevel(SQLModel, table=True):
    """On-hand and reserved quantity of one product in one warehouse."""

    __tablename__ = "stock_levels"
    __table_args__ = (
        UniqueConstraint("product_id", "warehouse_id"),
        CheckConstraint("on_hand >= 0", name="on_hand_nonneg"),
        CheckConstraint("reserved >= 0 AND reserved <= on_hand", name="reserved_range"),
    )

    id: int | None = Field(default=None, primary_key=True)
    product_id: int = Field(foreign_key="products.id", index=True)
    warehouse_id: int = Field(foreign_key="warehouses.id", index=True)
    on_hand: int = 0
    reserved: int = 0
    updated_at: datetime = updated_at()

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved


class Lot(SQLModel, table=True):
    __tablename__ = "lots"
    __table_args__ = (
        UniqueConstraint("product_id", "warehouse_id", "lot_number"),
        CheckConstraint("quantity >= 0", name="quantity_nonneg"),
        Index("ix_lots_product_expiry", "product_id", "expiry_date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    product_id: int = Field(foreign_key="products.id")
    warehouse_id: int = Field(foreign_key="warehouses.id")
    lot_number: str = Field(sa_type=String(50), max_length=50)
    expiry_date: date | None = None
    quantity: int = 0
    received_at: datetime = created_at()


class StockMovement(SQLModel, table=True):
    """One line of the ledger. Never updated or deleted: corrections are new rows.

    `quantity` is signed (negative takes stock out). stock_before/stock_after are
    the on-hand of this product in this warehouse around the movement; ordered by
    `id`, each row's stock_before equals the previous row's stock_after.
    """

    __tablename__ = "stock_movements"
    __table_args__ = (
        CheckConstraint("stock_after >= 0", name="stock_after_nonneg"),
        CheckConstraint("stock_after = stock_before + quantity", name="chain_arithmetic"),
        CheckConstraint("unit_cost IS NULL OR unit_cost >= 0", name="unit_cost_nonneg"),
        Index("ix_stock_movements_product_timestamp", "product_id", "timestamp"),
        Index("ix_stock_movements_type_timestamp", "movement_type", "timestamp"),
        Index("ix_stock_movements_reference", "reference_type", "reference_id"),
        Index("ix_stock_movements_product_warehouse_id", "product_id", "warehouse_id", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    movement_id: str = Field(sa_type=String(32), max_length=32, unique=True)
    product_id: int = Field(foreign_key="products.id")
    warehouse_id: int = Field(foreign_key="warehouses.id")
    movement_type: str = enum_str(None, 16)
    quantity: int
    unit_cost: Decimal | None = money(None, nullable=True)
    total_value: Decimal | None = money(None, nullable=True)
    stock_before: int
    stock_after: int

    reference_type: str | None = Field(default=None, sa_type=String(24), max_length=24)
    reference_id: str | None = Field(default=None, sa_type=String(40), max_length=40)
    reason_code: str | None = Field(default=None, sa_type=String(32), max_length=32)
    reason_description: str | None = Field(default=None, sa_type=String(500), max_length=500)
    warehouse_location: str | None = Field(default=None, sa_type=String(100), max_length=100)
    lot_number: str | None = Field(default=None, sa_type=String(50), max_length=50)
    expiration_date: date | None = None
    # Both halves of a transfer share this id.
    transfer_id: str | None = Field(default=None, sa_type=String(32), max_length=32, index=True)

    timestamp: datetime = Field(index=True)
    processed_by: int | None = Field(default=None, foreign_key="users.id")
    approved_by: int | None = Field(default=None, foreign_key="users.id")
    status: str = enum_str(MovementStatus.COMPLETED, 16)
    idempotency_key: str | None = Field(default=None, sa_type=String(100), max_length=100, unique=True)
    notes: str | None = Field(default=None, sa_type=String(500), max_length=500)
    created_at: datetime = created_at()
