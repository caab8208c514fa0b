"""Reading sales orders: lists with filters, one order with its lines and stock movements."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, or_
from sqlmodel import Session, select

from ...models import (
    AuditLog,
    Customer,
    Invoice,
    Product,
    SalesOrder,
    SalesOrderLine,
    StockLevel,
    StockMovement,
    Warehouse,
)
from ...models.status import ReferenceType
from ...models.status import SalesOrderStatus as S
from ..errors import ValidationFailed
from ..pagination import Page, paginate
from ..validation import normalise_code
from .common import RETURNABLE, SHIPPABLE, allowed_transitions, find_order, order_lines

OPEN = (S.DRAFT, S.PENDING, S.CONFIRMED, S.PROCESSING)


@dataclass
class SalesOrderDetail:
    order: SalesOrder
    customer: Customer
    lines: list[tuple[SalesOrderLine, Product]]
    movements: list[tuple[StockMovement, str, str]]  # (movement, product code, warehouse code)
    invoice_number: str | None
    allowed_transitions: list[str]
    can_ship: bool
    can_return: bool


def get_sales_order(session: Session, *, order_number: str) -> SalesOrderDetail:
    order = find_order(session, order_number)
    customer = session.get(Customer, order.customer_id)
    lines = list(session.exec(
        select(SalesOrderLine, Product).join(Product, Product.id == SalesOrderLine.product_id)
        .where(SalesOrderLine.sales_order_id == order.id).order_by(SalesOrderLine.line_no)).all())
    movements = list(session.exec(
        select(StockMovement, Product.product_id, Warehouse.code)
        .join(Product, Product.id == StockMovement.product_id)
        .join(Warehouse, Warehouse.id == StockMovement.warehouse_id)
        .where(StockMovement.reference_id == order.order_number,
               StockMovement.reference_type.in_([ReferenceType.SALES_ORDER, ReferenceType.RETURN]))
        .order_by(StockMovement.id)).all())
    invoice = session.exec(select(Invoice.invoice_number).where(Invoice.sales_order_id == order.id)).first()
    return SalesOrderDetail(
        order, customer, lines, movements, invoice, allowed_transitions(order.status),
        can_ship=order.status in SHIPPABLE and any(ln.quantity_reserved for ln, _ in lines),
        can_return=order.status in RETURNABLE and any(ln.quantity_shipped > ln.quantity_returned for ln, _ in lines))


def list_sales_orders(session: Session, *, status: str | None = None, customer_id: str | None = None,
                      search: str | None = None, start_date: date | None = None, end_date: date | None = None,
                      page: int = 1, limit: int = 20) -> Page[tuple[SalesOrder, Customer]]:
    stmt = select(SalesOrder, Customer).join(Customer, Customer.id == SalesOrder.customer_id)
    if status == "open":
        stmt = stmt.where(SalesOrder.status.in_(OPEN))
    elif status:
        if status not in S.__members__.values():
            raise ValidationFailed.for_field("status", f"must be open or one of: {', '.join(S)}")
        stmt = stmt.where(SalesOrder.status == status)
    if customer_id:
        stmt = stmt.where(Customer.customer_number == customer_id.strip().upper())
    if search and search.strip():
        like = f"%{search.strip()}%"
        stmt = stmt.where(or_(SalesOrder.order_number.ilike(like), Customer.name.ilike(like)))
    if start_date and end_date and start_date > end_date:
        raise ValidationFailed.for_field("end_date", "must be on or after start_date")
    if start_date:
        stmt = stmt.where(SalesOrder.order_date >= datetime.combine(start_date, time.min, UTC))
    if end_date:
        stmt = stmt.where(SalesOrder.order_date < datetime.combine(end_date + timedelta(days=1), time.min, UTC))
    stmt = stmt.order_by(SalesOrder.order_date.desc(), SalesOrder.id.desc())
    return paginate(session, stmt, page=page, limit=limit, scalars=False)


def lines_by_order(session: Session, order_ids: list[int]) -> dict[int, list[SalesOrderLine]]:
    out: dict[int, list[SalesOrderLine]] = {i: [] for i in order_ids}
    if order_ids:
        for line in session.exec(select(SalesOrderLine).where(SalesOrderLine.sales_order_id.in_(order_ids))
                                 .order_by(SalesOrderLine.sales_order_id, SalesOrderLine.line_no)):
            out[line.sales_order_id].append(line)
    return out


def describe_movements(session: Session, movements: list[StockMovement]) -> list[tuple[StockMovement, str, str]]:
    """(movement, product code, warehouse code) for movements just recorded."""
    products = {m.product_id for m in movements}
    warehouses = {m.warehouse_id for m in movements}
    codes = dict(session.exec(select(Product.id, Product.product_id).where(Product.id.in_(products))).all())
    whs = dict(session.exec(select(Warehouse.id, Warehouse.code).where(Warehouse.id.in_(warehouses))).all())
    return [(m, codes[m.product_id], whs[m.warehouse_id]) for m in movements]


def shippable_by_warehouse(session: Session, *, order_number: str) -> list[tuple[str, int]]:
    """(active warehouse code, reserved units of the order it could ship now), most first: the
    ship dialog offers the warehouse that can ship the most rather than always the default."""
    order = find_order(session, order_number)
    # Several lines of one product share its stock: sum them per product.
    wanted: dict[int, int] = {}
    for ln in order_lines(session, order):
        if ln.quantity_reserved:
            wanted[ln.product_id] = wanted.get(ln.product_id, 0) + ln.quantity_reserved
    free = session.exec(
        select(Warehouse.code, StockLevel.product_id, StockLevel.on_hand - StockLevel.reserved)
        .join(StockLevel, (StockLevel.warehouse_id == Warehouse.id) & StockLevel.product_id.in_(list(wanted) or [0]),
              isouter=True)
        .where(Warehouse.is_active).order_by(Warehouse.is_default.desc(), Warehouse.code)).all()
    covered: dict[str, int] = {}
    for code, product_id, units in free:
        covered.setdefault(code, 0)
        if product_id is not None:
            covered[code] += min(wanted[product_id], max(units, 0))
    return sorted(covered.items(), key=lambda item: -item[1])  # stable: the default stays first on ties


def status_times(session: Session, *, order_number: str) -> dict[str, datetime] | None:
    """When the order first reached each status, from its audit trail; None when the trail does
    not start with its creation (orders loaded in bulk), so a skipped step cannot be told."""
    rows = session.exec(select(AuditLog.action, AuditLog.changes, AuditLog.occurred_at)
                        .where(AuditLog.entity_type == "sales_order", AuditLog.entity_id == order_number)
                        .order_by(AuditLog.occurred_at, AuditLog.id)).all()
    if not rows or rows[0][0] != "create" or "status" not in (rows[0][1] or {}):
        return None
    times: dict[str, datetime] = {}
    for _, changes, at in rows:
        status = (changes or {}).get("status")
        reached = status.get("to") if isinstance(status, dict) else status
        if isinstance(reached, str):
            times.setdefault(reached, at)
    return times


def open_reservations(session: Session, *, product_id: str, limit: int = 20) -> list[tuple[SalesOrder, Customer, int]]:
    """(order, customer, units reserved) of the orders holding a product's reserved stock, oldest
    first: what the product page lists under "Reserved"."""
    reserved = func.sum(SalesOrderLine.quantity_reserved)
    rows = session.exec(
        select(SalesOrder, Customer, reserved)
        .join(SalesOrderLine, SalesOrderLine.sales_order_id == SalesOrder.id)
        .join(Product, Product.id == SalesOrderLine.product_id)
        .join(Customer, Customer.id == SalesOrder.customer_id)
        .where(Product.product_id == normalise_code(product_id), SalesOrderLine.quantity_reserved > 0)
        .group_by(SalesOrder.id, Customer.id)
        .order_by(SalesOrder.order_date, SalesOrder.id).limit(limit)).all()
    return [(order, customer, int(units)) for order, customer, units in rows]
