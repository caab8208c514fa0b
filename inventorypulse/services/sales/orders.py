"""Creating and editing sales orders. Lines and money can change only while draft or pending.

Totals are always computed here: line total = quantity × unit price - line discount;
subtotal = Σ quantity × unit price; discount = Σ line discounts; tax = tax_rate × (subtotal -
discount); total = subtotal - discount + tax + shipping.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlmodel import Session, delete, select

from ...models import Customer, Product, SalesOrder, SalesOrderLine, User
from ...models.base import utcnow
from ...models.status import ProductStatus
from ...models.status import SalesOrderStatus as S
from .. import audit, permissions
from ..customers import find_customer
from ..errors import InvalidTransition, NotFound, ValidationFailed
from ..numbering import next_number
from ..permissions import Perm
from ..validation import COUNTRY_RE, Checker, normalise_code, to_cents
from .common import EDITABLE, ENTITY, find_order, order_lines

MAX_LINES, MAX_QUANTITY = 200, 1_000_000
SHIP_FIELDS = ("street", "city", "state", "postal_code", "country")
HEADER_FIELDS = ("required_date", "tax_rate", "shipping_cost", "currency", "shipping_method", "sales_channel",
                 "notes", "shipping_address")


def _plan_lines(session: Session, c: Checker, items: Any) -> list[dict]:
    if not isinstance(items, list) or not 1 <= len(items) <= MAX_LINES:
        c.add("items", f"must hold 1 to {MAX_LINES} lines")
        return []
    codes = {normalise_code(i.get("product_id")) for i in items if isinstance(i, dict)}
    products = {p.product_id: p for p in session.exec(select(Product).where(Product.product_id.in_(codes)))}
    planned, seen = [], set()
    for n, item in enumerate(items):
        f = f"items[{n}]"
        if not isinstance(item, dict):
            c.add(f, "must be an object")
            continue
        code = normalise_code(item.get("product_id"))
        product = products.get(code)
        if not c.require(f"{f}.product_id", code):
            continue
        if product is None:
            c.add(f"{f}.product_id", f"product {code} not found")
            continue
        if product.status != ProductStatus.ACTIVE:
            c.add(f"{f}.product_id", f"product {code} is {product.status}; only active products are sold")
        if code in seen:
            c.add(f"{f}.product_id", f"product {code} appears twice; put the whole quantity on one line")
        seen.add(code)
        qty = item.get("quantity")
        if not isinstance(qty, int) or isinstance(qty, bool) or not 1 <= qty <= MAX_QUANTITY:
            c.add(f"{f}.quantity", f"must be a whole number from 1 to {MAX_QUANTITY}")
            continue
        price = item.get("unit_price")
        price = product.selling_price if price is None else c.money(f"{f}.unit_price", price)
        discount = c.money(f"{f}.discount", item.get("discount") or Decimal("0"))
        if price is None or discount is None:
            continue
        gross = to_cents(Decimal(price) * qty)
        if discount > gross:
            c.add(f"{f}.discount", f"cannot exceed the line amount {gross}")
            continue
        planned.append(dict(product_id=product.id, name=product.name, sku=product.sku, quantity=qty,
                            unit_price=to_cents(price), discount=to_cents(discount), line_total=gross - discount))
    return planned


def _header(c: Checker, data: dict[str, Any], order: SalesOrder) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "tax_rate" in data:
        rate = data["tax_rate"]
        try:
            rate = Decimal(str(rate if rate is not None else 0))
            if not (rate.is_finite() and 0 <= rate <= 1) or rate != rate.quantize(Decimal("0.0001")):
                raise ValueError
            out["tax_rate"] = rate
        except (ArithmeticError, ValueError):
            c.add("tax_rate", "must be a number from 0 to 1 with at most 4 decimals (0.08 = 8%)")
    if "shipping_cost" in data:
        cost = c.money("shipping_cost", data["shipping_cost"] if data["shipping_cost"] is not None else 0)
        if cost is not None:
            out["shipping_cost"] = cost
    if data.get("currency") is not None:
        currency = str(data["currency"]).strip().upper()
        if len(currency) != 3 or not currency.isalpha():
            c.add("currency", "must be a 3-letter ISO 4217 code, like USD")
        out["currency"] = currency
    for key, limit in (("shipping_method", 50), ("sales_channel", 50), ("notes", 1000)):
        if key in data:
            value = data[key].strip() or None if isinstance(data[key], str) else data[key]
            c.length(key, value, limit)
            out[key] = value
    if "required_date" in data:
        value = data["required_date"]
        if value is not None and not isinstance(value, datetime):
            c.add("required_date", "must be a date-time")
        else:
            value = _aware(value)
            ordered = _aware(order.order_date or utcnow()).replace(hour=0, minute=0, second=0, microsecond=0)
            if value is not None and value < ordered:
                c.add("required_date", "must be on or after the order date")
            out["required_date"] = value
    address = data.get("shipping_address")
    if address is not None:
        if not isinstance(address, dict):
            c.add("shipping_address", "must be an object")
        else:
            for key in SHIP_FIELDS:
                if key in address:
                    value = (address[key] or "").strip() or None
                    if key == "country" and value:
                        value = value.upper()
                        c.pattern("shipping_address.country", value, COUNTRY_RE, "must be a 2-letter ISO code")
                    c.length(f"shipping_address.{key}", value, 200 if key == "street" else 100)
                    out[f"ship_{key}"] = value
    return out


def _aware(value: datetime | None) -> datetime | None:
    """Datetimes without a zone (from clients, or read back from SQLite) are UTC."""
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def compute_totals(order: SalesOrder, lines: list[dict] | list[SalesOrderLine]) -> None:
    get = (lambda ln, k: ln[k]) if lines and isinstance(lines[0], dict) else getattr
    subtotal = sum((to_cents(get(ln, "unit_price") * get(ln, "quantity")) for ln in lines), Decimal("0"))
    discount = sum((get(ln, "discount") for ln in lines), Decimal("0"))
    order.subtotal, order.discount_amount = to_cents(subtotal), to_cents(discount)
    order.tax_amount = to_cents(Decimal(order.tax_rate) * (order.subtotal - order.discount_amount))
    order.total_amount = order.subtotal - order.discount_amount + order.tax_amount + to_cents(order.shipping_cost)


def _customer(session: Session, c: Checker, number: Any) -> Customer | None:
    if not c.require("customer_id", number):
        return None
    try:
        customer = find_customer(session, str(number))
    except NotFound:
        c.add("customer_id", f"customer {normalise_code(str(number))} not found")
        return None
    if not customer.is_active:
        c.add("customer_id", f"customer {customer.customer_number} is inactive")
    return customer


def create_sales_order(session: Session, *, user: User, customer_id: str, items: list[dict],
                       status: str | None = None, **header: Any) -> SalesOrder:
    """A new order (pending unless `status="draft"`). Lines are {product_id, quantity, unit_price?,
    discount?}; unit_price defaults to the product's selling price. The shipping address
    defaults to the customer's address."""
    permissions.require(user, Perm.SALES_WRITE)
    c = Checker()
    unknown = sorted(set(header) - set(HEADER_FIELDS))
    for key in unknown:
        c.add(key, "is not a sales order field")
    if status not in (None, S.DRAFT, S.PENDING):
        c.add("status", "new orders are draft or pending; confirm through PATCH …/status")
    customer = _customer(session, c, customer_id)
    now = utcnow()
    order = SalesOrder(order_number="", customer_id=0, order_date=now, status=status or S.PENDING,
                       created_by=user.id)
    values = _header(c, header, order)
    planned = _plan_lines(session, c, items)
    c.done()
    if not any(k.startswith("ship_") for k in values):
        values |= {f"ship_{k}": getattr(customer, k) for k in SHIP_FIELDS}
    for key, value in values.items():
        setattr(order, key, value)
    order.customer_id, order.order_number = customer.id, next_number(session, "ORD", at=now)
    compute_totals(order, planned)
    session.add(order)
    session.flush()
    for n, line in enumerate(planned, start=1):
        session.add(SalesOrderLine(sales_order_id=order.id, line_no=n, **line))
    audit.record(session, user_id=user.id, entity_type=ENTITY, entity_id=order.order_number, action="create",
                 changes={"customer": customer.customer_number, "lines": len(planned), "total": order.total_amount,
                          "status": str(order.status)})
    session.flush()
    return order


