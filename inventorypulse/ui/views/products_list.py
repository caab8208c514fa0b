"""Products list section: search, filters, CSV actions, the sortable table and the pager."""

from __future__ import annotations

import reflex as rx

from ..components.widgets import header_cell, num_cell, pager, status_badge
from ..states.products import ProductListState as S
from ..states.products.common import ALL
from .products_csv import import_dialog
from .products_widgets import MUTED

STATUS_CHOICES = [(ALL, "All statuses"), ("active", "Active"), ("pending", "Pending"),
                  ("discontinued", "Discontinued")]
STOCK_CHOICES = [(ALL, "Any stock level"), ("ok", "OK"), ("low", "Low"), ("out", "Out of stock"),
                 ("over", "Over maximum")]


def _select(value, on_change, testid: str, width: str, *items) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(width=width, data_testid=testid),
        rx.select.content(*items),
        value=value,
        on_change=on_change,
    )


def _choices(choices) -> list[rx.Component]:
    return [rx.select.item(label, value=value) for value, label in choices]


def _options(all_label: str, options) -> list[rx.Component]:
    return [rx.select.item(all_label, value=ALL),
            rx.foreach(options, lambda o: rx.select.item(o["label"], value=o["value"]))]


def actions() -> rx.Component:
    return rx.hstack(
        rx.button(rx.cond(S.exporting, rx.spinner(size="1"), rx.icon("download", size=16)), "Export CSV",
                  variant="soft", color_scheme="gray", on_click=S.export_csv, disabled=S.exporting,
                  data_testid="export-csv"),
        rx.cond(S.can_edit, import_dialog()),
        rx.cond(S.can_edit, rx.link(rx.button(rx.icon("plus", size=16), "New product", data_testid="new-product"),
                                    href="/products/new")),
        spacing="2",
        align="center",
    )


def toolbar() -> rx.Component:
    search = rx.form(
        rx.hstack(
            rx.input(rx.input.slot(rx.icon("search", size=16)), name="search", default_value=S.search,
                     key=S.search, placeholder="Search name, SKU, barcode…", width="300px",
                     data_testid="product-search"),
            rx.button("Search", type="submit", variant="soft", data_testid="product-search-submit"),
            spacing="2",
        ),
        on_submit=S.apply_search,
        width="auto",
    )
    filters = rx.hstack(
        _select(S.category, S.set_category, "filter-category", "170px", *_options("All categories",
                                                                                 S.category_options)),
        _select(S.status, S.set_status, "filter-status", "150px", *_choices(STATUS_CHOICES)),
        _select(S.supplier, S.set_supplier, "filter-supplier", "230px", *_options("All suppliers",
                                                                                 S.supplier_options)),
        _select(S.stock, S.set_stock, "filter-stock", "160px", *_choices(STOCK_CHOICES)),
        rx.cond(S.has_filters, rx.button(rx.icon("x", size=14), "Clear filters", variant="ghost",
                                         color_scheme="gray", on_click=S.clear_filters,
                                         data_testid="clear-filters")),
        spacing="2",
        align="center",
        wrap="wrap",
    )
    return rx.vstack(
        rx.hstack(search, rx.spacer(), actions(), width="100%", align="center", wrap="wrap", spacing="3"),
        filters,
        spacing="3",
        width="100%",
    )


def sort_header(label: str, key: str, *, right: bool = False) -> rx.Component:
    active = S.sort == key
    icon = rx.cond(active, rx.cond(S.order == "asc", rx.icon("arrow-up", size=13), rx.icon("arrow-down", size=13)),
                   rx.icon("arrow-up-down", size=13, opacity="0.35"))
    return rx.table.column_header_cell(
        rx.hstack(rx.text(label), icon, spacing="1", align="center", justify="end" if right else "start"),
        on_click=S.sort_by(key),
        cursor="pointer",
        user_select="none",
        white_space="nowrap",
        text_align="right" if right else "left",
        aria_sort=rx.cond(active, rx.cond(S.order == "asc", "ascending", "descending"), "none"),
        data_testid=f"sort-{key}",
        _hover={"background": rx.color("gray", 3)},
    )


def _row(row) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.vstack(
            rx.link(row["product_id"], href="/products/" + row["product_id"], white_space="nowrap", weight="medium"),
            rx.text(row["sku"], size="1", color=MUTED, white_space="nowrap"),
            spacing="0",
        ), data_testid="cell-product"),
        rx.table.cell(rx.link(row["name"], href="/products/" + row["product_id"], color=rx.color("gray", 12),
                              underline="hover"), min_width="220px"),
        rx.table.cell(rx.text(row["category"], white_space="nowrap")),
        num_cell(row["stock"], data_testid="cell-stock"),
        num_cell(row["available"]),
        num_cell(row["threshold"]),
        num_cell(row["price"]),
        rx.table.cell(status_badge(row["stock_status"]), data_testid="cell-stock-status"),
        rx.table.cell(status_badge(row["status"])),
        data_testid="product-row",
    )


def product_table() -> rx.Component:
    return rx.table.root(
        rx.table.header(rx.table.row(
            sort_header("Product / SKU", "product_id"), sort_header("Name", "name"), header_cell("Category"),
            sort_header("Stock", "current_stock", right=True),
            sort_header("Available", "available_stock", right=True),
            sort_header("Threshold", "reorder_threshold", right=True),
            sort_header("Price", "selling_price", right=True), header_cell("Level"), header_cell("Status"),
        )),
        rx.table.body(rx.foreach(S.rows, _row)),
        variant="surface",
        size="2",
        width="100%",
        data_testid="products-table",
    )


def product_list() -> rx.Component:
    return rx.vstack(
        toolbar(),
        rx.cond(S.error != "", rx.callout(S.error, icon="triangle-alert", color_scheme="red", width="100%")),
        rx.box(product_table(), width="100%", overflow_x="auto"),
        rx.cond((S.rows.length() == 0) & (S.error == "") & S.loaded,
                rx.text("No products match these filters.", size="2", color=MUTED, data_testid="products-empty")),
        pager(S.page, S.total_pages, S.total_text, S.prev_page, S.next_page),
        spacing="4",
        width="100%",
    )
