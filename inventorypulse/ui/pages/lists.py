"""Simple list pages: products, suppliers, purchase orders, alerts, users."""

import reflex as rx

from ..components.layout import page_shell
from ..components.widgets import data_table, pager, status_badge
from ..states import lists as L
from ..states.auth import AuthState

CODE_COLUMNS = {"product_id", "sku", "supplier_id", "order_number", "alert_id", "user_id"}


def _cell(row, key: str, badges) -> rx.Component:
    if key in badges:
        return rx.table.cell(status_badge(row[key]))
    # Business codes must not wrap mid-code.
    return rx.table.cell(rx.text(row[key], white_space="nowrap" if key in CODE_COLUMNS else "normal"))


def _cells(row, keys: list[str], badges: tuple[str, ...] = ()) -> rx.Component:
    return rx.table.row(*[_cell(row, k, badges) for k in keys])


def list_body(state, headers: list[str], keys: list[str], testid: str, badges=(), toolbar=None):
    return rx.vstack(
        toolbar if toolbar is not None else rx.fragment(),
        rx.cond(state.error != "", rx.callout(state.error, icon="triangle-alert", color_scheme="red")),
        data_table(headers, state.rows, lambda r: _cells(r, keys, badges), testid=testid),
        pager(state.page, state.total_pages, state.total, state.prev_page, state.next_page),
        width="100%",
        spacing="3",
    )


def products_page() -> rx.Component:
    S = L.ProductListState
    toolbar = rx.hstack(
        rx.form(
            rx.hstack(
                rx.input(name="search", placeholder="Search name, SKU, barcode…", default_value=S.search,
                         width="320px", data_testid="product-search"),
                rx.button(rx.icon("search", size=16), "Search", type="submit"),
            ),
            on_submit=S.apply_search,
        ),
        rx.spacer(),
        rx.hstack(rx.switch(checked=S.low_stock, on_change=S.toggle_low_stock, data_testid="low-stock-toggle"),
                  rx.text("Low stock only", size="2"), align="center"),
        width="100%",
        align="center",
    )
    return page_shell(
        "Products",
        list_body(
            S,
            ["Product", "Name", "SKU", "Category", "Stock", "Available", "Threshold", "Price", "Stock status",
             "Status"],
            ["product_id", "name", "sku", "category", "stock", "available", "threshold", "price", "stock_status",
             "status"],
            "products-table",
            badges=("stock_status", "status"),
            toolbar=toolbar,
        ),
    )


def suppliers_page() -> rx.Component:
    return page_shell(
        "Suppliers",
        list_body(
            L.SupplierListState,
            ["Supplier", "Company", "Contact", "Email", "Country", "Lead time", "Rating", "Preferred", "Status"],
            ["supplier_id", "name", "contact", "email", "country", "lead_time", "rating", "preferred", "status"],
            "suppliers-table",
            badges=("status",),
        ),
    )


def purchase_orders_page() -> rx.Component:
    return page_shell(
        "Purchase orders",
        list_body(
            L.PurchaseOrderListState,
            ["PO number", "Supplier", "Status", "Ordered", "Expected", "Total"],
            ["order_number", "supplier", "status", "order_date", "expected", "total"],
            "purchase-orders-table",
            badges=("status",),
        ),
    )


def alerts_page() -> rx.Component:
    return page_shell(
        "Alerts",
        list_body(
            L.AlertListState,
            ["Alert", "Type", "Severity", "Title", "Product", "Status", "Created"],
            ["alert_id", "type", "severity", "title", "product", "status", "created"],
            "alerts-table",
            badges=("severity", "status"),
        ),
    )


def users_page() -> rx.Component:
    return page_shell(
        "Users",
        list_body(
            L.UserListState,
            ["User", "Username", "Name", "Email", "Role", "Status", "Last login"],
            ["user_id", "username", "name", "email", "role", "status", "last_login"],
            "users-table",
            badges=("status",),
        ),
    )


def on_load(state) -> list:
    return [AuthState.require_login, state.load]
