"""Small reusable pieces: KPI cards, tables, pagers, status badges."""

from __future__ import annotations

import reflex as rx


def kpi_card(label: str, value, icon: str, *, testid: str, href: str | None = None, tone: str = "accent"):
    card = rx.card(
        rx.hstack(
            rx.vstack(
                rx.text(label, size="2", color=rx.color("gray", 11)),
                rx.heading(value, size="6", data_testid=testid, white_space="nowrap"),
                spacing="1",
            ),
            rx.spacer(),
            rx.box(
                rx.icon(icon, size=22, color=rx.color(tone, 11)),
                padding="10px",
                border_radius="10px",
                background=rx.color(tone, 3),
            ),
            align="center",
            width="100%",
        ),
        size="2",
        width="100%",
    )
    return rx.link(card, href=href, underline="none", width="100%") if href else card


def data_table(headers: list[str], rows, render_row, *, testid: str) -> rx.Component:
    return rx.table.root(
        rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in headers])),
        rx.table.body(rx.foreach(rows, render_row)),
        variant="surface",
        size="2",
        width="100%",
        data_testid=testid,
    )


def pager(page, total_pages, total, on_prev, on_next) -> rx.Component:
    return rx.hstack(
        rx.text(total, " records", size="2", color=rx.color("gray", 11)),
        rx.spacer(),
        rx.button(rx.icon("chevron-left", size=16), "Previous", variant="soft",
                  disabled=page <= 1, on_click=on_prev, data_testid="prev-page"),
        rx.text("Page ", page, " of ", total_pages, size="2"),
        rx.button("Next", rx.icon("chevron-right", size=16), variant="soft",
                  disabled=page >= total_pages, on_click=on_next, data_testid="next-page"),
        align="center",
        width="100%",
        padding_y="12px",
    )


STATUS_COLORS = {
    "ok": "green", "low": "amber", "out": "red", "over": "violet",
    "active": "green", "inactive": "gray", "pending": "amber", "discontinued": "gray", "suspended": "red",
    "draft": "gray", "sent": "blue", "acknowledged": "cyan", "shipped": "indigo",
    "partially_received": "amber", "received": "green", "cancelled": "red",
    "low_sev": "gray", "medium": "amber", "high": "orange", "critical": "red",
    "resolved": "green", "dismissed": "gray",
}


def status_badge(value) -> rx.Component:
    return rx.badge(
        value,
        color_scheme=rx.match(value, *[(k, v) for k, v in STATUS_COLORS.items()], "gray"),
        variant="soft",
    )
