"""Offline routing of the selling-side questions: sales figures, invoices, a customer's account and
sales orders. router.plan asks these before the inventory intents that share words with them
("overdue", "orders", "sold out")."""

from __future__ import annotations

import re
from typing import Any

from sqlmodel import Session

from ..services.errors import DomainError
from . import phrases
from .toolset_sales import resolve_customer

Route = tuple[str, dict[str, Any]]  # (tool, arguments)

SALES_RE = re.compile(r"\bsales\b(?!\s+orders?)|revenue|turnover|takings|top[- ]?sell|best[- ]?sell|most popular"
                      r"|\bsold\b(?!\s+out)|\b(did|have|has) (we|you) (sell|sold)|\bwe('ve| have)? sold")
TOP_SELLERS_RE = re.compile(r"\btop\b|\bbest\b|most popular|sold (the )?most|sells? (the )?most")
PERIOD_WORDS = (("today", r"\btoday|\bday\b"), ("week", r"\bweek"), ("year", r"\byear|ytd"), ("month", r"\bmonth"))
INVOICE_RE = re.compile(r"invoices?|\bbills?\b|receivables?|payments?")
UNPAID_RE = re.compile(r"overdue|\blate\b|past due|unpaid|outstanding|\bowe[sd]?\b|owing|not (been )?paid"
                       r"|(haven'?t|hasn'?t|didn'?t) paid|receivables?")
OVERDUE_RE = re.compile(r"overdue|\blate\b|past due|not paid on time")
WHO_OWES_RE = re.compile(r"who (owes|is owing|has(n'?t| not) paid)|\bowe[sd]? us\b|receivables?|overdue payments?"
                         r"|late pay")
ACCOUNT_RE = re.compile(r"\bowe[sd]?\b|owing|balance|credit|account|\bterms\b")
SALES_ORDERS_RE = re.compile(r"sales orders?|customer orders?|orders? to (ship|fulfil|fulfill|pick|pack)|\bsos\b")
ORDER_STATUSES = ("draft", "pending", "confirmed", "processing", "shipped", "delivered", "completed", "cancelled")
# A customer's name is looked for only in questions about customers, invoices or sales orders.
CUSTOMER_CONTEXT_RE = re.compile(r"customer|client|\bowe|owing|invoice|balance|credit|account|\bterms\b"
                                 r"|sales orders?|\borders?\b.{0,30}\b(for|of)\b|overdue|unpaid")
# Words a customer's name follows ("what does Acme owe", "balance of Acme", "what's Acme's credit").
NAME_AFTER_RE = re.compile(r"\b(?:customer|client|for|of|does|did|is|has|account|what'?s|about)\s+")
NAME_WORDS_RE = re.compile(r"[a-z][\w&.'-]*(?:\s+[a-z][\w&.'-]*){0,3}")
NOT_NAMES = {"invoices", "invoice", "customer", "client"}
SALES_DOC_RE = re.compile(r"sales orders?|invoice|customer")
SALES_WRITE_RE = re.compile(r"\b(create|make|raise|issue|generate|send|record|enter|log)\b.{0,30}"
                            r"\b(invoice|sales order|customer|payment)")
READ_ONLY_NOTE = ("I can read sales orders, customers and invoices but not create them: use the Sales orders "
                  "screen (/sales-orders/new).")


def find_customer(session: Session, text: str, low: str, *, creating: bool) -> tuple[str | None, str]:
    """The customer number a question names (by number, or by a unique part of the name), and the
    text with it removed."""
    if m := phrases.CUSTOMER_ID_RE.search(text):
        return m.group(0).upper(), low.replace(m.group(0).lower(), " ")
    if creating or not CUSTOMER_CONTEXT_RE.search(low):
        return None, low
    for after in NAME_AFTER_RE.finditer(low):
        found = NAME_WORDS_RE.match(low, after.end())
        words = [w.rstrip(".,?!").removesuffix("'s") for w in found.group(0).split()] if found else []
        if not words or words[0] in phrases.STOPWORDS or words[0] in NOT_NAMES:
            continue
        for n in range(len(words), 0, -1):  # longest name first: "harbor view hotel" before "harbor"
            name = " ".join(words[:n])
            if len(name) < 3:
                continue
            try:
                return resolve_customer(session, name).customer_number, low.replace(name, " ")
            except DomainError:
                continue
    return None, low


def asks_to_write(low: str, *, creating: bool, customer: str | None) -> bool:
    """Creating a sales order, an invoice or a payment: not something the assistant does."""
    return bool(SALES_WRITE_RE.search(low) or creating and (SALES_DOC_RE.search(low) or customer))


def _status(low: str) -> dict[str, str]:
    status = next((s for s in ORDER_STATUSES if re.search(rf"\b{s}\b", low)), None)
    return {"status": status} if status else {}


def document_route(low: str, customer: str | None) -> Route | None:
    """Invoices, a customer's account and sales order lists; None when the question is about none."""
    whose = {"customer": customer} if customer else {}
    unpaid = {} if OVERDUE_RE.search(low) else {"include_not_due": True}  # "unpaid" includes not due yet
    if INVOICE_RE.search(low) and UNPAID_RE.search(low):
        return "overdue_invoices", whose | unpaid
    if customer and (SALES_ORDERS_RE.search(low) or re.search(r"\borders?\b", low)) and not ACCOUNT_RE.search(low):
        return "sales_order_status", whose | _status(low)
    if customer:
        return "customer_account", whose
    if WHO_OWES_RE.search(low):
        return "overdue_invoices", unpaid
    if SALES_ORDERS_RE.search(low):
        return "sales_order_status", _status(low)
    return None


def summary_route(low: str) -> Route | None:
    """Sales figures for a period ("how much did we sell this week"), or the top sellers."""
    if not SALES_RE.search(low):
        return None
    period = next((p for p, words in PERIOD_WORDS if re.search(words, low)), "month")
    return "sales_summary", {"period": period, "focus": "top_sellers" if TOP_SELLERS_RE.search(low) else "periods"}
