"""Moving a purchase order through its statuses (receiving has its own module)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import update
from sqlmodel import Session, select

from ...models import ProductSupplier, PurchaseOrder, PurchaseOrderLine, User
from ...models.base import utcnow
from ...models.status import PurchaseOrderStatus as S
from .. import audit, permissions
from ..errors import FieldIssue, InvalidTransition
from ..permissions import Perm
from ..validation import Checker
from .common import ENTITY, TRANSITIONS, allowed_transitions, find_order, parse_status


@dataclass
class TransitionResult:
    order: PurchaseOrder
    previous_status: str
    allowed_transitions: list[str]


def refusal(order: PurchaseOrder, target: S) -> InvalidTransition:
    allowed = allowed_transitions(order.status)
    message = f"Cannot go from {order.status} to {target}. Allowed: {', '.join(allowed) or 'none'}."
    if target in (S.PARTIALLY_RECEIVED, S.RECEIVED):
        message += f" Goods are received through POST /api/orders/purchase/{order.order_number}/receive."
    elif order.status == S.PARTIALLY_RECEIVED and target == S.CANCELLED:
        message += " Part of the order is already in stock; receive the rest."
    elif order.status in (S.RECEIVED, S.CANCELLED):
        message += f" A {order.status} order is final."
    return InvalidTransition(message, [FieldIssue("status", f"allowed from {order.status}: "
                                                            f"{', '.join(allowed) or 'none'}")])


def transition_purchase_order(session: Session, *, order_number: str, status: str, user: User,
                              notes: str | None = None) -> TransitionResult:
    """Send, acknowledge, ship or cancel an order. Sending records who approved it and when."""
    permissions.require(user, Perm.PO_WRITE)
    target = parse_status(status)
    c = Checker()
    c.length("notes", notes, 500)
    c.done()
    order = find_order(session, order_number, lock=True)
    if target not in TRANSITIONS[S(order.status)]:
        raise refusal(order, target)
    previous, now = order.status, utcnow()
    if target == S.CANCELLED:
        received = session.exec(select(PurchaseOrderLine.id).where(
            PurchaseOrderLine.purchase_order_id == order.id, PurchaseOrderLine.quantity_received > 0)).first()
        if received is not None:  # unreachable through TRANSITIONS; kept as the rule's last guard
            raise refusal(order, target)
    if target == S.SENT:
        order.sent_at, order.approved_by = now, user.id
        _stamp_offers(session, order, now)
    order.status = target
    order.updated_at = now
    session.add(order)
    audit.record(session, user_id=user.id, entity_type=ENTITY, entity_id=order.order_number,
                 action="status_change",
                 changes={"status": {"from": previous, "to": str(target)}} | ({"notes": notes} if notes else {}))
    session.flush()
    return TransitionResult(order, previous, allowed_transitions(target))


def _stamp_offers(session: Session, order: PurchaseOrder, when) -> None:
    """The supplier's offers for the ordered products were last ordered now (seed 002 lastOrderDate)."""
    product_ids = select(PurchaseOrderLine.product_id).where(PurchaseOrderLine.purchase_order_id == order.id)
    offers = ProductSupplier.__table__
    session.execute(
        update(offers)
        .where(offers.c.supplier_id == order.supplier_id, offers.c.product_id.in_(product_ids))
        .values(last_order_date=when, updated_at=when)
    )
