"""Small pieces shared by the supplier and purchase order sections: form fields with their
error, labelled values, section cards, link cells."""

from __future__ import annotations

import reflex as rx

from ..components.widgets import STATUS_COLORS


def field_error(errors, name: str) -> rx.Component:
    """The service's issue for `name`, right under the field."""
    return rx.cond(
        errors.contains(name),
        rx.text(errors[name], size="1", color=rx.color("red", 11), data_testid=f"error-{name}"),
    )


def form_field(label: str, name: str, control: rx.Component, errors, *, hint: str = "",
               required: bool = False) -> rx.Component:
    return rx.vstack(
        rx.text(label, rx.text.span(" *", color=rx.color("red", 10)) if required else "", size="2",
                weight="medium"),
        control,
        field_error(errors, name),
        rx.text(hint, size="1", color=rx.color("gray", 10)) if hint else rx.fragment(),
        spacing="1",
        width="100%",
    )


def text_input(name: str, default, *, placeholder: str = "", type_: str = "text", **props) -> rx.Component:
    return rx.input(name=name, default_value=default, placeholder=placeholder, type=type_, width="100%",
                    data_testid=f"field-{name}", **props)


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


def labelled(label: str, value, *, testid: str = "") -> rx.Component:
    return rx.data_list.item(
        rx.data_list.label(label, min_width="140px"),
        rx.data_list.value(rx.text(value, data_testid=testid) if testid else value),
    )


def code_link(text, href) -> rx.Component:
    """A business code linking to its page; codes never wrap."""
    return rx.link(text, href=href, white_space="nowrap", weight="medium")


def num_cell(value, **props) -> rx.Component:
    """Right-aligned figures so columns of numbers line up."""
    return rx.table.cell(rx.text(value, white_space="nowrap", **props), text_align="right")


def table(headers: list[str], rows, render_row, *, testid: str, right: tuple[str, ...] = ()) -> rx.Component:
    """A surface table whose figure columns (`right`) are right-aligned, header included."""
    return rx.table.root(
        rx.table.header(rx.table.row(*[
            rx.table.column_header_cell(h, text_align="right" if h in right else "left", white_space="nowrap")
            for h in headers])),
        rx.table.body(rx.foreach(rows, render_row)),
        variant="surface",
        size="2",
        width="100%",
        data_testid=testid,
    )


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


def back_link(label: str, href) -> rx.Component:
    return rx.link(rx.hstack(rx.icon("arrow-left", size=14), rx.text(label, size="2"), align="center",
                             spacing="1"), href=href, color=rx.color("gray", 11), underline="hover")
