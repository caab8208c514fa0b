"""Checking order lines and computing the money: shared by creating and editing orders."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlmodel import Session, select

from ...models import (
    Product,
    ProductSupplier,
    PurchaseOrder,
    PurchaseOrderLine,
    Supplier,
)
from ...models.status import ProductStatus
from ..validation import Checker, normalise_code, to_cents

MAX_LINES = 500
MAX_LINE_QUANTITY = 1_000_000  # stock columns are 32-bit integers; no SMB orders more per line
MAX_AMOUNT = Decimal("1e12")  # NUMERIC(14, 2)
SHIPPING_FIELDS = ("name", "street", "city", "state", "postal_code", "country")
SHIPPING_LIMITS = {"name": 100, "street": 200, "city": 100, "state": 100, "postal_code": 20, "country": 2}


@dataclass
class PlannedLine:
    product: Product
    quantity: int
    unit_cost: Decimal
    notes: str | None
    lead_time_days: int

    @property
    def line_total(self) -> Decimal:
        return to_cents(self.unit_cost * self.quantity)


def whole_number(c: Checker, field: str, value: Any, *, minimum: int, maximum: int) -> int | None:
    if value is None:
        c.add(field, "is required")
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        c.add(field, "must be a whole number")
        return None
    c.int_range(field, value, minimum, maximum)
    return value if minimum <= value <= maximum else None


def check_lines(session: Session, c: Checker, items: list[dict] | None, supplier: Supplier | None,
                currency: str) -> list[PlannedLine]:
    """Validate order lines (field names like items[2].quantity_ordered, 0-based like the JSON).

    A product may appear once per order: a second line for it is refused rather than merged,
    because two lines could carry different costs or notes and receipts find lines by product.
    """
    if not items:
        c.add("items", "must have at least one line")
        return []
    if len(items) > MAX_LINES:
        c.add("items", f"must have at most {MAX_LINES} lines")
        return []
    codes = [normalise_code(item.get("product_id")) for item in items]
    products = {p.product_id: p for p in session.exec(
        select(Product).where(Product.product_id.in_([code for code in codes if code]))).all()}
    offers = {}
    if supplier is not None and products:
        offers = {o.product_id: o for o in session.exec(
            select(ProductSupplier).where(ProductSupplier.supplier_id == supplier.id,
                                          ProductSupplier.is_active,
                                          ProductSupplier.product_id.in_([p.id for p in products.values()]))).all()}
    planned, seen = [], {}
    for i, (item, code) in enumerate(zip(items, codes, strict=True)):
        f = f"items[{i}]"
        product = None
        if c.require(f"{f}.product_id", code):
            product = products.get(code)
            if product is None:
                c.add(f"{f}.product_id", f"product {code} not found")
            elif product.status == ProductStatus.DISCONTINUED:
                c.add(f"{f}.product_id", f"product {code} is discontinued")
                product = None
            elif code in seen:
                c.add(f"{f}.product_id", f"{code} is already on items[{seen[code]}]; change that line's quantity")
                product = None
            else:
                seen[code] = i
        quantity = whole_number(c, f"{f}.quantity_ordered", item.get("quantity_ordered"),
                                minimum=1, maximum=MAX_LINE_QUANTITY)
        notes = item.get("notes")
        c.length(f"{f}.notes", notes, 200)
        offer = offers.get(product.id) if product else None
        cost = _unit_cost(c, f, item.get("unit_cost"), product, offer, currency)
        if product is None or quantity is None or cost is None:
            continue
        line = PlannedLine(product, quantity, cost, notes,
                           offer.lead_time_days if offer else (supplier.lead_time_days if supplier else 0))
        if line.line_total >= MAX_AMOUNT:
            c.add(f"{f}.quantity_ordered", "makes the line total too large")
            continue
        planned.append(line)
    return planned


def _unit_cost(c: Checker, f: str, given: Any, product: Product | None, offer: ProductSupplier | None,
               currency: str) -> Decimal | None:
    """The given cost, else the supplier's offer, else the product's cost price (same currency only)."""
    if given is not None:
        return c.money(f"{f}.unit_cost", given)
    if product is None:
        return None
    cost, cost_currency, source = ((offer.cost, offer.currency, "the supplier's offer") if offer else
                                   (product.cost_price, product.currency, "the product's cost price"))
    if cost_currency != currency:
        c.add(f"{f}.unit_cost", f"is required: {source} is in {cost_currency}, the order in {currency}")
        return None
    return to_cents(cost)


def check_tax(c: Checker, tax_amount: Any, tax_rate: Any) -> tuple[Decimal | None, Decimal | None]:
    if tax_amount is not None and tax_rate is not None:
        c.add("tax_rate", "give tax_amount or tax_rate, not both")
        return None, None
    amount = c.money("tax_amount", tax_amount, required=False)
    rate = None
    if tax_rate is not None:
        try:
            rate = Decimal(str(tax_rate))
        except (InvalidOperation, ValueError):
            c.add("tax_rate", "must be a number")
            return amount, None
        if not rate.is_finite() or not 0 <= rate <= 1:
            c.add("tax_rate", "must be between 0 and 1 (0.08 = 8%)")
            rate = None
    return amount, rate


def check_shipping_address(c: Checker, address: dict | None) -> dict[str, str | None]:
    """ship_to_* column values for the keys given in `address`."""
    values = {}
    for key, value in (address or {}).items():
        if key not in SHIPPING_FIELDS:
            c.add(f"shipping_address.{key}", f"is not a field (use {', '.join(SHIPPING_FIELDS)})")
            continue
        if value is not None and not isinstance(value, str):
            c.add(f"shipping_address.{key}", "must be text")
            continue
        value = (value or "").strip() or None
        if key == "country" and value is not None:
            value = value.upper()
            if len(value) != 2 or not value.isalpha():
                c.add("shipping_address.country", "must be a 2-letter ISO 3166-1 code, like US")
                continue
        c.length(f"shipping_address.{key}", value, SHIPPING_LIMITS[key])
        values[f"ship_to_{key}"] = value
    return values


def replace_lines(session: Session, order: PurchaseOrder, planned: list[PlannedLine]) -> None:
    for old in session.exec(select(PurchaseOrderLine).where(PurchaseOrderLine.purchase_order_id == order.id)).all():
        session.delete(old)
    session.flush()
    for n, line in enumerate(planned, start=1):
        session.add(PurchaseOrderLine(purchase_order_id=order.id, line_no=n, product_id=line.product.id,
                                      quantity_ordered=line.quantity, unit_cost=line.unit_cost,
                                      line_total=line.line_total, notes=line.notes))


def line_summary(planned: list[PlannedLine]) -> list[dict]:
    """Lines as plain values, for audit rows."""
    return [{"product_id": p.product.product_id, "quantity_ordered": p.quantity,
             "unit_cost": str(p.unit_cost), "notes": p.notes} for p in planned]


def totals(subtotal: Decimal, *, tax_amount: Decimal, tax_rate: Decimal | None,
           shipping_cost: Decimal) -> dict[str, Decimal]:
    """Money columns computed from the lines; client-sent totals are never used."""
    subtotal = to_cents(subtotal)
    tax = to_cents(subtotal * tax_rate) if tax_rate is not None else to_cents(tax_amount)
    shipping = to_cents(shipping_cost)
    return {"subtotal": subtotal, "tax_amount": tax, "shipping_cost": shipping,
            "total_amount": subtotal + tax + shipping}
