"""Tools over the forecasts and the replenishment plan: stockout risk, demand forecast, restock list."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

import numpy as np
from sqlmodel import Session

from ..models.base import utcnow
from ..services import forecasts, purchasing, replenishment
from . import lookup
from .results import Table, ToolResult, product_link
from .tools import ToolContext, tool
from .toolset_catalog import LIMIT, PRODUCT, list_low_stock, money, plural

DAYS = {"type": "integer", "minimum": 1, "maximum": 365}
OPEN_ORDER_PAGES = 20  # 2,000 open orders scanned at most for "next delivery" dates


def _next_deliveries(session: Session) -> dict[str, date]:
    """Earliest expected delivery per product code over open purchase orders."""
    earliest: dict[str, date] = {}
    for page_no in range(1, OPEN_ORDER_PAGES + 1):
        page = purchasing.list_purchase_orders(session, status="open", page=page_no, limit=100)
        by_order = purchasing.lines_by_order(session, [o.id for o, _ in page.items])
        expected = {o.id: o.expected_delivery_date.date() for o, _ in page.items}
        for order_id, lines in by_order.items():
            for line, product in lines:
                if line.quantity_received < line.quantity_ordered:
                    day = expected[order_id]
                    earliest[product.product_id] = min(day, earliest.get(product.product_id, day))
        if not page.has_next:
            break
    return earliest


@tool("stockout_risk", "Products predicted (from the demand forecasts) to run out within N days, soonest first, "
      "with the predicted stockout date, days left, suggested order quantity and the date to order by. With "
      "before_next_delivery, the products that run out before their next expected delivery (an open purchase "
      "order's expected date, or today plus the lead time when nothing is on order).",
      {"days": DAYS | {"default": 14, "description": "Look-ahead window in days."},
       "before_next_delivery": {"type": "boolean", "default": False}, "product": PRODUCT, "limit": LIMIT | {
           "default": 20}})
def stockout_risk(session: Session, ctx: ToolContext, args: dict[str, Any]) -> ToolResult:
    today = utcnow().date()
    asked = lookup.resolve_product(session, args["product"]) if args.get("product") else None
    if asked is not None:
        predictions = replenishment.predict_products(session, product_ids=[asked.product_id], today=today)
    else:
        predictions = replenishment.predict_products(session, limit=replenishment.MAX_BATCH, today=today)
        if not predictions and replenishment.list_suggestions(session, only_needed=False, limit=1).total == 0:
            return ToolResult("stockout_risk", args, "No stockout predictions exist yet: the forecasts and "
                              "replenishment plan have not been computed (the nightly forecast job does it).",
                              {"products": [], "plans_available": False})
    by_delivery = args["before_next_delivery"]
    deliveries = _next_deliveries(session) if by_delivery else {}
    horizon = today + timedelta(days=args["days"])
    rows = []
    for p in predictions:
        if p.stockout_date is None:
            continue
        next_delivery = deliveries.get(p.product.product_id) or (
            today + timedelta(days=p.lead_time_days) if p.lead_time_days is not None else None)
        at_risk = (next_delivery is not None and p.stockout_date < next_delivery) if by_delivery else \
            p.stockout_date <= horizon
        if at_risk or asked is not None:
            rows.append((p, next_delivery))
    rows = rows[: args["limit"]]
    table = Table("Predicted stockouts", ["Product", "Available", "Per day", "Runs out", "Next delivery" if by_delivery
                                          else "Order by", "Suggested qty"])
    items, recs = [], []
    for p, nxt in rows:
        pid = p.product.product_id
        table.add((p.product.name, product_link(pid)), p.available, f"{p.avg_daily_demand:.1f}",
                  p.stockout_date.isoformat(), (nxt if by_delivery else p.recommended_order_date) or "—",
                  p.suggested_quantity)
        items.append({"product_id": pid, "name": p.product.name, "available": p.available,
                      "avg_daily_demand": p.avg_daily_demand, "days_until_stockout": p.days_until_stockout,
                      "stockout_date": p.stockout_date, "earliest_stockout_date": p.earliest_stockout_date,
                      "next_delivery": nxt, "order_by": p.recommended_order_date,
                      "suggested_quantity": p.suggested_quantity, "lead_time_days": p.lead_time_days,
                      "basis": p.basis, "confidence": p.confidence})
        if p.suggested_quantity:
            recs.append({"product_id": pid, "reorder_qty": p.suggested_quantity,
                         "by_date": p.recommended_order_date or today, "reason": f"predicted to run out on "
                                                                                 f"{p.stockout_date}"})
    window = "before their next delivery" if by_delivery else f"within {args['days']} days"
    if asked is not None and items:
        i = items[0]
        summary = (f"{i['name']} ({i['product_id']}) has {i['available']:,} available, selling about "
                   f"{i['avg_daily_demand']:.1f} a day: predicted to run out on {i['stockout_date']}"
                   + (f"; order by {i['order_by']}" if i["order_by"] else "") + ".")
    elif asked is not None:
        summary = (f"{asked.name} ({asked.product_id}) is not predicted to run out: its forecast and recent sales "
                   f"show no demand that would use up the {asked.available_stock:,} available.")
    elif items:
        summary = f"{plural(len(items), 'product')} {'is' if len(items) == 1 else 'are'} predicted to run out {window}."
    else:
        summary = f"No product is predicted to run out {window}."
    highlights = [f"{i['name']} ({i['product_id']}): {i['available']:,} left, runs out {i['stockout_date']}"
                  + (f", next delivery {i['next_delivery']}" if by_delivery and i["next_delivery"] else "")
                  + (f" — order {i['suggested_quantity']:,}" if i["suggested_quantity"] else "") for i in items]
    data = {"products": items, "recommendations": recs, "window_end": None if by_delivery else horizon}
    return ToolResult("stockout_risk", args, summary, data, table, highlights)


@tool("forecast_demand", "Forecast units a product will sell over the next N days (expected total and a 95% range), "
      "from its latest stored forecast, with its recent sales for comparison.",
      {"product": PRODUCT, "days": DAYS | {"default": 30, "description": "Horizon in days."}}, required=("product",))
def forecast_demand(session: Session, ctx: ToolContext, args: dict[str, Any]) -> ToolResult:
    product = lookup.resolve_product(session, args["product"])
    view = forecasts.get_forecast(session, product_id=product.product_id, history_days=max(30, args["days"]))
    recent = float(sum(view.history[-30:]))
    base = {"product_id": product.product_id, "name": product.name, "available": product.available_stock,
            "sold_last_30_days": recent, "link": product_link(product.product_id)}
    fc = view.forecast
    if fc is None or not fc.daily:
        summary = (f"There is no forecast for {product.name} ({product.product_id}) yet (forecasts are computed "
                   f"nightly). It sold {recent:,.0f} units in the last 30 days.")
        return ToolResult("forecast_demand", args, summary, base | {"forecast": None})
    daily = fc.daily[: args["days"]]
    days = len(daily)
    arrays = {k: np.array([d[k] for d in daily], dtype=float) for k in ("mean", "lo95", "hi95")}
    total, lower, upper = forecasts.period_interval(SimpleNamespace(**arrays))
    table = Table(f"{product.name}: forecast by week", ["Week from", "Expected units", "95% range"])
    for start in range(0, days, 7):
        week = SimpleNamespace(**{k: v[start:start + 7] for k, v in arrays.items()})
        t, lo, hi = forecasts.period_interval(week)
        table.add(daily[start]["date"], f"{t:,.0f}", f"{lo:,.0f}–{hi:,.0f}")
    cover = product.available_stock / (total / days) if total > 0 else None
    note = f" Only {days} days are forecast." if days < args["days"] else ""
    summary = (f"{product.name} ({product.product_id}) is forecast to sell about {total:,.0f} units over the next "
               f"{days} days (95% range {lower:,.0f}–{upper:,.0f}; {total / days:.1f} a day), against "
               f"{recent:,.0f} sold in the last 30 days. {product.available_stock:,} are available"
               + (f", about {cover:,.0f} days of cover." if cover is not None else ".") + note)
    data = base | {"horizon_days": days, "expected_units": round(total, 1), "lower_95": round(lower, 1),
                   "upper_95": round(upper, 1), "model": fc.model_name, "accuracy_mase": fc.accuracy_metric,
                   "forecast_date": fc.forecast_date, "days_of_cover": None if cover is None else round(cover, 1)}
    return ToolResult("forecast_demand", args, summary, data, table)


@tool("recommend_restock", "What to order now: the replenishment plan's suggestions (product, warehouse, quantity, "
      "best supplier, cost), from the forecasts, safety stock and lead times; soonest stockout first per supplier.",
      {"supplier": {"type": "string", "maxLength": 200, "description": "Supplier id or name."},
       "warehouse": {"type": "string", "maxLength": 20, "description": "Warehouse code, e.g. WH-MAIN."},
       "limit": LIMIT | {"default": 20}})
def recommend_restock(session: Session, ctx: ToolContext, args: dict[str, Any]) -> ToolResult:
    supplier = lookup.resolve_supplier(session, args["supplier"]) if args.get("supplier") else None
    page = replenishment.list_suggestions(session, supplier_id=supplier.supplier_id if supplier else None,
                                          warehouse=args.get("warehouse"),
                                          limit=args["limit"])
    if page.total == 0 and replenishment.list_suggestions(session, only_needed=False, limit=1).total == 0:
        fallback = list_low_stock(session, ctx, {"category": None, "out_of_stock_only": False, "limit": args["limit"]})
        fallback.tool, fallback.arguments = "recommend_restock", args
        fallback.summary = ("The forecast-based replenishment plan has not been computed yet, so these are the "
                            "low-stock report's suggestions. " + fallback.summary)
        return fallback
    table = Table("Suggested orders", ["Product", "Warehouse", "Qty", "Supplier", "Runs out", "Est. cost"],
                  total=page.total)
    items, recs = [], []
    for s in page.items:
        p, plan = s.product, s.plan
        sup = s.supplier.company_name if s.supplier else "no supplier"
        table.add((p.name, product_link(p.product_id)), s.warehouse.code, plan.suggested_quantity, sup,
                  plan.stockout_date.isoformat() if plan.stockout_date else "—",
                  money(s.line_cost, s.currency) if s.line_cost is not None else "—")
        items.append({"product_id": p.product_id, "name": p.name, "warehouse": s.warehouse.code,
                      "suggested_quantity": plan.suggested_quantity, "available": plan.available,
                      "reorder_point": plan.reorder_point, "stockout_date": plan.stockout_date,
                      "supplier_id": s.supplier.supplier_id if s.supplier else None, "supplier": sup,
                      "lead_time_days": plan.lead_time_days, "estimated_cost": s.line_cost, "basis": plan.basis})
        by = plan.stockout_date - timedelta(days=plan.lead_time_days) if plan.stockout_date else None
        recs.append({"product_id": p.product_id, "reorder_qty": plan.suggested_quantity,
                     "by_date": max(by, utcnow().date()) if by else None,
                     "reason": f"at or below its reorder point ({plan.reorder_point:g}) in {s.warehouse.code}"})
    groups = replenishment.group_by_supplier(page.items)
    cost = sum((g.total_cost for g in groups), start=0)
    whom = f" from {supplier.company_name}" if supplier else ""
    if items:
        summary = (f"{plural(page.total, 'product × warehouse suggestion')} to order{whom}; the {len(items)} shown "
                   f"come to about {money(cost)} from {plural(len(groups), 'supplier')}.")
    else:
        summary = f"Nothing needs ordering{whom} right now: every plan is above its reorder point."
    highlights = [f"{i['name']} ({i['product_id']}) in {i['warehouse']}: order {i['suggested_quantity']:,} from "
                  f"{i['supplier']}" + (f" (about {money(i['estimated_cost'])})" if i["estimated_cost"] else "")
                  + (f", runs out {i['stockout_date']}" if i["stockout_date"] else "") for i in items]
    return ToolResult("recommend_restock", args, summary, {"total": page.total, "suggestions": items,
                                                            "recommendations": recs}, table, highlights)
