"""Purchase order detail sections: lifecycle steps, the allowed actions, lines with receiving
progress, totals and details, receipt history."""

from __future__ import annotations

import reflex as rx

from ..components.widgets import back_link, labelled, num_cell, section, table
from ..states.purchase_orders_detail import PurchaseOrderDetailState as S
from ..states.purchase_orders_receive import ReceiveState
from .order_widgets import code_link, lifecycle_steps, progress_bar, status_pill, transition_button
from .purchase_orders_receive import receive_dialog

po = S.order

def lifecycle() -> rx.Component:
    return lifecycle_steps(S.steps, prefix="po")


def _action(a) -> rx.Component:
    return transition_button(a, busy=S.busy, on_transition=S.transition, on_cancel=S.ask_cancel(True), prefix="po")


def cancel_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Cancel ", po["order_number"], "?"),
            rx.alert_dialog.description("The supplier should be told. A cancelled order is final.", size="2"),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Keep the order", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button("Cancel order", color_scheme="red",
                                                 on_click=S.transition("cancelled"),
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
            back_link("All purchase orders", "/purchase-orders"),
            rx.hstack(
                rx.heading(po["order_number"], size="7", data_testid="po-number"),
                rx.el.span(status_pill(po["status"], po["status_label"]), data_testid="po-status"),
                rx.cond(po["overdue"] == "yes", rx.badge("overdue", color_scheme="red", variant="soft")),
                align="center", spacing="3",
            ),
            rx.text(po["supplier"], " · ", po["progress"], size="2", color=rx.color("gray", 11)),
            spacing="2",
        ),
        rx.spacer(),
        rx.hstack(
            rx.cond(S.may_edit, rx.link(rx.button(rx.icon("pencil", size=16), "Edit", variant="outline"),
                                        href="/purchase-orders/" + po["order_number"] + "/edit",
                                        data_testid="po-edit")),
            rx.cond(S.can_edit, rx.hstack(rx.foreach(S.actions, _action), spacing="2", data_testid="po-actions")),
            spacing="2",
        ),
        align="end",
        width="100%",
    )


def _line(line) -> rx.Component:
    return rx.table.row(
        rx.table.cell(line["line_no"]),
        rx.table.cell(rx.vstack(
            code_link(line["product_id"], "/products/" + line["product_id"]),
            rx.hstack(rx.text(line["name"], size="2"),
                      rx.cond(line["tracking"] != "", rx.badge(line["tracking"], variant="outline", size="1")),
                      spacing="2", align="center"),
            spacing="0")),
        num_cell(line["ordered"]),
        num_cell(line["received"], data_testid="line-received"),
        num_cell(line["remaining"], data_testid="line-remaining"),
        rx.table.cell(progress_bar(line["pct"], done=line["remaining"] == "0")),
        num_cell(line["unit_cost"]),
        num_cell(line["line_total"], weight="medium"),
        rx.table.cell(rx.cond(
            (line["open"] == "yes") & S.can_move_stock,
            rx.button(rx.icon("package-plus", size=14), "Receive", size="1", variant="soft",
                      on_click=ReceiveState.open_line(po["order_number"], line["line_no"]),
                      data_testid="receive-line-" + line["line_no"]),
        )),
        data_testid="po-detail-line",
    )


def lines() -> rx.Component:
    return section(
        "Lines",
        table(["#", "Product", "Ordered", "Received", "Remaining", "Progress", "Unit cost", "Line total", ""],
              S.lines, _line, testid="po-detail-lines",
              right=("Ordered", "Received", "Remaining", "Unit cost", "Line total")),
        rx.vstack(
            *[rx.hstack(rx.text(label, size="2", color=rx.color("gray", 11)), rx.spacer(),
                        rx.text(po[key], size=size, weight=weight, data_testid=f"po-{key}"), width="260px")
              for label, key, size, weight in (("Subtotal", "subtotal", "2", "medium"), ("Tax", "tax", "2", "medium"),
                                               ("Shipping", "shipping", "2", "medium"),
                                               ("Total", "total", "4", "bold"))],
            align="end", spacing="1", width="100%",
        ),
        icon="list",
    )


def details() -> rx.Component:
    def column(*items: rx.Component) -> rx.Component:
        return rx.data_list.root(*items, size="2")

    return section(
        "Details",
        rx.grid(
            column(labelled("Supplier", rx.link(po["supplier"], href="/suppliers/" + po["supplier_id"])),
                   labelled("Ship to", po["ship_to"])),
            column(labelled("Ordered", po["order_date"]), labelled("Sent", po["sent"]),
                   labelled("Expected", po["expected"]), labelled("Delivered", po["delivered"])),
            column(labelled("Created by", po["created_by"]), labelled("Approved by", po["approved_by"]),
                   labelled("Received by", po["received_by"])),
            columns=rx.breakpoints(initial="1", md="3"),
            spacing="5",
            width="100%",
        ),
        rx.cond(po["notes"] != "", rx.callout(po["notes"], icon="sticky-note", size="1", color_scheme="gray",
                                              width="100%")),
        icon="info",
    )


def _receipt(r) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.code(r["movement_id"], variant="ghost", white_space="nowrap")),
        rx.table.cell(r["date"], white_space="nowrap"),
        rx.table.cell(code_link(r["product_id"], "/products/" + r["product_id"])),
        num_cell(r["quantity"]),
        rx.table.cell(r["warehouse"]),
        rx.table.cell(r["lot"]),
        rx.table.cell(r["expiry"], white_space="nowrap"),
        rx.table.cell(r["by"]),
        data_testid="po-receipt",
    )


def receipts() -> rx.Component:
    return section(
        "Receipts",
        rx.cond(
            S.receipts.length() > 0,
            table(["Movement", "Date", "Product", "Quantity", "Warehouse", "Lot", "Expiry", "By"], S.receipts,
                  _receipt, testid="po-receipts", right=("Quantity",)),
            rx.text("Nothing received yet.", size="2", color=rx.color("gray", 10)),
        ),
        icon="package-check",
    )


def purchase_order_detail() -> rx.Component:
    return rx.cond(
        S.not_found != "",
        rx.vstack(back_link("All purchase orders", "/purchase-orders"),
                  rx.callout(S.not_found, icon="circle-x", color_scheme="red", data_testid="po-not-found"),
                  spacing="3"),
        rx.cond(
            po.contains("order_number"),
            rx.vstack(
                header(), lifecycle(), details(), lines(), receipts(),
                cancel_dialog(), receive_dialog(),
                spacing="4", width="100%",
            ),
            rx.center(rx.spinner(size="3"), padding="48px", width="100%"),
        ),
    )
