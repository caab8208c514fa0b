"""Moving a sales order through its statuses: confirming reserves stock, cancelling releases it."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func
from sqlmodel import Session, select

from ...models import Customer, Invoice, SalesOrder, SalesOrderLine, User
from ...models.base import utcnow
from ...models.status import SalesOrderStatus as S
from ..customers import CREDIT_TERMS
from ..errors import Conflict, FieldIssue
from ..permissions import Perm
from ..workflow import TransitionResult, Workflow
from . import reservation
from .common import ENTITY, RESERVING, TRANSITIONS, allowed_transitions, find_order, order_lines, parse_status, refusal
from .orders import check_not_empty


class CreditLimitExceeded(Conflict):
    code = "CREDIT_LIMIT_EXCEEDED"


def open_exposure(session: Session, customer: Customer, exclude_order_id: int | None = None) -> Decimal:
    """Balance owed plus confirmed orders not yet invoiced: what the customer already has on credit."""
    invoiced = select(Invoice.sales_order_id)
    stmt = select(func.coalesce(func.sum(SalesOrder.total_amount), 0)).where(
        SalesOrder.customer_id == customer.id, SalesOrder.status.in_([*RESERVING, S.SHIPPED, S.DELIVERED]),
        SalesOrder.id.not_in(invoiced))
    if exclude_order_id is not None:
        stmt = stmt.where(SalesOrder.id != exclude_order_id)
    return Decimal(customer.current_balance) + Decimal(session.exec(stmt).one())


def check_credit(session: Session, order: SalesOrder) -> None:
    """Orders on credit terms must fit within the customer's credit limit (COD/Prepaid pay upfront)."""
    stmt = select(Customer).where(Customer.id == order.customer_id)
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()  # serialise confirmations of one customer
    customer = session.exec(stmt.execution_options(populate_existing=True)).one()
    if customer.payment_terms not in CREDIT_TERMS:
        return
    exposure = open_exposure(session, customer, order.id)
    if exposure + order.total_amount > customer.credit_limit:
        headroom = max(Decimal("0"), customer.credit_limit - exposure)
        raise CreditLimitExceeded(
            f"Order total {order.total_amount} exceeds the credit left for {customer.customer_number}: "
            f"{headroom} of a {customer.credit_limit} limit.",
            [FieldIssue("total_amount", f"exceeds the remaining credit of {headroom}")])


def _reserve_lines(session: Session, lines: list[SalesOrderLine]) -> None:
    wanted: dict[int, int] = {}
    labels: dict[int, str] = {}
    for line in lines:
        wanted[line.product_id] = wanted.get(line.product_id, 0) + line.quantity - line.quantity_shipped
        labels[line.product_id] = f"items[{line.line_no - 1}]"
    reservation.reserve(session, wanted, labels)
    for line in lines:
        line.quantity_reserved = line.quantity - line.quantity_shipped
        session.add(line)


def release_lines(session: Session, lines: list[SalesOrderLine]) -> None:
    released: dict[int, int] = {}
    for line in lines:
        released[line.product_id] = released.get(line.product_id, 0) + line.quantity_reserved
        line.quantity_reserved = 0
        session.add(line)
    reservation.release(session, released)


WORKFLOW = Workflow(ENTITY, Perm.SALES_WRITE, parse_status, find_order, TRANSITIONS, allowed_transitions, refusal)


def transition_sales_order(session: Session, *, order_number: str, status: str, user: User,
                           notes: str | None = None) -> TransitionResult:
    order, target = WORKFLOW.start(session, order_number=order_number, status=status, user=user, notes=notes)
    previous, now = order.status, utcnow()
    lines = order_lines(session, order)
    if target == S.CONFIRMED:
        check_not_empty(order, lines)
        check_credit(session, order)
        _reserve_lines(session, lines)
    elif target == S.CANCELLED:
        if any(line.quantity_shipped for line in lines):
            raise refusal(order, target, "Part of the order has shipped; it cannot be cancelled.")
        if order.status in RESERVING:
            release_lines(session, lines)
    elif target == S.DELIVERED:
        order.delivered_date = now
    return WORKFLOW.finish(session, order, target, previous=previous, now=now, user=user, notes=notes)

