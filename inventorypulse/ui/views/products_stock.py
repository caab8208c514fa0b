"""The stock action dialog: receive, issue, adjust or transfer, with the resulting stock shown first."""

from __future__ import annotations

import reflex as rx

from ..components.forms import field_error, form_field
from ..components.widgets import status_badge
from ..states.products import StockActionState as S
from ..states.products.stock import REASONS
from .products_widgets import MUTED

P, E = S.preview, S.errors


def _warehouse_select(name: str, value) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(width="100%", data_testid=f"stock-{name}"),
        rx.select.content(rx.foreach(S.warehouse_codes, lambda c: rx.select.item(c, value=c))),
        value=value,
        on_change=lambda v: S.set_field(name, v),
    )


def _input(name: str, value, **props) -> rx.Component:
    return rx.input(value=value, on_change=lambda v: S.set_field(name, v), width="100%",
                    data_testid=f"stock-{name}", **props)


def fields() -> rx.Component:
    is_transfer, is_adjust = S.kind == "transfer", S.kind == "adjust"
    adds_stock = (S.kind == "receive") | is_adjust
    quantity_label = rx.cond(is_adjust, "Change (+ adds, − removes)", "Quantity")
    reason = rx.select.root(
        rx.select.trigger(placeholder="Choose a reason", width="100%", data_testid="stock-reason"),
        rx.select.content(*[rx.select.item(r.replace("_", " ").capitalize(), value=r) for r in REASONS]),
        value=S.reason,
        on_change=lambda v: S.set_field("reason", v),
    )
    return rx.vstack(
        rx.grid(
            form_field(rx.cond(is_transfer | (S.kind == "issue"), "From warehouse", "Warehouse"), "warehouse",
                       _warehouse_select("warehouse", S.warehouse), E, error_names=("from_warehouse",)),
            rx.cond(is_transfer, form_field("To warehouse", "to_warehouse",
                                            _warehouse_select("to_warehouse", S.to_warehouse), E)),
            form_field(quantity_label, "quantity", _input("quantity", S.quantity, input_mode="numeric",
                                                          placeholder="0", auto_focus=True), E, required=True),
            rx.cond(is_adjust, form_field("Reason", "reason_code", reason, E, required=True)),
            rx.cond(S.lot_tracked, form_field("Lot number", "lot_number", _input("lot", S.lot), E,
                                              hint="Taking stock out: empty means earliest expiry first")),
            rx.cond(S.expiry_tracked & adds_stock,
                    form_field("Expiry date", "expiration_date", _input("expiry", S.expiry, type="date"), E)),
            columns="2",
            spacing="3",
            width="100%",
        ),
        form_field("Note", "reason_description", _input("note", S.note, placeholder="Optional"), E,
                   error_names=("notes",)),
        spacing="3",
        width="100%",
    )


def _line(i: int) -> rx.Component:
    return rx.table.row(
        rx.table.cell(P[f"wh{i}"]),
        rx.table.cell(P[f"before{i}"], text_align="right"),
        rx.table.cell(rx.text(P[f"after{i}"], weight="bold"), text_align="right", data_testid=f"preview-after-{i}"),
    )


def preview() -> rx.Component:
    table = rx.table.root(
        rx.table.header(rx.table.row(rx.table.column_header_cell("Stock on hand"),
                                     rx.table.column_header_cell("Now", text_align="right"),
                                     rx.table.column_header_cell("After", text_align="right"))),
        rx.table.body(
            _line(0),
            rx.cond(P.contains("wh1"), _line(1)),
            rx.table.row(
                rx.table.cell(rx.text("All warehouses", weight="medium")),
                rx.table.cell(P["total_before"], text_align="right"),
                rx.table.cell(rx.text(P["total_after"], weight="bold"), text_align="right",
                              data_testid="preview-total-after"),
            ),
        ),
        size="1",
        variant="surface",
        width="100%",
    )
    status = rx.hstack(rx.text("Stock level", size="2", color=MUTED), status_badge(P["status_before"]),
                       rx.icon("arrow-right", size=14), status_badge(P["status_after"]), align="center",
                       spacing="2")
    return rx.vstack(
        rx.cond(P["ready"] == "yes", rx.vstack(table, status, spacing="2", width="100%", data_testid="stock-preview"),
                rx.text("Enter a quantity to see the resulting stock.", size="2", color=MUTED)),
        rx.cond(P["problem"] != "", rx.callout(P["problem"], icon="triangle-alert", color_scheme="amber",
                                               size="1", width="100%", data_testid="stock-problem")),
        spacing="2",
        width="100%",
    )


def stock_dialog() -> rx.Component:
    blocked = (P["ready"] != "yes") | (P["problem"] != "") | S.saving
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(S.title),
            rx.dialog.description(S.info["name"], " (", S.code, ")", size="2", color=MUTED),
            rx.vstack(
                fields(),
                field_error(E, "movement_type"),
                preview(),
                rx.hstack(
                    rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray")),
                    rx.button(rx.cond(S.saving, rx.spinner(size="1"), rx.icon("check", size=16)), "Confirm",
                              on_click=S.confirm, disabled=blocked, data_testid="stock-confirm"),
                    justify="end",
                    width="100%",
                    spacing="3",
                ),
                spacing="4",
                width="100%",
                margin_top="12px",
            ),
            max_width="560px",
            data_testid="stock-dialog",
        ),
        open=S.open,
        on_open_change=S.set_open,
    )
