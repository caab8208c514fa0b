"""Customer list section: search, type and active filters, the table, the pager."""

from __future__ import annotations

import reflex as rx

from ..components.widgets import filter_toolbar, num_cell, pager, table
from ..states.customers import TYPE_CHOICES
from ..states.customers import CustomerListState as S
from .invoices_widgets import code_link

ACTIVE_CHOICES = [("all", "Active and inactive"), ("true", "Active only"), ("false", "Inactive only")]


def _select(choices, value, on_change, testid: str, width: str) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(width=width, data_testid=testid),
        rx.select.content(*[rx.select.item(label, value=v) for v, label in choices]),
        value=value,
        on_change=on_change,
    )


def toolbar() -> rx.Component:
    return filter_toolbar(
        rx.form(
            rx.hstack(
                rx.input(rx.input.slot(rx.icon("search", size=16)), name="search", default_value=S.search,
                         placeholder="Search name, number, email or phone…", width="320px",
                         data_testid="customer-search", key=S.search),
                rx.button("Search", type="submit", variant="soft"),
                spacing="2",
            ),
            on_submit=S.apply_search,
            width="auto",
        ),
        _select(TYPE_CHOICES, S.customer_type, S.choose_type, "customer-type-filter", "150px"),
        _select(ACTIVE_CHOICES, S.active, S.choose_active, "customer-active-filter", "190px"),
        filtered=(S.search != "") | (S.customer_type != "all") | (S.active != "all"),
        on_clear=S.clear_filters,
        clear=("Clear", "clear-filters"),
        create=("New customer", "/customers/new", "new-customer"),
        can_create=S.can_write,
    )


def _row(row) -> rx.Component:
    return rx.table.row(
        rx.table.cell(code_link(row["number"], "/customers/" + row["number"])),
        rx.table.cell(rx.text(row["name"], weight="medium")),
        rx.table.cell(rx.badge(row["type_label"], variant="outline",
                               color_scheme=rx.cond(row["type"] == "business", "blue", "gray"))),
        rx.table.cell(row["email"]),
        rx.table.cell(row["phone"], white_space="nowrap"),
        rx.table.cell(row["terms"]),
        num_cell(row["credit_limit"]),
        num_cell(row["balance"], weight=rx.cond(row["owes"] == "yes", "medium", "regular")),
        rx.table.cell(rx.cond(row["active"] == "yes",
                              rx.badge("Active", color_scheme="green", variant="soft"),
                              rx.badge("Inactive", color_scheme="gray", variant="soft"))),
        data_testid="customer-row",
    )


def customer_list() -> rx.Component:
    return rx.vstack(
        toolbar(),
        rx.cond(S.error != "", rx.callout(S.error, icon="triangle-alert", color_scheme="red", width="100%")),
        table(["Number", "Name", "Type", "Email", "Phone", "Terms", "Credit limit", "Balance", "Status"], S.rows,
              _row, testid="customers-table", right=("Credit limit", "Balance")),
        rx.cond(S.rows.length() == 0, rx.text("No customers match these filters.", color=rx.color("gray", 10),
                                              size="2", data_testid="customers-empty")),
        pager(S.page, S.total_pages, S.total, S.prev_page, S.next_page),
        spacing="4",
        width="100%",
    )
