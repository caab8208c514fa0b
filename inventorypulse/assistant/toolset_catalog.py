"""Tools over the catalogue and stock: search, one product, low stock, alerts, stock value."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from ..models.status import AlertSeverity, AlertType
from ..services import alerts, dashboard, products, reports
from ..services.errors import ValidationFailed
from ..services.products import ProductFilters
from ..services.validation import to_cents
from . import lookup
from .results import Table, ToolResult, product_link
from .tools import ToolContext, tool


def money(amount, currency: str = "USD") -> str:
    return f"${amount:,.2f}" if currency == "USD" else f"{amount:,.2f} {currency}"


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


LIMIT = {"type": "integer", "minimum": 1, "maximum": 50, "default": 10,
         "description": "How many rows to return at most."}
PRODUCT = {"type": "string", "maxLength": 200,
           "description": "Product id (PRD-000123), SKU, barcode or (part of) the product name."}
CATEGORY = {"type": "string", "maxLength": 100, "description": "Category name, e.g. Electronics."}


@tool("search_products", "Find products by name, SKU, barcode or id, or list a category's products; returns "
      "stock and price of each.",
      {"query": {"type": "string", "maxLength": 200, "description": "Words to look for."},
       "category": CATEGORY, "limit": LIMIT})
def search_products(session: Session, ctx: ToolContext, args: dict[str, Any]) -> ToolResult:
    if not args.get("query") and not args.get("category"):
        raise ValidationFailed.for_field("query", "give words to look for, or a category")
    category = lookup.resolve_category(session, args["category"]) if args.get("category") else None
    query = args.get("query")
    page = products.list_products(session, filters=ProductFilters(search=query, category=category),
                                  limit=args["limit"])
    rows = [(p, cat) for p, cat, _ in page.items]
    total = page.total
    if not rows and query:  # not one phrase: match the words separately
        terms = [lookup.stem(w) for w in lookup.words_of(query)]
        matches = [m for m in lookup.match_products(session, terms) if not category or m.category == category]
        rows = [(m.product, m.category) for m in matches[: args["limit"]]]
        total = len(matches)
    what = f"“{query}”" + (f" in {category}" if category and query else "") if query else category
    table = Table(f"Products matching {what}" if query else f"Products in {category}",
                  ["Product", "SKU", "Category", "Available", "Status", "Price"], total=total)
    items = []
    for p, cat in rows:
        table.add((p.name, product_link(p.product_id)), p.sku, cat, p.available_stock, products.stock_status(p),
                  money(p.selling_price, p.currency))
        items.append({"product_id": p.product_id, "name": p.name, "sku": p.sku, "category": cat,
                      "available": p.available_stock, "stock_status": products.stock_status(p),
                      "selling_price": p.selling_price})
    shown = f"; showing {len(rows)}" if total > len(rows) else ""
    summary = (f"{plural(total, 'product')} {'matches' if total == 1 else 'match'} {what}{shown}." if query
               else f"{category} has {plural(total, 'product')}{shown}.")
    highlights = [f"{i['name']} ({i['product_id']}): {i['available']:,} available, {money(i['selling_price'])}"
                  for i in items]
    return ToolResult("search_products", args, summary, {"total": total, "products": items}, table, highlights)


@tool("get_product", "One product in full: stock per warehouse, price, cost, reorder settings and its suppliers.",
      {"product": PRODUCT}, required=("product",))
def get_product(session: Session, ctx: ToolContext, args: dict[str, Any]) -> ToolResult:
    found = lookup.resolve_product(session, args["product"])
    detail = products.get_product_detail(session, product_id=found.product_id)
    p = detail.product
    warehouses = [{"warehouse": w.code, "name": w.name, "on_hand": lvl.on_hand, "reserved": lvl.reserved,
                   "available": lvl.on_hand - lvl.reserved} for w, lvl in detail.stock]
    offers = [{"supplier_id": s.supplier_id, "supplier": s.display_name or s.company_name, "cost": o.cost,
               "currency": o.currency, "lead_time_days": o.lead_time_days, "min_order_quantity": o.min_order_quantity,
               "primary": o.is_primary, "active": o.is_active} for o, s in detail.offers]
    table = Table(f"{p.name}: stock by warehouse", ["Warehouse", "On hand", "Reserved", "Available"])
    for w in warehouses:
        table.add(f"{w['name']} ({w['warehouse']})", w["on_hand"], w["reserved"], w["available"])
    status = products.stock_status(p)
    # The asker's own warehouse first (the API's user_context.preferred_warehouse).
    warehouses.sort(key=lambda w: w["warehouse"] != ctx.preferred_warehouse)
    where = ", ".join(f"{w['available']:,} in {w['warehouse']}" for w in warehouses) or "none in any warehouse"
    primary = next((o for o in offers if o["primary"]), None)
    summary = (f"{p.name} ({p.product_id}, SKU {p.sku}): {p.available_stock:,} {p.stock_unit} available "
               f"({where}); reorder threshold {p.reorder_threshold:,}; stock status {status}. Sells at "
               f"{money(p.selling_price, p.currency)}, costs {money(p.cost_price, p.currency)}."
               + (f" Primary supplier {primary['supplier']} ({primary['supplier_id']}), lead time "
                  f"{primary['lead_time_days']} days." if primary else " No primary supplier."))
    data = {"product_id": p.product_id, "name": p.name, "sku": p.sku, "barcode": p.barcode,
            "category": detail.category.name, "status": p.status, "stock_status": status,
            "current_stock": p.current_stock, "reserved_stock": p.reserved_stock, "available": p.available_stock,
            "unit": p.stock_unit, "reorder_threshold": p.reorder_threshold, "reorder_quantity": p.reorder_quantity,
            "max_stock_level": p.max_stock_level, "selling_price": p.selling_price, "cost_price": p.cost_price,
            "currency": p.currency, "warehouses": warehouses, "suppliers": offers, "link": product_link(p.product_id)}
    highlights = [f"{o['supplier']} ({o['supplier_id']}): {money(o['cost'], o['currency'])} per unit, "
                  f"{o['lead_time_days']} days lead time, MOQ {o['min_order_quantity']:,}"
                  + (" — primary" if o["primary"] else "") for o in offers]
    return ToolResult("get_product", args, summary, data, table, highlights)


@tool("list_low_stock", "Products at or below their reorder threshold (out of stock first), with the suggested "
      "reorder quantity, primary supplier and estimated cost.",
      {"category": CATEGORY, "out_of_stock_only": {"type": "boolean", "default": False},
       "limit": LIMIT | {"default": 20}})
def list_low_stock(session: Session, ctx: ToolContext, args: dict[str, Any]) -> ToolResult:
    category = lookup.resolve_category(session, args["category"]) if args.get("category") else None
    out_only = args["out_of_stock_only"]
    # The report lists out-of-stock products first, so the first page holds those asked for.
    report = reports.low_stock_report(session, category=category, limit=50 if out_only else args["limit"])
    s = report.summary
    rows = [i for i in report.page.items if i.status == "out"][: args["limit"]] if out_only else report.page.items
    table = Table(("Out of stock" if out_only else "Low stock") + (f" in {category}" if category else ""),
                  ["Product", "SKU", "Available", "Threshold", "Suggested qty", "Supplier", "Est. cost"],
                  total=s.out_of_stock_items if out_only else s.total_items)
    items = []
    for i in rows:
        table.add((i.name, product_link(i.product_id)), i.sku, i.available, i.threshold, i.suggested_quantity,
                  i.supplier_name or "no supplier", money(i.estimated_cost))
        items.append({"product_id": i.product_id, "name": i.name, "sku": i.sku, "category": i.category,
                      "available": i.available, "threshold": i.threshold, "status": i.status,
                      "suggested_quantity": i.suggested_quantity, "supplier_id": i.supplier_id,
                      "supplier": i.supplier_name, "lead_time_days": i.lead_time_days, "unit_cost": i.unit_cost,
                      "estimated_cost": i.estimated_cost})
    where = f" in {category}" if category else ""
    if out_only:
        n = s.out_of_stock_items
        summary = (f"{plural(n, 'product')}{where} {'is' if n == 1 else 'are'} out of stock"
                   f" ({s.total_items:,} at or below the reorder threshold in all)." if n else
                   f"Nothing{where} is out of stock; {plural(s.total_items, 'product')} at or below the threshold.")
    elif not s.total_items:
        summary = f"No product{where} is at or below its reorder threshold."
    else:
        summary = (f"{plural(s.total_items, 'product')}{where} {'is' if s.total_items == 1 else 'are'} at or below "
                   f"the reorder threshold ({s.out_of_stock_items:,} out of stock); reordering the suggested "
                   f"quantities would cost about {money(s.estimated_reorder_cost)}.")
    data = {"total": s.total_items, "out_of_stock": s.out_of_stock_items,
            "estimated_reorder_cost": s.estimated_reorder_cost, "products": items}
    highlights = [f"{i['name']} ({i['product_id']}): {i['available']:,} available, threshold {i['threshold']:,}"
                  f" — suggest ordering {i['suggested_quantity']:,} from {i['supplier'] or 'no supplier on file'}"
                  f" (about {money(i['estimated_cost'])})" for i in items]
    return ToolResult("list_low_stock", args, summary, data, table, highlights)


@tool("list_alerts", "Open alerts (low stock, out of stock, overstock, expiry, predicted stockout), newest first.",
      {"severity": {"type": "string", "enum": [str(s) for s in AlertSeverity], "maxLength": 16},
       "alert_type": {"type": "string", "enum": [str(t) for t in AlertType], "maxLength": 24},
       "product": PRODUCT, "limit": LIMIT})
def list_alerts(session: Session, ctx: ToolContext, args: dict[str, Any]) -> ToolResult:
    product_id = lookup.resolve_product(session, args["product"]).product_id if args.get("product") else None
    rows, total = [], 0
    for status in ("active", "acknowledged"):  # the open ones
        page = alerts.list_alerts(session, status=status, severity=args.get("severity"),
                                  alert_type=args.get("alert_type"), product_id=product_id, limit=args["limit"])
        rows += page.items
        total += page.total
    rows.sort(key=lambda r: (alerts.SEVERITY_RANK.get(r[0].severity, 0), r[0].created_at), reverse=True)
    rows = rows[: args["limit"]]
    table = Table("Open alerts", ["Severity", "Alert", "Product", "Status", "Raised"], total=total)
    items = []
    for a, p in rows:
        table.add(a.severity, a.title, (p.name, product_link(p.product_id)) if p else "—", a.status,
                  a.created_at.strftime("%Y-%m-%d"))
        items.append({"alert_id": a.alert_id, "type": a.alert_type, "severity": a.severity, "title": a.title,
                      "message": a.message, "status": a.status, "product_id": p.product_id if p else None,
                      "created_at": a.created_at})
    counts: dict[str, int] = {}
    for a, _ in rows:
        counts[a.severity] = counts.get(a.severity, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -alerts.SEVERITY_RANK.get(kv[0], 0))
    by_severity = ", ".join(f"{n} {sev}" for sev, n in ranked)
    filtered = any(args.get(k) for k in ("severity", "alert_type", "product"))
    if total:
        summary = f"{plural(total, 'open alert')} ({by_severity} among those shown)."
    else:
        summary = "There are no open alerts" + (" matching that." if filtered else ".")
    highlights = [f"[{i['severity']}] {i['title']}" for i in items]
    return ToolResult("list_alerts", args, summary, {"total": total, "alerts": items}, table, highlights)


@tool("inventory_value", "Total stock value at cost and at selling price, and the value by category.",
      {"category": CATEGORY})
def inventory_value(session: Session, ctx: ToolContext, args: dict[str, Any]) -> ToolResult:
    stats = dashboard.get_dashboard_stats(session)
    by_category = stats.value_by_category
    category = lookup.resolve_category(session, args["category"]) if args.get("category") else None
    shown = [v for v in by_category if category is None or v.category == category]
    table = Table("Stock value by category", ["Category", "Products", "Units", "Value at cost", "Value at retail"])
    for v in shown:
        table.add(v.category, v.products, v.units, money(v.value_cost), money(v.value_retail))
    if category:
        v = shown[0] if shown else None
        cost, retail = (v.value_cost, v.value_retail) if v else (to_cents(0), to_cents(0))
        summary = (f"Stock in {category} is worth {money(cost)} at cost ({money(retail)} at selling price), "
                   f"out of {money(stats.inventory_value_cost)} in total.")
    else:
        top = f" The largest category is {shown[0].category} at {money(shown[0].value_cost)}." if shown else ""
        summary = (f"Total stock is worth {money(stats.inventory_value_cost)} at cost and "
                   f"{money(stats.inventory_value_retail)} at selling price.{top}")
    data = {"total_value_cost": stats.inventory_value_cost, "total_value_retail": stats.inventory_value_retail,
            "by_category": [vars(v) for v in shown]}
    highlights = [f"{v.category}: {money(v.value_cost)} at cost, {money(v.value_retail)} at retail "
                  f"({v.units:,} units)" for v in shown]
    return ToolResult("inventory_value", args, summary, data, table, highlights)
