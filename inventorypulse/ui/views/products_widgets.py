"""Small pieces of the products screens: key figure cards and tables with an empty note.

The pieces shared with other screens live in `components/widgets.py` and `components/forms.py`."""

from __future__ import annotations

import reflex as rx

from ..components.widgets import table

MUTED = rx.color("gray", 10)


def simple_table(headers: list[str], rows, render_row, *, testid: str, right: tuple[str, ...] = (),
                 empty: str = "Nothing here yet.") -> rx.Component:
    return rx.cond(
        rows.length() > 0,
        table(headers, rows, render_row, testid=testid, right=right, size="1"),
        rx.text(empty, size="2", color=MUTED, data_testid=f"{testid}-empty"),
    )


def figure(label: str, value, *, testid: str, tone: str = "gray") -> rx.Component:
    """A key figure at the top of the product page."""
    return rx.card(
        rx.vstack(
            rx.text(label, size="1", color=rx.color("gray", 11), weight="medium"),
            rx.heading(value, size="6", color=rx.color(tone, 12) if tone != "gray" else None,
                       data_testid=testid, white_space="nowrap"),
            spacing="1",
        ),
        size="1",
        width="100%",
    )
