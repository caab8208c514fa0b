"""Small pieces of the supplier and purchase order sections: link cells, status pills, progress bars.

The pieces shared with other screens live in `components/widgets.py` and `components/forms.py`."""

from __future__ import annotations

import reflex as rx

from ..components.widgets import STATUS_COLORS


def code_link(text, href) -> rx.Component:
    """A business code linking to its page; codes never wrap."""
    return rx.link(text, href=href, white_space="nowrap", weight="medium")


def empty_row(colspan: int, message: str) -> rx.Component:
    return rx.table.row(rx.table.cell(rx.text(message, color=rx.color("gray", 10), size="2"), col_span=colspan))


def status_pill(value, label) -> rx.Component:
    """A status badge showing a readable label ("Partially received") in the status colour."""
    return rx.badge(label, color_scheme=rx.match(value, *STATUS_COLORS.items(), "gray"), variant="soft")


def progress_bar(pct, *, done) -> rx.Component:
    """A thin bar `pct` (text, 0-100) percent full; green when `done`."""
    return rx.box(
        rx.box(width=pct + "%", height="100%", border_radius="3px",
               background=rx.cond(done, rx.color("green", 9), rx.color("blue", 9))),
        width="90px", height="6px", border_radius="3px", background=rx.color("gray", 4), overflow="hidden",
    )
