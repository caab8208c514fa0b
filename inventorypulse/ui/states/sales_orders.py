"""Sales order list: status tabs, a customer filter and a search, all in the URL, with paging."""

from __future__ import annotations

import reflex as rx

from ...db import session_scope
from ...models.status import SalesOrderStatus
from ...services import customers, permissions, sales
from ...services.errors import DomainError
from ...services.permissions import Perm
from .. import format as fmt
from .auth import AuthState
from .common import acting_user, url_with
from .paging import PagedMixin, page_param

PAGE_SIZE = 25
ALL = "all"
OPEN = "open"  # draft to processing: not yet shipped (sales.OPEN)
TABS = (ALL, OPEN, *[str(s) for s in SalesOrderStatus])


def status_label(status: str) -> str:
    return fmt.label(status)


def may_sell(state: AuthState, session) -> bool:
    """Whether the signed-in user may create and move sales orders (staff and up)."""
    return permissions.has_perm(acting_user(state, session), Perm.SALES_WRITE)


class SalesOrderListState(PagedMixin, AuthState):
    status: str = ALL
    customer: str = ""
    customer_name: str = ""
    search: str = ""
    rows: list[dict[str, str]] = []
    can_sell: bool = False
    error: str = ""

    @rx.event
    def load(self):
        if not self.is_authenticated:
            return
        q = self.router.url.query_parameters
        self.status = q.get("status") or ALL
        self.customer = (q.get("customer") or "").strip().upper()
        self.search = (q.get("search") or "").strip()
        self.page = page_param(q)
        problem = ""
        if self.status not in TABS:
            problem, self.status = f"status: must be one of {', '.join(TABS)}", ALL
        try:
            with session_scope() as session:
                self.can_sell = may_sell(self, session)
                self.customer_name = self._customer_name(session)
                result = sales.list_sales_orders(
                    session, status=None if self.status == ALL else self.status, customer_id=self.customer or None,
                    search=self.search or None, page=self.page, limit=PAGE_SIZE)
                lines = sales.lines_by_order(session, [o.id for o, _ in result.items])
        except DomainError as exc:
            self.error, self.rows, self.total, self.total_pages = exc.message, [], 0, 1
            return
        self.error = problem
        self.total, self.total_pages = result.total, result.total_pages
        self.rows = [
            {"order_number": o.order_number, "customer": c.name, "customer_id": c.customer_number,
             "date": fmt.date(o.order_date), "status": o.status, "status_label": status_label(o.status),
             "payment_status": o.payment_status, "payment_label": status_label(o.payment_status),
             "lines": fmt.count(len(lines[o.id])), "total": fmt.money(o.total_amount, o.currency)}
            for o, c in result.items
        ]

    def _customer_name(self, session) -> str:
        if not self.customer:
            return ""
        try:
            return customers.find_customer(session, self.customer).name
        except DomainError:
            return self.customer  # the list then simply shows no orders

    def _go(self, **changes):
        params = {"status": "" if self.status == ALL else self.status, "customer": self.customer,
                  "search": self.search, "page": ""} | changes
        return rx.redirect(url_with("/sales-orders", **params))

    def _show_page(self):
        return self._go(page=str(self.page) if self.page > 1 else "")

    @rx.event
    def choose_status(self, value: str):
        return self._go(status="" if value == ALL else value)

    @rx.event
    def apply_search(self, form: dict):
        return self._go(search=(form.get("search") or "").strip())

    @rx.event
    def clear_customer(self):
        return self._go(customer="")

    @rx.event
    def clear_filters(self):
        return rx.redirect("/sales-orders")
