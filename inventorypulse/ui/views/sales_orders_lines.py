"""The lines card of the sales order form: a product search showing available stock, the line
editor (quantity, unit price, discount) with each line's errors, and a refused confirmation."""

from __future__ import annotations

import reflex as rx

from ..components.forms import field_error
from ..components.widgets import section
from ..states.sales_orders_form import SalesOrderFormState as S


def _muted(*children, size: str = "1", **props) -> rx.Component:
    return rx.text(*children, size=size, color=rx.color("gray", 10), **props)


def _error(message, testid: str) -> rx.Component:
    return rx.cond(message != "", rx.text(message, size="1", color=rx.color("red", 11), data_testid=testid))


def _result(r) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text(r["name"], weight="medium", size="2"),
            _muted(r["product_id"], " · SKU ", r["sku"]),
            spacing="0",
        ),
        rx.spacer(),
        rx.badge(r["available"], " available", color_scheme=rx.cond(r["out"] == "yes", "red", "green"),
                 variant="soft", data_testid="available-" + r["product_id"]),
        rx.text(r["price"], size="2", white_space="nowrap", min_width="72px", text_align="right"),
        rx.button(rx.cond(r["on_order"] == "yes", "On order", "Add"), size="1", variant="soft",
                  disabled=r["on_order"] == "yes", on_click=S.add_product(r["product_id"]),
                  data_testid="pick-" + r["product_id"]),
        align="center", spacing="3", width="100%", padding_x="12px", padding_y="8px",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
    )


def product_search() -> rx.Component:
    return rx.vstack(
        rx.input(rx.input.slot(rx.icon("search", size=16)), value=S.search, on_change=S.search_products,
                 debounce_timeout=300, placeholder="Search products by name, SKU or id to add a line…",
                 width="100%", data_testid="so-product-search"),
        rx.cond(
            S.results.length() > 0,
            rx.box(rx.foreach(S.results, _result), width="100%", border=f"1px solid {rx.color('gray', 5)}",
                   border_radius="8px", overflow="hidden", data_testid="so-product-results"),
            rx.cond(S.search != "", _muted("No active product matches.")),
        ),
        spacing="2",
        width="100%",
    )


def _input(value, on_change, testid: str, width: str, mode: str) -> rx.Component:
    return rx.input(value=value, on_change=on_change, debounce_timeout=250, input_mode=mode, width=width,
                    text_align="right", data_testid=testid)


def _line(line, i) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.vstack(
            rx.link(line["product_id"], href="/products/" + line["product_id"], weight="medium", size="2",
                    target="_blank"),
            rx.text(line["name"], size="2"),
            rx.hstack(_muted(line["available_text"], " ", line["unit"], " available",
                             data_testid="line-available"),
                      rx.cond(line["over"] == "yes", rx.badge("more than available", color_scheme="amber",
                                                              variant="soft", size="1")),
                      spacing="2", align="center"),
            _error(line["error_product"], "line-product-error"),
            spacing="0")),
        rx.table.cell(rx.vstack(
            _input(line["quantity"], lambda v: S.set_quantity(i, v), "line-quantity", "90px", "numeric"),
            _error(line["error_quantity"], "line-quantity-error"),
            spacing="1"), min_width="150px", max_width="220px"),
        rx.table.cell(rx.vstack(
            _input(line["unit_price"], lambda v: S.set_unit_price(i, v), "line-unit-price", "100px", "decimal"),
            _muted("list ", line["list_price"]),
            _error(line["error_price"], "line-price-error"),
            spacing="1")),
        rx.table.cell(rx.vstack(
            _input(line["discount"], lambda v: S.set_discount(i, v), "line-discount", "90px", "decimal"),
            _error(line["error_discount"], "line-discount-error"),
            spacing="1"), max_width="160px"),
        rx.table.cell(rx.text(line["line_total"], weight="medium", white_space="nowrap", data_testid="line-total"),
                      text_align="right", padding_top="18px"),
        rx.table.cell(rx.icon_button(rx.icon("trash-2", size=16), variant="ghost", color_scheme="red",
                                     on_click=S.remove_line(i), data_testid="remove-line", aria_label="Remove line"),
                      padding_top="16px"),
        vertical_align="top",
        data_testid="so-line",
    )


def refusal() -> rx.Component:
    return rx.cond(
        S.refusal.length() > 0,
        rx.callout.root(
            rx.callout.icon(rx.icon("circle-alert")),
            rx.vstack(
                rx.text("Not enough stock to confirm. Nothing was saved: lower these quantities, or save as a "
                        "draft and confirm once stock arrives.", weight="bold", size="2"),
                rx.foreach(S.refusal, lambda r: rx.text("• ", r, size="2", data_testid="so-refusal-line")),
                spacing="1",
            ),
            color_scheme="red", width="100%", data_testid="so-refusal",
        ),
    )


def lines_card() -> rx.Component:
    return section(
        "Lines",
        product_search(),
        field_error(S.errors, "items"),
        refusal(),
        rx.cond(
            S.lines.length() > 0,
            rx.table.root(
                rx.table.header(rx.table.row(
                    rx.table.column_header_cell("Product"), rx.table.column_header_cell("Quantity"),
                    rx.table.column_header_cell("Unit price"), rx.table.column_header_cell("Discount"),
                    rx.table.column_header_cell("Line total", text_align="right", white_space="nowrap"),
                    rx.table.column_header_cell(""))),
                rx.table.body(rx.foreach(S.lines, _line)),
                variant="surface", size="2", width="100%", data_testid="so-lines",
            ),
            _muted("No lines yet: search for a product above.", size="2"),
        ),
        icon="list",
    )
