"""Purchase order list: status tabs with counts, supplier and order-date filters, all in the URL."""

from __future__ import annotations

from datetime import date

import reflex as rx

from ...db import session_scope
from ...models.base import utcnow
from ...models.status import OPEN_PO_STATUSES, PurchaseOrderStatus
from ...services import purchasing, suppliers
from ...services.errors import DomainError
from .. import format as fmt
from .auth import AuthState
from .common import url_with
from .paging import PagedMixin, page_param

PAGE_SIZE = 25
ALL = "all"


def status_label(status: str) -> str:
    return status.replace("_", " ").capitalize()


def _tab_values() -> list[str]:
    return [ALL, purchasing.OPEN, *[str(s) for s in PurchaseOrderStatus]]


def _parse_day(text: str, name: str, problems: list[str]) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        problems.append(f"{name}: must be a date (YYYY-MM-DD)")
        return None


def supplier_choices(session, *, active_only: bool) -> list[dict[str, str]]:
    """Suppliers for a picker, by name (a small business has tens, not thousands)."""
    page = suppliers.list_suppliers(session, status="active" if active_only else None, limit=100)
    return [{"value": s.supplier_id, "label": f"{s.company_name} ({s.supplier_id})", "currency": s.currency}
            for s in page.items]


class PurchaseOrderListState(PagedMixin, AuthState):
    status: str = ALL
    supplier: str = ALL
    date_from: str = ""
    date_to: str = ""
    rows: list[dict[str, str]] = []
    tabs: list[dict[str, str]] = []
    supplier_options: list[dict[str, str]] = []
    error: str = ""

    @rx.event
    def load(self):
        if not self.is_authenticated:
            return
        q = self.router.url.query_parameters
        self.status = q.get("status") or ALL
        self.supplier = (q.get("supplier") or "").strip().upper() or ALL
        self.date_from, self.date_to = q.get("from", ""), q.get("to", "")
        self.page = page_param(q)
        problems: list[str] = []
        start, end = _parse_day(self.date_from, "from", problems), _parse_day(self.date_to, "to", problems)
        if self.status not in _tab_values():
            problems.append(f"status: must be one of {', '.join(_tab_values())}")
            self.status = ALL
        supplier = None if self.supplier == ALL else self.supplier
        try:
            with session_scope() as session:
                self.supplier_options = supplier_choices(session, active_only=False)
                counts = purchasing.count_by_status(session, supplier_id=supplier, start_date=start, end_date=end)
                result = purchasing.list_purchase_orders(
                    session, status=None if self.status == ALL else self.status, supplier_id=supplier,
                    start_date=start, end_date=end, page=self.page, limit=PAGE_SIZE)
                lines = purchasing.lines_by_order(session, [po.id for po, _ in result.items])
        except DomainError as exc:
            self.error, self.rows, self.total, self.total_pages = exc.message, [], 0, 1
            return
        self.error = "; ".join(problems)
        self.tabs = [
            {"value": v, "label": "All" if v == ALL else status_label(v),
             "count": fmt.count(sum(counts.values()) if v == ALL else
                                sum(counts[s] for s in OPEN_PO_STATUSES) if v == purchasing.OPEN else counts[v])}
            for v in _tab_values()
        ]
        self.total, self.total_pages = result.total, result.total_pages
        today = utcnow().date()
        self.rows = []
        for po, s in result.items:
            ordered = sum(line.quantity_ordered for line, _ in lines[po.id])
            received = sum(line.quantity_received for line, _ in lines[po.id])
            overdue = po.status in OPEN_PO_STATUSES and po.status != PurchaseOrderStatus.DRAFT \
                and po.expected_delivery_date.date() < today
            self.rows.append({
                "order_number": po.order_number, "supplier": s.display_name or s.company_name,
                "supplier_id": s.supplier_id, "status": po.status, "status_label": status_label(po.status),
                "order_date": fmt.date(po.order_date),
                "expected": fmt.date(po.expected_delivery_date), "overdue": "yes" if overdue else "",
                "lines": fmt.count(len(lines[po.id])), "received": f"{received:,} / {ordered:,}",
                "total": fmt.money(po.total_amount, po.currency),
            })

    def _go(self, **changes):
        params = {"status": "" if self.status == ALL else self.status,
                  "supplier": "" if self.supplier == ALL else self.supplier,
                  "from": self.date_from, "to": self.date_to, "page": ""} | changes
        return rx.redirect(url_with("/purchase-orders", **params))

    @rx.event
    def choose_status(self, value: str):
        return self._go(status="" if value == ALL else value)

    @rx.event
    def choose_supplier(self, value: str):
        return self._go(supplier="" if value == ALL else value)

    @rx.event
    def set_from(self, value: str):
        return self._go(**{"from": value})

    @rx.event
    def set_to(self, value: str):
        return self._go(to=value)

    @rx.event
    def clear_filters(self):
        return rx.redirect("/purchase-orders")

    def _show_page(self):
        return self._go(page=str(self.page) if self.page > 1 else "")
