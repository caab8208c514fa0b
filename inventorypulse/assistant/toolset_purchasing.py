"""Tools over suppliers and purchase orders: best supplier, order status, and proposing a draft order.

create_draft_purchase_order never creates anything by itself: it checks the order exactly as
purchasing would (a dry run rolled back), stores the proposal, and the order is created only when
the user presses Confirm (history.confirm_action).
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from ..models.status import PurchaseOrderStatus
from ..services import offers, purchasing
from ..services.errors import ValidationFailed
from ..services.permissions import Perm
from . import history, lookup
from .results import Table, ToolResult, order_link, product_link
from .tools import ToolContext, tool
from .toolset_catalog import LIMIT, PRODUCT, money, plural

KIND_CREATE_PO = "create_draft_purchase_order"
QUANTITY = {"type": "integer", "minimum": 1, "maximum": 1_000_000, "description": "Units to order."}


@tool("compare_suppliers", "Rank the suppliers offering a product for a quantity: cost, lead time, reliability and "
      "minimum order quantity; the first is the recommended one.",
      {"product": PRODUCT, "quantity": QUANTITY | {"description": "Units to buy (default: the reorder quantity)."},
       "urgency": {"type": "string", "enum": ["normal", "high"], "default": "normal", "maxLength": 10,
                   "description": "high weighs lead time more than cost."}}, required=("product",))
def compare_suppliers(session: Session, ctx: ToolContext, args: dict[str, Any]) -> ToolResult:
    product = lookup.resolve_product(session, args["product"])
    best = offers.best_supplier(session, product_id=product.product_id, quantity=args.get("quantity"),
                                urgency=args["urgency"])
    table = Table(f"Suppliers for {best.quantity:,} × {product.name}",
                  ["Supplier", "Score", "Unit cost", "Lead time", "MOQ", "Order qty", "Total"])
    ranked = []
    for s in best.ranked:
        c = s.candidate
        table.add(f"{c.supplier_name} ({c.supplier_id})", f"{s.score:.0f}", money(c.cost, c.currency),
                  f"{c.lead_time_days} days", c.min_order_quantity, s.order_quantity, money(s.total_cost, c.currency))
        ranked.append({"supplier_id": c.supplier_id, "supplier": c.supplier_name, "score": round(s.score, 1),
                       "unit_cost": c.cost, "currency": c.currency, "lead_time_days": c.lead_time_days,
                       "min_order_quantity": c.min_order_quantity, "order_quantity": s.order_quantity,
                       "total_cost": s.total_cost, "primary": c.is_primary, "reasons": s.reasons})
    top = best.recommended
    if top is None:
        summary = f"No active supplier offers {product.name} ({product.product_id})."
    else:
        c = top.candidate
        summary = (f"Best supplier for {best.quantity:,} × {product.name}: {c.supplier_name} ({c.supplier_id}), "
                   f"score {top.score:.0f}/100 — {'; '.join(top.reasons)}. {top.order_quantity:,} units cost "
                   f"{money(top.total_cost, c.currency)}. {plural(len(best.ranked), 'offer')} compared.")
    data = {"product_id": product.product_id, "product": product.name, "quantity": best.quantity,
            "urgency": best.urgency, "ranked": ranked, "link": product_link(product.product_id)}
    highlights = [f"{r['supplier']} ({r['supplier_id']}): score {r['score']:.0f}, "
                  f"{money(r['unit_cost'], r['currency'])} per unit, {r['lead_time_days']} days, "
                  f"total {money(r['total_cost'], r['currency'])} for {r['order_quantity']:,}" for r in ranked[:3]]
    return ToolResult("compare_suppliers", args, summary, data, table, highlights)


STATUSES = ["open", *[str(s) for s in PurchaseOrderStatus]]


@tool("purchase_order_status", "One purchase order in full (by order number), or a list of orders filtered by status "
      "('open' = still expecting goods) and supplier, newest first.",
      {"order_number": {"type": "string", "maxLength": 30, "description": "e.g. PO-2026-000042"},
       "status": {"type": "string", "enum": STATUSES, "maxLength": 24},
       "supplier": {"type": "string", "maxLength": 200, "description": "Supplier id or name."},
       "limit": LIMIT})
def purchase_order_status(session: Session, ctx: ToolContext, args: dict[str, Any]) -> ToolResult:
    if args.get("order_number"):
        return _one_order(session, args)
    supplier = lookup.resolve_supplier(session, args["supplier"]) if args.get("supplier") else None
    page = purchasing.list_purchase_orders(session, status=args.get("status"),
                                           supplier_id=supplier.supplier_id if supplier else None,
                                           limit=args["limit"])
    table = Table("Purchase orders", ["Order", "Supplier", "Status", "Ordered", "Expected", "Total"], total=page.total)
    items = []
    for order, sup in page.items:
        table.add((order.order_number, order_link(order.order_number)), sup.company_name, order.status,
                  order.order_date.strftime("%Y-%m-%d"), order.expected_delivery_date.strftime("%Y-%m-%d"),
                  money(order.total_amount, order.currency))
        items.append({"order_number": order.order_number, "supplier_id": sup.supplier_id,
                      "supplier": sup.company_name, "status": order.status, "order_date": order.order_date,
                      "expected_delivery_date": order.expected_delivery_date, "total_amount": order.total_amount,
                      "currency": order.currency})
    what = {"open": "open (still expecting goods)"}.get(args.get("status") or "", args.get("status") or "")
    whom = f" from {supplier.company_name.rstrip('.')}" if supplier else ""
    summary = f"{plural(page.total, (what + ' ' if what else '') + 'purchase order')}{whom}."
    if items:
        summary += f" The newest is {items[0]['order_number']} ({items[0]['status']})."
    highlights = [f"{i['order_number']} ({i['status']}) to {i['supplier']}: {money(i['total_amount'], i['currency'])},"
                  f" expected {i['expected_delivery_date']:%Y-%m-%d}" for i in items]
    return ToolResult("purchase_order_status", args, summary, {"total": page.total, "orders": items}, table,
                      highlights)


def _one_order(session: Session, args: dict[str, Any]) -> ToolResult:
    d = purchasing.get_purchase_order(session, order_number=args["order_number"])
    o = d.order
    table = Table(f"{o.order_number} lines", ["Product", "Ordered", "Received", "Unit cost", "Line total"])
    lines = []
    for line, product in d.lines:
        table.add((product.name, product_link(product.product_id)), line.quantity_ordered, line.quantity_received,
                  money(line.unit_cost, o.currency), money(line.line_total, o.currency))
        lines.append({"product_id": product.product_id, "name": product.name, "ordered": line.quantity_ordered,
                      "received": line.quantity_received, "unit_cost": line.unit_cost})
    expected = o.expected_delivery_date.strftime("%Y-%m-%d")
    summary = (f"Purchase order {o.order_number} to {d.supplier.company_name} is {o.status}: "
               f"{plural(len(lines), 'line')}, total {money(o.total_amount, o.currency)}, ordered "
               f"{o.order_date:%Y-%m-%d}, expected {expected}"
               + (f", delivered {o.actual_delivery_date:%Y-%m-%d}" if o.actual_delivery_date else "") + ".")
    data = {"order_number": o.order_number, "status": o.status, "supplier_id": d.supplier.supplier_id,
            "supplier": d.supplier.company_name, "order_date": o.order_date, "expected_delivery_date":
            o.expected_delivery_date, "actual_delivery_date": o.actual_delivery_date, "total_amount": o.total_amount,
            "currency": o.currency, "lines": lines, "allowed_transitions": d.allowed_transitions,
            "link": order_link(o.order_number)}
    highlights = [f"{ln['name']} ({ln['product_id']}): {ln['received']:,} of {ln['ordered']:,} received"
                  for ln in lines]
    return ToolResult("purchase_order_status", args, summary, data, table, highlights)


@tool("create_draft_purchase_order", "Propose a DRAFT purchase order. Nothing is created until the user presses "
      "Confirm in the app; tell them to confirm. The supplier defaults to the best supplier of the first product.",
      {"items": {"type": "array", "maxItems": 20, "items": {
          "type": "object", "properties": {"product": PRODUCT, "quantity": QUANTITY}, "required": ["product"]},
          "description": "Lines; quantity defaults to the suggested reorder quantity."},
       "supplier": {"type": "string", "maxLength": 200, "description": "Supplier id or name."},
       "notes": {"type": "string", "maxLength": 500}},
      required=("items",), permission=Perm.PO_WRITE, refusal="create purchase orders")
def create_draft_purchase_order(session: Session, ctx: ToolContext, args: dict[str, Any]) -> ToolResult:
    items = [(lookup.resolve_product(session, it["product"], field=f"items[{i}].product"), it.get("quantity"))
             for i, it in enumerate(args["items"])]
    if args.get("supplier"):
        supplier_id = lookup.resolve_supplier(session, args["supplier"]).supplier_id
    else:
        first, qty = items[0]
        best = offers.best_supplier(session, product_id=first.product_id, quantity=qty)
        if best.recommended is None:
            raise ValidationFailed.for_field("supplier", f"no active supplier offers {first.name}; name one")
        supplier_id = best.recommended.candidate.supplier_id
    lines = [{"product_id": p.product_id, "quantity_ordered": qty or history.default_quantity(session, p, supplier_id)}
             for p, qty in items]
    preview = history.preview_purchase_order(session, user=ctx.user, supplier_id=supplier_id, lines=lines,
                                             notes=args.get("notes"))
    action = history.propose_action(session, user=ctx.user, conversation_id=ctx.conversation_id, kind=KIND_CREATE_PO,
                                    summary=preview["summary"], payload={"supplier_id": supplier_id, "lines": lines,
                                                                         "notes": args.get("notes")},
                                    preview=preview)
    table = Table("Draft purchase order (not created yet)", ["Product", "Quantity", "Unit cost", "Line total"])
    for line in preview["lines"]:
        table.add((line["name"], product_link(line["product_id"])), line["quantity"], money(line["unit_cost"]),
                  money(line["line_total"]))
    summary = f"Ready to create: {preview['summary']}. It is created only when you press Confirm."
    highlights = [f"{ln['quantity']:,} × {ln['name']} ({ln['product_id']}) at {money(ln['unit_cost'])}"
                  for ln in preview["lines"]]
    return ToolResult(KIND_CREATE_PO, args, summary, {"pending_action": action}, table, highlights, action=action)
