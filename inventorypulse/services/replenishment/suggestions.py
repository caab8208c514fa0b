"""The suggestions list: stored plan rows with their product, warehouse and best supplier,
ordered by supplier then by how soon stock runs out, and grouped by supplier for display."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import and_, func, or_
from sqlmodel import Session, select

from ...models import Product, ProductSupplier, ReplenishmentPlan, Supplier, Warehouse
from ..errors import ValidationFailed
from ..pagination import Page, paginate
from ..validation import normalise_code, to_cents


@dataclass
class Suggestion:
    plan: ReplenishmentPlan
    product: Product
    warehouse: Warehouse
    supplier: Supplier | None
    unit_cost: Decimal | None  # the supplier's offer for the product
    currency: str

    @property
    def line_cost(self) -> Decimal | None:
        if self.unit_cost is None:
            return None
        return to_cents(self.unit_cost * self.plan.suggested_quantity)


@dataclass
class SupplierGroup:
    supplier: Supplier | None
    suggestions: list[Suggestion] = field(default_factory=list)

    @property
    def total_quantity(self) -> int:
        return sum(s.plan.suggested_quantity for s in self.suggestions)

    @property
    def total_cost(self) -> Decimal:
        return sum((s.line_cost or Decimal(0) for s in self.suggestions), start=Decimal("0.00"))


def _find(session: Session, model, column, code: str | None, name: str):
    value = normalise_code(code)
    row = session.exec(select(model).where(column == value)).first()
    if row is None:
        raise ValidationFailed.for_field(name, f"no {name.replace('_id', '')} {value}")
    return row


def list_suggestions(session: Session, *, supplier_id: str | None = None, warehouse: str | None = None,
                     product_id: str | None = None, only_needed: bool = True, search: str | None = None,
                     page: int = 1, limit: int = 50) -> Page[Suggestion]:
    """Plan rows (only those with something to order unless `only_needed` is false), filtered by
    best supplier code, warehouse code, product code and product name/code/SKU text."""
    stmt = (
        select(ReplenishmentPlan, Product, Warehouse, Supplier, ProductSupplier.cost, ProductSupplier.currency)
        .join(Product, Product.id == ReplenishmentPlan.product_id)
        .join(Warehouse, Warehouse.id == ReplenishmentPlan.warehouse_id)
        .outerjoin(Supplier, Supplier.id == ReplenishmentPlan.supplier_id)
        .outerjoin(ProductSupplier, and_(ProductSupplier.product_id == ReplenishmentPlan.product_id,
                                         ProductSupplier.supplier_id == ReplenishmentPlan.supplier_id))
    )
    if supplier_id:
        stmt = stmt.where(ReplenishmentPlan.supplier_id == _find(session, Supplier, Supplier.supplier_id,
                                                                 supplier_id, "supplier_id").id)
    if warehouse:
        stmt = stmt.where(ReplenishmentPlan.warehouse_id == _find(session, Warehouse, Warehouse.code, warehouse,
                                                                  "warehouse").id)
    if product_id:
        stmt = stmt.where(ReplenishmentPlan.product_id == _find(session, Product, Product.product_id, product_id,
                                                                "product_id").id)
    if only_needed:
        stmt = stmt.where(ReplenishmentPlan.suggested_quantity > 0)
    if search and search.strip():
        if len(search) > 100:
            raise ValidationFailed.for_field("search", "must be at most 100 characters")
        like = f"%{search.strip()}%"
        stmt = stmt.where(or_(Product.name.ilike(like), Product.product_id.ilike(like), Product.sku.ilike(like)))
    plan = ReplenishmentPlan
    stmt = stmt.order_by(Supplier.company_name.is_(None), Supplier.company_name, Supplier.id,
                         plan.stockout_date.is_(None), plan.stockout_date, Product.product_id, Warehouse.code)
    result = paginate(session, stmt, page=page, limit=limit, scalars=False)
    items = [Suggestion(plan, product, wh, sup, cost, currency or product.currency)
             for plan, product, wh, sup, cost, currency in result.items]
    return Page(items=items, total=result.total, page=result.page, limit=result.limit)


def group_by_supplier(suggestions: list[Suggestion]) -> list[SupplierGroup]:
    """Consecutive suggestions of the same supplier (the list is ordered by supplier)."""
    groups: list[SupplierGroup] = []
    for s in suggestions:
        sid = s.supplier.id if s.supplier else None
        if not groups or (groups[-1].supplier.id if groups[-1].supplier else None) != sid:
            groups.append(SupplierGroup(s.supplier))
        groups[-1].suggestions.append(s)
    return groups


@dataclass
class PlanSummary:
    lines: int  # product × warehouse rows with something to order
    suppliers: int
    units: int
    cost: Decimal  # at each best supplier's offer price
    stockouts_within_lead_time: int
    computed_at: datetime | None


def plan_summary(session: Session) -> PlanSummary:
    """Headline figures of the stored plan (one aggregate query)."""
    plan, offer = ReplenishmentPlan, ProductSupplier
    needed = plan.suggested_quantity > 0
    row = session.exec(
        select(func.count(plan.id).filter(needed), func.count(func.distinct(plan.supplier_id)).filter(needed),
               func.coalesce(func.sum(plan.suggested_quantity), 0),
               func.coalesce(func.sum(plan.suggested_quantity * offer.cost).filter(needed), 0),
               func.count(plan.id).filter(plan.days_of_cover <= plan.lead_time_days), func.max(plan.computed_at))
        .outerjoin(offer, and_(offer.product_id == plan.product_id, offer.supplier_id == plan.supplier_id))
    ).one()
    computed = row[5]
    if isinstance(computed, str):  # SQLite hands back aggregate timestamps as text
        computed = datetime.fromisoformat(computed).replace(tzinfo=UTC)
    return PlanSummary(int(row[0]), int(row[1]), int(row[2]), to_cents(Decimal(str(row[3]))), int(row[4]), computed)


def filter_choices(session: Session) -> tuple[list[Supplier], list[Warehouse]]:
    """Suppliers that are best supplier of some plan row, and active warehouses, by name."""
    sups = session.exec(select(Supplier).where(Supplier.id.in_(select(ReplenishmentPlan.supplier_id).distinct()))
                        .order_by(Supplier.company_name)).all()
    whs = session.exec(select(Warehouse).where(Warehouse.is_active).order_by(Warehouse.is_default.desc(),
                                                                             Warehouse.code)).all()
    return list(sups), list(whs)
