"""Categories, products and the suppliers' offers for them."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Index, Numeric, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from .base import created_at, enum_str, json_list, money, updated_at
from .status import ProductStatus


class Category(SQLModel, table=True):
    __tablename__ = "categories"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_type=String(100), max_length=100, unique=True)
    description: str | None = Field(default=None, sa_type=String(500), max_length=500)
    is_active: bool = Field(default=True, index=True)
    created_at: datetime = created_at()
    updated_at: datetime = updated_at()


class Product(SQLModel, table=True):
    __tablename__ = "products"
    __table_args__ = (
        CheckConstraint("cost_price >= 0", name="cost_nonneg"),
        CheckConstraint("selling_price >= cost_price", name="selling_ge_cost"),
        CheckConstraint("reorder_threshold >= 1", name="threshold_positive"),
        CheckConstraint("reorder_quantity >= 1", name="reorder_qty_positive"),
        CheckConstraint("max_stock_level IS NULL OR max_stock_level >= 1", name="max_stock_positive"),
        CheckConstraint("current_stock >= 0", name="stock_nonneg"),
        CheckConstraint("reserved_stock >= 0 AND reserved_stock <= current_stock", name="reserved_range"),
        CheckConstraint("weight IS NULL OR weight >= 0", name="weight_nonneg"),
        Index("ix_products_category_subcategory", "category_id", "subcategory"),
        Index("ix_products_status_name", "status", "name"),
        # Covers the default list order (name, id): deep pages are an index-only walk.
        Index("ix_products_name_id", "name", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    product_id: str = Field(sa_type=String(20), max_length=20, unique=True)
    name: str = Field(sa_type=String(200), max_length=200)
    description: str | None = Field(default=None, sa_type=String(1000), max_length=1000)
    category_id: int = Field(foreign_key="categories.id")
    subcategory: str | None = Field(default=None, sa_type=String(100), max_length=100)
    sku: str = Field(sa_type=String(30), max_length=30, unique=True)
    barcode: str | None = Field(default=None, sa_type=String(32), max_length=32, unique=True)

    # Primary supplier (the one marked is_primary among product_suppliers).
    supplier_id: int | None = Field(default=None, foreign_key="suppliers.id", index=True)
    supplier_product_code: str | None = Field(default=None, sa_type=String(50), max_length=50)

    # Totals over all warehouses, maintained by the stock ledger in the same
    # transaction as each movement so lists and filters need no aggregation.
    current_stock: int = Field(default=0, index=True)
    reserved_stock: int = 0
    reorder_threshold: int = 10
    reorder_quantity: int = 50
    max_stock_level: int | None = None
    stock_unit: str = Field(default="pieces", sa_type=String(20), max_length=20)

    cost_price: Decimal = money()
    selling_price: Decimal = money()
    currency: str = Field(default="USD", sa_type=String(3), max_length=3)
    price_updated_at: datetime | None = None

    weight: Decimal | None = Field(default=None, sa_type=Numeric(12, 2))
    length_cm: Decimal | None = Field(default=None, sa_type=Numeric(10, 2))
    width_cm: Decimal | None = Field(default=None, sa_type=Numeric(10, 2))
    height_cm: Decimal | None = Field(default=None, sa_type=Numeric(10, 2))
    warehouse_location: str | None = Field(default=None, sa_type=String(100), max_length=100)
    storage_requirements: list = json_list()
    tags: list = json_list()

    seasonal: bool = False
    expiration_tracking: bool = False
    lot_tracking: bool = False
    status: str = enum_str(ProductStatus.ACTIVE, 16)

    created_by: int | None = Field(default=None, foreign_key="users.id")
    last_modified_by: int | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = created_at()
    updated_at: datetime = updated_at()

    @property
    def available_stock(self) -> int:
        return self.current_stock - self.reserved_stock


class ProductSupplier(SQLModel, table=True):
    """A supplier's offer for a product (seed 002's junction table)."""

    __tablename__ = "product_suppliers"
    __table_args__ = (
        UniqueConstraint("product_id", "supplier_id"),
        CheckConstraint("cost >= 0", name="cost_nonneg"),
        CheckConstraint("lead_time_days >= 0", name="lead_time_nonneg"),
        CheckConstraint("min_order_quantity >= 1", name="moq_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    product_id: int = Field(foreign_key="products.id", index=True)
    supplier_id: int = Field(foreign_key="suppliers.id", index=True)
    cost: Decimal = money()
    currency: str = Field(default="USD", sa_type=String(3), max_length=3)
    lead_time_days: int = 7
    min_order_quantity: int = 1
    supplier_product_code: str | None = Field(default=None, sa_type=String(50), max_length=50)
    is_primary: bool = False
    is_active: bool = True
    last_order_date: datetime | None = None
    created_at: datetime = created_at()
    updated_at: datetime = updated_at()
