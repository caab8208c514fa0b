"""Analytics sections: source and sync bar, KPIs, charts, category margins, supplier scorecards, slow movers."""

from __future__ import annotations

import reflex as rx

from ..components.charts import figure_data
from ..components.widgets import data_table, empty_state, kpi_card, section_card
from ..states.analytics import PERIODS
from ..states.analytics import AnalyticsState as S
from .dashboard_charts import CONFIG, HEIGHT

GRID = {"columns": rx.breakpoints(initial="1", sm="2", lg="3"), "spacing": "4", "width": "100%"}
MUTED = {"size": "1", "color": rx.color("gray", 10)}


def _sync_badge() -> rx.Component:
    return rx.match(
        S.sync_state,
        ("ok", rx.badge(rx.icon("circle-check", size=12), S.sync_text, color_scheme="green", variant="soft")),
        ("failed", rx.badge(rx.icon("circle-alert", size=12), S.sync_text, color_scheme="red", variant="soft")),
        ("running", rx.badge(rx.spinner(size="1"), S.sync_text, color_scheme="blue", variant="soft")),
        rx.badge(rx.icon("clock", size=12), S.sync_text, color_scheme="gray", variant="soft"),
    )


def _admin_buttons() -> rx.Component:
    return rx.cond(
        S.is_admin,
        rx.hstack(
            rx.button(rx.icon("refresh-cw", size=14), "Sync now", on_click=S.sync_now(False), loading=S.syncing,
                      size="2", data_testid="analytics-sync"),
            rx.tooltip(
                rx.button(rx.icon("database-zap", size=14), "Rebuild", on_click=S.sync_now(True),
                          disabled=S.syncing, variant="soft", size="2", data_testid="analytics-rebuild"),
                content="Reload every table from the operational data",
            ),
            spacing="2",
        ),
        rx.fragment(),
    )


def toolbar() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.vstack(
                rx.hstack(rx.icon("warehouse", size=16, color=rx.color("gray", 10)),
                          rx.text(S.source, size="2", color=rx.color("gray", 11), data_testid="analytics-source"),
                          align="center", spacing="2"),
                rx.hstack(_sync_badge(), rx.text(S.period, **MUTED), align="center", spacing="3",
                          data_testid="analytics-sync-status"),
                spacing="1",
            ),
            rx.spacer(),
            rx.segmented_control.root(
                *[rx.segmented_control.item(f"{p} days", value=p) for p in PERIODS],
                value=S.days, on_change=S.set_days, data_testid="analytics-period",
            ),
            _admin_buttons(),
            align="center",
            spacing="4",
            width="100%",
            wrap="wrap",
        ),
        rx.cond(S.sync_error != "", rx.callout(S.sync_error, icon="triangle-alert", color_scheme="red", size="1",
                                               width="100%", data_testid="analytics-sync-error")),
        rx.cond(S.error != "", rx.callout(S.error, icon="circle-x", color_scheme="red", width="100%",
                                          data_testid="analytics-error")),
        spacing="3",
        width="100%",
        margin_bottom="16px",
    )


def kpi_grid() -> rx.Component:
    return rx.grid(
        kpi_card("Revenue", S.revenue, "banknote", testid="kpi-revenue", hint=S.units_hint),
        kpi_card("Gross profit", S.gross_profit, "trending-up", testid="kpi-gross-profit", tone="green",
                 hint=S.margin_hint),
        kpi_card("Inventory turnover", S.turnover, "repeat", testid="kpi-turnover", tone="blue",
                 hint="Cost of goods sold ÷ average stock at cost, per year"),
        kpi_card("Stock value at cost", S.stock_value, "wallet", testid="kpi-stock-value",
                 hint=S.stock_retail_hint),
        kpi_card("Understocked products", S.understocked, "triangle-alert", testid="kpi-understocked",
                 tone="amber", hint=S.overstocked_hint),
        kpi_card("Forecast demand", S.forecast, "chart-spline", testid="kpi-forecast", tone="violet",
                 hint=S.forecast_hint),
        **GRID,
    )


def _chart(figure, testid: str, height=f"{HEIGHT}px") -> rx.Component:
    return rx.box(rx.plotly.basic(data=figure_data(figure), config=CONFIG, width="100%", height=height), width="100%",
                  height=height, data_testid=testid)


