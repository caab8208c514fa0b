"""Alerts list sections: filter bar, table with row actions, acknowledge / resolve dialog."""

from __future__ import annotations

import reflex as rx

from ...models.status import AlertSeverity, AlertType
from ...services.alerts import RESOLUTION_TYPES
from ..components.widgets import empty_state, field_error, pager, severity_badge, status_badge
from ..states.alerts import STATUS_FILTERS
from ..states.alerts import AlertsState as S


def _select(name: str, value, options: list[tuple[str, str]], testid: str) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(min_width="170px", data_testid=testid),
        rx.select.content(*[rx.select.item(label, value=v) for v, label in options]),
        value=rx.cond(value == "", "any", value),
        on_change=lambda v: S.set_filter(name, v),
        size="2",
    )


def filter_bar() -> rx.Component:
    statuses = [(s, "All statuses" if s == "all" else s.replace("_", " ").capitalize()) for s in STATUS_FILTERS]
    severities = [("any", "All severities")] + [(s.value, s.value.capitalize()) for s in AlertSeverity]
    types = [("any", "All types")] + [(t.value, t.value.replace("_", " ").capitalize()) for t in AlertType]
    return rx.hstack(
        _select("status", S.status, statuses, "filter-status"),
        _select("severity", S.severity, severities, "filter-severity"),
        _select("type", S.alert_type, types, "filter-type"),
        rx.spacer(),
        rx.cond(S.loading, rx.spinner(size="2")),
        rx.text(S.total, " alerts", size="2", color=rx.color("gray", 11), data_testid="alerts-total"),
        align="center",
        spacing="3",
        width="100%",
        wrap="wrap",
    )


def _actions(row) -> rx.Component:
    return rx.hstack(
        rx.cond(
            S.can_acknowledge & (row["can_ack"] != ""),
            rx.button("Acknowledge", size="1", variant="soft",
                      on_click=S.open_action("acknowledge", row["alert_id"], row["title"]),
                      data_testid="ack-" + row["alert_id"]),
        ),
        rx.cond(
            S.can_resolve & (row["can_resolve"] != ""),
            rx.button("Resolve", size="1", variant="soft", color_scheme="green",
                      on_click=S.open_action("resolve", row["alert_id"], row["title"]),
                      data_testid="resolve-" + row["alert_id"]),
        ),
        rx.cond(
            row["po_href"] != "",
            rx.tooltip(
                rx.link(rx.button(rx.icon("shopping-cart", size=14), "Create PO", size="1", variant="outline"),
                        href=row["po_href"], data_testid="create-po-" + row["alert_id"]),
                content=row["po_hint"],
            ),
        ),
        spacing="2",
        justify="end",
        white_space="nowrap",
    )


def _row(row) -> rx.Component:
    return rx.table.row(
        rx.table.cell(severity_badge(row["severity"])),
        rx.table.cell(
            rx.vstack(
                rx.text(row["title"], size="2", weight="medium"),
                rx.text(row["message"], size="1", color=rx.color("gray", 11)),
                rx.cond(row["notes"] != "", rx.text("Note: ", row["notes"], size="1", color=rx.color("gray", 10),
                                                    font_style="italic")),
                spacing="1",
            ),
            max_width="420px",
        ),
        rx.table.cell(
            rx.cond(
                row["product_id"] != "",
                rx.link(rx.vstack(rx.text(row["product_name"], size="2"),
                                  rx.text(row["product_id"], size="1", color=rx.color("gray", 10)), spacing="0"),
                        href=row["product_href"], data_testid="product-link-" + row["alert_id"]),
                rx.text("—", color=rx.color("gray", 9)),
            ),
        ),
        rx.table.cell(rx.el.span(status_badge(row["status"]), data_testid="status-" + row["alert_id"])),
        rx.table.cell(rx.tooltip(rx.text(row["created"], size="2", white_space="nowrap"),
                                 content=row["created_at"])),
        rx.table.cell(_actions(row)),
        align="center",
        data_testid="alert-row-" + row["alert_id"],
    )


def alerts_table() -> rx.Component:
    return rx.cond(
        S.rows.length() > 0,
        rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in
                                           ("Severity", "Alert", "Product", "Status", "Raised", "")])),
            rx.table.body(rx.foreach(S.rows, _row)),
            variant="surface",
            size="2",
            width="100%",
            data_testid="alerts-table",
        ),
        rx.card(empty_state(rx.cond(S.loading, "Loading…", "No alerts match these filters."), "bell-off"),
                width="100%"),
    )


def action_dialog() -> rx.Component:
    resolving = S.action == "resolve"
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.cond(resolving, "Resolve alert", "Acknowledge alert")),
            rx.dialog.description(S.action_title, size="2", color=rx.color("gray", 11), margin_bottom="12px"),
            rx.form(
                rx.vstack(
                    rx.cond(
                        resolving,
                        rx.vstack(
                            rx.text("How was it resolved?", size="2", weight="medium"),
                            rx.select.root(
                                rx.select.trigger(placeholder="Choose (optional)", width="100%",
                                                  data_testid="resolution-type"),
                                rx.select.content(*[rx.select.item(t.replace("_", " ").capitalize(), value=t)
                                                    for t in RESOLUTION_TYPES]),
                                name="resolution_type",
                            ),
                            field_error(S.form_errors.get("resolution_type", ""), "error-resolution_type"),
                            spacing="1", width="100%",
                        ),
                    ),
                    rx.text("Notes", size="2", weight="medium"),
                    rx.text_area(name="notes", placeholder="What did you find or do? (optional, up to 500 characters)",
                                 rows="3", width="100%", data_testid="action-notes"),
                    field_error(S.form_errors.get("notes", ""), "error-notes"),
                    rx.hstack(
                        rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray", type="button")),
                        rx.button(rx.cond(resolving, "Resolve", "Acknowledge"), type="submit", loading=S.saving,
                                  data_testid="action-confirm"),
                        justify="end",
                        width="100%",
                        spacing="3",
                    ),
                    spacing="2",
                    width="100%",
                ),
                on_submit=S.submit_action,
                reset_on_submit=False,
            ),
            max_width="480px",
        ),
        open=S.action != "",
        on_open_change=S.close_action,
    )


def alerts_body() -> rx.Component:
    return rx.vstack(
        filter_bar(),
        rx.cond(S.error != "", rx.callout(S.error, icon="triangle-alert", color_scheme="red", width="100%")),
        alerts_table(),
        pager(S.page, S.total_pages, S.total, S.prev_page, S.next_page),
        action_dialog(),
        spacing="3",
        width="100%",
    )
