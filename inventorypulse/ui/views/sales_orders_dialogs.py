"""The Ship and Return dialogs of a sales order, each with a preview of the stock movements."""

from __future__ import annotations

import reflex as rx

from ..components.forms import form_field
from ..components.widgets import num_cell, table
from ..states.sales_orders_return import ReturnState as R
from ..states.sales_orders_ship import ShipState as H


def _warehouse_select(state, testid: str) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(width="100%", data_testid=testid),
        rx.select.content(rx.foreach(state.warehouses, lambda w: rx.select.item(w["label"], value=w["code"]))),
        value=state.warehouse, on_change=state.set_warehouse,
    )


def _error(message, testid: str) -> rx.Component:
    return rx.cond(message != "", rx.text(message, size="1", color=rx.color("red", 11), data_testid=testid))


def _preview_row(m) -> rx.Component:
    return rx.table.row(
        rx.table.cell(m["kind"]),
        rx.table.cell(m["product_id"]),
        rx.table.cell(m["warehouse"]),
        rx.table.cell(m["lot"]),
        rx.table.cell(m["expiry"], white_space="nowrap"),
        num_cell(m["quantity"]),
        num_cell(m["stock"]),
        data_testid="preview-row",
    )


def _preview(state, title: str, testid: str, footer=None) -> rx.Component:
    """The movements the service would record, or why it would refuse."""
    return rx.cond(
        state.preview.length() > 0,
        rx.vstack(
            rx.text(title, weight="bold", size="2"),
            table(["Kind", "Product", "Warehouse", "Lot", "Expiry", "Quantity", "On hand there"], state.preview,
                  _preview_row, testid=testid, right=("Quantity", "On hand there"), size="1"),
            footer if footer is not None else rx.fragment(),
            spacing="2", width="100%",
        ),
        rx.cond(state.problem != "", rx.callout(state.problem, icon="triangle-alert", color_scheme="amber",
                                                size="1", width="100%", data_testid=testid + "-problem")),
    )


def _buttons(state, label: str, icon: str, testid: str) -> rx.Component:
    return rx.hstack(
        rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray", disabled=state.saving)),
        rx.button(rx.icon(icon, size=16), label, on_click=state.confirm, loading=state.saving,
                  disabled=state.saving | (state.preview.length() == 0), data_testid=testid),
        justify="end", spacing="3", width="100%",
    )


def _ship_line(line) -> rx.Component:
    return rx.table.row(
        rx.table.cell(line["line_no"]),
        rx.table.cell(rx.vstack(rx.text(line["product_id"], weight="medium", size="2"),
                                rx.text(line["name"], size="1", color=rx.color("gray", 10)), spacing="0")),
        num_cell(line["reserved"]),
        rx.table.cell(rx.vstack(
            rx.input(value=line["quantity"], on_change=lambda v: H.set_quantity(line["line_no"], v),
                     debounce_timeout=300, input_mode="numeric", width="90px", text_align="right",
                     data_testid="ship-qty-" + line["line_no"]),
            _error(line["error"], "ship-error-" + line["line_no"]),
            spacing="1", max_width="240px")),
        vertical_align="top",
    )


def ship_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Ship ", H.order_number_),
            rx.dialog.description("Reserved goods leave the chosen warehouse, earliest-expiry lots first. "
                                  "Ship part now and the rest later.", size="2", color=rx.color("gray", 11)),
            rx.vstack(
                rx.grid(
                    form_field("From warehouse", "warehouse", _warehouse_select(H, "ship-warehouse"), H.errors,
                               required=True),
                    form_field("Tracking number", "tracking_number",
                               rx.input(value=H.tracking, on_change=H.set_tracking, width="100%",
                                        data_testid="ship-tracking"), H.errors),
                    columns="2", spacing="4", width="100%",
                ),
                table(["#", "Product", "Reserved", "Ship now"], H.lines, _ship_line, testid="ship-lines",
                      right=("Reserved",)),
                _preview(H, "What leaves stock", "ship-preview",
                         rx.text("The order becomes ", rx.text.strong(H.preview_status, data_testid="ship-becomes"),
                                 ".", size="2")),
                _buttons(H, "Ship goods", "truck", "confirm-ship"),
                spacing="4", margin_top="16px", width="100%",
            ),
            max_width="760px",
            data_testid="ship-dialog",
        ),
        open=H.is_open,
        on_open_change=H.close,
    )


def _return_line(line) -> rx.Component:
    lot = rx.cond(line["tracked"] != "", rx.vstack(
        rx.input(value=line["lot"], on_change=lambda v: R.set_lot(line["line_no"], v), placeholder="Lot",
                 width="110px", data_testid="return-lot-" + line["line_no"]),
        _error(line["error_lot"], "return-lot-error-" + line["line_no"]),
        rx.input(type="date", value=line["expiry"], on_change=lambda v: R.set_expiry(line["line_no"], v),
                 width="140px", data_testid="return-expiry-" + line["line_no"]),
        _error(line["error_expiry"], "return-expiry-error-" + line["line_no"]),
        spacing="1"), rx.text("—", color=rx.color("gray", 9)))
    return rx.table.row(
        rx.table.cell(rx.vstack(rx.text(line["product_id"], weight="medium", size="2"),
                                rx.text(line["name"], size="1", color=rx.color("gray", 10)), spacing="0")),
        num_cell(line["returnable"]),
        rx.table.cell(rx.vstack(
            rx.input(value=line["quantity"], on_change=lambda v: R.set_quantity(line["line_no"], v),
                     debounce_timeout=300, input_mode="numeric", placeholder="0", width="80px", text_align="right",
                     data_testid="return-qty-" + line["line_no"]),
            _error(line["error"], "return-error-" + line["line_no"]),
            spacing="1", max_width="200px")),
        rx.table.cell(rx.select.root(
            rx.select.trigger(width="120px", data_testid="return-disposition-" + line["line_no"]),
            rx.select.content(rx.select.item("Restock", value="restock"),
                              rx.select.item("Write off", value="write_off")),
            value=line["disposition"], on_change=lambda v: R.set_disposition(line["line_no"], v))),
        rx.table.cell(lot),
        vertical_align="top",
    )


def return_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Return goods on ", R.order_number_),
            rx.dialog.description("Returned goods come back into stock (restock), or come back and are written "
                                  "off as damaged.", size="2", color=rx.color("gray", 11)),
            rx.vstack(
                rx.grid(
                    form_field("Into warehouse", "warehouse", _warehouse_select(R, "return-warehouse"), R.errors,
                               required=True),
                    form_field("Reason", "reason",
                               rx.input(value=R.reason, on_change=R.set_reason, width="100%",
                                        placeholder="Damaged in transit, wrong item…", data_testid="return-reason"),
                               R.errors),
                    columns="2", spacing="4", width="100%",
                ),
                table(["Product", "Returnable", "Quantity", "Disposition", "Lot / expiry"], R.lines, _return_line,
                      testid="return-lines", right=("Returnable",)),
                _preview(R, "What comes back", "return-preview"),
                _buttons(R, "Record return", "undo-2", "confirm-return"),
                spacing="4", margin_top="16px", width="100%",
            ),
            max_width="820px",
            data_testid="return-dialog",
        ),
        open=R.is_open,
        on_open_change=R.close,
    )
