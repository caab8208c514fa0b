"""Sales order lifecycle rules and lookups shared by the sales modules."""

from __future__ import annotations

from sqlmodel import Session, select

from ...models import SalesOrder, SalesOrderLine
from ...models.status import SalesOrderStatus as S
from ..errors import FieldIssue, InvalidTransition, NotFound, ValidationFailed
from ..validation import normalise_code

ENTITY = "sales_order"

# Transitions a user may request. `shipped` is reached only by shipping goods (POST …/ship), so
# stock and the order never disagree; confirming reserves stock, cancelling releases it.
TRANSITIONS: dict[S, tuple[S, ...]] = {
    S.DRAFT: (S.PENDING, S.CONFIRMED, S.CANCELLED),
    S.PENDING: (S.CONFIRMED, S.CANCELLED),
    S.CONFIRMED: (S.PROCESSING, S.CANCELLED),
    S.PROCESSING: (S.CANCELLED,),  # refused once something has shipped
    S.SHIPPED: (S.DELIVERED,),
    S.DELIVERED: (S.COMPLETED,),
    S.COMPLETED: (),
    S.CANCELLED: (),
}
EDITABLE = (S.DRAFT, S.PENDING)
RESERVING = (S.CONFIRMED, S.PROCESSING)  # statuses whose lines hold reserved stock
SHIPPABLE = RESERVING
RETURNABLE = (S.PROCESSING, S.SHIPPED, S.DELIVERED, S.COMPLETED)


def allowed_transitions(status: str) -> list[str]:
    return [str(s) for s in TRANSITIONS.get(S(status), ())]


def parse_status(value: str | None, field: str = "status") -> S:
    text = (value or "").strip().lower()
    if text not in S.__members__.values():
        raise ValidationFailed.for_field(field, f"must be one of: {', '.join(S)}")
    return S(text)


def refusal(order: SalesOrder, target: str, why: str = "") -> InvalidTransition:
    allowed = allowed_transitions(order.status)
    message = f"Cannot go from {order.status} to {target}. Allowed: {', '.join(allowed) or 'none'}."
    if target == S.SHIPPED:
        message += f" Goods leave through POST /api/orders/{order.order_number}/ship."
    return InvalidTransition(f"{message} {why}".strip(),
                             [FieldIssue("status", f"allowed from {order.status}: {', '.join(allowed) or 'none'}")])


def find_order(session: Session, order_number: str, *, lock: bool = False) -> SalesOrder:
    """The order with this number; `lock` holds its row until commit (PostgreSQL), so that edits,
    transitions, shipments and returns of one order run one after the other."""
    number = normalise_code(order_number) or ""
    stmt = select(SalesOrder).where(SalesOrder.order_number == number)
    if lock:
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    order = session.exec(stmt).first()
    if order is None:
        raise NotFound(f"Sales order {number} not found.")
    return order


def order_lines(session: Session, order: SalesOrder, *, lock: bool = False) -> list[SalesOrderLine]:
    stmt = select(SalesOrderLine).where(SalesOrderLine.sales_order_id == order.id).order_by(SalesOrderLine.line_no)
    if lock:
        stmt = stmt.execution_options(populate_existing=True)
    return list(session.exec(stmt))
