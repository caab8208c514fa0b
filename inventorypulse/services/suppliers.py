"""Suppliers: queries (writes and supplier scoring are added with the inventory core)."""

from __future__ import annotations

from sqlalchemy import or_
from sqlmodel import Session, select

from ..models import Supplier
from ..models.status import SupplierStatus
from .errors import ValidationFailed
from .pagination import Page, paginate


def list_suppliers(
    session: Session,
    *,
    status: str | None = None,
    preferred: bool | None = None,
    search: str | None = None,
    page: int = 1,
    limit: int = 20,
) -> Page:
    stmt = select(Supplier)
    if status:
        if status not in SupplierStatus.__members__.values():
            raise ValidationFailed.for_field("status", f"must be one of {', '.join(SupplierStatus)}")
        stmt = stmt.where(Supplier.status == status)
    if preferred is not None:
        stmt = stmt.where(Supplier.preferred == preferred)
    if search:
        term = f"%{search.strip()}%"
        stmt = stmt.where(
            or_(Supplier.company_name.ilike(term), Supplier.display_name.ilike(term),
                Supplier.supplier_id.ilike(term), Supplier.email.ilike(term))
        )
    return paginate(session, stmt.order_by(Supplier.company_name, Supplier.id), page=page, limit=limit)
