"""Purchase order list section: status tabs with counts, supplier and date filters, the table."""

from __future__ import annotations

import reflex as rx

from ..components.widgets import filter_toolbar, num_cell, pager, table
from ..states.purchase_orders import PurchaseOrderListState as S
from .order_widgets import code_link, status_pill


def status_tabs() -> rx.Component:
    return rx.tabs.root(
        rx.tabs.list(
            rx.foreach(
                S.tabs,
                lambda t: rx.tabs.trigger(
                    rx.hstack(rx.text(t["label"]), rx.badge(t["count"], variant="soft", radius="full", size="1"),
                              spacing="2", align="center"),
                    value=t["value"],
                    data_testid="po-tab-" + t["value"],
                ),
            ),
            size="2",
        ),
        value=S.status,
        on_change=S.choose_status,
        width="100%",
    )


def filters() -> rx.Component:
    return filter_toolbar(
        rx.select.root(
            rx.select.trigger(placeholder="All suppliers", width="280px", data_testid="po-supplier-filter"),
            rx.select.content(
                rx.select.item("All suppliers", value="all"),
                rx.foreach(S.supplier_options, lambda o: rx.select.item(o["label"], value=o["value"])),
            ),
            value=S.supplier,
            on_change=S.choose_supplier,
        ),
        rx.hstack(
            rx.text("Ordered from", size="2", color=rx.color("gray", 11)),
            rx.input(type="date", value=S.date_from, on_change=S.set_from, data_testid="po-from"),
            rx.text("to", size="2", color=rx.color("gray", 11)),
            rx.input(type="date", value=S.date_to, on_change=S.set_to, data_testid="po-to"),
            align="center",
            spacing="2",
        ),
        filtered=(S.status != "all") | (S.supplier != "all") | (S.date_from != "") | (S.date_to != ""),
        on_clear=S.clear_filters,
        clear=("Clear filters", "po-clear-filters"),
        create=("New purchase order", "/purchase-orders/new", "new-po"),
        can_create=S.can_edit,
    )


def _row(row) -> rx.Component:
    return rx.table.row(
        rx.table.cell(code_link(row["order_number"], "/purchase-orders/" + row["order_number"])),
        rx.table.cell(rx.link(row["supplier"], href="/suppliers/" + row["supplier_id"], color=rx.color("gray", 12),
                              underline="hover")),
        rx.table.cell(status_pill(row["status"], row["status_label"])),
        rx.table.cell(row["order_date"], white_space="nowrap"),
        rx.table.cell(rx.hstack(
            rx.text(row["expected"], white_space="nowrap"),
            rx.cond(row["overdue"] == "yes", rx.badge("overdue", color_scheme="red", variant="soft", size="1")),
            spacing="2", align="center")),
        num_cell(row["lines"]),
        num_cell(row["received"]),
        num_cell(row["total"], weight="medium"),
        data_testid="po-row",
    )


def purchase_order_list() -> rx.Component:
    return rx.vstack(
        status_tabs(),
        filters(),
        rx.cond(S.error != "", rx.callout(S.error, icon="triangle-alert", color_scheme="red", width="100%",
                                          data_testid="po-list-error")),
        table(["PO number", "Supplier", "Status", "Ordered", "Expected", "Lines", "Units received", "Total"], S.rows,
              _row, testid="purchase-orders-table", right=("Lines", "Units received", "Total")),
        rx.cond(S.rows.length() == 0, rx.text("No purchase orders match these filters.", size="2",
                                              color=rx.color("gray", 10), data_testid="po-empty")),
        pager(S.page, S.total_pages, S.total, S.prev_page, S.next_page),
        spacing="4",
        width="100%",
    )
