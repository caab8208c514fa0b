"""Small pieces of the products screens: section cards, figure cells, field errors, labelled values."""

from __future__ import annotations

import reflex as rx

MUTED = rx.color("gray", 10)


def section(title: str, *children: rx.Component, icon: str = "", action: rx.Component | None = None,
            **props) -> rx.Component:
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


def header_cell(label: str, *, right: bool = False) -> rx.Component:
    return rx.table.column_header_cell(label, text_align="right" if right else "left", white_space="nowrap")


def num_cell(value, **props) -> rx.Component:
    """Right-aligned figures with tabular digits, so columns of numbers line up."""
    return rx.table.cell(rx.text(value, white_space="nowrap", style={"fontVariantNumeric": "tabular-nums"},
                                 **props), text_align="right")


def simple_table(headers: list[str], rows, render_row, *, testid: str, right: tuple[str, ...] = (),
                 empty: str = "Nothing here yet.") -> rx.Component:
    return rx.cond(
        rows.length() > 0,
        rx.table.root(
            rx.table.header(rx.table.row(*[header_cell(h, right=h in right) for h in headers])),
            rx.table.body(rx.foreach(rows, render_row)),
            variant="surface",
            size="1",
            width="100%",
            data_testid=testid,
        ),
        rx.text(empty, size="2", color=MUTED, data_testid=f"{testid}-empty"),
    )


def field_error(errors, name: str) -> rx.Component:
    """The service's message for `name`, right under the field."""
    return rx.cond(
        errors.contains(name),
        rx.text(errors[name], size="1", color=rx.color("red", 11), data_testid=f"error-{name}"),
    )


def form_field(label: str, name: str, control: rx.Component, errors, *, hint: str = "",
               required: bool = False, error_names: tuple[str, ...] = ()) -> rx.Component:
    return rx.vstack(
        rx.text(label, rx.text.span(" *", color=rx.color("red", 10)) if required else "", size="2",
                weight="medium", as_="label"),
        control,
        *[field_error(errors, n) for n in (name, *error_names)],
        rx.text(hint, size="1", color=MUTED) if hint else rx.fragment(),
        spacing="1",
        width="100%",
    )


def labelled(label: str, value, *, testid: str = "") -> rx.Component:
    return rx.data_list.item(
        rx.data_list.label(label, min_width="120px"),
        rx.data_list.value(rx.text(value, data_testid=testid) if testid else value),
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


def back_link(label: str, href) -> rx.Component:
    return rx.link(rx.hstack(rx.icon("arrow-left", size=14), rx.text(label, size="2"), align="center",
                             spacing="1"), href=href, color=rx.color("gray", 11), underline="hover")
