"""Invoice list section: status tabs with counts, customer filter, the table (overdue rows tinted
red with a solid badge), the pager."""

from __future__ import annotations

import reflex as rx

from ..components.widgets import num_cell, pager, table
from ..states.invoices import InvoiceListState as S
from .invoices_widgets import code_link, invoice_badge


def status_tabs() -> rx.Component:
    return rx.tabs.root(
        rx.tabs.list(
            rx.foreach(
                S.tabs,
                lambda t: rx.tabs.trigger(
                    rx.hstack(rx.text(t["label"]),
                              rx.badge(t["count"], variant="soft", radius="full", size="1",
                                       color_scheme=rx.cond(t["value"] == "overdue", "red", "gray")),
                              spacing="2", align="center"),
                    value=t["value"],
                    data_testid="invoice-tab-" + t["value"],
                ),
            ),
            size="2",
        ),
        value=S.status,
        on_change=S.choose_status,
        width="100%",
    )


def filters() -> rx.Component:
    return rx.hstack(
        rx.select.root(
            rx.select.trigger(placeholder="All customers", width="300px", data_testid="invoice-customer-filter"),
            rx.select.content(
                rx.select.item("All customers", value="all"),
                rx.foreach(S.customer_options, lambda o: rx.select.item(o["label"], value=o["value"])),
            ),
            value=S.customer,
            on_change=S.choose_customer,
        ),
        rx.cond(
            (S.status != "all") | (S.customer != "all"),
            rx.button(rx.icon("x", size=14), "Clear filters", variant="ghost", color_scheme="gray",
                      on_click=S.clear_filters, data_testid="invoice-clear-filters"),
        ),
        rx.spacer(),
        rx.text("Invoices are raised from shipped sales orders.", size="2", color=rx.color("gray", 10)),
        align="center",
        spacing="4",
        width="100%",
        wrap="wrap",
    )


def _row(row) -> rx.Component:
    overdue = row["status"] == "overdue"
    return rx.table.row(
        rx.table.cell(code_link(row["number"], "/invoices/" + row["number"])),
        rx.table.cell(code_link(row["order"], "/sales-orders/" + row["order"], weight="regular")),
        rx.table.cell(rx.link(row["customer"], href="/customers/" + row["customer_number"],
                              color=rx.color("gray", 12), underline="hover")),
        rx.table.cell(row["issued"], white_space="nowrap"),
        rx.table.cell(rx.text(row["due"], white_space="nowrap", color=rx.cond(overdue, rx.color("red", 11), "inherit"),
                              weight=rx.cond(overdue, "medium", "regular"))),
        num_cell(row["total"]),
        num_cell(row["paid"]),
        num_cell(row["balance"], weight="medium"),
        rx.table.cell(invoice_badge(row["status"], row["status_label"], data_testid="invoice-status")),
        background=rx.cond(overdue, rx.color("red", 3), "transparent"),
        data_testid="invoice-row",
        data_status=row["status"],
    )


def invoice_list() -> rx.Component:
    return rx.vstack(
        status_tabs(),
        filters(),
        rx.cond(S.error != "", rx.callout(S.error, icon="triangle-alert", color_scheme="red", width="100%")),
        table(["Invoice", "Order", "Customer", "Issued", "Due", "Total", "Paid", "Balance due", "Status"], S.rows,
              _row, testid="invoices-table", right=("Total", "Paid", "Balance due")),
        rx.cond(S.rows.length() == 0, rx.text("No invoices match these filters.", color=rx.color("gray", 10),
                                              size="2", data_testid="invoices-empty")),
        pager(S.page, S.total_pages, S.total, S.prev_page, S.next_page),
        spacing="4",
        width="100%",
    )
