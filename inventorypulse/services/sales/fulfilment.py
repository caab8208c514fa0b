"""Shipping and returns: reserved stock leaves through the ledger as `sale` movements, and
returned goods come back as inbound `return` movements (restocked, or written off at once)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from ...models import Product, SalesOrder, SalesOrderLine, StockLevel, StockMovement, User, Warehouse
from ...models.base import utcnow
from ...models.status import MovementType, ReasonCode, ReferenceType
from ...models.status import SalesOrderStatus as S
from .. import audit, permissions
from ..errors import FieldIssue, InvalidTransition, ValidationFailed
from ..ledger import MovementSpec, record_movements
from ..permissions import Perm
from ..validation import Checker, normalise_code
from . import reservation
from .common import ENTITY, RETURNABLE, SHIPPABLE, find_order, order_lines
from .queries import shippable_by_warehouse

DISPOSITIONS = ("restock", "write_off")


@dataclass
class FulfilmentResult:
    order: SalesOrder
    previous_status: str
    lines: list[tuple[SalesOrderLine, int]]  # (line, quantity shipped or returned now)
    movements: list[StockMovement]


def _pick(c: Checker, lines: list[SalesOrderLine], codes: dict[int, str], items: Any, limit,
          what: str) -> list[tuple[SalesOrderLine, int, dict]]:
    """Resolve request items to (line, quantity, item) and check each quantity against `limit(line)`."""
    by_no = {ln.line_no: ln for ln in lines}
    by_product = {codes[ln.product_id]: ln for ln in lines}
    if not isinstance(items, list) or not items:
        c.add("items", "must hold at least one line")
        return []
    picked, seen = [], set()
    for n, item in enumerate(items):
        f = f"items[{n}]"
        if not isinstance(item, dict):
            c.add(f, "must be an object")
            continue
        if isinstance(item.get("line_no"), int):
            line = by_no.get(item["line_no"])
            if line is None:
                c.add(f"{f}.line_no", f"the order has no line {item['line_no']}")
                continue
        elif item.get("product_id"):
            code = normalise_code(item["product_id"])
            line = by_product.get(code)
            if line is None:
                c.add(f"{f}.product_id", f"product {code} is not on this order")
                continue
        else:
            c.add(f"{f}.line_no", "give line_no or product_id")
            continue
        if line.line_no in seen:
            c.add(f"{f}.line_no", f"line {line.line_no} appears twice")
            continue
        seen.add(line.line_no)
        qty = item.get("quantity")
        if not isinstance(qty, int) or isinstance(qty, bool) or qty < 1:
            c.add(f"{f}.quantity", "must be a whole number of 1 or more")
        elif qty > limit(line):
            c.add(f"{f}.quantity", f"line {line.line_no} has only {limit(line)} left to be {what}")
        else:
            picked.append((line, qty, item))
    return picked


def _codes(session: Session, lines: list[SalesOrderLine]) -> dict[int, str]:
    """Product code of each line's product (the ledger and requests speak in codes)."""
    ids = {ln.product_id for ln in lines}
    return dict(session.exec(select(Product.id, Product.product_id).where(Product.id.in_(ids))).all())


def ship_sales_order(session: Session, *, order_number: str, user: User, warehouse: str | None = None,
                     items: list[dict] | None = None, tracking_number: str | None = None,
                     notes: str | None = None, idempotency_key: str | None = None) -> FulfilmentResult:
    """Ship reserved goods from one warehouse (earliest-expiry lots first); without `warehouse`,
    the one that can ship most of the order. Without `items` everything still reserved ships.
    The order is shipped once every line has fully shipped."""
    permissions.require(user, Perm.SALES_WRITE)
    order = find_order(session, order_number, lock=True)
    if order.status not in SHIPPABLE:
        raise InvalidTransition(f"Order {order.order_number} is {order.status}; only confirmed or processing "
                                "orders ship. Confirm it first.", [FieldIssue("status", "must be confirmed")])
    lines = order_lines(session, order, lock=True)
    codes = _codes(session, lines)
    c = Checker()
    c.length("tracking_number", tracking_number, 100)
    c.length("notes", notes, 500)
    warehouse = _ship_from(session, c, order, warehouse)
    if items is None:
        picked = [(ln, ln.quantity_reserved, {}) for ln in lines if ln.quantity_reserved > 0]
    else:
        picked = _pick(c, lines, codes, items, lambda ln: ln.quantity_reserved, "shipped")
    c.done()
    if not picked:
        raise ValidationFailed.for_field("items", "nothing is left to ship on this order")

    _lock_levels(session, {ln.product_id for ln, _, _ in picked}, warehouse)
    reservation.release(session, _sum_by_product(picked))
    specs, owners = [], []
    for n, (line, qty, _) in enumerate(picked):
        line.quantity_reserved -= qty
        line.quantity_shipped += qty
        session.add(line)
        specs.append(MovementSpec(
            product_id=codes[line.product_id], movement_type=MovementType.OUTBOUND, quantity=qty, warehouse=warehouse,
            unit_cost=None, reason_code=ReasonCode.SALE, reference_type=ReferenceType.SALES_ORDER,
            reference_id=order.order_number, notes=notes, idempotency_key=idempotency_key if n == 0 else None))
        owners.append(n)
    results = _record(session, specs, user, owners)
    previous, now = order.status, utcnow()
    order.status = S.SHIPPED if all(ln.quantity_shipped == ln.quantity for ln in lines) else S.PROCESSING
    if order.status == S.SHIPPED:
        order.shipped_date = now
    if tracking_number:
        order.tracking_number = tracking_number.strip()
    order.updated_at = now
    session.add(order)
    audit.record(session, user_id=user.id, entity_type=ENTITY, entity_id=order.order_number, action="ship",
                 changes={"status": {"from": previous, "to": str(order.status)},
                          "lines": {str(ln.line_no): q for ln, q, _ in picked}})
    session.flush()
    return FulfilmentResult(order, previous, [(ln, q) for ln, q, _ in picked], results)


