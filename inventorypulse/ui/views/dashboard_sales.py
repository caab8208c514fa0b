"""Dashboard sales section: revenue of shipped orders per period, and the top sellers."""

from __future__ import annotations

import reflex as rx

from ..components.widgets import empty_state, kpi_card, section_card
from ..states.dashboard import DashboardState as S

PERIODS = (("today", "Sales today", "calendar-check"), ("week", "This week", "calendar-range"),
           ("month", "This month", "calendar-days"), ("year", "This year", "calendar"))


def _seller(item) -> rx.Component:
    return rx.link(
        rx.hstack(
            rx.text(item["rank"], size="2", weight="bold", color=rx.color("gray", 9), width="1.25em",
                    flex_shrink="0"),
            rx.vstack(
                rx.text(item["name"], size="2", color=rx.color("gray", 12), weight="medium", white_space="nowrap",
                        overflow="hidden", text_overflow="ellipsis", width="100%"),
                rx.text(item["product_id"], " · ", item["units"], size="1", color=rx.color("gray", 10)),
                spacing="0",
                flex="1",
                min_width="0",
            ),
            rx.text(item["revenue"], size="2", weight="medium", white_space="nowrap",
                    data_testid="top-seller-revenue"),
            align="center",
            spacing="3",
            width="100%",
            padding_y="7px",
            border_bottom=f"1px solid {rx.color('gray', 3)}",
        ),
        href=item["href"],
        underline="none",
        width="100%",
        data_testid="top-seller",
    )


def top_sellers_card() -> rx.Component:
    return section_card(
        "Top sellers",
        rx.cond(S.top_sellers.length() > 0,
                rx.vstack(rx.foreach(S.top_sellers, _seller), spacing="0", width="100%"),
                empty_state("No orders shipped in the last 30 days.", "trophy")),
        subtitle="Revenue of shipped orders, last 30 days",
        testid="card-top-sellers",
        height="100%",
    )


def sales_row() -> rx.Component:
    """Four period cards (2 × 2) beside the top sellers."""
    cards = [kpi_card(label, S.sales[key], icon, testid=f"kpi-sales-{key}", tone="green", hint=S.sales[f"{key}_hint"])
             for key, label, icon in PERIODS]
    return rx.vstack(
        rx.hstack(
            rx.heading("Sales", size="4", weight="medium"),
            rx.text("Goods shipped against orders, less returns · weeks start Monday (UTC)", size="1",
                    color=rx.color("gray", 10)),
            align="baseline",
            spacing="3",
            wrap="wrap",
        ),
        rx.grid(
            rx.grid(*cards, columns=rx.breakpoints(initial="1", sm="2"), spacing="4", width="100%"),
            top_sellers_card(),
            columns=rx.breakpoints(initial="1", lg="2"),
            spacing="4",
            width="100%",
        ),
        spacing="2",
        width="100%",
        data_testid="sales-row",
    )
