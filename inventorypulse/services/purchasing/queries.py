"""Purchase order reads: the list, one order in full, its receipt history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, func, select

from ...models import (
    Product,
    PurchaseOrder,
    PurchaseOrderLine,
    StockMovement,
    Supplier,
    User,
    Warehouse,
)
from ...models.status import OPEN_PO_STATUSES, MovementType, PurchaseOrderStatus, ReferenceType
from ..dates import day_start
from ..pagination import Page, paginate
from ..validation import Checker, normalise_code
from .common import RECEIVABLE, allowed_transitions, find_order, parse_status


@dataclass
class PurchaseOrderDetail:
    order: PurchaseOrder
    supplier: Supplier
    lines: list[tuple[PurchaseOrderLine, Product]]
    created_by: str | None  # usernames
    approved_by: str | None
    received_by: str | None
    allowed_transitions: list[str]
    can_receive: bool
    # Inbound movements referencing the order: (movement, product_id, warehouse code, username).
    receipts: list[tuple[StockMovement, str, str, str | None]]


OPEN = "open"  # status filter meaning every status still expecting goods (OPEN_PO_STATUSES)


def _filtered(stmt, *, status: str | None, supplier_id: str | None, start_date: date | None,
              end_date: date | None):
    """`stmt` (joined to Supplier) narrowed by the list filters; `status` may be OPEN."""
    c = Checker()
    if start_date and end_date and end_date < start_date:
        c.add("end_date", "must be on or after start_date")
    c.done()
    if status == OPEN:
        stmt = stmt.where(PurchaseOrder.status.in_(OPEN_PO_STATUSES))
    elif status:
        stmt = stmt.where(PurchaseOrder.status == parse_status(status))
    if supplier_id:
        stmt = stmt.where(Supplier.supplier_id == normalise_code(supplier_id))
    if start_date:
        stmt = stmt.where(PurchaseOrder.order_date >= day_start(start_date))
    if end_date:
        stmt = stmt.where(PurchaseOrder.order_date < day_start(end_date + timedelta(days=1)))
    return stmt


def list_purchase_orders(
    session: Session,
    *,
    status: str | None = None,
    supplier_id: str | None = None,
    start_date: date | None = None,
    end_date: date | None = None,
    page: int = 1,
    limit: int = 20,
) -> Page:
    """Rows are (PurchaseOrder, Supplier) tuples, newest first. `status` may be "open"."""
    stmt = select(PurchaseOrder, Supplier).join(Supplier, Supplier.id == PurchaseOrder.supplier_id)
    stmt = _filtered(stmt, status=status, supplier_id=supplier_id, start_date=start_date, end_date=end_date)
    stmt = stmt.order_by(PurchaseOrder.order_date.desc(), PurchaseOrder.id.desc())
    return paginate(session, stmt, page=page, limit=limit, scalars=False)


def count_by_status(session: Session, *, supplier_id: str | None = None, start_date: date | None = None,
                    end_date: date | None = None) -> dict[str, int]:
    """How many orders match the other list filters, per status (every status present, 0 if none)."""
    stmt = select(PurchaseOrder.status, func.count()).join(Supplier, Supplier.id == PurchaseOrder.supplier_id)
    stmt = _filtered(stmt, status=None, supplier_id=supplier_id, start_date=start_date, end_date=end_date)
    counts = dict(session.exec(stmt.group_by(PurchaseOrder.status)).all())
    return {str(s): int(counts.get(s, 0)) for s in PurchaseOrderStatus}


def lines_by_order(session: Session, order_ids: list[int]) -> dict[int, list[tuple[PurchaseOrderLine, Product]]]:
    """The lines (with their products) of several orders in one query, by order id."""
    grouped: dict[int, list[tuple[PurchaseOrderLine, Product]]] = {i: [] for i in order_ids}
    if not order_ids:
        return grouped
    rows = session.exec(
        select(PurchaseOrderLine, Product)
        .join(Product, Product.id == PurchaseOrderLine.product_id)
        .where(PurchaseOrderLine.purchase_order_id.in_(order_ids))
        .order_by(PurchaseOrderLine.purchase_order_id, PurchaseOrderLine.line_no)
    ).all()
    for line, product in rows:
        grouped[line.purchase_order_id].append((line, product))
    return grouped


def receipts_of(session: Session, order_number: str) -> list[tuple[StockMovement, str, str, str | None]]:
    return [
        tuple(row)
        for row in session.exec(
            select(StockMovement, Product.product_id, Warehouse.code, User.username)
            .join(Product, Product.id == StockMovement.product_id)
            .join(Warehouse, Warehouse.id == StockMovement.warehouse_id)
            .outerjoin(User, User.id == StockMovement.processed_by)
            .where(StockMovement.reference_type == ReferenceType.PURCHASE_ORDER,
                   StockMovement.reference_id == order_number,
                   StockMovement.movement_type == MovementType.INBOUND)
            .order_by(StockMovement.id)
        ).all()
    ]


def get_purchase_order(session: Session, *, order_number: str) -> PurchaseOrderDetail:
    order = find_order(session, order_number)
    supplier = session.get(Supplier, order.supplier_id)
    user_ids = {i for i in (order.created_by, order.approved_by, order.received_by) if i is not None}
    names = dict(session.exec(select(User.id, User.username).where(User.id.in_(user_ids))).all()) if user_ids else {}
    return PurchaseOrderDetail(
        order=order,
        supplier=supplier,
        lines=lines_by_order(session, [order.id])[order.id],
        created_by=names.get(order.created_by),
        approved_by=names.get(order.approved_by),
        received_by=names.get(order.received_by),
        allowed_transitions=allowed_transitions(order.status),
        can_receive=order.status in RECEIVABLE,
        receipts=receipts_of(session, order.order_number),
    )
