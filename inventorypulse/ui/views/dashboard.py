"""Dashboard sections: KPI grid, sales (dashboard_sales.py), charts, recent activity."""

from __future__ import annotations

import plotly.graph_objects as go
import reflex as rx

from ..components.charts import figure_data
from ..components.widgets import empty_state, kpi_card, section_card, severity_badge
from ..states.dashboard import DashboardState as S
from .dashboard_charts import CONFIG, HEIGHT
from .dashboard_sales import sales_row

GRID = {"columns": rx.breakpoints(initial="1", sm="2", lg="4"), "spacing": "4", "width": "100%"}


def _severity_chip(item) -> rx.Component:
    return rx.link(
        rx.hstack(severity_badge(item["severity"]), rx.spacer(), rx.text(item["count"], size="2", weight="bold"),
                  spacing="1", align="center", width="100%"),
        href=item["href"],
        underline="none",
        color="inherit",
        data_testid="kpi-alerts-" + item["severity"],
    )


def alerts_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text("Open alerts", size="2", color=rx.color("gray", 11)),
                rx.spacer(),
                rx.box(rx.icon("bell", size=16, color=rx.color("orange", 11)), padding="6px", line_height="0",
                       border_radius="8px", background=rx.color("orange", 3)),
                align="center",
                width="100%",
            ),
            rx.link(rx.heading(S.active_alerts, size="6", data_testid="kpi-alerts"), href="/alerts?status=open",
                    underline="none", color="inherit", data_testid="kpi-alerts-link"),
            rx.grid(rx.foreach(S.alerts_by_severity, _severity_chip), columns="2", spacing_x="4", spacing_y="1",
                    width="100%"),
            spacing="1",
            width="100%",
        ),
        size="2",
        width="100%",
        height="100%",
    )


def kpi_grid() -> rx.Component:
    return rx.grid(
        kpi_card("Inventory value at cost", S.value_cost, "wallet", testid="kpi-value-cost", hint=S.value_change),
        kpi_card("Inventory value at retail", S.value_retail, "tag", testid="kpi-value-retail", tone="green",
                 hint=S.margin_hint),
        kpi_card("SKUs", S.products, "package", testid="kpi-products", href="/products", hint=S.active_products),
        alerts_card(),
        kpi_card("Low stock", S.low_stock, "triangle-alert", testid="kpi-low-stock", href="/products?stock=low",
                 tone="amber", hint="At or below reorder threshold"),
        kpi_card("Out of stock", S.out_of_stock, "circle-x", testid="kpi-out-of-stock", href="/products?stock=out",
                 tone="red", hint="Nothing available to sell"),
        kpi_card("Open purchase orders", S.open_pos, "clipboard-list", testid="kpi-open-pos",
                 href="/purchase-orders?status=open", tone="blue", hint="Draft to partially received"),
        kpi_card("Open PO value", S.open_po_value, "banknote", testid="kpi-open-po-value",
                 href="/purchase-orders?status=open", tone="blue", hint="Still to be received"),
        **GRID,
    )


def _chart(figure, testid: str, on_click=None) -> rx.Component:
    props = {"on_click": on_click} if on_click is not None else {}
    return rx.box(
        rx.plotly.basic(data=figure_data(figure), config=CONFIG, width="100%", height=f"{HEIGHT}px", **props),
        width="100%",
        height=f"{HEIGHT}px",
        data_testid=testid,
    )


def preload_plotly() -> rx.Component:
    """A hidden empty chart outside the login check: the browser fetches and parses plotly while the
    session is still being restored, instead of after the figures arrive."""
    return rx.box(rx.plotly.basic(data=go.Figure(), config=CONFIG), display="none", aria_hidden="true")


def _or_empty(condition, chart: rx.Component, text: str) -> rx.Component:
    """The chart once loaded (or a note when there is nothing to draw); a skeleton before."""
    return rx.cond(
        S.loaded,
        rx.cond(condition, chart, rx.box(empty_state(text, "chart-no-axes-column"), height=f"{HEIGHT}px")),
        rx.skeleton(rx.box(height=f"{HEIGHT}px", width="100%"), loading=True),
    )


def charts_grid() -> rx.Component:
    return rx.grid(
        section_card("Stock value at cost", _or_empty(S.has_history, _chart(S.value_figure, "chart-stock-value"),
                                                      "No stock movements yet."),
                     subtitle="End of each day, last 90 days", testid="card-stock-value"),
        section_card("Units sold per day", _or_empty(S.has_history, _chart(S.sales_figure, "chart-units-sold"),
                                                     "No sales yet."),
                     subtitle="Last 90 days, with the 7-day average", testid="card-units-sold"),
        section_card("Top 10 movers", _or_empty(S.mover_ids.length() > 0,
                                                _chart(S.movers_figure, "chart-top-movers", S.open_mover),
                                                "No sales in the last 30 days."),
                     subtitle="Units sold, last 30 days · click a bar to open the product",
                     testid="card-top-movers"),
        section_card("Value by category", _or_empty(S.category_names.length() > 0,
                                                    _chart(S.category_figure, "chart-category-value",
                                                           S.open_category),
                                                    "No products yet."),
                     subtitle="Stock at cost · click a bar to list the category", testid="card-category-value"),
        columns=rx.breakpoints(initial="1", lg="2"),
        spacing="4",
        width="100%",
    )


def _activity_item(item) -> rx.Component:
    return rx.link(
        rx.hstack(
            rx.box(rx.icon(item["icon"], size=16, color=rx.color("accent", 11)), padding="6px",
                   border_radius="8px", background=rx.color("accent", 3), flex_shrink="0"),
            rx.text(item["text"], size="2", color=rx.color("gray", 12), flex="1", min_width="0", trim="both"),
            rx.tooltip(rx.text(item["when"], size="1", color=rx.color("gray", 10), white_space="nowrap"),
                       content=item["at"]),
            align="center",
            spacing="3",
            width="100%",
            padding_y="8px",
            border_bottom=f"1px solid {rx.color('gray', 3)}",
        ),
        href=item["href"],
        underline="none",
        width="100%",
        data_testid="activity-item",
    )


def activity_feed() -> rx.Component:
    return section_card(
        "Recent activity",
        rx.cond(S.activity.length() > 0,
                rx.vstack(rx.foreach(S.activity, _activity_item), spacing="0", width="100%"),
                empty_state("Nothing has happened yet.")),
        subtitle="Stock movements, purchase order changes and alerts",
        testid="activity-feed",
    )


def dashboard_body() -> rx.Component:
    return rx.vstack(
        rx.cond(S.error != "", rx.callout(S.error, icon="triangle-alert", color_scheme="red", width="100%")),
        kpi_grid(),
        sales_row(),
        charts_grid(),
        activity_feed(),
        spacing="4",
        width="100%",
    )
