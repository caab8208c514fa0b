"""Turning selected suggestions into draft purchase orders: one per supplier and destination
warehouse, all in the caller's transaction (any bad line: nothing is written)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, select

from ...models import Product, PurchaseOrder, ReplenishmentPlan, Supplier, User, Warehouse
from .. import audit, permissions, purchasing
from ..errors import FieldIssue, ValidationFailed
from ..permissions import Perm
from ..purchasing.lines import MAX_LINE_QUANTITY, MAX_LINES
from ..validation import Checker, normalise_code
from .refresh import refresh_plans


@dataclass
class DraftOrder:
    order: PurchaseOrder
    supplier: Supplier
    warehouse: Warehouse
    lines: list[tuple[str, int]] = field(default_factory=list)  # (product code, quantity)
    item_indexes: list[int] = field(default_factory=list)  # positions in the request


def _quantity(c: Checker, name: str, value: Any, suggested: int) -> int | None:
    if value is None:
        if suggested < 1:
            c.add(name, "nothing to order: the plan suggests 0; give a quantity")
            return None
        return suggested
    if isinstance(value, bool) or not isinstance(value, int):
        c.add(name, "must be a whole number")
        return None
    c.int_range(name, value, 1, MAX_LINE_QUANTITY)
    return value if 1 <= value <= MAX_LINE_QUANTITY else None


def _plans(session: Session, codes: set[str]) -> dict[tuple[str, str], tuple]:
    rows = session.exec(
        select(ReplenishmentPlan, Product, Warehouse, Supplier)
        .join(Product, Product.id == ReplenishmentPlan.product_id)
        .join(Warehouse, Warehouse.id == ReplenishmentPlan.warehouse_id)
        .outerjoin(Supplier, Supplier.id == ReplenishmentPlan.supplier_id)
        .where(Product.product_id.in_(codes))
    ).all()
    return {(p.product_id, w.code): (plan, p, w, s) for plan, p, w, s in rows}


def _address(wh: Warehouse) -> dict[str, str]:
    # "Name (CODE)" is how refresh_plans recognises the destination of an open order.
    values = {"name": f"{wh.name} ({wh.code})"[:100], "street": wh.street, "city": wh.city, "state": wh.state,
              "postal_code": wh.postal_code, "country": wh.country}
    return {k: v for k, v in values.items() if v}


def create_draft_orders(session: Session, *, items: list[dict], user: User) -> list[DraftOrder]:
    """Items are {product_id, warehouse (code), quantity?}; the quantity defaults to the plan's
    suggestion and the supplier is the plan's best supplier. Plans of the ordered products are
    recomputed afterwards, so the new drafts count as on order."""
    permissions.require(user, Perm.PO_WRITE)
    c = Checker()
    if not isinstance(items, list) or not items:
        raise ValidationFailed.for_field("items", "select at least one suggestion")
    if len(items) > MAX_LINES:
        raise ValidationFailed.for_field("items", f"at most {MAX_LINES} suggestions at once")
    codes = [normalise_code(i.get("product_id")) if isinstance(i, dict) else None for i in items]
    plans = _plans(session, {code for code in codes if isinstance(code, str)})
    groups: dict[tuple[int, int], DraftOrder] = {}
    seen: dict[tuple[str, str], int] = {}
    for i, (item, code) in enumerate(zip(items, codes, strict=True)):
        f = f"items[{i}]"
        if not isinstance(item, dict):
            c.add(f, "must be an object with product_id, warehouse and quantity")
            continue
        wh_code = normalise_code(item.get("warehouse"))
        if not c.require(f"{f}.product_id", code) or not c.require(f"{f}.warehouse", wh_code):
            continue
        key = (code, wh_code)
        if key in seen:
            c.add(f"{f}.product_id", f"{code} in {wh_code} is already selected as items[{seen[key]}]")
            continue
        seen[key] = i
        found = plans.get(key)
        if found is None:
            c.add(f"{f}.product_id", f"no replenishment plan for {code} in warehouse {wh_code}")
            continue
        plan, product, wh, supplier = found
        quantity = _quantity(c, f"{f}.quantity", item.get("quantity"), plan.suggested_quantity)
        if supplier is None:
            c.add(f"{f}.product_id", f"no active supplier offers {code}; add a supplier offer first")
        if quantity is None or supplier is None:
            continue
        group = groups.setdefault((supplier.id, wh.id), DraftOrder(None, supplier, wh))  # type: ignore[arg-type]
        group.lines.append((product.product_id, quantity))
        group.item_indexes.append(i)
    c.done("No purchase orders created.")

    drafts = list(groups.values())
    for draft in drafts:
        try:
            draft.order = purchasing.create_purchase_order(
                session, supplier_id=draft.supplier.supplier_id, user=user, shipping_address=_address(draft.warehouse),
                lines=[{"product_id": code, "quantity_ordered": qty} for code, qty in draft.lines],
                notes=f"Draft from replenishment suggestions for {draft.warehouse.code}.",
            )
        except ValidationFailed as exc:  # name the request's items, not the order's own lines
            raise ValidationFailed(exc.message, [_renamed(d, draft.item_indexes) for d in exc.details]) from exc
    audit.record(session, user_id=user.id, entity_type="replenishment", entity_id="suggestions",
                 action="create_purchase_orders",
                 changes={"orders": [d.order.order_number for d in drafts],
                          "lines": [{"order": d.order.order_number, "product_id": p, "quantity": q}
                                    for d in drafts for p, q in d.lines]})
    # Same service level as the plans being acted on (the nightly run may not use the default).
    levels = [float(plans[(p, d.warehouse.code)][0].service_level) for d in drafts for p, _ in d.lines]
    refresh_plans(session, product_ids=sorted({p for d in drafts for p, _ in d.lines}), service_level=max(levels))
    return drafts


def _renamed(issue: FieldIssue, indexes: list[int]) -> FieldIssue:
    for k, i in enumerate(indexes):
        prefix = f"items[{k}]"
        if issue.field.startswith(prefix):
            return FieldIssue(f"items[{i}]" + issue.field[len(prefix):].replace(".quantity_ordered", ".quantity"),
                              issue.issue)
    return issue
