"""Replenishment screen sections: headline figures, filters, supplier groups, created orders."""

from __future__ import annotations

import reflex as rx

from ..components.widgets import empty_state, kpi_card, pager
from ..states.replenishment import ALL
from ..states.replenishment import ReplenishmentState as S

NUMERIC = ("Available", "Reorder point", "Safety stock", "Suggested", "Est. cost", "Days of cover")
HEADERS = ("Product", "Warehouse", "Basis", *NUMERIC, "Stockout")
# Fixed widths, so the columns of every supplier's table line up (the product column takes the rest).
WIDTHS = {"Warehouse": "96px", "Basis": "112px", "Est. cost": "104px", "Stockout": "112px"}


def summary() -> rx.Component:
    return rx.grid(
        kpi_card("Lines to reorder", S.summary["lines"], "shopping-cart", testid="kpi-reorder-lines"),
        kpi_card("Suppliers", S.summary["suppliers"], "truck", testid="kpi-reorder-suppliers"),
        kpi_card("Units suggested", S.summary["units"], "package", testid="kpi-reorder-units"),
        kpi_card("Estimated cost", S.summary["cost"], "banknote", testid="kpi-reorder-cost", tone="blue"),
        kpi_card("Run out within lead time", S.summary["urgent"], "triangle-alert", testid="kpi-reorder-urgent",
                 tone="red", hint="Plan computed " + S.summary["computed"]),
        columns=rx.breakpoints(initial="1", sm="2", lg="5"),
        spacing="4",
        width="100%",
    )


def _select(value, options, on_change, placeholder: str, testid: str) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(placeholder=placeholder, width="230px", data_testid=testid),
        rx.select.content(
            rx.select.item(placeholder, value=ALL),
            rx.foreach(options, lambda o: rx.select.item(o["label"], value=o["value"])),
        ),
        value=value,
        on_change=on_change,
    )


def toolbar() -> rx.Component:
    filters = rx.hstack(
        _select(S.supplier, S.supplier_options, S.set_supplier, "All suppliers", "filter-supplier"),
        _select(S.warehouse, S.warehouse_options, S.set_warehouse, "All warehouses", "filter-warehouse"),
        rx.form(
            rx.hstack(rx.input(name="search", placeholder="Product, code or SKU…", default_value=S.search,
                               width="240px", data_testid="replenishment-search"),
                      rx.button(rx.icon("search", size=16), variant="soft", type="submit"), spacing="2"),
            on_submit=S.apply_search,
            width="auto",
        ),
        rx.spacer(),
        rx.hstack(rx.switch(checked=S.only_needed, on_change=S.set_only_needed, data_testid="only-needed"),
                  rx.text("Only lines to order", size="2"), align="center", spacing="2"),
        align="center",
        spacing="3",
        width="100%",
        wrap="wrap",
    )
    actions = rx.hstack(
        rx.text("Tick lines, or a supplier to take all its lines, then create the drafts.", size="2",
                color=rx.color("gray", 11)),
        rx.spacer(),
        rx.text(S.selected_count, " selected", size="2", weight="medium", data_testid="selected-count"),
        rx.button(rx.icon("x", size=14), "Clear", variant="ghost", color_scheme="gray", on_click=S.clear_selection,
                  disabled=S.selected_count == 0),
        rx.button(rx.icon("file-plus", size=16), "Create draft POs", on_click=S.create_drafts, loading=S.creating,
                  disabled=S.selected_count == 0, data_testid="create-drafts"),
        align="center",
        spacing="3",
        width="100%",
        padding="8px 12px",
        border_radius="8px",
        background=rx.color("accent", 2),
        border=f"1px solid {rx.color('accent', 5)}",
    )
    return rx.vstack(filters, rx.cond(S.can_edit, actions), spacing="3", width="100%")


def created_orders() -> rx.Component:
    return rx.cond(
        S.created.length() > 0,
        rx.callout.root(
            rx.callout.icon(rx.icon("circle-check")),
            rx.callout.text(
                rx.text("Draft purchase orders created — review and send them:", weight="medium"),
                rx.hstack(rx.foreach(S.created, lambda c: rx.link(
                    c["order_number"], " · ", c["supplier"], " · ", c["total"], href="/purchase-orders/" +
                    c["order_number"], data_testid="created-po-link")), spacing="4", wrap="wrap"),
            ),
            color_scheme="green",
            width="100%",
            data_testid="created-pos",
        ),
    )


def _num(value, **props) -> rx.Component:
    return rx.table.cell(rx.text(value, **props), text_align="right", white_space="nowrap")


def _line(row) -> rx.Component:
    return rx.table.row(
        rx.cond(S.can_edit, rx.table.cell(rx.checkbox(
            checked=S.selected.contains(row.row_key), on_change=lambda v: S.toggle(row.row_key, v),
            data_testid="select-" + row.row_key))),
        rx.table.cell(rx.vstack(
            rx.link(row.product_id, href="/products/" + row.product_id, weight="medium", white_space="nowrap"),
            rx.text(row.name, size="1", color=rx.color("gray", 11)), spacing="0")),
        rx.table.cell(row.warehouse, white_space="nowrap"),
        rx.table.cell(rx.badge(row.basis, variant="soft",
                               color_scheme=rx.cond(row.basis == "forecast", "teal", "gray"))),
        _num(row.available),
        _num(row.reorder_point),
        _num(row.safety_stock),
        _num(row.suggested, weight="bold"),
        _num(row.cost),
        _num(row.days_of_cover),
        rx.table.cell(rx.cond(row.urgent, rx.badge(row.stockout, color_scheme="red", variant="soft"),
                              rx.text(row.stockout)), white_space="nowrap"),
        data_testid="suggestion-row",
    )


def _group(g) -> rx.Component:
    head = rx.hstack(
        rx.cond(S.can_edit & (g.selection.length() > 0), rx.checkbox(
            checked=S.full_groups.contains(g.supplier_id), on_change=lambda v: S.toggle_group(g.selection, v),
            data_testid="select-group-" + g.supplier_id)),
        rx.vstack(rx.heading(g.name, size="4"), rx.text(g.supplier_id, " · ", g.lead_time, size="1",
                                                         color=rx.color("gray", 11)), spacing="0"),
        rx.spacer(),
        rx.text(g.lines_label, " · ", g.total_quantity, " units · ", g.total_cost, size="2",
                weight="medium"),
        align="center",
        width="100%",
        spacing="3",
        margin_bottom="10px",
    )
    headers = [rx.table.column_header_cell(h, text_align="right" if h in NUMERIC else "left",
                                           width=WIDTHS.get(h, "88px" if h in NUMERIC else "auto")) for h in HEADERS]
    table = rx.table.root(
        rx.table.header(rx.table.row(rx.cond(S.can_edit, rx.table.column_header_cell("", width="36px")),
                                     *headers)),
        rx.table.body(rx.foreach(g.lines, _line)),
        variant="ghost",
        size="1",
        width="100%",
        min_width="980px",
        style={"table_layout": "fixed"},
    )
    return rx.card(head, rx.box(table, overflow_x="auto", width="100%"), width="100%",
                   data_testid="supplier-group")


def groups() -> rx.Component:
    return rx.vstack(
        rx.cond(S.error != "", rx.callout(S.error, icon="triangle-alert", color_scheme="red", width="100%")),
        rx.cond(S.groups.length() == 0,
                rx.card(empty_state("Nothing to reorder for these filters.", "circle-check"), width="100%")),
        rx.foreach(S.groups, _group),
        pager(S.page, S.total_pages, S.total, S.prev_page, S.next_page),
        spacing="4",
        width="100%",
    )
