"""The products list. Filters, sort and page live in the URL, so a view can be shared and reloaded.

Only the current page's rows are held (one list query + one count per change); changing a filter
rewrites the URL with history.replaceState, which needs no navigation and no second load.
"""

from __future__ import annotations

import asyncio
import json
from urllib.parse import urlencode

import reflex as rx

from ....db import session_scope
from ....models.base import utcnow
from ....models.status import ProductStatus
from ....services import product_csv, products
from ....services.errors import DomainError
from ... import format as fmt
from ..auth import AuthState
from ..paging import PagedMixin
from .common import ALL, category_options, supplier_options

PAGE_SIZE = 25
SORT_KEYS = ("product_id", "name", "sku", "current_stock", "available_stock", "reorder_threshold",
             "selling_price")
STATUSES = tuple(str(s) for s in ProductStatus)


def _row(product, category: str, supplier: str | None) -> dict[str, str]:
    return {
        "product_id": product.product_id, "name": product.name, "sku": product.sku, "category": category,
        "supplier": supplier or "—", "stock": fmt.count(product.current_stock),
        "available": fmt.count(product.available_stock), "threshold": fmt.count(product.reorder_threshold),
        "price": fmt.money(product.selling_price, product.currency),
        "stock_status": products.stock_status(product), "status": str(product.status),
    }


def _export(filters: products.ProductFilters) -> str:
    with session_scope() as session:
        return "".join(product_csv.export_csv(session, filters=filters))


class ProductListState(PagedMixin, AuthState):
    search: str = ""
    category: str = ALL  # category id
    status: str = ALL
    supplier: str = ALL  # supplier business id
    stock: str = ALL  # ok / low / out / over
    sort: str = "name"
    order: str = "asc"
    rows: list[dict[str, str]] = []
    category_options: list[dict[str, str]] = []
    supplier_options: list[dict[str, str]] = []
    error: str = ""
    loaded: bool = False  # the first page has arrived (no "nothing found" flash before it)
    exporting: bool = False

    @rx.var
    def total_text(self) -> str:
        return f"{self.total:,}"

    @rx.var
    def has_filters(self) -> bool:
        return bool(self.search) or any(v != ALL for v in (self.category, self.status, self.supplier, self.stock))

    # --- URL <-> filters -----------------------------------------------------------------------

    def _read_query(self, query) -> None:
        self.search = (query.get("search") or "").strip()[:100]
        raw = (query.get("category") or "").strip().lower()  # the id, or a name from older links
        match = [o["value"] for o in self.category_options if raw in (o["value"], o["label"].lower())]
        self.category = match[0] if raw and match else ALL
        self.status = query.get("status") if query.get("status") in STATUSES else ALL
        self.supplier = (query.get("supplier") or "").strip().upper() or ALL
        stock = query.get("stock")
        low = (query.get("low_stock") or "").lower() == "true"  # the dashboard's older link
        self.stock = stock if stock in products.STOCK_STATES else ("low" if low else ALL)
        self.sort = query.get("sort") if query.get("sort") in SORT_KEYS else "name"
        self.order = query.get("dir") if query.get("dir") in ("asc", "desc") else "asc"
        page = query.get("page") or ""
        self.page = int(page) if page.isdigit() and 0 < int(page) < 1_000_000 else 1

    def _url(self) -> str:
        params = {"search": self.search, "category": self.category, "status": self.status,
                  "supplier": self.supplier, "stock": self.stock}
        query = {k: v for k, v in params.items() if v and v != ALL}
        if (self.sort, self.order) != ("name", "asc"):
            query |= {"sort": self.sort, "dir": self.order}
        if self.page > 1:
            query["page"] = str(self.page)
        return "/products" + (f"?{urlencode(query)}" if query else "")

    def _sync_url(self):
        return rx.call_script(f"window.history.replaceState(window.history.state, '', {json.dumps(self._url())})")

    def _filters(self) -> products.ProductFilters:
        names = {o["value"]: o["label"] for o in self.category_options}
        return products.ProductFilters(
            search=self.search or None,
            category=names.get(self.category) if self.category != ALL else None,
            status=None if self.status == ALL else self.status,
            supplier_id=None if self.supplier == ALL else self.supplier,
            stock=None if self.stock == ALL else self.stock,
            sort=self.sort, order=self.order,
        )

    # --- loading -------------------------------------------------------------------------------

    def _fetch(self) -> None:
        filters = self._filters()
        try:
            with session_scope() as session:
                result = products.list_products(session, filters=filters, page=self.page, limit=PAGE_SIZE)
                if result.total and self.page > result.total_pages:  # a shared link to a page that has gone
                    self.page = result.total_pages
                    result = products.list_products(session, filters=filters, page=self.page, limit=PAGE_SIZE)
        except DomainError as exc:
            self.error, self.rows, self.total, self.total_pages = exc.message, [], 0, 1
            return
        self.error, self.loaded = "", True
        self.rows = [_row(*item) for item in result.items]
        self.total, self.total_pages = result.total, result.total_pages

    @rx.event
    def load(self):
        """on_load: the filters come from the URL, so a reload or a shared link shows the same view."""
        if not self.is_authenticated:
            return None
        with session_scope() as session:
            self.category_options = category_options(session)
            self.supplier_options = supplier_options(session)
        self._read_query(self.router.url.query_parameters)
        self._fetch()
        return self._sync_url()

    def _changed(self, *, keep_page: bool = False):
        if not keep_page:
            self.page = 1
        self._fetch()
        return self._sync_url()

    @rx.event
    def refresh(self):
        self._fetch()

    # --- filters, sort, pages --------------------------------------------------------------------

    @rx.event
    def apply_search(self, form: dict):
        self.search = (form.get("search") or "").strip()[:100]
        return self._changed()

    @rx.event
    def set_category(self, value: str):
        self.category = value
        return self._changed()

    @rx.event
    def set_status(self, value: str):
        self.status = value
        return self._changed()

    @rx.event
    def set_supplier(self, value: str):
        self.supplier = value
        return self._changed()

    @rx.event
    def set_stock(self, value: str):
        self.stock = value
        return self._changed()

    @rx.event
    def clear_filters(self):
        self.search, self.category, self.status, self.supplier, self.stock = "", ALL, ALL, ALL, ALL
        return self._changed()

    @rx.event
    def sort_by(self, key: str):
        if key not in SORT_KEYS:
            return None
        if self.sort == key:
            self.order = "desc" if self.order == "asc" else "asc"
        else:
            self.sort, self.order = key, "asc"
        return self._changed()

    def _show_page(self):
        return self._changed(keep_page=True)

    # --- CSV export ----------------------------------------------------------------------------

    @rx.event(background=True)
    async def export_csv(self):
        """The current filtered view (every page) as a CSV download."""
        async with self:
            if self.exporting or not self.is_authenticated:
                return
            self.exporting = True
            filters = self._filters()
        try:
            text = await asyncio.to_thread(_export, filters)
        except DomainError as exc:
            async with self:
                self.exporting = False
            yield rx.toast.error(exc.message)
            return
        async with self:
            self.exporting = False
        yield rx.download(data=text, filename=f"products-{utcnow():%Y%m%d-%H%M%S}.csv", mime_type="text/csv")
