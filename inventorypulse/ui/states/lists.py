"""Simple list states for the catalogue screens (full screens come with their own issue)."""

from __future__ import annotations

import reflex as rx

from ...db import session_scope
from ...services import alerts, products, purchasing, suppliers, users
from ...services.errors import DomainError
from .. import format as fmt
from .auth import AuthState

PAGE_SIZE = 25


class ListState(AuthState):
    """Pagination shared by the list pages; subclasses implement `_fetch`."""

    page: int = 1
    total: int = 0
    total_pages: int = 1
    rows: list[dict[str, str]] = []
    error: str = ""

    def _fetch(self, session, page: int):
        raise NotImplementedError

    def _reload(self):
        if not self.is_authenticated:
            return
        try:
            with session_scope() as session:
                result, rows = self._fetch(session, self.page)
        except DomainError as exc:
            self.error = exc.message
            return
        self.error = ""
        self.rows, self.total, self.total_pages = rows, result.total, result.total_pages

    @rx.event
    def load(self):
        self.page = 1
        self._reload()

    @rx.event
    def next_page(self):
        if self.page < self.total_pages:
            self.page += 1
            self._reload()

    @rx.event
    def prev_page(self):
        if self.page > 1:
            self.page -= 1
            self._reload()


class ProductListState(ListState):
    search: str = ""
    low_stock: bool = False

    def _fetch(self, session, page):
        filters = products.ProductFilters(search=self.search or None, low_stock=self.low_stock)
        result = products.list_products(session, filters=filters, page=page, limit=PAGE_SIZE)
        rows = [
            {
                "product_id": p.product_id, "name": p.name, "sku": p.sku, "category": category,
                "stock": fmt.count(p.current_stock), "available": fmt.count(p.available_stock),
                "threshold": fmt.count(p.reorder_threshold), "price": fmt.money(p.selling_price, p.currency),
                "stock_status": products.stock_status(p), "status": p.status,
            }
            for p, category, _supplier in result.items
        ]
        return result, rows

    @rx.event
    def load(self):
        self.low_stock = self.router.url.query_parameters.get("low_stock", "") == "true"
        self.search = self.router.url.query_parameters.get("search", "")
        self.page = 1
        self._reload()

    @rx.event
    def apply_search(self, form: dict):
        self.search = (form.get("search") or "").strip()
        self.page = 1
        self._reload()

    @rx.event
    def toggle_low_stock(self, value: bool):
        self.low_stock = value
        self.page = 1
        self._reload()


class SupplierListState(ListState):
    def _fetch(self, session, page):
        result = suppliers.list_suppliers(session, page=page, limit=PAGE_SIZE)
        rows = [
            {
                "supplier_id": s.supplier_id, "name": s.company_name, "contact": s.primary_contact,
                "email": s.email, "country": s.country, "lead_time": f"{s.lead_time_days} d",
                "rating": f"{s.rating:.1f}", "status": s.status, "preferred": "★" if s.preferred else "",
            }
            for s in result.items
        ]
        return result, rows


class PurchaseOrderListState(ListState):
    def _fetch(self, session, page):
        result = purchasing.list_purchase_orders(session, page=page, limit=PAGE_SIZE)
        rows = [
            {
                "order_number": po.order_number, "supplier": s.display_name or s.company_name,
                "status": po.status, "order_date": fmt.date(po.order_date),
                "expected": fmt.date(po.expected_delivery_date), "total": fmt.money(po.total_amount, po.currency),
            }
            for po, s in result.items
        ]
        return result, rows


class AlertListState(ListState):
    def _fetch(self, session, page):
        result = alerts.list_alerts(session, page=page, limit=PAGE_SIZE)
        rows = [
            {
                "alert_id": a.alert_id, "type": a.alert_type, "severity": a.severity, "title": a.title,
                "product": p.product_id if p else "—", "status": a.status, "created": fmt.date(a.created_at),
            }
            for a, p in result.items
        ]
        return result, rows


class UserListState(ListState):
    def _fetch(self, session, page):
        result = users.list_users(session, page=page, limit=PAGE_SIZE)
        rows = [
            {
                "user_id": u.user_id, "username": u.username, "name": f"{u.first_name} {u.last_name}".strip(),
                "email": u.email, "role": u.role, "status": u.status, "last_login": fmt.date(u.last_login),
            }
            for u in result.items
        ]
        return result, rows

    @rx.event
    def load(self):
        if self.is_authenticated and not self.is_admin:
            return rx.redirect("/")
        self.page = 1
        self._reload()
