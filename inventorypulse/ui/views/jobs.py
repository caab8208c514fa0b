"""Jobs screen sections: a card per job with "Run now" and its progress, the alert rule settings, and
the recent runs table."""

from __future__ import annotations

import reflex as rx

from ...jobs.registry import JOBS
from ..components.widgets import data_table, empty_state, field_error, pager
from ..states.jobs import ALL_JOBS, RULES
from ..states.jobs import JobsState as S

JOB_STATUS_COLORS = {"running": "blue", "succeeded": "green", "failed": "red"}
JOB_ICONS = {"alert_scan": "bell-ring", "auto_resolve": "check-check", "nightly_forecast": "chart-line"}


def job_status_badge(value) -> rx.Component:
    return rx.badge(value, color_scheme=rx.match(value, *JOB_STATUS_COLORS.items(), "gray"), variant="soft")


def _muted(*children, **props) -> rx.Component:
    return rx.text(*children, **({"size": "2", "color": rx.color("gray", 11)} | props))


def job_card(job) -> rx.Component:
    name = job["name"]
    mine = S.active_job == name
    # A run shown as going on elsewhere stays clickable: the server answers "already running", or, when
    # that run's process died, closes it as interrupted and starts afresh.
    busy = S.active_job != ""
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.icon(rx.match(name, *JOB_ICONS.items(), "timer"), size=20, color=rx.color("accent", 10)),
                rx.heading(job["title"], size="4"),
                rx.spacer(),
                rx.box(job_status_badge(job["last_status"]), data_testid=f"job-last-status-{name}"),
                align="center",
                width="100%",
            ),
            _muted(job["description"], min_height="40px"),
            rx.hstack(rx.icon("calendar-clock", size=14), _muted(job["schedule"], " · next ", job["next_run"]),
                      align="center", spacing="2"),
            rx.hstack(rx.icon("history", size=14), _muted(job["last_run"], data_testid=f"job-last-result-{name}"),
                      align="start", spacing="2"),
            rx.cond(
                mine,
                rx.vstack(rx.progress(value=S.progress, max=100, width="100%"),
                          rx.text(S.progress_message, " · ", S.progress, "%", size="1", color=rx.color("gray", 11)),
                          spacing="1", width="100%", data_testid=f"job-progress-{name}"),
            ),
            rx.spacer(),
            rx.button(
                rx.icon("play", size=16), "Run now",
                on_click=S.run_now(name),
                loading=mine,
                disabled=busy,
                width="100%",
                data_testid=f"run-now-{name}",
            ),
            spacing="3",
            height="100%",
        ),
        data_testid=f"job-card-{name}",
    )


def jobs_grid() -> rx.Component:
    return rx.grid(rx.foreach(S.jobs, job_card), columns=rx.breakpoints(initial="1", md="3"), spacing="4",
                   width="100%")


def _days_input(field: str, on_change, label: str) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.input(value=S.day_values[field], on_change=on_change, type="number", min=0, max=365, width="90px",
                     data_testid=f"settings-{field}"),
            _muted(label),
            align="center",
            spacing="2",
        ),
        field_error(S.settings_errors.get(field, ""), f"error-{field}"),
        spacing="1",
        padding_left="44px",
    )


DAY_INPUTS = {
    "expiry_warning": lambda: _days_input("expiry_warning_days", S.set_expiry_days, "days ahead"),
    "predicted_stockout": lambda: _days_input("predicted_stockout_days", S.set_stockout_days,
                                              "days beyond the lead time"),
}


def rule_row(name: str, label: str, description: str) -> rx.Component:
    field = f"{name}_enabled"
    return rx.vstack(
        rx.hstack(
            rx.switch(checked=S.rules_enabled[name], on_change=lambda on: S.toggle_rule(name, on),
                      data_testid=f"settings-{field}"),
            rx.vstack(rx.text(label, size="2", weight="medium"), _muted(description, size="1"), spacing="0"),
            align="center",
            spacing="3",
        ),
        DAY_INPUTS[name]() if name in DAY_INPUTS else rx.fragment(),
        field_error(S.settings_errors.get(field, ""), f"error-{field}"),
        spacing="2",
        padding_y="6px",
    )


def settings_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading("Alert rules", size="4"),
                rx.spacer(),
                rx.button("Reset", variant="soft", color_scheme="gray", on_click=S.reset_settings),
                rx.button(rx.icon("save", size=16), "Save", on_click=S.save_settings, loading=S.settings_saving,
                          data_testid="settings-save"),
                align="center",
                width="100%",
            ),
            _muted("What the alert scan looks for. A rule switched off raises nothing, and its open alerts "
                   "are resolved at the next scan."),
            rx.grid(*[rule_row(*rule) for rule in RULES], columns=rx.breakpoints(initial="1", md="2"),
                    spacing_x="6", spacing_y="2", width="100%"),
            spacing="3",
            width="100%",
        ),
        width="100%",
        data_testid="alert-settings",
    )


def _run_row(run) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text("#", run["id"], white_space="nowrap")),
        rx.table.cell(rx.text(run["job"], white_space="nowrap")),
        rx.table.cell(rx.box(job_status_badge(run["status"]), data_testid="run-status")),
        rx.table.cell(rx.tooltip(rx.text(run["started"], white_space="nowrap"), content=run["started_at"])),
        rx.table.cell(rx.text(run["duration"], white_space="nowrap")),
        rx.table.cell(rx.text(run["result"], size="2",
                              color=rx.cond(run["status"] == "failed", rx.color("red", 11), rx.color("gray", 12)))),
        rx.table.cell(rx.text(run["by"], white_space="nowrap", color=rx.color("gray", 11))),
    )


def runs_card() -> rx.Component:
    filters = [(ALL_JOBS, "All jobs")] + [(name, spec.title) for name, spec in JOBS.items()]
    return rx.vstack(
        rx.hstack(
            rx.heading("Recent runs", size="4"),
            rx.spacer(),
            rx.select.root(
                rx.select.trigger(width="180px", data_testid="runs-filter"),
                rx.select.content(*[rx.select.item(text, value=value) for value, text in filters]),
                value=S.run_filter,
                on_change=S.filter_runs,
            ),
            rx.button(rx.icon("refresh-cw", size=16), "Refresh", variant="soft", on_click=S.refresh,
                      data_testid="runs-refresh"),
            align="center",
            width="100%",
        ),
        rx.cond(
            S.total > 0,
            rx.vstack(
                data_table(["Run", "Job", "Status", "Started", "Duration", "Result", "By"], S.runs, _run_row,
                           testid="runs-table"),
                pager(S.page, S.total_pages, S.total, S.prev_page, S.next_page),
                width="100%",
                spacing="0",
            ),
            empty_state("No runs yet.", "history"),
        ),
        spacing="3",
        width="100%",
    )


def jobs_body() -> rx.Component:
    return rx.vstack(jobs_grid(), settings_card(), runs_card(), spacing="6", width="100%")
