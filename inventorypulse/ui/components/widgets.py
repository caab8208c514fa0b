"""Small reusable pieces: KPI cards, section cards, tables, pagers, status badges, field errors."""

from __future__ import annotations

import reflex as rx


def kpi_card(label: str, value, icon: str, *, testid: str, href: str | None = None, tone: str = "accent",
             hint=None) -> rx.Component:
    """A headline figure; with `href` the whole card opens the list behind it."""
    card = rx.card(
        rx.vstack(
            rx.hstack(
                rx.text(label, size="2", color=rx.color("gray", 11), white_space="nowrap", overflow="hidden",
                        text_overflow="ellipsis"),
                rx.spacer(),
                rx.box(
                    rx.icon(icon, size=16, color=rx.color(tone, 11)),
                    padding="6px",
                    border_radius="8px",
                    background=rx.color(tone, 3),
                    line_height="0",
                    flex_shrink="0",
                ),
                align="center",
                width="100%",
            ),
            # The figure gets the card's full width: big money amounts must not run under the icon.
            rx.heading(value, size="6", data_testid=testid, white_space="nowrap", letter_spacing="-0.01em"),
            rx.text(hint, size="1", color=rx.color("gray", 10), white_space="nowrap") if hint is not None
            else rx.fragment(),
            spacing="1",
            width="100%",
        ),
        size="2",
        width="100%",
        height="100%",
        _hover={"box_shadow": f"0 0 0 1px {rx.color(tone, 7)}"} if href else {},
    )
    if not href:
        return card
    return rx.link(card, href=href, underline="none", width="100%", color="inherit",
                   data_testid=f"{testid}-link")


def section_card(title: str, *children: rx.Component, subtitle=None, action=None, testid: str | None = None,
                 **props) -> rx.Component:
    """A titled card holding one chart, list or form."""
    heading = rx.hstack(
        rx.vstack(
            rx.heading(title, size="3", weight="medium"),
            rx.text(subtitle, size="1", color=rx.color("gray", 10)) if subtitle is not None else rx.fragment(),
            spacing="0",
        ),
        rx.spacer(),
        action if action is not None else rx.fragment(),
        align="start",
        width="100%",
        margin_bottom="8px",
    )
    return rx.card(heading, *children, size="2", width="100%", data_testid=testid, **props)


def empty_state(text, icon: str = "inbox") -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.icon(icon, size=28, color=rx.color("gray", 8)),
            rx.text(text, size="2", color=rx.color("gray", 10)),
            align="center",
            spacing="2",
        ),
        padding_y="32px",
        width="100%",
    )


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
    "resolved": "green", "dismissed": "gray", "locked": "red",
    "admin": "purple", "manager": "blue", "staff": "teal", "readonly": "gray",
}


def status_badge(value) -> rx.Component:
    return rx.badge(
        value,
        color_scheme=rx.match(value, *[(k, v) for k, v in STATUS_COLORS.items()], "gray"),
        variant="soft",
    )


SEVERITY_COLORS = {"critical": "red", "high": "orange", "medium": "amber", "low": "gray"}


def severity_badge(value) -> rx.Component:
    """Alert severity (kept apart from status_badge: 'low' means a stock state there)."""
    return rx.badge(
        value,
        color_scheme=rx.match(value, *[(k, v) for k, v in SEVERITY_COLORS.items()], "gray"),
        variant="surface",
    )


def field_error(message, testid: str) -> rx.Component:
    """The problem with one form field, shown right under it."""
    return rx.cond(
        message != "",
        rx.text(message, size="1", color=rx.color("red", 11), data_testid=testid),
    )


def labelled(label: str, control: rx.Component, error=None, *, testid: str | None = None) -> rx.Component:
    """A form field: label, control, and the field's error message under it."""
    return rx.vstack(
        rx.text(label, size="2", weight="medium"),
        control,
        field_error(error, testid or "field-error") if error is not None else rx.fragment(),
        spacing="1",
        width="100%",
    )
