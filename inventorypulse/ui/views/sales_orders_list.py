"""Sales order list section: status tabs, search, the customer filter, the table and the pager."""

from __future__ import annotations

import reflex as rx

from ..components.widgets import empty_state, filter_toolbar, num_cell, pager, table
from ..states.sales_orders import ALL, TABS, SalesOrderListState, status_label
from .order_widgets import code_link
from .sales_orders_widgets import order_pill, payment_pill

S = SalesOrderListState


def status_tabs() -> rx.Component:
    return rx.tabs.root(
        rx.tabs.list(
            *[rx.tabs.trigger("All" if v == ALL else status_label(v), value=v, data_testid=f"so-tab-{v}")
              for v in TABS],
            size="2",
        ),
        value=S.status,
        on_change=S.choose_status,
        width="100%",
        overflow_x="auto",
    )


def filters() -> rx.Component:
    return filter_toolbar(
        rx.form(
            rx.input(rx.input.slot(rx.icon("search", size=16)), name="search", default_value=S.search,
                     key=S.search, placeholder="Order number or customer name…", width="300px",
                     data_testid="so-search"),
            on_submit=S.apply_search,
            reset_on_submit=False,
        ),
        rx.cond(
            S.customer != "",
            rx.badge(rx.icon("contact", size=14), "Customer: ", S.customer_name,
                     rx.icon("x", size=14, cursor="pointer", on_click=S.clear_customer,
                             data_testid="so-clear-customer"),
                     size="2", variant="surface", data_testid="so-customer-filter"),
        ),
        filtered=(S.status != ALL) | (S.customer != "") | (S.search != ""),
        on_clear=S.clear_filters,
        clear=("Clear filters", "so-clear-filters"),
        create=("New order", "/sales-orders/new", "new-so"),
        can_create=S.can_sell,
    )


def _row(row) -> rx.Component:
    return rx.table.row(
        rx.table.cell(code_link(row["order_number"], "/sales-orders/" + row["order_number"])),
        rx.table.cell(rx.link(row["customer"], href="/customers/" + row["customer_id"], color=rx.color("gray", 12),
                              underline="hover")),
        rx.table.cell(row["date"], white_space="nowrap"),
        rx.table.cell(order_pill(row["status"], row["status_label"])),
        rx.table.cell(payment_pill(row["payment_status"], row["payment_label"])),
        num_cell(row["lines"]),
        num_cell(row["total"], weight="medium"),
        data_testid="so-row",
    )


def sales_order_list() -> rx.Component:
    return rx.vstack(
        status_tabs(),
        filters(),
        rx.cond(S.error != "", rx.callout(S.error, icon="triangle-alert", color_scheme="red", width="100%",
                                          data_testid="so-list-error")),
        rx.cond(
            S.rows.length() > 0,
            table(["Order", "Customer", "Date", "Status", "Payment", "Lines", "Total"], S.rows, _row,
                  testid="sales-orders-table", right=("Lines", "Total")),
            rx.card(empty_state("No sales orders match these filters.", icon="shopping-bag"), width="100%",
                    data_testid="so-empty"),
        ),
        pager(S.page, S.total_pages, S.total, S.prev_page, S.next_page),
        spacing="4",
        width="100%",
    )
