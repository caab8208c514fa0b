"""Helpers shared by the product states: route params and select options."""

from __future__ import annotations

from sqlmodel import Session

from ....models.status import SupplierStatus
from ....services import categories, suppliers

ALL = "all"  # the "no filter" choice of a select (Radix selects cannot hold an empty value)


def path_product_id(state) -> str:
    """The business id in /products/<id> or /products/<id>/edit."""
    parts = [p for p in state.router.url.path.split("/") if p]
    return parts[1].upper() if len(parts) >= 2 and parts[0] == "products" else ""


def category_options(session: Session) -> list[dict[str, str]]:
    rows = categories.list_categories(session, limit=100).items
    return [{"value": str(c.id), "label": c.name} for c, _count in rows]


def supplier_options(session: Session, *, active_only: bool = False) -> list[dict[str, str]]:
    """Suppliers by name (the first 100: small businesses have far fewer)."""
    status = SupplierStatus.ACTIVE if active_only else None
    rows = suppliers.list_suppliers(session, status=status, limit=100).items
    return [{"value": s.supplier_id, "label": f"{s.display_name or s.company_name} ({s.supplier_id})"}
            for s in rows]
