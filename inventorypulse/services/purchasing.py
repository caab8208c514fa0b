"""Purchase orders: queries (lifecycle and receiving are added with the inventory core)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session, select

from ..models import PurchaseOrder, Supplier
from ..models.status import PurchaseOrderStatus
from .dates import day_start
from .errors import ValidationFailed
from .pagination import Page, paginate


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
    """Rows are (PurchaseOrder, Supplier) tuples, newest first."""
    stmt = select(PurchaseOrder, Supplier).join(Supplier, Supplier.id == PurchaseOrder.supplier_id)
    if status:
        if status not in PurchaseOrderStatus.__members__.values():
            raise ValidationFailed.for_field("status", f"must be one of {', '.join(PurchaseOrderStatus)}")
        stmt = stmt.where(PurchaseOrder.status == status)
    if supplier_id:
        stmt = stmt.where(Supplier.supplier_id == supplier_id)
    if start_date:
        stmt = stmt.where(PurchaseOrder.order_date >= day_start(start_date))
    if end_date:
        stmt = stmt.where(PurchaseOrder.order_date < day_start(end_date + timedelta(days=1)))
    stmt = stmt.order_by(PurchaseOrder.order_date.desc(), PurchaseOrder.id.desc())
    return paginate(session, stmt, page=page, limit=limit, scalars=False)