def charts_grid() -> rx.Component:
    return rx.grid(
        section_card("Revenue and gross profit", _chart(S.sales_figure, "chart-revenue"),
                     subtitle="Per day, from sales_analytics", testid="card-revenue"),
        section_card("Inventory value", _chart(S.inventory_figure, "chart-inventory-value"),
                     subtitle="End of each day, from inventory_history", testid="card-inventory-value"),
        columns=rx.breakpoints(initial="1", lg="2"),
        spacing="4",
        width="100%",
    )


def _category_row(c) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(c["category"]),
        *[rx.table.cell(c[k], text_align="right") for k in ("revenue", "cogs", "profit", "margin", "turnover")],
        data_testid="category-row",
    )


def categories_section() -> rx.Component:
    table = data_table(["Category", "Revenue", "COGS", "Gross profit", "Margin", "Turnover"], S.categories,
                       _category_row, testid="category-table")
    return section_card(
        "Gross margin by category",
        rx.vstack(rx.cond(S.has_margins, _chart(S.margin_figure, "chart-margin"),
                          empty_state("No sales in this period.", "chart-no-axes-column")),
                  rx.box(table, overflow_x="auto", width="100%"), spacing="4", width="100%"),
        subtitle="Gross profit ÷ revenue; turnover = COGS ÷ average stock at cost, per year",
        testid="card-categories",
    )


def _supplier_row(s) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(rx.vstack(rx.text(s["name"], size="2"), rx.text(s["supplier_id"], **MUTED),
                                           spacing="0")),
        rx.table.cell(s["orders"], text_align="right"),
        rx.table.cell(s["value"], text_align="right"),
        rx.table.cell(rx.badge(s["on_time"], color_scheme=s["tone"], variant="soft"), text_align="right"),
        *[rx.table.cell(s[k], text_align="right") for k in ("lead", "fill", "quality")],
        data_testid="supplier-row",
    )


def suppliers_section() -> rx.Component:
    return section_card(
        "Supplier scorecards",
        rx.cond(
            S.suppliers.length() > 0,
            rx.vstack(
                rx.box(data_table(["Supplier", "Orders", "Order value", "On time", "Lead time", "Fill rate",
                                   "Quality"], S.suppliers, _supplier_row, testid="supplier-table"),
                       overflow_x="auto", width="100%"),
                rx.text("On-time delivery by month", size="2", weight="medium", margin_top="8px"),
                _chart(S.supplier_figure, "chart-on-time", height=S.supplier_chart_height),
                spacing="3",
                width="100%",
            ),
            empty_state("No purchase orders in this period.", "truck"),
        ),
        subtitle="From supplier_performance: months of the period, weighted by orders",
        testid="card-suppliers",
    )


def _slow_row(m) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(rx.link(m["name"], href="/products/" + m["product_id"]),
                                 rx.text(m["product_id"], **MUTED)),
        *[rx.table.cell(m[k], text_align="right") for k in ("value", "turnover", "restock")],
        data_testid="slow-row",
    )


def slow_movers_section() -> rx.Component:
    return section_card(
        "Slow movers",
        rx.cond(S.slow_movers.length() > 0,
                data_table(["Product", "Stock at cost", "Turnover", "Last restock"], S.slow_movers, _slow_row,
                           testid="slow-table"),
                empty_state("No stock on hand.", "package")),
        subtitle="Lowest turnover among products with stock, latest snapshot",
        testid="card-slow-movers",
    )


def no_data() -> rx.Component:
    return rx.card(
        empty_state(rx.cond(S.is_admin, "No analytics yet: run a sync to load the warehouse.",
                            "No analytics yet: the nightly warehouse sync will load them."), "chart-area"),
        width="100%",
        data_testid="analytics-empty",
    )


def analytics_body() -> rx.Component:
    return rx.vstack(
        toolbar(),
        rx.cond(
            S.loaded,
            rx.cond(
                S.has_data,
                rx.vstack(kpi_grid(), charts_grid(), categories_section(), suppliers_section(),
                          slow_movers_section(), spacing="4", width="100%", data_testid="analytics-figures"),
                rx.cond(S.error == "", no_data(), rx.fragment()),
            ),
            rx.skeleton(rx.box(height="360px", width="100%"), loading=True),
        ),
        spacing="0",
        width="100%",
    )
