"""Sales order detail sections: lifecycle steps, the allowed actions (status changes, ship,
return, invoice), details, lines with reserved / shipped / returned, totals, stock movements."""

from __future__ import annotations

import reflex as rx

from ..components.widgets import back_link, labelled, num_cell, section, table
from ..states.sales_orders_detail import SalesOrderDetailState as S
from ..states.sales_orders_return import ReturnState
from ..states.sales_orders_ship import ShipState
from .order_widgets import code_link, lifecycle_steps, progress_bar, transition_button
from .sales_orders_dialogs import return_dialog, ship_dialog
from .sales_orders_widgets import order_pill, payment_pill

so = S.order


def _action(a) -> rx.Component:
    return transition_button(a, busy=S.busy, on_transition=S.transition, on_cancel=S.ask_cancel(True), prefix="so")


def actions() -> rx.Component:
    invoice = rx.cond(
        so["invoice"] != "",
        rx.link(rx.button(rx.icon("receipt", size=16), "Invoice ", so["invoice"], variant="outline"),
                href="/invoices/" + so["invoice"], data_testid="so-invoice-link"),
        rx.cond(S.can_invoice,
                rx.button(rx.icon("receipt", size=16), "Create invoice", variant="outline", on_click=S.create_invoice,
                          loading=S.busy == "invoice", disabled=S.busy != "", data_testid="so-create-invoice")),
    )
    return rx.hstack(
        rx.cond(S.may_edit, rx.link(rx.button(rx.icon("pencil", size=16), "Edit", variant="outline"),
                                    href="/sales-orders/" + so["order_number"] + "/edit", data_testid="so-edit")),
        rx.cond(S.may_sell, rx.hstack(rx.foreach(S.actions, _action), spacing="2")),
        rx.cond(S.can_ship, rx.button(rx.icon("truck", size=16), "Ship", color_scheme="indigo",
                                      on_click=ShipState.open_for(so["order_number"]), disabled=S.busy != "",
                                      data_testid="so-ship")),
        rx.cond(S.can_return, rx.button(rx.icon("undo-2", size=16), "Return", variant="soft", color_scheme="orange",
                                        on_click=ReturnState.open_for(so["order_number"]), disabled=S.busy != "",
                                        data_testid="so-return")),
        invoice,
        spacing="2", wrap="wrap", justify="end", data_testid="so-actions",
    )


def cancel_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Cancel ", so["order_number"], "?"),
            rx.alert_dialog.description("Any reserved stock is released. A cancelled order is final.", size="2"),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Keep the order", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button("Cancel order", color_scheme="red", on_click=S.transition("cancelled"),
                                                 data_testid="confirm-cancel")),
                spacing="3", justify="end", margin_top="16px",
            ),
        ),
        open=S.confirm_cancel,
        on_open_change=S.ask_cancel,
    )


def header() -> rx.Component:
    return rx.hstack(
        rx.vstack(
            back_link("All sales orders", "/sales-orders"),
            rx.hstack(
                rx.heading(so["order_number"], size="7", data_testid="so-number"),
                rx.el.span(order_pill(so["status"], so["status_label"]), data_testid="so-status"),
                payment_pill(so["payment_status"], so["payment_label"]),
                align="center", spacing="3",
            ),
            rx.text(rx.link(so["customer"], href="/customers/" + so["customer_id"], data_testid="so-customer-link"),
                    " · ", rx.text.span(so["progress"], data_testid="so-progress"), size="2",
                    color=rx.color("gray", 11)),
            spacing="2",
        ),
        rx.spacer(),
        actions(),
        align="end",
        width="100%",
    )


def refusal() -> rx.Component:
    return rx.cond(
        S.refusal.length() > 0,
        rx.callout.root(
            rx.callout.icon(rx.icon("circle-alert")),
            rx.vstack(rx.text("Not enough stock to confirm. Nothing was reserved.", weight="bold", size="2"),
                      rx.foreach(S.refusal, lambda r: rx.text("• ", r, size="2", data_testid="so-refusal-line")),
                      spacing="1"),
            color_scheme="red", width="100%", data_testid="so-refusal",
        ),
    )


