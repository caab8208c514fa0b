"""Moving a purchase order through its statuses (receiving has its own module)."""

from __future__ import annotations

from sqlalchemy import update
from sqlmodel import Session, select

from ...models import ProductSupplier, PurchaseOrder, PurchaseOrderLine, User
from ...models.base import utcnow
from ...models.status import PurchaseOrderStatus as S
from ..errors import FieldIssue, InvalidTransition
from ..permissions import Perm
from ..workflow import TransitionResult, Workflow
from .common import ENTITY, TRANSITIONS, allowed_transitions, find_order, parse_status


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


WORKFLOW = Workflow(ENTITY, Perm.PO_WRITE, parse_status, find_order, TRANSITIONS, allowed_transitions, refusal)


def transition_purchase_order(session: Session, *, order_number: str, status: str, user: User,
                              notes: str | None = None) -> TransitionResult:
    """Send, acknowledge, ship or cancel an order. Sending records who approved it and when."""
    order, target = WORKFLOW.start(session, order_number=order_number, status=status, user=user, notes=notes)
    previous, now = order.status, utcnow()
    if target == S.CANCELLED:
        received = session.exec(select(PurchaseOrderLine.id).where(
            PurchaseOrderLine.purchase_order_id == order.id, PurchaseOrderLine.quantity_received > 0)).first()
        if received is not None:  # unreachable through TRANSITIONS; kept as the rule's last guard
            raise refusal(order, target)
    if target == S.SENT:
        order.sent_at, order.approved_by = now, user.id
        _stamp_offers(session, order, now)
    return WORKFLOW.finish(session, order, target, previous=previous, now=now, user=user, notes=notes)


def _stamp_offers(session: Session, order: PurchaseOrder, when) -> None:
    """The supplier's offers for the ordered products were last ordered now (seed 002 lastOrderDate)."""
    product_ids = select(PurchaseOrderLine.product_id).where(PurchaseOrderLine.purchase_order_id == order.id)
    offers = ProductSupplier.__table__
    session.execute(
        update(offers)
        .where(offers.c.supplier_id == order.supplier_id, offers.c.product_id.in_(product_ids))
        .values(last_order_date=when, updated_at=when)
    )