def return_sales_order(session: Session, *, order_number: str, user: User, items: list[dict],
                       warehouse: str | None = None, reason: str | None = None,
                       idempotency_key: str | None = None) -> FulfilmentResult:
    """Take shipped goods back. Each item is {line_no or product_id, quantity, disposition:
    restock|write_off, lot_number?, expiration_date?}. Both dispositions record the inbound
    `return` movement; a write-off follows it with a damaged-goods adjustment out of stock."""
    permissions.require(user, Perm.SALES_WRITE)
    order = find_order(session, order_number, lock=True)
    if order.status not in RETURNABLE:
        raise InvalidTransition(f"Order {order.order_number} is {order.status}; nothing has shipped to return.",
                                [FieldIssue("status", "must have shipped goods")])
    lines = order_lines(session, order, lock=True)
    codes = _codes(session, lines)
    c = Checker()
    c.length("reason", reason, 500)
    picked = _pick(c, lines, codes, items, lambda ln: ln.quantity_shipped - ln.quantity_returned, "returned")
    for n, (_, _, item) in enumerate(picked):
        c.one_of(f"items[{n}].disposition", item.get("disposition") or "restock", DISPOSITIONS)
    c.done()

    specs, owners = [], []
    for n, (line, qty, item) in enumerate(picked):
        line.quantity_returned += qty
        session.add(line)
        common = dict(product_id=codes[line.product_id], warehouse=warehouse, reference_type=ReferenceType.RETURN,
                      reference_id=order.order_number, lot_number=item.get("lot_number"),
                      reason_description=reason)
        specs.append(MovementSpec(movement_type=MovementType.INBOUND, quantity=qty, reason_code=ReasonCode.RETURN,
                                  expiration_date=item.get("expiration_date"),
                                  idempotency_key=idempotency_key if not specs else None, **common))
        owners.append(n)
        if (item.get("disposition") or "restock") == "write_off":
            specs.append(MovementSpec(movement_type=MovementType.ADJUSTMENT, quantity=-qty,
                                      reason_code=ReasonCode.DAMAGED_GOODS, **common))
            owners.append(n)
    results = _record(session, specs, user, owners)
    order.updated_at = utcnow()
    session.add(order)
    audit.record(session, user_id=user.id, entity_type=ENTITY, entity_id=order.order_number, action="return",
                 changes={str(ln.line_no): {"quantity": q, "disposition": i.get("disposition") or "restock"}
                          for ln, q, i in picked})
    session.flush()
    return FulfilmentResult(order, order.status, [(ln, q) for ln, q, _ in picked], results)


def _ship_from(session: Session, c: Checker, order: SalesOrder, warehouse: str | None) -> str | None:
    """The warehouse goods leave from: the one asked for (it must exist and be active), else the
    one that can ship most of the order (the default warehouse on a tie)."""
    if warehouse is None or not str(warehouse).strip():
        ranked = shippable_by_warehouse(session, order_number=order.order_number)
        return ranked[0][0] if ranked else None
    code = normalise_code(warehouse)
    if session.exec(select(Warehouse.id).where(Warehouse.code == code, Warehouse.is_active)).first() is None:
        c.add("warehouse", f"{code} is not an active warehouse")
    return code


def _lock_levels(session: Session, product_ids: set[int], warehouse: str | None) -> None:
    """Lock the stock levels before the products, the order every ledger writer uses (PostgreSQL);
    releasing the reservation first would lock them the other way round and could deadlock."""
    if session.get_bind().dialect.name != "postgresql":
        return
    wh = session.exec(select(Warehouse).where(Warehouse.code == normalise_code(warehouse)) if warehouse else
                      select(Warehouse).order_by(Warehouse.is_default.desc(), Warehouse.id)).first()
    if wh is not None:
        session.exec(select(StockLevel.id).where(StockLevel.product_id.in_(product_ids),
                                                 StockLevel.warehouse_id == wh.id)
                     .order_by(StockLevel.product_id).with_for_update()).all()


def _sum_by_product(picked) -> dict[int, int]:
    out: dict[int, int] = {}
    for line, qty, _ in picked:
        out[line.product_id] = out.get(line.product_id, 0) + qty
    return out


def _record(session: Session, specs: list[MovementSpec], user: User, owners: list[int]) -> list[StockMovement]:
    """Record the movements; ledger field errors (`movements[i].lot_number`) are renamed to the
    request's fields (`items[k].lot_number`), `owners[i]` being the item of spec i."""
    try:
        results = record_movements(session, specs=specs, user=user)
    except ValidationFailed as exc:
        details = [FieldIssue(_request_field(d.field, owners), d.issue) for d in exc.details]
        raise ValidationFailed("Invalid input. " + "; ".join(f"{d.field} {d.issue}" for d in details[:3]),
                               details) from exc
    return [m for r in results for m in r.movements]


def _request_field(field: str, owners: list[int]) -> str:
    index, name = 0, field
    if field.startswith("movements["):
        index, name = int(field[10:field.index("]")]), field.split(".", 1)[1]
    if name in ("lot_number", "expiration_date", "quantity"):
        return f"items[{owners[index]}].{name}"
    return {"reason_description": "reason"}.get(name, name)
