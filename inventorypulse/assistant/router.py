"""Offline mode: a deterministic intent router from a question to the same tools the LLM uses.

Keywords pick the intent; ids, SKUs, names, categories, suppliers, quantities and time phrases
("next 2 weeks", "by friday") fill the arguments. The answer is the tools' own summary with its
numbers and table. A question it cannot map gets the list of what it can answer, never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from ..db import session_scope
from ..models.base import utcnow
from ..services.errors import DomainError
from . import lookup, phrases, router_sales
from .agent import AgentAnswer
from .render import help_text, render
from .tools import ToolContext, run_tool

CREATE_RE = re.compile(
    r"\b(create|make|raise|place|prepare|generate|put in|set up|submit)\b.{0,40}\b(purchase order|po|order)\b"
    r"|^\s*(please |can you |could you |let'?s |i want to |i'?d like to |we need to |go ahead and )?"
    r"(draft|order|reorder|buy|purchase)\b(?!\s+(orders?|status|suggestions?|recommendations?|list|levels?|point))")
STOCKOUT_RE = re.compile(
    r"run(ning|s)? out|\bstock[- ]?outs?\b|sell(ing|s)? out|(will|going to|about to|gonna|likely to)\b.{0,20}"
    r"\bout of stock|before (the |their |its |our )?next (delivery|shipment|order)|deplet|won'?t last"
    r"|days? of (cover|stock|supply)|stockout risk|at risk")
FORECAST_RE = re.compile(r"forecast|predict|projected|expected (demand|sales)|\bdemand\b"
                         r"|how (many|much) .*\b(will|going to)\b.*\b(sell|need|use)")
RESTOCK_RE = re.compile(
    r"restock|re-?order(?!\w|\s+(threshold|point|level|quantit))|replenish"
    r"|what (should|do|must) (i|we) (order|buy|purchase)|recommend.{0,30}"
    r"(order|buy|purchase)|suggest.{0,30}(order|buy|purchase|quantit)|purchase suggestions?|buying list"
    r"|shopping list|need(s)? to be (ordered|bought)")
SUPPLIER_RE = re.compile(r"supplier|vendor|\bsource\b|\bbuy\b.{0,40}\bfrom\b|who (sells|supplies|makes|stocks)")
BEST_RE = re.compile(r"best|cheap|compar|fast|which|who|recommend|quick|reliab|rank|should|where")
PO_RE = re.compile(r"purchase orders?|\bpos\b|\bpo\b|open orders|on order|incoming|inbound|deliver(y|ies)"
                   r"|shipments?|arriv|overdue|late orders|pending orders|orders? (from|to|with)")
VALUE_RE = re.compile(r"worth|valu(e|ation)|how much (money|capital|cash)|capital tied|total cost of (stock|inventory)")
ALERT_RE = re.compile(r"alerts?|warnings?|notifications?|attention|urgent issues|problems")
LOW_RE = re.compile(r"\blow\b|out of stock|short(age)?|below (the |their |its )?(reorder|threshold|minimum)|restocking|"
                    r"\bempty\b|sold out|none left|ran out|understock")
SEARCH_RE = re.compile(r"\bfind\b|search|look ?up|do (we|you) (sell|have|carry|stock)|products? (called|named|like)"
                       r"|show me|list (all )?(the )?products|which products")
PRONOUN_RE = re.compile(r"\b(it|that one|this one|that product|this product|the first one|the top one|the first)\b")
URGENT_RE = re.compile(r"urgent|asap|fast|quick|rush|soon as possible|immediately")
SEVERITIES = ("critical", "high", "medium", "low")
PO_STATUS_WORDS = {"draft": "draft", "sent": "sent", "acknowledged": "acknowledged", "confirmed": "acknowledged",
                   "shipped": "shipped", "partially": "partially_received", "received": "received",
                   "cancelled": "cancelled", "canceled": "cancelled"}
DEFAULT_STOCKOUT_DAYS = 14
DEFAULT_FORECAST_DAYS = 30


@dataclass
class Question:
    text: str
    low: str
    days: int | None
    quantity: int | None
    order_number: str | None
    category: str | None
    supplier: str | None  # supplier id
    sales_order: str | None = None  # ORD-…
    customer: str | None = None  # customer number, named by number or name
    product_ids: list[str] = field(default_factory=list)  # named by id or SKU, or resolved from a name
    ambiguous: bool = False  # words matched several products equally well
    name_words: list[str] = field(default_factory=list)


@dataclass
class Plan:
    tool: str | None
    args: dict[str, Any] = field(default_factory=dict)
    confidence: float = 0.9
    note: str = ""  # said before the tool's answer


def _category(session: Session, low: str) -> tuple[str | None, str]:
    for c in lookup.all_categories(session):
        name = c.name.lower()
        forms = [name, name.split(" & ")[0], name.split(" ")[0]]
        for form in forms:
            if len(form) >= 4 and re.search(rf"\b{re.escape(form)}s?\b", low):
                return c.name, low.replace(form, " ")
    return None, low


def _supplier(session: Session, text: str, low: str) -> tuple[str | None, str]:
    if m := phrases.SUPPLIER_ID_RE.search(text):
        return m.group(0).upper(), low.replace(m.group(0).lower(), " ")
    if m := re.search(r"\b(?:from|supplier|vendor|with|by)\s+([a-z][\w&.'-]*(?:\s+[a-z][\w&.'-]*){0,3})", low):
        words = m.group(1).split()
        for n in range(len(words), 0, -1):  # longest name first: "northwind electronics" before "northwind"
            name = " ".join(words[:n])
            if len(name) < 4 or name in phrases.STOPWORDS:
                continue
            try:
                return lookup.resolve_supplier(session, name).supplier_id, low.replace(name, " ")
            except DomainError:
                continue
    return None, low


def understand(session: Session, text: str, *, previous_products: list[str]) -> Question:
    today = utcnow().date()
    days, rest = phrases.days_ahead(text, today)
    order = phrases.ORDER_RE.search(text)
    sales_order = phrases.SALES_ORDER_RE.search(text)
    category, rest = _category(session, rest)
    supplier, rest = _supplier(session, text, rest)
    customer, rest = router_sales.find_customer(session, text, rest, creating=bool(CREATE_RE.search(rest)))
    q = Question(text, text.lower(), days, phrases.quantity(rest), order.group(0).upper() if order else None,
                 category, supplier, sales_order.group(0).upper() if sales_order else None, customer)
    explicit = [m.upper() for m in phrases.PRODUCT_ID_RE.findall(text)]
    for sku in phrases.SKU_RE.findall(text):
        if not sku.upper().startswith(phrases.DOCUMENT_PREFIXES):
            try:
                explicit.append(lookup.resolve_product(session, sku).product_id)
            except DomainError:
                pass
    q.product_ids = list(dict.fromkeys(explicit))
    q.name_words = [lookup.stem(w) for w in phrases.content_words(rest)]
    if not q.product_ids and q.name_words:
        matches = lookup.match_products(session, q.name_words)
        winner = lookup.best_match(matches, len(q.name_words))
        if winner is not None:
            q.product_ids = [winner.product.product_id]
        elif matches and matches[0].score * 2 >= len(q.name_words):
            q.ambiguous = True
    if not q.product_ids and not q.ambiguous and previous_products and PRONOUN_RE.search(q.low):
        q.product_ids = previous_products[:1]  # "order it": the first product of the previous answer
    return q


def _po_status(q: Question) -> Plan:
    status = next((s for word, s in PO_STATUS_WORDS.items() if re.search(rf"\b{word}\b", q.low)), None)
    if status is None and not re.search(r"\ball\b|\bevery\b|history", q.low):
        status = "open"
    args = {"status": status} if status else {}
    if q.supplier:
        args["supplier"] = q.supplier
    return Plan("purchase_order_status", args)


def plan(q: Question) -> Plan:
    product = q.product_ids[0] if q.product_ids else None
    low = q.low
    if router_sales.asks_to_write(low, creating=bool(CREATE_RE.search(low)), customer=q.customer):
        return Plan(None, confidence=0.0, note=router_sales.READ_ONLY_NOTE)
    if CREATE_RE.search(low):
        if not q.product_ids:
            return _need_product(q, "create a purchase order")
        items = [{"product": pid, "quantity": q.quantity} for pid in q.product_ids]
        args: dict[str, Any] = {"items": [{k: v for k, v in it.items() if v} for it in items]}
        if q.supplier:
            args["supplier"] = q.supplier
        return Plan("create_draft_purchase_order", args)
    if q.sales_order:
        return Plan("sales_order_status", {"order_number": q.sales_order})
    if q.order_number:
        return Plan("purchase_order_status", {"order_number": q.order_number})
    if route := router_sales.document_route(low, q.customer):
        return Plan(*route)
    if STOCKOUT_RE.search(low):
        args = {"days": q.days or DEFAULT_STOCKOUT_DAYS}
        if re.search(r"before (the |their |its |our )?next (delivery|shipment|order)", low):
            args = {"before_next_delivery": True}
        if product:
            args["product"] = product
        return Plan("stockout_risk", args)
    if FORECAST_RE.search(low):
        if not product:
            return _need_product(q, "forecast demand")
        return Plan("forecast_demand", {"product": product, "days": q.days or DEFAULT_FORECAST_DAYS})
    if route := router_sales.summary_route(low):
        return Plan(*route)
    if RESTOCK_RE.search(low) and not (SUPPLIER_RE.search(low) and product):
        args = {"supplier": q.supplier} if q.supplier else {}
        return Plan("recommend_restock", args)
    if SUPPLIER_RE.search(low) and BEST_RE.search(low) and (product or q.ambiguous):
        if not product:
            return _need_product(q, "compare suppliers")
        args = {"product": product, "urgency": "high" if URGENT_RE.search(low) else "normal"}
        if q.quantity:
            args["quantity"] = q.quantity
        return Plan("compare_suppliers", args)
    if PO_RE.search(low) or (q.supplier and re.search(r"\borders?\b", low)):
        return _po_status(q)
    if VALUE_RE.search(low):
        return Plan("inventory_value", {"category": q.category} if q.category else {})
    if ALERT_RE.search(low):
        severity = next((s for s in SEVERITIES if re.search(rf"\b{s}\b", low)), None)
        args = {k: v for k, v in (("severity", severity), ("product", product)) if v}
        if "expir" in low:
            args["alert_type"] = "expiry_warning"
        return Plan("list_alerts", args)
    if LOW_RE.search(low) and not product:
        args = {"category": q.category} if q.category else {}
        if re.search(r"out of stock|sold out|none left|ran out|\bempty\b", low) and not re.search(r"\blow\b", low):
            args["out_of_stock_only"] = True
        return Plan("list_low_stock", args)
    if product:
        return Plan("get_product", {"product": product}, 0.8 if q.name_words else 0.95)
    if q.ambiguous or (SEARCH_RE.search(low) and q.name_words):
        query = " ".join(q.name_words) or q.category or ""
        return Plan("search_products", {"query": query, **({"category": q.category} if q.category else {})}, 0.6,
                    "Several products could match; here they are." if q.ambiguous else "")
    if q.category and re.search(r"\b(show|list|what|which|products)\b", low):
        return Plan("search_products", {"category": q.category}, 0.8)
    return Plan(None, confidence=0.0)


def _need_product(q: Question, what: str) -> Plan:
    if q.ambiguous:
        return Plan("search_products", {"query": " ".join(q.name_words)}, 0.4,
                    f"To {what} I need one product, and several match. Which one? Ask again with its id.")
    return Plan(None, confidence=0.0, note=f"To {what} I need to know which product: name it, or give its "
                                           f"id (PRD-…) or SKU.")


def answer_offline(query: str, ctx: ToolContext, *, history: list[dict[str, Any]]) -> AgentAnswer:
    previous = [pid for msg in reversed(history) for pid in msg.get("product_ids", [])][:1]
    with session_scope() as session:
        q = understand(session, query, previous_products=previous)
    p = plan(q)
    if p.tool is None:
        return AgentAnswer(help_text(p.note), "offline", [], 0.0)
    result = run_tool(p.tool, p.args, ctx)
    confidence = p.confidence if result.ok else 0.3
    return AgentAnswer(render([result], intro=p.note), "offline", [result], confidence)
