"""Small pieces of the supplier, purchase and sales order sections: link cells, status pills, progress
bars, lifecycle steps and status-change buttons.

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


# Order lifecycles (purchase and sales orders): each step is a dict of label, state, when.
STEP_COLORS = {"done": "green", "current": "blue", "cancelled": "red", "skipped": "gray", "todo": "gray"}
STEP_ICONS = {"done": "check", "current": "circle-dot", "cancelled": "x", "skipped": "minus", "todo": "circle"}


def _step(step, i, prefix: str) -> rx.Component:
    color = rx.match(step["state"], *STEP_COLORS.items(), "gray")
    return rx.hstack(
        rx.cond(i > 0, rx.box(height="2px", width="40px", background=rx.color("gray", 6))),
        rx.hstack(
            rx.center(
                rx.match(step["state"], *[(k, rx.icon(v, size=14)) for k, v in STEP_ICONS.items()],
                         rx.icon("circle", size=14)),
                width="26px", height="26px", border_radius="50%",
                background=rx.cond(step["state"] == "todo", rx.color("gray", 3), rx.color(color, 9)),
                color=rx.cond(step["state"] == "todo", rx.color("gray", 9), "white"),
            ),
            rx.vstack(
                rx.text(step["label"], size="2", weight=rx.cond(step["state"] == "current", "bold", "medium"),
                        color=rx.cond(step["state"] == "todo", rx.color("gray", 10), rx.color("gray", 12))),
                rx.text(step["when"], size="1", color=rx.color("gray", 10)),
                spacing="0",
            ),
            align="center",
            spacing="2",
            data_testid=f"{prefix}-step-" + step["state"],
        ),
        align="center",
        spacing="3",
    )


def lifecycle_steps(steps, *, prefix: str) -> rx.Component:
    """An order's statuses as connected steps: done, current, still to do, or cancelled."""
    return rx.card(
        rx.hstack(rx.foreach(steps, lambda step, i: _step(step, i, prefix)), spacing="3", align="center",
                  wrap="wrap"),
        width="100%", data_testid=f"{prefix}-steps",
    )


def transition_button(a, *, busy, on_transition, on_cancel, prefix: str) -> rx.Component:
    """One allowed status change (a dict of status, label, icon, color) as a button; cancelling
    asks first (`on_cancel` opens the confirmation), the others apply at once."""
    button = rx.button(rx.icon(a["icon"], size=16), a["label"], color_scheme=a["color"],
                       variant=rx.cond(a["status"] == "cancelled", "soft", "solid"),
                       loading=busy == a["status"], disabled=busy != "",
                       data_testid=f"{prefix}-action-" + a["status"])
    return rx.cond(a["status"] == "cancelled",
                   rx.el.span(button, on_click=on_cancel),
                   rx.el.span(button, on_click=on_transition(a["status"])))