def details() -> rx.Component:
    return section(
        "Details",
        rx.grid(
            rx.data_list.root(labelled("Customer", rx.link(so["customer"], href="/customers/" + so["customer_id"])),
                              labelled("Payment terms", so["terms"]), labelled("Ship to", so["ship_to"]), size="2"),
            rx.data_list.root(labelled("Ordered", so["order_date"]), labelled("Required by", so["required"]),
                              labelled("Shipped", so["shipped"]), labelled("Delivered", so["delivered"]), size="2"),
            rx.data_list.root(labelled("Tracking number", so["tracking"]),
                              labelled("Invoice", rx.cond(so["invoice"] != "",
                                                          rx.link(so["invoice"], href="/invoices/" + so["invoice"]),
                                                          rx.text("not invoiced"))), size="2"),
            columns=rx.breakpoints(initial="1", md="3"), spacing="5", width="100%",
        ),
        rx.cond(so["notes"] != "", rx.callout(so["notes"], icon="sticky-note", size="1", color_scheme="gray",
                                              width="100%")),
        icon="info",
    )


def _line(line) -> rx.Component:
    return rx.table.row(
        rx.table.cell(line["line_no"]),
        rx.table.cell(rx.vstack(code_link(line["product_id"], "/products/" + line["product_id"]),
                                rx.text(line["name"], size="2"), spacing="0")),
        num_cell(line["ordered"]),
        num_cell(line["reserved"], data_testid="line-reserved"),
        num_cell(line["shipped"], data_testid="line-shipped"),
        num_cell(line["returned"], data_testid="line-returned"),
        rx.table.cell(progress_bar(line["pct"], done=line["pct"] == "100")),
        num_cell(line["unit_price"]),
        num_cell(line["discount"]),
        num_cell(line["line_total"], weight="medium"),
        data_testid="so-detail-line",
    )


def lines() -> rx.Component:
    totals = (("Subtotal", "subtotal", "2", "medium"), ("Discounts", "discount", "2", "medium"),
              ("Tax", "tax", "2", "medium"), ("Shipping", "shipping", "2", "medium"), ("Total", "total", "4", "bold"))
    return section(
        "Lines",
        table(["#", "Product", "Ordered", "Reserved", "Shipped", "Returned", "Shipped %", "Unit price", "Discount",
               "Line total"], S.lines, _line, testid="so-detail-lines",
              right=("Ordered", "Reserved", "Shipped", "Returned", "Unit price", "Discount", "Line total")),
        rx.vstack(
            *[rx.hstack(rx.text(*((label, " (", so["tax_rate"], ")") if key == "tax" else (label,)), size="2",
                                color=rx.color("gray", 11)),
                        rx.spacer(), rx.text(so[key], size=size, weight=weight, data_testid=f"so-{key}"),
                        width="280px")
              for label, key, size, weight in totals],
            align="end", spacing="1", width="100%",
        ),
        icon="list",
    )


def _movement(m) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.code(m["movement_id"], variant="ghost", white_space="nowrap")),
        rx.table.cell(m["date"], white_space="nowrap"),
        rx.table.cell(rx.badge(m["kind"], variant="soft", color_scheme=rx.match(
            m["kind"], ("sale", "indigo"), ("return", "green"), ("write-off", "red"), "gray"))),
        rx.table.cell(code_link(m["product_id"], "/products/" + m["product_id"])),
        rx.table.cell(m["warehouse"]),
        num_cell(m["quantity"]),
        rx.table.cell(m["lot"]),
        rx.table.cell(m["expiry"], white_space="nowrap"),
        data_testid="so-movement",
    )


def movements() -> rx.Component:
    return section(
        "Stock movements",
        rx.cond(
            S.movements.length() > 0,
            table(["Movement", "When", "Kind", "Product", "Warehouse", "Quantity", "Lot", "Expiry"], S.movements,
                  _movement, testid="so-movements", right=("Quantity",)),
            rx.text("No stock has moved for this order yet.", size="2", color=rx.color("gray", 10)),
        ),
        icon="arrow-left-right",
    )


def sales_order_detail() -> rx.Component:
    return rx.cond(
        S.not_found != "",
        rx.vstack(back_link("All sales orders", "/sales-orders"),
                  rx.callout(S.not_found, icon="circle-x", color_scheme="red", data_testid="so-not-found"),
                  spacing="3"),
        rx.cond(
            so.contains("order_number"),
            rx.vstack(
                header(), refusal(), lifecycle_steps(S.steps, prefix="so"), details(), lines(), movements(),
                cancel_dialog(), ship_dialog(), return_dialog(),
                spacing="4", width="100%",
            ),
            rx.center(rx.spinner(size="3"), padding="48px", width="100%"),
        ),
    )
