"""Tools over the selling side, read-only: sales figures, overdue invoices, a customer's account and
sales order status. Each reads the same services the Sales, Customers and Invoices screens use."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session

from ..models import Customer
from ..models.base import utcnow
from ..models.status import SalesOrderStatus
from ..services import customers, invoices, sales
from ..services.errors import NotFound, ValidationFailed
from ..services.sales.stats import TOP_SELLER_DAYS, sales_stats
from . import phrases
from .results import Table, ToolResult, customer_link, invoice_link, product_link, sales_order_link
from .tools import ToolContext, tool
from .toolset_catalog import LIMIT, money, plural

CUSTOMER = {"type": "string", "maxLength": 200,
            "description": "Customer number (CUST-2026-0001) or (part of) the customer's name."}
PERIOD_LABELS = {"today": "Today", "week": "This week", "month": "This month", "year": "This year"}
ORDER_STATUSES = ["open", *[str(s) for s in SalesOrderStatus]]


def today() -> date:
    """The UTC day the figures are for (tests pin it)."""
    return utcnow().date()


def resolve_customer(session: Session, ref: str, *, field: str = "customer") -> Customer:
    """A customer by number, exact name or a unique part of the name; refuses rather than guesses."""
    ref = (ref or "").strip()
    if not ref:
        raise ValidationFailed.for_field(field, "is required")
    try:
        return customers.find_customer(session, ref)
    except NotFound:
        if phrases.CUSTOMER_ID_RE.fullmatch(ref):
            raise  # a number that does not exist: say so, rather than search names for it
    page = customers.list_customers(session, search=ref, limit=10)
    exact = [c for c in page.items if c.name.lower() == ref.lower()]
    if len(exact) == 1 or page.total == 1:
        return (exact or page.items)[0]
    if page.total > 1:
        names = "; ".join(f"{c.name} ({c.customer_number})" for c in page.items[:5])
        raise ValidationFailed.for_field(field, f"'{ref}' matches {page.total} customers ({names}); "
                                                "give the customer number")
    raise NotFound(f"No customer matches '{ref}'.")


@tool("sales_summary", "Sales figures: revenue, units and orders for today, this week (from Monday), this month "
      "and this year, and the top sellers of the last 30 days by revenue. Revenue counts goods shipped, net of "
      "returns and line discounts (tax and shipping excluded).",
      {"period": {"type": "string", "enum": list(PERIOD_LABELS), "default": "month", "maxLength": 8,
                  "description": "The period the answer leads with."},
       "focus": {"type": "string", "enum": ["periods", "top_sellers"], "default": "periods", "maxLength": 12,
                 "description": "top_sellers when the question is about the best-selling products."}})
def sales_summary(session: Session, ctx: ToolContext, args: dict[str, Any]) -> ToolResult:
    stats = sales_stats(session, today=today())
    periods = [{"period": p.period, "since": p.since, "revenue": p.revenue, "units": p.units, "orders": p.orders}
               for p in stats.periods]
    sellers = [{"product_id": s.product_id, "name": s.name, "units": s.units, "revenue": s.revenue}
               for s in stats.top_sellers]
    seller_lines = [f"{s['name']} ({s['product_id']}): {money(s['revenue'])} from {s['units']:,} units"
                    for s in sellers]
    data = {"period": args["period"], "periods": periods, "top_sellers": sellers, "top_seller_days": TOP_SELLER_DAYS}
    if args["focus"] == "top_sellers":
        table = Table(f"Top sellers, last {TOP_SELLER_DAYS} days", ["#", "Product", "Units", "Revenue"])
        for n, s in enumerate(sellers, start=1):
            table.add(n, (s["name"], product_link(s["product_id"])), s["units"], money(s["revenue"]))
        summary = (f"Top sellers over the last {TOP_SELLER_DAYS} days by revenue: {seller_lines[0]} leads"
                   f"{f', then {len(sellers) - 1:,} more' if len(sellers) > 1 else ''}." if sellers
                   else f"Nothing has shipped in the last {TOP_SELLER_DAYS} days, so there are no top sellers.")
        return ToolResult("sales_summary", args, summary, data, table, seller_lines)
    table = Table("Sales (goods shipped)", ["Period", "Since", "Revenue", "Units", "Orders"])
    for p in periods:
        table.add(PERIOD_LABELS[p["period"]], p["since"].isoformat(), money(p["revenue"]), p["units"], p["orders"])
    asked = stats.period(args["period"])
    summary = (f"{PERIOD_LABELS[asked.period]} (since {asked.since.isoformat()}): {money(asked.revenue)} revenue "
               f"from {plural(asked.units, 'unit')} shipped in {plural(asked.orders, 'order')}.")
    summary += (f" Top seller of the last {TOP_SELLER_DAYS} days: {seller_lines[0]}." if sellers
                else f" Nothing has shipped in the last {TOP_SELLER_DAYS} days.")
    highlights = [f"{PERIOD_LABELS[p['period']]}: {money(p['revenue'])}, {p['units']:,} units, "
                  f"{plural(p['orders'], 'order')}" for p in periods if p["period"] != asked.period]
    return ToolResult("sales_summary", args, summary, data, table, highlights)


def _invoice_row(inv, cust: Customer, day: date) -> dict[str, Any]:
    return {"invoice_number": inv.invoice_number, "customer_number": cust.customer_number, "customer": cust.name,
            "status": invoices.effective_status(inv, day), "issued_date": inv.issued_date.date(),
            "due_date": inv.due_date, "days_late": max(0, (day - inv.due_date).days), "total": inv.total_amount,
            "balance_due": inv.total_amount - inv.amount_paid, "currency": inv.currency,
            "link": invoice_link(inv.invoice_number)}


@tool("overdue_invoices", "Invoices past their due date and not fully paid, most overdue first: customer, due "
      "date, days late and balance due, with the total overdue. Optionally for one customer; with "
      "include_not_due, every unpaid invoice (not yet due ones too).",
      {"customer": CUSTOMER, "include_not_due": {"type": "boolean", "default": False},
       "limit": LIMIT | {"default": 20}})
def overdue_invoices(session: Session, ctx: ToolContext, args: dict[str, Any]) -> ToolResult:
    cust = resolve_customer(session, args["customer"]) if args.get("customer") else None
    day, every = today(), args["include_not_due"]
    number = cust.customer_number if cust else None
    out = invoices.outstanding_invoices(session, customer_id=number, overdue_only=not every, limit=args["limit"],
                                        today=day)
    late = invoices.outstanding_invoices(session, customer_id=number, overdue_only=True, limit=1, today=day) \
        if every else out
    rows = [_invoice_row(inv, c, day) for inv, c in out.items]
    what = "unpaid" if every else "overdue"
    table = Table(f"{what.capitalize()} invoices", ["Invoice", "Customer", "Due", "Days late", "Balance due"],
                  total=out.count)
    for r in rows:
        table.add((r["invoice_number"], r["link"]), (r["customer"], customer_link(r["customer_number"])),
                  r["due_date"].isoformat(), r["days_late"], money(r["balance_due"], r["currency"]))
    whom = f" for {cust.name} ({cust.customer_number})" if cust else ""
    summary = f"No invoice is {what}{whom}."
    if rows:
        first = rows[0]
        lateness = f"{plural(first['days_late'], 'day')} late" if first["days_late"] else "not late yet"
        summary = (f"{plural(out.count, 'invoice')} {'is' if out.count == 1 else 'are'} {what}{whom}, "
                   f"{money(out.balance_due)} in all" + (f" ({money(late.balance_due)} of it overdue on "
                                                         f"{plural(late.count, 'invoice')})" if every else "")
                   + f". The oldest is {first['invoice_number']} ({first['customer']}): due "
                   f"{first['due_date']:%Y-%m-%d}, {lateness}, {money(first['balance_due'], first['currency'])} "
                   "still due.")
    highlights = [f"{r['invoice_number']} ({r['customer']}): {money(r['balance_due'], r['currency'])} due "
                  f"{r['due_date']:%Y-%m-%d}" + (f", {plural(r['days_late'], 'day')} late" if r["days_late"] else "")
                  for r in rows]
    data = {"total": out.count, "total_due": out.balance_due, "overdue_count": late.count,
            "total_overdue": late.balance_due, "invoices": rows, "customer_number": number}
    return ToolResult("overdue_invoices", args, summary, data, table, highlights)


@tool("customer_account", "One customer's account: payment terms, credit limit, balance owed, available credit, "
      "open sales orders and unpaid invoices (overdue ones flagged).",
      {"customer": CUSTOMER, "limit": LIMIT}, required=("customer",))
def customer_account(session: Session, ctx: ToolContext, args: dict[str, Any]) -> ToolResult:
    c = resolve_customer(session, args["customer"])
    day = today()
    credit = customers.credit_position(session, c)
    orders = sales.list_sales_orders(session, status="open", customer_id=c.customer_number, limit=args["limit"])
    unpaid = invoices.outstanding_invoices(session, customer_id=c.customer_number, limit=args["limit"], today=day)
    overdue = invoices.outstanding_invoices(session, customer_id=c.customer_number, overdue_only=True, limit=1,
                                            today=day)
    bills = [_invoice_row(inv, cust, day) for inv, cust in unpaid.items]
    open_orders = [{"order_number": o.order_number, "status": o.status, "order_date": o.order_date.date(),
                    "total": o.total_amount, "currency": o.currency, "link": sales_order_link(o.order_number)}
                   for o, _ in orders.items]
    table = Table(f"{c.name}: unpaid invoices and open orders", ["Document", "Status", "Date", "Due", "Total",
                                                                 "Balance due"])
    for b in bills:
        table.add((b["invoice_number"], b["link"]), b["status"], b["issued_date"].isoformat(),
                  b["due_date"].isoformat(), money(b["total"], b["currency"]), money(b["balance_due"], b["currency"]))
    for o in open_orders:
        table.add((o["order_number"], o["link"]), o["status"], o["order_date"].isoformat(), "", money(o["total"],
                                                                                                   o["currency"]), "")
    late = f", {money(overdue.balance_due)} of it overdue" if overdue.count else ""
    summary = (f"{c.name} ({c.customer_number}, {c.payment_terms}{'' if c.is_active else ', inactive'}) owes "
               f"{money(credit.balance)} on {plural(unpaid.count, 'unpaid invoice')}{late}. ")
    summary += (f"Credit limit {money(credit.limit)}, available credit {money(credit.available)}."
                if credit.on_credit else f"{c.payment_terms} customers pay upfront: no credit.")
    summary += f" {plural(orders.total, 'open sales order')}."
    highlights = [f"{b['invoice_number']} ({b['status']}): {money(b['balance_due'], b['currency'])} due "
                  f"{b['due_date']:%Y-%m-%d}" for b in bills]
    highlights += [f"{o['order_number']} ({o['status']}): {money(o['total'], o['currency'])}, ordered "
                   f"{o['order_date']:%Y-%m-%d}" for o in open_orders]
    data = {"customer_number": c.customer_number, "name": c.name, "payment_terms": c.payment_terms,
            "active": c.is_active, "credit_limit": credit.limit, "balance": credit.balance,
            "exposure": credit.exposure, "available_credit": credit.available if credit.on_credit else None,
            "on_credit": credit.on_credit, "unpaid_invoices": bills, "unpaid_count": unpaid.count,
            "overdue_count": overdue.count, "overdue_amount": overdue.balance_due, "open_orders": open_orders,
            "open_order_count": orders.total, "link": customer_link(c.customer_number)}
    return ToolResult("customer_account", args, summary, data, table, highlights)


@tool("sales_order_status", "One sales order in full (by order number: status, lines ordered/reserved/shipped, "
      "invoice), or a list of sales orders filtered by status ('open' = not shipped yet, the default) and "
      "customer, newest first.",
      {"order_number": {"type": "string", "maxLength": 30, "description": "e.g. ORD-2026-000123"},
       "status": {"type": "string", "enum": ORDER_STATUSES, "maxLength": 16},
       "customer": CUSTOMER, "limit": LIMIT})
def sales_order_status(session: Session, ctx: ToolContext, args: dict[str, Any]) -> ToolResult:
    if args.get("order_number"):
        return _one_order(session, args)
    cust = resolve_customer(session, args["customer"]) if args.get("customer") else None
    status = args.get("status") or "open"
    page = sales.list_sales_orders(session, status=status, customer_id=cust.customer_number if cust else None,
                                   limit=args["limit"])
    table = Table("Sales orders", ["Order", "Customer", "Status", "Ordered", "Required", "Total"], total=page.total)
    items = []
    for o, c in page.items:
        required = o.required_date.date() if o.required_date else None
        table.add((o.order_number, sales_order_link(o.order_number)), (c.name, customer_link(c.customer_number)),
                  o.status, o.order_date.date().isoformat(), required.isoformat() if required else "",
                  money(o.total_amount, o.currency))
        items.append({"order_number": o.order_number, "customer_number": c.customer_number, "customer": c.name,
                      "status": o.status, "order_date": o.order_date.date(), "required_date": required,
                      "total": o.total_amount, "currency": o.currency})
    what = "open (not shipped yet)" if status == "open" else status
    whom = f" for {cust.name}" if cust else ""
    summary = f"{plural(page.total, what + ' sales order')}{whom}."
    if items:
        summary += f" The newest is {items[0]['order_number']} ({items[0]['customer']}, {items[0]['status']})."
    highlights = [f"{i['order_number']} ({i['status']}) for {i['customer']}: {money(i['total'], i['currency'])}, "
                  f"ordered {i['order_date']:%Y-%m-%d}" for i in items]
    return ToolResult("sales_order_status", args, summary, {"total": page.total, "status": status,
                                                            "orders": items}, table, highlights)


def _one_order(session: Session, args: dict[str, Any]) -> ToolResult:
    d = sales.get_sales_order(session, order_number=args["order_number"])
    o, c = d.order, d.customer
    table = Table(f"{o.order_number} lines", ["Product", "Ordered", "Reserved", "Shipped", "Returned", "Line total"])
    lines = []
    for line, product in d.lines:
        table.add((line.name, product_link(product.product_id)), line.quantity, line.quantity_reserved,
                  line.quantity_shipped, line.quantity_returned, money(line.line_total, o.currency))
        lines.append({"product_id": product.product_id, "name": line.name, "ordered": line.quantity,
                      "reserved": line.quantity_reserved, "shipped": line.quantity_shipped,
                      "returned": line.quantity_returned, "line_total": line.line_total})
    invoice = None
    if d.invoice_number:
        inv = invoices.find_invoice(session, d.invoice_number)
        invoice = {"invoice_number": inv.invoice_number, "status": invoices.effective_status(inv, today()),
                   "balance_due": inv.total_amount - inv.amount_paid, "link": invoice_link(inv.invoice_number)}
    units = {k: sum(ln[k] for ln in lines) for k in ("ordered", "reserved", "shipped")}
    billed = (f"invoice {invoice['invoice_number']} is {invoice['status']} ({money(invoice['balance_due'], o.currency)}"
              " due)" if invoice else "not invoiced yet")
    summary = (f"Sales order {o.order_number} for {c.name} ({c.customer_number}) is {o.status}: "
               f"{plural(len(lines), 'line')}, {units['ordered']:,} units ordered, {units['reserved']:,} reserved, "
               f"{units['shipped']:,} shipped; total {money(o.total_amount, o.currency)}, ordered "
               f"{o.order_date:%Y-%m-%d}" + (f", shipped {o.shipped_date:%Y-%m-%d}" if o.shipped_date else "")
               + f"; {billed}.")
    highlights = [f"{ln['name']} ({ln['product_id']}): {ln['shipped']:,} of {ln['ordered']:,} shipped, "
                  f"{ln['reserved']:,} reserved" for ln in lines]
    data = {"order_number": o.order_number, "status": o.status, "payment_status": o.payment_status,
            "customer_number": c.customer_number, "customer": c.name, "order_date": o.order_date,
            "required_date": o.required_date, "shipped_date": o.shipped_date, "total": o.total_amount,
            "currency": o.currency, "lines": lines, "invoice": invoice, "allowed_transitions": d.allowed_transitions,
            "link": sales_order_link(o.order_number), "customer_link": customer_link(c.customer_number)}
    return ToolResult("sales_order_status", args, summary, data, table, highlights)
