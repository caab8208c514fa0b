"""Reports: the low-stock list with reorder suggestions (one paged SQL query plus one aggregate)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Float, and_, case, cast
from sqlmodel import Session, func, select

from ..models import Category, Product, ProductSupplier, Supplier
from ..models.status import ProductStatus
from .pagination import Page, paginate
from .validation import to_cents


@dataclass
class LowStockItem:
    product_id: str
    name: str
    sku: str
    category: str
    current_stock: int
    reserved_stock: int
    available: int
    threshold: int
    shortfall: int  # threshold - available
    reorder_quantity: int
    suggested_quantity: int
    supplier_id: str | None  # primary supplier
    supplier_name: str | None
    unit_cost: Decimal  # the primary offer's cost, else the product's cost price
    lead_time_days: int | None
    min_order_quantity: int
    estimated_cost: Decimal  # suggested_quantity × unit_cost
    status: str  # "out" or "low"


@dataclass
class LowStockSummary:
    total_items: int
    out_of_stock_items: int
    estimated_reorder_cost: Decimal


@dataclass
class LowStockReport:
    page: Page  # items are LowStockItem
    summary: LowStockSummary


def _greatest(session: Session, *exprs):
    if session.get_bind().dialect.name == "postgresql":
        return func.greatest(*exprs)
    return func.max(*exprs)  # SQLite's multi-argument max() is scalar


def suggested_quantity(*, available: int, threshold: int, reorder_quantity: int, min_order_quantity: int) -> int:
    """The usual reorder quantity, raised to the supplier's minimum order quantity and to whatever
    brings available stock back above the threshold. (Mirrors the SQL in low_stock_report.)"""
    return max(reorder_quantity, min_order_quantity, threshold - available + 1)


def low_stock_report(session: Session, *, category: str | None = None, page: int = 1,
                     limit: int = 20) -> LowStockReport:
    """Non-discontinued products whose available stock is at or below their reorder threshold,
    out-of-stock first, then by available / threshold (the most depleted first)."""
    available = Product.current_stock - Product.reserved_stock
    moq = func.coalesce(ProductSupplier.min_order_quantity, 1)
    suggested = _greatest(session, Product.reorder_quantity, moq, Product.reorder_threshold - available + 1)
    cost = func.coalesce(ProductSupplier.cost, Product.cost_price)
    lead = func.coalesce(ProductSupplier.lead_time_days, Supplier.lead_time_days)
    base = (
        select(Product.product_id, Product.name, Product.sku, Category.name, Product.current_stock,
               Product.reserved_stock, Product.reorder_threshold, Product.reorder_quantity, Supplier.supplier_id,
               Supplier.company_name, cost, lead, moq, suggested, available.label("available"),
               (suggested * cost).label("line_cost"))
        .join(Category, Category.id == Product.category_id)
        .outerjoin(Supplier, Supplier.id == Product.supplier_id)
        .outerjoin(ProductSupplier, and_(ProductSupplier.product_id == Product.id,
                                         ProductSupplier.supplier_id == Product.supplier_id))
        .where(Product.status != ProductStatus.DISCONTINUED, available <= Product.reorder_threshold)
    )
    if category:
        base = base.where(func.lower(Category.name) == category.strip().lower())
    stmt = base.order_by(case((available <= 0, 0), else_=1),
                         cast(available, Float) / Product.reorder_threshold, Product.product_id)
    result = paginate(session, stmt, page=page, limit=limit, scalars=False)

    items = []
    for (pid, name, sku, cat, stock, reserved, threshold, reorder_qty, sup_id, sup_name, unit_cost, lead_days,
         min_qty, qty, free, _) in result.items:
        unit_cost = to_cents(Decimal(str(unit_cost)))
        items.append(LowStockItem(
            product_id=pid, name=name, sku=sku, category=cat, current_stock=stock, reserved_stock=reserved,
            available=free, threshold=threshold, shortfall=threshold - free, reorder_quantity=reorder_qty,
            suggested_quantity=int(qty), supplier_id=sup_id, supplier_name=sup_name, unit_cost=unit_cost,
            lead_time_days=lead_days, min_order_quantity=int(min_qty),
            estimated_cost=to_cents(unit_cost * int(qty)), status="out" if free <= 0 else "low",
        ))
    result.items = items

    rows = base.subquery()
    total, out, reorder_cost = session.exec(
        select(func.count(), func.count().filter(rows.c.available <= 0),
               func.coalesce(func.sum(rows.c.line_cost), 0))
    ).one()
    return LowStockReport(result, LowStockSummary(total, out, to_cents(Decimal(str(reorder_cost)))))
