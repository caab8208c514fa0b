"""Customer page: header with actions, credit figures, contact and addresses, latest orders and
invoices (overdue highlighted)."""

from __future__ import annotations

import reflex as rx

from ..components.widgets import back_link, kpi_card, labelled, num_cell, section, table
from ..states.customers import CustomerDetailState as S
from .invoices_widgets import code_link, invoice_badge, muted, order_badge

cust = S.customer


def _deactivate_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(rx.button(rx.icon("user-x", size=16), "Deactivate", variant="soft",
                                          color_scheme="red", data_testid="deactivate-customer")),
        rx.alert_dialog.content(
            rx.alert_dialog.title("Deactivate ", cust["name"], "?"),
            rx.alert_dialog.description(
                "Inactive customers cannot place new orders. Their orders, invoices and balance are kept; "
                "you can reactivate them from the edit form.", size="2"),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Keep active", variant="soft", color_scheme="gray")),
                rx.button("Deactivate", color_scheme="red", on_click=S.deactivate, loading=S.busy,
                          data_testid="confirm-deactivate"),
                justify="end", spacing="3", margin_top="16px",
            ),
        ),
        open=S.confirm_deactivate,
        on_open_change=S.set_confirm_deactivate,
    )


def header() -> rx.Component:
    return rx.hstack(
        rx.vstack(
            back_link("All customers", "/customers"),
            rx.hstack(
                rx.heading(cust["name"], size="7", data_testid="customer-name"),
                rx.badge(cust["number"], variant="outline", color_scheme="gray", size="2",
                         data_testid="customer-number"),
                rx.badge(cust["type_label"], variant="soft", color_scheme="blue"),
                rx.cond(cust["active"] == "yes", rx.badge("Active", color_scheme="green", variant="soft"),
                        rx.badge("Inactive", color_scheme="gray", variant="solid", data_testid="customer-inactive")),
                align="center", spacing="3", wrap="wrap",
            ),
            spacing="2",
        ),
        rx.spacer(),
        rx.hstack(
            rx.cond(S.can_order & (cust["active"] == "yes"),
                    rx.link(rx.button(rx.icon("shopping-bag", size=16), "New order", variant="soft",
                                      data_testid="customer-new-order"),
                            href="/sales-orders/new?customer=" + cust["number"])),
            rx.cond(S.can_write & (cust["active"] == "yes"), _deactivate_dialog()),
            rx.cond(S.can_write, rx.link(rx.button(rx.icon("pencil", size=16), "Edit", data_testid="edit-customer"),
                                         href="/customers/" + cust["number"] + "/edit")),
            spacing="2",
        ),
        align="end",
        width="100%",
    )


def credit() -> rx.Component:
    return rx.grid(
        kpi_card("Current balance", cust["balance"], "wallet", testid="customer-balance", tone="amber",
                 hint="invoiced, not yet paid"),
        kpi_card("Credit limit", cust["credit_limit"], "gauge", testid="customer-credit-limit", hint=cust["terms"]),
        kpi_card("Open exposure", cust["exposure"], "hourglass", testid="customer-exposure", tone="violet",
                 hint="balance + confirmed orders not invoiced"),
        kpi_card("Available credit", cust["available"], "circle-check", testid="customer-available", tone="green",
                 hint=cust["credit_hint"]),
        columns=rx.breakpoints(initial="1", sm="2", lg="4"),
        spacing="4",
        width="100%",
    )


def contact_and_addresses() -> rx.Component:
    return rx.grid(
        section(
            "Contact",
            rx.data_list.root(
                labelled("Email", rx.cond(cust["email"] != "", rx.link(cust["email"], href="mailto:" + cust["email"]),
                                          "—")),
                labelled("Phone", cust["phone"]),
                labelled("Tax id", cust["tax_id"]),
                labelled("Payment terms", cust["terms"], testid="customer-terms"),
                labelled("Customer since", cust["created"]),
                size="2",
            ),
            rx.cond(cust["notes"] != "", rx.text(cust["notes"], size="2", color=rx.color("gray", 11))),
            icon="contact",
        ),
        section(
            "Addresses",
            rx.data_list.root(
                labelled("Shipping", cust["shipping"], testid="customer-shipping"),
                labelled("Billing", rx.hstack(rx.text(cust["billing"], data_testid="customer-billing"),
                                              rx.cond(cust["billing_note"] != "",
                                                      rx.badge(cust["billing_note"], variant="soft",
                                                               color_scheme="gray", size="1")),
                                              spacing="2", wrap="wrap")),
                size="2",
            ),
            icon="map-pin",
        ),
        columns=rx.breakpoints(initial="1", md="2"),
        spacing="4",
        width="100%",
    )


def _order_row(row) -> rx.Component:
    return rx.table.row(
        rx.table.cell(code_link(row["number"], "/sales-orders/" + row["number"])),
        rx.table.cell(order_badge(row["status"], row["status_label"])),
        rx.table.cell(row["date"], white_space="nowrap"),
        rx.table.cell(row["payment"]),
        num_cell(row["total"]),
        data_testid="customer-order-row",
    )


def orders() -> rx.Component:
    return section(
        "Latest orders",
        table(["Order", "Status", "Ordered", "Payment", "Total"], S.orders, _order_row, testid="customer-orders",
              right=("Total",)),
        rx.cond(S.orders.length() == 0, muted("No orders yet.")),
        icon="shopping-bag",
        action=rx.link("All ", S.order_count, " orders →", href="/sales-orders?customer=" + cust["number"], size="2",
                       data_testid="customer-all-orders"),
    )


def _invoice_row(row) -> rx.Component:
    overdue = row["status"] == "overdue"
    return rx.table.row(
        rx.table.cell(code_link(row["number"], "/invoices/" + row["number"])),
        rx.table.cell(invoice_badge(row["status"], row["status_label"])),
        rx.table.cell(row["issued"], white_space="nowrap"),
        rx.table.cell(rx.text(row["due"], white_space="nowrap", color=rx.cond(overdue, rx.color("red", 11), "inherit"),
                              weight=rx.cond(overdue, "medium", "regular"))),
        num_cell(row["total"]),
        num_cell(row["balance"], weight="medium"),
        background=rx.cond(overdue, rx.color("red", 2), "transparent"),
        data_testid="customer-invoice-row",
        data_status=row["status"],
    )


def invoices() -> rx.Component:
    return section(
        "Invoices",
        table(["Invoice", "Status", "Issued", "Due", "Total", "Balance due"], S.invoice_rows, _invoice_row,
              testid="customer-invoices", right=("Total", "Balance due")),
        rx.cond(S.invoice_rows.length() == 0, muted("No invoices yet.")),
        icon="receipt",
        action=rx.link("All ", S.invoice_count, " invoices →", href="/invoices?customer=" + cust["number"],
                       size="2", data_testid="customer-all-invoices"),
    )


def customer_detail() -> rx.Component:
    return rx.cond(
        S.not_found != "",
        rx.vstack(back_link("All customers", "/customers"),
                  rx.callout(S.not_found, icon="circle-x", color_scheme="red", data_testid="customer-not-found"),
                  spacing="3"),
        rx.cond(
            cust.contains("number"),
            rx.vstack(header(), credit(), contact_and_addresses(), orders(), invoices(), spacing="5", width="100%"),
            rx.center(rx.spinner(size="3"), padding="48px", width="100%"),
        ),
    )