def update_sales_order(session: Session, *, order_number: str, user: User, changes: dict[str, Any]) -> SalesOrder:
    """Edit a draft or pending order; `items` replaces every line. Totals are recomputed."""
    permissions.require(user, Perm.SALES_WRITE)
    order = find_order(session, order_number, lock=True)
    if order.status not in EDITABLE:
        raise InvalidTransition(f"Order {order.order_number} is {order.status}; only draft or pending orders "
                                "can be edited.", [])
    c = Checker()
    for key in sorted(set(changes) - {*HEADER_FIELDS, "items"}):
        c.add(key, "cannot be changed here" if key in ("status", "customer_id") else "is not a sales order field")
    values = _header(c, changes, order)
    planned = _plan_lines(session, c, changes["items"]) if "items" in changes else None
    c.done()
    changed = audit.diff(order, values)
    if planned is not None:
        session.exec(delete(SalesOrderLine).where(SalesOrderLine.sales_order_id == order.id))
        session.flush()
        for n, line in enumerate(planned, start=1):
            session.add(SalesOrderLine(sales_order_id=order.id, line_no=n, **line))
        changed["items"] = {"to": len(planned)}
        session.flush()
    compute_totals(order, order_lines(session, order))
    order.updated_at = utcnow()
    session.add(order)
    if changed:
        audit.record(session, user_id=user.id, entity_type=ENTITY, entity_id=order.order_number, action="update",
                     changes=changed)
    session.flush()
    return order


def check_not_empty(order: SalesOrder, lines: list[SalesOrderLine]) -> None:
    if not lines:
        raise ValidationFailed.for_field("items", f"order {order.order_number} has no lines")
