"""Products: queries (validation and writes are added with the inventory core)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import or_
from sqlmodel import Session, select

from ..models import Category, Product, Supplier
from ..models.status import ProductStatus
from .errors import ValidationFailed
from .pagination import Page, paginate

SORTABLE = {
    "name": Product.name,
    "sku": Product.sku,
    "product_id": Product.product_id,
    "current_stock": Product.current_stock,
    "available_stock": Product.current_stock - Product.reserved_stock,
    "selling_price": Product.selling_price,
    "cost_price": Product.cost_price,
    "updated_at": Product.updated_at,
    "created_at": Product.created_at,
}


@dataclass
class ProductFilters:
    category: str | None = None
    status: str | None = None
    low_stock: bool = False
    supplier_id: str | None = None
    search: str | None = None
    min_price: Decimal | None = None
    max_price: Decimal | None = None
    sort: str = "name"
    order: str = "asc"


def available_expr():
    return Product.current_stock - Product.reserved_stock


def list_products(session: Session, *, filters: ProductFilters, page: int = 1, limit: int = 20) -> Page:
    """Rows are (Product, category name, primary supplier's supplier_id) tuples."""
    stmt = (
        select(Product, Category.name, Supplier.supplier_id)
        .join(Category, Category.id == Product.category_id)
        .outerjoin(Supplier, Supplier.id == Product.supplier_id)
    )
    if filters.category:
        stmt = stmt.where(Category.name == filters.category)
    if filters.status:
        if filters.status not in ProductStatus.__members__.values():
            raise ValidationFailed.for_field("status", f"must be one of {', '.join(ProductStatus)}")
        stmt = stmt.where(Product.status == filters.status)
    if filters.low_stock:
        stmt = stmt.where(available_expr() <= Product.reorder_threshold)
    if filters.supplier_id:
        stmt = stmt.where(Supplier.supplier_id == filters.supplier_id)
    if filters.search:
        term = f"%{filters.search.strip().lower()}%"
        stmt = stmt.where(
            or_(
                Product.name.ilike(term),
                Product.sku.ilike(term),
                Product.barcode.ilike(term),
                Product.product_id.ilike(term),
                Product.description.ilike(term),
            )
        )
    if filters.min_price is not None:
        stmt = stmt.where(Product.selling_price >= filters.min_price)
    if filters.max_price is not None:
        stmt = stmt.where(Product.selling_price <= filters.max_price)
    if filters.sort not in SORTABLE:
        raise ValidationFailed.for_field("sort", f"must be one of {', '.join(SORTABLE)}")
    if filters.order not in ("asc", "desc"):
        raise ValidationFailed.for_field("order", "must be asc or desc")
    column = SORTABLE[filters.sort]
    stmt = stmt.order_by(column.desc() if filters.order == "desc" else column.asc(), Product.id)
    return paginate(session, stmt, page=page, limit=limit, scalars=False)


def stock_status(product: Product) -> str:
    """OK / low / out / over, as shown by the status badge."""
    available = product.current_stock - product.reserved_stock
    if available <= 0:
        return "out"
    if available <= product.reorder_threshold:
        return "low"
    if product.max_stock_level and product.current_stock > product.max_stock_level:
        return "over"
    return "ok"
