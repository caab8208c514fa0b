"""Global search: products, suppliers and purchase orders matching one text (the header search box).

Products and suppliers use their own list filters (the same matching the list pages use); purchase
orders match on their number or their supplier's name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import or_
from sqlmodel import Session, func, select

from ..models import Product, PurchaseOrder, Supplier
from . import products, suppliers
from .errors import ValidationFailed

MIN_LENGTH = 2
MAX_LENGTH = 100
PER_KIND = 8


@dataclass
class SearchResults:
    query: str
    products: list[tuple[Product, str]] = field(default_factory=list)  # (product, category name)
    product_total: int = 0
    suppliers: list[Supplier] = field(default_factory=list)
    supplier_total: int = 0
    purchase_orders: list[tuple[PurchaseOrder, Supplier]] = field(default_factory=list)
    purchase_order_total: int = 0

    @property
    def empty(self) -> bool:
        return not (self.products or self.suppliers or self.purchase_orders)


def _purchase_orders(session: Session, term: str, limit: int) -> tuple[list[tuple[PurchaseOrder, Supplier]], int]:
    like = f"%{term}%"
    matching = or_(PurchaseOrder.order_number.ilike(like), Supplier.company_name.ilike(like),
                   Supplier.display_name.ilike(like))
    joined = select(PurchaseOrder, Supplier).join(Supplier, Supplier.id == PurchaseOrder.supplier_id)
    rows = session.exec(
        joined.where(matching)
        # An exact order number first, then the newest.
        .order_by((PurchaseOrder.order_number != term.upper()), PurchaseOrder.order_date.desc(),
                  PurchaseOrder.id.desc())
        .limit(limit)
    ).all()
    total = session.exec(select(func.count()).select_from(PurchaseOrder)
                         .join(Supplier, Supplier.id == PurchaseOrder.supplier_id).where(matching)).one()
    return [tuple(r) for r in rows], total


def search_everything(session: Session, *, query: str, limit: int = PER_KIND) -> SearchResults:
    term = (query or "").strip()
    if len(term) < MIN_LENGTH:
        raise ValidationFailed.for_field("q", f"type at least {MIN_LENGTH} characters")
    if len(term) > MAX_LENGTH:
        raise ValidationFailed.for_field("q", f"must be at most {MAX_LENGTH} characters")
    found = products.list_products(session, filters=products.ProductFilters(search=term), page=1, limit=limit)
    sups = suppliers.list_suppliers(session, search=term, page=1, limit=limit)
    orders, order_total = _purchase_orders(session, term, limit)
    return SearchResults(
        query=term,
        products=[(p, category) for p, category, _supplier in found.items], product_total=found.total,
        suppliers=list(sups.items), supplier_total=sups.total,
        purchase_orders=orders, purchase_order_total=order_total,
    )
