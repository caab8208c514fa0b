"""Receiving goods against a purchase order: every unit enters stock through the ledger."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import update
from sqlmodel import Session, select

from ...models import (
    Product,
    PurchaseOrder,
    PurchaseOrderLine,
    StockMovement,
    User,
    Warehouse,
)
from ...models.base import utcnow
from ...models.status import MovementType, ReasonCode, ReferenceType
from ...models.status import PurchaseOrderStatus as S
from .. import audit, ledger, permissions
from ..errors import Conflict, FieldIssue, InvalidTransition, NotFound, ValidationFailed
from ..permissions import Perm
from ..validation import Checker, normalise_code
from .common import ENTITY, RECEIVABLE, find_order
from .lines import MAX_LINE_QUANTITY, whole_number


@dataclass
class ReceivedLine:
    line_no: int
    product_id: str
    quantity_ordered: int
    quantity_received: int  # in total, after this receipt
    received_now: int

    @property
    def remaining(self) -> int:
        return self.quantity_ordered - self.quantity_received


@dataclass
class ReceiptResult:
    order: PurchaseOrder
    previous_status: str
    lines: list[ReceivedLine]
    # (movement, product_id, warehouse code) of each inbound movement written.
    movements: list[tuple[StockMovement, str, str]] = field(default_factory=list)


@dataclass
class _Planned:
    index: int
    line: PurchaseOrderLine
    product: Product
    quantity: int
    warehouse: Warehouse
    lot_number: str | None
    expiration_date: date | None
    notes: str | None


def _not_receivable(order: PurchaseOrder) -> InvalidTransition:
    reason = {
        S.DRAFT: "is a draft: send it to the supplier before receiving goods",
        S.CANCELLED: "is cancelled: nothing can be received against it",
        S.RECEIVED: "is already fully received",
    }.get(S(order.status), f"is {order.status}")
    return InvalidTransition(f"Purchase order {order.order_number} {reason}.",
                             [FieldIssue("status", f"receiving needs one of: {', '.join(RECEIVABLE)}")])


def receive_purchase_order(
    session: Session,
    *,
    order_number: str,
    receipts: list[dict],
    user: User,
    idempotency_key: str | None = None,
    notes: str | None = None,
) -> ReceiptResult:
    """Receive goods: receipts are {line_no or product_id, quantity, warehouse?, lot_number?,
    expiration_date?, notes?}. Each becomes one inbound ledger movement at the line's cost.
    Everything is checked before anything is written, and it is one transaction: one bad
    receipt and nothing is received. The order ends received when every line is complete,
    partially_received otherwise."""
    permissions.require(user, Perm.PO_RECEIVE)
    order = find_order(session, order_number, lock=True)
    if order.status not in RECEIVABLE:
        raise _not_receivable(order)
    if idempotency_key and session.exec(
            select(StockMovement.id).where(StockMovement.idempotency_key == idempotency_key)).first():
        raise Conflict("This Idempotency-Key was already used for a different request.")
    rows = session.exec(
        select(PurchaseOrderLine, Product).join(Product, Product.id == PurchaseOrderLine.product_id)
        .where(PurchaseOrderLine.purchase_order_id == order.id).order_by(PurchaseOrderLine.line_no)
    ).all()
    planned = _check_receipts(session, order, rows, receipts, notes)

    result = ReceiptResult(order, order.status, [])
    for n, p in enumerate(planned):
        try:
            moved = ledger.record_movement(
                session, product_id=p.product.product_id, movement_type=MovementType.INBOUND, quantity=p.quantity,
                user=user, warehouse=p.warehouse.code, unit_cost=p.line.unit_cost,
                reason_code=ReasonCode.PURCHASE_RECEIPT, reference_type=ReferenceType.PURCHASE_ORDER,
                reference_id=order.order_number, lot_number=p.lot_number, expiration_date=p.expiration_date,
                reason_description=f"Receipt against {order.order_number} line {p.line.line_no}",
                notes=p.notes, idempotency_key=idempotency_key if n == 0 else None,
            )
        except ValidationFailed as exc:  # name the receipt the ledger refused
            raise ValidationFailed(f"items[{p.index}]: {exc.message} Nothing was received.",
                                   [FieldIssue(f"items[{p.index}].{d.field}", d.issue) for d in exc.details]) from exc
        result.movements += [(m, p.product.product_id, p.warehouse.code) for m in moved.movements]
        _add_received(session, order, p.line, p.quantity)

    received_now: dict[int, int] = defaultdict(int)
    for p in planned:
        received_now[p.line.id] += p.quantity
    for line, product in rows:
        session.refresh(line, ["quantity_received"])
        result.lines.append(ReceivedLine(line.line_no, product.product_id, line.quantity_ordered,
                                         line.quantity_received, received_now[line.id]))
    now = utcnow()
    complete = all(line.remaining == 0 for line in result.lines)
    order.status = S.RECEIVED if complete else S.PARTIALLY_RECEIVED
    if complete:
        order.actual_delivery_date = order.actual_delivery_date or now
        order.received_by = user.id
    order.updated_at = now
    session.add(order)
    audit.record(session, user_id=user.id, entity_type=ENTITY, entity_id=order.order_number, action="receive",
                 changes={"status": {"from": result.previous_status, "to": order.status},
                          "received": {str(ln.line_no): ln.received_now for ln in result.lines if ln.received_now},
                          "movement_ids": [m.movement_id for m, _, _ in result.movements]})
    session.flush()
    return result


def _check_receipts(session: Session, order: PurchaseOrder, rows, receipts: list[dict] | None,
                    notes: str | None) -> list[_Planned]:
    by_line = {line.line_no: (line, product) for line, product in rows}
    by_product = {product.product_id: (line, product) for line, product in rows}
    warehouses: dict[str | None, Warehouse | str] = {}
    c = Checker()
    c.length("notes", notes, 500)
    if not receipts:
        c.add("items", "must have at least one receipt")
    planned: list[_Planned] = []
    wanted: dict[int, list[int]] = defaultdict(list)  # line id -> indexes of its receipts
    for i, r in enumerate(receipts or []):
        f = f"items[{i}]"
        target = _target_line(c, f, order, by_line, by_product, r.get("line_no"), normalise_code(r.get("product_id")))
        quantity = whole_number(c, f"{f}.quantity", r.get("quantity"), minimum=1, maximum=MAX_LINE_QUANTITY)
        lot = (r.get("lot_number") or "").strip() or None
        c.length(f"{f}.lot_number", lot, 50)
        c.length(f"{f}.notes", r.get("notes"), 500)
        expiry = r.get("expiration_date")
        if expiry is not None and not isinstance(expiry, date):
            c.add(f"{f}.expiration_date", "must be a date (YYYY-MM-DD)")
        warehouse = _warehouse(session, c, f"{f}.warehouse", normalise_code(r.get("warehouse")) or None, warehouses)
        if target is None:
            continue
        line, product = target
        if product.lot_tracking and not lot:
            c.add(f"{f}.lot_number", f"is required: {product.product_id} is lot-tracked")
        if product.expiration_tracking and r.get("expiration_date") is None:
            c.add(f"{f}.expiration_date", f"is required: {product.product_id} tracks expiry dates")
        if quantity is None or warehouse is None:
            continue
        wanted[line.id].append(i)
        planned.append(_Planned(i, line, product, quantity, warehouse, lot, r.get("expiration_date"),
                                r.get("notes") or notes))
    for p in planned:  # over-receipt: compare the sum of this request's receipts per line
        indexes = wanted[p.line.id]
        if p.index != indexes[0]:
            continue
        total = sum(q.quantity for q in planned if q.line.id == p.line.id)
        outstanding = p.line.quantity_ordered - p.line.quantity_received
        if total > outstanding:
            c.add(f"items[{p.index}].quantity",
                  f"line {p.line.line_no} ({p.product.product_id}) has {outstanding} of {p.line.quantity_ordered} "
                  f"outstanding; cannot receive {total}")
    c.done("Nothing was received.")
    return planned


def _target_line(c: Checker, f: str, order: PurchaseOrder, by_line: dict, by_product: dict, line_no,
                 product_id: str | None):
    if line_no is None and not product_id:
        c.add(f"{f}.line_no", "give line_no or product_id")
        return None
    if line_no is None:
        target = by_product.get(product_id)
        if target is None:
            c.add(f"{f}.product_id", f"{product_id} is not on purchase order {order.order_number}")
        return target
    if isinstance(line_no, bool) or not isinstance(line_no, int) or line_no not in by_line:
        c.add(f"{f}.line_no", f"purchase order {order.order_number} has no line {line_no}")
        return None
    target = by_line[line_no]
    if product_id and target[1].product_id != product_id:
        c.add(f"{f}.product_id", f"line {line_no} is {target[1].product_id}, not {product_id}")
        return None
    return target


def _warehouse(session: Session, c: Checker, f: str, code: str | None, cache: dict) -> Warehouse | None:
    if code not in cache:
        try:
            cache[code] = ledger.get_warehouse(session, code)
        except NotFound as exc:
            cache[code] = exc.message
        except ValidationFailed as exc:
            cache[code] = exc.details[0].issue if exc.details else exc.message
    found = cache[code]
    if isinstance(found, str):
        c.add(f, f"warehouse {code} not found" if found.endswith("not found.") else found)
        return None
    return found


def _add_received(session: Session, order: PurchaseOrder, line: PurchaseOrderLine, quantity: int) -> None:
    """quantity_received += quantity, unless that would pass quantity_ordered (atomic)."""
    lines = PurchaseOrderLine.__table__
    done = session.execute(
        update(lines)
        .where(lines.c.id == line.id, lines.c.quantity_received + quantity <= lines.c.quantity_ordered)
        .values(quantity_received=lines.c.quantity_received + quantity)
        .returning(lines.c.quantity_received)
    ).scalar_one_or_none()
    if done is None:
        raise Conflict(f"Line {line.line_no} of {order.order_number} was received by someone else meanwhile; "
                       "nothing was received. Reload the order and try again.")
