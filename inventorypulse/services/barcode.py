"""Barcodes (seed 001): look a product up by its barcode, scan it at a warehouse, link a barcode."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from ..models import Category, Product, StockLevel, User, Warehouse
from ..models.base import utcnow
from . import audit, permissions
from .errors import Conflict, FieldIssue, NotFound, ValidationFailed
from .ledger import get_product, get_warehouse, stock_by_warehouse
from .permissions import Perm
from .validation import BARCODE_RE, normalise_code


@dataclass
class BarcodeMatch:
    barcode: str
    product: Product
    category: str
    stock: list[tuple[Warehouse, StockLevel]]  # every warehouse holding a stock level for it
    warehouse: Warehouse | None = None  # the scanning warehouse, when one was given
    level: StockLevel | None = None  # its stock there (None: never stocked there)


def _clean(code: str | None) -> str:
    code = (code or "").strip()
    if not BARCODE_RE.match(code):
        raise ValidationFailed.for_field("barcode", "must be 4-32 letters, digits or hyphens")
    return code


def lookup(session: Session, *, code: str) -> BarcodeMatch:
    """The product carrying this barcode, with its stock per warehouse (NotFound if none)."""
    code = _clean(code)
    row = session.exec(
        select(Product, Category.name).join(Category, Category.id == Product.category_id)
        .where(Product.barcode == code)
    ).first()
    if row is None:
        raise NotFound(f"No product has barcode {code}.")
    product, category = row
    return BarcodeMatch(code, product, category, stock_by_warehouse(session, product))


def scan(session: Session, *, barcode: str, warehouse: str | None = None) -> BarcodeMatch:
    """A lookup plus the stock in the scanning warehouse. Reading only: nothing is changed."""
    match = lookup(session, code=barcode)
    if warehouse:
        match.warehouse = get_warehouse(session, normalise_code(warehouse))
        match.level = next((lvl for wh, lvl in match.stock if wh.id == match.warehouse.id), None)
    return match


def link(session: Session, *, barcode: str, product_id: str, user: User) -> tuple[Product, str | None]:
    """Give a product this barcode. Returns the product and the barcode it had before."""
    permissions.require(user, Perm.PRODUCT_WRITE)
    code = _clean(barcode)
    product = get_product(session, normalise_code(product_id))
    owner = session.exec(select(Product).where(Product.barcode == code)).first()
    if owner is not None and owner.id != product.id:
        raise Conflict(f"Barcode {code} already belongs to product {owner.product_id}.",
                       [FieldIssue("barcode", f"belongs to product {owner.product_id}")])
    previous = product.barcode
    if previous != code:
        product.barcode = code
        product.updated_at = utcnow()
        product.last_modified_by = user.id
        session.add(product)
        audit.record(session, user_id=user.id, entity_type="product", entity_id=product.product_id,
                     action="link_barcode", changes={"barcode": {"from": previous, "to": code}})
        session.flush()
    return product, previous

