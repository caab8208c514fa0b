"""Product page sections: key figures, stock per warehouse, lots, suppliers, movements, chart, forecast."""

from __future__ import annotations

import reflex as rx

from ..components.charts import figure_data
from ..components.widgets import back_link, labelled, num_cell, pager, section, status_badge
from ..states.products import ProductDetailState as S
from ..states.products import StockActionState
from .product_forecast import forecast_panel
from .products_stock import stock_dialog
from .products_widgets import MUTED, figure, simple_table

I = S.info  # noqa: E741 - the product's display values

STOCK_ACTIONS = [("receive", "Receive", "package-plus"), ("issue", "Issue", "package-minus"),
                 ("adjust", "Adjust", "scale"), ("transfer", "Transfer", "arrow-left-right")]


def header() -> rx.Component:
    stock_buttons = rx.hstack(
        *[rx.button(rx.icon(icon, size=16), label, variant="soft", on_click=StockActionState.open_dialog(kind),
                    data_testid=f"action-{kind}") for kind, label, icon in STOCK_ACTIONS],
        spacing="2",
    )
    edit = rx.link(rx.button(rx.icon("pencil", size=16), "Edit", data_testid="edit-product"),
                   href="/products/" + S.code + "/edit")
    return rx.hstack(
        rx.vstack(
            rx.hstack(rx.heading(I["name"], size="6", data_testid="product-name"), status_badge(I["stock_status"]),
                      status_badge(I["status"]), align="center", spacing="2", wrap="wrap"),
            rx.text(I["product_id"], " · SKU ", I["sku"], " · ", I["category"], size="2", color=MUTED),
            spacing="1",
        ),
        rx.spacer(),
        rx.cond(S.can_move_stock, stock_buttons),
        rx.cond(S.can_edit, edit),
        align="center",
        width="100%",
        spacing="3",
        wrap="wrap",
    )


def figures() -> rx.Component:
    return rx.grid(
        figure("On hand", I["on_hand"], testid="figure-on-hand"),
        figure("Available", I["available"], testid="figure-available"),
        figure("Reserved", I["reserved"], testid="figure-reserved"),
        figure("Reorder threshold", I["threshold"], testid="figure-threshold"),
        figure("Selling price", I["price"], testid="figure-price"),
        figure("Margin", I["margin"], testid="figure-margin"),
        columns=rx.breakpoints(initial="2", md="3", lg="6"),
        spacing="3",
        width="100%",
    )


def _stock_row(row) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(row["code"], weight="medium", white_space="nowrap")),
        rx.table.cell(row["name"]),
        num_cell(row["on_hand"]),
        data_testid="warehouse-row",
    )


def _reservation(row) -> rx.Component:
    return rx.hstack(
        rx.link(row["order"], href="/sales-orders/" + row["order"], weight="medium", white_space="nowrap"),
        rx.text(row["customer"], size="2", color=MUTED), rx.badge(row["status"], variant="soft"), rx.spacer(),
        rx.text(row["units"], " reserved", size="2", white_space="nowrap"),
        align="center", width="100%", data_testid="reservation-row",
    )


def stock_and_details() -> rx.Component:
    # Sales orders reserve per product, not per warehouse (the warehouse is chosen when goods ship),
    # so the table shows what is on each shelf and the list below which orders hold reserved units.
    reserved_for = rx.cond(S.reservations.length() > 0, rx.vstack(
        rx.text("Reserved for sales orders", size="2", weight="medium"), rx.foreach(S.reservations, _reservation),
        spacing="1", width="100%", padding_top="8px"))
    stock = section("Stock by warehouse", simple_table(
        ["Warehouse", "Name", "On hand"], S.warehouses, _stock_row,
        testid="warehouse-stock", right=("On hand",),
        empty="No stock recorded in any warehouse yet."), reserved_for, icon="warehouse")
    details = section("Details", rx.data_list.root(
        labelled("Category", rx.text(I["category"], " / ", I["subcategory"])),
        labelled("Barcode", I["barcode"]),
        labelled("Unit cost", I["cost"]),
        labelled("Primary supplier", I["supplier"]),
        labelled("Reorder quantity", I["reorder_quantity"]),
        labelled("Maximum stock", I["max_stock"]),
        labelled("Unit · location", rx.text(I["unit"], " · ", I["location"])),
        labelled("Tracking", I["tracking"]),
        labelled("Updated", I["updated"]),
        size="2",
    ), rx.cond(I["description"] != "", rx.text(I["description"], size="2", color=MUTED)), icon="info")
    return rx.grid(stock, details, columns=rx.breakpoints(initial="1", lg="2"), spacing="4", width="100%")


def _lot_row(row) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(row["lot"], weight="medium", white_space="nowrap")), rx.table.cell(row["warehouse"]),
        num_cell(row["quantity"]), rx.table.cell(rx.text(row["expiry"], white_space="nowrap")),
        rx.table.cell(rx.badge(row["left"], color_scheme=row["tone"], variant="soft")),
        data_testid="lot-row",
    )


