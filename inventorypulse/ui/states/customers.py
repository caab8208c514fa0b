"""Customer list and customer detail states. The list's filters live in the URL."""

from __future__ import annotations

import reflex as rx

from ...db import session_scope
from ...models.status import CustomerType
from ...services import customers, invoices, permissions, sales
from ...services.errors import DomainError
from ...services.permissions import Perm
from .. import format as fmt
from .auth import AuthState
from .common import acting_user, url_with
from .paging import PagedMixin, page_param

PAGE_SIZE = 25
HISTORY_SIZE = 10
ALL = "all"
ACTIVE_CHOICES = {"true": True, "false": False}
TYPE_CHOICES = [(ALL, "All types"), *[(str(t), fmt.label(str(t))) for t in CustomerType]]


def role_may(role: str, perm: Perm) -> bool:
    """What the signed-in role may do, from the service's permission matrix (for showing buttons)."""
    return perm in permissions.ROLE_PERMISSIONS.get(role, frozenset())


def address_text(c, prefix: str = "") -> str:
    parts = (getattr(c, f"{prefix}{k}") for k in customers.ADDRESS)
    return ", ".join(p for p in parts if p)


class CustomerListState(PagedMixin, AuthState):
    search: str = ""
    customer_type: str = ALL
    active: str = ALL
    rows: list[dict[str, str]] = []
    error: str = ""

    @rx.var
    def can_write(self) -> bool:
        return role_may(self.role, Perm.CUSTOMER_WRITE)

    @rx.event
    def load(self):
        if not self.is_authenticated:
            return
        q = self.router.url.query_parameters
        self.search = q.get("search", "")
        self.customer_type = q.get("type") or ALL
        self.active = q.get("active") if q.get("active") in ACTIVE_CHOICES else ALL
        self.page = page_param(q)
        try:
            with session_scope() as session:
                result = customers.list_customers(
                    session, search=self.search or None,
                    customer_type=None if self.customer_type == ALL else self.customer_type,
                    active=ACTIVE_CHOICES.get(self.active), page=self.page, limit=PAGE_SIZE)
        except DomainError as exc:
            self.error, self.rows, self.total, self.total_pages = exc.message, [], 0, 1
            return
        self.error = ""
        self.total, self.total_pages = result.total, result.total_pages
        self.rows = [
            {"number": c.customer_number, "name": c.name, "type": c.customer_type,
             "type_label": fmt.label(c.customer_type), "email": c.email or "—", "phone": c.phone or "—",
             "terms": c.payment_terms, "credit_limit": fmt.money(c.credit_limit),
             "balance": fmt.money(c.current_balance), "owes": "yes" if c.current_balance > 0 else "",
             "active": "yes" if c.is_active else ""}
            for c in result.items
        ]

    def _go(self, **changes):
        params = {"search": self.search, "type": "" if self.customer_type == ALL else self.customer_type,
                  "active": "" if self.active == ALL else self.active, "page": ""} | changes
        return rx.redirect(url_with("/customers", **params))

    def _show_page(self):
        return self._go(page=str(self.page) if self.page > 1 else "")

    @rx.event
    def apply_search(self, form: dict):
        return self._go(search=(form.get("search") or "").strip())

    @rx.event
    def choose_type(self, value: str):
        return self._go(type="" if value == ALL else value)

    @rx.event
    def choose_active(self, value: str):
        return self._go(active="" if value == ALL else value)

    @rx.event
    def clear_filters(self):
        return rx.redirect("/customers")


class CustomerDetailState(AuthState):
    customer: dict[str, str] = {}
    orders: list[dict[str, str]] = []
    order_count: int = 0
    invoice_rows: list[dict[str, str]] = []
    invoice_count: int = 0
    not_found: str = ""
    confirm_deactivate: bool = False
    busy: bool = False

    @rx.var
    def can_write(self) -> bool:
        return role_may(self.role, Perm.CUSTOMER_WRITE)

    @rx.var
    def can_order(self) -> bool:
        return role_may(self.role, Perm.SALES_WRITE)

    @rx.event
    def load(self):
        if not self.is_authenticated:
            return
        number = self.router.page.params.get("customer_number", "")
        try:
            with session_scope() as session:
                c = customers.find_customer(session, number)
                credit = customers.credit_position(session, c)
                history = sales.list_sales_orders(session, customer_id=c.customer_number, limit=HISTORY_SIZE)
                billed = invoices.list_invoices(session, customer_id=c.customer_number, limit=HISTORY_SIZE)
                statuses = [invoices.effective_status(inv) for inv, _ in billed.items]
        except DomainError as exc:
            self.not_found, self.customer = exc.message, {}
            return
        self.not_found, self.confirm_deactivate = "", False
        shipping, billing = address_text(c), address_text(c, "billing_")
        self.customer = {
            "number": c.customer_number, "name": c.name, "type_label": fmt.label(c.customer_type),
            "email": c.email or "", "phone": c.phone or "—", "tax_id": c.tax_id or "—",
            "shipping": shipping or "—", "billing": billing or shipping or "—",
            "billing_note": "" if billing else "same as shipping",
            "terms": c.payment_terms, "credit_limit": fmt.money(credit.limit), "balance": fmt.money(credit.balance),
            "exposure": fmt.money(credit.exposure),
            "available": fmt.money(credit.available) if credit.on_credit else "Pays upfront",
            "credit_hint": "limit less open exposure" if credit.on_credit else f"{c.payment_terms}: no credit",
            "active": "yes" if c.is_active else "", "notes": c.notes or "", "created": fmt.date(c.created_at),
        }
        self.order_count, self.invoice_count = history.total, billed.total
        self.orders = [
            {"number": o.order_number, "status": o.status, "status_label": fmt.label(o.status),
             "date": fmt.date(o.order_date), "payment": fmt.label(o.payment_status),
             "total": fmt.money(o.total_amount, o.currency)}
            for o, _ in history.items
        ]
        self.invoice_rows = [
            {"number": inv.invoice_number, "status": status, "status_label": fmt.label(status),
             "issued": fmt.date(inv.issued_date), "due": fmt.date(inv.due_date),
             "total": fmt.money(inv.total_amount, inv.currency),
             "balance": fmt.money(inv.total_amount - inv.amount_paid, inv.currency)}
            for (inv, _), status in zip(billed.items, statuses, strict=True)
        ]

    @rx.event
    def set_confirm_deactivate(self, value: bool):
        self.confirm_deactivate = value

    @rx.event
    def deactivate(self):
        if self.busy:
            return
        self.busy = True
        yield
        number = self.customer.get("number", "")
        try:
            with session_scope() as session:
                customers.deactivate_customer(session, customer_number=number, user=acting_user(self, session))
        except DomainError as exc:
            self.busy, self.confirm_deactivate = False, False
            yield rx.toast.error(exc.message)
            return
        self.busy = False
        yield rx.toast.success(f"Customer {number} deactivated. Their orders and invoices are kept.")
        yield CustomerDetailState.load
