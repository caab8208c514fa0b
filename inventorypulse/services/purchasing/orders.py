"""Creating and editing purchase orders. Lines, dates and money can change only while draft."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ...models import PurchaseOrder, PurchaseOrderLine, Supplier, User, Warehouse
from ...models.base import utcnow
from ...models.status import PurchaseOrderStatus as S
from ...models.status import SupplierStatus
from .. import audit, permissions
from ..errors import Conflict, FieldIssue, ValidationFailed
from ..ledger import MAX_CLOCK_SKEW
from ..numbering import next_number
from ..permissions import Perm
from ..validation import CURRENCY_RE, Checker, normalise_code
from .common import ENTITY, aware, find_order, parse_status
from .lifecycle import transition_purchase_order
from .lines import (
    MAX_AMOUNT,
    PlannedLine,
    check_lines,
    check_shipping_address,
    check_tax,
    line_summary,
    replace_lines,
    totals,
)

ORDER_NUMBER_RE = re.compile(r"^[A-Z0-9-]{3,30}$")
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
MAX_AHEAD, MAX_LEAD = timedelta(days=366), timedelta(days=5 * 366)
EDITABLE = ("order_date", "expected_delivery_date", "items", "notes", "tax_amount", "tax_rate",
            "shipping_cost", "currency", "shipping_address")
# Request fields and the columns they set (for `updated_fields`).
COLUMNS = {"order_date": ("order_date",), "expected_delivery_date": ("expected_delivery_date",),
           "notes": ("notes",), "currency": ("currency",), "tax_amount": ("tax_amount",),
           "tax_rate": ("tax_amount",), "shipping_cost": ("shipping_cost",),
           "shipping_address": tuple(f"ship_to_{k}" for k in ("name", "street", "city", "state", "postal_code",
                                                               "country"))}


@dataclass
class UpdateResult:
    order: PurchaseOrder
    updated_fields: list[str]


def _supplier(session: Session, c: Checker, supplier_id: str | None) -> Supplier | None:
    code = normalise_code(supplier_id)
    if not c.require("supplier_id", code):
        return None
    supplier = session.exec(select(Supplier).where(Supplier.supplier_id == code)).first()
    if supplier is None:
        c.add("supplier_id", f"supplier {code} not found")
    elif supplier.status != SupplierStatus.ACTIVE:
        c.add("supplier_id", f"supplier {code} is {supplier.status}; only active suppliers take orders")
        return None
    return supplier


def _default_address(session: Session) -> dict[str, str | None]:
    """Ship to the default warehouse unless told otherwise."""
    wh = session.exec(select(Warehouse).where(Warehouse.is_active, Warehouse.is_default)).first()
    if wh is None:
        return {}
    return {"ship_to_name": wh.name, "ship_to_street": wh.street, "ship_to_city": wh.city,
            "ship_to_state": wh.state, "ship_to_postal_code": wh.postal_code, "ship_to_country": wh.country}


def _number_taken(session: Session, number: str) -> bool:
    return session.exec(select(PurchaseOrder.id).where(PurchaseOrder.order_number == number)).first() is not None


def _new_number(session: Session, at: datetime) -> str:
    # Hand-typed numbers may already use a value of the sequence: skip those.
    for _ in range(100):
        number = next_number(session, "PO", at=at)
        if not _number_taken(session, number):
            return number
    raise Conflict("Could not find a free purchase order number; give order_number explicitly.")


def _check_dates(c: Checker, ordered_at: datetime, expected: datetime | None) -> bool:
    """False if order_date is out of range (then the expected date cannot be derived from it)."""
    if not EARLIEST <= ordered_at <= utcnow() + MAX_AHEAD:
        c.add("order_date", f"must be between {EARLIEST.date()} and a year from now")
        return False
    if expected is not None and expected < ordered_at:
        c.add("expected_delivery_date", "must be on or after order_date")
    elif expected is not None and expected > ordered_at + MAX_LEAD:
        c.add("expected_delivery_date", "must be within 5 years of order_date")
    return True


def create_purchase_order(
    session: Session,
    *,
    supplier_id: str,
    lines: list[dict],
    user: User,
    order_number: str | None = None,
    order_date: datetime | None = None,
    expected_delivery_date: datetime | None = None,
    tax_amount: Any = None,
    tax_rate: Any = None,
    shipping_cost: Any = None,
    currency: str | None = None,
    shipping_address: dict | None = None,
    notes: str | None = None,
) -> PurchaseOrder:
    """A draft order. Lines are {product_id, quantity_ordered, unit_cost?, notes?}; a missing
    unit_cost comes from the supplier's offer, else the product's cost price. The expected
    delivery defaults to the order date plus the longest lead time of its lines."""
    permissions.require(user, Perm.PO_WRITE)
    c = Checker()
    supplier = _supplier(session, c, supplier_id)
    number = normalise_code(order_number) or None
    c.pattern("order_number", number, ORDER_NUMBER_RE, "must be 3-30 characters: A-Z, 0-9 and -")
    currency = normalise_code(currency) or (supplier.currency if supplier else "USD")
    c.pattern("currency", currency, CURRENCY_RE, "must be a 3-letter ISO 4217 code, like USD")
    ordered_at = aware(order_date) or utcnow()
    expected = aware(expected_delivery_date)
    tax, rate = check_tax(c, tax_amount, tax_rate)
    shipping = c.money("shipping_cost", shipping_cost, required=False)
    address = check_shipping_address(c, shipping_address) if shipping_address else _default_address(session)
    c.length("notes", notes, 1000)
    planned = check_lines(session, c, lines, supplier, currency)
    if _check_dates(c, ordered_at, expected) and expected is None and planned:
        expected = ordered_at + min(timedelta(days=max(p.lead_time_days for p in planned)), MAX_LEAD)
    money = totals(sum((p.line_total for p in planned), start=0), tax_amount=tax or 0, tax_rate=rate,
                   shipping_cost=shipping or 0)
    if money["total_amount"] >= MAX_AMOUNT:
        c.add("items", "the order total is too large")
    c.done("Purchase order not created.")

    if number and _number_taken(session, number):
        raise Conflict(f"Purchase order {number} already exists.", [FieldIssue("order_number", "already exists")])
    order = PurchaseOrder(
        order_number=number or _new_number(session, ordered_at), supplier_id=supplier.id, status=S.DRAFT,
        order_date=ordered_at, expected_delivery_date=expected, currency=currency, created_by=user.id,
        notes=notes, **money, **address,
    )
    session.add(order)
    try:
        session.flush()
    except IntegrityError as exc:  # another request took the same number a moment ago
        raise Conflict(f"Purchase order {order.order_number} already exists.",
                       [FieldIssue("order_number", "already exists")]) from exc
    replace_lines(session, order, planned)
    audit.record(session, user_id=user.id, entity_type=ENTITY, entity_id=order.order_number, action="create",
                 changes={"supplier_id": supplier.supplier_id, "status": S.DRAFT, **money,
                          "lines": line_summary(planned)})
    session.flush()
    return order


def update_purchase_order(session: Session, *, order_number: str, user: User,
                          changes: dict[str, Any]) -> UpdateResult:
    """Partial update. Draft orders: dates, lines (the list replaces all lines), money, currency,
    shipping address, notes. Any order: `status` (through the transition rules, with
    `status_notes`) and `actual_delivery_date` once sent. Received quantities are refused:
    goods come in through receiving, which moves stock."""
    permissions.require(user, Perm.PO_WRITE)
    order = find_order(session, order_number, lock=True)
    c = Checker()
    for key in changes:
        if key not in (*EDITABLE, "status", "status_notes", "actual_delivery_date"):
            hint = "; create a new order for another supplier" if key == "supplier_id" else ""
            c.add(key, f"cannot be changed{hint}")
    for i, item in enumerate(changes.get("items") or []):
        if isinstance(item, dict) and item.get("quantity_received") is not None:
            c.add(f"items[{i}].quantity_received", "cannot be edited: receive goods through "
                  f"POST /api/orders/purchase/{order.order_number}/receive, which also moves the stock")
    c.done("Purchase order not updated.")
    target = parse_status(changes["status"]) if changes.get("status") is not None else None

    edits = {k: v for k, v in changes.items() if k in EDITABLE}
    if edits and order.status != S.DRAFT:
        raise Conflict(
            f"Purchase order {order.order_number} is {order.status}: only draft orders can be edited "
            f"({', '.join(edits)}).",
            [FieldIssue(k, f"cannot be changed once the order is {order.status}") for k in edits],
        )
    updated = _apply_edits(session, order, user, edits) if edits else []

    if target is not None and target != order.status:
        transition_purchase_order(session, order_number=order.order_number, status=target, user=user,
                                  notes=changes.get("status_notes"))
        updated.append("status")
    if "actual_delivery_date" in changes:
        updated += _set_delivery_date(session, order, user, aware(changes["actual_delivery_date"]))
    return UpdateResult(order, updated)


def _apply_edits(session: Session, order: PurchaseOrder, user: User, edits: dict[str, Any]) -> list[str]:
    c = Checker()
    for key in ("order_date", "expected_delivery_date"):
        if key in edits:
            c.require(key, edits[key])
    ordered_at = aware(edits.get("order_date")) or order.order_date
    expected = aware(edits.get("expected_delivery_date")) or order.expected_delivery_date
    _check_dates(c, ordered_at, expected)
    currency = normalise_code(edits.get("currency")) or order.currency
    c.pattern("currency", currency, CURRENCY_RE, "must be a 3-letter ISO 4217 code, like USD")
    tax, rate = check_tax(c, edits.get("tax_amount"), edits.get("tax_rate"))
    shipping = c.money("shipping_cost", edits.get("shipping_cost") or 0)
    address = {}
    if "shipping_address" in edits:
        address = dict.fromkeys(COLUMNS["shipping_address"]) if edits["shipping_address"] is None else \
            check_shipping_address(c, edits["shipping_address"])
    c.length("notes", edits.get("notes"), 1000)
    planned: list[PlannedLine] | None = None
    if "items" in edits:
        planned = check_lines(session, c, edits["items"], session.get(Supplier, order.supplier_id), currency)
    c.done("Purchase order not updated.")

    current = session.exec(select(PurchaseOrderLine).where(PurchaseOrderLine.purchase_order_id == order.id)
                           .order_by(PurchaseOrderLine.line_no)).all()
    before = [{"line_no": ln.line_no, "product_id": ln.product_id, "quantity_ordered": ln.quantity_ordered,
               "unit_cost": str(ln.unit_cost), "notes": ln.notes} for ln in current]
    subtotal = sum((ln.line_total for ln in current), start=0)
    lines_changed = False
    if planned is not None:
        after = [{"line_no": n, "product_id": p.product.id, "quantity_ordered": p.quantity,
                  "unit_cost": str(p.unit_cost), "notes": p.notes} for n, p in enumerate(planned, start=1)]
        lines_changed = after != before
        if lines_changed:
            replace_lines(session, order, planned)
        subtotal = sum((p.line_total for p in planned), start=0)
    money = totals(subtotal, tax_amount=tax if tax is not None else order.tax_amount, tax_rate=rate,
                   shipping_cost=shipping if "shipping_cost" in edits else order.shipping_cost)
    if money["total_amount"] >= MAX_AMOUNT:
        raise ValidationFailed.for_field("items", "the order total is too large")
    values = {"order_date": ordered_at, "expected_delivery_date": expected, "currency": currency, **address,
              **money}
    if "notes" in edits:
        values["notes"] = edits["notes"]
    changed = audit.diff(order, values)
    if lines_changed:
        changed["lines"] = {"from": before, "to": line_summary(planned)}
    updated = [k for k in edits if k == "items" and lines_changed
               or any(col in changed for col in COLUMNS.get(k, ()))]
    if changed:
        order.updated_at = utcnow()
        session.add(order)
        audit.record(session, user_id=user.id, entity_type=ENTITY, entity_id=order.order_number, action="update",
                     changes=changed)
        session.flush()
    return updated


def _set_delivery_date(session: Session, order: PurchaseOrder, user: User, when: datetime | None) -> list[str]:
    if order.status in (S.DRAFT, S.CANCELLED):
        raise Conflict(f"Purchase order {order.order_number} is {order.status}: actual_delivery_date can be "
                       "set once the order is sent.",
                       [FieldIssue("actual_delivery_date", f"not for {order.status} orders")])
    c = Checker()
    if when is None and order.status == S.RECEIVED:
        c.add("actual_delivery_date", "is required for a received order")
    if when is not None and when < order.order_date:
        c.add("actual_delivery_date", "must be on or after order_date")
    if when is not None and when > utcnow() + MAX_CLOCK_SKEW:
        c.add("actual_delivery_date", "cannot be in the future")
    c.done("Purchase order not updated.")
    changed = audit.diff(order, {"actual_delivery_date": when})
    if not changed:
        return []
    order.updated_at = utcnow()
    session.add(order)
    audit.record(session, user_id=user.id, entity_type=ENTITY, entity_id=order.order_number, action="update",
                 changes=changed)
    session.flush()
    return ["actual_delivery_date"]
