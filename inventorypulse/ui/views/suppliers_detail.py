"""Supplier detail sections: header with actions, performance, contact and terms, products
supplied, purchase order history."""

from __future__ import annotations

import reflex as rx

from ..components.widgets import back_link, kpi_card, labelled, num_cell, section, table
from ..states.suppliers import SupplierDetailState as S
from .order_widgets import code_link, status_pill

sup = S.supplier
perf = S.performance


def header() -> rx.Component:
    return rx.hstack(
        rx.vstack(
            back_link("All suppliers", "/suppliers"),
            rx.hstack(
                rx.heading(sup["name"], size="7", data_testid="supplier-name"),
                rx.badge(sup["supplier_id"], variant="outline", color_scheme="gray", size="2"),
                status_pill(sup["status"], sup["status_label"]),
                rx.cond(sup["preferred"] == "yes",
                        rx.badge(rx.icon("star", size=12), "Preferred", color_scheme="amber", variant="soft")),
                align="center",
                spacing="3",
                wrap="wrap",
            ),
            spacing="2",
        ),
        rx.spacer(),
        rx.cond(
            S.can_edit,
            rx.hstack(
                rx.link(rx.button(rx.icon("clipboard-plus", size=16), "New purchase order", variant="soft",
                                  data_testid="supplier-new-po"),
                        href="/purchase-orders/new?supplier=" + sup["supplier_id"]),
                rx.link(rx.button(rx.icon("pencil", size=16), "Edit", data_testid="edit-supplier"),
                        href="/suppliers/" + sup["supplier_id"] + "/edit"),
                spacing="2",
            ),
        ),
        align="end",
        width="100%",
    )


def performance() -> rx.Component:
    return rx.vstack(
        rx.grid(
            kpi_card("On-time delivery", perf["on_time"], "clock", testid="perf-on-time"),
            kpi_card("Average lead time", perf["lead_time"], "timer", testid="perf-lead-time", tone="blue"),
            kpi_card("Fill rate", perf["fill_rate"], "package-check", testid="perf-fill-rate", tone="green"),
            kpi_card("Reliability", perf["reliability"], "shield-check", testid="perf-reliability", tone="violet"),
            columns=rx.breakpoints(initial="1", sm="2", lg="4"),
            spacing="4",
            width="100%",
        ),
        rx.hstack(
            rx.text("Orders placed: ", rx.text.strong(perf["orders"], data_testid="perf-orders")),
            rx.text("Last order: ", rx.text.strong(perf["last_order"])),
            rx.text("Quality: ", rx.text.strong(perf["quality"])),
            rx.text("Computed from received purchase orders.", color=rx.color("gray", 10)),
            spacing="5",
            size="2",
            wrap="wrap",
        ),
        spacing="3",
        width="100%",
    )


def contact_and_terms() -> rx.Component:
    return rx.grid(
        section(
            "Contact",
            rx.data_list.root(
                labelled("Contact", sup["contact"]),
                labelled("Email", rx.link(sup["email"], href="mailto:" + sup["email"])),
                labelled("Phone", sup["phone"]),
                labelled("Alternative phone", sup["alternative_phone"]),
                labelled("Website", rx.cond(sup["website"] != "",
                                            rx.link(sup["website"], href=sup["website"], is_external=True), "—")),
                labelled("Address", sup["address"]),
                size="2",
            ),
            icon="contact",
        ),
        section(
            "Terms",
            rx.data_list.root(
                labelled("Payment terms", sup["payment_terms"], testid="supplier-terms"),
                labelled("Currency", sup["currency"]),
                labelled("Standard lead time", sup["lead_time"]),
                labelled("Minimum order", sup["minimum_order"]),
                labelled("Tax id", sup["tax_id"]),
                labelled("Rating", sup["rating"]),
                size="2",
            ),
            rx.cond(sup["notes"] != "", rx.text(sup["notes"], size="2", color=rx.color("gray", 11))),
            icon="file-text",
        ),
        columns=rx.breakpoints(initial="1", md="2"),
        spacing="4",
        width="100%",
    )