def _offer_row(row) -> rx.Component:
    best = row["best"] == "yes"
    return rx.table.row(
        rx.table.cell(rx.link(row["supplier_id"], href="/suppliers/" + row["supplier_id"], weight="medium",
                              white_space="nowrap")),
        rx.table.cell(rx.hstack(
            rx.text(row["name"]),
            rx.cond(best, rx.tooltip(rx.badge(rx.icon("award", size=12), "Best", color_scheme="green",
                                              data_testid="best-supplier"), content=S.best_reason)),
            rx.cond(row["primary"] == "yes", rx.badge("Primary", variant="outline")),
            rx.cond(row["active"] != "active", status_badge(row["active"])),
            spacing="2", align="center", wrap="wrap")),
        num_cell(row["cost"]), num_cell(row["lead_time"]), num_cell(row["moq"]),
        background=rx.cond(best, rx.color("green", 2), "transparent"),
        data_testid="offer-row",
    )


def lots_and_offers() -> rx.Component:
    lots = section("Lots", simple_table(["Lot", "Warehouse", "Quantity", "Expiry", ""], S.lots, _lot_row,
                                        testid="lots", right=("Quantity",), empty="No lots hold stock."),
                   icon="layers")
    suppliers = section(
        "Suppliers", simple_table(["Supplier", "Name", "Cost", "Lead time", "MOQ"], S.offers, _offer_row,
                                  testid="offers", right=("Cost", "Lead time", "MOQ"),
                                  empty="No supplier offers this product yet."),
        rx.cond(S.best_reason != "", rx.text("Best: ", S.best_reason, size="1", color=MUTED)),
        icon="truck")
    return rx.grid(suppliers, lots, columns=rx.breakpoints(initial="1", lg="2"), spacing="4", width="100%")


def _movement_row(row) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(row["when"], white_space="nowrap")),
        rx.table.cell(rx.badge(row["type"], variant="soft", color_scheme="gray")),
        num_cell(row["quantity"], weight="medium",
                 color=rx.cond(row["direction"] == "in", rx.color("green", 11), rx.color("red", 11))),
        rx.table.cell(row["warehouse"]),
        num_cell(rx.text(row["before"], " → ", row["after"])),
        rx.table.cell(row["reason"]), rx.table.cell(row["reference"]), rx.table.cell(row["lot"]),
        rx.table.cell(row["user"]),
        data_testid="movement-row",
    )


def movements() -> rx.Component:
    return rx.vstack(
        simple_table(["When (UTC)", "Type", "Quantity", "Warehouse", "Stock", "Reason", "Reference", "Lot", "By"],
                     S.movements, _movement_row, testid="movements", right=("Quantity", "Stock"),
                     empty="No movements yet."),
        pager(S.mv_page, S.mv_total_pages, S.mv_total, S.prev_movements, S.next_movements),
        width="100%",
        spacing="2",
    )


def chart() -> rx.Component:
    return rx.vstack(
        rx.segmented_control.root(*[rx.segmented_control.item(f"{d} days", value=d) for d in ("30", "90", "180",
                                                                                                  "365")],
                                  value=S.chart_days, on_change=S.set_chart_days, size="1",
                                  data_testid="chart-days"),
        rx.box(rx.plotly(data=figure_data(S.figure), width="100%", height="340px",
                         config={"displaylogo": False, "responsive": True}),
               width="100%", data_testid="stock-chart"),
        width="100%",
        spacing="3",
    )


def history_tabs() -> rx.Component:
    return rx.card(rx.tabs.root(
        rx.tabs.list(rx.tabs.trigger("Movements", value="movements", data_testid="tab-movements"),
                     rx.tabs.trigger("Stock level", value="chart", data_testid="tab-chart"),
                     rx.tabs.trigger("Forecast", value="forecast", data_testid="tab-forecast")),
        rx.tabs.content(movements(), value="movements", padding_top="12px"),
        rx.tabs.content(chart(), value="chart", padding_top="12px"),
        rx.tabs.content(forecast_panel(), value="forecast", padding_top="12px"),
        default_value="movements",
    ), width="100%", size="2")


def product_detail() -> rx.Component:
    found = rx.vstack(header(), figures(), stock_and_details(), lots_and_offers(), history_tabs(), stock_dialog(),
                      spacing="4", width="100%")
    missing = rx.callout(S.missing, icon="search-x", color_scheme="red", width="100%", data_testid="product-missing")
    return rx.vstack(
        back_link("Products", "/products"),
        rx.cond(S.missing != "", missing, rx.cond(S.info.contains("product_id"), found,
                                                  rx.center(rx.spinner(size="3"), width="100%", height="240px"))),
        spacing="3",
        width="100%",
    )
