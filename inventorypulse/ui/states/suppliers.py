"""Supplier list and supplier detail states. The list's filters live in the URL."""

from __future__ import annotations

import reflex as rx

from ...db import session_scope
from ...services import procurement, purchasing, suppliers
from ...services.errors import DomainError
from .. import format as fmt
from .auth import AuthState
from .common import url_with
from .paging import PagedMixin, page_param
from .purchase_orders import status_label

PAGE_SIZE = 25
HISTORY_SIZE = 10
OFFERS_SIZE = 50


def _percent(value) -> str:
    return "—" if value is None else f"{value}%"


class SupplierListState(PagedMixin, AuthState):
    search: str = ""
    status: str = "all"
    preferred_only: bool = False
    rows: list[dict[str, str]] = []
    error: str = ""
    loading: bool = False

    @rx.event
    def load(self):
        if not self.is_authenticated:
            return
        q = self.router.url.query_parameters
        self.search = q.get("search", "")
        self.status = q.get("status") or "all"
        self.preferred_only = q.get("preferred") == "true"
        self.page = page_param(q)
        try:
            with session_scope() as session:
                result = suppliers.list_suppliers(
                    session, status=None if self.status == "all" else self.status,
                    preferred=True if self.preferred_only else None, search=self.search or None,
                    page=self.page, limit=PAGE_SIZE)
        except DomainError as exc:
            self.error, self.rows, self.total, self.total_pages = exc.message, [], 0, 1
            return
        self.error = ""
        self.total, self.total_pages = result.total, result.total_pages
        self.rows = [
            {"supplier_id": s.supplier_id, "name": s.company_name, "contact": s.primary_contact, "email": s.email,
             "country": s.country, "lead_time": f"{s.lead_time_days} d", "rating": f"{s.rating:.1f}",
             "status": s.status, "status_label": s.status.capitalize(), "preferred": "yes" if s.preferred else ""}
            for s in result.items
        ]

    def _go(self, **changes):
        params = {"search": self.search, "status": "" if self.status == "all" else self.status,
                  "preferred": "true" if self.preferred_only else "", "page": ""} | changes
        return rx.redirect(url_with("/suppliers", **params))

    @rx.event
    def apply_search(self, form: dict):
        return self._go(search=(form.get("search") or "").strip())

    @rx.event
    def choose_status(self, value: str):
        return self._go(status="" if value == "all" else value)

    @rx.event
    def toggle_preferred(self, value: bool):
        return self._go(preferred="true" if value else "")

    @rx.event
    def clear_filters(self):
        return rx.redirect("/suppliers")

    def _show_page(self):
        return self._go(page=str(self.page) if self.page > 1 else "")


class SupplierDetailState(AuthState):
    supplier: dict[str, str] = {}
    performance: dict[str, str] = {}
    offers: list[dict[str, str]] = []
    offer_count: int = 0
    orders: list[dict[str, str]] = []
    order_count: int = 0
    not_found: str = ""

    @rx.event
    def load(self):
        if not self.is_authenticated:
            return
        code = self.router.page.params.get("supplier_id", "")
        try:
            with session_scope() as session:
                s = suppliers.get_supplier(session, code)
                perf = suppliers.supplier_performance(session, s)
                offers = procurement.products_supplied(session, supplier_id=s.supplier_id, limit=OFFERS_SIZE)
                history = purchasing.list_purchase_orders(session, supplier_id=s.supplier_id, limit=HISTORY_SIZE)
        except DomainError as exc:
            self.not_found, self.supplier = exc.message, {}
            return
        self.not_found = ""
        address = ", ".join(p for p in (s.street, s.city, s.state, s.postal_code, s.country) if p)
        self.supplier = {
            "supplier_id": s.supplier_id, "name": s.company_name, "display_name": s.display_name or "",
            "status": s.status, "status_label": s.status.capitalize(), "preferred": "yes" if s.preferred else "",
            "contact": s.primary_contact,
            "email": s.email, "phone": s.phone, "alternative_phone": s.alternative_phone or "—",
            "website": s.website or "", "address": address, "tax_id": s.tax_id or "—",
            "payment_terms": f"Net {s.payment_terms} days", "currency": s.currency,
            "lead_time": f"{s.lead_time_days} days", "minimum_order": fmt.money(s.minimum_order_value, s.currency),
            "rating": f"{s.rating:.1f} / 5", "notes": s.notes or "", "created": fmt.date(s.created_at),
        }
        self.performance = {
            "on_time": _percent(perf.on_time_delivery_rate),
            "lead_time": "—" if perf.average_lead_time is None else f"{perf.average_lead_time} days",
            "fill_rate": _percent(perf.fill_rate), "reliability": _percent(perf.reliability_score),
            "orders": fmt.count(perf.total_orders), "last_order": fmt.date(perf.last_order_date),
            "quality": "—" if perf.quality_rating is None else f"{perf.quality_rating} / 5",
            "products": fmt.count(perf.products_supplied),
        }
        self.offers = [
            {"product_id": p.product_id, "name": p.name, "code": o.supplier_product_code or "—",
             "cost": fmt.money(o.cost, o.currency), "lead_time": f"{o.lead_time_days} d",
             "moq": fmt.count(o.min_order_quantity), "stock": fmt.count(p.current_stock),
             "primary": "yes" if o.is_primary else "", "active": "yes" if o.is_active else "",
             "last_ordered": fmt.date(o.last_order_date)}
            for o, p in offers.items
        ]
        self.offer_count = offers.total
        self.order_count = history.total
        self.orders = [
            {"order_number": po.order_number, "status": po.status, "status_label": status_label(po.status),
             "order_date": fmt.date(po.order_date),
             "expected": fmt.date(po.expected_delivery_date), "delivered": fmt.date(po.actual_delivery_date),
             "total": fmt.money(po.total_amount, po.currency)}
            for po, _ in history.items
        ]
