"""The receive dialog of one order line, with a preview of what enters stock."""

from __future__ import annotations

import reflex as rx

from ..components.forms import form_field
from ..states.purchase_orders_receive import ReceiveState as R

line = R.line
preview = R.preview


def _preview() -> rx.Component:
    def row(label: str, value, testid: str) -> rx.Component:
        return rx.hstack(rx.text(label, size="2", color=rx.color("gray", 11), min_width="150px"),
                         rx.text(value, size="2", weight="medium", data_testid=testid), width="100%")

    return rx.cond(
        preview.contains("adds"),
        rx.callout.root(
            rx.callout.icon(rx.icon("package-plus")),
            rx.vstack(
                rx.text("What will be added to stock", weight="bold", size="2"),
                row("Stock movement", preview["adds"], "receive-preview-adds"),
                row("On hand at " + R.warehouse, preview["stock"], "receive-preview-stock"),
                row("This line", preview["line"], "receive-preview-line"),
                row("Order becomes", preview["order"], "receive-preview-order"),
                spacing="1",
                width="100%",
            ),
            color_scheme="green",
            width="100%",
            data_testid="receive-preview",
        ),
    )


def receive_dialog() -> rx.Component:
    e = R.errors
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Receive line ", line["line_no"], ": ", line["name"]),
            rx.dialog.description(
                line["product_id"], " · ordered ", line["ordered"], ", received ", line["received"], ", ",
                rx.text.strong(line["remaining"], " outstanding"), size="2", color=rx.color("gray", 11),
            ),
            rx.vstack(
                rx.grid(
                    form_field("Quantity", "quantity",
                               rx.input(value=R.quantity, on_change=R.set_quantity, debounce_timeout=200,
                                        input_mode="numeric", width="100%", data_testid="receive-quantity"), e,
                               required=True),
                    form_field("Warehouse", "warehouse",
                               rx.select.root(
                                   rx.select.trigger(width="100%", data_testid="receive-warehouse"),
                                   rx.select.content(rx.foreach(
                                       R.warehouses, lambda w: rx.select.item(w["label"], value=w["code"]))),
                                   value=R.warehouse, on_change=R.set_warehouse,
                               ), e, required=True),
                    rx.cond(R.lot_tracked,
                            form_field("Lot number", "lot_number",
                                       rx.input(value=R.lot_number, on_change=R.set_lot, width="100%",
                                                data_testid="receive-lot"), e, required=True)),
                    rx.cond(R.expiry_tracked,
                            form_field("Expiry date", "expiration_date",
                                       rx.input(type="date", value=R.expiration_date, on_change=R.set_expiry,
                                                width="100%", data_testid="receive-expiry"), e, required=True)),
                    columns="2",
                    spacing="4",
                    width="100%",
                ),
                form_field("Notes", "notes", rx.input(value=R.notes, on_change=R.set_notes, width="100%",
                                                      placeholder="Delivery note, carrier, damage…"), e),
                _preview(),
                rx.hstack(
                    rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray", disabled=R.saving)),
                    rx.button(rx.icon("package-check", size=16), "Receive into stock", on_click=R.confirm,
                              loading=R.saving, disabled=~preview.contains("adds"), data_testid="confirm-receive"),
                    justify="end",
                    spacing="3",
                    width="100%",
                ),
                spacing="4",
                margin_top="16px",
                width="100%",
            ),
            max_width="640px",
            data_testid="receive-dialog",
        ),
        open=R.is_open,
        on_open_change=R.close,
    )