def _offer_row(row) -> rx.Component:
    return rx.table.row(
        rx.table.cell(code_link(row["product_id"], "/products/" + row["product_id"])),
        rx.table.cell(rx.hstack(
            rx.text(row["name"]),
            rx.cond(row["primary"] == "yes", rx.badge("primary", variant="soft", size="1")),
            rx.cond(row["active"] == "", rx.badge("inactive", variant="soft", color_scheme="gray", size="1")),
            spacing="2", align="center")),
        rx.table.cell(row["code"]),
        num_cell(row["cost"]),
        num_cell(row["lead_time"]),
        num_cell(row["moq"]),
        num_cell(row["stock"]),
        rx.table.cell(row["last_ordered"], white_space="nowrap"),
        rx.table.cell(rx.cond(
            S.can_edit & (row["active"] == "yes"),
            rx.tooltip(rx.link(rx.icon_button(rx.icon("clipboard-plus", size=14), variant="ghost", size="1"),
                               href="/purchase-orders/new?supplier=" + sup["supplier_id"] + "&product="
                               + row["product_id"], data_testid="order-" + row["product_id"]),
                       content="Order from this supplier"),
        )),
        data_testid="supplied-row",
    )


def products_supplied() -> rx.Component:
    return section(
        "Products supplied",
        table(["Product", "Name", "Supplier code", "Cost", "Lead time", "MOQ", "In stock", "Last ordered", ""],
              S.offers, _offer_row, testid="supplier-products", right=("Cost", "Lead time", "MOQ", "In stock")),
        rx.cond(S.offers.length() == 0, rx.text("This supplier offers no products yet.", size="2",
                                                color=rx.color("gray", 10))),
        rx.cond(S.offer_count > S.offers.length(),
                rx.text("Showing ", S.offers.length(), " of ", S.offer_count, " products.", size="2",
                        color=rx.color("gray", 10))),
        icon="package",
        action=rx.badge(S.offer_count, " products", variant="soft", data_testid="supplier-product-count"),
    )


def _order_row(row) -> rx.Component:
    return rx.table.row(
        rx.table.cell(code_link(row["order_number"], "/purchase-orders/" + row["order_number"])),
        rx.table.cell(status_pill(row["status"], row["status_label"])),
        rx.table.cell(row["order_date"], white_space="nowrap"),
        rx.table.cell(row["expected"], white_space="nowrap"),
        rx.table.cell(row["delivered"], white_space="nowrap"),
        num_cell(row["total"]),
        data_testid="supplier-po-row",
    )


def order_history() -> rx.Component:
    return section(
        "Purchase order history",
        table(["PO number", "Status", "Ordered", "Expected", "Delivered", "Total"], S.orders, _order_row,
              testid="supplier-orders", right=("Total",)),
        rx.cond(S.orders.length() == 0, rx.text("No purchase orders yet.", size="2", color=rx.color("gray", 10))),
        icon="clipboard-list",
        action=rx.link("All ", S.order_count, " orders →", href="/purchase-orders?supplier=" + sup["supplier_id"],
                       size="2", data_testid="supplier-all-orders"),
    )


def supplier_detail() -> rx.Component:
    return rx.cond(
        S.not_found != "",
        rx.vstack(back_link("All suppliers", "/suppliers"),
                  rx.callout(S.not_found, icon="circle-x", color_scheme="red", data_testid="supplier-not-found"),
                  spacing="3"),
        rx.cond(
            sup.contains("supplier_id"),
            rx.vstack(header(), performance(), contact_and_terms(), products_supplied(), order_history(),
                      spacing="5", width="100%"),
            rx.center(rx.spinner(size="3"), padding="48px", width="100%"),
        ),
    )
