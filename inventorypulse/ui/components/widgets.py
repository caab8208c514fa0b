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


def section(title: str, *children: rx.Component, icon: str = "", action: rx.Component | None = None,
            **props) -> rx.Component:
    """A card with a heading (optional icon, optional action on the right) over its content."""
    heading = rx.hstack(
        rx.icon(icon, size=18, color=rx.color("accent", 10)) if icon else rx.fragment(),
        rx.heading(title, size="4"),
        rx.spacer(),
        action if action is not None else rx.fragment(),
        align="center",
        width="100%",
        spacing="2",
    )
    return rx.card(rx.vstack(heading, *children, spacing="3", width="100%"), width="100%", size="2", **props)


def back_link(label: str, href) -> rx.Component:
    return rx.link(rx.hstack(rx.icon("arrow-left", size=14), rx.text(label, size="2"), align="center",
                             spacing="1"), href=href, color=rx.color("gray", 11), underline="hover")


def labelled(label: str, value, *, testid: str = "", label_width: str = "140px") -> rx.Component:
    """One label/value item of an `rx.data_list`."""
    return rx.data_list.item(
        rx.data_list.label(label, min_width=label_width),
        rx.data_list.value(rx.text(value, data_testid=testid) if testid else value),
    )


def header_cell(label: str, *, right: bool = False) -> rx.Component:
    return rx.table.column_header_cell(label, text_align="right" if right else "left", white_space="nowrap")


def num_cell(value, **props) -> rx.Component:
    """Right-aligned figures with tabular digits, so columns of numbers line up."""
    return rx.table.cell(rx.text(value, white_space="nowrap", style={"fontVariantNumeric": "tabular-nums"},
                                 **props), text_align="right")


def table(headers: list[str], rows, render_row, *, testid: str, right: tuple[str, ...] = (),
          size: str = "2") -> rx.Component:
    """A surface table whose figure columns (`right`) are right-aligned, header included."""
    return rx.table.root(
        rx.table.header(rx.table.row(*[header_cell(h, right=h in right) for h in headers])),
        rx.table.body(rx.foreach(rows, render_row)),
        variant="surface",
        size=size,
        width="100%",
        data_testid=testid,
    )


def filter_toolbar(*filters: rx.Component, filtered, on_clear, clear: tuple[str, str], create: tuple[str, str, str],
                   can_create) -> rx.Component:
    """A list's filter bar: the filters, a clear button while any is set, and on the right the
    create button for users who may edit. `clear` is (label, testid); `create` is (label, href, testid)."""
    (clear_label, clear_testid), (new_label, new_href, new_testid) = clear, create
    return rx.hstack(
        *filters,
        rx.cond(
            filtered,
            rx.button(rx.icon("x", size=14), clear_label, variant="ghost", color_scheme="gray",
                      on_click=on_clear, data_testid=clear_testid),
        ),
        rx.spacer(),
        rx.cond(
            can_create,
            rx.link(rx.button(rx.icon("plus", size=16), new_label, data_testid=new_testid), href=new_href),
        ),
        align="center",
        spacing="4",
        width="100%",
        wrap="wrap",
    )
