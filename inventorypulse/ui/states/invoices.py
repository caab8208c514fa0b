"""Invoice list (status tabs, customer filter, in the URL) and one invoice, on screen and printable.
Every status shown is the service's effective status: overdue comes from the due date."""

from __future__ import annotations

import reflex as rx

from ...db import session_scope
from ...models.status import InvoiceStatus
from ...services import customers, invoices
from ...services.errors import DomainError
from ...services.permissions import Perm
from .. import format as fmt
from .auth import AuthState
from .common import url_with
from .customers import address_text, role_may
from .paging import PagedMixin, page_param

PAGE_SIZE = 25
ALL = "all"
TABS = (ALL, InvoiceStatus.UNPAID, InvoiceStatus.PARTIAL, InvoiceStatus.OVERDUE, InvoiceStatus.PAID)


class InvoiceListState(PagedMixin, AuthState):
    status: str = ALL
    customer: str = ALL
    tabs: list[dict[str, str]] = []
    customer_options: list[dict[str, str]] = []
    rows: list[dict[str, str]] = []
    error: str = ""

    @rx.event
    def load(self):
        if not self.is_authenticated:
            return
        q = self.router.url.query_parameters
        self.status = q.get("status") if q.get("status") in TABS else ALL
        self.customer = (q.get("customer") or "").strip().upper() or ALL
        self.page = page_param(q)
        customer = None if self.customer == ALL else self.customer
        try:
            with session_scope() as session:
                counts = invoices.count_invoices_by_status(session, customer_id=customer)
                result = invoices.list_invoices(session, status=None if self.status == ALL else self.status,
                                                customer_id=customer, page=self.page, limit=PAGE_SIZE)
                statuses = [invoices.effective_status(inv) for inv, _ in result.items]
                orders = invoices.order_numbers(session, [inv for inv, _ in result.items])
                people = customers.list_customers(session, limit=100)
        except DomainError as exc:
            self.error, self.rows, self.total, self.total_pages = exc.message, [], 0, 1
            return
        self.error = ""
        self.customer_options = [{"value": c.customer_number, "label": f"{c.name} ({c.customer_number})"}
                                 for c in people.items]
        self.tabs = [{"value": str(t), "label": "All" if t == ALL else fmt.label(t),
                      "count": fmt.count(sum(counts.values()) if t == ALL else counts[t])} for t in TABS]
        self.total, self.total_pages = result.total, result.total_pages
        self.rows = [
            {"number": inv.invoice_number, "order": orders[inv.id], "customer": c.name,
             "customer_number": c.customer_number,
             "issued": fmt.date(inv.issued_date), "due": fmt.date(inv.due_date),
             "total": fmt.money(inv.total_amount, inv.currency), "paid": fmt.money(inv.amount_paid, inv.currency),
             "balance": fmt.money(inv.total_amount - inv.amount_paid, inv.currency),
             "status": status, "status_label": fmt.label(status)}
            for (inv, c), status in zip(result.items, statuses, strict=True)
        ]

    def _go(self, **changes):
        params = {"status": "" if self.status == ALL else self.status,
                  "customer": "" if self.customer == ALL else self.customer, "page": ""} | changes
        return rx.redirect(url_with("/invoices", **params))

    def _show_page(self):
        return self._go(page=str(self.page) if self.page > 1 else "")

    @rx.event
    def choose_status(self, value: str):
        return self._go(status="" if value == ALL else value)

    @rx.event
    def choose_customer(self, value: str):
        return self._go(customer="" if value == ALL else value)

    @rx.event
    def clear_filters(self):
        return rx.redirect("/invoices")


class InvoiceDetailState(AuthState):
    invoice: dict[str, str] = {}
    lines: list[dict[str, str]] = []
    payments: list[dict[str, str]] = []
    not_found: str = ""

    @rx.var
    def can_record_payment(self) -> bool:
        return role_may(self.role, Perm.INVOICE_WRITE) & (self.invoice.get("open", "") == "yes")

    @rx.event
    def load(self):
        if not self.is_authenticated:
            return
        number = self.router.page.params.get("invoice_number", "")
        try:
            with session_scope() as session:
                d = invoices.get_invoice(session, invoice_number=number)
        except DomainError as exc:
            self.not_found, self.invoice = exc.message, {}
            return
        self.not_found = ""
        inv, c, cur = d.invoice, d.customer, d.invoice.currency
        self.invoice = {
            "number": inv.invoice_number, "order": d.order_number, "status": d.status,
            "status_label": fmt.label(d.status), "customer": c.name, "customer_number": c.customer_number,
            "customer_email": c.email or "", "bill_to": address_text(inv, "billing_") or "—",
            "terms": inv.payment_terms, "issued": fmt.date(inv.issued_date), "due": fmt.date(inv.due_date),
            "paid_date": fmt.date(inv.paid_date), "subtotal": fmt.money(inv.subtotal, cur),
            "discount": fmt.money(inv.discount_amount, cur), "has_discount": "yes" if inv.discount_amount else "",
            "tax": fmt.money(inv.tax_amount, cur), "shipping": fmt.money(inv.shipping_cost, cur),
            "total": fmt.money(inv.total_amount, cur), "paid": fmt.money(inv.amount_paid, cur),
            "balance": fmt.money(d.balance_due, cur), "balance_raw": str(d.balance_due),
            "open": "yes" if d.balance_due > 0 else "", "notes": inv.notes or "", "currency": cur,
        }
        self.lines = [
            {"line_no": str(ln["line_no"]), "sku": ln["sku"], "name": ln["name"], "quantity": fmt.count(ln["quantity"]),
             "unit_price": fmt.money(ln["unit_price"], cur),
             "discount": fmt.money(ln["discount"], cur) if ln["discount"] else "—",
             "total": fmt.money(ln["total"], cur)}
            for ln in d.lines
        ]
        self.payments = [
            {"date": fmt.date(p.paid_at), "method": fmt.label(p.method), "reference": p.reference or "—",
             "amount": fmt.money(p.amount, cur)}
            for p in d.payments
        ]
