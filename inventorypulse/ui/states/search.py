"""Global search results page: `/search?q=…`."""

from __future__ import annotations

from urllib.parse import quote

import reflex as rx

from ...db import session_scope
from ...services import products
from ...services.errors import DomainError
from ...services.search import search_everything
from .. import format as fmt
from .auth import AuthState


class SearchState(AuthState):
    query: str = ""
    searched: bool = False
    loading: bool = False
    message: str = ""
    products: list[dict[str, str]] = []
    product_total: int = 0
    suppliers: list[dict[str, str]] = []
    supplier_total: int = 0
    purchase_orders: list[dict[str, str]] = []
    purchase_order_total: int = 0

    @rx.var
    def nothing_found(self) -> bool:
        return self.searched and not (self.products or self.suppliers or self.purchase_orders)

    @rx.var
    def all_products_href(self) -> str:
        return f"/products?search={quote(self.query)}"

    @rx.var
    def all_suppliers_href(self) -> str:
        return f"/suppliers?search={quote(self.query)}"

    @rx.event
    def load(self):
        if not self.is_authenticated:
            return
        self.query = (self.router.url.query_parameters.get("q") or "").strip()
        self.products, self.suppliers, self.purchase_orders = [], [], []
        self.searched, self.message = False, ""
        if not self.query:
            self.message = "Type a SKU, product name, supplier or PO number in the search box above."
            return
        self.loading = True
        yield  # the spinner shows while a big catalogue is scanned
        try:
            with session_scope() as session:
                found = search_everything(session, query=self.query)
        except DomainError as exc:
            self.loading, self.message = False, f"Search {exc.message.removeprefix('q: ')}."
            return
        self.products = [
            {"product_id": p.product_id, "name": p.name, "sku": p.sku, "category": category,
             "stock": fmt.count(p.available_stock), "stock_status": products.stock_status(p),
             "href": f"/products/{quote(p.product_id)}"}
            for p, category in found.products
        ]
        self.product_total = found.product_total
        self.suppliers = [
            {"supplier_id": s.supplier_id, "name": s.display_name or s.company_name, "email": s.email,
             "status": s.status, "href": f"/suppliers/{quote(s.supplier_id)}"}
            for s in found.suppliers
        ]
        self.supplier_total = found.supplier_total
        self.purchase_orders = [
            {"order_number": po.order_number, "supplier": s.display_name or s.company_name, "status": po.status,
             "total": fmt.money(po.total_amount, po.currency), "date": fmt.date(po.order_date),
             "href": f"/purchase-orders/{quote(po.order_number)}"}
            for po, s in found.purchase_orders
        ]
        self.purchase_order_total = found.purchase_order_total
        self.searched, self.loading = True, False
