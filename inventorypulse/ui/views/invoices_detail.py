"""One invoice: header with actions, bill-to and dates, billed lines, totals, payments."""

from __future__ import annotations

import reflex as rx

from ..components.widgets import back_link, labelled, num_cell, section, table
from ..states.invoices import InvoiceDetailState as S
from ..states.invoices_payment import PaymentState
from .invoices_payment import payment_dialog
from .invoices_widgets import amount_row, code_link, invoice_badge, muted

inv = S.invoice


def header() -> rx.Component:
    return rx.hstack(
        rx.vstack(
            back_link("All invoices", "/invoices"),
            rx.hstack(
                rx.heading("Invoice ", inv["number"], size="7", data_testid="invoice-number"),
                invoice_badge(inv["status"], inv["status_label"], size="2", data_testid="invoice-status"),
                align="center", spacing="3", wrap="wrap",
            ),
            rx.text("For order ", code_link(inv["order"], "/sales-orders/" + inv["order"]), " · ",
                    rx.link(inv["customer"], href="/customers/" + inv["customer_number"]), size="2",
                    color=rx.color("gray", 11)),
            spacing="2",
        ),
        rx.spacer(),
        rx.hstack(
            rx.link(rx.button(rx.icon("printer", size=16), "Print", variant="soft", data_testid="print-invoice"),
                    href="/invoices/" + inv["number"] + "/print", is_external=True),
            rx.cond(S.can_record_payment,
                    rx.button(rx.icon("banknote", size=16), "Record payment", data_testid="record-payment",
                              on_click=PaymentState.open_for(inv["number"], inv["balance_raw"], inv["balance"]))),
            spacing="2",
        ),
        align="end",
        width="100%",
    )


def summary() -> rx.Component:
    return rx.grid(
        section(
            "Bill to",
            rx.vstack(
                rx.text(inv["customer"], weight="medium", data_testid="invoice-bill-to-name"),
                rx.text(inv["bill_to"], size="2", color=rx.color("gray", 11)),
                rx.cond(inv["customer_email"] != "", rx.text(inv["customer_email"], size="2",
                                                              color=rx.color("gray", 11))),
                spacing="1",
            ),
            icon="building",
        ),
        section(
            "Dates and terms",
            rx.data_list.root(
                labelled("Issued", inv["issued"]),
                labelled("Due", rx.text(inv["due"], data_testid="invoice-due",
                                        color=rx.cond(inv["status"] == "overdue", rx.color("red", 11), "inherit"))),
                labelled("Terms", inv["terms"]),
                labelled("Paid in full", inv["paid_date"]),
                size="2",
            ),
            icon="calendar",
        ),
        section(
            "Amount",
            amount_row("Total", inv["total"]),
            amount_row("Paid", inv["paid"], testid="invoice-paid"),
            rx.divider(),
            amount_row("Balance due", inv["balance"], testid="invoice-balance", strong=True),
            icon="wallet",
        ),
        columns=rx.breakpoints(initial="1", md="3"),
        spacing="4",
        width="100%",
    )


def _line_row(row) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row["line_no"]),
        rx.table.cell(rx.vstack(rx.text(row["name"], weight="medium"),
                                rx.text(row["sku"], size="1", color=rx.color("gray", 10)), spacing="0")),
        num_cell(row["quantity"]),
        num_cell(row["unit_price"]),
        num_cell(row["discount"]),
        num_cell(row["total"], weight="medium"),
        data_testid="invoice-line",
    )


def totals() -> rx.Component:
    return rx.vstack(
        amount_row("Subtotal", inv["subtotal"]),
        rx.cond(inv["has_discount"] == "yes", amount_row("Discount", "−" + inv["discount"])),
        amount_row("Tax", inv["tax"]),
        amount_row("Shipping", inv["shipping"]),
        rx.divider(),
        amount_row("Total", inv["total"], testid="invoice-total", strong=True),
        spacing="2",
        width="320px",
        align_self="end",
    )


def lines() -> rx.Component:
    return section(
        "Billed lines",
        table(["#", "Product", "Qty", "Unit price", "Discount", "Amount"], S.lines, _line_row,
              testid="invoice-lines", right=("Qty", "Unit price", "Discount", "Amount")),
        muted("Shipped quantities less returns."),
        totals(),
        icon="list",
    )


def _payment_row(row) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row["date"], white_space="nowrap"),
        rx.table.cell(row["method"]),
        rx.table.cell(row["reference"]),
        num_cell(row["amount"], weight="medium"),
        data_testid="invoice-payment",
    )


def payments() -> rx.Component:
    return section(
        "Payments",
        table(["Date", "Method", "Reference", "Amount"], S.payments, _payment_row, testid="invoice-payments",
              right=("Amount",)),
        rx.cond(S.payments.length() == 0, muted("No payments recorded yet.")),
        icon="banknote",
    )


def invoice_detail() -> rx.Component:
    return rx.cond(
        S.not_found != "",
        rx.vstack(back_link("All invoices", "/invoices"),
                  rx.callout(S.not_found, icon="circle-x", color_scheme="red", data_testid="invoice-not-found"),
                  spacing="3"),
        rx.cond(
            inv.contains("number"),
            rx.vstack(header(), summary(), lines(), payments(), payment_dialog(), spacing="5", width="100%"),
            rx.center(rx.spinner(size="3"), padding="48px", width="100%"),
        ),
    )
