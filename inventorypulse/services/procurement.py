"""Reads behind the supplier and purchase order screens: a supplier's catalogue, the product
picker of the order form with each line's defaults, and what a receipt would add to stock.

The rules stay where they live: unit costs default through purchasing's own line check, stock
comes from the ledger.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import and_
from sqlmodel import Session, select

from ..models import Product, ProductSupplier, Supplier
from ..models.status import ProductStatus
from . import ledger, products, suppliers
from .pagination import Page, paginate
from .purchasing.lines import check_lines
from .validation import Checker, normalise_code

PICKER_LIMIT = 8


def products_supplied(session: Session, *, supplier_id: str, page: int = 1, limit: int = 50) -> Page:
    """The supplier's offers as (ProductSupplier, Product) rows: active offers first, then by name."""
    supplier = suppliers.get_supplier(session, supplier_id)
    stmt = (select(ProductSupplier, Product).join(Product, Product.id == ProductSupplier.product_id)
            .where(ProductSupplier.supplier_id == supplier.id)
            .order_by(ProductSupplier.is_active.desc(), Product.name, Product.id))
    return paginate(session, stmt, page=page, limit=limit, scalars=False)


def pick_products(session: Session, *, search: str, supplier_id: str | None = None,
                  limit: int = PICKER_LIMIT) -> list[tuple[Product, ProductSupplier | None]]:
    """Products an order line may name (not discontinued) matching `search`; those the supplier
    offers come first, each with that offer (None when the supplier does not offer it)."""
    term = (search or "").strip()
    if not term:
        return []
    code = normalise_code(supplier_id) or ""
    supplier_pk = select(Supplier.id).where(Supplier.supplier_id == code).scalar_subquery()
    stmt = (
        products.filtered_query(products.ProductFilters(search=term))
        .add_columns(ProductSupplier)
        .outerjoin(ProductSupplier, and_(ProductSupplier.product_id == Product.id,
                                         ProductSupplier.supplier_id == supplier_pk, ProductSupplier.is_active))
        .where(Product.status != ProductStatus.DISCONTINUED)
        .order_by(None)
        .order_by(ProductSupplier.id.is_(None), Product.name, Product.id)
        .limit(limit)
    )
    return [(row[0], row[-1]) for row in session.exec(stmt).all()]


@dataclass
class LineDefaults:
    """What a new order line for `product` starts with when ordered from `supplier`."""

    product: Product
    offer: ProductSupplier | None
    unit_cost: Decimal | None  # None when it cannot be defaulted (see `issue`)
    cost_source: str  # "supplier offer" or "product cost price"
    quantity: int  # the reorder quantity, raised to the offer's minimum order quantity
    issue: str | None = None  # why the product cannot go on this order, or why the cost is missing


def line_defaults(session: Session, *, supplier_id: str, product_id: str,
                  currency: str | None = None) -> LineDefaults:
    """The unit cost is the one create_purchase_order would use for a line without a cost (the
    supplier's offer, else the product's cost price, same currency only)."""
    supplier = suppliers.get_supplier(session, supplier_id)
    product = products.find_product(session, product_id=product_id)
    offer = session.exec(
        select(ProductSupplier).where(ProductSupplier.supplier_id == supplier.id,
                                      ProductSupplier.product_id == product.id, ProductSupplier.is_active)
    ).first()
    quantity = max(product.reorder_quantity, offer.min_order_quantity if offer else 1)
    c = Checker()
    planned = check_lines(session, c, [{"product_id": product.product_id, "quantity_ordered": 1}], supplier,
                          currency or supplier.currency)
    issue = "; ".join(i.issue for i in c.issues) or None
    return LineDefaults(product, offer, planned[0].unit_cost if planned else None,
                        "supplier offer" if offer else "product cost price", quantity, issue)


def stock_by_warehouse_code(session: Session, *, product_id: str) -> dict[str, int]:
    """On-hand units of a product per warehouse code (warehouses without stock are absent)."""
    product = ledger.get_product(session, normalise_code(product_id))
    return {wh.code: level.on_hand for wh, level in ledger.stock_by_warehouse(session, product)}
