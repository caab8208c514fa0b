"""Supplier list section: search, status and preferred filters, the table, the pager."""

from __future__ import annotations

import reflex as rx

from ..components.widgets import filter_toolbar, pager, table
from ..states.suppliers import SupplierListState as S
from .order_widgets import code_link, status_pill

STATUS_CHOICES = [("all", "All statuses"), ("active", "Active"), ("pending", "Pending"), ("inactive", "Inactive")]


def toolbar() -> rx.Component:
    return filter_toolbar(
        rx.form(
            rx.hstack(
                rx.input(rx.input.slot(rx.icon("search", size=16)), name="search", default_value=S.search,
                         placeholder="Search name, id or email…", width="300px", data_testid="supplier-search",
                         key=S.search),
                rx.button("Search", type="submit", variant="soft"),
                spacing="2",
            ),
            on_submit=S.apply_search,
            width="auto",
        ),
        rx.select.root(
            rx.select.trigger(width="160px", data_testid="supplier-status-filter"),
            rx.select.content(*[rx.select.item(label, value=value) for value, label in STATUS_CHOICES]),
            value=S.status,
            on_change=S.choose_status,
        ),
        rx.hstack(
            rx.switch(checked=S.preferred_only, on_change=S.toggle_preferred, data_testid="preferred-filter"),
            rx.text("Preferred only", size="2"),
            align="center",
            spacing="2",
        ),
        filtered=(S.search != "") | (S.status != "all") | S.preferred_only,
        on_clear=S.clear_filters,
        clear=("Clear", "clear-filters"),
        create=("New supplier", "/suppliers/new", "new-supplier"),
        can_create=S.can_edit,
    )


def _row(row) -> rx.Component:
    return rx.table.row(
        rx.table.cell(code_link(row["supplier_id"], "/suppliers/" + row["supplier_id"])),
        rx.table.cell(
            rx.hstack(
                rx.text(row["name"], weight="medium"),
                rx.cond(row["preferred"] == "yes",
                        rx.tooltip(rx.icon("star", size=14, color=rx.color("amber", 9)), content="Preferred")),
                align="center",
                spacing="1",
            )
        ),
        rx.table.cell(row["contact"]),
        rx.table.cell(row["email"]),
        rx.table.cell(row["country"]),
        rx.table.cell(rx.text(row["lead_time"], white_space="nowrap"), text_align="right"),
        rx.table.cell(row["rating"], text_align="right"),
        rx.table.cell(status_pill(row["status"], row["status_label"])),
        data_testid="supplier-row",
    )


def supplier_list() -> rx.Component:
    return rx.vstack(
        toolbar(),
        rx.cond(S.error != "", rx.callout(S.error, icon="triangle-alert", color_scheme="red", width="100%")),
        table(["Supplier", "Company", "Contact", "Email", "Country", "Lead time", "Rating", "Status"], S.rows, _row,
              testid="suppliers-table", right=("Lead time", "Rating")),
        rx.cond(S.rows.length() == 0, rx.text("No suppliers match these filters.", color=rx.color("gray", 10),
                                              size="2", data_testid="suppliers-empty")),
        pager(S.page, S.total_pages, S.total, S.prev_page, S.next_page),
        spacing="4",
        width="100%",
    )
